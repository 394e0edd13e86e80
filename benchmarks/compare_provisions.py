"""Dump, or compare, the provisions of every document with text in the recording.

Why: a speed change to the provisions pipeline must not change one key, passage, offset or confidence. Run the
dump with one checkout's code on PYTHONPATH, then with the other's, then compare the two dumps:

    PYTHONPATH=/work/main  python benchmarks/compare_provisions.py dump /tmp/main.jsonl
    PYTHONPATH=$PWD        python benchmarks/compare_provisions.py dump /tmp/branch.jsonl
    python benchmarks/compare_provisions.py diff /tmp/main.jsonl /tmp/branch.jsonl

Documents: every `../shared/fixtures/bill_texts` file, every text of `../shared/national/*/*/texts.jsonl.gz` and
every document named in the provisions gold (read the way `statecare evaluate provisions` reads it). The dump
also records the CPU seconds spent in extract_provisions, so one run gives a throughput figure on the whole
recording as well.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import click


def documents(national: bool = True) -> Iterator[tuple[str, str]]:
    """(name, text) of every recorded document with text, in a fixed order."""
    from statecare.config import shared_dir
    from statecare.nlp.evaluate.provisions import find_document
    from statecare.nlp.provisions.cli import read_document

    base = shared_dir()
    assert base is not None
    for p in sorted((base / "fixtures" / "bill_texts").rglob("*.txt")):
        yield f"fixtures/{p.relative_to(base / 'fixtures')}", p.read_text(encoding="utf-8")
    gold_path = Path(__file__).resolve().parent.parent / "statecare" / "nlp" / "data" / "provisions_gold.json"
    cache: dict[str, list[Path]] = {}
    for name in sorted(json.loads(gold_path.read_text(encoding="utf-8"))):
        for path in find_document(name, [base / "fixtures", base / "national"], cache):
            yield f"gold/{name}@{path.relative_to(base)}", read_document(path)
    if not national:
        return
    for tf in sorted((base / "national").glob("*/*/texts.jsonl.gz")):
        with gzip.open(tf, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                d = json.loads(line)
                yield f"{tf.parent.relative_to(base)}/{d['identifier']}/{d['file']}#{n}", d["text"]


@click.group()
def cli() -> None:
    """dump / diff provisions over the recording."""


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--limit", type=int, default=0, help="stop after this many documents (0: all)")
@click.option("--no-national", is_flag=True, help="only the fixtures' bill texts and the gold documents")
def dump(out: Path, limit: int, no_national: bool) -> None:
    """Write one JSON line per document: name, provisions (as_dict), CPU seconds."""
    import statecare
    from statecare.nlp.provisions.extract import extract_provisions

    click.echo(f"code: {Path(statecare.__file__).parent}", err=True)
    extract_provisions("warm up.")
    total_cpu = 0.0
    n = chars = 0
    with out.open("w", encoding="utf-8") as fh:
        for name, text in documents(national=not no_national):
            c0 = time.process_time()
            provs = [p.as_dict() for p in extract_provisions(text)]
            cpu = time.process_time() - c0
            total_cpu += cpu
            n += 1
            chars += len(text)
            fh.write(json.dumps({"doc": name, "provisions": provs, "cpu": round(cpu, 4)}) + "\n")
            if limit and n >= limit:
                break
    click.echo(f"{n} documents, {chars:,} characters, {total_cpu:.1f} s CPU in extract_provisions")


def _load(path: Path) -> dict[str, list]:
    with path.open(encoding="utf-8") as fh:
        return {d["doc"]: d["provisions"] for d in map(json.loads, fh)}


@cli.command()
@click.argument("a", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("b", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--common", is_flag=True, help="compare only the documents in both dumps (a dump in progress)")
def diff(a: Path, b: Path, common: bool) -> None:
    """Exit 1 when any document's provisions differ (or a document is in one dump only)."""
    da, db = _load(a), _load(b)
    names = da.keys() & db.keys() if common else da.keys() | db.keys()
    bad = sorted(k for k in names if da.get(k) != db.get(k))
    for k in bad[:20]:
        click.echo(f"DIFF {k}\n  a: {json.dumps(da.get(k))[:400]}\n  b: {json.dumps(db.get(k))[:400]}")
    n_prov = sum(len(v) for v in da.values())
    click.echo(f"{len(da)} / {len(db)} documents ({len(names)} compared), {n_prov} provisions in a; "
               f"{len(bad)} differ")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    cli()
