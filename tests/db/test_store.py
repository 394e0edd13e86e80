"""The store: upsert by key, events only for real changes, one transaction per bill."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from statecare.db.models import Action, Bill, CrawlError, CrawlRun, Event, Version
from statecare.db.store import BillStore
from statecare.legis.identifiers import normalize_identifier
from statecare.legis.record import RecordError


@pytest.fixture
def sjm8004(fixtures: Path) -> dict:
    return json.loads((fixtures / "openstates/wa/WA_2025-2026_SJM8004_metadata.json").read_bytes())


@pytest.mark.parametrize(
    ("raw", "want"),
    [("AB1900", "AB 1900"), ("S.860", "S 860"), ("sjm 8004", "SJM 8004"), ("HB0002", "HB 2"),
     ("H 433", "H 433"), ("A 10774", "A 10774"), ("H.R. 12", "HR 12"), ("HJR 1002", "HJR 1002")],
)
def test_identifier_normalisation(raw: str, want: str) -> None:
    assert normalize_identifier(raw) == want


def test_new_then_unchanged_then_new_action(engine, sjm8004: dict) -> None:
    store = BillStore(engine)
    run = store.start_run("test", {})
    # the bill as it stood before its last action, then as recorded
    early = copy.deepcopy(sjm8004)
    early["actions"] = early["actions"][:-2]
    r1 = store.upsert_bill(early, source="test", run_id=run)
    assert r1.status == "new" and r1.event_kinds == ["new_bill"]
    assert store.upsert_bill(early, source="test", run_id=run).status == "unchanged"
    r3 = store.upsert_bill(sjm8004, source="test", run_id=run)
    assert r3.status == "updated"
    assert r3.event_kinds == ["new_action", "new_action"]
    counts = store.finish_run(run)
    assert (counts["bills_new"], counts["bills_unchanged"], counts["bills_updated"]) == (1, 1, 1)
    with Session(engine) as s:
        bill = s.scalars(select(Bill)).one()
        assert [a.description for a in bill.actions] == [a["description"] for a in sjm8004["actions"]]
        kinds = [e.kind for e in s.scalars(select(Event).order_by(Event.id))]
        assert kinds == ["new_bill", "new_action", "new_action"]
        payload = s.scalars(select(Event).order_by(Event.id.desc())).first().payload
        assert payload["description"] == sjm8004["actions"][-1]["description"]


def test_version_text_change_emits_new_version_and_keeps_ids(engine, fixtures: Path) -> None:
    rec = json.loads((fixtures / "openstates/wa/WA_2025-2026_HB1445_metadata.json").read_bytes())
    html = (fixtures / "state_html/wa/WA_2025-2026_HB1445_1445_Bill.htm").read_bytes()
    store = BillStore(engine)
    with_text = copy.deepcopy(rec)
    with_text["versions"][0]["text"] = html.decode("utf-8-sig")[:5000]
    store.upsert_bill(with_text, source="test")
    with Session(engine) as s:
        vid = s.scalars(select(Version.id)).one()
    changed = copy.deepcopy(rec)
    changed["versions"][0]["text"] = html.decode("utf-8-sig")[:6000]
    res = store.upsert_bill(changed, source="test")
    assert res.event_kinds == ["new_version"]
    # a record without text (plain import) keeps the stored text
    store.upsert_bill(rec, source="test")
    with Session(engine) as s:
        v = s.scalars(select(Version)).one()
        assert v.id == vid
        assert v.text is not None and len(v.text) == 6000


def test_invalid_records_raise_and_write_nothing(engine, sjm8004: dict) -> None:
    store = BillStore(engine)
    bad = dict(sjm8004, identifier="")
    with pytest.raises(RecordError, match="no identifier"):
        store.upsert_bill(bad, source="test")
    with pytest.raises(RecordError, match="no recognisable state"):
        store.upsert_bill(dict(sjm8004, jurisdiction={}), source="test")
    with Session(engine) as s:
        assert s.scalar(select(func.count(Bill.id))) == 0


def test_failure_midway_leaves_no_partial_bill(engine, sjm8004: dict) -> None:
    """An action that cannot be stored aborts the whole bill: no bill row without its actions."""
    store = BillStore(engine)
    broken = copy.deepcopy(sjm8004)
    broken["actions"][5]["description"] = object()  # not serialisable -> fails inside the transaction
    broken["actions"][5]["classification"] = [object()]
    with pytest.raises(Exception):  # noqa: B017 - any database/serialisation error
        store.upsert_bill(broken, source="test")
    with Session(engine) as s:
        assert s.scalar(select(func.count(Bill.id))) == 0
        assert s.scalar(select(func.count(Action.id))) == 0


def test_errors_are_recorded_against_urls(engine) -> None:
    store = BillStore(engine)
    run = store.start_run("test", {"q": "single payer"})
    store.record_error(run, "http://example.invalid/a.json", "HTTP 500")
    store.record_error(run, "http://example.invalid/b.pdf", "unreadable PDF")
    info = store.finish_run(run, "finished")
    assert info["error_count"] == 2 and info["status"] == "finished"
    with Session(engine) as s:
        run_row = s.get(CrawlRun, run)
        assert [e.url for e in run_row.errors] == ["http://example.invalid/a.json", "http://example.invalid/b.pdf"]
        assert s.scalar(select(func.count(CrawlError.id))) == 2


def test_related_bills_resolve_in_either_order(engine, fixtures: Path) -> None:
    store = BillStore(engine)
    hf = json.loads((fixtures / "openstates/mn/MN_2025-2026_HF1812_metadata.json").read_bytes())
    sf = json.loads((fixtures / "openstates/mn/MN_2025-2026_SF929_metadata.json").read_bytes())
    a = store.upsert_bill(hf, source="test")  # points at SF 929, not stored yet
    b = store.upsert_bill(sf, source="test")  # points back at HF 1812
    with Session(engine) as s:
        hf_bill = s.get(Bill, a.bill_id)
        sf_bill = s.get(Bill, b.bill_id)
        assert hf_bill.related_bills[0].related_bill_id == sf_bill.id
        assert sf_bill.related_bills[0].related_bill_id == hf_bill.id


def test_runs_of_dead_processes_are_closed_as_interrupted(engine) -> None:
    """A crawl killed midway leaves 'running'; the next run on the host marks it interrupted."""
    import subprocess
    import sys

    store = BillStore(engine)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    pid = int(dead.stdout)
    run = store.start_run("test", {})
    with engine.begin() as conn:
        from statecare.db.store import runs_t
        args = conn.execute(select(runs_t.c.args).where(runs_t.c.id == run)).scalar()
        conn.execute(runs_t.update().where(runs_t.c.id == run).values(args={**args, "_pid": pid}))
    live = store.start_run("test", {})
    with Session(engine) as s:
        assert s.get(CrawlRun, run).status == "interrupted"
        assert s.get(CrawlRun, live).status == "running"
