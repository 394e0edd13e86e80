"""Open States v3 `/events` (committee hearings and meetings) -> rows of the hearings table.

The hearings table is filled from two sources: statecare classify parses the announcements in a
bill's action text (statecare.nlp.hearings; rows keyed by the action's position, >= 0), and a live
crawl reads the legislature's calendar through `/events`, whose agenda items name the bills heard.
An API event is stored the same way, one row per (bill, event), under a negative `action_order`
derived from the event's id (so it can never collide with an action's position and a re-crawl
rewrites the same row). Where the action text already announced the same hearing (same bill,
same day, same or unknown time) the action's row is kept and the event is not stored twice.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from statecare.db.models import Bill, Event, Hearing
from statecare.legis.identifiers import normalize_identifier
from statecare.legis.timezones import today_in

_CLOCK = re.compile(r"[T ](\d{2}):(\d{2})")
STATUS = {"cancelled": "canceled", "canceled": "canceled", "passed": "held", "completed": "held",
          "confirmed": "scheduled", "tentative": "scheduled", "scheduled": "scheduled"}


@dataclass(frozen=True)
class ApiHearing:
    """One bill on one event's agenda, in the hearings table's terms."""

    event_id: str
    identifier: str
    session: str | None
    date: str
    time: str | None
    end_time: str | None
    committee: str | None
    location: str | None
    kind: str
    status: str
    description: str

    @property
    def order(self) -> int:
        """The row's key beside the bill: negative, stable per event (never an action position)."""
        return -1 - (zlib.crc32(self.event_id.encode("utf-8")) & 0x7FFFFFFF)


def _clock(value: str, all_day: bool) -> str | None:
    """"2025-02-10T13:00:00-05:00" -> "13:00": Open States gives the legislature's local clock."""
    m = _CLOCK.search(value or "")
    return None if all_day or not m else f"{m.group(1)}:{m.group(2)}"


def _day(value: str) -> str | None:
    try:
        return date.fromisoformat((value or "")[:10]).isoformat()
    except ValueError:
        return None


def _committee(event: dict[str, Any]) -> str | None:
    for p in event.get("participants") or []:
        if isinstance(p, dict) and p.get("entity_type") == "organization" and p.get("name"):
            return str(p["name"]).strip()
    return None


def _kind(event: dict[str, Any]) -> str:
    text = f"{event.get('classification') or ''} {event.get('name') or ''}".lower()
    if "hearing" in text:
        return "hearing"
    return "work_session" if "work session" in text else "meeting"


def hearings_of_event(event: dict[str, Any]) -> list[ApiHearing]:
    """Every bill on the event's agenda as an ApiHearing; [] for an event without a usable day,
    an id, or bills (a floor session listing no bill is no bill's hearing)."""
    if not isinstance(event, dict) or not event.get("id") or event.get("deleted"):
        return []
    day = _day(str(event.get("start_date") or ""))
    if day is None:
        return []
    all_day = bool(event.get("all_day"))
    loc = event.get("location")
    location: dict[str, Any] = loc if isinstance(loc, dict) else {}
    end = str(event.get("end_date") or "")
    event_id = str(event["id"])
    time = _clock(str(event.get("start_date") or ""), all_day)
    end_time = _clock(end, all_day) if _day(end) == day else None
    committee = _committee(event) or (str(event.get("name") or "").strip() or None)
    room = str(location.get("name") or "").strip() or None
    kind, status = _kind(event), STATUS.get(str(event.get("status") or "").lower(), "scheduled")
    out: list[ApiHearing] = []
    seen: set[str] = set()
    for item in event.get("agenda") or []:
        if not isinstance(item, dict):
            continue
        for ent in item.get("related_entities") or []:
            if not isinstance(ent, dict) or ent.get("entity_type") != "bill":
                continue
            raw = ent.get("bill")
            bill: dict[str, Any] = raw if isinstance(raw, dict) else {}
            ident = str(bill.get("identifier") or ent.get("name") or "").strip()
            if not ident or normalize_identifier(ident) in seen:
                continue
            seen.add(normalize_identifier(ident))
            desc = " ".join(x for x in (str(event.get("name") or "").strip(),
                                        str(item.get("description") or "").strip()) if x)
            out.append(ApiHearing(event_id=event_id, identifier=ident,
                                  session=str(bill["session"]) if bill.get("session") else None,
                                  date=day, time=time, end_time=end_time, committee=committee, location=room,
                                  kind=kind, status=status, description=desc or "Open States event"))
    return out


def _bill_for(s: Session, state: str, h: ApiHearing) -> Bill | None:
    q = select(Bill).where(Bill.state == state, Bill.identifier == normalize_identifier(h.identifier))
    if h.session:
        q = q.where(Bill.legislative_session == h.session)
    candidates = list(s.scalars(q))
    if not candidates:
        return None
    # no session named: the bill whose activity spans the event's day, else the latest one
    spanning = [b for b in candidates if (b.first_action_date or "")[:10] <= h.date]
    pool = spanning or candidates
    return max(pool, key=lambda b: (b.latest_action_date or "", b.id))


@dataclass
class StoredEvents:
    stored: int = 0
    duplicates: int = 0
    unmatched: int = 0
    new_events: int = 0


def store_api_hearings(engine: Engine, state: str, hearings: list[ApiHearing]) -> StoredEvents:
    """Write the API's hearings of one jurisdiction (one transaction); bills not stored are skipped.

    A new upcoming hearing also gets a `hearing_scheduled` event (as classify writes for those
    found in action text), so alerts and the digest see it; a re-crawl writes no event.
    """
    out = StoredEvents()
    today = today_in(state).isoformat()
    with Session(engine) as s, s.begin():
        for h in hearings:
            bill = _bill_for(s, state, h)
            if bill is None:
                out.unmatched += 1
                continue
            rows = list(s.scalars(select(Hearing).where(Hearing.bill_id == bill.id)))
            if any(r.action_order >= 0 and r.same_hearing(h.date, h.time) for r in rows):
                out.duplicates += 1
                continue
            row = next((r for r in rows if r.action_order == h.order), None)
            fresh = row is None
            if row is None:
                row = Hearing(bill_id=bill.id, state=state, action_order=h.order)
                s.add(row)
            row.action_date, row.date, row.time, row.end_time = "", h.date, h.time, h.end_time
            row.committee, row.location, row.kind, row.status = h.committee, h.location, h.kind, h.status
            row.description = h.description
            out.stored += 1
            if fresh and h.status == "scheduled" and h.date >= today:
                out.new_events += 1
                s.add(Event(kind="hearing_scheduled", bill_id=bill.id, state=state,
                            legislative_session=bill.legislative_session, identifier=bill.identifier,
                            payload={"date": h.date, "time": h.time, "committee": h.committee,
                                     "location": h.location, "kind": h.kind, "description": h.description,
                                     "title": bill.title, "policy_type": bill.policy_type,
                                     "source": "openstates_events"}))
    return out
