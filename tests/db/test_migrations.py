"""Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from statecare.db.engine import make_engine
from statecare.db.migrate import downgrade, upgrade
from statecare.db.models import Base


def test_upgrade_matches_models_and_downgrade_empties(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), Base.metadata)
        # the FTS shadow tables and tsvector column are created outside the ORM on purpose
        diff = [d for d in diff if "search_fts" not in str(d) and "tsv" not in str(d)]
        assert diff == [], f"models and migrations disagree: {diff}"
        if conn.dialect.name == "sqlite":
            assert conn.execute(text("SELECT count(*) FROM search_fts")).scalar() == 0
        else:
            cols = {c["name"] for c in inspect(conn).get_columns("search_docs")}
            assert "tsv" in cols
    downgrade(db_url)
    with engine.connect() as conn:
        left = set(inspect(conn).get_table_names()) - {"alembic_version"}
        assert left == set()
    engine.dispose()
