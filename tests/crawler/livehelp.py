"""Helpers for the live-crawl tests: a slice of the national recording in a temp folder, and
`/events` answers built from real recorded hearing actions.

No `/events` response was ever recorded (shared/ holds none; its READMEs mention no events
endpoint), so the events served here are built in the shape Open States documents for v3
`/events` (Event: id, name, jurisdiction, description, classification, start_date, end_date,
all_day, status, location, participants, agenda[].related_entities[] with a `bill`), filled only
with what real recorded actions say: the bill's identifier, session and title, and the day, time
and room of a hearing its own action text announced. The event ids are marked as test-built.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

from statecare.legis.states import jurisdiction_id
from statecare.nlp.hearings import ParsedHearing, parse_hearing

STATE, SESSION = "ks", "2025-2026"
SLICE_LINES = 12


def national_slice(shared: Path, dest: Path, lines: int = SLICE_LINES) -> Path:
    """dest/national/ks/2025-2026/bills.jsonl.gz holding the first `lines` real recorded bills."""
    src = shared / "national" / STATE / SESSION / "bills.jsonl.gz"
    out = dest / "national" / STATE / SESSION
    out.mkdir(parents=True)
    with gzip.open(src, "rb") as f, gzip.open(out / "bills.jsonl.gz", "wb") as g:
        for _ in range(lines):
            g.write(f.readline())
    return dest / "national"


def recorded_bills(shared: Path, start: int, stop: int) -> list[dict[str, Any]]:
    """Real recorded Kansas bills, lines [start, stop) of the session's file."""
    out = []
    with gzip.open(shared / "national" / STATE / SESSION / "bills.jsonl.gz", "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= stop:
                break
            if i >= start:
                out.append(json.loads(line))
    return out


def first_hearing(bill: dict[str, Any]) -> tuple[dict[str, Any], ParsedHearing] | None:
    """The bill's first action announcing a hearing with a time and a room, and what it says."""
    for a in bill.get("actions") or []:
        h = parse_hearing(a["description"], a["date"], STATE)
        if h is not None and h.time and h.location:
            return a, h
    return None


def _committee(bill: dict[str, Any]) -> str | None:
    for a in bill.get("actions") or []:
        m = re.match(r"^Referred to (Committee on .+?)\.?$", a["description"])
        if m:
            return m.group(1)
    return None


def event_for(bill: dict[str, Any]) -> tuple[dict[str, Any], ParsedHearing]:
    """A v3 Event (documented shape) for the hearing the bill's own actions announce."""
    found = first_hearing(bill)
    assert found is not None, f"{bill['identifier']} announces no timed hearing"
    action, h = found
    committee = _committee(bill)
    event = {
        "id": f"statecare-test-built-event/{STATE}/{bill['identifier']}/{h.date}",
        "name": f"Hearing: {committee or 'Committee'}",
        "jurisdiction": {"id": jurisdiction_id(STATE), "name": "Kansas", "classification": "state"},
        "description": action["description"],
        "classification": "committee-meeting",
        "start_date": f"{h.date}T{h.time}:00-06:00",
        "end_date": "",
        "all_day": False,
        "status": "passed",
        "upstream_id": "",
        "deleted": False,
        "location": {"name": h.location, "url": ""},
        "participants": ([{"note": "host", "name": committee, "entity_type": "organization"}] if committee else []),
        "agenda": [{
            "description": action["description"], "classification": [], "order": 0, "subjects": [], "notes": [],
            "extras": {}, "media": [],
            "related_entities": [{"note": "consideration", "name": bill["identifier"], "entity_type": "bill",
                                  "bill": {"id": None, "session": bill["legislative_session"],
                                           "identifier": bill["identifier"], "title": bill["title"]}}],
        }],
    }
    return event, h
