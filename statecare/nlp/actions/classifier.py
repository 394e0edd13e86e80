"""Action classifier: an action's description -> Open States categories (several per action).

Three layers, in this order (docs/nlp-actions.md has the measurements behind the design):

1. general rules (rules/general.toml): the plain reading of legislative phrasing, for any state,
   including states never seen;
2. the state's own rules (rules/<st>.toml), only where its wording or Open States' labelling of
   it needs them ("wording" and "convention" rules);
3. optionally, a learned complement (statecare.nlp.actions.learned): per-label linear models over
   character and word n-grams, consulted only for actions the rules leave without any label
   (off by default: measured, it did not help; see docs/nlp-actions.md).

The batch API works on plain strings, with a cache keyed by the normalised phrasing, because
action streams repeat the same few hundred phrasings per state and the classifier must keep up
with a full crawl (see benchmarks/bench_actions.py). The spaCy component in
statecare.nlp.actions.component wraps the same object.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from statecare.legis.chambers import normalize_chamber
from statecare.nlp.actions.rules import (
    ACTION_LABELS,
    Rule,
    RuleSet,
    general_rules,
    normalize_description,
    state_rules,
)

if TYPE_CHECKING:
    from statecare.nlp.actions.context_model import ContextKey
    from statecare.nlp.actions.learned import LearnedComplement

_CACHE_LIMIT = 500_000


@dataclass(frozen=True)
class Explanation:
    """Why an action got its labels: the rules that fired and whether the learned part spoke."""

    labels: tuple[str, ...]
    general: tuple[str, ...]
    state: tuple[str, ...]
    learned: tuple[str, ...]


class ActionClassifier:
    """Classify action descriptions into Open States categories.

    use_state_rules=False classifies every state as if it had never been seen (what the
    leave-one-state-out measurement does); `exclude_state_rules` does that for some states only.
    `learned` is the optional complement; None means rules only.
    """

    def __init__(
        self,
        *,
        use_state_rules: bool = True,
        learned: LearnedComplement | None = None,
        general: RuleSet | None = None,
        exclude_state_rules: Iterable[str] = (),
        rule_kinds: Iterable[str] | None = None,
    ) -> None:
        self.general = general or general_rules()
        self.use_state_rules = use_state_rules
        self.learned = learned
        self.exclude_state_rules = frozenset(s.lower() for s in exclude_state_rules)
        self.rule_kinds = None if rule_kinds is None else frozenset(rule_kinds)
        self._cache: dict[tuple[str, str | None, str | None], tuple[str, ...]] = {}
        self._raw_cache: dict[tuple[str, str | None, object], tuple[str, ...]] = {}

    # ------------------------------------------------------------------ single action
    def _learned_state(self, state: str | None) -> str | None:
        """The state token the learned part sees: none for a state treated as never seen."""
        if not state or not self.use_state_rules:
            return None
        st = state.strip().lower()
        return None if st in self.exclude_state_rules else st

    def _state_ruleset(self, state: str | None) -> RuleSet | None:
        if not self.use_state_rules or not state:
            return None
        st = state.strip().lower()
        if st in self.exclude_state_rules:
            return None
        return state_rules(st)

    def _rules(self, norm: str, state: str | None, chamber: str | None) -> tuple[set[str], list[Rule], list[Rule]]:
        labels: set[str] = set()
        fired_general = self.general.apply(norm, chamber, labels)
        fired_state: list[Rule] = []
        rs = self._state_ruleset(state)
        if rs is not None:
            fired_state = rs.apply(norm, chamber, labels, kinds=self.rule_kinds)
        return labels, fired_general, fired_state

    def general_labels(self, norm: str, chamber: str | None) -> tuple[str, ...]:
        """The general rules' labels of a normalised description (the learned model's rule feature)."""
        labels: set[str] = set()
        self.general.apply(norm, chamber, labels)
        return tuple(sorted(labels))

    def classify(self, description: str, state: str | None = None, chamber: str | None = None) -> list[str]:
        """Labels for one action (alphabetical, as Open States joins them)."""
        return self.classify_actions([description], state, [chamber])[0]

    def explain(self, description: str, state: str | None = None, chamber: str | None = None) -> Explanation:
        """The rules (and learned labels) behind one action's labels, for error analysis."""
        ch = normalize_chamber(chamber)
        norm = normalize_description(description)
        labels, fg, fs = self._rules(norm, state, ch)
        learned: tuple[str, ...] = ()
        if not labels and self.learned is not None:
            learned = tuple(self.learned.predict([norm], [ch], [self._learned_state(state)])[0])
            labels.update(learned)
        return Explanation(
            labels=tuple(sorted(labels)),
            general=tuple(r.id for r in fg),
            state=tuple(r.id for r in fs),
            learned=learned,
        )

    # ------------------------------------------------------------------ batch
    def classify_actions(
        self,
        descriptions: Sequence[str],
        state: str | None = None,
        chambers: Sequence[str | None] | None = None,
    ) -> list[list[str]]:
        """Labels for many actions of one state; chambers (if given) align with descriptions."""
        if chambers is not None and len(chambers) != len(descriptions):
            raise ValueError(
                f"chambers has {len(chambers)} entries but descriptions has {len(descriptions)}"
            )
        st = state.strip().lower() if state else None
        cache_, raw_cache = self._cache, self._raw_cache
        if len(cache_) > _CACHE_LIMIT or len(raw_cache) > _CACHE_LIMIT:
            cache_.clear()
            raw_cache.clear()
        out: list[tuple[str, ...] | None] = [None] * len(descriptions)
        pending: dict[tuple[str, str | None, str | None], list[int]] = {}
        raw_keys: dict[int, tuple[str, str | None, object]] = {}
        # exact repeats inside this batch whose phrasing is still pending (a fresh classifier sees
        # every action of a crawl this way): normalised once, not once per repeat
        batch_keys: dict[tuple[str, str | None, object], tuple[str, str | None, str | None]] = {}
        for i, desc in enumerate(descriptions):
            raw_ch = chambers[i] if chambers is not None else None
            # exact repeats skip normalisation altogether; near repeats ("yeas, 96" / "yeas, 49")
            # meet in the normalised cache
            rk = (desc, st, raw_ch)
            hit = raw_cache.get(rk)
            if hit is not None:
                out[i] = hit
                continue
            known = batch_keys.get(rk)
            if known is not None:
                pending[known].append(i)
                raw_keys[i] = rk
                continue
            key = batch_keys[rk] = (normalize_description(desc), st, _chamber(raw_ch))
            hit = cache_.get(key)
            if hit is not None:
                out[i] = raw_cache[rk] = hit
            else:
                pending.setdefault(key, []).append(i)
                raw_keys[i] = rk
        if pending:
            unlabeled: list[tuple[str, str | None, str | None]] = []
            for key in pending:
                labels, _, _ = self._rules(key[0], st, key[2])
                if labels or self.learned is None:
                    cache_[key] = tuple(sorted(labels))
                else:
                    unlabeled.append(key)
            if unlabeled and self.learned is not None:
                preds = self.learned.predict(
                    [k[0] for k in unlabeled], [k[2] for k in unlabeled], [self._learned_state(st)] * len(unlabeled)
                )
                for key, pred in zip(unlabeled, preds, strict=True):
                    cache_[key] = tuple(sorted(pred))
            for key, idxs in pending.items():
                res = cache_[key]
                for i in idxs:
                    out[i] = raw_cache[raw_keys[i]] = res
        return [list(r) for r in out]  # type: ignore[arg-type]


