"""CPU per /search.json request of two checkouts (or two databases), taking turns on the same searches.

Why: on a shared 2-core machine one process's CPU time per request drifts by 10-20 % from run to run
(other work takes the caches and the clock), which hides a 5 % change. Here two long-lived worker
processes -- one per checkout, each with its own code on PYTHONPATH -- answer the same batches of
searches in turn (the order flips every batch), so both see the same machine; the per-batch ratio
B/A is what a change moved. Calibrated with the same checkout on both sides: median ratio 0.99-1.00.

The requests: bench_datasette.paths_for over bench_search.distinct_queries (the datasette
comparison's `/search.json?q=...`, one or two words of real titles, never repeated), sent straight
to the app's WSGI callable (the lean path, statecare.web.search_fast; no test client, no server),
search cache off, gzip asked for. The first 300 searches of another slice warm each worker up.
Each worker also hashes its answers: "differing batches" counts batches whose bytes differ.

    python benchmarks/ab_search_cpu.py /work/main /work/wt-x [-n 2000] [--batch 100]
    python benchmarks/ab_search_cpu.py /work/main /work/main:/tmp/copy.sqlite3   # same code, two databases

A side is CHECKOUT[:DATABASE FILE] (default: the national database, instance/statecare.sqlite3).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

NATIONAL = Path(__file__).resolve().parent.parent / "instance" / "statecare.sqlite3"


def worker(db: Path) -> None:
    """Build the app on `db`, then answer lines "i j" with "cpu-seconds digest non-200" for searches i:j."""
    os.environ["STATECARE_SEARCH_CACHE_SECONDS"] = "0"
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_datasette import paths_for
    from bench_search import base_records, distinct_queries

    from statecare.config import fixtures_dir
    from statecare.web.app import build_app

    words = [q["q"] for q in distinct_queries(base_records(fixtures_dir()), n=30000)]
    paths, _ = paths_for(db, words)
    app = build_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "ab-search-cpu"})
    statuses: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
        statuses.append(status)

    def environ(path: str) -> dict[str, Any]:
        path_info, query = path.split("?", 1)
        return {"REQUEST_METHOD": "GET", "PATH_INFO": path_info, "QUERY_STRING": query, "SCRIPT_NAME": "",
                "SERVER_NAME": "localhost", "SERVER_PORT": "80", "HTTP_HOST": "localhost",
                "HTTP_ACCEPT_ENCODING": "gzip, deflate", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
                "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "wsgi.version": (1, 0),
                "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False}

    for p in paths[20000:20300]:  # warm-up (and the first request from a host goes through Flask)
        b"".join(app.wsgi_app(environ(p), start_response))
    print("ready", flush=True)
    for line in sys.stdin:
        i, j = map(int, line.split())
        envs = [environ(p) for p in paths[i:j]]
        statuses.clear()
        digest = hashlib.sha256()
        t = time.process_time()
        for e in envs:
            digest.update(b"".join(app.wsgi_app(e, start_response)))
        t = time.process_time() - t
        print(t, digest.hexdigest()[:16], sum(not s.startswith("200") for s in statuses), flush=True)


def start(side: str) -> subprocess.Popen[str]:
    repo, _, db = side.partition(":")
    env = {**os.environ, "PYTHONPATH": repo}
    proc = subprocess.Popen([sys.executable, __file__, "--worker", db or str(NATIONAL)], env=env, cwd=repo,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdin is not None and proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        raise RuntimeError(f"{side}: the worker did not start")
    return proc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a", nargs="?", help="CHECKOUT[:DATABASE] (before)")
    ap.add_argument("b", nargs="?", help="CHECKOUT[:DATABASE] (after)")
    ap.add_argument("-n", type=int, default=2000, help="distinct searches")
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--worker", metavar="DB", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(Path(args.worker))
        return
    if not (args.a and args.b):
        ap.error("two sides are needed: A and B")
    procs = [start(args.a), start(args.b)]
    totals, ratios, differing, bad = [0.0, 0.0], [], 0, [0, 0]
    for k, i in enumerate(range(0, args.n, args.batch)):
        got: list[tuple[float, str]] = [(0.0, ""), (0.0, "")]
        for w in ((0, 1) if k % 2 == 0 else (1, 0)):
            stdin, stdout = procs[w].stdin, procs[w].stdout
            assert stdin is not None and stdout is not None
            stdin.write(f"{i} {min(args.n, i + args.batch)}\n")
            stdin.flush()
            cpu, digest, non200 = stdout.readline().split()
            got[w] = (float(cpu), digest)
            bad[w] += int(non200)
        totals = [totals[0] + got[0][0], totals[1] + got[1][0]]
        ratios.append(got[1][0] / got[0][0])
        differing += got[0][1] != got[1][1]
    for p in procs:
        assert p.stdin is not None
        p.stdin.close()
        p.wait()
    print(f"A {args.a}: {totals[0] / args.n * 1e3:.3f} ms/request  B {args.b}: {totals[1] / args.n * 1e3:.3f} ms"
          f"  B/A total {totals[1] / totals[0]:.3f}, median of batches {statistics.median(ratios):.3f}"
          f"  differing batches {differing}  non-200 {bad}  load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
