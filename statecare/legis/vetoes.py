"""Whether a vetoed bill's veto can still be overridden, read from what the legislature recorded.

A veto is not always the end: the legislature may override it, and until then the bill page offers
to email its followers when that happens. But legislatures record the moment a veto becomes final,
and a page that keeps offering an override after it misleads: California strikes a vetoed bill from
the file when the 60 days to reconsider it pass ("Stricken from file.", CA AB 1032 of 2025-2026);
others record that the override failed or the veto was sustained (Montana's "Veto Override Failed
in Legislature", South Dakota's "Delivered veto sustained to the Secretary of State", Alaska's
"GOVERNOR VETO SUSTAINED", New Hampshire's "... Veto Sustained, lacking two-thirds", Idaho's
"Senate vote to override vetoFAILED"), that the bill died at adjournment (Arkansas's "Died in
Senate at Sine Die adjournment.") or that there was no chance to reconsider (Kansas's "The
Legislature having adjourned sine die ..., there was no opportunity to reconsider"). A session
that is over ends the chance too (the stage machine's stored `stage_session_ended`), except where
the constitution returns a veto made after adjournment to the legislature's next session, which may
still override it (Maryland, Art. II sec. 17; Nevada, Art. 4 sec. 35): there only a recorded action
is final, and Nevada's "(No further action taken.)" -- the day-after-sine-die line Nevada writes on every
bill left unfinished, which the stage machine reads as the session's end -- is not. Nor does the end of
the session close an override vote still being taken: Montana polls its members by mail on a veto
made after (or too late in) the session (Const. Art. VI sec. 10; "(H) Veto Override Vote Mail Poll in
Progress", then "(H) Veto Override Failed in Legislature" or "(H) Veto Overridden by Legislature",
up to ten weeks after adjournment in the 2025 recording): a poll is not a death, and until its result
is recorded the veto may still be overridden.

Plain functions on plain values: the site, the API and the digest share them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from statecare.legis.chronology import oldest_first

VETO = "executive-veto"
# states whose next session may override a veto of a session that is over
VETO_RETURNED_TO_NEXT_SESSION = frozenset({"md", "nv"})
# categories (Open States' or statecare's) that end a veto's life when they follow it
_FINAL_CATEGORIES = frozenset({"veto-override-failure", "failure"})
_FINAL_WORDS = re.compile(
    r"stricken\s+from\s+(?:the\s+)?file"
    r"|veto(?:es)?\s+(?:was\s+|is\s+)?sustained"
    r"|override\s*(?:of\s+(?:the\s+)?(?:governor'?s\s+)?veto\s*)?failed"
    r"|override\s+veto\s*failed"
    r"|failed\s+to\s+override"
    r"|veto\s+not\s+overridden"
    r"|no\s+opportunity\s+to\s+reconsider",
    re.IGNORECASE,
)
# an override vote under way, which the session's end does not stop ("Veto Override Vote Mail Poll in
# Progress", "Veto Override Vote Mail Poll Letter Being Prepared", Montana)
_OVERRIDE_UNDER_WAY = re.compile(r"\bmail\s+poll\b|\boverride\s+(?:vote\s+)?poll\b", re.IGNORECASE)


@dataclass(frozen=True)
class VetoEnd:
    """What made the veto final: the action's words and date (empty for a session that ended)."""

    description: str
    date: str
    session_ended: bool = False


def _categories(action: Any) -> set[str]:
    cats: set[str] = set()
    for name in ("nlp_classification", "classification"):
        cats.update(str(c) for c in (getattr(action, name, None) or []))
    return cats


def is_final_after_veto(description: str, categories: Iterable[str] = ()) -> bool:
    """Whether an action recorded after a veto says the veto stands for good."""
    return bool(_FINAL_CATEGORIES & set(categories)) or bool(_FINAL_WORDS.search(description or ""))


def veto_end(actions: Sequence[Any], session_ended: bool | None = False, state: str | None = None) -> VetoEnd | None:
    """What ended the chance to override the bill's latest veto, or None while it may still be overridden.

    `actions` are the bill's actions (objects with `date`, `description` and `classification` /
    `nlp_classification`) in stored order; `session_ended` is the stored outcome's flag. The last
    final action is named (South Dakota records the failed vote, then "Delivered veto sustained to
    the Secretary of State"). A bill with no recorded veto returns None."""
    ordered = [actions[i] for i in oldest_first([getattr(a, "date", None) for a in actions])]
    last = max((i for i, a in enumerate(ordered) if VETO in _categories(a)), default=None)
    if last is None:
        return None
    final = [a for a in ordered[last + 1:] if is_final_after_veto(str(a.description or ""), _categories(a))]
    if final:
        return VetoEnd(" ".join(str(final[-1].description).split()), str(final[-1].date or "")[:10])
    if any(_OVERRIDE_UNDER_WAY.search(str(a.description or "")) for a in ordered[last + 1:]):
        return None  # the legislature is still voting on the override, session over or not
    if session_ended and (state or "").lower() not in VETO_RETURNED_TO_NEXT_SESSION:
        return VetoEnd("", "", session_ended=True)
    return None
