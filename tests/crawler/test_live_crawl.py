"""The live Open States crawl (cursor per jurisdiction, quota stop, /events) through real scrapy
against the loopback replay, on a slice of the national recording (12 real Kansas bills).

`--live-path` runs exactly what a live crawl runs (one page after another per jurisdiction, cursor
saved once a page's bills are stored, /events after the bills, 429/403 handling) with the replay
handler keeping every request on loopback. See livehelp.py for how the /events answers are built.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from crawlhelp import crawl_cmd, crawl_errors, kill_when, run_crawl, start_crawl, stored_bills, table_count
from livehelp import STATE, event_for, national_slice, recorded_bills
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from statecare.crawler.events import hearings_of_event, store_api_hearings
from statecare.crawler.replay import Fault, ReplayServer
from statecare.db.engine import make_engine
from statecare.db.models import Bill, CrawlCursor, Event, Hearing
from statecare.legis.identifiers import normalize_identifier
from statecare.nlp.classify import store_hearings

TERMS = ('"single payer"', '"public option"')
ARGS = ("--live-path", "--state", STATE, "--term", TERMS[0], "--term", TERMS[1])


def _live(db_url: str, server: ReplayServer, per_page: int, timeout: float = 120) -> dict:
    return run_crawl("openstates", db_url, "--replay-url", server.url, *ARGS, "--per-page", str(per_page),
                     timeout=timeout)


def _cursor(engine: Engine) -> CrawlCursor | None:
    if not inspect(engine).has_table("crawl_cursors"):
        return None
    with Session(engine) as s:
        return s.scalars(select(CrawlCursor).where(CrawlCursor.jurisdiction == STATE)).first()


def _bill_requests(server: ReplayServer, since: int = 0) -> list[tuple[str, int]]:
    """(q, page) of every /bills request the server got, in order, from request number `since`."""
    out = []
    for _t, url in server.requests[since:]:
        parts = urlsplit(url)
        if parts.path == "/bills":
            q = parse_qs(parts.query)
            out.append((q["q"][0], int(q["page"][0])))
    return out


def _slice_keys(shared: Path) -> set[tuple[str, str, str]]:
    return {(STATE, b["legislative_session"], normalize_identifier(b["identifier"]))
            for b in recorded_bills(shared, 0, 12)}


@pytest.fixture
def slice_dir(shared: Path, tmp_path: Path) -> Path:
    return national_slice(shared, tmp_path)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    """SQLite only: the cursor is plain SQLAlchemy, and the first test runs on both databases."""
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    eng = make_engine(url)
    yield url, eng
    eng.dispose()


def test_live_crawl_pages_each_jurisdiction_saves_its_cursor_and_stores_api_hearings(
        db_url: str, db_engine: Engine, fixtures: Path, shared: Path, slice_dir: Path) -> None:
    in_slice = recorded_bills(shared, 1, 4)  # three real bills whose actions announce timed hearings
    outside = recorded_bills(shared, 20, 40)  # real bills the crawl does not store
    built = [event_for(b) for b in in_slice]
    events = [e for e, _ in built] + [event_for(next(b for b in outside if _has_hearing(b)))[0]]
    with ReplayServer(fixtures, national=slice_dir, national_states=[STATE], events=events) as server:
        first = _live(db_url, server, per_page=5)
        first_requests = len(server.requests)
        events_after_first = table_count(db_engine, Event)
        second = _live(db_url, server, per_page=5)
        urls = [u for _t, u in server.requests]

    assert first["status"] == "finished" and first["new"] == 12, first
    assert set(stored_bills(db_engine)) == _slice_keys(shared)
    # one page after the other, term by term: 12 bills at 5 a page are pages 1-3 of each term
    assert _bill_requests(server)[:6] == [(TERMS[0], 1), (TERMS[0], 2), (TERMS[0], 3),
                                          (TERMS[1], 1), (TERMS[1], 2), (TERMS[1], 3)]
    first_bills = [u for u in urls[:first_requests] if "/bills?" in u]
    assert all("action_since=" in u and "updated_since=" not in u for u in first_bills)
    events_urls = [u for u in urls[:first_requests] if "/events?" in u]
    assert len(events_urls) == 1 and "require_bills=true" in events_urls[0] and "include=agenda" in events_urls[0]

    cur = _cursor(db_engine)
    assert cur is not None and cur.phase == "done"
    # the second pass asks only for what changed since the first began, and changes nothing
    assert second["status"] == "finished" and second["new"] == 0 and second["updated"] == 0, second
    assert all(f"updated_since={cur.pass_started[:10]}" in u for u in urls[first_requests:] if "/bills?" in u)

    with Session(db_engine) as s:
        rows = s.scalars(select(Hearing).order_by(Hearing.date)).all()
        got = {(s.get(Bill, r.bill_id).identifier, r.date, r.time, r.location, r.status) for r in rows}
        assert all(r.action_order < 0 for r in rows)
    want = {(normalize_identifier(b["identifier"]), h.date, h.time, h.location, "held")
            for b, (_e, h) in zip(in_slice, built, strict=True)}
    assert got == want  # the event for a bill outside the crawl is not stored; a re-crawl stores no twin
    assert table_count(db_engine, Event) == events_after_first  # the second crawl wrote no event

    # the same hearing from the bill's action text: classify keeps its own row and drops the API's
    ident = normalize_identifier(in_slice[0]["identifier"])
    with Session(db_engine) as s, s.begin():
        bill = s.scalars(select(Bill).where(Bill.identifier == ident)).one()
        bill_id = bill.id
        store_hearings(s, bill)
    with Session(db_engine) as s:
        rows = s.scalars(select(Hearing).where(Hearing.bill_id == bill_id, Hearing.date == built[0][1].date)).all()
        assert [r.action_order >= 0 for r in rows] == [True]
    # ... and the API's event, crawled again, is recognised as that hearing, not stored twice
    again = store_api_hearings(db_engine, STATE, hearings_of_event(built[0][0]))
    assert (again.stored, again.duplicates) == (0, 1)


def _has_hearing(bill: dict) -> bool:
    from livehelp import first_hearing

    return first_hearing(bill) is not None


def test_over_quota_stops_politely_saves_the_cursor_and_the_next_crawl_resumes_there(
        sqlite_db: tuple[str, Engine], fixtures: Path, shared: Path, slice_dir: Path) -> None:
    db_url, db_engine = sqlite_db
    quota = Fault(match="&page=2&", kind="quota", times=1)  # Open States' daily-quota 429
    with ReplayServer(fixtures, national=slice_dir, national_states=[STATE], faults=[quota], events=[]) as server:
        env = {**os.environ, "OPENSTATES_API_KEY": ""}
        proc = subprocess.run(crawl_cmd("openstates", db_url, "--replay-url", server.url, *ARGS, "--per-page", "5"),
                              capture_output=True, text=True, timeout=120, env=env)
        stopped_after = len(server.requests)
        first_pages = _bill_requests(server)
        second = _live(db_url, server, per_page=5)

    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "quota exhausted" in proc.stderr and "500/day" in proc.stderr and "run the same command again after" in proc.stderr
    # nothing was retried (a retry only spends more quota) and nothing after the 429 was asked
    assert first_pages == [(TERMS[0], 1), (TERMS[0], 2)]
    assert not any("/events?" in u for _t, u in server.requests[:stopped_after])
    errors = crawl_errors(db_engine, 1)
    assert any("quota exhausted" in reason for _u, reason in errors)
    # the second crawl starts at the page the quota refused, never page 1 again
    assert _bill_requests(server, stopped_after)[0] == (TERMS[0], 2)
    assert second["status"] == "finished" and second["new"] == 7, second
    assert set(stored_bills(db_engine)) == _slice_keys(shared)
    cur = _cursor(db_engine)
    assert cur is not None and cur.phase == "done"


@pytest.mark.slow
def test_killed_live_crawl_resumes_each_jurisdiction_at_its_cursor(
        sqlite_db: tuple[str, Engine], fixtures: Path, shared: Path, slice_dir: Path) -> None:
    db_url, db_engine = sqlite_db
    with ReplayServer(fixtures, national=slice_dir, national_states=[STATE], delay=0.4, events=[]) as server:
        proc = start_crawl(crawl_cmd("openstates", db_url, "--replay-url", server.url, *ARGS, "--per-page", "2"))

        def third_page_of_first_term() -> bool:
            # (or later: under load the writer may store a whole term's pages in one batch)
            cur = _cursor(db_engine)
            return cur is not None and cur.phase == "bills" and (cur.term_index > 0 or cur.page >= 3)

        kill_when(proc, third_page_of_first_term, "cursor did not move")
        saved = _cursor(db_engine)
        assert saved is not None and saved.phase == "bills"
        stored_before = set(stored_bills(db_engine))
        # a request the killed crawl sent just before it died is logged by the replay only after its
        # delay: let those land before counting where the resumed crawl's requests begin
        time.sleep(server.delay + 0.5)
        killed_at = len(server.requests)
        server.delay = 0.0
        second = _live(db_url, server, per_page=2)

    assert proc.returncode == -signal.SIGKILL
    # every page before the saved cursor had its bills stored ...
    assert len(stored_before) >= (2 * (saved.page - 1) if saved.term_index == 0 else 12)
    # ... and the resumed crawl starts exactly there
    assert _bill_requests(server, killed_at)[0] == (TERMS[saved.term_index], saved.page)
    assert second["status"] == "finished", second
    assert set(stored_bills(db_engine)) == _slice_keys(shared)
    assert _cursor(db_engine).phase == "done"  # type: ignore[union-attr]


def test_missing_key_is_named_before_any_request(tmp_path: Path) -> None:
    db = tmp_path / "never.sqlite3"
    env = {**os.environ, "OPENSTATES_API_KEY": ""}
    proc = subprocess.run(crawl_cmd("openstates", f"sqlite:///{db}"), capture_output=True, text=True,
                          timeout=60, env=env)
    assert proc.returncode == 2
    assert "OPENSTATES_API_KEY is not set" in proc.stderr and "nothing was requested" in proc.stderr
    assert not db.exists()  # stopped before the database (and any crawl run) was touched
