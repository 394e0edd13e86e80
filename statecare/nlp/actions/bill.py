"""A bill's actions labelled two ways: as Open States would store them, and what they mean.

A state's "convention" rules reproduce Open States' labelling habits there (WA's "Third reading,
passed" is reading-3 only), which is what users comparing with Open States expect to see stored;
the stage machine instead needs what the action means, so it reads the semantic set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from statecare.nlp.actions.classifier import default_classifier, extract_committees, semantic_classifier


@dataclass(frozen=True)
class ActionLabels:
    """One action's labels: `categories` as Open States would give them in that state (stored),
    `semantic` saying what happened (read by the stage machine), and the committee it names."""

    categories: tuple[str, ...]
    semantic: tuple[str, ...]
    committee: str | None


def classify_actions(descriptions: Sequence[str], state: str | None,
                     chambers: Sequence[str | None]) -> list[ActionLabels]:
    """Both label sets (and the committee named) for each of a bill's actions."""
    descs, chs = list(descriptions), list(chambers)
    stored = default_classifier().classify_actions(descs, state, chs)
    meaning = semantic_classifier().classify_actions(descs, state, chs)
    committees = extract_committees(descs)
    return [ActionLabels(tuple(a), tuple(b), com) for a, b, com in zip(stored, meaning, committees, strict=True)]
