"""Open States JSON in and out: every field the fixtures carry survives export -> import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from statecare.db.models import Action, Bill, Event, Sponsorship, Version, VoteEvent
from statecare.db.normalize import strip_volatile
from statecare.db.openstates_io import export_bills, import_paths, records_in
from statecare.legis.record import OPENSTATES_BILL_FIELDS, OPENSTATES_CHILD_FIELDS, from_openstates


def _fixture_bills(fixtures: Path) -> list[dict]:
    out = []
    for p in sorted((fixtures / "openstates").rglob("*.json")):
        kind, items = records_in(json.loads(p.read_bytes()))
        if kind == "bills":
            out.extend(items)
    return out


def _key(b: dict) -> tuple[str, str]:
    return (b.get("legislative_session") or b.get("session"), b["identifier"].replace(" ", ""))


def test_import_stores_every_fixture_bill(engine, fixtures: Path) -> None:
    counts = import_paths(engine, [fixtures / "openstates"])
    expected = _fixture_bills(fixtures)
    assert counts["new"] == len(expected) and not counts["errors"]
    with Session(engine) as s:
        assert s.scalar(select(func.count(Bill.id))) == len(expected)
        n_actions = sum(len(b.get("actions") or []) for b in expected)
        assert s.scalar(select(func.count(Action.id))) == n_actions
        n_spons = sum(len(b.get("sponsorships") or []) for b in expected)
        assert s.scalar(select(func.count(Sponsorship.id))) == n_spons
        n_versions = sum(len(b.get("versions") or []) for b in expected)
        assert s.scalar(select(func.count(Version.id))) == n_versions
        # the WA memorial's roll call was attached to its bill
        ve = s.scalars(select(VoteEvent)).one()
        assert ve.bill.identifier == "SJM 8004" and ve.result == "pass"
        assert s.scalar(select(func.count(Event.id)).where(Event.kind == "new_bill")) == len(expected)


def test_reimport_changes_nothing(engine, fixtures: Path) -> None:
    import_paths(engine, [fixtures / "openstates"])
    with Session(engine) as s:
        events_before = s.scalar(select(func.count(Event.id)))
    again = import_paths(engine, [fixtures / "openstates"])
    assert again["new"] == 0 and again["updated"] == 0
    assert again["unchanged"] == len(_fixture_bills(fixtures))
    with Session(engine) as s:
        assert s.scalar(select(func.count(Event.id))) == events_before


def test_export_import_round_trip_is_lossless(engine, fixtures: Path, tmp_path: Path) -> None:
    import_paths(engine, [fixtures / "openstates"])
    exported = {_key(from_openstates(b)): b for b in export_bills(engine)}
    originals = _fixture_bills(fixtures)
    assert len(exported) == len(originals)
    for orig in originals:
        # the export is an Open States scrape file; what the schema has no place for sits under extras
        assert exported[_key(orig)].keys() <= OPENSTATES_BILL_FIELDS
        got = from_openstates(exported[_key(orig)])
        want = strip_volatile(orig)
        for field, value in want.items():
            assert got.get(field) == value, f"{_key(orig)}: field {field!r} changed in the round trip"
    # and a second import of the export is a no-op
    out = tmp_path / "export.json"
    out.write_text(json.dumps(list(exported.values())))
    again = import_paths(engine, [out])
    assert again["updated"] == 0 and again["new"] == 0


def test_bad_files_are_reported_by_name_and_skipped(sqlite_engine, tmp_path: Path, fixtures: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"identifier": "HB 1", "legislative_session": ')
    noid = tmp_path / "noid.json"
    noid.write_text(json.dumps({"legislative_session": "2025", "title": "x", "jurisdiction": {"id": "ocd-jurisdiction/country:us/state:wa/government"}, "identifier": ""}))
    good = fixtures / "openstates" / "wa" / "WA_2025-2026_HB1445_metadata.json"
    counts = import_paths(sqlite_engine, [bad, noid, good])
    assert counts["new"] == 1
    assert len(counts["errors"]) == 2
    assert any("broken.json" in e and "malformed JSON" in e for e in counts["errors"])
    assert any("no identifier" in e for e in counts["errors"])


def test_import_missing_path_raises(sqlite_engine, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nope"):
        import_paths(sqlite_engine, [tmp_path / "nope"])


def test_export_files_have_only_open_states_keys_and_keep_scrape_facts(engine, fixtures: Path) -> None:
    """What openstates-core's importer needs without running it (tests/db/test_openstates_reference.py
    runs it): an `_id`, pupa pseudo-ids for organizations and people, sources, no keys outside the
    schema on bills or their children; and what the scrape said (scraped_at, division, person ids) kept."""
    import_paths(engine, [fixtures / "openstates"])
    originals = {_key(b): b for b in _fixture_bills(fixtures)}
    exported = list(export_bills(engine))
    assert len({b["_id"] for b in exported}) == len(exported) == len(originals)
    for b in exported:
        assert b.keys() <= OPENSTATES_BILL_FIELDS
        assert b["from_organization"] is None or b["from_organization"].startswith("~{")
        assert b["sources"], b["identifier"]
        assert b["jurisdiction"]["division_id"].startswith("ocd-division/country:us/")
        for kind, fields in OPENSTATES_CHILD_FIELDS.items():
            for item in b[kind]:
                assert item.keys() <= fields, (b["identifier"], kind, item.keys() - fields)
        for a in b["actions"]:
            assert a["organization_id"].startswith("~{")
        orig = originals[_key(from_openstates(b))]
        if orig.get("scraped_at"):
            assert b["scraped_at"] == orig["scraped_at"]
        assert [s.get("person_id") for s in b["sponsorships"]] == [
            s.get("person_id") for s in orig.get("sponsorships") or []]
    # and export -> import keeps scraped_at without counting it as a change
    assert any(b.get("scraped_at") for b in exported)
