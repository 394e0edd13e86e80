"""statecare's search against datasette running the same ranked MATCH query on the same SQLite file.

Why datasette: it is the usual way to put a SQLite full-text index on the web, and its JSON API
runs arbitrary SQL, so "rank by bm25 and return a page" is one request there too. The question is
whether statecare's search -- which does more per request (a count, marked titles and snippets,
bill-number lookup, links) -- serves at least twice datasette's throughput for the same match.

Setup: datasette is installed from PyPI into its own virtualenv under the benchmark's work folder
(test-output/bench/datasette-venv; made once, at bench time -- it is not a statecare dependency).
Both servers get the same file and the whole machine in turn (never at once): statecare as
granian, the production server (bench_search.start_server; --server gunicorn granian runs both, in turn;
search cache off), datasette as `datasette serve` with its
defaults except a longer SQL time limit (so a slow query is counted as slow, not as an error).

Queries: bench_search.distinct_queries (one or two words of a real title, never repeated); each is
parsed by statecare's own parser, and datasette gets the same FTS5 MATCH expression and the same
bm25 weights:

    SELECT b.state, b.legislative_session, b.identifier, b.title, b.latest_action_date, f.score
    FROM (SELECT rowid, bm25(search_fts, 10.0, 4.0, 1.0, 0.0) AS score FROM search_fts
          WHERE search_fts MATCH :q ORDER BY score LIMIT 20) AS f JOIN bills b ON b.id = f.rowid
    ORDER BY f.score

Closed loop at 32, 8 and 1 clients, the two servers alternating, `--rounds` times; the medians of
the rounds are printed with the ratios and the machine's load. Databases: the 116k-bill bench
corpus (bench_search_cpu.sqlite_bench_db) and, when it exists, the national database `make
pipeline` builds (instance/statecare.sqlite3, or --national FILE).

    .venv/bin/python benchmarks/bench_datasette.py [--seconds 8] [--rounds 3] [--clients 32 8 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import (  # noqa: E402
    Conn,
    Load,
    base_records,
    distinct_queries,
    free_port,
    loadavg,
    pct,
    run_load,
    start_server,
    wait_port,
)
from bench_search_cpu import WORK, sqlite_bench_db  # noqa: E402

from statecare.config import PROJECT_ROOT, fixtures_dir  # noqa: E402
from statecare.db.search import parse_query  # noqa: E402

VENV = WORK / "datasette-venv"
HEADERS = "Accept-Encoding: gzip\r\n"  # what a browser sends; each server compresses or not, its own way
RANKED_SQL = (
    "SELECT b.state, b.legislative_session, b.identifier, b.title, b.latest_action_date, f.score "
    "FROM (SELECT rowid, bm25(search_fts, 10.0, 4.0, 1.0, 0.0) AS score FROM search_fts "
    "WHERE search_fts MATCH :q ORDER BY score LIMIT 20) AS f JOIN bills b ON b.id = f.rowid ORDER BY f.score"
)


def datasette_bin() -> Path:
    """datasette in its own virtualenv under the work folder, installed from PyPI on first use."""
    exe = VENV / "bin" / "datasette"
    if not exe.exists():
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "datasette"], check=True)
        print(f"datasette: installed into {VENV} in {time.perf_counter() - t:.0f}s", flush=True)
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    print(f"datasette: {version}", flush=True)
    return exe


def start_datasette(exe: Path, db: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen([str(exe), "serve", str(db), "-h", "127.0.0.1", "-p", str(port),
                             "--setting", "sql_time_limit_ms", "20000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    wait_port(proc, port, "datasette", seconds=60.0)
    return proc, port


def paths_for(db: Path, words: list[str]) -> tuple[list[str], list[str]]:
    """(statecare paths, datasette paths) for the same searches, in the same order."""
    ours, theirs = [], []
    for q in words:
        match = parse_query(q).fts5()
        if match is None:
            continue
        ours.append("/search.json?" + urlencode({"q": q}))
        theirs.append(f"/{db.stem}.json?" + urlencode({"sql": RANKED_SQL, "q": match, "_shape": "array"}))
    return ours, theirs


async def ready(port: int, paths: list[str], n: int) -> None:
    """Until `n` answers in a row come back 200 on `n` connections at once: gunicorn listens before
    its workers have imported the app, and the first request of each worker would be timed."""
    conns = [Conn(port, HEADERS) for _ in range(n)]
    try:
        for _ in range(600):
            try:
                if all(s == 200 for s in await asyncio.gather(*(c.get(p) for c, p in zip(conns, paths, strict=False)))):
                    return
            except (OSError, asyncio.IncompleteReadError):
                for c in conns:
                    c.close()
            await asyncio.sleep(0.1)
        raise RuntimeError("server never answered 200")
    finally:
        for c in conns:
            c.close()


def measure(proc: subprocess.Popen, port: int, paths: list[str], clients: int, seconds: float,
            warmup: float) -> dict[str, float]:
    load = Load()
    try:
        asyncio.run(ready(port, paths[-8:], 8))
        asyncio.run(run_load(port, proc.pid, paths, clients, seconds, warmup, None, load, HEADERS))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    ms = sorted(x * 1000 for x in load.latencies)
    return {"p50": pct(ms, 50), "p99": pct(ms, 99), "rps": load.done_in_window / seconds,
            "err": float(len(load.errors)),
            "cpu": load.server_cpu / max(1, load.done_in_window) * 1000}


def compare(name: str, db: Path, exe: Path, words: list[str], args: argparse.Namespace) -> None:
    ours, theirs = paths_for(db, words)
    gargs = argparse.Namespace(workers=args.workers, worker_class=args.worker_class, threads=args.threads)
    url = f"sqlite:///{db}"
    offset = 0
    for clients in args.clients:
        runs: dict[str, list[dict[str, float]]] = {"datasette": [], **{s: [] for s in args.server}}
        before = loadavg()
        for _ in range(args.rounds):
            # each run gets searches no earlier run has made (no page cache of a previous answer helps)
            sl = slice(offset, offset + 3000)
            offset += 3000
            proc, port = start_datasette(exe, db)
            runs["datasette"].append(measure(proc, port, theirs[sl], clients, args.seconds, args.warmup))
            for server in args.server:
                proc, port = start_server(url, WORK, argparse.Namespace(**vars(gargs), server=server), 0.0)
                runs[server].append(measure(proc, port, ours[sl], clients, args.seconds, args.warmup))
        med = {k: {f: statistics.median(r[f] for r in v) for f in v[0]} for k, v in runs.items()}
        for k in (*args.server, "datasette"):
            m = med[k]
            label = k if k == "datasette" else f"statecare {k}"
            print(f"{name:9} | {clients:2} clients | {label:18} | p50 {m['p50']:6.1f} | p99 {m['p99']:6.1f} ms | "
                  f"{m['rps']:5.0f} req/s | server cpu {m['cpu']:5.2f} ms/req | err {m['err']:.0f}", flush=True)
        d = med["datasette"]
        for k in args.server:
            s = med[k]
            print(f"{name:9} | {clients:2} clients | ratio {k:12} | throughput {s['rps'] / max(d['rps'], 1e-9):4.2f}x | "
                  f"p50 {d['p50'] / max(s['p50'], 1e-9):4.1f}x lower | p99 {d['p99'] / max(s['p99'], 1e-9):4.1f}x lower"
                  f" | medians of {args.rounds} | {before} -> {loadavg()}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--warmup", type=float, default=2.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--clients", type=int, nargs="+", default=[32, 8, 1])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--server", nargs="+", default=["granian"], choices=("granian", "gunicorn"),
                    help="statecare's server(s): granian (statecare.web.serve, production) and/or gunicorn")
    ap.add_argument("--worker-class", default="gthread", choices=("gthread", "sync"), help="gunicorn only")
    ap.add_argument("--national", type=Path, default=PROJECT_ROOT / "instance" / "statecare.sqlite3",
                    help="the national database `make pipeline` builds (skipped if absent)")
    ap.add_argument("--only", choices=("bench", "national"))
    args = ap.parse_args()
    exe = datasette_bin()
    base = base_records(fixtures_dir())
    words = [q["q"] for q in distinct_queries(base, n=30000)]
    print(f"server: {' and '.join(args.server)} {args.workers} workers x {args.threads} threads vs datasette; "
          f"{os.cpu_count()} CPUs; {loadavg()}", flush=True)
    dbs = []
    if args.only in (None, "bench"):
        dbs.append(("bench116k", sqlite_bench_db(base)))
    if args.only in (None, "national"):
        if args.national.exists():
            dbs.append(("national", args.national))
        else:
            print(f"national: {args.national} not found (build it with `make pipeline`); skipped")
    for name, db in dbs:
        compare(name, db, exe, words, args)


if __name__ == "__main__":
    main()
