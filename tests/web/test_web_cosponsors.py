"""Co-sponsors on the bill page, in the bill JSON and in the bill's Atom feed, on SQLite and PostgreSQL.

Two real bills, stored through the real store with their sponsors matched to the people directory
as the crawler does (statecare.crawler.people): Illinois HB 1085 (the legislature records every
co-sponsor joining: "Added Co-Sponsor Rep. ...") and Washington SB 5233 (it records none: the growth
comes from successive crawls, replayed by storing the record first without its last two
co-sponsors, then whole, as a crawl a week later would see it).
"""

from __future__ import annotations

import copy
import gzip
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from statecare.app import create_app
from statecare.crawler.people import annotate_sponsors
from statecare.db.models import Bill, Event
from statecare.db.store import BillStore
from statecare.digest import alerts
from statecare.legis.cosponsors import parse_change
from statecare.legis.record import state_of
from statecare.web import cosponsors
from statecare.web import queries as web_queries


def _il_hb1085(shared: Path) -> dict[str, Any]:
    with gzip.open(shared / "national/il/104th/bills.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            if '"identifier": "HB1085"' in line or '"identifier":"HB1085"' in line:
                rec = json.loads(line)
                if rec.get("identifier") == "HB1085":
                    return rec
    raise LookupError("IL HB1085 is not in the recording")


@pytest.fixture
def stored(engine: Engine, shared: Path, fixtures: Path) -> dict[str, Any]:
    """Store the two bills (WA's twice, as two crawls saw it); return the records as stored."""
    store = BillStore(engine)
    il = _il_hb1085(shared)
    # the crawler's records carry `state`; the recording's pupa JSON names only the jurisdiction
    il["state"] = state_of(il)
    assert annotate_sponsors(il, shared / "people")[0] > 0
    store.upsert_bill(il, source="openstates")
    wa = json.loads((fixtures / "openstates/wa/WA_2025-2026_SB5233_metadata.json").read_text(encoding="utf-8"))
    wa["state"] = state_of(wa)
    assert annotate_sponsors(wa, shared / "people")[0] > 0
    earlier = copy.deepcopy(wa)
    earlier["sponsorships"] = earlier["sponsorships"][:-2]
    store.upsert_bill(earlier, source="openstates")
    store.upsert_bill(wa, source="openstates")
    return {"il": il, "wa": wa}


@pytest.fixture
def client(engine: Engine, stored: dict[str, Any], tmp_path: Path) -> Iterator[FlaskClient]:
    web_queries.clear_cache()
    app = create_app({"DATABASE_URL": engine.url.render_as_string(hide_password=False), "TESTING": True,
                      "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path / "instance")})
    yield app.test_client()
    app.extensions["statecare_engine"].dispose()


def _bill(s: Session, state: str, ident: str) -> Bill:
    b = web_queries.find_bill(s, state, "104th" if state == "il" else "2025-2026", ident)
    assert b is not None
    return b


def test_growth_from_the_legislatures_own_actions(engine: Engine, stored: dict[str, Any]) -> None:
    il = stored["il"]
    others = [sp for sp in il["sponsorships"] if not sp.get("primary")]
    recorded = [(a["date"][:10], parse_change(a["description"])) for a in il["actions"]]
    changes = [(d, ch) for d, ch in recorded if ch is not None]
    assert len(changes) > 50  # HB 1085's co-sponsors signed on one action at a time
    with Session(engine) as s:
        b = _bill(s, "il", "HB 1085")
        last = max(d for d, _ in changes)
        c = cosponsors.of_bill(s, b, today=date.fromisoformat(last))
    assert c.count == len(others) and sum(c.parties.values()) == c.count
    matched = sum(1 for sp in others if sp.get("person_party"))
    assert matched / len(others) > 0.9 and c.parties.get("D", 0) > 0  # Illinois' directory names them
    assert c.growth_source == "actions" and len(c.history) == len(changes)
    assert c.since is not None
    expected = sum(ch.delta for d, ch in changes if d >= c.since)
    assert c.growth == expected and c.growth > 0
    assert re.fullmatch(rf"{c.count} co-sponsors \(\d+ D.*\), \+{expected} since \w+( \d{{4}})?", c.summary())


def test_growth_from_successive_crawls_where_no_action_records_it(engine: Engine, stored: dict[str, Any]) -> None:
    wa = stored["wa"]
    with Session(engine) as s:
        b = _bill(s, "wa", "SB 5233")
        ev = s.scalars(select(Event).where(Event.bill_id == b.id, Event.kind == "sponsors_added")).one()
        c = cosponsors.of_bill(s, b)
    late = [sp["name"] for sp in wa["sponsorships"][-2:]]
    assert ev.payload["names"] == late and ev.payload["removed"] == []
    assert (ev.payload["count_before"], ev.payload["count_after"]) == (c.count - 2, c.count)
    assert c.growth_source == "crawls" and c.growth == 2 and c.summary().endswith("+2 since " + c.since_words())
    # the follower's alert says the same
    line = alerts.describe("sponsors_added", ev.payload, "wa")
    assert line.startswith(f"Co-sponsors added: {late[0]}, {late[1]}; now {c.count} co-sponsors (")
    assert line.endswith(f"up from {c.count - 2}")
    # a third crawl in which the two are gone again: a removal, counted down
    earlier = copy.deepcopy(wa)
    earlier["sponsorships"] = earlier["sponsorships"][:-2]
    BillStore(engine).upsert_bill(earlier, source="openstates")
    with Session(engine) as s:
        gone = s.scalars(select(Event).where(Event.kind == "sponsors_removed")).one()
        c2 = cosponsors.of_bill(s, _bill(s, "wa", "SB 5233"))
    assert gone.payload["removed"] == late and gone.payload["count_after"] == c.count - 2
    assert c2.count == c.count - 2 and c2.growth == 0 and len(c2.history) == 2


def test_page_json_and_feed_say_the_same(client: FlaskClient, engine: Engine, stored: dict[str, Any]) -> None:
    with Session(engine) as s:
        want = cosponsors.of_bill(s, _bill(s, "il", "HB 1085"))
        wa = cosponsors.of_bill(s, _bill(s, "wa", "SB 5233"))
    page = BeautifulSoup(client.get("/bills/il/104th/HB1085").get_data(as_text=True), "html.parser")
    assert page.select_one(".cosponsor-summary").get_text(" ", strip=True) == want.summary()
    items = page.select(".cosponsor-history li")
    assert len(items) == len(want.history)
    assert any("Added Co-Sponsor Rep." in li.get_text() for li in items)
    api = client.get("/api/v1/bills/il/104th/HB1085").get_json()["cosponsors"]
    assert api["count"] == want.count and api["parties"] == want.parties and api["summary"] == want.summary()
    assert api["growth_source"] == "actions" and len(api["history"]) == len(want.history)
    wa_page = BeautifulSoup(client.get("/bills/wa/2025-2026/SB5233").get_data(as_text=True), "html.parser")
    assert wa.summary() in wa_page.select_one(".cosponsor-summary").get_text(" ", strip=True)
    feed = client.get("/feeds/bills/wa/2025-2026/SB5233.atom").get_data(as_text=True)
    late = stored["wa"]["sponsorships"][-1]["name"]
    assert "Co-sponsors added:" in feed and late in feed and f"now {wa.count} co-sponsors" in feed
