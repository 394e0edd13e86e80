"""First vs no-change national re-crawl, on SQLite and PostgreSQL (issue 17: the re-crawl >= 10x faster).

Per database: a fresh database, `statecare crawl --source openstates --replay --json` over the whole
national recording (the first crawl, everything new), then the same command again (nothing changed:
must store 0 new, 0 updated, 0 events), then `statecare classify` on what was stored. Each step is
its own process, as `make pipeline` runs it; for each the wall time, the CPU seconds of its
processes together (wait4), the peak RSS of the largest process and of the process tree, and the
load average are printed, then the ratios first/second; then, per step, the peak of the whole
process tree's summed RSS (crawl, writer, document children; tree_rss.py, sampled every 50 ms)
with which process held what at that moment, and each process's own peak (issue 17: <= 500 MB).
Wall time on this shared 2-core machine moves with other work: compare CPU seconds, and wall times
only at similar load. Prints figures; never passes or fails.

    python benchmarks/bench_recrawl.py [--sqlite-only | --postgres-only] [--state vt,ma]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import pg_database  # noqa: E402 - benchmarks are scripts, their folder is the path
from bench_national import StepResult, step  # noqa: E402


def _summary(res: StepResult) -> dict[str, object]:
    lines = [ln for ln in res.stdout.strip().splitlines() if ln.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def crawl_twice(label: str, url: str, folder: Path, extra: list[str]) -> None:
    env = {**os.environ, "DATABASE_URL": url, "STATECARE_INSTANCE": str(folder), "OPENSTATES_API_KEY": ""}
    print(f"{label}: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}", flush=True)
    step(f"{label} db upgrade", ["db", "upgrade"], env)
    cmd = ["crawl", "--source", "openstates", "--replay", "--json", *extra]
    first = step(f"{label} first crawl", cmd, env)
    second = step(f"{label} second crawl", cmd, env)
    classify = step(f"{label} classify", ["classify"], env)
    for name, res in (("first", first), ("second", second)):
        s = _summary(res)
        print(f"  {name}: {s.get('seen')} bills seen, new {s.get('new')}, updated {s.get('updated')}, "
              f"unchanged {s.get('unchanged')}, events {s.get('events')}, errors {s.get('errors')}")
    print(f"  {label} re-crawl: wall {first.seconds:.1f} -> {second.seconds:.1f} s "
          f"({first.seconds / max(second.seconds, 1e-9):.1f}x), CPU {first.cpu_seconds:.1f} -> "
          f"{second.cpu_seconds:.1f} s ({first.cpu_seconds / max(second.cpu_seconds, 1e-9):.1f}x); peak RSS "
          f"{max(first.peak_process_mb, second.peak_process_mb):.0f} MB/process", flush=True)
    # issue 17: the whole process tree (crawl, writer, document children) within 500 MB
    for res in (first, second, classify):
        if res.tree is not None:
            print(f"  {res.name}: " + "\n  ".join(res.tree.lines()), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sqlite-only", action="store_true")
    ap.add_argument("--postgres-only", action="store_true")
    ap.add_argument("--state", help="a slice (comma-separated state codes) instead of the whole recording")
    opts = ap.parse_args()
    extra = ["--state", opts.state] if opts.state else []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not opts.postgres_only:
            crawl_twice("SQLite", f"sqlite:///{folder / 'recrawl.sqlite3'}", folder, extra)
        if not opts.sqlite_only:
            with pg_database("recrawl_bench") as url:
                if url is not None:
                    crawl_twice("PostgreSQL", url, folder, extra)


if __name__ == "__main__":
    main()
