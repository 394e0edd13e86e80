"""Serving the site in production with granian (a Rust HTTP server) in WSGI mode.

    python -m statecare.web.serve            # STATECARE_BIND=0.0.0.0:8000, STATECARE_WORKERS, STATECARE_THREADS

Why granian rather than gunicorn: the site's search answers in about 2 ms of Python and SQLite
CPU, and on a 2-core machine what the HTTP server spends around that is throughput lost. Under
the same closed-loop load (benchmarks/bench_datasette.py --server granian gunicorn; docs/web.md
has the figures), gunicorn's `gthread` workers spent 0.07-0.76 ms (median 0.37 ms) more CPU per
distinct /search.json request than granian's, whose parsing, keep-alive and socket writes are
Rust that does not hold the GIL; at 32 clients granian served more requests in four runs of five
(10-70 % more), gunicorn in one (10 % more). gunicorn still works (statecare/web/gunicorn_conf.py).

The settings, for the 2-core machine the site is measured on:
- 2 workers (one process per core), each with 2 threads running the app: a worker whose request
  waits on PostgreSQL or the disk still has work; 2 x 1 served less at 32 clients, 2 x 4 was
  mixed against 2 x 2 (better at 8 clients in two runs, worse in one, level at 32);
- HTTP/1.1 only, no websockets (the site has none; a server that looks for an upgrade on every
  request does work for nothing), keep-alive on (granian's default);
- no backpressure below the backlog: a limit of in-flight requests per worker near the thread
  count makes granian stop reading some connections while others are served, which lowers the
  measured latency of the requests that complete and starves the rest;
- a backlog of 256 connections waiting to be accepted, for bursts (as gunicorn_conf).

STATECARE_WORKERS / STATECARE_THREADS change the counts for a bigger machine (about one worker
per core).
"""

from __future__ import annotations

import os
from typing import Any

APP = "statecare.app:create_app"  # a factory: granian calls it once per worker
WORKERS = 2
THREADS = 2
BACKLOG = 256


def bind(env: dict[str, str] | None = None) -> tuple[str, int]:
    """(address, port) from STATECARE_BIND ("host:port", default 127.0.0.1:8000; "[::1]:8000" for IPv6)."""
    raw = (env if env is not None else os.environ).get("STATECARE_BIND", "127.0.0.1:8000")
    host, _, port = raw.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"STATECARE_BIND must be host:port, not {raw!r}")
    return host.strip("[]"), int(port)


def options(env: dict[str, str] | None = None) -> dict[str, Any]:
    """granian.Granian's keyword arguments for serving the site (the settings described above)."""
    from granian.constants import HTTPModes, Interfaces
    from granian.log import LogLevels

    e = env if env is not None else os.environ
    address, port = bind(dict(e))
    return {
        "target": APP, "factory": True, "interface": Interfaces.WSGI, "address": address, "port": port,
        "workers": int(e.get("STATECARE_WORKERS", WORKERS)), "blocking_threads": int(e.get("STATECARE_THREADS", THREADS)),
        "http": HTTPModes.http1, "websockets": False, "backlog": BACKLOG,
        "log_level": LogLevels(e.get("STATECARE_LOG_LEVEL", "warning")),
    }


def main() -> None:
    from granian import Granian

    Granian(**options()).serve()


if __name__ == "__main__":
    main()
