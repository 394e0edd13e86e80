"""Claims audit of the provisions extractor on bills never labelled (issue 13, precision at first contact).

Why: the gold set (docs/provisions-gold.md) measures the extractor on 36 labelled bills it was tuned on; the
national recording holds what it claims on ~600 bills nobody labelled. A claim is one (bill, key) the recording
stores, with the passage shown first (the lowest provision id of that bill and key, the ranked first passage).
This script draws a seeded, stratified sample of claims from a database and re-scores the current code's
claims against the hand-judged audit csv (method: docs/provisions-gold.md, "Claims audit").

    .venv/bin/python scripts/provisions_claims_audit.py draw --sample A --seed 13 --per-family 7 [--db PATH]
    .venv/bin/python scripts/provisions_claims_audit.py draw --sample C --seed 131313 --per-family 6 --current
    .venv/bin/python scripts/provisions_claims_audit.py draw --sample D --seed 13131313 --per-family 6 --current \
        --new-bills
    .venv/bin/python scripts/provisions_claims_audit.py score [--sample A] [--db PATH]

`draw` prints csv rows (judgement columns empty) for claims not already in the audit csv; `score` runs today's
`extract_provisions` on each audited bill's text (with the bill's stored policy type, as classify passes it) (the text classify read: the stored version, else the
abstracts) and reports, per sample, the precision of the claims the code still makes and the right claims it lost.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AUDIT = REPO / "statecare" / "nlp" / "data" / "provisions_claims_audit.csv"
META = REPO / "statecare" / "nlp" / "data" / "provisions_gold_meta.json"
DB = REPO / "instance" / "statecare.sqlite3"
FIELDS = ["sample", "state", "session", "identifier", "key", "start", "evidence", "key_right", "evidence_right",
          "error"]
# bills whose policy type is the near-miss bulk of the recording: half of every family's draw comes from them
OHC = "other_health_coverage"
MAX_PER_BILL = 2


def gold_bills() -> set[tuple[str, str]]:
    """(state, identifier without its session suffix) of every labelled bill: never audited."""
    meta = json.loads(META.read_text())
    return {(m["state"].lower(), m["identifier"].split(" (")[0]) for m in meta.values()}


def connect(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def claims(con: sqlite3.Connection) -> list[dict[str, object]]:
    """Every stored claim: (bill, key) with its first passage, on bills outside the gold set."""
    rows = con.execute(
        "SELECT p.bill_id, b.state, b.legislative_session, b.identifier, b.policy_type, p.key, p.start, "
        "p.evidence FROM provisions p JOIN bills b ON b.id = p.bill_id "
        "WHERE p.id = (SELECT min(q.id) FROM provisions q WHERE q.bill_id = p.bill_id AND q.key = p.key) "
        "ORDER BY p.bill_id, p.key").fetchall()
    gold = gold_bills()
    return [dict(bill_id=r[0], state=r[1], session=r[2], identifier=r[3], policy_type=r[4], key=r[5], start=r[6],
                 evidence=r[7]) for r in rows if (str(r[1]).lower(), r[3]) not in gold]


def current_claims(con: sqlite3.Connection) -> list[dict[str, object]]:
    """What today's code claims on the bills classify reads for provisions (policy type in PROVISION_TYPES),
    outside the gold set:
    each bill's text as classify read it (`bill_text`) re-extracted in memory, first passage per key. The stored
    claims were made by the code of the day the database was built; this measures the code as it is now."""
    from statecare.nlp.classify import PROVISION_TYPES
    from statecare.nlp.provisions.extract import extract_many

    rows = con.execute(
        "SELECT b.id, b.state, b.legislative_session, b.identifier, b.policy_type FROM bills b "
        f"WHERE b.policy_type IN ({', '.join('?' * len(PROVISION_TYPES))}) ORDER BY b.id",
        sorted(PROVISION_TYPES)).fetchall()
    gold = gold_bills()
    bills = [r for r in rows if (str(r[1]).lower(), r[3]) not in gold]
    texts = [bill_text(con, r[1], r[2], r[3]) for r in bills]
    out: list[dict[str, object]] = []
    for r, found in zip(bills, extract_many(texts, policy_types=[r[4] for r in bills]), strict=True):
        seen: set[str] = set()
        for p in found:
            if p.key in seen:
                continue
            seen.add(p.key)
            out.append(dict(bill_id=r[0], state=r[1], session=r[2], identifier=r[3], policy_type=r[4], key=p.key,
                            start=p.start, evidence=p.evidence))
    # ordered by the bill's name, not its row id: a database rebuilt by `make pipeline` numbers bills anew
    return sorted(out, key=lambda c: (str(c["state"]), str(c["session"]), str(c["identifier"]), str(c["key"])))


def read_audit(path: Path = AUDIT) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def draw(con: sqlite3.Connection, seed: int, per_family: int, taken: set[tuple[str, str, str, str]],
         current: bool = False, new_bills: bool = False) -> list[dict[str, object]]:
    """`per_family` claims of each key family (the key's part before the dot), half from other_health_coverage
    bills where the family has them, at most MAX_PER_BILL per bill, none already `taken`. `current`: draw from
    what today's code claims (`current_claims`) rather than the stored claims. `new_bills`: no claim of a bill
    that has any claim `taken` (a held-out sample of bills nobody has read for the audit, not only claims)."""
    rng = random.Random(seed)
    seen_bills = {t[:3] for t in taken} if new_bills else set()
    fam: dict[str, list[dict[str, object]]] = defaultdict(list)
    for c in (current_claims(con) if current else claims(con)):
        if (c["state"], c["session"], c["identifier"]) in seen_bills:
            continue
        if (c["state"], c["session"], c["identifier"], c["key"]) not in taken:
            fam[str(c["key"]).split(".")[0]].append(c)
    per_bill: dict[object, int] = defaultdict(int)
    out = []
    for family in sorted(fam):
        pool = fam[family]
        rng.shuffle(pool)
        ohc = [c for c in pool if c["policy_type"] == OHC]
        other = [c for c in pool if c["policy_type"] != OHC]
        want_ohc = (per_family + 1) // 2
        picked: list[dict[str, object]] = []
        for group, n in ((ohc, want_ohc), (other, per_family), (ohc, per_family)):
            for c in group:
                if len(picked) >= n or len(picked) >= per_family:
                    break
                if c in picked or per_bill[c["bill_id"]] >= MAX_PER_BILL:
                    continue
                picked.append(c)
                per_bill[c["bill_id"]] += 1
        out.extend(picked)
    return out


def bill_text(con: sqlite3.Connection, state: str, session: str, identifier: str) -> str:
    """The text classify read for provisions: the version the stored provisions name, else the abstracts."""
    row = con.execute("SELECT b.id, b.abstract_text, coalesce((SELECT p.version_id FROM provisions p "
                      "WHERE p.bill_id = b.id LIMIT 1), b.scorecard_version_id) FROM bills b "
                      "WHERE b.state = ? AND b.legislative_session = ? AND b.identifier = ?",
                      (state, session, identifier)).fetchone()
    if row is None:
        raise KeyError((state, session, identifier))
    if row[2] is not None:  # the version the provisions name, else the one classify read (it claimed nothing)
        (text,) = con.execute("SELECT text FROM versions WHERE id = ?", (row[2],)).fetchone()
        return str(text or "")
    return str(row[1] or "")


def _same_passage(a: str, b: str) -> bool:
    na, nb = " ".join(a.split()), " ".join(b.split())
    return bool(na and nb) and (na in nb or nb in na or na[:80] == nb[:80])


def score(con: sqlite3.Connection, rows: list[dict[str, str]]) -> dict[str, dict[str, int]]:
    """Per sample: claims audited, kept by today's code, right among kept, right lost, evidence right among kept
    (only where today's first passage is the audited one; a different passage is counted as `evidence_changed`)."""
    from statecare.nlp.provisions.extract import extract_provisions

    cache: dict[tuple[str, str, str], dict[str, str]] = {}
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        bk = (r["state"], r["session"], r["identifier"])
        if bk not in cache:
            first: dict[str, str] = {}
            (ptype,) = con.execute("SELECT policy_type FROM bills WHERE state = ? AND legislative_session = ? "
                                   "AND identifier = ?", bk).fetchone()
            for p in extract_provisions(bill_text(con, *bk), ptype):
                first.setdefault(p.key, p.evidence)
            cache[bk] = first
        s = out[r["sample"]]
        s["claims"] += 1
        s["key_right_before"] += r["key_right"] == "yes"
        s["evidence_right_before"] += r["evidence_right"] == "yes"
        if r["key"] not in cache[bk]:
            s["removed"] += 1
            s["right_lost"] += r["key_right"] == "yes"
            continue
        s["kept"] += 1
        s["key_right_kept"] += r["key_right"] == "yes"
        if _same_passage(cache[bk][r["key"]], r["evidence"]):
            s["evidence_right_kept"] += r["evidence_right"] == "yes"
        else:
            s["evidence_changed"] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=DB)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--sample", required=True)
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--per-family", type=int, default=7)
    d.add_argument("--current", action="store_true", help="draw from today's code's claims, not the stored ones")
    d.add_argument("--new-bills", action="store_true", help="no bill already in the audit csv (held-out bills)")
    s = sub.add_parser("score")
    s.add_argument("--sample", default=None)
    args = ap.parse_args(argv)
    con = connect(args.db)
    audit = read_audit()
    if args.cmd == "draw":
        taken = {(r["state"], r["session"], r["identifier"], r["key"]) for r in audit}
        w = csv.DictWriter(sys.stdout, FIELDS)
        w.writeheader()
        for c in draw(con, args.seed, args.per_family, taken, args.current, args.new_bills):
            ev = " ".join(str(c["evidence"]).split())[:200]
            w.writerow(dict(sample=args.sample, state=c["state"], session=c["session"], identifier=c["identifier"],
                            key=c["key"], start=c["start"], evidence=ev, key_right="", evidence_right="", error=""))
        return 0
    rows = [r for r in audit if args.sample in (None, r["sample"])]
    for name, s in sorted(score(con, rows).items()):
        n, kept = s["claims"], s["kept"]
        print(f"sample {name}: claims={n} key_right={s['key_right_before']}/{n} "
              f"evidence_right={s['evidence_right_before']}/{n} | today: kept={kept} removed={s['removed']} "
              f"right_lost={s['right_lost']} key_precision_kept={s['key_right_kept']}/{kept}"
              f"={s['key_right_kept'] / kept if kept else 0:.3f} evidence_right_kept={s['evidence_right_kept']}/{kept} "
              f"evidence_changed={s['evidence_changed']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
