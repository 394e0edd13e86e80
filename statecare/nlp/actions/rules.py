"""Rule files for the action classifier: loading, validating and applying them.

The rules are data (TOML under statecare/nlp/rules/), not code, so that a state's quirks are
written down in that state's own file with the reason beside each rule, and the general file reads
as a glossary of legislative phrasing. Every rule whose pattern matches is applied, in file order
(Open States' own rules are cumulative too), so "Third reading, passed" can collect both
`reading-3` and `passage`.

A rule:

    [[rule]]
    id = "passage.passed"          # unique within its file, used in error reports
    match = '''\\bpassed\\b'''     # regex over the normalised description (see normalize_description)
    unless = '''do pass'''         # optional: the rule is skipped when this also matches
    chamber = ["upper", "lower"]   # optional: only for actions by these actors
    add = ["passage"]              # labels added
    remove = []                    # labels removed (state files use this for Open States conventions)
    kind = "wording"               # state files: "wording" (the state's own phrasing) or
                                   # "convention" (Open States labels this state's phrasing
                                   # differently from the general reading)
    why = "..."                    # required in state files
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from statecare.legis.vocabulary import ACTION_CATEGORIES, KEY_ACTION_CATEGORIES

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

# the Open States action vocabulary lives with the other vocabularies (statecare.legis.vocabulary)
ACTION_LABELS: tuple[str, ...] = ACTION_CATEGORIES
KEY_LABELS: tuple[str, ...] = KEY_ACTION_CATEGORIES
RULE_KINDS: frozenset[str] = frozenset({"general", "wording", "convention"})
_CHAMBER_VALUES = frozenset({"upper", "lower", "legislature", "executive", "none"})


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file and the rule."""


_WS = re.compile(r"\s+")
# a number not written as an ordinal ("96" in "yeas, 96" but not "3rd"): vote counts, dates and
# bill numbers never decide a label, so they all become 0 and the cache sees one phrasing
_NUMBER = re.compile(r"\d+(?!\d|st\b|nd\b|rd\b|th\b)")
_PUNCT_MAP = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                            "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def normalize_description(text: str) -> str:
    """Lower-case, straighten quotes and dashes, collapse spaces, and turn plain numbers into 0.

    Rules are written against this form, so they never depend on a vote count or a date, and
    the classifier's cache treats "yeas, 96" and "yeas, 49" as one phrasing.
    """
    if not isinstance(text, str):
        raise TypeError(f"action description must be a string, got {type(text).__name__}: {text!r}")
    t = text.translate(_PUNCT_MAP).lower()
    t = _NUMBER.sub("0", t)
    return _WS.sub(" ", t).strip()


@dataclass(frozen=True)
class Rule:
    """One compiled rule (see the module docstring for the fields)."""

    id: str
    match: re.Pattern[str]
    unless: re.Pattern[str] | None
    chamber: frozenset[str] | None
    add: frozenset[str]
    remove: frozenset[str]
    kind: str
    why: str
    source: str
    gate: tuple[str, ...] | None = None

    def applies(self, text: str, chamber: str | None) -> bool:
        """Whether this rule fires for a normalised description by this actor."""
        if self.chamber is not None and (chamber or "none") not in self.chamber:
            return False
        # the gate is a plain substring test that every match needs (literal_gate), far cheaper
        # than a search over a long alternation; most phrasings fail it for most rules (a plain
        # loop: a generator in any() cost as much as the substring tests themselves)
        gate = self.gate
        if gate is not None:
            for g in gate:
                if g in text:
                    break
            else:
                return False
        if self.match.search(text) is None:
            return False
        return self.unless is None or self.unless.search(text) is None


@dataclass(frozen=True)
class RuleSet:
    """The rules of one file, in order."""

    name: str
    rules: tuple[Rule, ...]
    path: Path | None = None
    description: str = ""
    meta: dict[str, object] = field(default_factory=dict)

    def apply(
        self, text: str, chamber: str | None, labels: set[str], *, kinds: Iterable[str] | None = None
    ) -> list[Rule]:
        """Apply every matching rule to `labels` in place; return the rules that fired.

        `kinds` limits the rules used (e.g. only "convention" rules, to measure how much of a
        left-out state's error is Open States labelling that state differently).
        """
        allowed = None if kinds is None else frozenset(kinds)
        fired: list[Rule] = []
        for rule in self.rules:
            if allowed is not None and rule.kind not in allowed:
                continue
            if rule.applies(text, chamber):
                labels.difference_update(rule.remove)
                labels.update(rule.add)
                fired.append(rule)
        return fired


_LEADING_ANCHORS = re.compile(r"^(?:\\b|\^)+")
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 ',:/&")


