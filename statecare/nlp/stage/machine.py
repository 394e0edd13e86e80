"""Status stage: a small state machine from a bill's classified actions to statecare's `stage`.

In the spirit of unitedstates/congress `bill_info.parse_bill_action`: each action moves the bill,
and the stage after the last action is the bill's stage. The machine reads only Open States
categories (from statecare.nlp.actions) and who acted, so it works for any state whose actions the
classifier can read. Decisions worth knowing (each has a test in tests/nlp/test_status.py):

- The stage is where the bill *is*, not the furthest it got: a bill referred back to a committee
  of a house that had passed it (New York returns one-house bills to the house of origin at the
  start of the second year; a recall for amendment does the same) must pass that house again.
- A bill that failed (a lost vote, "died in Senate") comes back to life if a later action moves it
  again; withdrawn and vetoed bills do not, except a veto override, which enacts it.
- `passed_both` means "passed every house the measure needs": both houses of a two-house
  legislature, Nebraska's one house, or the one house a simple resolution needs. Measures that
  need no governor (resolutions, memorials, constitutional amendments) are then `complete`.
- `furthest` keeps the furthest milestone reached along the way, including one passed through
  inside a single action: a committee report that also refers the bill on ("reported favorably
  and referred to the committee on Ways and Means") reached the floor stage before the referral.
- When the session has ended (session_ended=True, or as_of >= session_end) a bill still short of
  passing every house it needs dies: stage `failed`, reason "session ended". A bill that has
  passed every house stays where it is, because governors sign (and NY delivers) after adjournment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from statecare.legis.chambers import (
    LEGISLATIVE_CHAMBERS,
    LEGISLATURE,
    chamber_named_in,
    normalize_chamber,
    other_chamber,
)
from statecare.legis.measures import Requirements, requirements_for  # noqa: F401 - the machine reads them
from statecare.legis.vocabulary import ALL_STAGES, END_STAGES, STAGES  # noqa: F401 - re-exported

_PROGRESS = frozenset({
    "referral-committee", "committee-passage", "committee-passage-favorable",
    "committee-passage-unfavorable", "reading-2", "reading-3", "passage",
})


_REPORTED_FAVORABLY = frozenset({"committee-passage-favorable"})


class StageInputError(ValueError):
    """Actions the state machine cannot read; the message names the action."""


@dataclass(frozen=True)
class StageResult:
    """The bill's stage, the date it got there, and the stage after every action (in input order)."""

    stage: str
    date: str | None
    stages: list[str] = field(default_factory=list)
    passed: tuple[str, ...] = ()
    complete: bool = False
    reason: str = ""
    furthest: str = "introduced"
    session_ended: bool = False

    @property
    def per_action(self) -> list[str]:
        """Alias of `stages` (the stage after each action), the name statecare classify uses."""
        return self.stages

    @property
    def description(self) -> str:
        """Alias of `reason`: the action (labels: text) that put the bill at its stage."""
        return self.reason


# a second or third reading named in an action's text ("read second time", "Read the second time",
# "Placed on Second Reading File", "3rd reading"), and a referral ("referred to", "Re-referred to
# Com. on APPR.", "Rereferred to Committee on Finance", "refer to")
_READING_WORDS = re.compile(r"\bread\s+(?:the\s+|a\s+)?(?:second|third|2nd|3rd)\b|"
                            r"\b(?:second|third|2nd|3rd)\s+(?:reading|consideration)\b", re.IGNORECASE)
# a reading only to amend ("Placed on second reading for the purpose of amendment.", Arkansas's way of
# amending a bill that stays in its committee): the bill does not move
_TO_AMEND = re.compile(r"\bfor\s+(?:the\s+)?purposes?\s+of\s+amend", re.IGNORECASE)
_REFERRAL_WORDS = re.compile(r"\b(?:re-?)?refer(?:red|s)?\b", re.IGNORECASE)


