"""A stored bill's stage: its actions' meanings in date order -> the stage machine's whole outcome.

This is where `statecare classify` computes `stage` (README and DESIGN point here): the machine
itself (machine.py) reads plain action dicts; this module puts a stored bill's actions in the order
the machine needs, supplies the legislature facts it asks for (how many houses the measure needs,
when the session ends) and returns everything the pages, feeds and digest show, so none of them
derives it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from statecare.legis.chambers import is_bicameral
from statecare.legis.chronology import oldest_first
from statecare.legis.governor_dates import act_date
from statecare.legis.measures import requirements_for
from statecare.legis.sessions import session_end
from statecare.nlp.actions.bill import ActionLabels
from statecare.nlp.stage.machine import derive_stage as _derive

if TYPE_CHECKING:
    from statecare.db.models import Bill


@dataclass(frozen=True)
class StageOutcome:
    """The machine's whole outcome for one bill, as stored with it.

    `stage` is where the bill is; `furthest` the furthest milestone it reached even if it later died
    ("passed the House, died in the Senate"); `chambers_passed` the houses that passed it;
    `session_ended` whether its session is over; `reason` the action's words that put it at its
    stage (for events and digests: words, not labels); `per_action` the stage after each action in
    stored order.
    """

    stage: str
    date: str | None
    per_action: list[str]
    description: str
    furthest: str = "introduced"
    chambers_passed: tuple[str, ...] = ()
    session_ended: bool = False
    reason: str = ""


# the governor's acts, whose day the words often name (statecare.legis.governor_dates)
_GOVERNOR_ACTS = frozenset({"executive-receipt", "executive-signature", "executive-veto",
                            "executive-veto-line-item", "became-law"})


def bill_session_end(bill: Bill) -> str | None:
    """When the bill's session ends: from its name, or LegiScan's session years when it has them."""
    end = session_end(bill.state, bill.legislative_session)
    ls = (bill.extras or {}).get("legiscan_session")
    if end is None and isinstance(ls, dict) and str(ls.get("year_end") or "").isdigit():
        end = f"{ls['year_end']}-12-31"
    return end


def bill_stage(bill: Bill, labels: Sequence[ActionLabels], *, as_of: str | None = None) -> StageOutcome:
    """Stage from the classified actions; a bill still short of the end when its session is over died."""
    actions = [
        {"classification": list(lab.semantic), "chamber": a.organization, "date": a.date,
         "description": a.description}
        for a, lab in zip(bill.actions, labels, strict=True)
    ]
    order = oldest_first([a.get("date") for a in actions])
    for d, act, lab in zip(actions, bill.actions, labels, strict=True):
        if set(lab.semantic) & _GOVERNOR_ACTS:
            # the day the governor acted, where the words name it (VT S 197: recorded 2026-05-29,
            # "Signed by Governor on June 18, 2026"); ordered by the recorded day, as before
            d["date"] = act_date(act.description or "", act.date)
    req = requirements_for(list(bill.classification or []), identifier=bill.identifier, state=bill.state)
    result = _derive(
        [actions[i] for i in order], bicameral=is_bicameral(bill.state), requirements=req,
        origin=bill.from_organization, session_end=bill_session_end(bill),
        as_of=as_of or date.today().isoformat(),
    )
    per_action = [""] * len(actions)
    for pos, i in enumerate(order):
        if pos < len(result.stages):
            per_action[i] = result.stages[pos]
    moved = _moving_action([actions[i] for i in order], result.stages)
    reason = _reason_in_words(result.stage, result.furthest, result.passed, moved, result.reason)
    return StageOutcome(result.stage, result.date, per_action, moved, furthest=result.furthest,
                        chambers_passed=tuple(result.passed), session_ended=result.session_ended, reason=reason)


_HOUSE_WORDS = {"upper": "Senate", "lower": "House", "legislature": "legislature"}


def _reason_in_words(stage: str, furthest: str, passed: Sequence[str], moved: str, machine_reason: str) -> str:
    """Why the bill is at its stage, in words a reader can check against the actions."""
    if machine_reason == "session ended":
        if passed:
            houses = " and ".join(_HOUSE_WORDS.get(h, h) for h in passed)
            return f"passed the {houses}; the session ended before it went further"
        where = "in committee" if furthest == "in_committee" else "before passing a chamber"
        return f"the session ended with the bill {where}"
    return moved


def _moving_action(actions: Sequence[dict[str, Any]], stages: Sequence[str]) -> str:
    last = ""
    prev = None
    for a, st in zip(actions, stages, strict=False):
        if st != prev:
            last = str(a.get("description") or "")
        prev = st
    return last
