"""gunicorn settings for serving the site, for those who run gunicorn.

    gunicorn -c python:statecare.web.gunicorn_conf "statecare.app:create_app()"

Production runs granian (statecare.web.serve), which spent less CPU per search request than this
in every paired benchmark (docs/web.md); the benchmarks run this with `--server gunicorn`.
Why these, for the 2-core machine the site is measured on (docs/web.md has the figures):

- `gthread`, 2 workers x 2 threads: one process per core, and a second thread so that a worker
  whose request waits on the network or on PostgreSQL still has work. Measured against 2 x 1,
  3 x 1 and `sync` x 2 at 32 closed-loop clients (docs/web.md; a loaded machine, load average
  ~10): `sync` spent ~15 % more CPU per request (it cannot keep a connection alive, so every
  request is a new connection), a third process ~10 % more (three processes on two cores), and
  one thread per worker served less (within that run's noise);
- keep-alive 30 s: browsers and API clients reuse their connection for the next search instead
  of a TCP handshake per request (gunicorn's default is 2 s);
- a backlog of 256 connections waiting to be accepted, for bursts.

STATECARE_WORKERS / STATECARE_THREADS change the counts for a bigger machine (about one worker
per core).
"""

from __future__ import annotations

import os

bind = os.environ.get("STATECARE_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("STATECARE_WORKERS", "2"))
threads = int(os.environ.get("STATECARE_THREADS", "2"))
keepalive = 30
backlog = 256
