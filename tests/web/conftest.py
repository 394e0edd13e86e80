"""Fixtures for the web tests: one database per dialect built from the real fixtures (read-only),
an app on it, and a Flask test client."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import websitedata as sitedata
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, create_engine, text

from statecare.app import create_app
from statecare.db.engine import make_engine
from statecare.web import queries as web_queries


@pytest.fixture(scope="session")
def site_sqlite_url(fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('site') / 'site.sqlite3'}"
    eng = make_engine(url)
    sitedata.build(eng, fixtures)
    eng.dispose()
    return url


@pytest.fixture(scope="session")
def site_pg_url(fixtures: Path, pg_database: str) -> Iterator[str]:
    schema = f"web_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_database, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{pg_database}?options=-csearch_path%3D{schema}"
    eng = make_engine(url)
    sitedata.build(eng, fixtures)
    eng.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def site_url(request: pytest.FixtureRequest) -> str:
    """The built site database, once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue("site_sqlite_url" if request.param == "sqlite" else "site_pg_url")


def _app(url: str, tmp_path: Path) -> Flask:
    web_queries.clear_cache()
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "test-secret",
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    return app


@pytest.fixture
def app(site_sqlite_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The site on the SQLite build (most page tests are about pages, not the database)."""
    a = _app(site_sqlite_url, tmp_path)
    yield a
    a.extensions["statecare_engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def any_client(site_url: str, tmp_path: Path) -> Iterator[FlaskClient]:
    """A client on the site built on SQLite and on PostgreSQL (search and queries)."""
    a = _app(site_url, tmp_path)
    yield a.test_client()
    a.extensions["statecare_engine"].dispose()


@pytest.fixture
def engine_client(engine: Engine, tmp_path: Path) -> Iterator[FlaskClient]:
    """A client on the `engine` fixture's database (SQLite and PostgreSQL), for a test that stores its
    own real bills first (ask for that fixture before this one)."""
    a = _app(engine.url.render_as_string(hide_password=False), tmp_path)
    yield a.test_client()
    a.extensions["statecare_engine"].dispose()
