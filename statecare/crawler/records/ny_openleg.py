"""NY Open Legislation record (flattened by the jehiah/ny_legislation mirror) -> pupa-shaped record.

NY sessions are two-year terms named by their first year (2023 = 2023-2024, as Open States names
them). `SameAsPrintNo` ("A7897-2023") is the other chamber's companion; `PreviousVersions`
("S4840-2017") are the same bill in earlier sessions, which is how the NY Health Act's lineage is
followed back; both become related_bills.
"""

from __future__ import annotations

from typing import Any

from statecare.legis.states import jurisdiction_object

_CHAMBER = {"SENATE": "upper", "ASSEMBLY": "lower"}


def _org(chamber: Any) -> str | None:
    c = _CHAMBER.get(str(chamber or "").upper())
    return f'~{{"classification": "{c}"}}' if c else None


def session_name(year: int) -> str:
    """2023 -> '2023-2024' (NY's terms start in odd years)."""
    start = year if year % 2 else year - 1
    return f"{start}-{start + 1}"


def split_print_no(ref: str) -> tuple[str, int] | None:
    """'S4840-2017' -> ('S4840', 2017)."""
    pn, _, year = str(ref).partition("-")
    return (pn, int(year)) if pn and year.isdigit() else None


def openleg_to_record(rec: dict[str, Any], source_url: str) -> dict[str, Any]:
    year = int(rec.get("Session") or 0)
    pn = rec.get("PrintNo")
    related = []
    same = split_print_no(rec.get("SameAsPrintNo") or "")
    if same:
        related.append({"identifier": same[0], "legislative_session": session_name(same[1]),
                        "relation_type": "companion"})
    for prev in rec.get("PreviousVersions") or []:
        p = split_print_no(prev)
        if p:
            related.append({"identifier": p[0], "legislative_session": session_name(p[1]),
                            "relation_type": "prior-session"})
    actions = [{
        "description": a.get("Text", ""),
        "date": a.get("Date", ""),
        "organization_id": _org(a.get("Chamber")),
        "classification": [],
        "related_entities": [],
    } for a in rec.get("Actions") or [] if isinstance(a, dict)]
    sponsorships = [{
        "name": s.get("Name") or s.get("Short") or "",
        "classification": "primary" if i == 0 else "cosponsor",
        "entity_type": "person",
        "primary": i == 0,
        "person_id": None,
        "organization_id": None,
        **({"nysenate_member_id": s["ID"]} if s.get("ID") else {}),
    } for i, s in enumerate(rec.get("Sponsors") or []) if isinstance(s, dict)]
    return {
        "state": "ny",
        "legislative_session": session_name(year) if year else None,
        "identifier": pn,
        "title": rec.get("Title", ""),
        "from_organization": _org(rec.get("Chamber")),
        "classification": ["resolution"] if str(pn or "").startswith(("J", "K", "R", "E")) else ["bill"],
        "subject": [],
        "abstracts": [{"abstract": rec["Summary"], "note": "summary"}] if rec.get("Summary") else [],
        "other_titles": [{"title": rec["ActClause"], "note": "act clause"}] if rec.get("ActClause") else [],
        "other_identifiers": [],
        "actions": actions,
        "sponsorships": sponsorships,
        "related_bills": related,
        # the Senate publishes each print's text at this address (Open States' NY records link it too)
        "versions": [{"note": "Bill text", "date": "", "classification": "",
                      "links": [{"url": f"https://legislation.nysenate.gov/pdf/bills/{year}/{pn}",
                                 "media_type": "application/pdf"}]}] if year and pn else [],
        "documents": [],
        "sources": [
            {"url": f"https://legislation.nysenate.gov/api/3/bills/{year}/{pn}", "note": "NY Open Legislation"},
            {"url": source_url, "note": "jehiah/ny_legislation mirror"},
        ],
        "extras": {k: rec[k] for k in ("Status", "Committee", "Milestones", "LawSection", "LawCode",
                                       "Version", "Votes") if rec.get(k)},
        "jurisdiction": jurisdiction_object("ny"),
    }
