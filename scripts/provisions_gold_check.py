"""Check the hand-labelled provisions gold set (issue 13).

    python scripts/provisions_gold_check.py [GOLD.json] [--docs DIR ...] [--meta META.json]

Checks, for every document of the gold file:
  * the document is found under the docs folders (searched recursively): by base name, or, when the
    key holds a "/", by path suffix ("HB3287/bill_content_Introduced.html" for a base name several
    bills share); exactly one file must match;
  * every key of the provision vocabulary is either present (with an evidence string) or absent,
    exactly once; no unknown key, no duplicate;
  * every evidence string is found in the text statecare extracts from the document, after
    whitespace and hyphenation normalisation;
  * the meta file names a split ("dev", "held_aside", "held_aside_new", "held_aside_3", "held_aside_4", "held_aside_5" or "held_aside_6") for the document.
Evidence quoted more than once in the text is reported as a note (not a problem): containment
cannot tell which occurrence an extractor showed.

Prints the problems and exits 1 when there are any; prints a summary and exits 0 otherwise.
Default docs folders: $STATECARE_SHARED/fixtures and $STATECARE_SHARED/national (STATECARE_SHARED
defaults to ../shared).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from statecare.config import shared_dir
from statecare.legis.vocabulary import PROVISION_KEYS, PROVISION_VALUES
from statecare.nlp.evaluate.provisions import find_document, normalise

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "statecare" / "nlp" / "data"
DEFAULT_GOLD = DATA / "provisions_gold.json"
DEFAULT_META = DATA / "provisions_gold_meta.json"

# the vocabulary (DESIGN.md) from the ground floor, the comparison and the document lookup from the
# scorer itself, so the check and `statecare evaluate provisions` can never disagree
VOCABULARY: dict[str, tuple[str, ...]] = PROVISION_VALUES
KEYS: tuple[str, ...] = PROVISION_KEYS
SPLITS = ("dev", "held_aside", "held_aside_new", "held_aside_3", "held_aside_4", "held_aside_5", "held_aside_6")

def default_docs_dirs() -> list[Path]:
    shared = shared_dir()
    assert shared is not None
    return [shared / "fixtures", shared / "national"]


def extracted_text(path: Path) -> str:
    """The text statecare's documents stage extracts (what `statecare nlp provisions PATH` reads)."""
    from statecare.documents import extract_file

    return extract_file(path).text


def check(gold: dict, meta: dict | None, dirs: list[Path]) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    notes: list[str] = []
    cache: dict[str, list[Path]] = {}
    for doc, entry in gold.items():
        paths = find_document(doc, dirs, cache)
        if not paths:
            problems.append(f"{doc}: no such file under {', '.join(map(str, dirs))}")
        elif len(paths) > 1:
            problems.append(f"{doc}: {len(paths)} files match ({', '.join(map(str, paths[:4]))}); "
                            "use a longer path suffix")
        if not isinstance(entry, dict) or set(entry) - {"present", "absent"}:
            problems.append(f"{doc}: entry must be {{'present': {{...}}, 'absent': [...]}} only")
            continue
        present = entry.get("present", {})
        absent = entry.get("absent", [])
        seen: dict[str, int] = {}
        for key in list(present) + list(absent):
            seen[key] = seen.get(key, 0) + 1
        for key, n in seen.items():
            if key not in KEYS:
                problems.append(f"{doc}: unknown key {key!r}")
            elif n > 1:
                problems.append(f"{doc}: {key} listed {n} times (present and/or absent)")
        for key in KEYS:
            if key not in seen:
                problems.append(f"{doc}: {key} neither present nor absent")
        for key, value in present.items():
            if not isinstance(value, dict) or not str(value.get("evidence", "")).strip():
                problems.append(f"{doc}: {key} present without an evidence string")
        if meta is not None:
            m = meta.get(doc)
            if not m:
                problems.append(f"{doc}: no entry in the meta file")
            elif m.get("split") not in SPLITS:
                problems.append(f"{doc}: meta split {m.get('split')!r} is not one of {SPLITS}")
        if len(paths) != 1:
            continue
        try:
            text = normalise(extracted_text(paths[0]))
        except Exception as exc:  # noqa: BLE001 - report and go on with the other documents
            problems.append(f"{doc}: cannot extract text: {exc}")
            continue
        for key, value in present.items():
            evidence = normalise(str(value.get("evidence", "")) if isinstance(value, dict) else "")
            if not evidence:
                continue
            n = text.count(evidence)
            if n == 0:
                problems.append(f"{doc}: {key} evidence not found in the extracted text: "
                                f"{value.get('evidence')!r}")
            elif n > 1:
                notes.append(f"{doc}: {key} evidence occurs {n} times in the text")
    if meta is not None:
        for doc in meta:
            if doc not in gold:
                problems.append(f"{doc}: in the meta file but not in the gold file")
    return problems, notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--docs", type=Path, action="append", default=None,
                    help="folder searched recursively for the documents (repeatable)")
    ap.add_argument("--meta", type=Path, default=None,
                    help="meta file (split per document); default: provisions_gold_meta.json next to the "
                         "default gold file, when checking it")
    args = ap.parse_args(argv)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    meta_path = args.meta or (DEFAULT_META if args.gold.resolve() == DEFAULT_GOLD.resolve() else None)
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path else None
    dirs = args.docs or default_docs_dirs()
    try:  # the extractor's vocabulary, when importable, must be the same set
        from statecare.nlp.provisions_patterns import KEYS as EXTRACTOR_KEYS
    except ImportError:
        EXTRACTOR_KEYS = None
    problems, notes = check(gold, meta, dirs)
    if EXTRACTOR_KEYS is not None and set(EXTRACTOR_KEYS) != set(KEYS):
        problems.append("vocabulary differs from the extractor's: "
                        f"only here {sorted(set(KEYS) - set(EXTRACTOR_KEYS))}, "
                        f"only there {sorted(set(EXTRACTOR_KEYS) - set(KEYS))}")
    for note in notes:
        print(f"note: {note}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    n_present = sum(len(e.get("present", {})) for e in gold.values() if isinstance(e, dict))
    splits: dict[str, int] = {}
    for doc in gold:
        split = (meta or {}).get(doc, {}).get("split", "?")
        splits[split] = splits.get(split, 0) + 1
    print(f"{len(gold)} documents ({', '.join(f'{k} {v}' for k, v in sorted(splits.items()))}), "
          f"{n_present} present keys, {len(gold) * len(KEYS) - n_present} absent; "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
