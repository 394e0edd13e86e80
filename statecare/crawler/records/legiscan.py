"""LegiScan getBill `bill` object -> pupa-shaped record, with LegiScan attribution kept.

LegiScan data is CC BY 4.0: every record says "LegiScan" in `sources` and `extras`. Mapping notes:
history -> actions (LegiScan does not classify single actions; its `progress` events, which are
classified, are kept in extras), sponsors -> sponsorships (sponsor_type_id 1 primary, 2 co-sponsor,
3 joint), texts -> versions (the text itself comes from getBillText and is attached by the spider),
session -> the session's name as LegiScan gives it.
"""

from __future__ import annotations

from typing import Any

from statecare.legis.states import STATE_NAMES, jurisdiction_object

ATTRIBUTION = "LegiScan (legiscan.com), CC BY 4.0"
_BODY = {"H": "lower", "A": "lower", "S": "upper", "J": "legislature"}
_SPONSOR_TYPE = {1: "primary", 2: "cosponsor", 3: "joint"}
# LegiScan bill_type -> Open States bill classification
_BILL_TYPE = {"B": "bill", "R": "resolution", "CR": "concurrent resolution", "JR": "joint resolution",
              "JRCA": "constitutional amendment", "CA": "constitutional amendment", "M": "memorial",
              "JM": "joint memorial", "P": "proclamation"}


def _org(body: Any) -> str | None:
    c = _BODY.get(str(body or "").upper())
    return f'~{{"classification": "{c}"}}' if c else None


_OTHER = {"H": "S", "A": "S", "S": "H"}


def _inferred_body(bill: dict[str, Any], h: dict[str, Any]) -> str | None:
    """The chamber of a history entry LegiScan left without one (its dataset files often do).

    LegiScan's own `progress` dates the bill's engrossment (event 2: passed the house of origin):
    entries after that day happened in the other house. Guessing the house of origin for every
    entry would read the second house's first reading as the bill going back to committee.
    """
    body = str(bill.get("body") or "").upper()
    engrossed = [str(p.get("date") or "") for p in bill.get("progress") or []
                 if isinstance(p, dict) and p.get("event") == 2]
    date = str(h.get("date") or "")
    if engrossed and date and date > min(engrossed) and body in _OTHER:
        return _OTHER[body]
    return body or None


def legiscan_to_record(bill: dict[str, Any]) -> dict[str, Any]:
    """Map one getBill object (texts without their documents)."""
    state = str(bill.get("state") or "").lower()
    session = bill.get("session") or {}
    history = [h for h in bill.get("history") or [] if isinstance(h, dict)]
    actions = [{
        "description": h.get("action", ""),
        "date": h.get("date", ""),
        "organization_id": _org(h.get("chamber")) or _org(_inferred_body(bill, h)),
        "classification": [],
        "related_entities": [],
        "importance": h.get("importance"),  # unknown keys land in the action's extras
    } for h in history]
    sponsorships = []
    for s in sorted((s for s in bill.get("sponsors") or [] if isinstance(s, dict)),
                    key=lambda s: s.get("sponsor_order", 0)):
        kind = _SPONSOR_TYPE.get(int(s.get("sponsor_type_id") or 0), "sponsor")
        sponsorships.append({
            "name": s.get("name", ""),
            "classification": kind,
            "entity_type": "organization" if s.get("committee_sponsor") else "person",
            "primary": kind == "primary",
            "person_id": None,
            "organization_id": None,
            **{f"legiscan_{k}": s.get(k) for k in ("people_id", "party", "role", "district")
               if s.get(k) not in (None, "")},
        })
    versions = [{
        "note": t.get("type", ""),
        "date": t.get("date", ""),
        "classification": "",
        "links": [lk for lk in (
            {"url": t.get("state_link"), "media_type": t.get("mime", "")},
            {"url": t.get("url"), "media_type": "text/html"},
        ) if lk["url"]],
        "legiscan_doc_id": t.get("doc_id"),
    } for t in bill.get("texts") or [] if isinstance(t, dict)]
    documents = [{
        "note": f"{kind[:-1]}: {d.get('title') or d.get('type') or ''}".strip(),
        "date": d.get("date", ""),
        "classification": "",
        "links": [{"url": d.get("state_link") or d.get("url"), "media_type": d.get("mime", "")}],
    } for kind in ("amendments", "supplements") for d in bill.get(kind) or [] if isinstance(d, dict)]
    sources = [{"url": bill["url"], "note": "LegiScan"}] if bill.get("url") else []
    if bill.get("state_link"):
        sources.append({"url": bill["state_link"], "note": "state legislature"})
    record: dict[str, Any] = {
        "state": state,
        "legislative_session": session.get("session_name") or session.get("session_title"),
        "identifier": bill.get("bill_number"),
        "title": bill.get("title", ""),
        "from_organization": _org(bill.get("body")),
        "classification": [_BILL_TYPE.get(str(bill.get("bill_type") or "B"), "bill")],
        "subject": [s.get("subject_name") for s in bill.get("subjects") or [] if isinstance(s, dict)],
        "abstracts": [{"abstract": bill["description"], "note": "LegiScan description"}]
        if bill.get("description") else [],
        "other_titles": [],
        "other_identifiers": [],
        "actions": actions,
        "sponsorships": sponsorships,
        "related_bills": [{"identifier": s.get("sast_bill_number"), "legislative_session": "",
                           "relation_type": "companion"}
                          for s in bill.get("sasts") or [] if isinstance(s, dict) and s.get("sast_bill_number")],
        "versions": versions,
        "documents": documents,
        "sources": sources,
        "extras": {
            "attribution": ATTRIBUTION,
            "legiscan_bill_id": bill.get("bill_id"),
            "legiscan_change_hash": bill.get("change_hash"),
            "legiscan_session": session,
            "legiscan_status": bill.get("status"),
            "legiscan_status_date": bill.get("status_date"),
            "legiscan_progress": bill.get("progress") or [],
            "legiscan_committee": bill.get("committee") or None,
            "legiscan_votes": bill.get("votes") or [],
        },
    }
    if state in STATE_NAMES:
        record["jurisdiction"] = jurisdiction_object(state)
    return record
