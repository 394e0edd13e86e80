"""classify's batch path stores exactly what the models say, and a second run changes nothing.

The batch path writes a bill's action labels in one executemany, its own row in one UPDATE (the ORM
objects are given the values without the unit of work) and reads a batch's hearings and related
bills at once. These tests recompute every bill one at a time with the models themselves and
compare with what was stored, on SQLite and PostgreSQL, over real bills: the recorded Open States
fixtures and a slice of New Hampshire's two recorded sessions (prior-session links, hearings).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, selectinload

from statecare.db.models import Action, Bill, Event, Hearing, Provision, RelatedBill
from statecare.db.openstates_io import import_paths
from statecare.nlp.actions.bill import classify_actions
from statecare.nlp.classify import (
    PROVISION_TYPES,
    _abstract_strings,
    _related_types,
    classify_all,
    latest_text_version,
    provisions_of,
)
from statecare.nlp.policy_type.classifier import classify_bill
from statecare.nlp.stage.outcome import bill_stage

PER_SESSION = 60


def _load_slice(engine: Engine, fixtures: Path, shared: Path, tmp_path: Path) -> None:
    files = []
    for src in sorted((shared / "national" / "nh").glob("*/bills.jsonl.gz")):
        with gzip.open(src, "rt", encoding="utf-8") as f:
            lines = [line for _, line in zip(range(PER_SESSION), f, strict=False)]
        out = tmp_path / f"nh_{src.parent.name}.jsonl"
        out.write_text("".join(lines), encoding="utf-8")
        files.append(out)
    counts = import_paths(engine, [fixtures / "openstates", *files])
    assert not counts["errors"], counts["errors"]


def _sorted(rows: Any) -> list[tuple[Any, ...]]:
    return sorted((tuple(r) for r in rows), key=repr)  # repr: rows hold None beside numbers


def _snapshot(engine: Engine) -> dict[str, Any]:
    """Everything classify stores, keyed by bill (ids are the same database's, so comparable)."""
    with engine.connect() as conn:
        return {
            "bills": _sorted(conn.execute(select(
                Bill.id, Bill.policy_type, Bill.policy_type_score, Bill.stage, Bill.stage_date, Bill.stage_furthest,
                Bill.stage_chambers_passed, Bill.stage_session_ended, Bill.stage_reason, Bill.abstract_text,
                Bill.scorecard_version_id, func.coalesce(func.length(text("CAST(scorecard AS TEXT)")), -1),
                Bill.nlp_model_version, Bill.nlp_input_hash))),
            "actions": _sorted((r.id, str(r.nlp_classification), r.committee, r.stage_after) for r in conn.execute(
                select(Action.id, Action.nlp_classification, Action.committee, Action.stage_after))),
            "provisions": _sorted(conn.execute(select(
                Provision.bill_id, Provision.version_id, Provision.key, Provision.start, Provision.end,
                Provision.evidence, Provision.confidence))),
            "hearings": _sorted(conn.execute(select(
                Hearing.bill_id, Hearing.action_order, Hearing.date, Hearing.time, Hearing.committee, Hearing.status))),
            "events": conn.execute(select(func.count(Event.id))).scalar_one(),
            "links": _sorted(conn.execute(select(
                RelatedBill.bill_id, RelatedBill.related_bill_id, RelatedBill.relation_type, RelatedBill.derived))),
        }


def test_batch_path_stores_what_each_bill_computed_alone_gives(engine: Engine, fixtures: Path, shared: Path,
                                                               tmp_path: Path) -> None:
    _load_slice(engine, fixtures, shared, tmp_path)
    summary = classify_all(engine, batch=25)  # several batches, several states per batch
    assert summary.classified >= 150 and not summary.errors, summary.line()
    checked_types = 0
    with Session(engine) as s:
        bills = s.scalars(select(Bill).order_by(Bill.id).options(
            selectinload(Bill.actions), selectinload(Bill.versions), selectinload(Bill.related_bills))).all()
        provisions = {}
        for p in s.scalars(select(Provision)):
            provisions.setdefault(p.bill_id, []).append((p.key, p.start, p.end, p.evidence))
        for bill in bills:
            labels = classify_actions([a.description for a in bill.actions], bill.state,
                                      [a.organization for a in bill.actions])
            stage = bill_stage(bill, labels)
            assert (bill.stage, bill.stage_date, bill.stage_furthest, bill.stage_reason) == (
                stage.stage, stage.date, stage.furthest, stage.reason), bill.identifier
            assert bill.stage_chambers_passed == list(stage.chambers_passed)
            for i, (a, lab) in enumerate(zip(bill.actions, labels, strict=True)):
                assert a.nlp_classification == list(lab.categories), (bill.identifier, a.description)
                assert a.committee == lab.committee
                assert a.stage_after == (stage.per_action[i] or None)
            version = latest_text_version(bill)
            body = version.text if version else None
            related = _related_types(s, bill)
            if not related:  # with links, the type read the related bills' types as they stood then
                ptype, score = classify_bill(bill.title, _abstract_strings(bill), body, identifier=bill.identifier,
                                             classification=list(bill.classification or []),
                                             subjects=[str(x) for x in bill.subject or []], state=bill.state)
                assert (bill.policy_type, bill.policy_type_score) == (ptype, score), bill.identifier
                checked_types += 1
            expected: list[tuple[str, int, int, str]] = []
            if bill.policy_type in PROVISION_TYPES:
                source = body if version is not None else "\n\n".join(_abstract_strings(bill))
                if source:
                    expected = [(p["key"], p["start"], p["end"], p["evidence"]) for p in provisions_of(source)[0]]
            assert sorted(provisions.get(bill.id, [])) == sorted(expected), bill.identifier
        assert checked_types >= 100
        # a bill without a scorecard stores SQL NULL, not the JSON text 'null' (pages test IS NULL)
        no_card = sum(1 for b in bills if b.scorecard is None)
        assert no_card and s.execute(select(func.count()).where(Bill.scorecard.is_(None))).scalar_one() == no_card
        assert s.execute(select(func.count(Hearing.id))).scalar_one() > 0  # the slice exercises hearings
        assert s.execute(select(func.count(RelatedBill.id)).where(RelatedBill.derived)).scalar_one() > 0


def test_classify_again_and_forced_store_the_same(engine: Engine, fixtures: Path, shared: Path,
                                                  tmp_path: Path) -> None:
    _load_slice(engine, fixtures, shared, tmp_path)
    classify_all(engine, batch=40)
    first = _snapshot(engine)
    again = classify_all(engine)
    assert again.considered == 0 and again.classified == 0
    forced = classify_all(engine, force=True, batch=40)  # every bill through the batch path again
    assert forced.classified == len(first["bills"]) and forced.stage_changes == 0 and forced.reclassified == 0
    assert _snapshot(engine) == first  # the same rows, no event added