@cache
def _chamber(value: str | None) -> str | None:
    return normalize_chamber(value)


# --------------------------------------------------------------------------- committee names
_COMMITTEE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # "in the House Committee on Health Care & Wellness at 1:30 PM"
        r"\b(?:house|senate|assembly|joint)?\s*committee on\s+(?P<name>.+)",
        r"\b(?:re-?)?refer(?:r?ed|red)?\s+(?:pursuant to [^,]+,\s*)?to\s+(?:the\s+)?(?:committee on\s+)?(?P<name>.+)",
        # ND "Introduced, first reading, referred Human Services Committee" (no "to")
        r"\breferred\s+(?!(?:to|for|back|by|from|in|on|with|and|separately)\b)(?P<name>[A-Za-z][A-Za-z ,&'-]*?\s+committee)\.?$",
        r"\b(?:re-?)?committed to\s+(?:the\s+)?(?P<name>.+)",
        r"\brecommit(?:ted)? to\s+(?:the\s+)?(?P<name>.+)",
        r"\breference changed to\s+(?P<name>.+)",
        r"\bassigned to\s+(?:the\s+)?(?P<name>.+)",
        r"\bdischarged to the committee on\s+(?P<name>.+)",
        r"\bsent to\s+(?:the\s+)?(?P<name>.+?committee)\b",
        r"\b(?:held for consideration|died|held) in\s+(?P<name>.+)",
        # WA "HCW - Majority; do pass." (the committee's code)
        r"^(?P<name>[A-Z][A-Z&]{1,6}) - (?:majority|minority)\b",
    )
)
_COMMITTEE_TRAILERS = re.compile(
    r"(?:\s+at\s+\d{1,2}:\d{2}\s*[ap]\.?m\.?.*|\s+per rule\b.*|,\s*acting concurrently.*|\s+with the amendment pending.*"
    r"|,\s*now on general orders.*|\s+for (?:second|third) reading.*|\s*\(.*|[.;,]+\s*$)$",
    re.IGNORECASE,
)
_NOT_COMMITTEES = re.compile(
    r"^(?:the\s+)?(?:governor|secretary of state|author|printer)\b|^(?:the\s+)?(?:senate|house|assembly|calendar)$",
    re.IGNORECASE,
)


