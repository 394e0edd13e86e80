"""Hostile values in otherwise real records (issue 16): one bad bill is recorded, never silent, and
never takes other bills with it.

Each test serves a copy of the recorded fixtures in which one real record carries the hostile
value: the copy is a tree of symlinks to the recordings with that one file written anew, so no
recording is ever edited and everything else the replay answers is byte for byte what was recorded.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from crawlhelp import crawl_errors, run_crawl, stored_bills

from statecare.crawler.replay import ReplayServer
from statecare.db.engine import make_engine

pytestmark = pytest.mark.slow

MN_HF27 = "openstates/mn/MN_2025-2026_HF27_metadata.json"


def hostile_fixtures(fixtures: Path, dest: Path, relpath: str, mutate: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of `fixtures` (symlinks) whose `relpath` record is rewritten by `mutate`."""
    for src in fixtures.rglob("*"):
        if src.is_file():
            target = dest / src.relative_to(fixtures)
            target.parent.mkdir(parents=True, exist_ok=True)
            if src.relative_to(fixtures).as_posix() != relpath:
                os.symlink(src, target)
    record = json.loads((fixtures / relpath).read_bytes())
    mutate(record)
    # ensure_ascii: a lone surrogate travels as the JSON escape a real API would send
    (dest / relpath).write_text(json.dumps(record, ensure_ascii=True), encoding="ascii")
    return dest


def _mn_keys(expected: dict) -> set[tuple[str, str, str]]:
    return {k for k in expected if k[0] == "mn"}


def test_a_lone_surrogate_title_fails_only_its_own_bill(tmp_path: Path, fixtures: Path, expected: dict) -> None:
    """Issue 16 #2: a title holding a lone UTF-16 surrogate raised in the writer's batch, the rest
    of the batch was never written and the crawl reported 0 errors."""
    def surrogate_title(rec: dict[str, Any]) -> None:
        rec["title"] = rec["title"] + " \ud800"

    fx = hostile_fixtures(fixtures, tmp_path / "fixtures", MN_HF27, surrogate_title)
    db_url = f"sqlite:///{tmp_path / 'surrogate.sqlite3'}"
    with ReplayServer(fx) as server:
        summary = run_crawl("openstates", db_url, "--replay-url", server.url, "--state", "mn",
                            "--term", "single payer")
    engine = make_engine(db_url)
    try:
        stored = stored_bills(engine)
        errors = crawl_errors(engine, summary["run_id"])
    finally:
        engine.dispose()
    assert summary["status"] == "finished"
    bad = ("mn", "2025-2026", "HF 27")
    assert bad in _mn_keys(expected)
    assert set(stored) == _mn_keys(expected) - {bad}, "bills after the bad one were not stored"
    hits = [(url, reason) for url, reason in errors if "'HF 27'" in reason or "HF27" in reason]
    assert hits, f"the bad bill was not recorded: {errors}"
    url, reason = hits[0]
    assert url.startswith("https://api.openstates.org/bills") and "surrogate" in reason
    assert summary["errors"] == len(errors) >= 1


def _mn_records(fixtures: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_bytes()) for p in sorted((fixtures / "openstates" / "mn").glob("*.json"))]


def test_a_bad_bill_inside_a_writer_batch_spares_the_rest_of_the_batch(
        db_url: str, fixtures: Path) -> None:
    """Issue 16 #2 at the batch itself (both databases): the first three bills go to the writer one
    each, the next ones wait and travel together as one batch; the bad bill is the first of that
    batch, so before the fix every bill after it was lost with it."""
    import asyncio

    from statecare.crawler.ledger import Ledger
    from statecare.crawler.runner import ensure_schema
    from statecare.db.store import BillStore

    records = _mn_records(fixtures)
    assert len(records) >= 6
    records[3]["title"] += " \ud800"
    bad_ident = records[3]["identifier"]
    ensure_schema(db_url)
    engine = make_engine(db_url)
    run_id = BillStore(engine).start_run("openstates", {})
    ledger = Ledger(db_url, run_id, "openstates")

    async def store_all() -> list[Any]:
        return await asyncio.gather(*(ledger.upsert(r) for r in records), return_exceptions=True)

    try:
        results = asyncio.run(store_all())
    finally:
        ledger.close()
    try:
        failed = [r["identifier"] for r, res in zip(records, results, strict=True) if isinstance(res, Exception)]
        assert failed == [bad_ident]
        assert "surrogate" in str(results[3])
        stored = stored_bills(engine)
        assert len(stored) == len(records) - 1
    finally:
        engine.dispose()
