"""Normalise a record to the Open States vocabulary before it is stored.

The store normalises keys (identifier spacing, state code); here the crawl cleans values that
sources send in their own dialects: timestamps with zones where the legislature means a day
(statecare.legis.states.local_date), stray whitespace around text fields, action classifications outside the
Open States list (kept in the action's extras instead of being lost), and a `state` derived from
the jurisdiction so every record carries it.
"""

from __future__ import annotations

from typing import Any

from statecare.crawler.discover import discover_versions
from statecare.legis.record import state_of
from statecare.legis.states import local_date
from statecare.legis.vocabulary import ACTION_CATEGORIES

ACTION_CLASSIFICATIONS: frozenset[str] = frozenset(ACTION_CATEGORIES)


def _clean(s: Any) -> Any:
    # only the ends: inner spacing can be meaningful ("SEC. 2.  The ...") and must survive export
    return s.strip() if isinstance(s, str) else s


def normalize_record(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of `record` with values in the Open States vocabulary."""
    out = dict(record)
    out["state"] = state_of(record)
    out["identifier"] = _clean(record.get("identifier"))
    out["title"] = _clean(record.get("title") or "")
    actions = []
    for a in record.get("actions") or []:
        if not isinstance(a, dict):
            continue
        a = dict(a)
        a["description"] = _clean(a.get("description") or "")
        a["date"] = local_date(out["state"], a.get("date"))
        cls = [c for c in a.get("classification") or [] if isinstance(c, str)]
        unknown = [c for c in cls if c not in ACTION_CLASSIFICATIONS]
        a["classification"] = [c for c in cls if c in ACTION_CLASSIFICATIONS]
        if unknown:
            a["source_classification"] = unknown
        actions.append(a)
    out["actions"] = actions
    for key in ("first_action_date", "latest_action_date", "latest_passage_date"):
        if out.get(key):
            out[key] = local_date(out["state"], out[key])
    found = discover_versions(out)
    if found:
        out["versions"] = found
    return out
