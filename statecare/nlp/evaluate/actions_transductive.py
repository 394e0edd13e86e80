"""A transductive measurement: infer one of a never-seen state's label conventions from that
state's OWN UNLABELLED actions, and score the result with the national leave-one-state-out.

The convention tried (issue 11, third round) is the one that splits the states most: whether a
bill's filing or first reading is its `introduction`. Open States labels "Filed" (AR, NC) or
"First Reading" (OK) or "Read first time and referred" (VT) as the introduction in some states
and as nothing in others (FL, AL, AZ, AK, WA, IN). The signal inferred from the unlabelled
actions is whether the state's bills carry an introduction line of their own at all: if the
general rules read an introduction in fewer than `threshold` of its bills, the state is taken to
introduce bills by filing or first reading, and each bill's first action that reads as a filing or
a first reading is labelled `introduction` too. Gold labels are used only for scoring.

This is measurement code (statecare.nlp.evaluate is never imported by production code). The
measured result is in docs/nlp-actions.md ("Third round"): it lowers pooled F1, so it is not in
the production classifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from statecare.nlp.actions.classifier import ActionClassifier
from statecare.nlp.actions.labelled import LabelledAction
from statecare.nlp.actions.rules import KEY_LABELS
from statecare.nlp.evaluate.actions import Scores, score
from statecare.nlp.evaluate.actions_loso import iter_national_actions

FIRST_STEP_LABELS = frozenset({"filing", "reading-1"})


@dataclass(frozen=True)
class IntroductionProfile:
    """What a state's unlabelled bills say about its introduction convention."""

    bills: int
    share_with_introduction: float  # bills with an action the general rules read as introduction
    first_step_is_introduction: bool


def infer_introduction_profile(bill_labels: Sequence[Sequence[Sequence[str]]], *, threshold: float = 0.05
                               ) -> IntroductionProfile:
    """From the rules' labels of every action of every bill of ONE state (no gold), decide whether
    the state introduces bills by their filing or first reading (no introduction line of its own)."""
    n = len(bill_labels)
    with_intro = sum(1 for acts in bill_labels if any("introduction" in a for a in acts))
    share = with_intro / n if n else 0.0
    return IntroductionProfile(n, share, n > 0 and share < threshold)


def apply_first_step_introduction(labels: Sequence[Sequence[str]]) -> list[list[str]]:
    """One bill's labels (in action order) with its first filing / first reading also `introduction`."""
    out = [list(a) for a in labels]
    for a in out:
        if FIRST_STEP_LABELS & set(a):
            if "introduction" not in a:
                a.append("introduction")
            break
    return out


@dataclass
class TransductiveFold:
    """One never-seen state: its inferred profile and key-label scores without and with it."""

    state: str
    n: int
    profile: IntroductionProfile
    rules: Scores
    transductive: Scores


def _state_bills(root: Path) -> dict[str, dict[tuple[str, str], list[tuple[int, int, str, str]]]]:
    """state -> (session, bill) -> [(order, csv line, description, chamber)] in action order."""
    out: dict[str, dict[tuple[str, str], list[tuple[int, int, str, str]]]] = {}
    for st, line, r in iter_national_actions(root):
        bill = out.setdefault(st, {}).setdefault((r.get("session") or "", r.get("bill") or ""), [])
        bill.append((int(r.get("order") or len(bill)), line, r.get("description") or "", r.get("chamber") or ""))
    for bills in out.values():
        for acts in bills.values():
            acts.sort()
    return out


def national_transductive_introduction(
    root: str | Path,
    rows: Sequence[LabelledAction],
    *,
    threshold: float = 0.05,
    labels: Sequence[str] | None = None,
) -> tuple[list[TransductiveFold], Scores, Scores]:
    """Score the sampled `rows` (load_national_actions) of each state as never seen, by the general
    rules and by the rules plus the introduction convention inferred from all of that state's
    actions in `root` (unlabelled: descriptions and chambers only). Returns folds and pooled scores."""
    key = list(labels) if labels is not None else list(KEY_LABELS)
    clf = ActionClassifier(use_state_rules=False)
    bills_by_state = _state_bills(Path(root))
    sampled: dict[str, dict[tuple[str, int], LabelledAction]] = {}
    for r in rows:
        sampled.setdefault(r.state, {})[(r.session, r.line)] = r
    folds: list[TransductiveFold] = []
    g_all: list[frozenset[str]] = []
    r_all: list[list[str]] = []
    t_all: list[list[str]] = []
    for st in sorted(sampled):
        bills = bills_by_state.get(st, {})
        predicted = {b: clf.classify_actions([a[2] for a in acts], st, [a[3] for a in acts]) for b, acts in bills.items()}
        profile = infer_introduction_profile(list(predicted.values()), threshold=threshold)
        gold: list[frozenset[str]] = []
        base: list[list[str]] = []
        trans: list[list[str]] = []
        for b, acts in bills.items():
            p = predicted[b]
            q = apply_first_step_introduction(p) if profile.first_step_is_introduction else p
            for i, a in enumerate(acts):
                row = sampled[st].get((b[0], a[1]))
                if row is not None:
                    gold.append(row.labels)
                    base.append(list(p[i]))
                    trans.append(list(q[i]))
        folds.append(TransductiveFold(st, len(gold), profile, score(gold, base, key), score(gold, trans, key)))
        g_all += gold
        r_all += base
        t_all += trans
    return folds, score(g_all, r_all, key), score(g_all, t_all, key)
