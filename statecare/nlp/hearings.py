"""Hearings and committee meetings, read from the text of a bill's actions.

Legislatures announce hearings in their bill histories in a handful of phrasing families (each has
a test on recorded actions in tests/nlp/test_hearings.py):

- same-day notice, the action's date is the hearing's (WA "Public hearing in the House Committee on
  Health Care & Wellness at 1:30 PM.", ND "Committee Hearing 02:00", MT "(H) Hearing - (H) State
  Administration");
- label, numeric date, time, room (IA "Subcommittee Meeting: 03/19/2025 8:30AM Senate Lounge.", NH
  "Public Hearing: 02/19/2025 02:30 pm LOB 205-207", NH Senate "Hearing: 04/08/2025, Room 100, SH,
  01:40 pm;  SC 16", HI-style "scheduled a public hearing on 02-10-25 1:00PM; Conference Room 016");
- "Hearing scheduled for 04/08/2025 from 01:00 PM-05:00 PM in A-1" (MA, also "rescheduled to");
- weekday and month name (KS "Hearing: Thursday, February 13, 2025, 3:30 PM Room 112-N", MO "Public
  Hearing Scheduled (S) - Local Government, ... Committee, Thursday, September 11, 2025, 10:00 a.m.,
  Senate Committee Room 2, ...");
- a date without a year (MD "Hearing 3/25 at 1:00 p.m.", CA "Set for hearing January 22.") or a
  month name with one (NE "Notice of hearing for February 25, 2025");
- a hearing reported as held (WI "Public hearing held", MO "Public Hearing Completed (H)").

Cancellations ("(Cancelled)", "<Bill Hearing Canceled>", "Hearing canceled") mark the hearing
canceled; a bare cancellation with no date names no hearing and yields nothing. Anything else
returns None: a wrong hearing on a page is worse than a missing one.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from statecare.legis.timezones import local_day

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TIME = r"\d{1,2}:\d{2}\s*(?:[AaPp]\.?\s?[Mm]\.?)?"


@dataclass(frozen=True)
class ParsedHearing:
    """What one action says about a hearing: its day, start (and end) time, committee and room."""

    date: str  # YYYY-MM-DD
    time: str | None = None  # HH:MM, 24-hour, local time of the legislature
    end_time: str | None = None
    committee: str | None = None
    location: str | None = None
    kind: str = "hearing"  # hearing | meeting | work_session
    status: str = "scheduled"  # scheduled | held | canceled

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_time(raw: str | None) -> str | None:
    """"1:30 PM", "10:00 a.m.", "01:40 pm", "8:30AM" -> "13:30" ...; a time without AM/PM (ND
    "Committee Hearing 02:00") is read as a working-day hour: 1 to 6 o'clock are afternoon."""
    if not raw:
        return None
    m = re.match(r"\s*(\d{1,2}):(\d{2})\s*([AaPp])?", raw)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 23 or mi > 59:
        return None
    mer = (m.group(3) or "").lower()
    if mer == "p" and h < 12:
        h += 12
    elif mer == "a" and h == 12:
        h = 0
    elif not mer and 1 <= h <= 6:
        h += 12
    return f"{h:02d}:{mi:02d}"


def _day(y: int, mo: int, d: int) -> date | None:
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _action_day(action_date: str) -> date | None:
    try:
        return date.fromisoformat((action_date or "")[:10])
    except ValueError:
        return None


def _year_for(mo: int, d: int, announced: date) -> date | None:
    """A date written without a year is the next such day on or after the announcement (a hearing
    announced on 12/20 "for 1/8" is in January of the next year)."""
    got = _day(announced.year, mo, d)
    if got is not None and got < announced - timedelta(days=31):
        got = _day(announced.year + 1, mo, d)
    return got


def _numeric(mo: str, d: str, y: str) -> date | None:
    year = int(y)
    if year < 100:
        year += 2000
    return _day(year, int(mo), int(d))


def _canceled(text: str) -> bool:
    return bool(re.search(r"cancel+ed|\bcancel+ation\b|\bpostponed\b", text, re.I))