def extract_committee(description: str) -> str | None:
    """The committee an action names ("Referred to Health Care & Wellness." -> "Health Care & Wellness").

    Returns the name as written (trimmed of times, rule citations and trailing punctuation),
    or None when the action names no committee.
    """
    if not isinstance(description, str):
        raise TypeError(f"action description must be a string, got {type(description).__name__}")
    text = description.strip()
    for pat in _COMMITTEE_PATTERNS:
        m = pat.search(text)
        if not m:
            continue
        name = m.group("name").strip()
        for _ in range(3):
            name = _COMMITTEE_TRAILERS.sub("", name).strip()
        name = re.sub(r"^(?:the\s+)?committee on\s+", "", name, flags=re.IGNORECASE).strip()
        name = re.sub(r"\s+committee$", "", name, flags=re.IGNORECASE).strip() or name
        if name and not _NOT_COMMITTEES.match(name) and len(name) <= 120:
            return name
    return None


def extract_committees(descriptions: Sequence[str]) -> list[str | None]:
    """extract_committee over a batch (the classifier's companion for classify_actions)."""
    return [extract_committee(d) for d in descriptions]


# --------------------------------------------------------------------------- learned model's features
class FeaturePrep:
    """Turns a bill's actions into the learned model's context keys (statecare.nlp.actions.context_model).

    Per distinct (description, actor) it caches the normalised phrasing with the committee's name
    masked as `comm` (names never carry across states) and the general rules' labels, which are
    both a feature of the action and, for the next action, "the previous action's label".
    """

    def __init__(self, classifier: ActionClassifier | None = None) -> None:
        self.classifier = classifier or ActionClassifier(use_state_rules=False)
        self._cache: dict[tuple[str, str | None], tuple[str, str | None, tuple[str, ...]]] = {}

    def one(self, description: str, chamber: str | None) -> tuple[str, str | None, tuple[str, ...]]:
        """(masked normalised phrasing, normalised actor, general-rule labels) of one action."""
        hit = self._cache.get((description, chamber))
        if hit is None:
            norm = normalize_description(description)
            ch = _chamber(chamber)
            labels = self.classifier.general_labels(norm, ch)
            name = extract_committee(description)
            if name:
                masked = normalize_description(name)
                if masked and masked in norm:
                    norm = norm.replace(masked, "comm")
            hit = self._cache[(description, chamber)] = (norm, ch, labels)
        return hit

    def bill(self, descriptions: Sequence[str], chambers: Sequence[str | None]
             ) -> tuple[list[ContextKey], list[tuple[str, ...]]]:
        """Context keys and general-rule labels of ONE bill's actions, in the bill's order."""
        from statecare.nlp.actions.context_model import context_keys

        prepped = [self.one(d, c) for d, c in zip(descriptions, chambers, strict=True)]
        rules_now = [p[2] for p in prepped]
        return context_keys([p[0] for p in prepped], [p[1] for p in prepped], rules_now), rules_now


# --------------------------------------------------------------------------- module-level API
@cache
def semantic_classifier() -> ActionClassifier:
    """Labels that say what happened, for the stage machine: general rules plus the states'
    "wording" rules, without the "convention" rules that copy Open States' per-state labelling
    (WA's "First reading, referred to X." is still a referral here) and without the learned part
    (which learned those conventions)."""
    return ActionClassifier(rule_kinds=["wording"])


@cache
def default_classifier() -> ActionClassifier:
    """The shipped classifier: general rules and state rules.

    The learned complement is not switched on here because, measured (docs/nlp-actions.md), it
    never helped: on the held-out bills of seen states it only re-adds labels the rules withhold
    on purpose ("1st substitute bill not substituted."), and on never-seen states the rules leave
    no labelled action unread. Pass learned=load_default_complement() to use it.
    """
    return ActionClassifier()


def actions_model_version() -> str:
    """A short hash of everything that decides an action's labels: rule files and learned weights.

    `statecare classify` stores it beside its results so that a changed rule or retrained model
    re-runs the bills, and an unchanged one leaves them alone.
    """
    import hashlib

    from statecare.nlp.actions.learned import META_FILE, MODEL_DIR
    from statecare.nlp.actions.rules import RULES_DIR

    h = hashlib.sha256()
    # meta.json carries the hash of the weight arrays and the training settings
    for path in sorted(RULES_DIR.glob("*.toml")) + [MODEL_DIR / META_FILE]:
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return "actions-" + h.hexdigest()[:12]


def classify_actions(
    descriptions: Sequence[str],
    state: str | None = None,
    chambers: Sequence[str | None] | None = None,
) -> list[list[str]]:
    """Open States categories for a batch of one state's actions (see ActionClassifier)."""
    return default_classifier().classify_actions(descriptions, state, chambers)


__all__ = [
    "ACTION_LABELS",
    "ActionClassifier",
    "actions_model_version",
    "Explanation",
    "classify_actions",
    "default_classifier",
    "semantic_classifier",
    "extract_committee",
    "extract_committees",
    "FeaturePrep",
]
