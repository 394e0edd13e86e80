"""Chambers: one spelling for "who acted" whatever the source wrote; pupa pseudo-ids parsed once.

Open States writes an action's actor as an organization classification (`upper`, `lower`,
`legislature`, `executive`), the pupa pseudo-id `~{"classification": "upper"}`, NY Open
Legislation writes `SENATE` / `ASSEMBLY`, LegiScan writes `H` / `S` / `A` (or nothing). The action
classifier and the stage machine only need the Open States spelling, so every source is mapped here.
"""

from __future__ import annotations

import json
import re
from typing import Any

from statecare.legis.states import JURISDICTIONS, is_bicameral

UPPER = "upper"
LOWER = "lower"
LEGISLATURE = "legislature"
EXECUTIVE = "executive"
CHAMBERS: tuple[str, ...] = (UPPER, LOWER, LEGISLATURE, EXECUTIVE)
LEGISLATIVE_CHAMBERS: frozenset[str] = frozenset({UPPER, LOWER})

# Which legislatures have one house is a fact of the jurisdiction (statecare.legis.states)
UNICAMERAL_STATES: frozenset[str] = frozenset(c for c, j in JURISDICTIONS.items() if j.unicameral)
# every organization classification a pupa record may name (chambers plus committees and the like)
ORGANIZATION_CLASSIFICATIONS: frozenset[str] = frozenset(
    {"upper", "lower", "legislature", "executive", "committee", "joint"})

_ALIASES: dict[str, str] = {
    "upper": UPPER,
    "senate": UPPER,
    "s": UPPER,
    "lower": LOWER,
    "house": LOWER,
    "assembly": LOWER,
    "h": LOWER,
    "a": LOWER,
    "legislature": LEGISLATURE,
    "joint": LEGISLATURE,
    "j": LEGISLATURE,
    "general court": LEGISLATURE,
    "unicameral": LEGISLATURE,
    "council": LEGISLATURE,
    "executive": EXECUTIVE,
    "governor": EXECUTIVE,
    "mayor": EXECUTIVE,
}

_PSEUDO_ID = re.compile(r'^~\{.*\}$')


class UnknownChamber(ValueError):
    """An actor spelling that maps to no chamber; the message names the value."""


def normalize_chamber(value: object, *, strict: bool = False) -> str | None:
    """Map any source's actor spelling to upper/lower/legislature/executive (None if empty).

    Accepts plain strings, pupa pseudo-ids (`~{"classification": "upper"}`) and Open States v3
    organization objects (`{"classification": "upper", ...}`). With strict=True an unknown
    spelling raises UnknownChamber naming it; otherwise it yields None, because an unknown actor
    should cost the stage machine one chamber hint, not the whole bill.
    """
    if value is None:
        return None
    if isinstance(value, dict):
        return normalize_chamber(value.get("classification") or value.get("chamber"), strict=strict)
    text = str(value).strip()
    if not text:
        return None
    if _PSEUDO_ID.match(text):
        try:
            obj = json.loads(text[1:])
        except json.JSONDecodeError as exc:
            raise UnknownChamber(f"unreadable organization pseudo-id {text!r}") from exc
        return normalize_chamber(obj, strict=strict)
    key = text.lower()
    if key in _ALIASES:
        return _ALIASES[key]
    if strict:
        raise UnknownChamber(f"unknown chamber {value!r}: expected one of {', '.join(CHAMBERS)}")
    return None


__all__ = ["is_bicameral"]  # re-exported: "how many houses" is asked with chambers in hand


def pseudo_id_fields(value: Any) -> dict[str, Any] | None:
    """The fields of a pupa pseudo-id (`~{"classification": "upper"}`); None if `value` is not one."""
    if not isinstance(value, str) or not _PSEUDO_ID.match(value.strip()):
        return None
    try:
        obj = json.loads(value.strip()[1:])
    except json.JSONDecodeError:
        return None
    return obj if isinstance(obj, dict) else None


def organization_classification(org: Any) -> str | None:
    """The organization classification behind a pupa pseudo-id, a v3 organization object or a name.

    Unlike normalize_chamber this keeps committees and joint bodies apart ("committee", "joint"):
    the bill record stores what the source said, the stage machine reads the chamber.
    """
    if org is None:
        return None
    if isinstance(org, dict):
        c = org.get("classification")
        return c if isinstance(c, str) else None
    fields = pseudo_id_fields(org)
    if fields is not None:
        c = fields.get("classification")
        return c if isinstance(c, str) else None
    if isinstance(org, str) and org.strip().startswith("~"):
        return None
    low = str(org).strip().lower()
    if low in ORGANIZATION_CLASSIFICATIONS:
        return low
    return {"senate": UPPER, "house": LOWER, "assembly": LOWER, "s": UPPER, "h": LOWER, "a": LOWER}.get(low)


def pseudo_id(classification: str) -> str:
    """The pupa pseudo-id an Open States scrape file uses for a chamber: '~{"classification": "upper"}'."""
    return "~" + json.dumps({"classification": classification})


def other_chamber(chamber: str | None) -> str | None:
    """The other house of a two-house legislature (None for anything that is not a house)."""
    if chamber == UPPER:
        return LOWER
    if chamber == LOWER:
        return UPPER
    return None


# A chamber named in the action text: "passed Senate", "House concurred", "delivered to Assembly".
_TEXT_CHAMBER = re.compile(r"\b(senate|house|assembly)\b", re.IGNORECASE)
_DESTINATION = re.compile(
    r"\b(?:transmitted|delivered|sent|returned|messaged|forwarded)\s+to\s+(?:the\s+)?\(?(senate|house|assembly|s|h|a)\)?\b",
    re.IGNORECASE,
)


# Where a passage sends the bill is not who passed it: "Read the third time and passed and ordered
# transmitted to the Senate" (AR House), "Read third time. Passed. ... Ordered to the Assembly." (CA Senate),
# "Read in full – ADOPTED – voice vote ... Title apvd – to House" (ID Senate), "Read third time and
# returned to House with amendments" and "Adopted, returned to House with concurrence" (SC Senate),
# "Adopted, returned to House" (OK Senate)
_SENT_TO = re.compile(
    r"(?:\b(?:(?:ordered\s+)?(?:transmitted|delivered|sent|messaged|forwarded|returned)|ordered)|[\u2013\u2014;-])"
    r"\s*to\s+(?:the\s+)?(?:senate|house|assembly)\b",
    re.IGNORECASE,
)


def chamber_named_in(text: str) -> str | None:
    """The one house an action's text names as acting, or None when it names none or both. A house
    named only as where the bill is sent does not count: the stage machine reads this to know which
    house passed a bill, and "passed and ordered transmitted to the Senate" was passed by the House."""
    found = {_ALIASES[m.group(1).lower()] for m in _TEXT_CHAMBER.finditer(_SENT_TO.sub(" ", text))}
    return found.pop() if len(found) == 1 else None


def destination_chamber(text: str) -> str | None:
    """Where an action sends the bill ("TRANSMITTED TO (S)", "delivered to Senate"), else None."""
    m = _DESTINATION.search(text)
    return _ALIASES[m.group(1).lower()] if m else None