# The legislature writing the end of the session on the bill itself: Nevada records "(No further action
# taken.)" on every bill left unfinished the day after it adjourns sine die (all 216 of the 83rd
# session's, dated 2025-06-03, the day after its 2 June adjournment; the special session's on its last
# day). The bill died with the session, whatever its session's name says of the calendar (Nevada meets
# in odd years only). On a vetoed bill it is no more than the session's end (statecare.legis.vetoes).
_SESSION_END_WORDS = re.compile(r"(?:^|[\r\n])\s*\(?no further action taken\.?\)?\s*(?=$|[\r\n])", re.IGNORECASE)
# a deadline that kills the bill: "(Pursuant to Joint Standing Rule No. 14.3.1, no further action
# allowed.)" (Nevada's committee and floor deadlines), "(Pursuant to Nevada Constitution, no further
# action allowed.)"; a waiver of the deadline ("Waiver granted effective: April 14, 2025.") revives it
_NO_FURTHER_ACTION = re.compile(r"\bno further action (?:is )?(?:allowed|permitted)\b", re.IGNORECASE)
_WAIVER = re.compile(r"^\W*waiver granted\b", re.IGNORECASE)
# a house's vote passing the bill undone: "Action rescinded whereby the bill was read third time,
# passed, and to Assembly." (CA Senate), "Action rescinded whereby bill was read third time, passed,
# and ordered to the Senate." (CA Assembly); the house named as the destination is the other one
_RESCINDED_PASSAGE = re.compile(r"\brescinded\s+whereby\b[^;]*\bpassed\b", re.IGNORECASE)
_SENT_TO_HOUSE = re.compile(r"\b(?:ordered\s+)?to\s+(?:the\s+)?(senate|assembly|house)\b", re.IGNORECASE)
# the bill back at the desk of a house that had passed it ("In Assembly. Held at Desk.", CA): after
# both houses passed it, the house of origin returned it, as California does so that the other house
# can rescind its vote and amend (11 of the 12 such returns in the 2025-2026 recording that were
# followed by anything were followed by "Action rescinded whereby ... passed"); it is ordered on
# ("Ordered to the Senate.") when that house lets its vote stand
_HELD_AT_DESK = re.compile(r"\bheld at (?:the )?desk\b", re.IGNORECASE)
_ORDERED_ON = re.compile(r"\b(?:ordered|returned|transmitted|sent)\s+to\s+(?:the\s+)?(senate|assembly|house)\b(?!\s+com)",
                         re.IGNORECASE)
_HOUSE_WORD = {"senate": "upper", "assembly": "lower", "house": "lower"}


def rescinded_house(desc: str, actor: str | None) -> str | None:
    """The house whose passing vote an action rescinds, or None when it rescinds no passage: the
    house other than the one the text sends the bill to, else the actor."""
    if not _RESCINDED_PASSAGE.search(desc):
        return None
    sent = _SENT_TO_HOUSE.search(desc.split("whereby", 1)[-1])
    return other_chamber(_HOUSE_WORD[sent.group(1).lower()]) if sent else actor


def referred_after_reading(desc: str) -> bool:
    """Whether an action that is both a reading and a referral ends in committee: its text names the
    referral after the last reading ("Read first time, rules suspended, read second time, referred
    to AGRICULTURE ...", "Read second time and amended. Re-referred to Com. on APPR."), or names no
    reading at all. "Referred to Committee on Revenue ... From committee: Do pass. Placed on Second
    Reading File." names the reading last: the bill is on the floor."""
    refs = [m.start() for m in _REFERRAL_WORDS.finditer(desc)]
    if not refs:
        return False
    reads = [m.start() for m in _READING_WORDS.finditer(desc)]
    return not reads or refs[-1] > reads[-1]


def _labels_of(action: Mapping[str, Any], i: int) -> frozenset[str]:
    raw = action.get("classification", action.get("labels"))
    if raw is None:
        return frozenset()
    if isinstance(raw, str):
        return frozenset(p for p in raw.split("|") if p)
    if isinstance(raw, (list, tuple, set, frozenset)):
        return frozenset(str(x) for x in raw)
    raise StageInputError(f"action #{i + 1}: classification must be a list of labels, got {raw!r}")


def _session_over(session_ended: bool, session_end: str | None, as_of: str | None, last_date: str | None) -> bool:
    if session_ended:
        return True
    if session_end:
        ref = as_of or last_date
        return bool(ref) and str(ref)[:10] >= str(session_end)[:10]
    return False


