"""A sponsor the record lists twice is one sponsor on the bill page, in the bill JSON and in the count
(SQLite and PostgreSQL).

Washington's HB 1106 of 2025-2026 (shared/national/wa/2025-2026/bills.jsonl.gz) names its primary
sponsor Barnard again as a co-sponsor and each of its thirteen co-sponsors twice: the page said
"Sponsors (28)" and "27 co-sponsors (14 D, 13 R)" and listed every name twice. It is stored through the
real store with its sponsors matched to the people directory, as a crawl does.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy import Engine

from statecare.crawler.people import annotate_sponsors
from statecare.db.store import BillStore
from statecare.legis.record import state_of

pytestmark = pytest.mark.usefixtures("stored")  # stored before the app on it is made


@pytest.fixture
def stored(engine: Engine, shared: Path) -> None:
    with gzip.open(shared / "national/wa/2025-2026/bills.jsonl.gz", "rt", encoding="utf-8") as f:
        rec = next(r for r in map(json.loads, f) if r.get("identifier") == "HB 1106")
    assert len(rec["sponsorships"]) == 28 and len({s["name"] for s in rec["sponsorships"]}) == 14
    rec["state"] = state_of(rec)
    annotate_sponsors(rec, shared / "people")
    BillStore(engine).upsert_bill(rec, source="openstates")


def test_each_sponsor_once(engine_client: FlaskClient) -> None:
    resp = engine_client.get("/bills/wa/2025-2026/HB1106")
    assert resp.status_code == 200
    box = BeautifulSoup(resp.get_data(as_text=True), "lxml").select_one("section[aria-labelledby=sponsors-h]")
    assert box is not None
    assert box.select_one("#sponsors-h").get_text(" ", strip=True) == "Sponsors (14)"
    names = [n.get_text(strip=True) for n in box.select(".sponsor-name")]
    assert len(names) == 14 and len(set(names)) == 14 and names[0] == "Barnard"
    assert box.select_one("p.cosponsor-summary").get_text(" ", strip=True).startswith("13 co-sponsors (")
    data = engine_client.get("/api/v1/bills/wa/2025-2026/HB1106").get_json()
    assert data["cosponsors"]["count"] == 13 and len(data["sponsorships"]) == 14
    assert [s["primary"] for s in data["sponsorships"]].count(True) == 1
    # the Open States export keeps the record as the legislature gave it (lossless)
    raw = engine_client.get("/api/v1/bills/wa/2025-2026/HB1106?format=openstates").get_json()
    assert len(raw["sponsorships"]) == 28
