"""Fixtures for the legislator and committee tests: the WA slice site (statecare/tests/people/
peoplesite.py) built once per dialect, and a Flask client on it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import peoplesite
import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from statecare.app import create_app
from statecare.db.engine import make_engine


@pytest.fixture(scope="session")
def people_sqlite(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('people') / 'people.sqlite3'}"
    eng = make_engine(url)
    rec = peoplesite.build(eng, shared)
    eng.dispose()
    return url, rec


@pytest.fixture(scope="session")
def people_pg(shared: Path, pg_database: str) -> Iterator[tuple[str, dict[str, Any]]]:
    schema = f"people_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_database, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{pg_database}?options=-csearch_path%3D{schema}"
    eng = make_engine(url)
    rec = peoplesite.build(eng, shared)
    eng.dispose()
    try:
        yield url, rec
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def people_site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[FlaskClient, dict[str, Any]]]:
    """(a client on the WA slice site, the moving bill's record), on SQLite and on PostgreSQL."""
    url, rec = request.getfixturevalue("people_sqlite" if request.param == "sqlite" else "people_pg")
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "test-secret",
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    yield app.test_client(), rec
    app.extensions["statecare_engine"].dispose()
