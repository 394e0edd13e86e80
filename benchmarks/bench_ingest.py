"""Ingest throughput: >= 10,000 real NY bills through the replay server, scrapy and the store.

The bills are the NY Open Legislation records in shared/fixtures/labels
(ny_health_insurance_bills_status_actions_2019-2023.csv: 8,022 bills with full action histories;
ny_2025_all_bills_status_titles.csv: 20,975 bills with titles and status), turned here into Open
States API v3 `/bills` items and served, 20 a page as the API does, in the documented
`{"results": [...], "pagination": {...}}` envelope. Each database gets a fresh crawl in its own
process (`statecare.crawler.runner.run_crawl`, the code behind `statecare crawl`), which reports its
own peak RSS via resource.getrusage. Prints figures; never passes or fails.

    python benchmarks/bench_ingest.py [--limit N (default 12,000; 0 = all)] [--sqlite-only]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from statecare.config import fixtures_dir
from statecare.crawler.replay import ReplayServer
from statecare.legis.states import jurisdiction_object

PG_ADMIN_URL = os.environ.get("STATECARE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_CHAMBER = {"SENATE": "upper", "ASSEMBLY": "lower"}


def _session(year: str) -> str:
    y = int(year)
    y = y if y % 2 else y - 1
    return f"{y}-{y + 1}"


def ny_bills(limit: int | None) -> list[dict[str, Any]]:
    """The NY label rows as Open States v3 items (actions parsed from `date|CHAMBER|text ;; ...`)."""
    csv.field_size_limit(1 << 30)
    labels = fixtures_dir() / "labels"
    items: list[dict[str, Any]] = []
    for name in ("ny_health_insurance_bills_status_actions_2019-2023.csv", "ny_2025_all_bills_status_titles.csv"):
        with open(labels / name, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                actions = []
                for i, part in enumerate(p for p in (row.get("actions") or "").split(" ;; ") if p.strip()):
                    date, chamber, desc = (part.split("|", 2) + ["", ""])[:3]
                    actions.append({"organization": {"classification": _CHAMBER.get(chamber, "legislature")},
                                    "description": desc, "date": date, "classification": [], "order": i,
                                    "related_entities": []})
                same = (row.get("same_as") or "").partition("-")
                items.append({
                    "id": None, "session": _session(row["session"]),
                    "jurisdiction": {k: v for k, v in jurisdiction_object("ny").items()},
                    "from_organization": {"classification": _CHAMBER.get(row["chamber"], "legislature")},
                    "identifier": row["print_no"], "title": row["title"], "classification": ["bill"],
                    "subject": [row["committee"]] if row.get("committee") else [],
                    "extras": {"ny_status": row["status"], "law_section": row.get("law_section") or ""},
                    "abstracts": [{"abstract": row["summary"], "note": ""}] if row.get("summary") else [],
                    "actions": actions, "sponsorships": [], "versions": [], "documents": [],
                    "related_bills": [{"identifier": same[0], "legislative_session": _session(same[2]),
                                       "relation_type": "companion"}] if same[2] else [],
                    "sources": [{"url": f"https://legislation.nysenate.gov/api/3/bills/{row['session']}/{row['print_no']}",
                                 "note": "NY Open Legislation"}],
                    "other_titles": [], "other_identifiers": [],
                })
                if limit and len(items) >= limit:
                    return items
    return items


CHILD = """
import json, resource, sys
from statecare.crawler.runner import run_crawl
s = run_crawl("openstates", database_url=sys.argv[1], replay_url=sys.argv[2],
              spider_args={"state": "ny", "terms": "health"},
              settings={"LOG_LEVEL": "WARNING", "STATECARE_PROGRESS_EVERY": 5000})
print(json.dumps({**s.as_dict(), "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def crawl(db_url: str, replay_url: str) -> dict[str, Any]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, db_url, replay_url], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit(f"crawl failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "wall": wall}


def report(label: str, r: dict[str, Any], n: int) -> None:
    print(f"{label:<11} {r['seen']:>6} bills ({r['new']} new, {r['errors']} errors) in {r['seconds']:.1f}s crawl "
          f"/ {r['wall']:.1f}s incl. process start: {r['seen'] / r['seconds']:,.0f} bills/s; "
          f"re-crawl {r.get('recrawl_rate', 0):,.0f} bills/s ({r.get('recrawl_changes', '?')} changes); "
          f"peak RSS {r['peak_rss_mb']:.0f} MB")
    if r["seen"] != n:
        print(f"  WARNING: {n} bills served but {r['seen']} stored")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=12_000,
                    help="serve the first N bills (default 12,000; 0 = all 28,997)")
    ap.add_argument("--sqlite-only", action="store_true")
    args = ap.parse_args()
    bills = ny_bills(args.limit or None)
    n = len(bills)
    print(f"bench_ingest: {n:,} NY bills ({sum(len(b['actions']) for b in bills):,} actions) served as "
          f"Open States v3 pages of 20 by the replay server")
    with ReplayServer(fixtures_dir()) as server:
        server.recordings.openstates = bills  # serve the benchmark's bills instead of the fixtures
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            r = crawl(url, server.url)
            again = crawl(url, server.url)
            r.update(recrawl_rate=again["seen"] / again["seconds"], recrawl_changes=again["changes"])
            report("SQLite", r, n)
        if args.sqlite_only:
            return
        name = f"statecare_bench_{uuid.uuid4().hex[:8]}"
        try:
            admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        except Exception as exc:  # noqa: BLE001 - report and carry on: this is a benchmark
            print(f"PostgreSQL  skipped: cannot create a database at {PG_ADMIN_URL}: {exc}")
            return
        try:
            url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
            r = crawl(url, server.url)
            again = crawl(url, server.url)
            r.update(recrawl_rate=again["seen"] / again["seconds"], recrawl_changes=again["changes"])
            report("PostgreSQL", r, n)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    print(f"replay server + benchmark process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
