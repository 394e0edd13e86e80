"""What a kind of measure needs to be finished: how many houses pass it, and whether the governor acts.

A legislature fact, not an NLP one: the stage machine reads it to know when a bill has "passed
both", and the pages read it to say "Adopted" for a one-house resolution instead of "Passed both
chambers". Both read it here, so the label a page shows can never disagree with the stage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from statecare.legis.identifiers import identifier_prefix
from statecare.legis.states import is_bicameral


@dataclass(frozen=True)
class Requirements:
    """What a measure needs to be finished: how many houses, and whether the governor acts."""

    chambers: int = 2
    governor: bool = True


_ONE_HOUSE_PREFIXES = frozenset({"HR", "SR", "AR", "LR", "R", "HRES", "SRES", "J", "K"})
_ALL_HOUSES_NO_GOVERNOR = frozenset({"HJR", "SJR", "HCR", "SCR", "HJM", "SJM", "HM", "SM", "HCM", "SCM", "HJRES",
                                     "SJRES", "HCA", "SCA", "ACA", "AJR", "JR", "CR"})


def requirements_for(
    classification: Iterable[str] | None = None,
    *,
    identifier: str | None = None,
    state: str | None = None,
) -> Requirements:
    """Infer how many houses a measure needs and whether the governor acts on it.

    Open States' bill `classification` decides when present ("resolution" = one house,
    "joint resolution"/"concurrent resolution"/"memorial"/"joint memorial"/"constitutional
    amendment" = every house, no governor); otherwise the identifier's prefix (HR/SR one house;
    HJR, SJM, HCR ... every house). A unicameral state needs its one house.
    """
    houses = 2 if is_bicameral(state) else 1
    kinds = {c.strip().lower() for c in (classification or []) if isinstance(c, str)}
    from_identifier = _requirements_from_identifier(identifier, houses)
    if from_identifier is not None and (not kinds or kinds <= {"bill"}):
        # Open States sometimes files a joint resolution as "bill" (CO HJR 1002); the prefix decides
        return from_identifier
    if kinds:
        if kinds & {"bill", "appropriation"} and not kinds & {"resolution"}:
            return Requirements(houses, True)
        if "resolution" in kinds and not kinds & {"joint resolution", "concurrent resolution"}:
            return Requirements(1, False)
        if kinds & {"joint resolution", "concurrent resolution", "memorial", "joint memorial",
                    "constitutional amendment", "concurrent memorial"}:
            return Requirements(houses, False)
    return Requirements(houses, True)


def _requirements_from_identifier(identifier: str | None, houses: int) -> Requirements | None:
    """Requirements read from a resolution/memorial prefix (HR, SJM, HJR ...); None for bills."""
    p = identifier_prefix(identifier or "")
    if p in _ONE_HOUSE_PREFIXES:
        return Requirements(1, False)
    if p in _ALL_HOUSES_NO_GOVERNOR:
        return Requirements(houses, False)
    return None


def needs_no_governor(classification: Iterable[str] | None, identifier: str | None, state: str | None) -> bool:
    """True for resolutions and memorials: passing the houses they need is as far as they go."""
    return not requirements_for(list(classification or []), identifier=identifier, state=state).governor
