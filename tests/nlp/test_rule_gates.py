"""The rules' literal gates (rules.literal_gate) are a speed-up only: a gate may let through text
the pattern then rejects, but must never stop text the pattern matches. Checked on every rule file
against real actions (the labelled fixtures and a slice of shared/national)."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

from statecare.nlp.actions.labelled import load_action_csv
from statecare.nlp.actions.rules import (
    available_states,
    general_rules,
    literal_gate,
    normalize_description,
    state_rules,
)


def test_gate_of_alternatives_of_words() -> None:
    assert literal_gate(r"\bamendments?\b[^;]*\bwithdrawn\b") == ("amendment",)
    assert literal_gate(r"^filed$|\bpre-?filed\b|\brec\.? for pass\b") == ("filed", "pre", "rec")
    # "introduc" contains "intro": any text holding it passes the shorter test already
    assert literal_gate(r"^intro\.|\bintroduc(ed|tion)\b") == ("intro",)


def test_gate_drops_literals_containing_another() -> None:
    assert literal_gate(r"\binexpedient to legislate\b[^;]*[:,] ?ma\b|\binexpedient to legislate, senate rule\b") == (
        "inexpedient to legislate",)
    assert literal_gate(r"\bvetoed\b|\bveto\b|\bpocket veto\b") == ("veto",)


def test_no_gate_when_an_alternative_starts_with_a_group_or_class() -> None:
    assert literal_gate(r"\b(re-?)?passed\b|\bfinal passage\b") is None
    assert literal_gate(r"passed|[a-z]+ reading") is None
    assert literal_gate(r"\bdp\b|passed") is None  # too short to be worth a test


def test_alternatives_inside_groups_and_classes_are_not_split() -> None:
    assert literal_gate(r"\bsigned by (the|a) governor|\bapproved [|(]x") == ("signed by ", "approved ")


def _texts(shared: Path) -> list[str]:
    texts: list[str] = []
    for f in sorted((shared / "fixtures" / "labels").glob("*_openstates_action_classifications.csv")):
        texts += [r.description for r in load_action_csv(f)]
    for st in ("ga", "pr", "tn", "mt", "ks", "id"):
        for f in sorted((shared / "national" / st).glob("*/actions.csv.gz")):
            with gzip.open(f, "rt", encoding="utf-8", newline="") as fh:
                texts += [r["description"] for r in csv.DictReader(fh)]
    return sorted({normalize_description(t) for t in texts})


def test_gates_never_stop_a_match(shared: Path) -> None:
    texts = _texts(shared)
    assert len(texts) > 5000
    rulesets = [general_rules()] + [rs for st in available_states() if (rs := state_rules(st)) is not None]
    gated = 0
    for rs in rulesets:
        for rule in rs.rules:
            if rule.gate is None:
                continue
            gated += 1
            for t in texts:
                if rule.match.search(t):
                    assert any(g in t for g in rule.gate), (rs.name, rule.id, t)
    assert gated > 20
