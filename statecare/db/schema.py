"""Schema creation, shared by Alembic's migration and the tests.

Besides the ORM tables, the full-text index is dialect specific: SQLite gets an FTS5 table kept in
step with `search_docs` by triggers; PostgreSQL gets a weighted tsvector column, filled by a trigger,
with a GIN index. Both are created here so migrations and tests build exactly the same thing.

Why the index also holds each bill's state and session ("facets"): the commonest filtered search is
"these words, in this state (and session)". Checking the filter by joining every full-text match to
`bills` costs a B-tree lookup per match -- tens of milliseconds when a common word matches 50,000
bills. With the state and session stored as tokens in the index, the filter is one more term the
engine intersects inside the index. They are tokens no query can produce by accident: on SQLite
they live in their own column (`facets`), which user queries never address; on PostgreSQL they
contain a colon, which the English parser never leaves in a lexeme. A bill's state and session are
part of its identity and do not change; the triggers still re-index if they ever do.

SQLite's FTS5 table is contentless (content=''): search never reads text back from the index
(snippets are made in Python from `search_docs`), and a contentless table can hold the facets,
which `search_docs` does not have. Deleting from it needs the values that were indexed, so the
triggers read the bill's state and session, and a bill is taken out of the index before the bill
row itself goes.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

from statecare.db.models import Base


def sqlite_state_token(state: str) -> str:
    """The FTS5 token for a state, as the triggers write it ("ny" -> "stnyx").

    The trailing "x" keeps the porter stemmer from trimming a final "s" (e.g. "ks")."""
    return f"st{state.lower()}x"


def sqlite_session_token(session: str) -> str:
    """The FTS5 token for a session: its UTF-8 bytes in hex, so any session name is one token."""
    return "ss" + session.encode("utf-8").hex() + "x"


def pg_state_lexeme(state: str) -> str:
    return f"st:{state.lower()}"


def pg_session_lexeme(session: str) -> str:
    return f"ss:{session}"


# SQL that yields the facet text for bill `{bill}` (SQLite) -- the same tokens as the functions above
_SQLITE_FACETS = ("(SELECT 'st' || lower(b.state) || 'x ss' || lower(hex(b.legislative_session)) || 'x' "
                  "FROM bills b WHERE b.id = {bill})")

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, abstract, body, facets, content='',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS search_docs_ai AFTER INSERT ON search_docs BEGIN
        INSERT INTO search_fts(rowid, title, abstract, body, facets)
        VALUES (new.bill_id, new.title, new.abstract, new.body, {_SQLITE_FACETS.format(bill="new.bill_id")}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_docs_ad AFTER DELETE ON search_docs BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, abstract, body, facets)
        VALUES ('delete', old.bill_id, old.title, old.abstract, old.body,
                {_SQLITE_FACETS.format(bill="old.bill_id")}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_docs_au AFTER UPDATE ON search_docs BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, abstract, body, facets)
        VALUES ('delete', old.bill_id, old.title, old.abstract, old.body,
                {_SQLITE_FACETS.format(bill="old.bill_id")});
        INSERT INTO search_fts(rowid, title, abstract, body, facets)
        VALUES (new.bill_id, new.title, new.abstract, new.body, {_SQLITE_FACETS.format(bill="new.bill_id")}); END""",
    # a cascading delete removes the bill row before search_docs' trigger runs, and the facets for
    # the 'delete' command come from that row: take the bill out of the index first
    """CREATE TRIGGER IF NOT EXISTS search_bills_bd BEFORE DELETE ON bills BEGIN
        DELETE FROM search_docs WHERE bill_id = old.id; END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_bills_au AFTER UPDATE OF state, legislative_session ON bills
        WHEN old.state IS NOT new.state OR old.legislative_session IS NOT new.legislative_session BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, abstract, body, facets)
        SELECT 'delete', d.bill_id, d.title, d.abstract, d.body,
               'st' || lower(old.state) || 'x ss' || lower(hex(old.legislative_session)) || 'x'
        FROM search_docs d WHERE d.bill_id = new.id;
        INSERT INTO search_fts(rowid, title, abstract, body, facets)
        SELECT d.bill_id, d.title, d.abstract, d.body, {_SQLITE_FACETS.format(bill="new.id")}
        FROM search_docs d WHERE d.bill_id = new.id; END""",
]

# rebuild a contentless FTS5 table: empty it, then index every document again with its facets
SQLITE_REBUILD = [
    "INSERT INTO search_fts(search_fts) VALUES ('delete-all')",
    f"""INSERT INTO search_fts(rowid, title, abstract, body, facets)
        SELECT d.bill_id, d.title, d.abstract, d.body, {_SQLITE_FACETS.format(bill="d.bill_id")}
        FROM search_docs d""",
    "INSERT INTO search_fts(search_fts) VALUES ('optimize')",
]

_PG_TSV = """setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.abstract, '')), 'B') ||
        setweight(to_tsvector('english', left(coalesce(NEW.body, ''), 500000)), 'C') ||
        coalesce((SELECT array_to_tsvector(ARRAY['st:' || lower(b.state), 'ss:' || b.legislative_session])
                  FROM bills b WHERE b.id = NEW.bill_id), ''::tsvector)"""

POSTGRES_FTS = [
    "ALTER TABLE search_docs ADD COLUMN IF NOT EXISTS tsv tsvector",
    f"""CREATE OR REPLACE FUNCTION search_docs_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.tsv := {_PG_TSV};
        RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS search_docs_tsv ON search_docs",
    """CREATE TRIGGER search_docs_tsv BEFORE INSERT OR UPDATE OF title, abstract, body, bill_id
        ON search_docs FOR EACH ROW EXECUTE FUNCTION search_docs_tsv()""",
    # a bill's state or session changing (it should not) re-indexes its document
    """CREATE OR REPLACE FUNCTION search_bills_facets() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_docs SET title = title WHERE bill_id = NEW.id;
        RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS search_bills_facets ON bills",
    """CREATE TRIGGER search_bills_facets AFTER UPDATE OF state, legislative_session ON bills
        FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state
                           OR OLD.legislative_session IS DISTINCT FROM NEW.legislative_session)
        EXECUTE FUNCTION search_bills_facets()""",
    "CREATE INDEX IF NOT EXISTS ix_search_docs_tsv ON search_docs USING GIN (tsv)",
]

POSTGRES_REBUILD = [
    "UPDATE search_docs SET title = title",
    "ANALYZE search_docs",
]


def create_search_index(conn: Connection) -> None:
    """Create the dialect's full-text structures over `search_docs` (idempotent)."""
    stmts = SQLITE_FTS if conn.dialect.name == "sqlite" else POSTGRES_FTS
    for stmt in stmts:
        conn.execute(text(stmt))


def drop_search_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for name in ("search_docs_ai", "search_docs_ad", "search_docs_au", "search_bills_bd", "search_bills_au"):
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        conn.execute(text("DROP TABLE IF EXISTS search_fts"))
    else:
        conn.execute(text("DROP TRIGGER IF EXISTS search_bills_facets ON bills"))
        conn.execute(text("DROP TRIGGER IF EXISTS search_docs_tsv ON search_docs"))
        conn.execute(text("DROP FUNCTION IF EXISTS search_bills_facets()"))
        conn.execute(text("DROP FUNCTION IF EXISTS search_docs_tsv()"))
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
