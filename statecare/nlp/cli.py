"""Command-line entry points of statecare.nlp: `statecare nlp ...`, `statecare evaluate ...`,
`statecare classify`.

The groups live here; the commands are defined in the modules that own them
(cli_actions, cli_documents, cli_classify) and attach themselves to these groups when imported.
"""

from __future__ import annotations

import importlib

import click


@click.group("nlp")
def nlp_group() -> None:
    """Language models: train, and run one stage on one document."""


@click.group("evaluate")
def evaluate_group() -> None:
    """Score a classifier against a labelled CSV (figures for the closing note)."""


@nlp_group.group("train")
def train_group() -> None:
    """Retrain a model from the data kept in the repository."""


commands: list[click.Command] = [nlp_group, evaluate_group]

for _mod in ("cli_actions", "cli_documents", "cli_classify"):
    try:
        _m = importlib.import_module(f"statecare.nlp.{_mod}")
    except ModuleNotFoundError as exc:  # a stage not written yet
        if exc.name != f"statecare.nlp.{_mod}":
            raise
        continue
    commands.extend(getattr(_m, "commands", []))
