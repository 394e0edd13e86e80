"""CPU time one search request costs the site, on SQLite and PostgreSQL (no HTTP server, no load).

Why a separate figure from bench_search.py: latency under load mixes the server's work with the
clients', the database's and other engineers' processes on a shared 2-core machine. The CPU time of
the request inside the Flask process (`time.process_time` around a test-client request) is what
the search code itself costs, and it is what a change to the search code moves. On SQLite it
includes the database work (in-process); on PostgreSQL it is the web side only, and the database
server's CPU for the same requests is read from /proc for its backends (10 ms ticks).

Corpus: the 116k-bill bench corpus of bench_search.py, built once into the bench work folder
(test-output/bench/) and reused by bench_datasette.py, and the national database `make pipeline`
builds if it is there; queries: bench_search.distinct_queries (searches nobody repeats, search
cache off); requests ask for gzip, as a browser does, so the compression's CPU is counted.

    .venv/bin/python benchmarks/bench_search_cpu.py [--requests 600] [--only sqlite|postgres] [--national FILE]
        [--pg-national URL  (the national database loaded into PostgreSQL: `make pipeline` with DATABASE_URL)]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import PG_ADMIN, base_records, cpu_seconds, distinct_queries, load, loadavg  # noqa: E402

from statecare.config import fixtures_dir  # noqa: E402

WORK = Path(__file__).resolve().parent.parent / "test-output" / "bench"
BILLS = 116_000
PG_NAME = "statecare_bench_search116k"
HEADERS = {"Accept-Encoding": "gzip"}  # as a browser asks: the compression's CPU is counted too


def sqlite_bench_db(base: list[dict[str, Any]], bills: int = BILLS) -> Path:
    """The 116k-bill SQLite bench database, built once into the work folder."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"search{bills // 1000}k.sqlite3"
    if not path.exists():
        tmp = path.with_suffix(".building")
        tmp.unlink(missing_ok=True)
        t = time.perf_counter()
        n = load(f"sqlite:///{tmp}", base, bills)
        tmp.rename(path)
        print(f"sqlite: built {path} ({n} bills) in {time.perf_counter() - t:.0f}s", flush=True)
    return path


def pg_bench_db(base: list[dict[str, Any]], bills: int = BILLS) -> str | None:
    """The same corpus in PostgreSQL (database PG_NAME, built once); None if PostgreSQL is down."""
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{PG_NAME}"
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": PG_NAME}).scalar()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{PG_NAME}"'))
    except Exception as exc:  # noqa: BLE001 - report and carry on with what can run
        print(f"postgres: not reachable at {PG_ADMIN}: {exc}")
        return None
    finally:
        admin.dispose()
    eng = create_engine(url)
    with eng.connect() as conn:
        ready = conn.execute(text("SELECT to_regclass('bench_ready')")).scalar()
    eng.dispose()
    if not ready:
        t = time.perf_counter()
        n = load(url, base, bills)
        with create_engine(url).begin() as conn:
            conn.execute(text("CREATE TABLE bench_ready (n int)"))
        print(f"postgres: built {PG_NAME} ({n} bills) in {time.perf_counter() - t:.0f}s", flush=True)
    return url


def backend_cpu(url: str) -> float:
    """CPU seconds so far of the PostgreSQL backends serving `url`'s database (0 for SQLite)."""
    if url.startswith("sqlite"):
        return 0.0
    eng = create_engine(url)
    with eng.connect() as conn:
        pids = list(conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                      "AND pid <> pg_backend_pid()")).scalars())
    eng.dispose()
    return sum(cpu_seconds(p) for p in pids)


def cpu_per_request(url: str, paths: list[str], warm: int = 50) -> tuple[list[float], list[float], float]:
    """(CPU ms, wall ms) of each request in-process, search cache off, and the database server's
    mean CPU ms per request (PostgreSQL; its backends' /proc accounting, 10 ms ticks)."""
    os.environ["STATECARE_SEARCH_CACHE_SECONDS"] = "0"
    from statecare.web.app import build_app

    app = build_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": True})
    client = app.test_client()
    for p in paths[:warm]:
        client.get(p, headers=HEADERS)
    cpu, wall = [], []
    server0 = backend_cpu(url)
    for p in paths[warm:]:
        c0, w0 = time.process_time(), time.perf_counter()
        r = client.get(p, headers=HEADERS)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
        if r.status_code != 200:
            raise RuntimeError(f"{r.status_code} {p}")
    server = (backend_cpu(url) - server0) * 1000 / max(1, len(cpu))
    app.extensions["statecare_engine"].dispose()
    return cpu, wall, server


def report(name: str, label: str, cpu: list[float], wall: list[float], server: float) -> None:
    q = statistics.quantiles(cpu, n=100)
    db = f" + db server {server:5.2f}" if not name.startswith("sqlite") else ""
    print(f"{name:15} | {label:16} | web cpu ms/req mean {statistics.fmean(cpu):5.2f} p50 {q[49]:5.2f} "
          f"p90 {q[89]:5.2f}{db} | wall p50 {statistics.median(wall):5.2f} | n {len(cpu)} | {loadavg()}",
          flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=600)
    ap.add_argument("--only", choices=("sqlite", "postgres"))
    ap.add_argument("--national", type=Path, default=Path(__file__).resolve().parent.parent / "instance" / "statecare.sqlite3",
                    help="also measure the national database `make pipeline` builds (skipped if absent)")
    ap.add_argument("--pg-national", default=None,
                    help="also measure this PostgreSQL database (the national one, built by the pipeline with DATABASE_URL)")
    args = ap.parse_args()
    base = base_records(fixtures_dir())
    qs = distinct_queries(base)[:args.requests + 50]
    kinds = {"/search.json": ["/search.json?" + urlencode(q) for q in qs],
             "/search (HTML)": ["/search?" + urlencode(q) for q in qs]}
    urls = []
    if args.only in (None, "sqlite"):
        urls.append(("sqlite", f"sqlite:///{sqlite_bench_db(base)}"))
        if args.national.exists():
            urls.append(("sqlite national", f"sqlite:///{args.national}"))
    if args.only in (None, "postgres"):
        pg = pg_bench_db(base)
        if pg:
            urls.append(("postgres", pg))
        if args.pg_national:
            urls.append(("postgres national", args.pg_national))
    for name, url in urls:
        for label, paths in kinds.items():
            cpu, wall, server = cpu_per_request(url, paths)
            report(name, label, cpu, wall, server)


if __name__ == "__main__":
    main()
