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

# Legislatures that number themselves: (a legislature's number, the year it first met). Each
# numbered legislature sits two years. Sources: each legislature's own site (e.g. the 194th General
# Court of Massachusetts, 2025-2026; the 104th Illinois General Assembly, 2025-2026; the 221st New
# Jersey Legislature, 2024-2025).
NUMBERED_LEGISLATURES: dict[str, tuple[int, int]] = {
    "ak": (34, 2025), "az": (57, 2025), "de": (153, 2025), "il": (104, 2025), "ma": (194, 2025),
    "nd": (69, 2025), "ne": (109, 2025), "nj": (221, 2024), "nv": (83, 2025), "oh": (136, 2025),
    "tn": (114, 2025), "tx": (89, 2025),
}

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

    @property
    def end_date(self) -> str | None:
        """The last day the session can act (ISO date), when its name tells."""
        return f"{self.end_year}-12-31" if self.end_year else None


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
    """Read a session name: 'ny', '2019' -> 2019-2020; 'ma', '194th' -> 2025-2026; '2025S1' special."""
    st = (state or "").strip().lower()
    s = (label or "").strip()
    special = bool(_SPECIAL.search(s))
    years = _years(s)
    if years:
        start, end = min(years), max(years)
        if st == "ny" and len(years) == 1 and start % 2 == 1:
            end = start + 1  # NY names a two-year session by its first (odd) year
        return SessionInfo(s, start, end, special)
    lead = re.match(r"((?:19|20)\d{2})(?=\d?[A-Za-z])", s)  # "20251E": 2025, first extraordinary
    if lead:
        year = int(lead.group(1))
        return SessionInfo(s, year, year, special)
    m = _NUMBER.match(s)
    if m and st in NUMBERED_LEGISLATURES:
        number, first_year = NUMBERED_LEGISLATURES[st]
        start = first_year + 2 * (int(m.group(1)) - number)
        return SessionInfo(s, start, start + 1, special)
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


def session_label(label: str | None) -> str:
    """How a session is shown: "20252026" (Open States' CA id) -> "2025-2026"; others as stored."""
    s = label or ""
    m = re.fullmatch(r"((?:19|20)\d\d)((?:19|20)\d\d)", s)
    return f"{m.group(1)}-{m.group(2)}" if m else s


def session_slug(label: str) -> str:
    """A session name as a folder name (the national recording's convention): other characters -> '_'."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", label)
