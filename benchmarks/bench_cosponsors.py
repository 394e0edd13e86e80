"""The co-sponsor counter over every action of the national recording: actions read per second by
statecare.legis.cosponsors.parse_change, and the co-sponsor changes found per state (how many name
their legislators, how many say only that co-sponsors changed). Prints figures; never passes or fails.

    python benchmarks/bench_cosponsors.py
"""

from __future__ import annotations

import csv
import gzip
import os
import sys
import time
from collections import Counter
from pathlib import Path

from statecare.legis.cosponsors import parse_change


def main() -> None:
    shared = Path(os.environ.get("STATECARE_SHARED") or Path(__file__).resolve().parents[2] / "shared")
    files = sorted((shared / "national").glob("*/*/actions.csv.gz"))
    if not files:
        sys.exit(f"no national recording under {shared} (set STATECARE_SHARED)")
    texts: list[tuple[str, str]] = []
    for f in files:
        with gzip.open(f, "rt", encoding="utf-8", newline="") as fh:
            texts += [(f.parts[-3], r["description"]) for r in csv.DictReader(fh)]
    named: Counter[str] = Counter()
    unnamed: Counter[str] = Counter()
    t = time.perf_counter()
    for st, text in texts:
        ch = parse_change(text)
        if ch is not None:
            (named if ch.size_known else unnamed)[st] += 1
    seconds = time.perf_counter() - t
    print(f"actions read     {len(texts):>9,}   {len(texts) / seconds:>11,.0f} actions/s ({seconds:.2f} s)")
    print(f"co-sponsor changes naming legislators {sum(named.values()):,}, without names {sum(unnamed.values()):,}")
    for st in sorted(set(named) | set(unnamed)):
        print(f"  {st}  {named[st]:>7,} named  {unnamed[st]:>6,} unnamed")


if __name__ == "__main__":
    main()
