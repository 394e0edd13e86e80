"""The full-text index: where it is made, and rebuilding it.

SQLite uses the FTS5 table `search_fts` (contentless, kept in step with `search_docs` by triggers);
PostgreSQL uses the weighted `search_docs.tsv` column with its GIN index, filled by a trigger. Both
are created by `statecare.db.schema` (so migrations and tests build exactly the same thing, with
each bill's state and session stored in the index as "facets" -- see its docstring for why); the
store fills `search_docs`, one row per bill, and the triggers do the rest.

What is left for this module is starting over: after a bulk load that bypassed the triggers, or a
tokenizer change, the index is rebuilt from `search_docs` without touching the bills; and, on
SQLite, merging the index into one segment after a crawl has written to it (`optimize_index`).
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


def optimize_index(conn: Connection) -> None:
    """SQLite: merge the FTS5 index's segments into one (what `rebuild_index` ends with); PostgreSQL:
    nothing (its GIN index has no segments to merge).

    Why: FTS5 writes each transaction's documents as a new segment and merges them only
    incrementally, so a database filled bill by bill by crawls keeps several (the national
    database `make pipeline` builds had 6). Every search reads each term's list from every
    segment, and bm25 counts each term's documents across all of them: with one segment the
    ranking statement costs a fifth less and a /search.json request 7 % less CPU (docs/web.md).
    The index's content, and so every score and answer, is the same. It rewrites the index
    (0.3 s for the national database's 6.6 MB) and is a no-op when there is one segment already."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
