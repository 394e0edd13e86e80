"""Hearings as a reader needs them: what is coming up, what has been held, and calendar files.

`statecare classify` parses hearings out of the actions and stores them (table `hearings`); this
module only reads them. "Upcoming" is decided on the legislature's own clock (its capital's time
zone): a hearing whose day has passed there is never shown as upcoming.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from statecare.db.hearings import latest_announcements
from statecare.db.models import Bill, Hearing
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

    @property
    def when(self) -> str:
        day = date.fromisoformat(self.date).strftime("%A %-d %B %Y")
        return f"{day}, {self.time}" if self.time else day


def _views(rows: list[tuple[Hearing, Bill]]) -> list[HearingView]:
    return [HearingView(h.id, h.state, h.date, h.time, h.end_time, h.committee, h.location, h.kind, h.status,
                        h.description, b.id, b.identifier, b.legislative_session, b.title) for h, b in rows]


def _once(rows: list[tuple[Hearing, Bill]]) -> list[tuple[Hearing, Bill]]:
    """Each hearing once, as its latest announcement has it (statecare.db.hearings, as the digest)."""
    kept = {id(h) for h in latest_announcements(h for h, _b in rows)}
    return [(h, b) for h, b in rows if id(h) in kept]


def for_bill(s: Session, bill: Bill) -> tuple[list[HearingView], list[HearingView]]:
    """(upcoming, past) hearings of one bill, each once; upcoming soonest first, past newest first."""
    rows = s.execute(select(Hearing, Bill).join(Bill, Bill.id == Hearing.bill_id)
                     .where(Hearing.bill_id == bill.id).order_by(Hearing.date, Hearing.time)).all()
    today = today_in(bill.state).isoformat()
    views = _views(_once([(h, b) for h, b in rows]))
    upcoming = [v for v in views if v.date >= today and v.status == "scheduled"]
    past = [v for v in reversed(views) if v.date < today or v.status != "scheduled"]
    return upcoming, past


def upcoming_in_state(s: Session, state: str, limit: int = 20) -> list[HearingView]:
    """A state's scheduled hearings from today (its own clock) on, each once, soonest first."""
    today = today_in(state).isoformat()
    rows = s.execute(select(Hearing, Bill).join(Bill, Bill.id == Hearing.bill_id)
                     .where(Hearing.state == state, Hearing.date >= today)
                     .order_by(Hearing.date, Hearing.time)).all()
    return [v for v in _views(_once([(h, b) for h, b in rows])) if v.status == "scheduled"][:limit]


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
