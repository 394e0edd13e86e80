"""The day a governor acted, when the action's words name it and its recorded date is another day.

Many legislatures record a governor's act on the day a journal or a message reported it, and write
the day of the act into the words: Vermont's S 197 of 2025-2026 is recorded on 2026-05-29 with
"Signed by Governor on June 18, 2026" (it was delivered on June 12), West Virginia's journals
("Approved by Governor 4/30/2025 - House Journal", recorded 2025-04-12), Nebraska's "Approved by
Governor on February 25, 2025" (recorded the 26th), Kansas's "Approved by Governor on Tuesday, April
8, 2025" (recorded 2025-04-10), Idaho's "Signed by Governor on 03/10/25 Session Law Chapter 17
Effective: 01/01/2026", Oklahoma's "Approved by Governor 06/10/2025", New Hampshire's "Signed by
the Governor on 07/15/2025; Chapter 0230; Effective 07/15/2025", Alaska's "(S) 10:00 A.M. 9/8/25
Transmitted to Governor". Elsewhere the recorded day is the act's (California, Washington), so a
bill's "signed" or "vetoed" day is read from the words where they name it, and is the recorded day
otherwise -- one rule for every state.

Only a day named with the governor's act counts: an effective date ("Effective date 7/27/2025.",
"EFFECTIVE DATE(S) OF LAW 7/1/25", "(effective 7/1/2026)"), a deadline ("Governor's Action Deadline
11:59 p.m., June 29, 2026") or a calendar ("placed on notice calendar for June 13, 2025") does not.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_DATE = (r"(?:(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
         r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
         r"|(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2}))(?![\d/])")
_ACT = (r"(?:signed|approved(?:\s+by\s+governor\s+with\s+deletions\s+and\s+reductions)?|approval(?:\s+chapter\s+\d+)?|"
        r"vetoed|veto|delivered|presented|transmitted|communicated|"
        r"without\s+(?:the\s+)?(?:governor'?s\s+|his\s+|her\s+)?signature(?:\s+of\s+the\s+governor)?|"
        r"to\s+(?:the\s+)?gov(?:ernor|\.))")
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)"
_TIME = r"(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\s*,?\s*)"
# the act, then (by the Governor [name]; on; at a time; a weekday) the day
_AFTER = re.compile(
    rf"\b{_ACT}(?:\s+into\s+law)?(?:\s+(?:by\s+)?(?:the\s+)?gov(?:ernor|\.)?(?:\s+[A-Z][a-z]+)?)?"
    rf"(?:\s*;?\s*returned\s+to\s+(?:the\s+)?(?:House|Senate)|\s+bill)?"
    rf"\s*,?\s*(?:at\s+{_TIME})?(?:on\s+)?(?:at\s+{_TIME}(?:on\s+)?)?{_WEEKDAY}?{_DATE}",
    re.IGNORECASE)
# Alaska: "(S) 10:00 A.M. 9/8/25 Transmitted to Governor"
_BEFORE = re.compile(rf"^(?:\([HS]\)\s*)?{_TIME}?{_DATE}\s+(?:Transmitted|Delivered|Presented)\s+to\s+Governor\b",
                     re.IGNORECASE)
# papers sent to the governor about a bill are not the bill: "(H) FISCAL NOTE MEMO Transmitted to Governor 10/01/25"
_PAPERS = re.compile(r"\b(?:memo|letter|fiscal\s+note|packet)\b", re.IGNORECASE)
# how far the named day may lie from the recorded one (a journal read weeks later, a pocket veto)
MAX_DAYS_APART = 120


def _iso(m: re.Match[str]) -> str | None:
    try:
        if m.group("month"):
            d = date(int(m.group("year")), _MONTHS.index(m.group("month").lower()) + 1, int(m.group("day")))
        else:
            y = int(m.group("y"))
            d = date(y + 2000 if y < 100 else y, int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
    return d.isoformat()


def named_act_date(description: str) -> str | None:
    """The ISO day the words name for the governor's act ("Signed by Governor on June 18, 2026" ->
    "2026-06-18"), or None when they name none (or only an effective date, a deadline, a calendar)."""
    text = " ".join((description or "").split())
    if _PAPERS.search(text):
        return None
    m = _BEFORE.search(text) or _AFTER.search(text)
    return _iso(m) if m else None


def act_date(description: str, recorded: str | None) -> str | None:
    """The day of a governor's act: the day its words name when one is named near the recorded day
    (within MAX_DAYS_APART), else the recorded day (as stored, time and all)."""
    named = named_act_date(description)
    if not named or not recorded:
        return recorded if recorded else named
    try:
        apart = abs((date.fromisoformat(named) - date.fromisoformat(str(recorded)[:10])).days)
    except ValueError:
        return recorded
    if apart == 0 or apart > MAX_DAYS_APART:
        return recorded
    return named