def _clean(s: str | None) -> str | None:
    if not s:
        return None
    s = re.sub(r"\s+", " ", s).strip(" .,;:-")
    return s or None


def _kind(label: str) -> str:
    low = label.lower()
    if "work session" in low:
        return "work_session"
    if "meeting" in low or "executive session" in low:
        return "meeting"
    return "hearing"


# WA: "Public hearing in the Senate Committee on Law & Justice at 10:30 AM."
_WA = re.compile(r"^Public hearing in the (?P<committee>(?:House|Senate|Joint) Committee on .+?)"
                 rf"(?: at (?P<time>{_TIME}))?\.?$", re.I)
# MA: "Hearing scheduled for 04/08/2025 from 01:00 PM-05:00 PM in A-1"
_MA = re.compile(r"^Hearing (?:re)?scheduled (?:for|to) (?P<mo>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})"
                 rf"(?: from (?P<time>{_TIME})\s*-\s*(?P<end>{_TIME}))?(?: in (?P<room>.+))?$", re.I)
# IA / NH: "Subcommittee Meeting: 03/19/2025 8:30AM Senate Lounge." "Public Hearing: 02/19/2025 02:30 pm LOB
# 205-207" "==RESCHEDULED==  Full Committee Work Session: 10/22/2025 10:00 am GP 230"
# NH Senate: "Hearing: 04/08/2025, Room 100, SH, 01:40 pm;  SC 16"
_LABELLED = re.compile(
    r"^(?:==[A-Z ]+==\s*)?(?P<label>(?:Public |Conference Committee |Subcommittee |Full Committee |Committee )?"
    r"(?:Hearing|Meeting|Work Session|Executive Session)):\s*"
    r"(?P<mo>\d{1,2})[/-](?P<d>\d{1,2})[/-](?P<y>\d{2,4}),?\s*(?P<rest>.*)$", re.I)
# "scheduled a public hearing on 02-10-25 1:00PM; Conference Room 016"
_ON_DATE = re.compile(r"scheduled an? (?P<label>public hearing|hearing|meeting) on (?P<mo>\d{1,2})[/-](?P<d>\d{1,2})"
                      rf"[/-](?P<y>\d{{2,4}})\s*(?P<time>{_TIME})?[;,]?\s*(?P<room>.*)$", re.I)
# KS: "Hearing: Thursday, February 13, 2025, 3:30 PM Room 112-N"
# MO: "Public Hearing Scheduled (S) - <committee>, Thursday, September 11, 2025, 10:00 a.m., <room>, pending ..."
_WEEKDAY_DATE = re.compile(
    r"^(?P<label>Public Hearing Scheduled|Hearing|Public Hearing|Committee Hearing|Meeting)\s*(?:\([HS]\))?\s*[:-]\s*"
    rf"(?:(?P<committee>[^,]+(?:,[^,]+)*?),\s*)?{_WEEKDAY},\s*{_MONTH}\s+(?P<d>\d{{1,2}}),\s*(?P<y>\d{{4}}),?\s*"
    rf"(?P<time>{_TIME})?,?\s*(?P<rest>.*)$", re.I)
# NE: "Notice of hearing for February 25, 2025"; CA: "Set for hearing January 22."
_MONTH_NAME = re.compile(rf"^(?:Notice of hearing for|Set for hearing)\s+{_MONTH}\s+(?P<d>\d{{1,2}})(?:,\s*(?P<y>\d{{4}}))?\.?$",
                         re.I)
# MD: "Hearing 3/25 at 1:00 p.m."
_MD = re.compile(rf"^Hearing (?P<mo>\d{{1,2}})/(?P<d>\d{{1,2}})(?: at (?P<time>{_TIME}))?\.?$", re.I)
# ND: "Committee Hearing 02:00"
_ND = re.compile(rf"^Committee Hearing (?P<time>{_TIME})$", re.I)
# MT: "(H) Hearing - (H) State Administration"
_MT = re.compile(r"^\([HS]\) Hearing - \((?P<ch>[HS])\) (?P<committee>.+)$")
# WI / MO: "Public hearing held", "Public Hearing Completed (H)", "Public Hearing Held (S)"
_HELD = re.compile(r"^Public hearing (?:held|completed)\b", re.I)
_TIME_IN = re.compile(_TIME)


