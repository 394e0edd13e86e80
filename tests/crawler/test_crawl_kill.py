"""A crawl killed midway (SIGKILL, no chance to clean up) leaves no partial bill, and the next
crawl completes the work."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from crawlhelp import crawl_cmd, kill_when, run_crawl, run_row, start_crawl, stored_bills
from sqlalchemy import Engine, func, inspect, select

from statecare.crawler.replay import ReplayServer
from statecare.db.models import Bill

pytestmark = pytest.mark.slow


def _count_bills(engine: Engine) -> int:
    if not inspect(engine).has_table("bills"):
        return 0
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Bill)).scalar() or 0


def test_sigkill_midway_leaves_whole_bills_and_next_crawl_completes(
        db_url: str, db_engine: Engine, fixtures: Path, expected: dict) -> None:
    # a slow replay (0.4 s a response) so that bills with many versions are still being fetched
    with ReplayServer(fixtures, delay=0.4) as server:
        proc = start_crawl(crawl_cmd("openstates", db_url, "--replay-url", server.url, "--term", "single payer"))
        kill_when(proc, lambda: _count_bills(db_engine) >= 3, "crawl stored nothing")
    assert proc.returncode == -signal.SIGKILL

    stored = stored_bills(db_engine)
    assert 3 <= len(stored) < len(expected), "the kill did not land midway"
    for key, got in stored.items():  # every bill there is whole
        exp = expected[key]
        assert (got["actions"], got["sponsorships"], got["versions"], got["sources"]) == (
            exp.actions, exp.sponsorships, exp.versions, exp.sources), key
    assert run_row(db_engine, 1)["status"] == "running"  # the killed run never finished

    second = run_crawl("openstates", db_url, "--replay", "--no-national")
    assert second["status"] == "finished"
    assert second["new"] == len(expected) - len(stored)
    final = stored_bills(db_engine)
    assert set(final) == set(expected)
    for key, got in final.items():
        exp = expected[key]
        assert (got["actions"], got["sponsorships"], got["versions"], got["sources"]) == (
            exp.actions, exp.sponsorships, exp.versions, exp.sources), key


def _children(pid: int) -> set[int]:
    """The live child processes of `pid` (from /proc: no extra dependency)."""
    out: set[int] = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its adoptive parent to reap it has exited)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_the_writer_dies_with_a_crawl_killed_while_it_starts(tmp_path: Path, fixtures: Path) -> None:
    """Issue 16 #4: the writer read its parent's PID only once started, so a crawl killed -9 while
    the writer was still starting left the writer waiting for work forever (parent PID 1)."""
    db_url = f"sqlite:///{tmp_path / 'orphan.sqlite3'}"
    with ReplayServer(fixtures) as server:
        env = {**os.environ, "OPENSTATES_API_KEY": ""}
        proc = subprocess.Popen(crawl_cmd("openstates", db_url, "--replay-url", server.url, "--term", "single payer"),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        children: set[int] = set()
        try:
            deadline = time.monotonic() + 120
            while not children:  # the writer (and multiprocessing's tracker) appear at the first bill
                assert proc.poll() is None, "crawl ended before its writer started"
                assert time.monotonic() < deadline, "no writer process within 120 s"
                children = _children(proc.pid)
                time.sleep(0.002)
            proc.send_signal(signal.SIGKILL)  # at once: the writer is still importing
            proc.wait(timeout=30)
            children |= _children(proc.pid)
        finally:
            if proc.poll() is None:
                proc.kill()
        gone_by = time.monotonic() + 5
        while any(_alive(c) for c in children) and time.monotonic() < gone_by:
            time.sleep(0.05)
        survivors = [c for c in children if _alive(c)]
        for c in survivors:  # never leave one behind, whatever the test says
            os.kill(c, signal.SIGKILL)
    assert not survivors, f"crawl's child processes outlived it by 5 s: {survivors}"
