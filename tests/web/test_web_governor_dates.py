"""A law's "since" day is the day the governor signed it, as its actions say (SQLite and PostgreSQL).

Vermont records a governor's act on the day the message reached the journal and names the act's day
in the words: VT S 197 of 2025-2026 (shared/fixtures/openstates/vt/VT_2025-2026_S197_primary_care_reform_
signed_metadata.json) has "Delivered to Governor on June 12, 2026" and "Signed by Governor on June 18, 2026",
both recorded on 2026-05-29; the page said "Enacted since 2026-05-29", a day before the governor had the
bill. S 190 ("Governor vetoed bill on June 16, 2026", recorded 2026-05-29) the same for its veto. The
recorded Vermont fixtures are imported and classified as `statecare classify` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from statecare.db.models import Bill
from statecare.db.openstates_io import import_paths
from statecare.nlp.classify import classify_all

pytestmark = pytest.mark.usefixtures("classified")  # stored before the app on it is made


@pytest.fixture
def classified(engine: Engine, fixtures: Path) -> None:
    counts = import_paths(engine, [fixtures / "openstates" / "vt"], source="openstates")
    assert not counts["errors"], counts["errors"]
    summary = classify_all(engine)
    assert summary.classified >= 2 and not summary.errors, summary.line()


def _meta(client: FlaskClient, ident: str) -> str:
    resp = client.get(f"/bills/vt/2025-2026/{ident}")
    assert resp.status_code == 200
    return " ".join(BeautifulSoup(resp.get_data(as_text=True), "lxml").select_one("p.meta").get_text(" ").split())


def test_signed_day_is_the_governors(engine_client: FlaskClient, engine: Engine) -> None:
    assert "Enacted since 2026-06-18" in _meta(engine_client, "S197")
    assert engine_client.get("/api/v1/bills/vt/2025-2026/S197").get_json()["stage_date"] == "2026-06-18"
    assert "Vetoed since 2026-06-16" in _meta(engine_client, "S190")
    # near miss: the actions keep their recorded days (the timeline shows what the legislature recorded)
    with Session(engine) as s:
        b = s.scalars(select(Bill).where(Bill.state == "vt", Bill.identifier == "S 197")).one()
        signed = [a for a in b.actions if a.description == "Signed by Governor on June 18, 2026"]
        assert [a.date[:10] for a in signed] == ["2026-05-29"]


def test_a_stage_reached_without_the_governor_keeps_its_recorded_day(engine: Engine) -> None:
    # near miss: a bill still in committee is dated by its referral, as recorded
    with Session(engine) as s:
        for b in s.scalars(select(Bill).where(Bill.state == "vt", Bill.stage.in_(["introduced", "in_committee"]))):
            assert b.stage_date is None or b.stage_date[:10] in {(a.date or "")[:10] for a in b.actions}, b.identifier
