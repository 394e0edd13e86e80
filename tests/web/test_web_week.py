""""What changed this week" by the legislatures' own dates, on SQLite and PostgreSQL.

The site database of the web tests (real fixture bills, classify's values as websitedata sets them).
A week is asked for by its last day: the week WA's memorial SJM 8004 passed its second house
(2025-04-15 to 2025-04-21 by its recorded actions) must name it as a memorial, and a first crawl of
the NY Health Act of 2019 (its `new_bill` events, written at the build) is never this week's news.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from statecare.db.engine import make_engine
from statecare.db.models import Event
from statecare.web import queries


def _week(url: str, today: date, classified: bool = True) -> queries.WeekChanges:
    queries.clear_cache()
    eng = make_engine(url)
    try:
        with Session(eng) as s:
            return queries.changes_this_week(s, classified, today=today)
    finally:
        eng.dispose()


def test_memorial_passing_its_second_house_is_named_a_memorial(site_url: str) -> None:
    week = _week(site_url, date(2025, 4, 21))
    assert week.current and (week.start, week.end) == (date(2025, 4, 15), date(2025, 4, 21))
    sjm = [c for c in week.changes if c.identifier == "SJM 8004"]
    assert len(sjm) == 1
    c = sjm[0]
    assert c.kind == "stage_change" and c.date == "2025-04-18"
    assert c.summary.startswith("Memorial passed both chambers")
    assert "Speaker signed." in c.summary


def test_old_bills_first_stored_now_are_not_this_weeks_news(site_url: str) -> None:
    eng = make_engine(site_url)
    with Session(eng) as s:  # the build stored every bill just now: new_bill events dated today
        fresh = s.scalars(select(Event.identifier).where(Event.kind == "new_bill")).all()
    eng.dispose()
    assert "S 3577" in fresh  # the 2019 NY Health Act, first stored by this build
    week = _week(site_url, date(2025, 4, 21))
    assert all(week.start.isoformat() <= c.date <= week.end.isoformat() for c in week.changes)
    assert "S 3577" not in {c.identifier for c in week.changes}
    # before any classification, every bill with an action that week counts, still by action date
    everything = _week(site_url, date(2025, 4, 21), classified=False)
    assert {c.identifier for c in week.changes} <= {c.identifier for c in everything.changes}


def test_a_stale_recording_shows_its_latest_week_and_says_so(site_url: str) -> None:
    week = _week(site_url, date(2099, 1, 1))
    assert not week.current and week.changes and week.end is not None and week.end < date(2099, 1, 1)
    assert max(c.date for c in week.changes) == week.end.isoformat()
    # three days after the memorial's last action the week is still the last seven days, not shifted back
    later = _week(site_url, date(2025, 4, 24))
    assert later.current and (later.start, later.end) == (date(2025, 4, 18), date(2025, 4, 24))
    assert "SJM 8004" in {c.identifier for c in later.changes}
