"""The search's count cache (statecare.db.search.counts): a repeated count is answered without
counting again, and anything the store writes -- or an index rebuild -- makes the old count go.

Real databases (SQLite and PostgreSQL) filled through the store from the recorded Open States
fixtures; the second import is another recorded state's bills, so the count really changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from statecare.db.openstates_io import import_paths
from statecare.db.search import COUNTS, SearchQuery, rebuild_index, search

# date order: the plans count the matches first (plan.count), then walk bills by date
QUERY = SearchQuery(q="health", sort="newest")


@pytest.fixture
def counted(engine: Engine) -> Iterator[list[str]]:
    """The count statements the engine runs (those the cache saves)."""
    seen: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT COUNT(*)"):
            seen.append(statement)

    COUNTS.clear()
    event.listen(engine, "before_cursor_execute", before)
    yield seen
    event.remove(engine, "before_cursor_execute", before)
    COUNTS.clear()


def total(engine: Engine, sq: SearchQuery = QUERY) -> int:
    with engine.connect() as conn:
        return search(conn, sq).total


def test_a_repeated_count_is_answered_from_the_cache(engine: Engine, fixtures: Path, counted: list[str]) -> None:
    assert not import_paths(engine, [fixtures / "openstates" / "wa"], source="openstates")["errors"]
    first = total(engine)
    assert first > 0 and counted, "the first search counts"
    n = len(counted)
    hits = COUNTS.hits
    assert total(engine) == first
    assert len(counted) == n, "the same search at the same data version counted again"
    assert COUNTS.hits > hits
    # page 2 of the same search reuses the count too
    assert total(engine, SearchQuery(q="health", sort="newest", page=2, per_page=1)) == first
    assert len(counted) == n


def test_stored_bills_make_the_old_count_unreachable(engine: Engine, fixtures: Path, counted: list[str]) -> None:
    assert not import_paths(engine, [fixtures / "openstates" / "wa"], source="openstates")["errors"]
    before = total(engine)
    assert not import_paths(engine, [fixtures / "openstates" / "vt"], source="openstates")["errors"]
    after = total(engine)
    COUNTS.clear()
    assert after == total(engine), "the count after the import is not what counting afresh gives"
    assert after > before, "the newly stored bills mentioning health are not counted"


def test_rebuilding_the_index_clears_the_counts(engine: Engine, fixtures: Path, counted: list[str]) -> None:
    assert not import_paths(engine, [fixtures / "openstates" / "vt"], source="openstates")["errors"]
    total(engine)
    assert len(COUNTS) > 0
    with engine.begin() as conn:
        rebuild_index(conn)
    assert len(COUNTS) == 0
    n = len(counted)
    total(engine)
    assert len(counted) > n
