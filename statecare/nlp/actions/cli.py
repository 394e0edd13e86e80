"""Commands of the action classifier and the stage machine (their measurement is in nlp/evaluate/cli.py).

    statecare nlp train actions [--config config.toml] [--out-dir DIR]
    statecare nlp actions "TEXT" [--state wa] [--chamber lower]
    statecare nlp stage BILL.json [--session-ended]

Attached to the groups of statecare/nlp/cli.py (which imports this module after defining them).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from statecare.nlp.cli import nlp_group, train_group

commands: list[click.Command] = []


def _label_list(value: str | None) -> list[str] | None:
    if not value:
        return None
    from statecare.nlp.actions.rules import ACTION_LABELS, KEY_LABELS

    if value.strip() == "key":
        return list(KEY_LABELS)
    labels = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in labels if v not in ACTION_LABELS]
    if unknown:
        raise click.BadParameter(f"unknown label(s) {unknown}; use Open States action categories or 'key'",
                                 param_hint="--labels")
    return labels


def _classifier(state_rules: bool, learned: bool):  # noqa: ANN202 - ActionClassifier, imported lazily
    from statecare.nlp.actions.classifier import ActionClassifier
    from statecare.nlp.actions.learned import ModelFileError, load_default_complement

    model = None
    if learned:
        try:
            model = load_default_complement()
        except ModelFileError as exc:
            raise click.ClickException(str(exc)) from exc
    return ActionClassifier(use_state_rules=state_rules, learned=model)


def _shared_path(rel: str) -> Path:
    from statecare.config import SharedDataMissing, shared_dir

    try:
        base = shared_dir()
    except SharedDataMissing as exc:
        raise click.ClickException(str(exc)) from exc
    assert base is not None
    return base / rel


def _training_rows(config):  # noqa: ANN001, ANN202 - LearnedConfig -> list[LabelledAction]
    from statecare.nlp.actions.labelled import LabelFileError, load_action_csv

    if not config.training_files:
        raise click.ClickException("the training config names no labelled files ([training] files = [...])")
    rows = []
    for rel in config.training_files:
        try:
            rows.extend(load_action_csv(_shared_path(rel)))
        except LabelFileError as exc:
            raise click.ClickException(str(exc)) from exc
    return rows


@train_group.command("actions")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="training settings (default: statecare/nlp/models/actions/config.toml)")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="where to write weights.npz and meta.json (default: the shipped model folder)")
def train_actions(config_path: Path | None, out_dir: Path | None) -> None:
    """Retrain the learned complement of the action rules from the labelled CSVs in the config."""
    from statecare.nlp.actions.learned import (
        CONFIG_PATH,
        MODEL_DIR,
        LearnedComplement,
        LearnedConfig,
        ModelFileError,
    )

    try:
        config = LearnedConfig.from_toml(config_path or CONFIG_PATH)
    except ModelFileError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = _training_rows(config)
    click.echo(f"training on {len(rows)} labelled actions from {len(config.training_files)} file(s)", err=True)
    t0 = time.perf_counter()
    model = LearnedComplement.train(rows, config)
    target = model.save(out_dir or MODEL_DIR)
    click.echo(f"trained {len(model.labels)} labels on {model.meta['n_distinct']} distinct phrasings "
               f"in {time.perf_counter() - t0:.1f}s; {model.coef.nnz} weights -> {target}")

@nlp_group.command("actions")
@click.argument("text")
@click.option("--state", default=None, help="two-letter state code (uses its rule file if any)")
@click.option("--chamber", default=None, help="actor: upper, lower, legislature, executive")
def classify_one(text: str, state: str | None, chamber: str | None) -> None:
    """Classify one action description and show which rules fired."""
    clf = _classifier(True, False)
    from statecare.nlp.actions.classifier import extract_committee

    ex = clf.explain(text, state, chamber)
    click.echo(json.dumps({
        "labels": list(ex.labels), "committee": extract_committee(text),
        "general_rules": list(ex.general), "state_rules": list(ex.state), "learned": list(ex.learned),
    }, indent=2))


@nlp_group.command("stage")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--session-ended", is_flag=True, help="the bill's session is over (unfinished bills died)")
@click.option("--source-labels", is_flag=True, help="Open States JSON: use the source's own action labels")
def stage_of(path: Path, session_ended: bool, source_labels: bool) -> None:
    """Stage of one bill from an Open States or LegiScan bill JSON file."""
    from statecare.nlp.stage.sources import (
        ActionSourceError,
        stage_for_legiscan_bill,
        stage_for_openstates_bill,
    )

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{path}: not a JSON bill: {exc}") from exc
    if not isinstance(data, dict):
        raise click.ClickException(f"{path}: expected one bill object, got {type(data).__name__}")
    try:
        if "history" in data.get("bill", data):
            res = stage_for_legiscan_bill(data, session_ended=session_ended)
        elif "actions" in data:
            res = stage_for_openstates_bill(data, session_ended=session_ended, use_source_labels=source_labels)
        else:
            raise click.ClickException(f"{path}: neither an Open States bill (actions[]) nor a LegiScan bill (history[])")
    except ActionSourceError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps({"stage": res.stage, "date": res.date, "complete": res.complete,
                           "passed": list(res.passed), "reason": res.reason}, indent=2))
