"""Commands of the action classifier and the stage machine.

    statecare evaluate actions FILE.csv [--labels a,b] [--out P.csv] [--state-rules/--no-state-rules]
    statecare evaluate status FILE.csv [--out P.csv] [--state-rules/--no-state-rules]
    statecare nlp train actions [--config config.toml] [--out-dir DIR]
    statecare nlp loso [--labels a,b] [--errors N]
    statecare nlp actions "TEXT" [--state wa] [--chamber lower]
    statecare nlp stage BILL.json [--session-ended]

Attached to the groups of statecare/nlp/cli.py (which imports this module after defining them).
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

import click

from statecare.nlp.cli import evaluate_group, nlp_group, train_group

commands: list[click.Command] = []



def _label_list(value: str | None) -> list[str] | None:
    if not value:
        return None
    from statecare.nlp.actions_rules import ACTION_LABELS, KEY_LABELS

    if value.strip() == "key":
        return list(KEY_LABELS)
    labels = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in labels if v not in ACTION_LABELS]
    if unknown:
        raise click.BadParameter(f"unknown label(s) {unknown}; use Open States action categories or 'key'",
                                 param_hint="--labels")
    return labels


def _classifier(state_rules: bool, learned: bool):  # noqa: ANN202 - ActionClassifier, imported lazily
    from statecare.nlp.actions import ActionClassifier
    from statecare.nlp.actions_learned import ModelFileError, load_default_complement

    model = None
    if learned:
        try:
            model = load_default_complement()
        except ModelFileError as exc:
            raise click.ClickException(str(exc)) from exc
    return ActionClassifier(use_state_rules=state_rules, learned=model)


# --------------------------------------------------------------------------- evaluate actions
@evaluate_group.command("actions")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--labels", "labels_opt", default=None,
              help="score only these labels (comma-separated, or 'key' for the key labels)")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write every action with its predicted labels to this CSV")
@click.option("--state-rules/--no-state-rules", default=True, show_default=True,
              help="use each state's own rule file (off = classify every state as never seen)")
@click.option("--learned/--no-learned", default=False, show_default=True,
              help="consult the learned complement for actions the rules leave unlabelled")
def evaluate_actions(file: Path, labels_opt: str | None, out: Path | None, state_rules: bool, learned: bool) -> None:
    """Score the action classifier on a labelled CSV (state,session,bill,date,chamber,description,classification)."""
    from statecare.nlp.actions_eval import LabelFileError, format_scores, load_action_csv, score

    try:
        rows = load_action_csv(file)
    except LabelFileError as exc:
        raise click.ClickException(str(exc)) from exc
    labels = _label_list(labels_opt)
    clf = _classifier(state_rules, learned)
    preds: list[list[str]] = [[] for _ in rows]
    by_state: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_state.setdefault(r.state, []).append(i)
    for st, idx in by_state.items():
        for i, p in zip(idx, clf.classify_actions([rows[i].description for i in idx], st,
                                                  [rows[i].chamber for i in idx]), strict=True):
            preds[i] = p
    s = score([r.labels for r in rows], preds, labels)
    if out is not None:
        with out.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["state", "session", "bill", "date", "chamber", "description", "classification", "predicted"])
            for r, p in zip(rows, preds, strict=True):
                w.writerow([r.state, r.session, r.bill, r.date, r.chamber, r.description,
                            "|".join(sorted(r.labels)), "|".join(p)])
    click.echo(f"{file}: {len(rows)} actions, states {', '.join(sorted(by_state))}, "
               f"state rules {'on' if state_rules else 'off'}, learned {'on' if learned else 'off'}")
    for line in format_scores(s):
        click.echo(line)
    click.echo(f"micro_f1={s.micro_f1:.4f} exact_match={s.exact_match:.4f} n={s.n}")


# --------------------------------------------------------------------------- evaluate status
NY_STATUS_COLUMNS = ("session", "print_no", "chamber", "status", "actions")


@evaluate_group.command("status")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write each bill's NY status, expected stage and derived stage to this CSV")
@click.option("--state-rules/--no-state-rules", default=True, show_default=True,
              help="use NY's own rule file when classifying the actions")
def evaluate_status(file: Path, out: Path | None, state_rules: bool) -> None:
    """Derive each NY bill's stage from its actions alone and compare with NY's own status."""
    from collections import Counter

    from statecare.nlp.actions_sources import ActionSourceError, ny_status_to_stage, parse_ny_actions
    from statecare.nlp.status import derive_stage

    if not file.is_file():
        raise click.ClickException(f"status file not found: {file}")
    csv.field_size_limit(sys.maxsize)
    with file.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in NY_STATUS_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise click.ClickException(f"{file}: missing column(s) {missing}; expected NY Open Legislation "
                                       f"columns {', '.join(NY_STATUS_COLUMNS)}")
        rows = list(reader)
    if not rows:
        raise click.ClickException(f"{file}: no bills")
    from statecare.nlp.actions import ActionClassifier

    # the stage reads what actions mean: general + NY "wording" rules, no Open States conventions
    clf = ActionClassifier(use_state_rules=state_rules, rule_kinds=["wording"])
    correct = 0
    confusion: Counter[tuple[str, str]] = Counter()
    results: list[tuple[dict[str, str], str, str, str]] = []
    for n, r in enumerate(rows, start=2):
        where = f"{file}:{n} ({r.get('print_no')})"
        try:
            acts = parse_ny_actions(r["actions"], where=where)
            expected = ny_status_to_stage(r["status"], r["chamber"])
        except ActionSourceError as exc:
            raise click.ClickException(str(exc)) from exc
        labels = clf.classify_actions([a["description"] for a in acts], "ny", [a["chamber"] for a in acts])
        for a, lab in zip(acts, labels, strict=True):
            a["classification"] = lab
        origin = {"SENATE": "upper", "ASSEMBLY": "lower"}.get(r["chamber"].strip().upper())
        res = derive_stage(acts, origin=origin)
        correct += res.stage == expected
        confusion[(expected, res.stage)] += 1
        results.append((r, expected, res.stage, res.reason))
    if out is not None:
        with out.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["session", "print_no", "chamber", "status", "expected_stage", "derived_stage", "reason"])
            for r, exp, got, why in results:
                w.writerow([r["session"], r["print_no"], r["chamber"], r["status"], exp, got, why])
    click.echo(f"{file}: {len(rows)} bills, NY rules {'on' if state_rules else 'off'}")
    click.echo(f"{'expected':20s} {'derived':20s} {'bills':>6s}")
    for (exp, got), k in sorted(confusion.items(), key=lambda kv: -kv[1]):
        click.echo(f"{exp:20s} {got:20s} {k:6d}{'' if exp == got else '  <- wrong'}")
    click.echo(f"accuracy={correct / len(rows):.4f} n={len(rows)}")


# --------------------------------------------------------------------------- train / loso
def _shared_path(rel: str) -> Path:
    from statecare.config import SharedDataMissing, shared_dir

    try:
        base = shared_dir()
    except SharedDataMissing as exc:
        raise click.ClickException(str(exc)) from exc
    assert base is not None
    return base / rel


def _training_rows(config):  # noqa: ANN001, ANN202 - LearnedConfig -> list[LabelledAction]
    from statecare.nlp.actions_eval import LabelFileError, load_action_csv

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
    from statecare.nlp.actions_learned import (
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


@nlp_group.command("loso")
@click.option("--labels", "labels_opt", default=None, help="key labels to report (default: the issue's key labels)")
@click.option("--errors", "n_errors", default=8, show_default=True, help="phrasings to list per error kind")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None)
def loso(labels_opt: str | None, n_errors: int, config_path: Path | None) -> None:
    """Print the leave-one-state-out table, the seen-state held-out table and the error analysis."""
    from statecare.nlp.actions_learned import CONFIG_PATH, LearnedConfig
    from statecare.nlp.actions_loso import (
        format_errors,
        format_table,
        leave_one_state_out,
        seen_state_heldout,
    )

    config = LearnedConfig.from_toml(config_path or CONFIG_PATH)
    rows = _training_rows(config)
    labels = _label_list(labels_opt)
    res = leave_one_state_out(rows, config, labels=labels, progress=lambda m: click.echo(m, err=True))
    for line in format_table(res, "Leave one state out (micro-F1; key = the issue's key labels)"):
        click.echo(line)
    click.echo("")
    for line in format_errors(res, n_errors):
        click.echo(line)
    seen = seen_state_heldout(rows, config, labels=labels)
    for line in format_table(seen, "Seen states, held-out 20% of bills (micro-F1)", ("rules", "rules+learned", "learned only")):
        click.echo(line)


# --------------------------------------------------------------------------- one action / one bill
@nlp_group.command("actions")
@click.argument("text")
@click.option("--state", default=None, help="two-letter state code (uses its rule file if any)")
@click.option("--chamber", default=None, help="actor: upper, lower, legislature, executive")
def classify_one(text: str, state: str | None, chamber: str | None) -> None:
    """Classify one action description and show which rules fired."""
    clf = _classifier(True, False)
    from statecare.nlp.actions import extract_committee

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
    from statecare.nlp.actions_sources import (
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
