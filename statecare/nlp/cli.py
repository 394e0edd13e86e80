"""Command-line entry points of statecare.nlp: `statecare nlp ...`, `statecare evaluate ...`,
`statecare classify`.

The groups live here; the commands are defined in the stage packages that own them
(actions/cli.py, policy_type/cli.py, provisions/cli.py, evaluate/cli.py, classify_cli.py) and
attach themselves to these groups when imported at the bottom of this module.
"""

from __future__ import annotations

import click


@click.group("nlp")
def nlp_group() -> None:
    """Language models: train, and run one stage on one document."""


@click.group("evaluate")
def evaluate_group() -> None:
    """Score a classifier against labelled data (figures for the closing note)."""


@nlp_group.group("train")
def train_group() -> None:
    """Retrain a model from the data kept in the repository."""


# the stage modules attach their commands to the groups above, so they are imported after them
from statecare.nlp import classify_cli  # noqa: E402
from statecare.nlp.actions import cli as _actions_cli  # noqa: E402, F401
from statecare.nlp.evaluate import cli as _evaluate_cli  # noqa: E402, F401
from statecare.nlp.policy_type import cli as _policy_type_cli  # noqa: E402, F401
from statecare.nlp.provisions import cli as _provisions_cli  # noqa: E402, F401

commands: list[click.Command] = [nlp_group, evaluate_group, *classify_cli.commands]
