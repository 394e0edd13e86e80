"""`statecare nlp train policy-type`: retrain the policy-type classifier from the repository's dev set."""

from __future__ import annotations

from pathlib import Path

import click

from statecare.nlp.cli import train_group

commands: list[click.Command] = []


@train_group.command("policy-type")
@click.option("--data", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="labelled CSV (default: the development set in the repository)")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="where to write the spaCy pipeline (default: the shipped model folder)")
def train_policy_type(data: Path | None, out: Path | None) -> None:
    """Retrain the policy-type model (deterministic: same data, same weights)."""
    from statecare.nlp.policy_type.classifier import MODEL_DIR
    from statecare.nlp.policy_type.train import DEV_SET, train_and_save

    try:
        path = train_and_save(data or DEV_SET, out or MODEL_DIR)
    except (ValueError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"saved policy-type pipeline to {path}")
