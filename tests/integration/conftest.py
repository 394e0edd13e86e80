"""The real pipeline, once per test session: `statecare db upgrade`, `statecare crawl --replay` for
every recorded source, then `classify_all` -- exactly what `make pipeline` runs -- into a SQLite
file, and the site on top of it.

Crawls run as subprocesses because scrapy's Twisted reactor cannot be restarted inside pytest (and
because that is how `make run` runs them); classification runs in-process so the tests see its
summary. Nothing here sets an analysis value by hand: every stage, provision and scorecard the tests
read was written by statecare's own models.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from statecare.app import create_app
from statecare.db.engine import make_engine
from statecare.nlp.classify import ClassifySummary, classify_all
from statecare.web import queries as web_queries

SOURCES = ("openstates", "legiscan", "wa", "ny_openleg")
STATECARE = [sys.executable, "-m", "statecare"]


@dataclass
class Pipeline:
    url: str
    engine: Engine
    crawls: dict[str, dict]
    classified: ClassifySummary


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(args[2:])} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done


@pytest.fixture(scope="session")
def pipeline(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    """A database built by the real pipeline from the recorded sources."""
    url = f"sqlite:///{tmp_path_factory.mktemp('pipeline') / 'pipeline.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "STATECARE_SHARED": str(shared)}
    _run([*STATECARE, "db", "upgrade"], env)
    crawls = {}
    for source in SOURCES:
        # the fixtures only: the national recording has its own (slow) test, tests/integration/test_national.py
        extra = ["--no-national"] if source == "openstates" else []
        out = _run([*STATECARE, "crawl", "--source", source, "--replay", *extra, "--database-url", url, "--json"], env)
        crawls[source] = json.loads(out.stdout.strip().splitlines()[-1])
    engine = make_engine(url)
    summary = classify_all(engine)
    try:
        yield Pipeline(url, engine, crawls, summary)
    finally:
        engine.dispose()


@pytest.fixture
def site(pipeline: Pipeline, tmp_path: Path) -> Iterator[Flask]:
    web_queries.clear_cache()
    app = create_app({"DATABASE_URL": pipeline.url, "TESTING": True, "SECRET_KEY": "integration",
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    yield app
    app.extensions["statecare_engine"].dispose()


@pytest.fixture
def client(site: Flask) -> FlaskClient:
    return site.test_client()
