"""Build the site's test database from the recorded real data, through the store.

Bills: every Open States fixture (statecare.db.openstates_io.import_paths) and the NY Open
Legislation records of the NY Health Act lineage (the crawler's own converter), so the pages show
real bills with real histories. Version texts: the recorded bill texts and PDFs attached to the
version of the record they belong to, and stored through BillStore.upsert_bill like a crawl would.

Analysis values (stage, policy type, provisions, scorecard, a stage-change event) are what
`statecare classify` would write; the pages must show them when present, so they are set here
through the ORM on real bills, with values that follow each bill's recorded history. Provision
spans point at real sentences found in the stored text (offsets computed, never typed in).
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from statecare.crawler.people import annotate_sponsors
from statecare.crawler.records.ny_openleg import openleg_to_record
from statecare.db.models import Action, Bill, Event, Provision
from statecare.db.openstates_io import import_paths
from statecare.db.people_io import load_people
from statecare.db.schema import create_all
from statecare.db.store import BillStore

MODEL = "test-fixture-analysis"


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _with_text(record: dict[str, Any], note_prefix: str, text: str) -> dict[str, Any]:
    rec = copy.deepcopy(record)
    for v in rec.get("versions") or []:
        if str(v.get("note", "")).startswith(note_prefix):
            v["text"] = text
            v["text_status"] = "ok"
            return rec
    raise LookupError(f"{record.get('identifier')}: no version note starting {note_prefix!r}")


def _pdf_text(path: Path) -> str:
    from statecare.documents import extract_file

    return extract_file(path).text


def _crawled(record: dict[str, Any], state: str, people: Path) -> dict[str, Any]:
    """The record as the crawl stores it: sponsors matched to the people directory
    (the SponsorPipeline's step), so bill pages link sponsors to legislator pages."""
    rec = copy.deepcopy(record)
    rec.setdefault("state", state)
    annotate_sponsors(rec, people)
    return rec


def build(engine: Engine, fixtures: Path) -> None:
    """Create the schema and fill it with the real fixtures plus analysis values, and the people
    directory (legislators, committees) of the states stored, as `make pipeline` loads it."""
    create_all(engine)
    load_people(engine, fixtures.parent / "people", ["wa", "ma", "ny", "vt"])
    counts = import_paths(engine, [fixtures / "openstates"], source="openstates")
    assert not counts["errors"], counts["errors"]
    store = BillStore(engine)
    texts = fixtures / "bill_texts"
    os_dir = fixtures / "openstates"
    people = fixtures.parent / "people"
    sb5233 = _with_text(_load(os_dir / "wa/WA_2025-2026_SB5233_metadata.json"), "Bill",
                        (texts / "wa/WA_2025-2026_SB5233_Washington_health_trust_extracted.txt").read_text())
    store.upsert_bill(_crawled(sb5233, "wa", people), source="openstates")
    store.upsert_bill(_with_text(_load(os_dir / "wa/WA_2025-2026_SJM8004_metadata.json"), "Joint Memorial",
                                 (texts / "wa/WA_2025-2026_SJM8004_universal_health_care_memorial_extracted.txt")
                                 .read_text()), source="openstates")
    store.upsert_bill(_with_text(_load(os_dir / "ma/MA_194th_S860_metadata.json"), "Bill Text",
                                 (texts / "ma/MA_194th_S860_medicare_for_all_extracted.txt").read_text()),
                      source="openstates")
    vt = _load(os_dir / "vt/VT_2025-2026_S197_primary_care_reform_signed_metadata.json")
    vt = _with_text(vt, "As Enacted", _pdf_text(fixtures / "pdf/vt/VT_2025-2026_S197_ACT173_As_Enacted.pdf"))
    vt = _with_text(vt, "Act Summary", _pdf_text(fixtures / "pdf/vt/VT_2025-2026_S197_ACT173_Act_Summary.pdf"))
    store.upsert_bill(vt, source="openstates")

    # The NY Health Act in every session since 2019 (NY Open Legislation records, converted by the
    # crawler's own converter); the 2023 pair gets its official text (bill_texts/ny, PROVENANCE §4).
    # Open Legislation's flattened record lists no versions, so the text is attached as the one
    # version of that print number.
    ny_texts = {"S7590": texts / "ny/NY_2023_S7590.md.txt", "A7897": texts / "ny/NY_2023_A7897.md.txt"}
    for f in sorted((fixtures / "ny_openleg_derived").glob("NY_*_NY_Health_Act.json")):
        raw = _load(f)
        rec = openleg_to_record(raw, f"https://legislation.nysenate.gov/api/3/bills/{raw['Session']}/{raw['PrintNo']}")
        if raw["PrintNo"] in ny_texts:
            rec["versions"] = [{"note": raw["PrintNo"], "date": raw.get("Published", "")[:10],
                                "links": [{"url": f"https://legislation.nysenate.gov/pdf/bills/{raw['Session']}/"
                                                  f"{raw['PrintNo']}", "media_type": "application/pdf"}],
                                "text": ny_texts[raw["PrintNo"]].read_text(), "text_status": "ok"}]
        store.upsert_bill(rec, source="ny_openleg")
    # a second pass resolves links to bills stored after the bill that names them
    for f in sorted((fixtures / "ny_openleg_derived").glob("NY_*_NY_Health_Act.json")):
        raw = _load(f)
        rec = openleg_to_record(raw, f"https://legislation.nysenate.gov/api/3/bills/{raw['Session']}/{raw['PrintNo']}")
        if raw["PrintNo"] not in ny_texts:
            store.upsert_bill(rec, source="ny_openleg")
    set_analysis(engine)


# (state, session, identifier) -> (policy_type, stage), following each bill's recorded history
ANALYSIS: dict[tuple[str, str, str], tuple[str, str]] = {
    ("wa", "2025-2026", "SJM 8004"): ("federal_resolution", "passed_both"),
    ("wa", "2025-2026", "SB 5233"): ("single_payer", "in_committee"),
    ("wa", "2025-2026", "HB 1445"): ("single_payer", "introduced"),
    ("wa", "2025-2026", "HB 1009"): ("other_health_coverage", "enacted"),
    ("ca", "20252026", "AB 1900"): ("single_payer", "introduced"),
    ("ma", "194th", "S 860"): ("single_payer", "in_committee"),
    ("ma", "194th", "H 1405"): ("single_payer", "in_committee"),
    ("ma", "194th", "H 1246"): ("public_option", "in_committee"),
    ("mn", "2025-2026", "HF 1812"): ("single_payer", "in_committee"),
    ("mn", "2025-2026", "SF 929"): ("single_payer", "in_committee"),
    ("mn", "2025-2026", "HF 3057"): ("public_option", "in_committee"),
    ("mn", "2025-2026", "SF 3138"): ("public_option", "in_committee"),
    ("vt", "2025-2026", "H 433"): ("single_payer", "introduced"),
    ("vt", "2025-2026", "H 833"): ("universal_coverage_study", "introduced"),
    ("vt", "2025-2026", "S 197"): ("other_health_coverage", "enacted"),
    ("vt", "2025-2026", "S 190"): ("other_health_coverage", "vetoed"),
    ("ny", "2025-2026", "S 3425"): ("single_payer", "in_committee"),
    ("ny", "2025-2026", "A 1466"): ("single_payer", "in_committee"),
    ("ny", "2023-2024", "S 7590"): ("single_payer", "in_committee"),
    ("ny", "2023-2024", "A 7897"): ("single_payer", "in_committee"),
    ("ny", "2021-2022", "S 5474"): ("single_payer", "in_committee"),
    ("ny", "2021-2022", "A 6058"): ("single_payer", "in_committee"),
    ("ny", "2019-2020", "S 3577"): ("single_payer", "in_committee"),
    ("ny", "2019-2020", "A 5248"): ("single_payer", "in_committee"),
}

# real phrases of WA SB 5233's stored text -> the provision each is evidence for
SB5233_EVIDENCE = {
    "provider_payment.global_budget":
        "shall annually negotiate with each community health provider a prospective global budget",
    "financing.payroll_tax": "Do not exceed 10.5 percent of an employee's aggregate adjusted quarterly payroll",
    "benefits.prescription_drugs": "Prescription drugs, medical devices, and biological products",
}


def _sentence_span(text: str, phrase: str) -> tuple[int, int]:
    """The span of `phrase` widened to the clause it sits in (to the next ';' or '.')."""
    i = text.index(phrase)
    end = i + len(phrase)
    stops = [j for j in (text.find(";", end), text.find(". ", end)) if j != -1]
    return i, (min(stops) + 1 if stops else end)


def set_analysis(engine: Engine) -> None:
    """Write what `statecare classify` would for the bills above (values follow their real histories)."""
    with Session(engine) as s, s.begin():
        for (st, sess, ident), (ptype, stage) in ANALYSIS.items():
            b = s.scalars(select(Bill).where(Bill.state == st, Bill.legislative_session == sess,
                                             Bill.identifier == ident)).one()
            b.policy_type, b.stage, b.policy_type_score = ptype, stage, 0.9
            b.nlp_model_version = MODEL
        sjm = s.scalars(select(Bill).where(Bill.state == "wa", Bill.identifier == "SJM 8004")).one()
        # stage after each action of the memorial, as the status model derives it from the wording
        stage = "introduced"
        for a in s.scalars(select(Action).where(Action.bill_id == sjm.id).order_by(Action.order)):
            cls = set(a.classification or [])
            if "referral-committee" in cls:
                stage = "in_committee" if stage == "introduced" else stage
            if "passage" in cls:
                stage = "passed_both" if stage in ("passed_one_chamber", "passed_both") else "passed_one_chamber"
            a.stage_after = stage
        s.add(Event(kind="stage_change", bill_id=sjm.id, state="wa", legislative_session="2025-2026",
                    identifier="SJM 8004", created_at=datetime.now(UTC),
                    payload={"from": "passed_one_chamber", "to": "passed_both", "title": sjm.title,
                             "policy_type": "federal_resolution"}))
        sb = s.scalars(select(Bill).where(Bill.state == "wa", Bill.identifier == "SB 5233")).one()
        version = next(v for v in sb.versions if v.text)
        for key, phrase in SB5233_EVIDENCE.items():
            start, end = _sentence_span(version.text, phrase)
            cat, val = key.split(".")
            s.add(Provision(bill_id=sb.id, version_id=version.id, key=key, category=cat, value=val, start=start,
                            end=end, evidence=version.text[start:end], confidence=0.8, model_version=MODEL))
        # the scorecard in the shape statecare.nlp.provisions.scorecard.build_scorecard stores: offsets into the
        # same text as the provisions, `key` naming the provision an answer rests on
        ev = {key: _evidence(version.text, key) for key in SB5233_EVIDENCE}
        sb.scorecard = {
            "financing": {"answer": "specified", "sources": ["financing.payroll_tax"],
                          "evidence": [ev["financing.payroll_tax"]]},
            "provider_payment": {"answer": "present", "evidence": [ev["provider_payment.global_budget"]]},
            "erisa": {"answer": "absent", "evidence": []},
        }


def _evidence(text: str, key: str) -> dict[str, Any]:
    a, b = _sentence_span(text, SB5233_EVIDENCE[key])
    return {"start": a, "end": b, "evidence": text[a:b], "key": key}
