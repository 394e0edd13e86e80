"""A crawl that stored bills leaves SQLite's full-text index in one segment (runner.run_crawl calls
statecare.db.search.optimize_index), so searches read one segment, not one per batch of writes; a
crawl that stored nothing does not rewrite it.

Vermont's recorded bills through the replay, on SQLite (PostgreSQL's GIN index has no segments).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from crawlhelp import run_crawl
from sqlalchemy import Engine, text

from statecare.crawler.replay import ReplayServer
from statecare.db.engine import make_engine

pytestmark = pytest.mark.slow
ARGS = ("--state", "vt", "--term", "single payer")


def _segments(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT DISTINCT segid FROM search_fts_idx ORDER BY segid")).scalars())


def test_a_crawl_that_stored_bills_leaves_one_segment(tmp_path: Path, fixtures: Path) -> None:
    # SQLite only, not the two-engine db_url fixture: PostgreSQL has no segments (tests/db/test_search_optimize.py
    # checks that optimize_index changes nothing there)
    db_url = f"sqlite:///{tmp_path / 'statecare.sqlite3'}"
    db_engine = make_engine(db_url)
    with ReplayServer(fixtures) as server:
        first = run_crawl("openstates", db_url, "--replay-url", server.url, *ARGS)
    assert first["status"] == "finished" and first["new"] >= 5, first
    merged = _segments(db_engine)
    assert len(merged) == 1, merged
    # near miss: a crawl that stores nothing leaves the index as it was (not rewritten: same segment)
    with ReplayServer(fixtures) as server:
        second = run_crawl("openstates", db_url, "--replay-url", server.url, *ARGS)
    assert (second["new"], second["updated"]) == (0, 0), second
    assert _segments(db_engine) == merged
    db_engine.dispose()
