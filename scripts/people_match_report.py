"""How much of the national recording statecare can tie to shared/people, per state.

Two shares, over the recording's health bills (national/<st>/<session>/bills.jsonl.gz):
- sponsors: person sponsorships matched to a legislator by statecare.crawler.people (the crawl's matcher);
- committees: bills whose latest referral names a committee that statecare.legis.committees finds
  in the state's committee directory. Referrals to steps of the process ("enrolling", "JRA for
  Printing", Utah's fiscal staff) name no committee, so they are not counted (the bill's latest
  committee referral is the one before); the denominator is bills with a committee referral.

Run: `.venv/bin/python scripts/people_match_report.py [--state wa ...] [--misses N]`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
from collections import Counter
from pathlib import Path

from statecare.crawler.people import annotate_sponsors, bill_chamber
from statecare.legis.committees import CommitteeIndex, action_committee_names, entry_from_record, is_referral
from statecare.nlp.actions.classifier import extract_committee


def _read(path: Path) -> list[dict]:  # type: ignore[type-arg]
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _chamber(action: dict) -> str | None:  # type: ignore[type-arg]
    return bill_chamber({"from_organization": action.get("organization_id")})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--state", action="append", default=[])
    ap.add_argument("--misses", type=int, default=0, help="print this many unmatched committee names per state")
    args = ap.parse_args()
    shared = Path(os.environ.get("STATECARE_SHARED", "../shared"))
    national, people = shared / "national", shared / "people"
    states = args.state or sorted(p.name for p in national.iterdir() if p.is_dir())
    tot = Counter()
    print(f"{'st':3} {'sponsors':>16} {'referred bills':>20}")
    for st in states:
        index = CommitteeIndex(entry_from_record(r) for r in _read(people / st / "committees.jsonl.gz"))
        c: Counter[str] = Counter()
        misses: Counter[str] = Counter()
        for path in sorted((national / st).glob("*/bills.jsonl.gz")):
            for rec in _read(path):
                rec.setdefault("state", st)
                m, n = annotate_sponsors(rec, people)
                c["sp_matched"] += m
                c["sp"] += n
                refs = [a for a in rec.get("actions") or [] if is_referral(a["description"], a.get("classification"))]
                named = [(a, action_committee_names(a.get("related_entities"), extract_committee(a["description"]),
                                                 a["description"]))
                         for a in refs]
                named = [(a, ns) for a, ns in named if ns]
                if not named:
                    continue
                a, ns = named[-1]
                c["ref"] += 1
                if any(index.match(n, _chamber(a)) for n in ns):
                    c["ref_matched"] += 1
                else:
                    misses[ns[-1]] += 1
        tot.update(c)
        sp = f"{c['sp_matched']}/{c['sp']} {100 * c['sp_matched'] / max(c['sp'], 1):.0f}%"
        rf = f"{c['ref_matched']}/{c['ref']} {100 * c['ref_matched'] / max(c['ref'], 1):.0f}%"
        print(f"{st:3} {sp:>16} {rf:>20}")
        for name, k in misses.most_common(args.misses):
            print(f"      miss {k:4d} {name!r}")
    sp = f"{tot['sp_matched']}/{tot['sp']} {100 * tot['sp_matched'] / max(tot['sp'], 1):.1f}%"
    rf = f"{tot['ref_matched']}/{tot['ref']} {100 * tot['ref_matched'] / max(tot['ref'], 1):.1f}%"
    print(f"all {sp:>16} {rf:>20}")


if __name__ == "__main__":
    main()
