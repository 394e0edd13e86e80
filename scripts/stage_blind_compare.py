"""Agreement of the stage roll-up (reference) and statecare's derived milestone with a blind reading.

Reads the blind reading (statecare/nlp/data/stage_blind_reading.csv: state,session,identifier,
milestone,note) and the rows written by `statecare evaluate stage PATH... --out FILE`
(state,session,identifier,milestone,reference; milestone = statecare's, reference = the roll-up).
Optionally a second-look file (same keys plus `second_look`, the label after re-reading the bill once
the comparison was seen; the blind labels themselves are never changed).

Past committee = bills whose BLIND milestone is beyond in_committee.

    statecare evaluate stage .../bills.jsonl.gz --out /tmp/stage_rows.csv
    python3 scripts/stage_blind_compare.py /tmp/stage_rows.csv [--second-look FILE] [--out disagreements.csv]
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

BLIND = Path(__file__).resolve().parent.parent / "statecare" / "nlp" / "data" / "stage_blind_reading.csv"
EARLY = {"introduced", "in_committee"}


def norm(identifier: str) -> str:
    """'HB 0364', 'HB364', 'hb 364' -> 'HB364' (leading zeros of numbers dropped)."""
    compact = re.sub(r"[^A-Z0-9]", "", identifier.upper())
    return re.sub(r"\d+", lambda m: str(int(m.group())), compact)


def key(row: dict) -> tuple[str, str, str]:
    return (row["state"].lower(), row["session"], norm(row["identifier"]))


def agreement(pairs: list[tuple[str, str]]) -> str:
    if not pairs:
        return "n/a (n=0)"
    hits = sum(a == b for a, b in pairs)
    return f"{hits / len(pairs):.4f} ({hits}/{len(pairs)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", help="CSV from `statecare evaluate stage --out`")
    ap.add_argument("--blind", default=str(BLIND))
    ap.add_argument("--second-look", help="CSV with state,session,identifier,second_look[,note]")
    ap.add_argument("--out", help="write the disagreements here")
    args = ap.parse_args()

    blind = list(csv.DictReader(open(args.blind, encoding="utf-8")))
    rows = {key(r): r for r in csv.DictReader(open(args.rows, encoding="utf-8"))}
    second: dict[tuple[str, str, str], str] = {}
    if args.second_look:
        second = {key(r): r["second_look"] for r in csv.DictReader(open(args.second_look, encoding="utf-8"))}

    missing = [b["identifier"] for b in blind if key(b) not in rows]
    if missing:
        raise SystemExit(f"not in {args.rows}: {missing}")

    labels = {"blind": lambda b: b["milestone"]}
    if second:
        labels["second look"] = lambda b: second.get(key(b), b["milestone"])
    states = sorted({b["state"] for b in blind})
    print(f"n={len(blind)} states={len(states)} ({','.join(states)})")
    for name, label in labels.items():
        past = [b for b in blind if label(b) not in EARLY]
        for who, col in (("roll-up", "reference"), ("statecare", "milestone")):
            overall = agreement([(rows[key(b)][col], label(b)) for b in blind])
            pc = agreement([(rows[key(b)][col], label(b)) for b in past])
            print(f"{who:9s} vs {name}: overall {overall}  past committee {pc}")

    out = []
    for b in blind:
        r = rows[key(b)]
        if len({b["milestone"], r["reference"], r["milestone"]}) > 1:
            out.append({
                "state": b["state"], "session": b["session"], "identifier": b["identifier"],
                "blind": b["milestone"], "rollup": r["reference"], "statecare": r["milestone"],
                "second_look": second.get(key(b), ""), "note": b["note"],
            })
    print(f"\ndisagreements ({len(out)}):")
    for d in out:
        print(f"  {d['state']} {d['identifier']}: blind={d['blind']} rollup={d['rollup']} "
              f"statecare={d['statecare']}{' second_look=' + d['second_look'] if d['second_look'] else ''}")
    if args.out:
        with open(args.out, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(out[0]) if out else ["state"])
            w.writeheader()
            w.writerows(out)


if __name__ == "__main__":
    main()
