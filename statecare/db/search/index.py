"""The full-text index: where it is made, and rebuilding it.

SQLite uses the FTS5 table `search_fts` (contentless, kept in step with `search_docs` by triggers);
PostgreSQL uses the weighted `search_docs.tsv` column with its GIN index, filled by a trigger. Both
are created by `statecare.db.schema` (so migrations and tests build exactly the same thing, with
each bill's state and session stored in the index as "facets" -- see its docstring for why); the
store fills `search_docs`, one row per bill, and the triggers do the rest.

What is left for this module is starting over: after a bulk load that bypassed the triggers, or a
tokenizer change, the index is rebuilt from `search_docs` without touching the bills.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from statecare.db.schema import POSTGRES_REBUILD, SQLITE_REBUILD
from statecare.db.search.counts import COUNTS


def rebuild_index(conn: Connection) -> None:
    """Rebuild the full-text index from `search_docs` (after a bulk load or a tokenizer change)."""
    for stmt in SQLITE_REBUILD if conn.dialect.name == "sqlite" else POSTGRES_REBUILD:
        conn.execute(text(stmt))
    COUNTS.clear()  # a rebuild writes no event, so counts made before it are dropped here
