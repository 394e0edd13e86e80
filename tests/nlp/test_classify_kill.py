"""`statecare classify` killed -9 midway (no chance to clean up), then run again to the end, leaves the
database exactly as one uninterrupted run leaves a copy of the same starting database: the same
stage, policy type, scorecard and provisions per bill, the same action labels, hearings and related
bills, and the same events but for their ids and times -- none duplicated, none missing.

Two starting databases, both from the real pipeline: `statecare crawl --replay` of the recorded sources
into a SQLite file (as tests/integration/conftest.py builds it), and

- `fresh`: nothing classified yet (a first classification writes no stage_change events);
- `older_model`: classified, then marked as classified by an older model that read every bill as
  merely introduced, single-payer bills as public options, and had found no hearings -- so the
  rerun writes a stage_change event for most bills, reclassified and hearing_scheduled events.

Both runs are real `statecare classify` subprocesses.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import DateTime, Engine, case, delete, func, select, update

from statecare.db.engine import make_engine
from statecare.db.models import Base, Bill, Hearing

pytestmark = pytest.mark.slow

SOURCES = ("openstates", "legiscan", "wa", "ny_openleg")
STATECARE = [sys.executable, "-m", "statecare"]
SKIP_COLUMNS = {"id"}  # row ids differ between two runs (and so do timestamps: DateTime columns are left out)


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(args[2:])} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


@pytest.fixture(scope="module")
def crawled(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The recorded sources crawled into a SQLite file, nothing classified yet."""
    path = tmp_path_factory.mktemp("classify_kill") / "crawled.sqlite3"
    url = f"sqlite:///{path}"
    env = {**os.environ, "DATABASE_URL": url, "STATECARE_SHARED": str(shared)}
    _run([*STATECARE, "db", "upgrade"], env)
    for source in SOURCES:
        extra = ["--no-national"] if source == "openstates" else []
        _run([*STATECARE, "crawl", "--source", source, "--replay", *extra, "--database-url", url, "--json"], env)
    return path


@pytest.fixture(scope="module", params=["fresh", "older_model"])
def starting_db(request: pytest.FixtureRequest, crawled: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "fresh":
        return crawled
    path = tmp_path_factory.mktemp("older_model") / "older.sqlite3"
    shutil.copyfile(crawled, path)
    _run([*STATECARE, "classify", "--database-url", f"sqlite:///{path}"], dict(os.environ))
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            conn.execute(update(Bill).values(
                nlp_model_version="older-model", stage="introduced",
                policy_type=case((Bill.policy_type == "single_payer", "public_option"), else_=Bill.policy_type)))
            conn.execute(delete(Hearing))
    finally:
        engine.dispose()
    return path


def _classified(engine: Engine) -> int:
    """Bills the current model has classified."""
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Bill).where(
            Bill.nlp_model_version.is_not(None), Bill.nlp_model_version != "older-model")).scalar() or 0


def _norm(v: Any) -> Any:
    return json.dumps(v, sort_keys=True, default=str) if isinstance(v, dict | list) else v


def snapshot(engine: Engine) -> dict[str, Any]:
    """Every table's rows, as a multiset, without row ids and timestamps (which differ between two runs),
    with bill ids replaced by the bill's state, session and number."""
    out: dict[str, Any] = {}
    with engine.connect() as conn:
        keys = {r.id: (r.state, r.legislative_session, r.identifier)
                for r in conn.execute(select(Bill.id, Bill.state, Bill.legislative_session, Bill.identifier))}
        for table in Base.metadata.sorted_tables:
            cols = [c for c in table.columns if c.name not in SKIP_COLUMNS and not isinstance(c.type, DateTime)]
            rows: Counter[tuple[Any, ...]] = Counter()
            for row in conn.execute(select(*cols)):
                rows[tuple(keys.get(v, v) if c.name in ("bill_id", "related_bill_id") else _norm(v)
                           for c, v in zip(cols, row, strict=True))] += 1
            out[table.name] = rows
        bills = {}
        for table in Base.metadata.sorted_tables:
            if table.name == "bills":
                cols = [c for c in table.columns if not isinstance(c.type, DateTime)]
                for row in conn.execute(select(*cols)):
                    d = dict(zip([c.name for c in cols], (_norm(v) for v in row), strict=True))
                    bills[keys[d.pop("id")]] = d
        out["bills"] = bills
    return out


def test_classify_killed_midway_then_rerun_equals_an_uninterrupted_run(starting_db: Path, tmp_path: Path) -> None:
    whole, killed = tmp_path / "whole.sqlite3", tmp_path / "killed.sqlite3"
    shutil.copyfile(starting_db, whole)
    shutil.copyfile(starting_db, killed)
    env = {**os.environ}
    env.pop("DATABASE_URL", None)

    # the reference: one uninterrupted run
    out = _run([*STATECARE, "classify", "--batch", "1", "--database-url", f"sqlite:///{whole}"], env)
    assert "errors=0" in out, out

    engine = make_engine(f"sqlite:///{killed}")
    try:
        with engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(Bill)).scalar() or 0
        assert total >= 20
        # one bill a transaction, so the kill lands between commits of a run that has done part of the work
        proc = subprocess.Popen([*STATECARE, "classify", "--batch", "1", "--database-url", f"sqlite:///{killed}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        try:
            deadline = time.monotonic() + 120
            while _classified(engine) < total // 2:  # about half the work done
                assert proc.poll() is None, "classify ended before it could be killed"
                assert time.monotonic() < deadline, "classify stored nothing within 120 s"
                time.sleep(0.01)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        at_kill = _classified(engine)
        assert total // 2 <= at_kill < total, f"the kill did not land midway ({at_kill} of {total} classified)"

        out = _run([*STATECARE, "classify", "--batch", "1", "--database-url", f"sqlite:///{killed}"], env)
        assert "errors=0" in out, out
        assert f"classified={total - at_kill} " in out, out  # the rerun did only what was left
        after = snapshot(engine)
    finally:
        engine.dispose()
    reference_engine = make_engine(f"sqlite:///{whole}")
    try:
        reference = snapshot(reference_engine)
    finally:
        reference_engine.dispose()

    assert after["bills"].keys() == reference["bills"].keys()
    for key, ref in reference["bills"].items():
        got = after["bills"][key]
        assert {k: got[k] for k in ("stage", "policy_type", "scorecard")} == {
            k: ref[k] for k in ("stage", "policy_type", "scorecard")}, key
        assert got == ref, key
    assert after["provisions"] == reference["provisions"]
    events, ref_events = after["events"], reference["events"]
    assert events == ref_events, (
        f"missing: {ref_events - events}\nextra (or duplicated): {events - ref_events}")
    kinds = Counter(row[0] for row in events.elements())  # `kind` is the events table's first column kept
    print(f"killed at {at_kill}/{total} classified; events after the rerun: {dict(kinds)}")
    if starting_db.name != "crawled.sqlite3":  # the older model's bills: stage changes are what is compared
        assert kinds["stage_change"] >= 10 and kinds["reclassified"] >= 1, kinds
    for name in reference:
        assert after[name] == reference[name], name
