"""The database as the web app sees it: one engine per app, one session per request.

Pages only read, so a request's session is never committed; it is closed when the request ends.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from statecare.db.engine import make_engine, session_factory


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["statecare_engine"] = engine
    app.extensions["statecare_sessions"] = session_factory(engine)
    app.teardown_appcontext(_close)


def engine() -> Engine:
    return current_app.extensions["statecare_engine"]


def session() -> Session:
    """This request's session (created on first use)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["statecare_sessions"]()
    return g.db_session


def _close(_exc: BaseException | None) -> None:
    s = g.pop("db_session", None)
    if s is not None:
        s.close()
