"""Import throughput against the peer: statecare's `import openstates` and openstates-core's BillImporter
on the same pupa bill files, plus statecare alone on the whole national recording (both databases).

1. The national recording (shared/national/<st>/<session>/bills.jsonl.gz, 20,639 health bills whole)
   is imported into a fresh SQLite file and a fresh PostgreSQL database, then imported again (which
   must change nothing): bills/s, CPU seconds, and the load average beside each figure.
2. The bills of a few states (--states; default a handful, ~3,000 bills) are exported as Open States
   scrape files (`bill_<uuid>.json`, what `statecare export openstates --out DIR` writes and what
   openstates-core's importer reads). openstates-core (PyPI `openstates`, in its own virtualenv under
   test-output/bench/, built on first use) imports them into a fresh PostgreSQL database with
   `BillImporter.import_directory`, twice; statecare imports the same folders into another fresh
   database, twice. Printed: both figures and the ratio.

The machine may be shared: every figure is the median of --repeat alternating runs, printed with the
1-minute load average. Prints figures; never passes or fails.

    python benchmarks/bench_import.py [--states vt,ga,ok,wa,md,ca] [--repeat 1] [--skip-peer] [--sqlite-only]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from statecare.config import shared_dir
from statecare.db.engine import make_engine
from statecare.db.migrate import upgrade
from statecare.db.openstates_io import export_bills, import_paths

PG_ADMIN_URL = os.environ.get("STATECARE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
OPENSTATES_VERSION = "6.25.6"
REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "test-output" / "bench"
RUNNER_DIR = REPO / "tests" / "db"  # openstates_reference_runner.py: Django set-up and jurisdictions

PEER_DRIVER = r"""
import json, logging, os, sys, time
sys.path.insert(0, sys.argv[1])
logging.disable(logging.CRITICAL)  # openstates logs every unresolved person at ERROR level
import openstates_reference_runner as ref
ref._setup_django()
from openstates.importers import BillImporter
spec = json.loads(sys.argv[2])
jids = [(folder, ref._create_jurisdiction(state, sessions)) for folder, state, sessions in spec]
out = {}
for label in ("first", "again"):
    w0, c0, counts = time.perf_counter(), time.process_time(), {"insert": 0, "update": 0, "noop": 0, "failed": 0}
    for folder, jid in jids:
        try:
            rec = BillImporter(jid).import_directory(folder)["bill"]
            for k in ("insert", "update", "noop"):
                counts[k] += rec[k]
        except Exception as exc:
            counts["failed"] += 1
            counts["error"] = f"{type(exc).__name__}: {exc}"[:300]
    out[label] = {"seconds": time.perf_counter() - w0, "cpu": time.process_time() - c0,
                  "load": os.getloadavg()[0], **counts}
print(json.dumps(out))
"""


def load() -> float:
    return os.getloadavg()[0]


@contextmanager
def pg_database(prefix: str) -> Iterator[str | None]:
    """A fresh PostgreSQL database (SQLAlchemy URL), dropped afterwards; None if unreachable."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - a benchmark reports and carries on
        print(f"PostgreSQL unavailable at {PG_ADMIN_URL}: {exc}")
        yield None
        return
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def statecare_import(url: str, paths: list[Path]) -> list[dict[str, Any]]:
    """Import `paths` into the database at `url` twice (first, then no-change); a figure per run."""
    upgrade(url)
    engine = make_engine(url)
    out = []
    try:
        for label in ("first", "again"):
            w0, c0 = time.perf_counter(), time.process_time()
            counts = import_paths(engine, paths, source="bench")
            n = counts["new"] + counts["updated"] + counts["unchanged"]
            out.append({"label": label, "bills": n, "seconds": time.perf_counter() - w0,
                        "cpu": time.process_time() - c0, "load": load(), "new": counts["new"],
                        "unchanged": counts["unchanged"], "errors": len(counts["errors"])})
    finally:
        engine.dispose()
    return out


