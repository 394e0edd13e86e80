"""Upcoming hearings for the weekly digest: "Hearing next Tuesday, 10:00: Committee on Health, Room 016".

`statecare classify` stores each hearing announced in a bill's actions (table `hearings`, parsed by
statecare.nlp.hearings). The digest lists the scheduled ones still to come for the bills a
subscriber follows by their filters. "Still to come" is decided on each legislature's own clock
(statecare.legis.timezones): a hearing whose day has passed there is never shown as upcoming.

Never twice: a hearing is announced by the `hearing_scheduled` event written when it was first
stored (classify, or the live crawl's /events). The digest tells a subscriber of a hearing only in
the digest whose event range holds that first announcement -- the same range bookkeeping that keeps
any event from being mailed twice (statecare.digest.sender) -- so a re-announcement (a moved room)
or a later week's digest does not tell it again, and a hearing announced alone still makes a digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, select

from statecare.db.hearings import latest_announcements
from statecare.db.models import Bill, Event, Hearing
from statecare.legis.timezones import today_in
from statecare.legis.words import day_words


@dataclass(frozen=True, slots=True)
class HearingRow:
    """One scheduled hearing with what the digest needs of its bill."""

    bill_id: int
    state: str
    session: str
    identifier: str
    title: str
    policy_type: str | None
    date: str
    time: str | None
    committee: str | None
    location: str | None
    kind: str
    announced_id: int | None = None  # the event that first announced it (None: stored without one)

    def words(self, now: datetime | None = None) -> str:
        """"Hearing next Tuesday, 10:00: Committee on Health, Room 016"."""
        what = "Committee meeting" if self.kind == "meeting" else "Hearing"
        when = day_words(self.date, today_in(self.state, now))
        at = f", {self.time}" if self.time else ""
        where = ", ".join(x for x in (self.committee, self.location) if x)
        return f"{what} {when}{at}" + (f": {where}" if where else "")


def load_upcoming(conn: Connection, now: datetime | None = None) -> list[HearingRow]:
    """Every scheduled hearing whose day has not passed on its legislature's clock, soonest first,
    each once as its latest announcement has it (statecare.db.hearings), with the id of the event
    that first announced it."""
    moment = now or datetime.now(UTC)
    # no legislature's today is more than a day behind UTC's: a cheap bound, then each state's own
    floor = (moment.astimezone(UTC).date() - timedelta(days=1)).isoformat()
    h, b = Hearing.__table__.c, Bill.__table__.c
    rows = conn.execute(
        select(h.bill_id, h.action_order, h.state, h.date, h.time, h.committee, h.location, h.kind, h.status,
               b.legislative_session, b.identifier, b.title, b.policy_type)
        .select_from(Hearing.__table__.join(Bill.__table__, b.id == h.bill_id))
        .where(h.date >= floor)
    ).all()
    current = [r for r in latest_announcements(rows)
               if r.status == "scheduled" and r.date >= today_in(r.state, moment).isoformat()]
    first = _first_announcements(conn, {int(r.bill_id) for r in current})
    out = [HearingRow(int(r.bill_id), r.state, r.legislative_session, r.identifier, r.title or "", r.policy_type,
                      r.date, r.time, r.committee, r.location, r.kind,
                      _announced_by(first.get(int(r.bill_id), []), r.date, r.time)) for r in current]
    return sorted(out, key=lambda x: (x.date, x.time or "", x.state, x.identifier))


def _first_announcements(conn: Connection, bill_ids: set[int]) -> dict[int, list[tuple[int, str, str | None]]]:
    """Per bill, its `hearing_scheduled` events as (id, day, time), oldest first."""
    e = Event.__table__.c
    out: dict[int, list[tuple[int, str, str | None]]] = {}
    ids = sorted(bill_ids)
    for i in range(0, len(ids), 500):
        for r in conn.execute(select(e.id, e.bill_id, e.payload)
                              .where(e.kind == "hearing_scheduled", e.bill_id.in_(ids[i:i + 500])).order_by(e.id)):
            p = r.payload if isinstance(r.payload, dict) else {}
            out.setdefault(int(r.bill_id), []).append((int(r.id), str(p.get("date") or ""), p.get("time")))
    return out


def _announced_by(events: list[tuple[int, str, str | None]], day: str, time: str | None) -> int | None:
    """The first event announcing the hearing of `day` at `time`; an announcement without a time
    (or a hearing without one) names the day's hearing, as Hearing.same_hearing has it."""
    return next((i for i, d, t in events if d == day and (t is None or time is None or t == time)), None)
