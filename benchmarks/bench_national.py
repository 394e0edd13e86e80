"""The whole national recording the way `make pipeline` builds it: crawl, classify, re-crawl.

Each step runs as its own `statecare` process on a fresh database (as `make pipeline` does). Per
step it prints wall time, CPU time (the step's processes together: on a machine shared with other work, wall time
moves several-fold with the load and CPU seconds much less) and two memory figures: the peak RSS of the largest single process of the
step (from wait4, so the crawl's writer process counts) and the peak of the whole process tree's
summed RSS (sampled every 50 ms by tree_rss.py; the crawl is two processes and the issue's 500 MB budget is for
what the step holds in memory, not per process). Then it prints the pipeline's total, a second
openstates crawl over the same recording (the no-change re-crawl) and its ratio to the first, a
second classify (must do nothing), and the bills and states stored with the share of person
sponsors matched to shared/people per state. Prints figures; never passes or fails.

    python benchmarks/bench_national.py [--skip-classify] [--database-url URL] [--keep DIR]

`--database-url` runs the same steps on another database (a PostgreSQL database whose name contains
"bench", e.g. `createdb pipeline_bench`; its tables are dropped first); `--keep DIR` leaves the SQLite database in DIR for inspection.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tree_rss import TreePeak, TreeSampler  # noqa: E402 - benchmarks are scripts, their folder is the path

STATECARE = [sys.executable, "-m", "statecare"]


@dataclass
class StepResult:
    name: str
    seconds: float
    peak_process_mb: float
    peak_tree_mb: float
    cpu_seconds: float
    stdout: str
    returncode: int
    tree: TreePeak | None = None  # the tree's peak and which process held what (tree_rss.py)


def step(name: str, args: list[str], env: dict[str, str]) -> StepResult:
    """Run one `statecare` command; its wall time, peak process and tree RSS, printed and returned."""
    t = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([*STATECARE, *args], env=env, stdout=out, stderr=err)
        with TreeSampler(proc.pid, every=0.05) as sampler:  # the whole tree, every 50 ms (tree_rss.py)
            _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - t
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    cpu = usage.ru_utime + usage.ru_stime  # the step's processes together, children included
    res = StepResult(name, seconds, usage.ru_maxrss / 1024, sampler.peak.tree_mb, cpu, stdout, proc.returncode,
                     sampler.peak)
    print(f"{name:<28} {seconds:7.1f} s wall {cpu:7.1f} s CPU  peak RSS {res.peak_process_mb:5.0f} MB/process "
          f"{res.peak_tree_mb:5.0f} MB/tree  load {os.getloadavg()[0]:4.1f}  exit {proc.returncode}", flush=True)
    if proc.returncode:
        print(stderr[-2000:])
    return res


def _drop_all(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-classify", action="store_true")
    ap.add_argument("--database-url", help="run on this database instead of a fresh SQLite file (tables dropped)")
    ap.add_argument("--keep", type=Path, help="keep the SQLite database in this folder")
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = opts.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "national.sqlite3"
        if db.exists() and not opts.database_url:
            db.unlink()
        url = opts.database_url or f"sqlite:///{db}"
        if opts.database_url:
            if "bench" not in url.rsplit("/", 1)[-1]:
                raise SystemExit(f"--database-url {url.split('@')[-1]}: its tables are dropped first, so the "
                                 "database's name must contain 'bench' (never the test suite's database)")
            _drop_all(url)
        env = {**os.environ, "DATABASE_URL": url, "STATECARE_INSTANCE": str(folder), "OPENSTATES_API_KEY": ""}
        print(f"database: {url.split('@')[-1]}; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
        steps = [step("db upgrade", ["db", "upgrade"], env)]
        first = step("crawl openstates (national)", ["crawl", "--source", "openstates", "--replay", "--json"], env)
        steps.append(first)
        for source in ("legiscan", "wa", "ny_openleg"):
            steps.append(step(f"crawl {source}", ["crawl", "--source", source, "--replay"], env))
        if not opts.skip_classify:
            steps.append(step("classify", ["classify"], env))
        total = sum(s.seconds for s in steps)
        print(f"pipeline wall time: {total:.0f} s, CPU {sum(s.cpu_seconds for s in steps):.0f} s; peak RSS {max(s.peak_process_mb for s in steps):.0f} MB/process, "
              f"{max(s.peak_tree_mb for s in steps):.0f} MB/tree")
        again = step("second openstates crawl", ["crawl", "--source", "openstates", "--replay", "--json"], env)
        print(f"re-crawl (no change): {first.seconds:.1f} s -> {again.seconds:.1f} s wall "
              f"({first.seconds / max(again.seconds, 1e-9):.1f}x), CPU {first.cpu_seconds:.1f} s -> "
              f"{again.cpu_seconds:.1f} s ({first.cpu_seconds / max(again.cpu_seconds, 1e-9):.1f}x)")
        if not opts.skip_classify:
            reclass = step("second classify", ["classify"], env)
            print(f"second classify: {reclass.stdout.strip().splitlines()[-1] if reclass.stdout.strip() else '?'}")
        for label, res in (("first", first), ("second", again)):
            summary = json.loads(res.stdout.strip().splitlines()[-1])
            print(f"{label} crawl: {summary['seen']} bills, new {summary['new']}, updated {summary['updated']}, "
                  f"events {summary['events']}, errors {summary['errors']}")
        if opts.database_url:
            return
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
