"""Upcoming hearings for the weekly digest: "Hearing next Tuesday, 10:00: Committee on Health, Room 016".

`statecare classify` stores each hearing announced in a bill's actions (table `hearings`, parsed by
statecare.nlp.hearings). The digest lists the scheduled ones still to come for the bills a
subscriber follows by their filters. "Still to come" is decided on each legislature's own clock
(statecare.legis.timezones): a hearing whose day has passed there is never shown as upcoming.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, select

from statecare.db.models import Bill, Hearing
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

    def words(self, now: datetime | None = None) -> str:
        """"Hearing next Tuesday, 10:00: Committee on Health, Room 016"."""
        what = "Committee meeting" if self.kind == "meeting" else "Hearing"
        when = day_words(self.date, today_in(self.state, now))
        at = f", {self.time}" if self.time else ""
        where = ", ".join(x for x in (self.committee, self.location) if x)
        return f"{what} {when}{at}" + (f": {where}" if where else "")


def load_upcoming(conn: Connection, now: datetime | None = None) -> list[HearingRow]:
    """Every scheduled hearing whose day has not passed on its legislature's clock, soonest first.
    A hearing announced again (Massachusetts re-announces a moved room: "location changed") is
    listed once, as the latest announcement has it."""
    moment = now or datetime.now(UTC)
    # no legislature's today is more than a day behind UTC's: a cheap bound, then each state's own
    floor = (moment.astimezone(UTC).date() - timedelta(days=1)).isoformat()
    h, b = Hearing.__table__.c, Bill.__table__.c
    rows = conn.execute(
        select(h.bill_id, h.action_order, h.state, h.date, h.time, h.committee, h.location, h.kind, b.legislative_session,
               b.identifier, b.title, b.policy_type)
        .select_from(Hearing.__table__.join(Bill.__table__, b.id == h.bill_id))
        .where(h.status == "scheduled", h.date >= floor)
        .order_by(h.action_order)
    ).all()
    latest: dict[tuple[int, str, str | None], HearingRow] = {}
    for r in rows:
        if r.date < today_in(r.state, moment).isoformat():
            continue
        latest[(int(r.bill_id), r.date, r.time)] = HearingRow(
            int(r.bill_id), r.state, r.legislative_session, r.identifier, r.title or "", r.policy_type, r.date,
            r.time, r.committee, r.location, r.kind)
    return sorted(latest.values(), key=lambda x: (x.date, x.time or "", x.state, x.identifier))