def _top_level_branches(pattern: str) -> list[str] | None:
    """The pattern's top-level alternatives (groups and character classes kept whole), or None
    when a character class never closes (the rule then has no gate, which is never wrong)."""
    branches, depth, cur, i = [], 0, [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            cur.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "[":
            j = i + 2 if pattern[i + 1:i + 2] in ("^", "]") else i + 1
            while j < len(pattern) and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            if j >= len(pattern):
                return None
            cur.append(pattern[i:j + 1])
            i = j + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            branches.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    branches.append("".join(cur))
    return branches


def literal_gate(pattern: str) -> tuple[str, ...] | None:
    """Substrings one of which every match of `pattern` contains: the plain text each top-level
    alternative starts with (after \\b or ^). None when some alternative starts with a group,
    a class or a quantified character, i.e. when no such cheap test is exact."""
    branches = _top_level_branches(pattern)
    if not branches:
        return None
    gate: list[str] = []
    for b in branches:
        b = _LEADING_ANCHORS.sub("", b)
        lit: list[str] = []
        for ch in b:
            if ch not in _PLAIN:
                if ch in "?*{" and lit:
                    lit.pop()  # the character before an optional quantifier may be absent
                break
            lit.append(ch)
        text = "".join(lit)
        if len(text) < 3:
            return None
        gate.append(text)
    # a literal that contains another one is redundant (any text holding it holds the shorter one
    # too) and only costs a second substring test on every phrasing the gate turns away
    unique = list(dict.fromkeys(gate))
    return tuple(g for g in unique if not any(o != g and o in g for o in unique))


def _compile(pattern: object, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise RuleFileError(f"{where}: pattern must be a non-empty string, got {pattern!r}")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RuleFileError(f"{where}: bad regular expression {pattern!r}: {exc}") from exc


def _labels(value: object, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleFileError(f"{where}: expected a list of labels, got {value!r}")
    unknown = sorted(set(value) - set(ACTION_LABELS))
    if unknown:
        raise RuleFileError(f"{where}: unknown Open States label(s) {unknown}")
    return frozenset(value)


def parse_rules(data: dict[str, object], name: str, *, path: Path | None = None,
                general: bool = False) -> RuleSet:
    """Build a RuleSet from a parsed TOML document, checking every field (errors name the rule)."""
    src = str(path) if path else name
    raw = data.get("rule", [])
    if not isinstance(raw, list):
        raise RuleFileError(f"{src}: [[rule]] entries expected")
    rules: list[Rule] = []
    seen: set[str] = set()
    allowed_keys = {"id", "match", "unless", "chamber", "add", "remove", "kind", "why"}
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            raise RuleFileError(f"{src}: rule #{i + 1} is not a table")
        rid = entry.get("id")
        where = f"{src}: rule {rid!r}" if rid else f"{src}: rule #{i + 1}"
        if not isinstance(rid, str) or not rid:
            raise RuleFileError(f"{where}: missing id")
        if rid in seen:
            raise RuleFileError(f"{where}: duplicate id")
        seen.add(rid)
        extra = set(entry) - allowed_keys
        if extra:
            raise RuleFileError(f"{where}: unknown field(s) {sorted(extra)}")
        kind = entry.get("kind", "general" if general else None)
        if kind not in RULE_KINDS or (general and kind != "general") or (not general and kind == "general"):
            raise RuleFileError(
                f"{where}: kind must be 'general' in the general file and 'wording' or 'convention' "
                f"in a state file, got {kind!r}"
            )
        why = entry.get("why", "")
        if not general and not (isinstance(why, str) and why.strip()):
            raise RuleFileError(f"{where}: a state rule must say why it is needed")
        chamber = entry.get("chamber")
        if chamber is not None:
            if not isinstance(chamber, list) or not set(chamber) <= _CHAMBER_VALUES:
                raise RuleFileError(f"{where}: chamber must be a list drawn from {sorted(_CHAMBER_VALUES)}")
            chamber = frozenset(chamber)
        add = _labels(entry.get("add"), where)
        remove = _labels(entry.get("remove"), where)
        if not add and not remove:
            raise RuleFileError(f"{where}: a rule must add or remove at least one label")
        rules.append(
            Rule(
                id=rid,
                match=_compile(entry.get("match"), where),
                unless=_compile(entry["unless"], where) if entry.get("unless") else None,
                chamber=chamber,
                add=add,
                remove=remove,
                kind=str(kind),
                why=str(why),
                source=name,
                gate=literal_gate(str(entry.get("match"))),
            )
        )
    desc = data.get("description", "")
    meta = {k: v for k, v in data.items() if k not in ("rule", "description")}
    return RuleSet(name=name, rules=tuple(rules), path=path, description=str(desc), meta=meta)


def load_rule_file(path: Path, *, general: bool = False) -> RuleSet:
    """Read and validate one TOML rule file; errors name the file."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise RuleFileError(f"rule file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"{path}: not valid TOML: {exc}") from exc
    return parse_rules(data, path.stem, path=path, general=general)


@cache
def general_rules() -> RuleSet:
    """The rules for legislative phrasing any state may use (rules/general.toml)."""
    return load_rule_file(RULES_DIR / "general.toml", general=True)


def state_setting(state: str | None, name: str, default: object = None) -> object:
    """A non-rule setting from a state's file (e.g. co.toml's actions_order), or `default`."""
    if not state:
        return default
    rs = state_rules(state)
    return default if rs is None else rs.meta.get(name, default)


def available_states() -> tuple[str, ...]:
    """States with a rule file of their own (two-letter codes)."""
    return tuple(sorted(p.stem for p in RULES_DIR.glob("*.toml") if len(p.stem) == 2))


@cache
def state_rules(state: str) -> RuleSet | None:
    """The state's own rules (rules/<st>.toml), or None when it has none."""
    st = state.strip().lower()
    if not re.fullmatch(r"[a-z]{2}", st):
        raise ValueError(f"state must be a two-letter postal code, got {state!r}")
    path = RULES_DIR / f"{st}.toml"
    if not path.exists():
        return None
    return load_rule_file(path)