def median_runs(fn: Callable[[], list[dict[str, Any]]], repeat: int) -> list[dict[str, Any]]:
    runs = [fn() for _ in range(repeat)]
    merged = []
    for i, first in enumerate(runs[0]):
        pick = sorted((r[i] for r in runs), key=lambda x: x["seconds"])[len(runs) // 2]
        merged.append({**first, **pick, "all_seconds": [round(r[i]["seconds"], 2) for r in runs]})
    return merged


def show(db: str, runs: list[dict[str, Any]]) -> None:
    for r in runs:
        print(f"  {db:<10} {r['label']:<6} {r['bills']:>6} bills in {r['seconds']:6.1f}s "
              f"({r['bills'] / r['seconds']:7,.0f} bills/s; CPU {r['cpu']:5.1f}s = "
              f"{r['bills'] / max(r['cpu'], 1e-9):7,.0f} bills per CPU-s) load {r['load']:.2f} "
              f"runs {r['all_seconds']} errors {r['errors']}")
    if len(runs) == 2:
        print(f"  {db:<10} no-change re-import {runs[0]['seconds'] / runs[1]['seconds']:.1f}x faster than the first")


def national(repeat: int, sqlite_only: bool) -> None:
    root = shared_dir() / "national"
    files = sorted(root.glob("*/*/bills.jsonl.gz"))  # the bills only: texts.jsonl.gz holds no bill
    print(f"== statecare import, national recording: {len(files)} sessions ({root})")

    def sqlite_runs() -> list[dict[str, Any]]:
        with tempfile.TemporaryDirectory() as tmp:
            return statecare_import(f"sqlite:///{Path(tmp) / 'national.sqlite3'}", files)

    show("SQLite", median_runs(sqlite_runs, repeat))
    if sqlite_only:
        return

    def pg_runs() -> list[dict[str, Any]]:
        with pg_database("statecare_bench") as url:
            return statecare_import(url, files) if url else []

    runs = median_runs(pg_runs, repeat)
    if runs:
        show("PostgreSQL", runs)


def peer_python() -> Path | None:
    """openstates-core's virtualenv (built once under test-output/bench/); None if it cannot be built."""
    venv = WORK / "openstates-venv"
    py = venv / "bin" / "python"
    if (venv / ".installed").exists():
        return py
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"building {venv} (pip install openstates=={OPENSTATES_VERSION}) ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    proc = subprocess.run([str(py), "-m", "pip", "install", "-q", f"openstates=={OPENSTATES_VERSION}"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"openstates-core unavailable: {proc.stderr[-1000:]}")
        return None
    (venv / ".installed").touch()
    return py


def export_states(states: list[str], base: Path) -> list[tuple[str, str, list[str]]]:
    """The chosen states' recorded bills as Open States scrape files, one folder per state."""
    src = sorted(p for st in states for p in (shared_dir() / "national" / st).glob("*/bills.jsonl.gz"))
    url = f"sqlite:///{base / 'export.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    import_paths(engine, src, source="bench")
    spec = []
    for st in states:
        folder = base / st
        folder.mkdir()
        sessions: set[str] = set()
        for b in export_bills(engine, state=st):
            sessions.add(b["legislative_session"])
            (folder / f"bill_{b['_id']}.json").write_text(json.dumps(b), encoding="utf-8")
        spec.append((str(folder), st, sorted(sessions)))
    engine.dispose()
    return spec


def peer(states: list[str], repeat: int) -> None:
    py = peer_python()
    if py is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        spec = export_states(states, Path(tmp))
        n = sum(len(list(Path(f).glob("bill_*.json"))) for f, _, _ in spec)
        print(f"== the same {n:,} scrape files ({', '.join(states)}), fresh PostgreSQL database each run")
        ours_all, theirs_all = [], []
        for _ in range(repeat):  # alternate: the load on a shared machine drifts
            with pg_database("statecare_bench_osc") as url:
                if url is None:
                    return
                dj_url = "postgres://" + url.split("://", 1)[1]
                proc = subprocess.run([str(py), "-W", "ignore", "-c", PEER_DRIVER, str(RUNNER_DIR), json.dumps(spec)],
                                      capture_output=True, text=True, env={**os.environ, "DATABASE_URL": dj_url})
                if proc.returncode != 0:
                    print(f"openstates-core run failed:\n{proc.stderr[-2000:]}")
                    return
                theirs_all.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            with pg_database("statecare_bench_sc") as url:
                ours_all.append(statecare_import(url, [Path(f) for f, _, _ in spec]))
        for i, label in enumerate(("first", "again")):
            theirs = sorted((t[label] for t in theirs_all), key=lambda x: x["seconds"])[len(theirs_all) // 2]
            ours = sorted((o[i] for o in ours_all), key=lambda x: x["seconds"])[len(ours_all) // 2]
            print(f"  openstates-core {label:<6} {n / theirs['seconds']:7,.0f} bills/s ({theirs['seconds']:.1f}s, "
                  f"CPU {theirs['cpu']:.1f}s, insert {theirs['insert']} update {theirs['update']} "
                  f"noop {theirs['noop']}{', FAILED ' + theirs.get('error', '') if theirs['failed'] else ''}) "
                  f"load {theirs['load']:.2f}")
            print(f"  statecare       {label:<6} {n / ours['seconds']:7,.0f} bills/s ({ours['seconds']:.1f}s, "
                  f"CPU {ours['cpu']:.1f}s, new {ours['new']} unchanged {ours['unchanged']}) load {ours['load']:.2f}")
            print(f"  ratio statecare / openstates-core ({label}): {theirs['seconds'] / ours['seconds']:.1f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--states", default="vt,ga,ok,wa,md,ca", help="states for the side-by-side run")
    ap.add_argument("--repeat", type=int, default=1, help="alternating runs per figure (median)")
    ap.add_argument("--skip-peer", action="store_true")
    ap.add_argument("--skip-national", action="store_true")
    ap.add_argument("--sqlite-only", action="store_true")
    args = ap.parse_args()
    print(f"bench_import: load average {os.getloadavg()}, {os.cpu_count()} CPUs")
    if not args.skip_national:
        national(args.repeat, args.sqlite_only)
    if not args.skip_peer and not args.sqlite_only:
        peer([s.strip().lower() for s in args.states.split(",") if s.strip()], args.repeat)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
