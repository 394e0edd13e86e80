"""Reading action histories from each source into the one shape the stage machine reads.

Shape: a list of dicts {date, chamber, description} in the order the actions happened (oldest
first), chamber in the Open States spelling (statecare.legis.chambers). Sources:

- NY Open Legislation (the labels CSV's `actions` cell: `date|CHAMBER|TEXT ;; ...`),
- Open States bill JSON (`actions[]` with `organization_id` / `organization`),
- LegiScan bill JSON (`history[]`, whose `chamber` is often empty: the house is then followed
  from the bill's body through "TRANSMITTED TO (S)"-style actions).

Plus NY's own status -> stage table (documented in docs/nlp-actions.md), used to measure the
stage machine against what New York itself reports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from statecare.legis.chambers import (
    LOWER,
    UPPER,
    destination_chamber,
    normalize_chamber,
)
from statecare.nlp.actions.classifier import ActionClassifier, semantic_classifier
from statecare.nlp.actions.rules import state_setting
from statecare.nlp.stage.machine import Requirements, StageResult, derive_stage, requirements_for


class ActionSourceError(ValueError):
    """An action history that cannot be read; the message names the bill or the cell."""


# --------------------------------------------------------------------------- New York
def parse_ny_actions(cell: str, *, where: str = "actions") -> list[dict[str, str | None]]:
    """Split NY's `date|CHAMBER|TEXT ;; ...` cell into action dicts (chamber upper/lower)."""
    out: list[dict[str, str | None]] = []
    if not cell or not cell.strip():
        return out
    for n, part in enumerate(cell.split(" ;; "), start=1):
        part = part.strip()
        if not part:
            continue
        bits = part.split("|", 2)
        if len(bits) != 3:
            raise ActionSourceError(f"{where}: action #{n} is not 'date|CHAMBER|TEXT': {part!r}")
        date, chamber, text = bits
        out.append({"date": date.strip(), "chamber": normalize_chamber(chamber), "description": text.strip()})
    return out


# NY Open Legislation's BillStatusType -> stage. X = the bill's own house, Y = the other house.
# Status is where the bill is now, so "in the other house's committee" means it passed its own.
NY_STATUS_TABLE: dict[str, str] = {
    "INTRODUCED": "introduced",
    "IN_X_COMM": "in_committee",
    "X_FLOOR": "on_floor",
    "PASSED_X": "passed_one_chamber",
    "IN_Y_COMM": "passed_one_chamber",
    "Y_FLOOR": "passed_one_chamber",
    "PASSED_Y": "passed_both",
    "DELIVERED_TO_GOV": "sent_to_governor",
    "SIGNED_BY_GOV": "enacted",
    "POCKET_APPROVAL": "enacted",
    "VETOED": "vetoed",
    "STRICKEN": "withdrawn",
    "LOST": "failed",
    "ADOPTED": "passed_both",
    "SUBSTITUTED": "on_floor",
}
_NY_HOUSE = {"SENATE": UPPER, "ASSEMBLY": LOWER}


def ny_status_to_stage(status: str, bill_chamber: str) -> str:
    """NY's own status for a bill, mapped to `stage` through NY_STATUS_TABLE."""
    st = (status or "").strip().upper()
    own = _NY_HOUSE.get((bill_chamber or "").strip().upper())
    if own is None:
        raise ActionSourceError(f"NY bill chamber must be SENATE or ASSEMBLY, got {bill_chamber!r}")
    generic = st
    for name, house in _NY_HOUSE.items():
        tag = "X" if house == own else "Y"
        generic = generic.replace(name, tag)
    if generic not in NY_STATUS_TABLE:
        raise ActionSourceError(f"unknown NY status {status!r} (known: {', '.join(sorted(NY_STATUS_TABLE))})")
    return NY_STATUS_TABLE[generic]


# --------------------------------------------------------------------------- Open States
def openstates_actions(bill: Mapping[str, Any], state: str | None = None) -> list[dict[str, Any]]:
    """A pupa/Open States bill's actions, oldest first, with chamber and the source's own labels.

    Some pipelines store actions newest first (the CO fixture). A list whose dates mostly go down
    is reversed before a stable sort by date, so same-day actions keep their order; when the dates
    cannot tell (one date for everything), the state's file may say (`actions_order`).
    """
    raw = bill.get("actions")
    if raw is None:
        raise ActionSourceError(f"Open States bill {bill.get('identifier')!r} has no actions list")
    acts: list[dict[str, Any]] = []
    for a in raw:
        org = a.get("organization_id", a.get("organization", a.get("chamber")))
        acts.append({
            "date": str(a.get("date") or "")[:10],
            "chamber": normalize_chamber(org),
            "description": a.get("description") or "",
            "source_classification": list(a.get("classification") or []),
        })
    dates = [a["date"] for a in acts if a["date"]]
    down = sum(a > b for a, b in zip(dates, dates[1:], strict=False))
    up = sum(a < b for a, b in zip(dates, dates[1:], strict=False))
    st = state or _state_of(bill)
    if down > up or (down == up == 0 and state_setting(st, "actions_order") == "newest_first"):
        acts.reverse()
    acts.sort(key=lambda x: x["date"])
    return acts


