"""The whole national recording the way `make pipeline` builds it: crawl, second crawl, classify.

Each step runs as its own `statecare` process on a fresh SQLite database (as `make pipeline` does);
wall time and peak RSS (the process and its children, from wait4) are printed per step, then the
bills and states stored and the share of person sponsors matched to shared/people per state.
Prints figures; never passes or fails.

    python benchmarks/bench_national.py [--skip-classify]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STATECARE = [sys.executable, "-m", "statecare"]


def step(name: str, args: list[str], env: dict[str, str]) -> str:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.monotonic()
    done = subprocess.run([*STATECARE, *args], env=env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    note = "" if peak > before else " (peak not above an earlier step's)"
    print(f"{name:<28} {seconds:7.1f} s  peak RSS {peak / 1024:6.0f} MB{note}  exit {done.returncode}")
    if done.returncode:
        print(done.stderr[-2000:])
    return done.stdout


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-classify", action="store_true")
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "national.sqlite3"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "STATECARE_INSTANCE": tmp, "OPENSTATES_API_KEY": ""}
        start = time.monotonic()
        step("db upgrade", ["db", "upgrade"], env)
        first = step("crawl openstates (national)", ["crawl", "--source", "openstates", "--replay", "--json"], env)
        for source in ("legiscan", "wa", "ny_openleg"):
            step(f"crawl {source}", ["crawl", "--source", source, "--replay"], env)
        if not opts.skip_classify:
            step("classify", ["classify"], env)
        print(f"pipeline wall time: {time.monotonic() - start:.0f} s")
        again = step("second openstates crawl", ["crawl", "--source", "openstates", "--replay", "--json"], env)
        for label, out in (("first", first), ("second", again)):
            summary = json.loads(out.strip().splitlines()[-1])
            print(f"{label} crawl: {summary['seen']} bills, new {summary['new']}, "
                  f"events {summary['events']}, errors {summary['errors']}")
        con = sqlite3.connect(db)
        bills, states = con.execute("select count(*), count(distinct state) from bills").fetchone()
        print(f"stored: {bills} bills, {states} states")
        rows = con.execute(
            "select b.state, sum(s.person_id like 'ocd-person/%'), count(*) from sponsorships s "
            "join bills b on b.id = s.bill_id where s.entity_type = 'person' group by b.state order by b.state").fetchall()
        print("sponsors matched: " + ", ".join(f"{st} {100 * m / n:.0f}% of {n}" for st, m, n in rows))
        con.close()


if __name__ == "__main__":
    main()
