"""Counts of matches, remembered per query text until the data changes.

Why: counting is a read of the index as long as the result (up to COUNT_CAP), and the same search
is counted again for each page a reader turns, for its JSON, CSV and Atom forms, and by each worker
thread. A count depends only on the statement and its parameters -- and on the data, so every
entry is keyed on a *data version*: the newest event id (the store appends an event for every
change it makes to a bill, `classify` for every verdict it changes, as the web's result cache
relies on too). A crawl that stores anything makes every older count unreachable at once;
`rebuild_index` clears the cache, and a time limit covers changes that write no event.

`search()` sets the version for the duration of one search (`counting_at`); outside it (a plan
called directly) nothing is cached.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from sqlalchemy import URL, Connection, text

from statecare.db.ttl_cache import TTLCache

UNKNOWN: Any = object()  # the data version was not read yet


class _Version:
    """The database and data version of the search running in this thread, the version asked for
    only when a count is first needed (the commonest plan, relevance without filters, counts inside
    its ranking statement and never asks)."""

    def __init__(self, conn: Connection, version: Any = UNKNOWN) -> None:
        self.conn, self._version = conn, version
        self.database = _database_name(conn.engine.url)

    def key(self) -> tuple[str, Any]:
        if self._version is UNKNOWN:
            self._version = data_version(self.conn)
        return self.database, self._version


@lru_cache(maxsize=64)
def _database_name(url: URL) -> str:
    """The database's URL without its password (a URL is immutable: worked out once per engine,
    not for every search)."""
    return url.render_as_string(hide_password=True)


_current: ContextVar[_Version | None] = ContextVar("statecare_search_count_version", default=None)


class CountCache(TTLCache[tuple[int, bool]]):
    """Counts (how many matches, whether the count was capped) per statement and data version."""

    def __init__(self, maxsize: int = 4096, ttl: float = 300.0) -> None:
        super().__init__(maxsize, ttl)


COUNTS = CountCache()


def data_version(conn: Connection) -> Any:
    """The newest event id: changes whenever the store or `classify` changes a bill."""
    return conn.execute(text("SELECT max(id) FROM events")).scalar()


@contextmanager
def counting_at(conn: Connection, version: Any = UNKNOWN) -> Iterator[None]:
    """Let counts made inside be cached, under this database's current data version (`version`
    when the caller has just read it, as the web's result cache does)."""
    token = _current.set(_Version(conn, version))
    try:
        yield
    finally:
        _current.reset(token)


def cached_count(conn: Connection, select_sql: str, params: dict[str, Any], cap: int) -> tuple[int, bool]:
    """How many rows `select_sql` yields, counted up to `cap`; (count, whether it was capped).
    Answered from COUNTS inside `counting_at` when the same statement was counted at this version."""
    at = _current.get()
    key = None
    if at is not None:
        key = (*at.key(), select_sql, cap, tuple(sorted((k, repr(v)) for k, v in params.items())))
        hit = COUNTS.get(key)
        if hit is not None:
            return hit
    n = int(conn.execute(text(f"SELECT count(*) FROM ({select_sql} LIMIT {cap + 1}) AS c"), params).scalar_one())
    found = (cap, True) if n > cap else (n, False)
    if key is not None:
        COUNTS.set(key, found)
    return found
