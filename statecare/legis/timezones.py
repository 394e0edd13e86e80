"""Each legislature's time zone (the zone of its capital), so "upcoming" and calendar times mean
the legislature's own clock: a hearing at 1:30 PM in Olympia is 1:30 PM Pacific, and a hearing
dated yesterday in Honolulu is past even while it is still yesterday evening there for nobody else.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

STATE_TIME_ZONES: dict[str, str] = {
    "al": "America/Chicago", "ak": "America/Anchorage", "az": "America/Phoenix", "ar": "America/Chicago",
    "ca": "America/Los_Angeles", "co": "America/Denver", "ct": "America/New_York", "de": "America/New_York",
    "dc": "America/New_York", "fl": "America/New_York", "ga": "America/New_York", "hi": "Pacific/Honolulu",
    "id": "America/Boise", "il": "America/Chicago", "in": "America/Indiana/Indianapolis", "ia": "America/Chicago",
    "ks": "America/Chicago", "ky": "America/New_York", "la": "America/Chicago", "me": "America/New_York",
    "md": "America/New_York", "ma": "America/New_York", "mi": "America/Detroit", "mn": "America/Chicago",
    "ms": "America/Chicago", "mo": "America/Chicago", "mt": "America/Denver", "ne": "America/Chicago",
    "nv": "America/Los_Angeles", "nh": "America/New_York", "nj": "America/New_York", "nm": "America/Denver",
    "ny": "America/New_York", "nc": "America/New_York", "nd": "America/Chicago", "oh": "America/New_York",
    "ok": "America/Chicago", "or": "America/Los_Angeles", "pa": "America/New_York", "ri": "America/New_York",
    "sc": "America/New_York", "sd": "America/Chicago", "tn": "America/Chicago", "tx": "America/Chicago",
    "ut": "America/Denver", "vt": "America/New_York", "va": "America/New_York", "wa": "America/Los_Angeles",
    "wv": "America/New_York", "wi": "America/Chicago", "wy": "America/Denver", "pr": "America/Puerto_Rico",
    "gu": "Pacific/Guam", "vi": "America/St_Thomas", "as": "Pacific/Pago_Pago", "mp": "Pacific/Saipan",
}


def state_zone(state: str) -> ZoneInfo:
    """The legislature's zone; Eastern when unknown (most legislatures sit there)."""
    return ZoneInfo(STATE_TIME_ZONES.get((state or "").lower(), "America/New_York"))


def today_in(state: str, now: datetime | None = None) -> date:
    """Today's date on the legislature's clock (`now` aware, default the real time)."""
    moment = now if now is not None else datetime.now(tz=state_zone(state))
    return moment.astimezone(state_zone(state)).date()


def local_day(stamp: str, state: str) -> str:
    """The day an action date means locally: "2025-01-07T02:07:00+00:00" in Montana is 2025-01-06;
    a plain date is itself."""
    s = (stamp or "").strip()
    if len(s) > 10 and "T" in s:
        try:
            when = datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:
            return s[:10]
        if when.tzinfo is not None:
            return when.astimezone(state_zone(state)).date().isoformat()
    return s[:10]
