"""Seeded stratified sample of bills for a BLIND reading of their furthest milestone (issue 11).

Prints, per bill, ONLY its identifier, chamber of origin, classification and its action list
(date, actor, description): never Open States' action categories nor statecare's answer.

Strata per state (seed 7): about half "advanced" bills (actions by more than one organisation, or an
action mentioning the governor, i.e. likely past committee) and half the rest. The proxy reads only
actors and text, so the sample does not depend on the roll-up being checked.

    STATECARE_SHARED=../shared python3 scripts/stage_blind_sample.py [--per-state 10]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
from pathlib import Path

SESSIONS = [
    ("ar", "2025"),
    ("ga", "2025_26"),
    ("md", "2025"),
    ("nc", "2025"),
    ("tn", "114"),
    ("ut", "2026"),
    ("wi", "2025"),
    ("mt", "2025"),
]
SEED = 7


def actor(action: dict) -> str:
    org = action.get("organization_id") or ""
    if org.startswith("~"):
        try:
            return json.loads(org[1:]).get("classification", org)
        except ValueError:
            return org
    return org


def advanced(bill: dict) -> bool:
    actors = {actor(a) for a in bill.get("actions", [])}
    governor = any("governor" in (a.get("description") or "").lower() for a in bill.get("actions", []))
    return len(actors) > 1 or governor


def load(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sample(shared: Path, per_state: int) -> list[tuple[str, str, dict]]:
    rng = random.Random(SEED)
    out = []
    for st, folder in SESSIONS:
        bills = sorted(load(shared / "national" / st / folder / "bills.jsonl.gz"), key=lambda b: b["identifier"])
        adv = [b for b in bills if advanced(b)]
        rest = [b for b in bills if not advanced(b)]
        n_adv = min(len(adv), (per_state + 1) // 2)
        picked = rng.sample(adv, n_adv) + rng.sample(rest, min(len(rest), per_state - n_adv))
        for b in sorted(picked, key=lambda b: b["identifier"]):
            out.append((st, b["legislative_session"], b))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-state", type=int, default=10)
    ap.add_argument("--shared", default=os.environ.get("STATECARE_SHARED", str(Path(__file__).resolve().parents[2] / "shared")))
    args = ap.parse_args()
    for st, session, bill in sample(Path(args.shared), args.per_state):
        origin = actor({"organization_id": bill.get("from_organization") or ""})
        print(f"=== {st} | {session} | {bill['identifier']} | origin={origin} | {','.join(bill.get('classification', []))}")
        for a in sorted(bill.get("actions", []), key=lambda a: a.get("date") or ""):
            print(f"  {(a.get('date') or '')[:10]} [{actor(a)}] {a.get('description', '')}")


if __name__ == "__main__":
    main()
