"""A hearing announced several times is listed once, as its latest announcement has it; a state's
recent changes are dated by its legislature. On SQLite and PostgreSQL.

Massachusetts announced the Joint Committee's hearing of H 1246 (public health option) for
2025-10-01, 10:30 five times in its recorded actions as the room moved (B-2, A-1, then B-1); the bill
page must show one hearing, in B-1, as the digest does (statecare.db.hearings).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from statecare.app import create_app
from statecare.db.engine import make_engine
from statecare.db.models import Bill, Hearing
from statecare.db.openstates_io import import_paths
from statecare.nlp.classify import store_hearings
from statecare.web import hearings, queries


def _ma_with_hearings(engine: Engine, fixtures: Path) -> None:
    import_paths(engine, [fixtures / "openstates" / "ma"], source="openstates")
    with Session(engine) as s, s.begin():
        for bill in s.scalars(select(Bill)):
            store_hearings(s, bill)


def test_a_re_announced_hearing_is_listed_once_in_its_latest_room(engine: Engine, fixtures: Path,
                                                                   tmp_path: Path) -> None:
    _ma_with_hearings(engine, fixtures)
    with Session(engine) as s:
        bill = s.scalars(select(Bill).where(Bill.state == "ma", Bill.identifier == "H 1246")).one()
        rows = s.scalar(select(func.count()).select_from(Hearing).where(
            Hearing.bill_id == bill.id, Hearing.date == "2025-10-01"))
        assert rows is not None and rows >= 3  # the announcements as stored, one per action
        upcoming, past = hearings.for_bill(s, bill)
        oct1 = [h for h in upcoming + past if h.date == "2025-10-01"]
        assert [(h.time, h.location) for h in oct1] == [("10:30", "B-1")]

    url = engine.url.render_as_string(hide_password=False)
    queries.clear_cache()
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "test-secret",
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    try:
        client: FlaskClient = app.test_client()
        page = client.get("/bills/ma/194th/H1246")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        held = html[html.index('class="past-hearings"'):]
        held = held[:held.index("</ul>")]
        assert held.count("1 October 2025, 10:30") == 1, held
        # the calendar file lists it once too, in its latest room
        ics = client.get("/hearings/ma/194th/H1246.ics").get_data(as_text=True)
        assert ics.count("DTSTART:20251001T143000Z") == 1 and "LOCATION:B-1" in ics, ics
    finally:
        app.extensions["statecare_engine"].dispose()


def test_state_recent_changes_are_the_legislatures_week_not_first_crawls(any_client: FlaskClient) -> None:
    html = any_client.get("/states/NY").get_data(as_text=True)
    changes = html[html.index('id="changes-h"'):]
    # the 2019 NY Health Act was first stored by this build (a new_bill event of today): not news
    assert "S 3577" not in changes
    # the recording is old: the latest week of New York's recorded actions, said so, dated by them
    assert "latest week with recorded actions" in changes and "<time" in changes


def test_a_states_week_is_the_home_pages_week_of_that_state(site_url: str) -> None:
    queries.clear_cache()
    eng = make_engine(site_url)
    try:
        with Session(eng) as s:
            home = queries.changes_this_week(s, True, today=date(2025, 4, 21))
            wa = queries.changes_this_week(s, True, today=date(2025, 4, 21), state="WA")
    finally:
        eng.dispose()
    assert {c.state for c in wa.changes} == {"wa"} and "SJM 8004" in {c.identifier for c in wa.changes}
    assert (wa.start, wa.end) == (home.start, home.end)
    assert {c.identifier for c in home.changes if c.state == "wa"} <= {c.identifier for c in wa.changes}
