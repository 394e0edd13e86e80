"""Fixtures for the crawler tests; the helpers themselves live in crawlhelp.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crawlhelp import Expected, expected_openstates
from sqlalchemy import Engine

from statecare.db.engine import make_engine


@pytest.fixture
def expected(fixtures: Path) -> dict[tuple[str, str, str], Expected]:
    """What the openstates crawl must store, computed from the recorded files."""
    return expected_openstates(fixtures)


@pytest.fixture
def db_engine(db_url: str) -> Iterator[Engine]:
    """An engine on the test's (empty) database; the crawl itself creates the schema."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()
