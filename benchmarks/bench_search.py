"""Search latency and throughput of the site under load, on SQLite and on PostgreSQL.

Corpus: every real NY 2025 bill title (labels/ny_2025_all_bills_status_titles.csv), the NY health and
insurance bills 2019-2023 with their summaries (labels/ny_health_insurance_bills_status_actions_*),
and the Open States fixture bills with the recorded full texts -- then copied under distinct
session names until there are at least 100,000 bills. It is loaded with bulk inserts (the store's
per-bill transactions would make the benchmark about loading, not searching); the full-text index
is the real one from statecare.db.schema.

Server: gunicorn (gthread workers) serving statecare.web:create_app() on a loopback port.
Clients: 32 concurrent keep-alive connections from one asyncio process, cycling through a mix of
searches (words, phrases, prefixes, exclusions, OR, bill numbers, filters, sorting, later pages) on
/search.json. Prints p50 / p90 / p99 latency and requests per second. The client runs on the same
machine as the server and the database, so the figures include that contention.

    .venv/bin/python benchmarks/bench_search.py [--bills 100000] [--seconds 15] [--only sqlite|postgres]
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
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import create_engine, insert, text

from statecare.config import fixtures_dir
from statecare.db.engine import make_engine
from statecare.db.models import Bill, SearchDoc
from statecare.db.normalize import normalize_identifier, state_of
from statecare.db.schema import create_all

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
    with eng.begin() as conn:
        if eng.dialect.name == "sqlite":
            conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text("ANALYZE"))
    eng.dispose()
    return len(bills)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, instance: Path, workers: int, threads: int, cache_seconds: float
                   ) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench", STATECARE_INSTANCE=str(instance),
               STATECARE_SEARCH_CACHE_SECONDS=str(cache_seconds))
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    proc = subprocess.Popen(
        [gunicorn, "-w", str(workers), "-k", "gthread", "--threads", str(threads), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--keep-alive", "30", "statecare.web:create_app()"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc, port
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("gunicorn exited: " + proc.stderr.read().decode()[-2000:]) from None  # type: ignore[union-attr]
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start listening")


async def client(port: int, paths: list[str], offset: int, until: float, record_from: float,
                 lat: list[float], errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    k = offset
    try:
        while True:
            now = time.perf_counter()
            if now >= until:
                return
            path = paths[k % len(paths)]
            k += 1
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode())
            t0 = time.perf_counter()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            t1 = time.perf_counter()
            if status != 200:
                errors.append(f"{status} {path}")
            if t0 >= record_from:
                lat.append(t1 - t0)
            if b"connection: close" in head.lower():
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


def distinct_queries(base: list[dict[str, Any]], n: int = 3000, seed: int = 7) -> list[dict[str, str]]:
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


async def run_load(port: int, queries: list[dict[str, str]], seconds: float, warmup: float,
                   clients: int = CLIENTS) -> tuple[list[float], list[str], float]:
    paths = ["/search.json?" + urlencode(q) for q in queries]
    lat: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    record_from = start + warmup
    until = record_from + seconds
    step = max(1, len(paths) // clients)
    await asyncio.gather(*(client(port, paths, i * step, until, record_from, lat, errors)
                           for i in range(clients)))
    return lat, errors, seconds


def pct(xs: list[float], p: float) -> float:
    return statistics.quantiles(xs, n=1000)[int(p * 10) - 1] if len(xs) > 10 else max(xs)


def bench(name: str, url: str, base: list[dict[str, Any]], args: argparse.Namespace, tmp: Path) -> None:
    t = time.perf_counter()
    n = load(url, base, args.bills)
    print(f"{name}: loaded {n} bills ({len(base)} real, copied) in {time.perf_counter() - t:.1f}s")
    scenarios = [
        # one client: the time a search takes when nothing waits in line (service time)
        ("distinct queries, cache off, 1 client", distinct_queries(base), 0.0, 1),
        ("distinct queries, cache off", distinct_queries(base), 0.0, CLIENTS),
        (f"popular mix of {len(QUERIES)} searches, cache on", QUERIES, 60.0, CLIENTS),
    ]
    for label, queries, cache_s, clients in scenarios:
        proc, port = start_gunicorn(url, tmp, args.workers, args.threads, cache_s)
        try:
            lat, errors, secs = asyncio.run(run_load(port, queries, args.seconds, args.warmup, clients))
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        ms = sorted(x * 1000 for x in lat)
        print(f"{name} [{label}]: {len(ms)} searches in {secs:.0f}s, {clients} clients, gunicorn {args.workers}x"
              f"{args.threads} gthread; errors={len(errors)}")
        print(f"{name} [{label}]: p50={pct(ms, 50):.1f} ms  p90={pct(ms, 90):.1f} ms  p99={pct(ms, 99):.1f} ms  "
              f"max={ms[-1]:.1f} ms  throughput={len(ms) / secs:.0f} req/s")
        if errors:
            print(f"{name} [{label}]: first errors: {errors[:5]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bills", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--warmup", type=float, default=3.0)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--only", choices=("sqlite", "postgres"))
    args = ap.parse_args()
    base = base_records(fixtures_dir())
    tmp = Path(tempfile.mkdtemp(prefix="statecare-bench-"))
    try:
        if args.only in (None, "sqlite"):
            bench("sqlite", f"sqlite:///{tmp / 'bench.sqlite3'}", base, args, tmp)
        if args.only in (None, "postgres"):
            name = f"statecare_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
            except Exception as exc:  # noqa: BLE001 - report and carry on with what can run
                print(f"postgres: not reachable at {PG_ADMIN}: {exc}")
                return
            try:
                bench("postgres", PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", base, args, tmp)
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
