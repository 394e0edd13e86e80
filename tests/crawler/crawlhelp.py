"""Helpers for the crawler tests (imported by the test modules and conftest): run `statecare crawl` in a subprocess, read what it stored.

Every crawl runs in its own process because scrapy's Twisted reactor cannot be restarted, and
because that is how `make run` and `statecare update` run it. What a crawl should have stored is
computed from the recorded fixture files themselves, never written into the tests.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from statecare.crawler.discover import discover_versions
from statecare.db.models import Action, Bill, CrawlError, CrawlRun, Sponsorship, Version
from statecare.legis.identifiers import normalize_identifier
from statecare.legis.record import state_of

STATECARE = [sys.executable, "-m", "statecare"]


def start_crawl(args: list[str]) -> subprocess.Popen[bytes]:
    """A `statecare crawl` process with no API key in its environment (the replay needs none)."""
    env = {**os.environ, "OPENSTATES_API_KEY": ""}
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def kill_when(proc: subprocess.Popen[bytes], ready: Callable[[], bool], what: str, timeout: float = 120) -> None:
    """SIGKILL `proc` as soon as `ready()` holds (midway through its work, as a power cut would);
    fail if it ends first or `what` has not happened within `timeout` seconds."""
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            assert proc.poll() is None, "crawl ended before it could be killed"
            assert time.monotonic() < deadline, f"{what} within {timeout:.0f} s"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()


@dataclass(frozen=True)
class Expected:
    key: tuple[str, str, str]
    actions: int
    sponsorships: int
    versions: int
    sources: int


def expected_openstates(fixtures: Path) -> dict[tuple[str, str, str], Expected]:
    """Every bill in fixtures/openstates (pupa files and v3 items), keyed as the store keys it."""
    out: dict[tuple[str, str, str], Expected] = {}
    for path in sorted((fixtures / "openstates").glob("*/*.json")):
        obj = json.loads(path.read_bytes())
        items = obj if isinstance(obj, list) else [obj]
        for b in items:
            if not (("legislative_session" in b and "actions" in b) or "session" in b):
                continue  # vote events and action logs are not bills
            key = (state_of(b), b.get("legislative_session") or b["session"], normalize_identifier(b["identifier"]))
            # a record listing no versions gets those the state's URL patterns give (crawler.discover)
            versions = b.get("versions") or discover_versions({**b, "state": key[0]})
            out[key] = Expected(key, len(b.get("actions", [])), len(b.get("sponsorships", [])),
                                len(versions), len(b.get("sources", [])))
    return out


def stored_bills(engine: Engine) -> dict[tuple[str, str, str], dict[str, Any]]:
    """What the database holds per bill: child-row counts and the sources list."""
    out = {}
    with engine.connect() as conn:
        for b in conn.execute(select(Bill)).mappings():
            counts = {}
            for name, model in (("actions", Action), ("sponsorships", Sponsorship), ("versions", Version)):
                counts[name] = conn.execute(select(func.count()).select_from(model)
                                            .where(model.bill_id == b["id"])).scalar()
            out[(b["state"], b["legislative_session"], b["identifier"])] = {
                **counts, "sources": len(b["sources"] or []), "id": b["id"], "source": b["source"]}
    return out


def table_count(engine: Engine, model: Any) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar() or 0


def crawl_errors(engine: Engine, run_id: int) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [(r.url, r.reason) for r in conn.execute(select(CrawlError).where(CrawlError.run_id == run_id))]


def run_row(engine: Engine, run_id: int) -> dict[str, Any]:
    with engine.connect() as conn:
        return dict(conn.execute(select(CrawlRun).where(CrawlRun.id == run_id)).mappings().one())


def crawl_cmd(source: str, db_url: str, *extra: str) -> list[str]:
    return [*STATECARE, "crawl", "--source", source, "--database-url", db_url, "--json", *extra]


def run_crawl(source: str, db_url: str, *extra: str, timeout: float = 300) -> dict[str, Any]:
    """Run one crawl to the end; return its JSON summary (fails the test with its log if it broke)."""
    env = {**os.environ, "OPENSTATES_API_KEY": "", "LEGISCAN_API_KEY": ""}
    proc = subprocess.run(crawl_cmd(source, db_url, *extra), capture_output=True, text=True,
                          timeout=timeout, env=env)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    assert lines, f"crawl printed no summary (exit {proc.returncode}):\n{proc.stderr[-4000:]}"
    return json.loads(lines[-1])
