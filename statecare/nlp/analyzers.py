"""The seam between `statecare classify` and the NLP stages.

classify.py orchestrates database work; each function here runs one stage on plain values, so a
stage can be retrained or replaced without touching the orchestration, and the orchestration can
be tested with the real models.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from statecare.db.models import Bill

# policy types whose text is read for provisions: the relevant four and the near misses, whose
# details (a public-option study's premium cap, an Essential Plan expansion) readers compare
PROVISION_TYPES = frozenset(
    {"single_payer", "public_option", "universal_coverage_study", "federal_resolution", "other_health_coverage"}
)
_NLP_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ActionLabels:
    """One action's labels: `categories` as Open States would give them in that state (stored),
    `semantic` saying what happened (read by the stage machine), and the committee it names."""

    categories: tuple[str, ...]
    semantic: tuple[str, ...]
    committee: str | None


@cache
def model_version() -> str:
    """One version string for the whole analysis: stage versions plus a digest of shipped weights/rules.

    A retrained model or edited rule file changes it, and classify then re-runs every bill.
    """
    from statecare.nlp import policy_type, provisions

    h = hashlib.sha256()
    for sub in ("models", "rules"):
        for f in sorted((_NLP_DIR / sub).rglob("*")):
            if f.is_file():
                h.update(f.relative_to(_NLP_DIR).as_posix().encode())
                h.update(f.read_bytes())
    for mod in ("actions", "actions_rules", "status", "policy_type", "provisions", "provisions_patterns", "scorecard"):
        src = _NLP_DIR / f"{mod}.py"
        if src.exists():
            h.update(src.read_bytes())
    return f"{policy_type.MODEL_VERSION}+{provisions.MODEL_VERSION}+{h.hexdigest()[:10]}"


def classify_actions(descriptions: Sequence[str], state: str | None,
                     chambers: Sequence[str | None]) -> list[ActionLabels]:
    """Both label sets for a bill's actions.

    A state's "convention" rules reproduce Open States' labelling habits there (WA's "Third
    reading, passed" is reading-3 only), which is what users comparing with Open States expect to
    see stored; the stage machine instead needs what the action means, so it reads the semantic set.
    """
    from statecare.nlp.actions import default_classifier, extract_committees, semantic_classifier

    descs, chs = list(descriptions), list(chambers)
    stored = default_classifier().classify_actions(descs, state, chs)
    meaning = semantic_classifier().classify_actions(descs, state, chs)
    committees = extract_committees(descs)
    return [ActionLabels(tuple(a), tuple(b), com) for a, b, com in zip(stored, meaning, committees, strict=True)]


_YEAR = re.compile(r"(?:19|20)\d{2}")


def session_end(state: str, session: str) -> str | None:
    """The last day a session can act, when the session name tells (None when it does not).

    Open States names most sessions by their years ("2025-2026", "20252026", "2025S1"); NY's own
    records use the first year of a two-year session ("2019"); Massachusetts and New Jersey number
    their legislatures (MA "194th" = 2025-2026, NJ "222" = 2026-2027).
    """
    years = [int(y) for y in _YEAR.findall(session)]
    if years:
        last = max(years)
        if state == "ny" and len(years) == 1 and last % 2 == 1:
            last += 1
        return f"{last}-12-31"
    m = re.match(r"^(\d{3})", session)
    if m:
        n = int(m.group(1))
        if state == "ma":
            return f"{2 * n + 1637 + 1}-12-31"
        if state == "nj":
            return f"{2 * n + 1582 + 1}-12-31"
    return None


def derive_stage(bill: Bill, labels: Sequence[ActionLabels], *, as_of: str | None = None) -> StageOutcome:
    """Stage from the classified actions; a bill still short of the end when its session is over died."""
    from statecare.nlp.chambers import is_bicameral
    from statecare.nlp.status import derive_stage as _derive
    from statecare.nlp.status import requirements_for

    actions = [
        {"classification": list(lab.semantic), "chamber": a.organization, "date": a.date,
         "description": a.description}
        for a, lab in zip(bill.actions, labels, strict=True)
    ]
    # the machine reads history oldest first; some sources list it newest first (Colorado's Open
    # States records): such a list is read backwards, anything else sorted by date (stable)
    dates = [str(a["date"] or "")[:10] for a in actions]
    if dates != sorted(dates) and dates == sorted(dates, reverse=True):
        order = list(range(len(actions)))[::-1]
    else:
        order = sorted(range(len(actions)), key=lambda i: dates[i])
    req = requirements_for(list(bill.classification or []), identifier=bill.identifier, state=bill.state)
    end = session_end(bill.state, bill.legislative_session)
    ls = (bill.extras or {}).get("legiscan_session")
    if end is None and isinstance(ls, dict) and str(ls.get("year_end") or "").isdigit():
        end = f"{ls['year_end']}-12-31"
    result = _derive(
        [actions[i] for i in order], bicameral=is_bicameral(bill.state), requirements=req,
        origin=bill.from_organization, session_end=end, as_of=as_of or date.today().isoformat(),
    )
    per_action = [""] * len(actions)
    for pos, i in enumerate(order):
        if pos < len(result.stages):
            per_action[i] = result.stages[pos]
    moved = _moving_action([actions[i] for i in order], result.stages)
    return StageOutcome(result.stage, result.date, per_action, moved)


@dataclass(frozen=True)
class StageOutcome:
    """The stage, its date, the stage after each action (in stored order) and the action text that
    put the bill at its stage (for events and digests: words, not labels)."""

    stage: str
    date: str | None
    per_action: list[str]
    description: str


def _moving_action(actions: Sequence[dict[str, Any]], stages: Sequence[str]) -> str:
    last = ""
    prev = None
    for a, st in zip(actions, stages, strict=False):
        if st != prev:
            last = str(a.get("description") or "")
        prev = st
    return last


def policy_type(title: str, abstracts: Sequence[str], text: str | None, identifier: str,
                classification: Sequence[str]) -> tuple[str, float]:
    from statecare.nlp.policy_type import classify_bill

    return classify_bill(title, abstracts, text, identifier=identifier, classification=classification)


def provisions(text: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Provisions (as dicts with exact offsets into `text`) and the design scorecard."""
    from statecare.nlp.provisions import extract_provisions
    from statecare.nlp.scorecard import build_scorecard

    found = extract_provisions(text)
    return [p.as_dict() for p in found], build_scorecard(text, found)


def find_links(bills: Sequence[Bill]) -> list[tuple[int, int, str]]:
    """(bill id, related bill id, relation) for companions and prior-session reintroductions."""
    from statecare.nlp.related import BillRecord, link_bills, norm_id

    records = []
    ids: dict[tuple[str, str, str], int] = {}
    for b in bills:
        text = next((v.text for v in reversed(b.versions) if v.text), None)
        same = [f"{r.identifier}-{r.legislative_session or b.legislative_session}"
                for r in b.related_bills if r.relation_type == "companion"]
        prev = [f"{r.identifier}-{r.legislative_session}" for r in b.related_bills
                if r.relation_type in ("prior-session", "replaces") and r.legislative_session
                and r.legislative_session != b.legislative_session]
        rec = BillRecord(state=b.state, session=b.legislative_session, identifier=b.identifier, title=b.title,
                         sponsors=[s.name for s in b.sponsorships], text=text[:200_000] if text else None,
                         same_as=same, previous_versions=prev, chamber=b.from_organization)
        records.append(rec)
        ids[(b.state, b.legislative_session, norm_id(b.identifier))] = b.id
    out = []
    for link in link_bills(records):
        if not link.resolved:
            continue
        a, o = ids.get(link.bill), ids.get(link.other)
        if a is not None and o is not None:
            out.append((a, o, link.relation_type))
    return out
