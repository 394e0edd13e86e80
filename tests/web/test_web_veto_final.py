"""A vetoed bill whose veto became final no longer offers a veto-override alert (SQLite and PostgreSQL).

Two real California bills of 2025-2026 (shared/national/ca/20252026/bills.jsonl.gz), stored through the
real store, their stage set to what `statecare classify` stores for them on the national database
(`vetoed`, session not over): AB 1032, vetoed on 2025-10-13 and "Stricken from file." on 2026-01-22 (an
Assembly bill is struck when the 60 days to reconsider a veto pass), and SB 257, vetoed the same day with
"In Senate. Consideration of Governor's veto pending." its last action (the near miss: an override is
still possible). The page offered both an override alert.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from statecare.db.models import Bill
from statecare.db.store import BillStore
from statecare.legis.record import state_of


def _ca_records(shared: Path, wanted: set[str]) -> list[dict[str, Any]]:
    out = []
    with gzip.open(shared / "national/ca/20252026/bills.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("identifier") in wanted:
                rec["state"] = state_of(rec)
                out.append(rec)
    assert {r["identifier"] for r in out} == wanted
    return out


pytestmark = pytest.mark.usefixtures("stored")  # stored before the app on it is made


@pytest.fixture
def stored(engine: Engine, shared: Path) -> None:
    store = BillStore(engine)
    for rec in _ca_records(shared, {"AB1032", "SB257"}):
        store.upsert_bill(rec, source="openstates")
    with Session(engine) as s, s.begin():
        s.execute(update(Bill).values(stage="vetoed", stage_date="2025-10-13", stage_session_ended=False,
                                      stage_furthest="sent_to_governor", nlp_model_version="test"))


def _page(client: FlaskClient, ident: str) -> BeautifulSoup:
    resp = client.get(f"/bills/ca/20252026/{ident}")
    assert resp.status_code == 200
    return BeautifulSoup(resp.get_data(as_text=True), "lxml")


def _words(el: Any) -> str:
    return " ".join(el.get_text(" ").split()) if el is not None else ""


def test_struck_from_the_file_offers_no_override(engine_client: FlaskClient) -> None:
    page = _page(engine_client, "AB1032")
    form = _words(page.select_one("form.follow-form"))
    assert "override" not in form.lower(), form
    assert "The veto stands: this bill will not move again." in form
    assert "Follow this bill: email me if it is reintroduced" in form
    note = _words(page.select_one("p.stage-note"))
    assert "the veto stands: it can no longer be overridden" in note
    assert "on 2026-01-22: “Stricken from file.”" in note and "..”" not in note
    data = engine_client.get("/api/v1/bills/ca/20252026/AB1032").get_json()
    assert data["veto_final"] == {"description": "Stricken from file.", "date": "2026-01-22", "session_ended": False}


def test_veto_still_pending_keeps_the_override_offer(engine_client: FlaskClient) -> None:
    page = _page(engine_client, "SB257")
    form = _words(page.select_one("form.follow-form"))
    assert "email me about a veto override or a reintroduction" in form
    assert "veto stands" not in _words(page)
    assert engine_client.get("/api/v1/bills/ca/20252026/SB257").get_json()["veto_final"] is None


def test_session_over_ends_the_override(engine_client: FlaskClient, engine: Engine) -> None:
    with Session(engine) as s, s.begin():
        s.execute(update(Bill).where(Bill.identifier == "SB 257").values(stage_session_ended=True))
        assert s.scalar(select(Bill.stage).where(Bill.identifier == "SB 257")) == "vetoed"
    page = _page(engine_client, "SB257")
    assert "because the 2025-2026 session is over" in _words(page.select_one("p.stage-note"))
    assert "override" not in _words(page.select_one("form.follow-form")).lower()
