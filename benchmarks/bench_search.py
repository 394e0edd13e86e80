"""Search latency and throughput of the site under load, on SQLite and on PostgreSQL.

Corpus: every real NY 2025 bill title (labels/ny_2025_all_bills_status_titles.csv), the NY health and
insurance bills 2019-2023 with their summaries (labels/ny_health_insurance_bills_status_actions_*),
and the Open States fixture bills with the recorded full texts -- then copied under distinct
session names until there are at least 100,000 bills. It is loaded with bulk inserts (the store's
per-bill transactions would make the benchmark about loading, not searching); the full-text index
is the real one from statecare.db.schema, and PostgreSQL gets the VACUUM ANALYZE autovacuum would.

Server: granian (statecare.web.serve, the production server) or gunicorn (--server gunicorn,
--worker-class) serving statecare.app:create_app() on a loopback port (--workers, --threads). Clients: 32 keep-alive connections from one asyncio process on /search.json, in two
ways, because they answer different questions:

- closed loop: each client sends its next search the moment the last one answers. This measures
  the most the machine can serve; latency is then about 32 / throughput by construction (Little's
  law), so p50 <= 10 ms at 32 closed-loop clients would need about 3,200 searches/s.
- open loop: the 32 clients together send a fixed number of searches per second on a fixed
  schedule (each client one request per 32/rate seconds). Latency is counted from when a request
  was due, not when it could be sent, so time spent waiting behind a slow answer is not hidden.

Queries: "distinct" ones (a word or two of a real title, 15 % with a state filter, 10 % page 2;
no two alike, search cache off) and the "popular" mix of QUERIES repeated (cache on, as served);
/search.json, and once the HTML page /search with the same kind of queries.
The client, server and database share the machine (2 cores here), and the load average is printed
with every figure: other work on the machine shows up in them.

    .venv/bin/python benchmarks/bench_search.py [--bills 100000] [--seconds 10] [--only sqlite|postgres]
        [--sqlite-file F | --pg-url U  (benchmark an already loaded database)]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import create_engine, insert, text

from statecare.config import fixtures_dir
from statecare.db.engine import make_engine
from statecare.db.models import Bill, SearchDoc
from statecare.db.schema import create_all
from statecare.legis.identifiers import normalize_identifier
from statecare.legis.record import state_of

CLIENTS = 32
PG_ADMIN = os.environ.get("STATECARE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
QUERIES: list[dict[str, str]] = [
    {"q": "health insurance"}, {"q": "medicaid"}, {"q": '"public health law"'}, {"q": "tax credit"},
    {"q": "school*"}, {"q": "S 3425"}, {"q": "A1466"}, {"q": "universal health care"}, {"q": "global budget"},
    {"q": "immigration"}, {"q": "health -insurance"}, {"q": "budget OR appropriation"}, {"q": "hospital"},
    {"q": "insulin"}, {"q": "health", "state": "ny"}, {"q": "health", "sort": "newest"},
    {"q": "education", "page": "3"}, {"q": "New York Health plan"}, {"q": "payroll"}, {"q": "mental health"},
    {"q": "veterans"}, {"q": "\"unbalanced quote"}, {"q": "nurse*"}, {"q": "SJM 8004"},
]


def base_records(fx: Path) -> list[dict[str, Any]]:
    """The real bills the corpus is made of (title, abstract, body, date)."""
    out: list[dict[str, Any]] = []
    with open(fx / "labels/ny_2025_all_bills_status_titles.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.append({"state": "ny", "session": "2025-2026", "identifier": normalize_identifier(r["print_no"]),
                        "title": r["title"], "abstract": "", "body": "", "date": None})
    with open(fx / "labels/ny_health_insurance_bills_status_actions_2019-2023.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            y = int(r["session"])
            dates = [a.split("|", 1)[0].strip() for a in (r["actions"] or "").split(";;") if a.strip()]
            out.append({"state": "ny", "session": f"{y}-{y + 1}", "identifier": normalize_identifier(r["print_no"]),
                        "title": r["title"], "abstract": r["summary"], "body": "",
                        "date": max(dates) if dates else None})
    texts: dict[str, Path] = {}
    for p in (fx / "bill_texts").rglob("*.txt"):
        ident = next((t for t in re.split(r"[_.]", p.name) if re.fullmatch(r"[A-Z]+\d+[A-Z]?", t)), None)
        if ident:
            texts[ident] = p
    for f in sorted((fx / "openstates").rglob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        for rec in data if isinstance(data, list) else [data]:
            if not isinstance(rec, dict) or "identifier" not in rec or "title" not in rec:
                continue
            try:
                st = state_of(rec)
            except ValueError:
                continue
            ident = str(rec["identifier"])
            body_path = texts.get(ident.replace(" ", ""))
            out.append({"state": st, "session": str(rec.get("legislative_session") or rec.get("session")),
                        "identifier": normalize_identifier(ident), "title": rec["title"],
                        "abstract": "\n".join(a.get("abstract", "") for a in rec.get("abstracts") or []
                                              if isinstance(a, dict)),
                        "body": body_path.read_text(encoding="utf-8") if body_path else "",
                        "date": max((a.get("date", "") for a in rec.get("actions") or []), default=None)})
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for r in out:
        k = (r["state"], r["session"], r["identifier"])
        if k not in seen:
            seen.add(k)
            unique.append(r)
    return unique


def load(url: str, base: list[dict[str, Any]], n: int) -> int:
    """Create the schema and bulk-load at least `n` bills (copies get their own session name)."""
    eng = make_engine(url)
    create_all(eng)
    bills, docs = [], []
    i = 0
    copy = 0
    while i < n:
        for r in base:
            i += 1
            sess = r["session"] if copy == 0 else f"{r['session']}~copy{copy}"
            bills.append({"id": i, "state": r["state"], "legislative_session": sess, "identifier": r["identifier"],
                          "title": r["title"], "latest_action_date": r["date"], "source": "bench"})
            # the long recorded texts are stored once, not in every copy
            docs.append({"bill_id": i, "title": r["title"], "abstract": r["abstract"],
                         "body": r["body"] if copy == 0 else ""})
        copy += 1
    with eng.begin() as conn:
        for k in range(0, len(bills), 5000):
            conn.execute(insert(Bill.__table__), bills[k:k + 5000])
            conn.execute(insert(SearchDoc.__table__), docs[k:k + 5000])
    # then what a database that has been running a while has: an optimised index, fresh statistics,
    # and the load's writes flushed (a checkpoint during the measurements would measure the loader)
    with eng.begin() as conn:
        if eng.dialect.name == "sqlite":
            conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
            conn.execute(text("ANALYZE"))
    if eng.dialect.name == "sqlite":
        with eng.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    eng.dispose()
    if not url.startswith("sqlite"):
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
            conn.execute(text("CHECKPOINT"))
    return len(bills)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, instance: Path, args: argparse.Namespace, cache_seconds: float
                   ) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench", STATECARE_INSTANCE=str(instance),
               STATECARE_SEARCH_CACHE_SECONDS=str(cache_seconds))
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    # the served configuration (keep-alive, backlog, ...); the counts and class given here override it
    # --chdir: gunicorn puts its working folder first on sys.path, so without it a benchmark started
    # from another checkout's folder would serve that checkout's code
    cmd = [gunicorn, "-c", "python:statecare.web.gunicorn_conf", "-w", str(args.workers), "-k", args.worker_class,
           "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--chdir", str(Path(__file__).resolve().parent.parent)]
    if args.worker_class == "gthread":
        cmd += ["--threads", str(args.threads)]
    proc = subprocess.Popen([*cmd, "statecare.app:create_app()"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    wait_port(proc, port, "gunicorn")
    return proc, port


def start_granian(url: str, instance: Path, args: argparse.Namespace, cache_seconds: float
                  ) -> tuple[subprocess.Popen, int]:
    """The production server (statecare.web.serve: granian, WSGI) with its own settings, the worker
    and thread counts given here."""
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench", STATECARE_INSTANCE=str(instance),
               STATECARE_SEARCH_CACHE_SECONDS=str(cache_seconds), STATECARE_BIND=f"127.0.0.1:{port}",
               STATECARE_WORKERS=str(args.workers), STATECARE_THREADS=str(args.threads))
    # cwd: `python -m` puts it first on sys.path, so the benchmark's own checkout is what is served
    proc = subprocess.Popen([sys.executable, "-m", "statecare.web.serve"], env=env, cwd=Path(__file__).resolve().parent.parent,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    wait_port(proc, port, "granian")
    return proc, port


def start_server(url: str, instance: Path, args: argparse.Namespace, cache_seconds: float
                 ) -> tuple[subprocess.Popen, int]:
    """gunicorn or granian (`args.server`), serving statecare.app:create_app() on a loopback port."""
    if getattr(args, "server", "granian") == "granian":
        return start_granian(url, instance, args, cache_seconds)
    return start_gunicorn(url, instance, args, cache_seconds)


def wait_port(proc: subprocess.Popen, port: int, name: str, seconds: float = 30.0) -> None:
    """Block until `proc` listens on `port`; raise with its last stderr if it exits first."""
    for _ in range(int(seconds * 10)):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited: " + proc.stderr.read().decode()[-2000:]) from None  # type: ignore[union-attr]
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not start listening")


class Conn:
    """One keep-alive HTTP/1.1 connection, reopened when the server closes it."""

    def __init__(self, port: int, headers: str = "") -> None:
        self.port = port
        self.headers = headers  # extra request header lines, each ending in CRLF
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{self.headers}\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        lower = head.lower()
        i = lower.find(b"content-length:")
        if i >= 0:
            await self.reader.readexactly(int(lower[i + 15:lower.index(b"\r\n", i)]))
        elif b"transfer-encoding: chunked" in lower:  # e.g. datasette's JSON (bench_datasette.py)
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if b"connection: close" in lower:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Load:
    """What one scenario measured (times in s)."""

    latencies: list[float] = field(default_factory=list)  # of requests due in the window
    done_in_window: int = 0  # responses completed inside the window: the achieved throughput
    errors: list[str] = field(default_factory=list)
    client_cpu: float = 0.0
    server_cpu: float = 0.0  # CPU s of gunicorn and its workers inside the window
    busy: float = 0.0  # share of the machine's CPU time that was busy inside the window


async def run_load(port: int, server_pid: int, paths: list[str], clients: int, seconds: float, warmup: float,
                   rate: float | None, load: Load, headers: str = "") -> None:
    """Latencies of requests due after the warm-up; closed loop if rate is None, else open loop at
    `rate` requests/s over all clients, each latency counted from when its request was due."""
    lat, errors = load.latencies, load.errors
    start = time.perf_counter() + 0.05
    record_from = start + warmup
    until = record_from + seconds

    async def sample() -> None:
        await asyncio.sleep(max(0.0, record_from - time.perf_counter()))
        cpu0, (busy0, all0) = cpu_seconds(server_pid), machine_busy()
        await asyncio.sleep(max(0.0, until - time.perf_counter()))
        cpu1, (busy1, all1) = cpu_seconds(server_pid), machine_busy()
        load.server_cpu, load.busy = cpu1 - cpu0, (busy1 - busy0) / max(1e-9, all1 - all0)

    async def one(i: int) -> None:
        c = Conn(port, headers)
        k = i * max(1, len(paths) // clients)
        interval = clients / rate if rate else 0.0
        due = start + (i * interval / clients if rate else 0.0)
        try:
            while due < until:
                now = time.perf_counter()
                if rate and due > now:
                    await asyncio.sleep(due - now)
                sent = time.perf_counter()
                if not rate:
                    due = sent
                path = paths[k % len(paths)]
                k += 1
                status = await c.get(path)
                done = time.perf_counter()
                if status != 200:
                    errors.append(f"{status} {path}")
                if due >= record_from:
                    lat.append(done - due)
                if record_from <= done < until:
                    load.done_in_window += 1
                due = due + interval if rate else done
        finally:
            c.close()

    cpu0 = time.process_time()
    await asyncio.gather(sample(), *(one(i) for i in range(clients)))
    load.client_cpu = time.process_time() - cpu0


def distinct_queries(base: list[dict[str, Any]], n: int = 24000, seed: int = 7) -> list[dict[str, str]]:
    """Searches nobody repeats: one or two words of a real title, some with a state filter or a later
    page, so nearly every request is computed (no cache can help)."""
    rng = random.Random(seed)
    words = [w for r in base for w in re.findall(r"[A-Za-z]{5,}", r["title"])]
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    while len(out) < n:
        q = " ".join(rng.sample(words, rng.choice((1, 1, 2)))).lower()
        if q in seen:
            continue
        seen.add(q)
        d = {"q": q}
        if rng.random() < 0.15:
            d["state"] = "ny"
        if rng.random() < 0.1:
            d["page"] = "2"
        out.append(d)
    return out


def pct(xs: list[float], p: float) -> float:
    return statistics.quantiles(xs, n=1000)[int(p * 10) - 1] if len(xs) > 10 else max(xs)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, s) of a process and all its descendants, from /proc (children of
    any of its threads: granian starts its workers from another thread than the main one)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
        for task in os.listdir(f"/proc/{pid}/task"):
            for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split():
                total += cpu_seconds(int(child))
    except (OSError, IndexError, ValueError):
        pass
    return total


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    vals = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    idle = vals[3] + vals[4]
    return (sum(vals) - idle) / tick, sum(vals) / tick


def loadavg() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def bench(name: str, url: str, args: argparse.Namespace, tmp: Path, base: list[dict[str, Any]]) -> list[str]:
    distinct = ["/search.json?" + urlencode(q) for q in distinct_queries(base)]
    popular = ["/search.json?" + urlencode(q) for q in QUERIES]
    scenarios: list[tuple[str, list[str], float, int, float | None]] = [
        # (label, paths, cache seconds, clients, offered rate or None for closed loop)
        ("distinct, 1 client, closed loop (service time)", distinct, 0.0, 1, None),
        ("distinct, 32 clients, closed loop", distinct, 0.0, CLIENTS, None),
        ("popular, 32 clients, closed loop, cache on", popular, 60.0, CLIENTS, None),
    ]
    pages = ["/search?" + p.split("?", 1)[1] for p in distinct]  # the HTML page a person sees
    for i, rate in enumerate(args.rates):
        scenarios.append((f"distinct, 32 clients, open loop {rate:g}/s", distinct, 0.0, CLIENTS, rate))
        if i == 0:
            scenarios.append((f"distinct HTML /search, 32 clients, open loop {rate:g}/s", pages, 0.0, CLIENTS, rate))
        scenarios.append((f"popular, 32 clients, open loop {rate:g}/s, cache on", popular, 60.0, CLIENTS, rate))
    if args.scenario:
        scenarios = [sc for sc in scenarios if any(k in sc[0] for k in args.scenario)]
    rows = []
    offset = 0
    for label, paths, cache_s, clients, rate in scenarios:
        if paths is distinct or paths is pages:  # every scenario gets searches no earlier one has run
            paths = paths[offset:] + paths[:offset]
            offset += 4000
        proc, port = start_server(url, tmp, args, cache_s)
        load = Load()
        try:
            before = loadavg()
            asyncio.run(run_load(port, proc.pid, paths, clients, args.seconds, args.warmup, rate, load))
            after = loadavg()
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        ms = sorted(x * 1000 for x in load.latencies)
        secs = args.seconds
        wall = args.seconds + args.warmup
        line = (f"{name:8} | {label:50} | p50 {pct(ms, 50):7.1f} | p90 {pct(ms, 90):7.1f} | p99 {pct(ms, 99):7.1f} ms"
                f" | {load.done_in_window / secs:5.0f} req/s | err {len(load.errors)}"
                f" | web cpu {load.server_cpu / max(1, load.done_in_window) * 1000:4.1f} ms/req"
                f" | client cpu {load.client_cpu / wall:3.0%} | machine busy {load.busy:3.0%} | {before} -> {after}")
        print(line, flush=True)
        if load.errors:
            print(f"{name}: first errors: {load.errors[:5]}", flush=True)
        rows.append(line)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bills", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--warmup", type=float, default=2.0)
    ap.add_argument("--server", default="granian", choices=("granian", "gunicorn"),
                    help="granian (statecare.web.serve, production) or gunicorn (gunicorn_conf)")
    ap.add_argument("--worker-class", default="gthread", choices=("gthread", "sync"), help="gunicorn only")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rates", type=float, nargs="*", default=[64.0, 128.0],
                    help="open-loop offered rates, requests/s over all 32 clients")
    ap.add_argument("--only", choices=("sqlite", "postgres"))
    ap.add_argument("--scenario", action="append", help="run only scenarios whose label contains this")
    ap.add_argument("--sqlite-file", help="benchmark this already loaded SQLite file")
    ap.add_argument("--pg-url", help="benchmark this already loaded PostgreSQL database")
    args = ap.parse_args()
    base = base_records(fixtures_dir())
    tmp = Path(tempfile.mkdtemp(prefix="statecare-bench-"))
    print(f"server: {args.server} " + (f"{args.worker_class} " if args.server == "gunicorn" else "")
          + f"{args.workers} workers" + (f" x {args.threads} threads" if args.worker_class == "gthread" else "")
          + f"; {os.cpu_count()} CPUs; {loadavg()}", flush=True)
    try:
        if args.only in (None, "sqlite"):
            url = f"sqlite:///{args.sqlite_file}" if args.sqlite_file else f"sqlite:///{tmp / 'bench.sqlite3'}"
            if not args.sqlite_file:
                t = time.perf_counter()
                n = load(url, base, args.bills)
                print(f"sqlite: loaded {n} bills ({len(base)} real, copied) in {time.perf_counter() - t:.1f}s")
            bench("sqlite", url, args, tmp, base)
        if args.only in (None, "postgres"):
            if args.pg_url:
                bench("postgres", args.pg_url, args, tmp, base)
                return
            name = f"statecare_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
            except Exception as exc:  # noqa: BLE001 - report and carry on with what can run
                print(f"postgres: not reachable at {PG_ADMIN}: {exc}")
                return
            try:
                url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
                t = time.perf_counter()
                n = load(url, base, args.bills)
                print(f"postgres: loaded {n} bills in {time.perf_counter() - t:.1f}s")
                bench("postgres", url, args, tmp, base)
            finally:
                with admin.connect() as conn:
                    conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                                 {"n": name})
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                admin.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
