"""Schema creation, shared by Alembic's migration and the tests.

Besides the ORM tables, the full-text index is dialect specific: SQLite gets an FTS5 table kept in
step with `search_docs` by triggers; PostgreSQL gets a generated, weighted tsvector column with a
GIN index. Both are created here so migrations and tests build exactly the same thing.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

from statecare.db.models import Base

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, abstract, body, content='search_docs', content_rowid='bill_id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS search_docs_ai AFTER INSERT ON search_docs BEGIN
        INSERT INTO search_fts(rowid, title, abstract, body)
        VALUES (new.bill_id, new.title, new.abstract, new.body); END""",
    """CREATE TRIGGER IF NOT EXISTS search_docs_ad AFTER DELETE ON search_docs BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, abstract, body)
        VALUES ('delete', old.bill_id, old.title, old.abstract, old.body); END""",
    """CREATE TRIGGER IF NOT EXISTS search_docs_au AFTER UPDATE ON search_docs BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, abstract, body)
        VALUES ('delete', old.bill_id, old.title, old.abstract, old.body);
        INSERT INTO search_fts(rowid, title, abstract, body)
        VALUES (new.bill_id, new.title, new.abstract, new.body); END""",
]

POSTGRES_FTS = [
    """ALTER TABLE search_docs ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(abstract, '')), 'B') ||
        setweight(to_tsvector('english', left(coalesce(body, ''), 500000)), 'C')) STORED""",
    "CREATE INDEX IF NOT EXISTS ix_search_docs_tsv ON search_docs USING GIN (tsv)",
]


def create_search_index(conn: Connection) -> None:
    """Create the dialect's full-text structures over `search_docs` (idempotent)."""
    stmts = SQLITE_FTS if conn.dialect.name == "sqlite" else POSTGRES_FTS
    for stmt in stmts:
        conn.execute(text(stmt))


def drop_search_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for name in ("search_docs_ai", "search_docs_ad", "search_docs_au"):
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        conn.execute(text("DROP TABLE IF EXISTS search_fts"))
    else:
        conn.execute(text("DROP INDEX IF EXISTS ix_search_docs_tsv"))


def create_all(engine: Engine) -> None:
    """Create every table and the search index on an empty database (tests, benchmarks)."""
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        create_search_index(conn)


def drop_all(engine: Engine) -> None:
    with engine.begin() as conn:
        drop_search_index(conn)
    Base.metadata.drop_all(engine)
