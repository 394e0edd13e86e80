"""Open States API v3 bill -> pupa-shaped record.

v3 and pupa share most field names; the differences are `session` (pupa: legislative_session),
organizations given as objects instead of ids, and sponsors' `person` objects. Organizations are
kept as the v3 objects (the store reads the chamber from either form); v3-only fields (id,
openstates_url, first/latest action dates) ride along as optional record keys.
"""

from __future__ import annotations

import json
from typing import Any

from statecare.legis.states import jurisdiction, state_from_jurisdiction

_V3_EXTRA_FIELDS = ("id", "openstates_url", "first_action_date", "latest_action_date",
                    "latest_action_description", "latest_passage_date")


def _list(item: dict[str, Any], key: str) -> list[Any]:
    val = item.get(key)
    return list(val) if isinstance(val, list) else []


def _person_id(person: dict[str, Any] | None) -> str | None:
    """Open States' person id, or, for a sponsor it never matched to a person (a v3 `person` with no
    `id`), the pupa pseudo-id its scraper wrote (`~{"name": ...}`), so the export can hand it back."""
    if not person:
        return None
    if person.get("id"):
        return str(person["id"])
    fields = {k: v for k, v in person.items() if isinstance(v, str) and v}
    return "~" + json.dumps(fields, sort_keys=True) if fields.get("name") else None


def _jurisdiction(item: dict[str, Any]) -> dict[str, Any]:
    """The item's jurisdiction with its division id, which v3 leaves out and the scrape schema carries."""
    jur = dict(item.get("jurisdiction") or {})
    code = state_from_jurisdiction(str(jur.get("id") or ""))
    if code and not jur.get("division_id"):
        jur["division_id"] = jurisdiction(code).division_id
    return jur


def v3_to_record(item: dict[str, Any]) -> dict[str, Any]:
    """Map one `/bills` result item; missing includes become empty lists."""
    actions = []
    for a in sorted(_list(item, "actions"), key=lambda a: a.get("order", 0) if isinstance(a, dict) else 0):
        if not isinstance(a, dict):
            continue
        actions.append({
            "description": a.get("description", ""),
            "date": a.get("date", ""),
            "organization": a.get("organization") or None,
            "classification": list(a.get("classification") or []),
            "related_entities": list(a.get("related_entities") or []),
        })
    sponsorships = []
    for s in _list(item, "sponsorships"):
        if not isinstance(s, dict):
            continue
        person = s.get("person") if isinstance(s.get("person"), dict) else None
        org = s.get("organization") if isinstance(s.get("organization"), dict) else None
        sponsorships.append({
            "name": s.get("name", ""),
            "classification": s.get("classification", ""),
            "entity_type": s.get("entity_type", "person"),
            "primary": bool(s.get("primary")),
            "person_id": _person_id(person),
            "organization_id": (org or {}).get("id"),
        })
    record: dict[str, Any] = {
        "legislative_session": item.get("session"),
        "identifier": item.get("identifier"),
        "title": item.get("title", ""),
        "from_organization": item.get("from_organization") or None,
        "classification": _list(item, "classification"),
        "subject": _list(item, "subject"),
        "abstracts": _list(item, "abstracts"),
        "other_titles": _list(item, "other_titles"),
        "other_identifiers": _list(item, "other_identifiers"),
        "actions": actions,
        "sponsorships": sponsorships,
        "related_bills": _list(item, "related_bills"),
        "versions": [dict(v) for v in _list(item, "versions") if isinstance(v, dict)],
        "documents": [dict(d) for d in _list(item, "documents") if isinstance(d, dict)],
        "sources": _list(item, "sources"),
        "extras": dict(item.get("extras") or {}),
        "jurisdiction": _jurisdiction(item),
    }
    if isinstance(item.get("citations"), list):
        record["citations"] = list(item["citations"])
    for key in _V3_EXTRA_FIELDS:
        if item.get(key):
            record[key] = item[key]
    return record