def parse_hearing(description: str, action_date: str, state: str = "") -> ParsedHearing | None:
    """The hearing an action announces (or reports), or None when it announces none. `state` turns
    a timestamped action date (MT, WI, MO record UTC times) into the legislature's own day."""
    text = re.sub(r"\s+", " ", (description or "")).strip()
    announced = _action_day(local_day(action_date, state) if state else action_date)
    if not text or announced is None or "hearing" not in text.lower() and "meeting" not in text.lower() \
            and "work session" not in text.lower():
        return None
    status = "canceled" if _canceled(text) else "scheduled"
    core = re.sub(r"\s*\((?:cancel+ed)\)\.?\s*$", "", text, flags=re.I)

    if m := _WA.match(core):
        return ParsedHearing(announced.isoformat(), parse_time(m.group("time")),
                             committee=_clean(m.group("committee")), status=status)
    if m := _MA.match(core):
        day = _numeric(m.group("mo"), m.group("d"), m.group("y"))
        if day:
            return ParsedHearing(day.isoformat(), parse_time(m.group("time")), parse_time(m.group("end")),
                                 location=_clean(m.group("room")), status=status)
    if m := _LABELLED.match(core):
        day = _numeric(m.group("mo"), m.group("d"), m.group("y"))
        if day:
            rest = m.group("rest") or ""
            tm = _TIME_IN.search(rest)
            room = rest
            if tm:
                room = (rest[:tm.start()] + " " + rest[tm.end():])
            room = re.sub(r";.*$", "", room) if ";" in room and tm and tm.start() > 0 else room
            return ParsedHearing(day.isoformat(), parse_time(tm.group(0)) if tm else None,
                                 location=_clean(room), kind=_kind(m.group("label")), status=status)
    if m := _ON_DATE.search(core):
        day = _numeric(m.group("mo"), m.group("d"), m.group("y"))
        if day:
            return ParsedHearing(day.isoformat(), parse_time(m.group("time")), location=_clean(m.group("room")),
                                 kind=_kind(m.group("label")), status=status)
    if m := _WEEKDAY_DATE.match(core):
        day = _day(int(m.group("y")), MONTHS[m.group("month").lower()], int(m.group("d")))
        if day:
            rest = re.split(r",\s*pending\b", m.group("rest") or "", flags=re.I)[0]
            return ParsedHearing(day.isoformat(), parse_time(m.group("time")), committee=_clean(m.group("committee")),
                                 location=_clean(rest), kind=_kind(m.group("label")), status=status)
    if m := _MONTH_NAME.match(core):
        mo, d = MONTHS[m.group("month").lower()], int(m.group("d"))
        day = _day(int(m.group("y")), mo, d) if m.group("y") else _year_for(mo, d, announced)
        if day:
            return ParsedHearing(day.isoformat(), status=status)
    if m := _MD.match(core):
        day = _year_for(int(m.group("mo")), int(m.group("d")), announced)
        if day:
            return ParsedHearing(day.isoformat(), parse_time(m.group("time")), status=status)
    if m := _ND.match(core):
        return ParsedHearing(announced.isoformat(), parse_time(m.group("time")), status=status)
    if m := _MT.match(core):
        house = "House" if m.group("ch") == "H" else "Senate"
        return ParsedHearing(announced.isoformat(), committee=f"{house} {_clean(m.group('committee'))}",
                             status=status)
    if _HELD.match(core):
        return ParsedHearing(announced.isoformat(), status="held")
    return None


def hearings_of(actions: list[tuple[int, str, str]], state: str = "") -> list[tuple[int, ParsedHearing]]:
    """(action order, hearing) for every action of a bill that announces one, in action order."""
    out = []
    for order, action_date, description in actions:
        h = parse_hearing(description, action_date, state)
        if h is not None:
            out.append((order, h))
    return out
