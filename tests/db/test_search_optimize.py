"""Merging the SQLite full-text index into one segment (statecare.db.search.optimize_index) changes
no answer, and a crawl that stored bills leaves the index in one segment.

Why it matters: FTS5 writes each transaction's documents as a new segment, so a database filled
bill by bill keeps several, and every search reads every segment (docs/web.md, "Fifth round").
Real databases filled through the store from the recorded Open States fixtures; PostgreSQL has no
segments, and optimize_index leaves it alone."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from statecare.db.openstates_io import import_paths
from statecare.db.search import SearchQuery, optimize_index, search

QUERIES = ("health", "insurance coverage", "medical OR dental", '"single payer"', "care -dental")


def segments(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(DISTINCT segid) FROM search_fts_idx")).scalar_one())


def answers(engine: Engine) -> list[list[tuple[str, str, float | None, str]]]:
    out = []
    with engine.connect() as conn:
        for q in QUERIES:
            res = search(conn, SearchQuery(q=q, per_page=100))
            out.append([(h.state, h.identifier, h.score, h.snippet) for h in res.hits])
    return out


def test_one_segment_afterwards_and_the_same_answers(engine: Engine, fixtures: Path) -> None:
    for state in ("vt", "wa"):  # bill by bill, one transaction each: several segments
        assert not import_paths(engine, [fixtures / "openstates" / state], source="openstates")["errors"]
    before = answers(engine)
    assert any(before), "the fixtures match the queries"
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        assert segments(engine) > 1
    with engine.begin() as conn:
        optimize_index(conn)
    assert answers(engine) == before  # same bills, order, scores (to the last bit) and snippets
    if sqlite:
        assert segments(engine) == 1
        with engine.begin() as conn:  # nothing left to merge: still one, still the same
            optimize_index(conn)
        assert segments(engine) == 1 and answers(engine) == before
