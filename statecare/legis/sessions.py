"""Legislative sessions: their years, their order, when they end, and how their names are shown.

Open States names most sessions by their years ("2025-2026", "20252026", "2025S1", "2026rs"), New
York's own records by the first year of a two-year session ("2019"), and some legislatures number
themselves ("194th" in Massachusetts, "104th" in Illinois, "136" in Ohio). One reading of those
names serves every stage: the stage machine asks when a session ended, pages list a state's sessions
newest first, the crawler picks a state's current session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

# Legislatures that number themselves: (a legislature's number, the year it first met). Each
# numbered legislature sits two years. Sources: each legislature's own site (e.g. the 194th General
# Court of Massachusetts, 2025-2026; the 104th Illinois General Assembly, 2025-2026; the 221st New
# Jersey Legislature, 2024-2025).
NUMBERED_LEGISLATURES: dict[str, tuple[int, int]] = {
    "ak": (34, 2025), "az": (57, 2025), "de": (153, 2025), "il": (104, 2025), "ma": (194, 2025),
    "nd": (69, 2025), "ne": (109, 2025), "nj": (221, 2024), "nv": (83, 2025), "oh": (136, 2025),
    "tn": (114, 2025), "tx": (89, 2025),
}

# Legislatures whose two-year session Open States names by its first year alone: the session goes on
# into the second year, and a bill not passed in the first year carries over. Sources: New York's own
# records ("2019" = the 2019-2020 session); openstates-scrapers' session lists, North Carolina
# (scrapers/nc/__init__.py: identifier "2019", name "2019-2020 Session", ending 2020-08-01) and
# Wisconsin (scrapers/wi/__init__.py: identifier "2019", "2019 Regular Session", 2019-01-07 to
# 2020-05-27). A special session named by one year ("2025E1") stays within that year.
FIRST_YEAR_NAMED_BIENNIA: frozenset[str] = frozenset({"nc", "ny", "wi"})

# Legislatures whose two-year term runs past 31 December of its second year, to the day before the next
# one convenes in January: (weekday, Monday = 0; which one of the month). New Jersey's Legislature sits
# until the next is organised at noon on the second Tuesday in January of the even year (N.J. Const. art.
# IV, sec. II, par. 2; the lame-duck session votes in those January days). Open States' own session list
# (openstates-scrapers scrapers/nj/__init__.py) ends the 221st, "2024-2025", on 2025-12-31 while starting
# the 222nd on 2026-01-13 -- the day NJ A 3624 (fixtures/openstates/nj) was introduced; the national
# recording and openstates-metadata give no session dates. The 221st's last day is 2026-01-12.
TERM_RUNS_INTO_JANUARY: dict[str, tuple[int, int]] = {"nj": (1, 2)}

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:[-_/]((?:19|20)?\d{2}))?(?!\d)|((?:19|20)\d{2})((?:19|20)\d{2})")
_NUMBER = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)?(?!\d)", re.IGNORECASE)
_SPECIAL = re.compile(r"special|extraordinary|(?<=\d)(?:s|x|e|ss)\d*$|(?<=\d)\d*e$|\bs\d+$|1e$", re.IGNORECASE)


@dataclass(frozen=True)
class SessionInfo:
    """What a session's name says: its first and last year, and whether it is a special session."""

    label: str
    start_year: int | None
    end_year: int | None
    special: bool
    next_convenes: tuple[int, int] | None = None  # TERM_RUNS_INTO_JANUARY's (weekday, nth), if it applies

    @property
    def end_date(self) -> str | None:
        """The last day the session can act (ISO date), when its name tells: 31 December of its last
        year, or the day before the next legislature convenes in January (TERM_RUNS_INTO_JANUARY)."""
        if not self.end_year:
            return None
        if self.next_convenes is None:
            return f"{self.end_year}-12-31"
        weekday, nth = self.next_convenes
        first = date(self.end_year + 1, 1, 1)
        convenes = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        return (convenes - timedelta(days=1)).isoformat()


