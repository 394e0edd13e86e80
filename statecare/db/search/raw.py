"""The search's two hot statements on SQLite, run straight through the driver's cursor.

Why: every text search runs the same two statements -- rank a page (sqlite_plan.rank_and_count)
and read that page's bills (results.page_rows) -- and for statements this quick SQLAlchemy's work
around each one (the text clause's compiled-cache lookup, parameter processing, a result object
with its column metadata, row objects) cost about as much as SQLite's own work on a small result
(profiled: an eighth of a /search.json request's CPU). The statements are plain SQL with named
parameters either way, which sqlite3 takes as they are; the rows come back as tuples.

What is kept: a driver error still reaches the caller as SQLAlchemy's exception (OperationalError
for "no such table"), so the site's error pages are the same; and everything else -- counts
(which the tests watch through engine events), the filters' plans, PostgreSQL -- goes through
SQLAlchemy as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError


def sqlite_rows(conn: Connection, sql: str, params: Mapping[str, Any] | Sequence[Any]) -> list[tuple[Any, ...]]:
    """All rows of `sql` (named `:x` or `?` parameters) on `conn`'s sqlite3 connection, as tuples."""
    dbapi = conn.connection.driver_connection
    assert isinstance(dbapi, sqlite3.Connection), "sqlite_rows needs a SQLite connection"
    try:
        cur = dbapi.execute(sql, params)
        try:
            return cur.fetchall()
        finally:
            cur.close()
    except sqlite3.Error as exc:
        raise DBAPIError.instance(sql, params, exc, sqlite3.Error) from exc
