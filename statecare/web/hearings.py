"""Hearings as a reader needs them: what is coming up, what has been held, and calendar files.

`statecare classify` parses hearings out of the actions and stores them (table `hearings`); this
module only reads them. "Upcoming" is decided on the legislature's own clock (its capital's time
zone): a hearing whose day has passed there is never shown as upcoming.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session

from statecare.db.hearings import latest_announcements
from statecare.db.models import Action, Bill, Committee, Hearing
from statecare.legis.states import state_name
from statecare.legis.timezones import state_zone, today_in


@dataclass(frozen=True)
class HearingView:
    id: int
    state: str
    date: str
    time: str | None
    end_time: str | None
    committee: str | None
    location: str | None
    kind: str
    status: str
    description: str
    bill_id: int
    bill_identifier: str
    bill_session: str
    bill_title: str
    chamber: str | None = None  # the announcing action's chamber (none for Open States /events rows)
    committee_slug: str | None = None  # the committee's page, when the directory has it

    @property
    def when(self) -> str:
        day = date.fromisoformat(self.date).strftime("%A %-d %B %Y")
        return f"{day}, {self.time}" if self.time else day


def _views(rows: list[tuple[Hearing, Bill, str | None]]) -> list[HearingView]:
    return [HearingView(h.id, h.state, h.date, h.time, h.end_time, h.committee, h.location, h.kind, h.status,
                        h.description, b.id, b.identifier, b.legislative_session, b.title, ch)
            for h, b, ch in rows]


def with_committee_pages(s: Session, views: list[HearingView]) -> list[HearingView]:
    """The views with `committee_slug` set where the hearing's committee matches one of the state's
    directory committees, by the bill page's own matcher (statecare.legis.committees; never a guess)."""
    from statecare.web.people import state_index

    states = {v.state for v in views if v.committee}
    if not states:
        return views
    slugs = {i: slug for i, slug in s.execute(select(Committee.id, Committee.slug).where(Committee.state.in_(states)))}
    if not slugs:
        return views
    indexes = {st: state_index(s, st) for st in states}
    out = []
    for v in views:
        hit = indexes[v.state].match(v.committee, v.chamber) if v.committee else None
        out.append(replace(v, committee_slug=slugs.get(hit.id)) if hit is not None else v)
    return out


def _query() -> Select[Hearing, Bill, str | None]:
    """Hearings with their bill and the chamber of the action that announced them."""
    return (select(Hearing, Bill, Action.organization).join(Bill, Bill.id == Hearing.bill_id)
            .outerjoin(Action, and_(Action.bill_id == Hearing.bill_id, Action.order == Hearing.action_order)))


def _once(rows: list[tuple[Hearing, Bill, str | None]]) -> list[tuple[Hearing, Bill, str | None]]:
    """Each hearing once, as its latest announcement has it (statecare.db.hearings, as the digest)."""
    kept = {id(h) for h in latest_announcements(h for h, _b, _ch in rows)}
    return [(h, b, ch) for h, b, ch in rows if id(h) in kept]


def for_bill(s: Session, bill: Bill) -> tuple[list[HearingView], list[HearingView]]:
    """(upcoming, past) hearings of one bill, each once; upcoming soonest first, past newest first."""
    rows = s.execute(_query().where(Hearing.bill_id == bill.id).order_by(Hearing.date, Hearing.time)).all()
    today = today_in(bill.state).isoformat()
    views = with_committee_pages(s, _views(_once([(h, b, ch) for h, b, ch in rows])))
    upcoming = [v for v in views if v.date >= today and v.status == "scheduled"]
    past = [v for v in reversed(views) if v.date < today or v.status != "scheduled"]
    return upcoming, past


def upcoming_in_state(s: Session, state: str, limit: int = 20) -> list[HearingView]:
    """A state's scheduled hearings from today (its own clock) on, each once, soonest first."""
    today = today_in(state).isoformat()
    rows = s.execute(_query().where(Hearing.state == state, Hearing.date >= today)
                     .order_by(Hearing.date, Hearing.time)).all()
    views = [v for v in _views(_once([(h, b, ch) for h, b, ch in rows])) if v.status == "scheduled"][:limit]
    return with_committee_pages(s, views)


# -- iCalendar (RFC 5545) -------------------------------------------------------------------


def _escape(text: str) -> str:
    """TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets are folded with CRLF + space (RFC 5545 3.1)."""
    out, cur = [], ""
    for ch in line:
        if len((cur + ch).encode("utf-8")) > 75:
            out.append(cur)
            cur = " " + ch
        else:
            cur += ch
    out.append(cur)
    return out


def calendar(hearings: list[HearingView], *, name: str, host: str, url_of: dict[int, str]) -> str:
    """A VCALENDAR of `hearings`: timed events in the legislature's zone, all-day events otherwise."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//statecare//hearings//EN", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape(name)}"]
    for h in hearings:
        day = date.fromisoformat(h.date)
        lines += ["BEGIN:VEVENT", f"UID:hearing-{h.id}@{host}", f"DTSTAMP:{stamp}"]
        if h.time:
            zone = state_zone(h.state)
            start = datetime.combine(day, datetime.strptime(h.time, "%H:%M").time(), tzinfo=zone)
            end = (datetime.combine(day, datetime.strptime(h.end_time, "%H:%M").time(), tzinfo=zone)
                   if h.end_time else start + timedelta(hours=1))
            lines += [f"DTSTART:{start.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}",
                      f"DTEND:{end.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}"]
        else:
            lines += [f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                      f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}"]
        what = h.committee or ("Committee meeting" if h.kind == "meeting" else "Hearing")
        lines.append(f"SUMMARY:{_escape(f'{h.state.upper()} {h.bill_identifier}: {what}')}")
        if h.location:
            lines.append(f"LOCATION:{_escape(h.location)}")
        desc = f"{h.bill_title}\n{h.description}\n{state_name(h.state)}"
        lines.append(f"DESCRIPTION:{_escape(desc)}")
        if h.bill_id in url_of:
            lines.append(f"URL:{url_of[h.bill_id]}")
        if h.status == "canceled":
            lines.append("STATUS:CANCELLED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