def _years(label: str) -> list[int]:
    out: list[int] = []
    for m in _YEAR.finditer(label):
        if m.group(3):
            out += [int(m.group(3)), int(m.group(4))]
            continue
        first = int(m.group(1))
        out.append(first)
        if m.group(2):
            second = m.group(2)
            out.append(int(second) if len(second) == 4 else (first // 100) * 100 + int(second))
    return out


def session_info(state: str | None, label: str | None) -> SessionInfo:
    """Read a session name: 'ny', '2019' -> 2019-2020 (also 'nc', 'wi': FIRST_YEAR_NAMED_BIENNIA); 'ma', '194th' -> 2025-2026; '2025S1' special."""
    st = (state or "").strip().lower()
    s = (label or "").strip()
    special = bool(_SPECIAL.search(s))
    years = _years(s)
    if years:
        start, end = min(years), max(years)
        if st in FIRST_YEAR_NAMED_BIENNIA and len(years) == 1 and start % 2 == 1 and not special:
            end = start + 1  # a two-year session named by its first (odd) year
        biennium = end == start + 1 and not special
        return SessionInfo(s, start, end, special, TERM_RUNS_INTO_JANUARY.get(st) if biennium else None)
    lead = re.match(r"((?:19|20)\d{2})(?=\d?[A-Za-z])", s)  # "20251E": 2025, first extraordinary
    if lead:
        year = int(lead.group(1))
        return SessionInfo(s, year, year, special)
    m = _NUMBER.match(s)
    if m and st in NUMBERED_LEGISLATURES:
        number, first_year = NUMBERED_LEGISLATURES[st]
        start = first_year + 2 * (int(m.group(1)) - number)
        return SessionInfo(s, start, start + 1, special, None if special else TERM_RUNS_INTO_JANUARY.get(st))
    return SessionInfo(s, None, None, special)


def session_end(state: str | None, label: str | None) -> str | None:
    """The last day a session can act (ISO date), or None when its name does not tell."""
    return session_info(state, label).end_date


def session_sort_key(state: str | None, label: str | None) -> tuple[int, int, int, str]:
    """Order sessions oldest first: by years, a regular session before its special sessions.

    A name that tells no year sorts first (it is never taken for the current session).
    """
    info = session_info(state, label)
    return (info.start_year or 0, info.end_year or 0, 1 if info.special else 0, info.label)


def sort_sessions(state: str | None, labels: list[str], *, newest_first: bool = False) -> list[str]:
    return sorted(labels, key=lambda lab: session_sort_key(state, lab), reverse=newest_first)


_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
# a name that starts with its year(s): "2026rs", "2025S1", "20252026", "2025_26", "2025-2026",
# "20251E", "2025Special36", "2023B", "20252026 Special Session 1"; `rest` is what follows the years
_YEARS_FIRST = re.compile(r"(?P<y1>(?:19|20)\d\d)(?:[-_/]?(?P<y2>(?:19|20)\d\d)|[-_/](?P<yy>\d\d))?(?P<rest>.*)")
# a numbered legislature: "194th", "34", "114S1", "57th-2nd-regular", "27th Legislature"
_NUMBER_FIRST = re.compile(r"(?P<n>\d{1,3})(?:st|nd|rd|th)?(?P<rest>(?!\d).*)", re.IGNORECASE)


def _nth(n: int) -> str:
    """194 -> "194th", 221 -> "221st", 112 -> "112th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _ordinal(n: int) -> str:
    """1 -> "first" ... 10 -> "tenth", then "11th", "36th"."""
    return _ORDINAL_WORDS[n - 1] if 1 <= n <= len(_ORDINAL_WORDS) else _nth(n)


def _kind(rest: str) -> str | None:
    """What follows a session's year or number, in words: "rs" -> "regular session", "S1" -> "first
    special session", "1E" -> "first extraordinary session", "Special36" -> "36th special session",
    "B" -> "first special session" (a letter counts a year's sessions: A the regular one, then B, C,
    D its special sessions, as Open States names Colorado's), "2nd-regular" -> "second regular
    session"; "" for nothing; None for a shape not known (then the name is shown as stored)."""
    r = rest.strip(" -_").lower()
    if not r:
        return ""
    m = re.fullmatch(r"(?:(\d{1,2})(?:st|nd|rd|th)?[-_ ]?)?(regular|rs|r)(?:[-_ ]?session)?", r)
    if m:
        return (f"{_ordinal(int(m.group(1)))} " if m.group(1) else "") + "regular session"
    m = re.fullmatch(r"(?:(\d{1,2})(?:st|nd|rd|th)?[-_ ]?)?(?:special|ss|s|x)(?:[-_ ]?session)?[-_ ]?(\d{1,2})?", r)
    if m:
        n = m.group(1) or m.group(2)
        return (f"{_ordinal(int(n))} " if n else "") + "special session"
    m = re.fullmatch(r"(\d{1,2})?(?:e|extraordinary)(?:[-_ ]?session)?[-_ ]?(\d{1,2})?", r)
    if m:
        n = m.group(1) or m.group(2)
        return (f"{_ordinal(int(n))} " if n else "") + "extraordinary session"
    if re.fullmatch(r"[a-d]", r) and rest.strip().isupper():
        i = ord(r) - ord("a")
        return "regular session" if i == 0 else f"{_ordinal(i)} special session"
    return None


def session_label(label: str | None, state: str | None = None) -> str:
    """How a session is shown to a reader: "2026rs" -> "2026 regular session", "2025S1" -> "2025 first
    special session", "20252026" (Open States' CA id) and "2025_26" -> "2025-2026", "20251E" -> "2025
    first extraordinary session", "2023B" -> "2023 first special session", "114S1" -> "114th
    Legislature, first special session"; a numbered legislature gets its years when `state` is
    given and numbers its legislatures (NUMBERED_LEGISLATURES): ("ma", "194th") -> "194th
    Legislature, 2025-2026", ("de", "153") -> "153rd Legislature, 2025-2026". A name of any other
    shape ("2025", "2025-2026", "27th Legislature" aside from its years) is shown as stored."""
    s = (label or "").strip()
    m = _YEARS_FIRST.fullmatch(s)
    if m:
        y1 = m.group("y1")
        y2 = m.group("y2") or (y1[:2] + m.group("yy") if m.group("yy") else None)
        years = f"{y1}-{y2}" if y2 and y2 != y1 else y1
        kind = _kind(m.group("rest"))
        if kind is None:
            return s
        return f"{years} {kind}" if kind else years
    m = _NUMBER_FIRST.fullmatch(s)
    if m:
        n, rest = int(m.group("n")), m.group("rest")
        named = re.fullmatch(r"\s*legislature\s*", rest, re.IGNORECASE)
        kind = "" if named else _kind(rest)
        if kind is None:
            return s
        info = session_info(state, s)
        years = f", {info.start_year}-{info.end_year}" if info.start_year and state in NUMBERED_LEGISLATURES else ""
        return f"{_nth(n)} Legislature{years}" + (f", {kind}" if kind else "")
    return s


def session_noun(label: str | None, state: str | None = None) -> str:
    """A session's label as a noun phrase, for "The ... ended": "2025-2026" -> "2025-2026 session",
    "2026rs" -> "2026 regular session" (never "2026 regular session session")."""
    shown = session_label(label, state)
    return shown if shown.endswith("session") else f"{shown} session"


def session_slug(label: str) -> str:
    """A session name as a folder name (the national recording's convention): other characters -> '_'."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", label)