def derive_stage(
    actions: Sequence[Mapping[str, Any]],
    *,
    bicameral: bool = True,
    requirements: Requirements | None = None,
    origin: str | None = None,
    session_ended: bool = False,
    session_end: str | None = None,
    as_of: str | None = None,
) -> StageResult:
    """Run the state machine over a bill's actions, in the order given (oldest first).

    Each action is a mapping with `classification` (Open States labels), `chamber` (any spelling
    statecare.legis.chambers understands; Open States' `organization_id` is accepted too),
    optionally `date` and `description` (used only to read which house a "House passed ..."
    message names). `requirements` defaults to a bill of a two-house legislature (one house if
    bicameral=False). `origin` is the house of origin when the first actions do not show it.
    """
    req = requirements or Requirements(2 if bicameral else 1, True)
    need = max(1, min(req.chambers, 2 if bicameral else 1))
    passed: list[str] = []
    location: str | None = None  # introduced | in_committee | on_floor, in the current house
    current: str | None = normalize_chamber(origin)
    executive: str | None = None  # sent_to_governor | enacted | vetoed
    end: str | None = None  # withdrawn | failed
    stage_date: str | None = None
    reason = ""
    stages: list[str] = []
    prev_stage: str | None = None
    last_date: str | None = None
    interim: list[str] = []  # stages passed through inside one action (count for `furthest` only)
    returned: str | None = None  # a house that had passed the bill and has it back at its desk
    ended_on: str | None = None  # the bill's own record of its session's end (NV "No further action taken")

    def house(ch: str | None) -> str | None:
        if not bicameral:
            return LEGISLATURE
        return ch if ch in LEGISLATIVE_CHAMBERS else current

    for i, action in enumerate(actions):
        if not isinstance(action, Mapping):
            raise StageInputError(f"action #{i + 1} is not a mapping: {action!r}")
        labels = _labels_of(action, i)
        actor = normalize_chamber(action.get("chamber", action.get("organization_id", action.get("organization"))))
        desc = str(action.get("description") or "")
        date = action.get("date")
        if date:
            last_date = str(date)
        ch = house(actor)
        if current is None and ch in LEGISLATIVE_CHAMBERS | {LEGISLATURE}:
            current = ch

        # cheap checks before the regular expressions: most actions name none of these words (the
        # words' tails in lower and upper case, so "Rescinded", "RESCIND", "Held at Desk" all pass)
        undone = (rescinded_house(desc, ch) if ("escind" in desc or "ESCIND" in desc) and bicameral
                  and executive is None else None)
        if undone in passed:
            passed.remove(undone)  # the house's passing vote rescinded: it is back on its floor
            current, location, returned = undone, "on_floor", None
        if (bicameral and need > 1 and executive is None and ch is not None and len(passed) >= need and passed[-1] == ch
                and "passage" not in labels and ("esk" in desc or "ESK" in desc) and _HELD_AT_DESK.search(desc)):
            passed.remove(ch)  # returned to the house that passed it last, to reconsider its vote
            current, location, returned = ch, "on_floor", ch
        elif returned is not None and ch == returned and returned not in passed:
            sent = _ORDERED_ON.search(desc)
            if sent and _HOUSE_WORD[sent.group(1).lower()] == other_chamber(returned):
                passed.append(returned)  # sent on with its vote standing
                returned = None
        if labels & {"introduction", "filing", "reading-1", "receipt"} and location is None:
            location = "introduced"
            if ch is not None:
                current = ch
        if labels & _PROGRESS and end == "failed":
            end = None  # moved again after a lost vote or "died in" (NY's new-year return)
        if "referral-committee" in labels and ch is not None:
            if labels & _REPORTED_FAVORABLY and ch not in passed:
                # "reported favorably and referred to the committee on X", "do pass and re-refer to
                # Appropriations": the bill left a committee (on_floor) on its way to the next one
                interim.append(_stage(executive, end, passed, need, "on_floor"))
            if ch in passed and executive is None and not (need > 1 and len(passed) >= need and ch == passed[0]):
                # back before a house that had passed it: it must pass again ("Referred to Finance" after
                # NH's vote, ND's "Rereferred to Appropriations"). Once every house has passed it, the
                # house that passed it first refers the other house's amendments, for concurrence
                # ("Re-referred to Com. on RLS. pursuant to Senate Rule 29.10(d).", CA; PA's "Referred to
                # Rules", AR, NC, IL): both votes stand
                passed.remove(ch)
            current, location = ch, "in_committee"
        elif labels & {"committee-passage", "committee-passage-favorable", "committee-passage-unfavorable"}:
            if ch is not None:
                current = ch
            location = "on_floor"
        if (labels & {"reading-2", "reading-3"} and "passage" not in labels and ch is not None
                and not ("referral-committee" in labels and referred_after_reading(desc))
                and not _TO_AMEND.search(desc)):
            if ch in passed and executive is None and len(passed) < need:
                passed.remove(ch)  # restored to third reading / returned to the floor of origin
            if ch not in passed:
                current, location = ch, "on_floor"
        if "passage" in labels:
            named = chamber_named_in(desc) if bicameral else None
            pch = named or ch or current
            if pch is not None and pch not in passed:
                passed.append(pch)
            end = None
            nxt = other_chamber(pch) if bicameral else None
            if nxt is not None and nxt not in passed:
                current, location = nxt, None
        if "withdrawal" in labels and executive is None:
            end = "withdrawn"
        if labels & {"failure", "committee-failure"} and executive is None and end is None:
            end = "failed"
        if labels & {"executive-signature", "became-law", "executive-veto-line-item"}:
            if executive != "vetoed" or labels & {"became-law"}:
                executive = "enacted"
        if "executive-veto" in labels and executive != "enacted":
            executive = "vetoed"
        if "veto-override-passage" in labels:
            executive = "enacted"
        further = "urther" in desc or "URTHER" in desc
        if further and executive is None and end is None and _NO_FURTHER_ACTION.search(desc):
            end = "failed"  # a deadline passed: the bill is dead unless a waiver revives it
        if end == "failed" and _WAIVER.search(desc):
            end = None
        if further and ended_on is None and _SESSION_END_WORDS.search(desc):
            ended_on = str(date) if date else (last_date or "")
        if "executive-receipt" in labels and executive is None:
            executive = "sent_to_governor"
        if labels & {"executive-receipt", "executive-signature", "became-law", "executive-veto"}:
            # the governor only acts on a bill that passed every house it needs
            for h in ([LEGISLATURE] if not bicameral else ["upper", "lower"])[: need]:
                if h not in passed:
                    passed.append(h)
            end = None

        stage = _stage(executive, end, passed, need, location)
        stages.append(stage)
        if stage != prev_stage:
            stage_date = str(date) if date else stage_date
            reason = f"{'|'.join(sorted(labels)) or 'no label'}: {desc}".strip()
            prev_stage = stage

    final = stages[-1] if stages else "introduced"
    complete = final == "enacted" or (not req.governor and final == "passed_both")
    over = _session_over(session_ended, session_end, as_of, last_date)
    if final in STAGES[:4] and (over or ended_on is not None):
        final, reason = "failed", "session ended"
        stage_date = ended_on or (str(session_end) if session_end else stage_date)
    over = over or ended_on is not None
    return StageResult(
        stage=final,
        date=stage_date,
        stages=stages,
        passed=tuple(passed),
        complete=complete,
        reason=reason,
        furthest=furthest_milestone(stages + interim),
        session_ended=over,
    )


def milestone(stage: str | None) -> str | None:
    """The progress a stage stands for: a veto means the bill reached the governor; an end
    (failed, withdrawn) stands for no progress of its own."""
    if stage == "vetoed":
        return "sent_to_governor"
    return stage if stage in STAGES else None


def furthest_milestone(stages: Iterable[str]) -> str:
    """The furthest milestone reached along the way, kept even when the bill later died."""
    reached = [m for m in (milestone(s) for s in stages) if m is not None]
    return max(reached, key=STAGES.index) if reached else "introduced"


def _stage(executive: str | None, end: str | None, passed: list[str], need: int, location: str | None) -> str:
    if executive in ("enacted", "vetoed"):
        return executive
    if end is not None:
        return end
    if executive == "sent_to_governor":
        return "sent_to_governor"
    if len(passed) >= need:
        return "passed_both"
    if passed:
        return "passed_one_chamber"
    return location or "introduced"


def stage_rank(stage: str) -> int:
    """Position of a stage in the progression (ends rank after enacted), for sorting and filters."""
    try:
        return ALL_STAGES.index(stage)
    except ValueError as exc:
        raise ValueError(f"unknown stage {stage!r}; expected one of {', '.join(ALL_STAGES)}") from exc
