"""A stage change found by `statecare classify` reaches a subscriber's digest, and its link works.

WA SJM 8004 (the universal health care memorial) is stored as it stood after the Senate vote, and
classified; then its full record (the House vote, both signatures) arrives and classify runs again.
The second run must write a stage_change event, and the digest for a Washington subscriber must say
the memorial passed both chambers -- in both parts, linking to a bill page that exists.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from statecare.app import create_app
from statecare.db.models import Bill, Event, Version
from statecare.db.store import BillStore
from statecare.digest.render import render_digest
from statecare.digest.selection import (
    EventIndex,
    EventRow,
    Filters,
    SavedSearches,
    Selector,
    build_digest,
    load_events,
)
from statecare.legis.chambers import normalize_chamber
from statecare.nlp.classify import classify_all
from statecare.web import vocab

ROOT = "http://statecare.test"


def _senate_part(record: dict[str, Any]) -> dict[str, Any]:
    """The record as it stood before the bill reached the House: its actions up to the first House one."""
    rec = copy.deepcopy(record)
    chambers = [normalize_chamber(a.get("organization_id") or a.get("organization")) for a in rec["actions"]]
    first_house = chambers.index("lower")
    assert first_house > 0 and set(chambers[:first_house]) == {"upper"}
    rec["actions"] = rec["actions"][:first_house]
    return rec


def _digest_for_wa(engine: Engine) -> tuple[Any, Any]:
    with engine.connect() as conn:
        upto = conn.execute(select(func.max(Event.id))).scalar_one()
        events = load_events(conn, 0, upto)
        index = EventIndex(events)
        selector = Selector(index, SavedSearches(conn, index.bill_ids), ROOT)
        digest = selector.digest(Filters.of(["wa"], [], None), 0, upto)
    return digest, render_digest(digest, ROOT)


def test_classified_stage_change_reaches_the_digest(engine: Engine, fixtures: Path, tmp_path: Path) -> None:
    record = json.loads((fixtures / "openstates/wa/WA_2025-2026_SJM8004_metadata.json").read_text(encoding="utf-8"))
    store = BillStore(engine)
    store.upsert_bill(_senate_part(record), source="openstates")
    first = classify_all(engine)
    assert first.classified == 1 and not first.errors
    with Session(engine) as s:
        bill = s.scalars(select(Bill).where(Bill.identifier == "SJM 8004")).one()
        assert bill.stage == "passed_one_chamber"
        assert bill.policy_type == "federal_resolution"  # so the default digest filter takes it
        before = s.scalar(select(func.max(Event.id)))

    store.upsert_bill(record, source="openstates")
    second = classify_all(engine)
    assert second.classified == 1 and second.stage_changes == 1
    with Session(engine) as s:
        change = s.scalars(select(Event).where(Event.kind == "stage_change", Event.id > before)).one()
    assert (change.payload["from"], change.payload["to"]) == ("passed_one_chamber", "passed_both")

    digest, rendered = _digest_for_wa(engine)
    assert [s.code for s in digest.sections] == ["wa"]
    block = digest.sections[0].bills[0]
    assert block.identifier == "SJM 8004"
    stage_items = [i for i in block.items if i.kind == "stage_change"]
    # a memorial to Congress is named as one: its passage changes no one's coverage by itself
    assert [i.headline for i in stage_items] == ["Memorial passed both chambers"]
    assert vocab.route_stage_label("passed_both", "federal_resolution") == "Memorial passed both chambers"
    text, html = rendered.personalise(f"{ROOT}/prefs", f"{ROOT}/unsub")
    assert "Memorial passed both chambers" in text and "Memorial passed both chambers" in html
    assert "Previously: Passed one chamber" in text
    # the action that moved it, in the legislature's words (classify stores the words, not label codes)
    action = change.payload["description"]
    moved = [a["description"] for a in record["actions"]]
    assert action in moved
    assert " ".join(action.split()) in " ".join(text.split())
    assert "passage|" not in text and "reading-3" not in text and "passage|" not in html
    assert block.url in text and f'href="{block.url}"' in html
    # the link in the email resolves on the site, and the page tells the same stage
    app = create_app({"DATABASE_URL": engine.url.render_as_string(hide_password=False), "TESTING": True,
                      "SECRET_KEY": "digest-integration", "INSTANCE_PATH": str(tmp_path / "instance")})
    try:
        page = app.test_client().get(block.url.removeprefix(ROOT))
        assert page.status_code == 200 and b"Passed both chambers" in page.data
    finally:
        app.extensions["statecare_engine"].dispose()
    # a Washington subscriber who asked for a different state hears nothing
    with engine.connect() as conn:
        upto = conn.execute(select(func.max(Event.id))).scalar_one()
        index = EventIndex(load_events(conn, 0, upto))
        other = Selector(index, None, ROOT).digest(Filters.of(["ny"], [], None), 0, upto)
    assert other.empty


def test_digest_names_vermont_versions_without_the_scraper_artefact(pipeline: Any) -> None:
    """VT version notes are stored as scraped ("As Passed By the Senate (OfficialOpens in a new
    window)"); a new-text item in the email names the version without the artefact."""
    with Session(pipeline.engine) as s:
        rows = s.execute(select(Bill, Version.note).join(Version, Version.bill_id == Bill.id)
                         .where(Version.note.contains("Opens in a new window"))).all()
        assert rows, "the VT recordings no longer carry the artefact"
        events = [EventRow(id=i + 1, kind="new_version", bill_id=b.id, state=b.state, session=b.legislative_session,
                           identifier=b.identifier, payload={"note": note, "date": "2026-05-29"}, created_at=None,
                           policy_type=b.policy_type or "single_payer", title=b.title, stage=b.stage)
                  for i, (b, note) in enumerate(rows)]
    digest = build_digest(events, Filters(), 1, len(events), ROOT)
    text, html = render_digest(digest, ROOT).personalise(f"{ROOT}/p", f"{ROOT}/u")
    assert "Opens in a new window" not in text and "Opens in a new window" not in html
    for _b, note in rows:
        assert vocab.version_note(note) in " ".join(text.split())
