"""A bill's co-sponsors for the page, the API and the feeds: count, party split and growth.

The words and the arithmetic are statecare.legis.cosponsors'; this module only reads the two
records of growth -- the bill's actions (already loaded with the bill) and the store's
`sponsors_added` / `sponsors_removed` events (one crawl seeing a changed sponsor list) -- and dates
them on the legislature's clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from statecare.db.models import Bill, Event
from statecare.legis import cosponsors
from statecare.legis.timezones import local_day, state_zone, today_in

SPONSOR_EVENT_KINDS = ("sponsors_added", "sponsors_removed")


def of_bill(s: Session, bill: Bill, today: date | None = None) -> cosponsors.Cosponsors:
    """The bill's co-sponsors now and how their number grew (`today` on the legislature's clock)."""
    count, parties = cosponsors.tally((sp.primary, (sp.extras or {}).get("person_party"))
                                      for sp in cosponsors.distinct_sponsors(bill.sponsorships))
    from_actions = cosponsors.steps_from_actions(
        (local_day(a.date or "", bill.state), a.description or "") for a in bill.actions)
    rows = s.execute(select(Event.created_at, Event.kind, Event.payload)
                     .where(Event.bill_id == bill.id, Event.kind.in_(SPONSOR_EVENT_KINDS))
                     .order_by(Event.id)).all()
    from_crawls = cosponsors.steps_from_events(
        (_crawl_day(when, bill.state), kind, payload if isinstance(payload, dict) else {})
        for when, kind, payload in rows)
    return cosponsors.build(count, parties, from_actions, from_crawls, today or today_in(bill.state))


def _crawl_day(when: datetime | None, state: str) -> str:
    """The legislature's day on which a crawl saw the change (SQLite gives back naive UTC)."""
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(state_zone(state)).date().isoformat()
