"""`statecare classify` over stored bills: results stored, re-runs idle, changes produce events."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from statecare.db.models import Bill, Event, Provision, Version
from statecare.db.openstates_io import import_paths
from statecare.db.store import BillStore
from statecare.documents import extract_file
from statecare.legis.sessions import session_end
from statecare.nlp.classify import classify_all


def _bill(s: Session, state: str, ident: str) -> Bill:
    return s.scalars(select(Bill).where(Bill.state == state, Bill.identifier == ident)).one()


def test_classify_stores_analysis_and_second_run_is_idle(engine, fixtures: Path) -> None:
    import_paths(engine, [fixtures / "openstates"])
    first = classify_all(engine)
    assert first.classified == 39 and not first.errors
    with Session(engine) as s:
        assert _bill(s, "vt", "S 197").stage == "enacted"  # signed by the governor (Act 173)
        assert _bill(s, "vt", "S 190").stage == "vetoed"
        assert _bill(s, "wa", "HB 1009").stage == "enacted"
        assert _bill(s, "wa", "SJM 8004").policy_type == "federal_resolution"
        assert _bill(s, "ma", "S 860").policy_type == "single_payer"
        assert _bill(s, "mn", "HF 3057").policy_type == "public_option"
        ca = _bill(s, "ca", "AB 1900")
        assert ca.policy_type == "single_payer"
        # no text was crawled for CalCare here: its provisions come from the Legislative Counsel's digest
        assert ca.scorecard and ca.scorecard["financing"]["answer"] != "absent"
        digest = ca.abstracts[0]["abstract"]
        provs = s.scalars(select(Provision).where(Provision.bill_id == ca.id)).all()
        assert provs and all(digest[p.start:p.end] == p.evidence for p in provs)
        assert all(b.nlp_model_version for b in s.scalars(select(Bill)))
    again = classify_all(engine)
    assert again.classified == 0 and again.considered == 0


def test_new_actions_move_the_stage_and_emit_one_event(engine, fixtures: Path) -> None:
    rec = json.loads((fixtures / "openstates/wa/WA_2025-2026_SJM8004_metadata.json").read_bytes())
    passed_senate = next(i for i, a in enumerate(rec["actions"]) if a["description"].startswith("Third reading, passed"))
    early = copy.deepcopy(rec)
    early["actions"] = rec["actions"][: passed_senate + 1]
    store = BillStore(engine)
    store.upsert_bill(early, source="test")
    classify_all(engine)
    with Session(engine) as s:
        assert _bill(s, "wa", "SJM 8004").stage == "passed_one_chamber"
    store.upsert_bill(rec, source="test")  # the House passes it too
    second = classify_all(engine)
    assert second.classified == 1 and second.stage_changes == 1
    with Session(engine) as s:
        ev = s.scalars(select(Event).where(Event.kind == "stage_change")).one()
        assert ev.payload["from"] == "passed_one_chamber" and ev.payload["to"] == "passed_both"
        assert ev.identifier == "SJM 8004"


def test_provisions_come_from_the_amended_text(sqlite_engine, fixtures: Path) -> None:
    """H.433 amends Vermont statutes: struck language must not become a provision."""
    rec = json.loads((fixtures / "openstates/vt/VT_2025-2026_H433_metadata.json").read_bytes())
    doc = extract_file(next((fixtures / "pdf/vt").glob("*H433*.pdf")))
    rec["versions"][0].update(text=doc.text, struck_text=doc.struck_text, text_status=doc.status)
    BillStore(sqlite_engine).upsert_bill(rec, source="test")
    summary = classify_all(sqlite_engine)
    assert summary.classified == 1
    with Session(sqlite_engine) as s:
        bill = _bill(s, "vt", "H 433")
        version = s.scalars(select(Version)).one()
        provs = s.scalars(select(Provision).where(Provision.bill_id == bill.id)).all()
        assert provs, "Green Mountain Care should carry provisions"
        for p in provs:
            assert version.text[p.start:p.end] == p.evidence
            assert p.version_id == version.id
        struck = [seg.strip() for seg in (doc.struck_text or "").split("\n\n") if len(seg.strip()) > 40]
        assert struck, "H.433 strikes existing statute language"
        for p in provs:
            for seg in struck:
                assert seg not in p.evidence
        assert s.scalar(select(func.count(Provision.id))) == len(provs)


def test_session_end_from_session_names() -> None:
    assert session_end("wa", "2025-2026") == "2026-12-31"
    assert session_end("ca", "20252026") == "2026-12-31"
    assert session_end("ny", "2019") == "2020-12-31"
    assert session_end("ma", "194th") == "2026-12-31"
    assert session_end("nj", "222") == "2028-01-10"  # to the day before the 223rd convenes (stage-final round)
    assert session_end("nm", "2025S1") == "2025-12-31"
    assert session_end("xx", "special") is None


def test_a_summary_listed_last_is_not_the_bill_text(sqlite_engine, fixtures: Path) -> None:
    """VT S.197 lists its Act Summary after the enacted text; provisions read the enacted text."""
    rec = json.loads((fixtures / "openstates/vt/VT_2025-2026_S197_primary_care_reform_signed_metadata.json").read_bytes())
    for v in rec["versions"]:
        if v["note"].startswith(("As Enacted", "Act Summary")):
            which = "As_Enacted" if v["note"].startswith("As Enacted") else "Act_Summary"
            doc = extract_file(next((fixtures / "pdf/vt").glob(f"*S197_ACT173_{which}.pdf")))
            v.update(text=doc.text, text_status=doc.status)
    BillStore(sqlite_engine).upsert_bill(rec, source="test")
    classify_all(sqlite_engine)
    with Session(sqlite_engine) as s:
        bill = _bill(s, "vt", "S 197")
        used = {p.version_id for p in bill.provisions}
        enacted = next(v.id for v in bill.versions if v.note.startswith("As Enacted"))
        assert used == {enacted}
        assert bill.policy_type == "universal_coverage_study"
