"""Engine and session factory: one place that knows how to talk to SQLite or PostgreSQL.

SQLite gets WAL, a busy timeout and foreign keys switched on, so that a crawl, the web server and
`classify` can share one file; PostgreSQL is used as it comes.
"""

from __future__ import annotations

from functools import lru_cache

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from statecare.config import database_url


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _json_dumps(obj: object) -> str:
    """orjson for JSON columns: ingest serialises a dozen JSON values a bill, and the standard
    library's encoder was a tenth of the store's time. Like json.dumps, it refuses non-JSON values."""
    return orjson.dumps(obj).decode()


def make_engine(url: str | None = None, **kw) -> Engine:  # type: ignore[no-untyped-def]
    """Create an engine for `url` (default: DATABASE_URL or the instance SQLite file)."""
    url = url or database_url()
    kw.setdefault("json_serializer", _json_dumps)
    kw.setdefault("json_deserializer", orjson.loads)
    if url.startswith("sqlite"):
        kw.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
        engine = create_engine(url, **kw)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kw.setdefault("pool_pre_ping", True)
    return create_engine(url, **kw)


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """A process-wide engine per URL."""
    return make_engine(url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)
