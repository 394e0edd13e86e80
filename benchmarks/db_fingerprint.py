"""Hash everything a crawl and a classify stored, so two databases built by two versions of the code compare.

A change meant to save memory or time must not change what is stored. This prints, per table, the
row count and a SHA-256 over its rows, with what depends on the order of writing left out: row
ids and timestamps (`created_at`, `fetched_at`, ...), and foreign keys (bill, related bill, version,
scorecard version) replaced by what they point
at (a bill by its state, session and identifier; a version by its bill and order). Rows are sorted
after that, so two databases with the same content give the same hashes whatever order their bills
were written in. Tables: bills (every column but ids and times: title ... stage, policy type,
scorecard), actions, versions (text, struck and inserted text, sha256, status, error),
documents, sponsorships, related bills, provisions, hearings, vote events, events, search
documents and crawl errors. Runs on SQLite and PostgreSQL (compare a database with another of the
same kind: JSON columns come back as text from one and objects from the other).

    python benchmarks/db_fingerprint.py URL [URL2]    # two URLs: per-table equal/DIFFERENT, exit 1 if any differ
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import hashlib
import json
import sys
from typing import Any

from sqlalchemy import MetaData, create_engine, select

# columns that say when or in which order something was written, not what
VOLATILE = {"id", "created_at", "updated_at", "fetched_at", "classified_at", "scraped_at", "at", "run_id"}
TABLES = ("bills", "actions", "versions", "documents", "sponsorships", "related_bills", "provisions",
          "hearings", "vote_events", "events", "search_docs", "crawl_errors")


def _plain(value: Any) -> Any:
    """A JSON-able, order-independent stand-in for one column value."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return hashlib.sha256(bytes(value)).hexdigest()
    return value


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """{table: (rows, sha256)} for the database at `url`."""
    engine = create_engine(url)
    meta = MetaData()
    meta.reflect(engine, only=list(TABLES))
    out: dict[str, tuple[int, str]] = {}
    with engine.connect() as conn:
        bills = {r.id: (r.state, r.legislative_session, r.identifier)
                 for r in conn.execute(select(meta.tables["bills"].c.id, meta.tables["bills"].c.state,
                                              meta.tables["bills"].c.legislative_session,
                                              meta.tables["bills"].c.identifier))}
        vt = meta.tables["versions"]
        versions = {r.id: (bills.get(r.bill_id), r.order) for r in conn.execute(select(vt.c.id, vt.c.bill_id, vt.c.order))}
        for name in TABLES:
            table = meta.tables[name]
            rows = []
            for row in conn.execute(select(table)).mappings():
                d = {k: _plain(v) for k, v in row.items() if k not in VOLATILE}
                for fk, lookup in (("bill_id", bills), ("related_bill_id", bills), ("version_id", versions),
                                   ("scorecard_version_id", versions)):
                    if fk in d and d[fk] is not None:
                        d[fk] = lookup.get(d[fk], ("missing", d[fk]))
                rows.append(json.dumps(d, sort_keys=True, default=str, ensure_ascii=False))
            rows.sort()
            h = hashlib.sha256()
            for line in rows:
                h.update(line.encode("utf-8", "surrogatepass") + b"\n")
            out[name] = (len(rows), h.hexdigest())
    engine.dispose()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("urls", nargs="+", help="one or two SQLAlchemy URLs")
    opts = ap.parse_args()
    prints = [fingerprint(u) for u in opts.urls[:2]]
    differ = False
    for name in TABLES:
        cells = [f"{p[name][0]:>7} rows {p[name][1][:16]}" for p in prints]
        same = "" if len(prints) == 1 else ("  equal" if prints[0][name] == prints[1][name] else "  DIFFERENT")
        differ = differ or same == "  DIFFERENT"
        print(f"{name:<14} " + "  |  ".join(cells) + same)
    whole = [hashlib.sha256(json.dumps(p, sort_keys=True).encode()).hexdigest()[:16] for p in prints]
    print("database fingerprint: " + " | ".join(whole) + ("" if len(prints) == 1 else
                                                             ("  DIFFERENT" if differ else "  equal")))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