def _state_of(bill: Mapping[str, Any]) -> str | None:
    juris = bill.get("jurisdiction")
    if isinstance(juris, Mapping):
        jid = str(juris.get("id") or juris.get("name") or "")
        if "state:" in jid:
            return jid.split("state:")[1][:2]
    jid = str(bill.get("jurisdiction_id") or "")
    if "state:" in jid:
        return jid.split("state:")[1][:2]
    proc = bill.get("_processing")
    if isinstance(proc, Mapping) and proc.get("state"):
        return str(proc["state"])[:2].lower()
    return None


def stage_for_openstates_bill(
    bill: Mapping[str, Any],
    *,
    state: str | None = None,
    classifier: ActionClassifier | None = None,
    use_source_labels: bool = False,
    session_ended: bool = False,
) -> StageResult:
    """Stage of an Open States bill, from statecare's own action labels (or the source's)."""
    st = (state or _state_of(bill) or "").lower() or None
    acts = openstates_actions(bill, st)
    clf = classifier or semantic_classifier()
    if use_source_labels:
        labels = [a["source_classification"] for a in acts]
    else:
        labels = clf.classify_actions([a["description"] for a in acts], st, [a["chamber"] for a in acts])
    for a, lab in zip(acts, labels, strict=True):
        a["classification"] = lab
    req = requirements_for(bill.get("classification"), identifier=bill.get("identifier"), state=st)
    origin = normalize_chamber(bill.get("from_organization"))
    return derive_stage(acts, bicameral=req.chambers == 2 or _bicameral(st), requirements=req,
                        origin=origin, session_ended=session_ended)


def _bicameral(state: str | None) -> bool:
    from statecare.legis.chambers import is_bicameral

    return is_bicameral(state)


# --------------------------------------------------------------------------- LegiScan
_LEGISCAN_BODY = {"H": LOWER, "A": LOWER, "S": UPPER}


def legiscan_actions(bill: Mapping[str, Any]) -> list[dict[str, Any]]:
    """LegiScan `history[]` as action dicts; an empty chamber is followed from the bill's body.

    LegiScan's dataset files often leave `chamber` blank. The bill starts in its `body`; an
    action that sends it elsewhere ("TRANSMITTED TO (S)") moves the following actions there.
    """
    b = bill.get("bill", bill)
    hist = b.get("history")
    if not isinstance(hist, list):
        raise ActionSourceError(f"LegiScan bill {b.get('bill_number')!r} has no history[] list")
    current = _LEGISCAN_BODY.get(str(b.get("body") or "").upper())
    out: list[dict[str, Any]] = []
    for h in hist:
        text = str(h.get("action") or "")
        ch = _LEGISCAN_BODY.get(str(h.get("chamber") or "").upper()) or current
        out.append({"date": str(h.get("date") or ""), "chamber": ch, "description": text})
        dest = destination_chamber(text)
        if dest is not None:
            current = dest
    return out


# LegiScan's bill.status -> stage, for checking derived stages against LegiScan's own.
LEGISCAN_STATUS_TABLE: dict[int, str] = {
    1: "introduced",  # Introduced (LegiScan does not track committee location in status)
    2: "passed_one_chamber",  # Engrossed
    3: "passed_both",  # Enrolled
    4: "enacted",  # Passed
    5: "vetoed",
    6: "failed",
}


def stage_for_legiscan_bill(
    bill: Mapping[str, Any], *, classifier: ActionClassifier | None = None, session_ended: bool = False
) -> StageResult:
    """Stage of a LegiScan bill from its history[] (state from the bill's `state`)."""
    b = bill.get("bill", bill)
    st = str(b.get("state") or "").lower() or None
    acts = legiscan_actions(b)
    clf = classifier or semantic_classifier()
    labels = clf.classify_actions([a["description"] for a in acts], st, [a["chamber"] for a in acts])
    for a, lab in zip(acts, labels, strict=True):
        a["classification"] = lab
    btype = str(b.get("bill_type") or "B").upper()
    req = Requirements(2 if _bicameral(st) else 1, True) if btype == "B" else requirements_for(
        None, identifier=str(b.get("bill_number") or ""), state=st
    )
    return derive_stage(acts, bicameral=_bicameral(st), requirements=req,
                        origin=_LEGISCAN_BODY.get(str(b.get("body") or "").upper()),
                        session_ended=session_ended)


def classify_and_stage(
    actions: Sequence[Mapping[str, Any]],
    *,
    state: str | None,
    requirements: Requirements | None = None,
    classifier: ActionClassifier | None = None,
    session_ended: bool = False,
    session_end: str | None = None,
    as_of: str | None = None,
) -> StageResult:
    """Classify a bill's actions (description + chamber) and run the stage machine over them."""
    clf = classifier or semantic_classifier()
    acts = [dict(a) for a in actions]
    labels = clf.classify_actions([str(a.get("description") or "") for a in acts], state,
                                  [a.get("chamber") for a in acts])
    for a, lab in zip(acts, labels, strict=True):
        a["classification"] = lab
    return derive_stage(acts, bicameral=_bicameral(state), requirements=requirements,
                        session_ended=session_ended, session_end=session_end, as_of=as_of)
