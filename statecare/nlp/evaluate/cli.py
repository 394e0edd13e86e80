"""`statecare evaluate ...` and `statecare nlp loso`: measurement only.

    statecare evaluate actions FILE.csv [--labels a,b] [--out P.csv] [--state-rules/--no-state-rules]
    statecare evaluate status FILE.csv [--out P.csv] [--state-rules/--no-state-rules]
    statecare evaluate bill-types FILE.csv [--labels ...] [--out P.csv] [--cv N]
    statecare nlp loso [--labels a,b] [--errors N]

Production code never imports this package (a test enforces it); these commands are the one place
that joins a stage to its scoring.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import click

from statecare.nlp.actions.cli import _classifier, _label_list, _training_rows
from statecare.nlp.cli import evaluate_group, nlp_group

commands: list[click.Command] = []


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
    from statecare.nlp.actions.labelled import LabelFileError, load_action_csv
    from statecare.nlp.evaluate.actions import format_scores, score

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

    from statecare.nlp.stage.machine import derive_stage
    from statecare.nlp.stage.sources import ActionSourceError, ny_status_to_stage, parse_ny_actions

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
    from statecare.nlp.actions.classifier import ActionClassifier

    # the stage reads what actions mean: general + NY "wording" rules, no Open States conventions
    clf = ActionClassifier(use_state_rules=state_rules, rule_kinds=["wording"])
    correct = 0
    confusion: Counter[tuple[str, str]] = Counter()
    results: list[tuple[dict[str, str], str, str, str]] = []
    for n, r in enumerate(rows, start=2):
        where = f"{file}:{n} ({r.get('print_no')})"
        try:
            acts: list[dict[str, Any]] = list(parse_ny_actions(r["actions"], where=where))
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
@nlp_group.command("loso")
@click.option("--labels", "labels_opt", default=None, help="key labels to report (default: the issue's key labels)")
@click.option("--errors", "n_errors", default=8, show_default=True, help="phrasings to list per error kind")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--national", is_flag=True, default=False,
              help="score every state of shared/national/*/*/actions.csv.gz as never seen (rules only)")
@click.option("--per-state", "per_state", default=5000, show_default=True,
              help="with --national: sample at most this many actions per state (seeded); 0 = all")
@click.option("--seed", default=0, show_default=True, help="with --national: the sampling seed")
@click.option("--transductive", is_flag=True, default=False,
              help="with --national: also score the introduction convention inferred from each state's "
                   "own unlabelled actions (measurement; see docs/nlp-actions.md)")
def loso(labels_opt: str | None, n_errors: int, config_path: Path | None, national: bool,
         per_state: int, seed: int, transductive: bool) -> None:
    """Print the leave-one-state-out table, the seen-state held-out table and the error analysis."""
    if national:
        _loso_national(_label_list(labels_opt), per_state, seed, transductive)
        return
    from statecare.nlp.actions.learned import CONFIG_PATH, LearnedConfig
    from statecare.nlp.evaluate.actions_loso import (
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


def _loso_national(labels: list[str] | None, per_state: int, seed: int, transductive: bool = False) -> None:
    from statecare.config import shared_dir
    from statecare.nlp.evaluate.actions_loso import load_national_actions, national_leave_one_state_out

    root = shared_dir() / "national"  # type: ignore[operator]
    try:
        rows = load_national_actions(root, per_state=per_state or None, seed=seed)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    folds, never, shipped = national_leave_one_state_out(rows, labels=labels)
    click.echo(f"{root}: {len(rows)} actions, {len(folds)} states, "
               + (f"at most {per_state} sampled per state (seed {seed})" if per_state else "all actions"))
    click.echo("| state | n | key F1 never seen | key F1 shipped |")
    click.echo("|---|---|---|---|")
    for f in folds:
        click.echo(f"| {f.state} | {f.n} | {f.never_seen.micro_f1:.4f} | {f.shipped.micro_f1:.4f} |")
    click.echo(f"key_f1_never_seen={never.micro_f1:.4f} key_f1_shipped={shipped.micro_f1:.4f} n={never.n}")
    if transductive:
        from statecare.nlp.evaluate.actions_transductive import national_transductive_introduction

        tfolds, base, trans = national_transductive_introduction(root, rows, labels=labels)
        click.echo("")
        click.echo("| state | n | bills | share with introduction | first step = introduction | key F1 never seen "
                   "| key F1 + inferred convention |")
        click.echo("|---|---|---|---|---|---|---|")
        for t in tfolds:
            click.echo(f"| {t.state} | {t.n} | {t.profile.bills} | {t.profile.share_with_introduction:.2f} "
                       f"| {'yes' if t.profile.first_step_is_introduction else 'no'} | {t.rules.micro_f1:.4f} "
                       f"| {t.transductive.micro_f1:.4f} |")
        click.echo(f"key_f1_never_seen={base.micro_f1:.4f} key_f1_transductive={trans.micro_f1:.4f} n={base.n}")


# --------------------------------------------------------------------------- one action / one bill

@evaluate_group.command("bill-types")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--labels", default=None, help="comma-separated labels to score (default: all present)")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write predictions to this CSV")
@click.option("--cv", "folds", type=int, default=0,
              help="instead of the shipped model, k-fold cross-validate on FILE (grouped by title)")
def evaluate_bill_types(file: Path, labels: str | None, out: Path | None, folds: int) -> None:
    """Score policy types against FILE (state,session,identifier,title,summary,label)."""
    from statecare.nlp.evaluate.bill_types import cross_validate, score
    from statecare.nlp.policy_type.classifier import POLICY_TYPES, classify_bill
    from statecare.nlp.policy_type.train import read_rows

    try:
        rows = read_rows(file)
    except (ValueError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    wanted = [x.strip() for x in labels.split(",")] if labels else None
    if wanted:
        bad = [x for x in wanted if x not in POLICY_TYPES]
        if bad:
            raise click.ClickException(f"--labels: unknown label(s) {bad}; expected {POLICY_TYPES}")
    preds: list[tuple[str, float | None]]
    if folds:
        preds = [(p, None) for p in cross_validate(rows, folds=folds)]
    else:
        preds = [classify_bill(r.title, r.abstracts, None, identifier=r.identifier) for r in rows]
    gold = [r.label or "" for r in rows]
    s = score(gold, [p for p, _ in preds], wanted)
    for lab, (prec, rec, f1, support) in s.per_label.items():
        click.echo(f"{lab:<26} precision={prec:.3f} recall={rec:.3f} f1={f1:.3f} n={support}")
    if out:
        with out.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["state", "session", "identifier", "title", "label", "predicted", "score"])
            for r, (p, sc) in zip(rows, preds, strict=True):
                w.writerow([r.state, r.session, r.identifier, r.title, r.label, p,
                            "" if sc is None else f"{sc:.4f}"])
    click.echo(f"macro_f1={s.macro_f1:.4f} relevant_precision={s.relevant_precision:.4f} "
               f"relevant_recall={s.relevant_recall:.4f} n={s.n}")



@evaluate_group.command("provisions")
@click.argument("gold_path", metavar="GOLD.json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--docs", "docs", type=click.Path(exists=True, file_okay=False, path_type=Path), multiple=True,
              help="folder searched recursively for the gold's documents (default: shared/fixtures and "
                   "shared/national); repeatable")
@click.option("--details", is_flag=True, help="list false keys, missed keys and evidence disagreements")
def evaluate_provisions(gold_path: Path, docs: tuple[Path, ...], details: bool) -> None:
    """Score provisions against GOLD.json: per document, then `micro_f1=<x> evidence_agreement=<y> n=<n>`."""
    from statecare.nlp.evaluate.provisions import GoldFileError, score_gold
    from statecare.nlp.provisions.cli import read_document
    from statecare.nlp.provisions.extract import extract_provisions

    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"{gold_path}: not a readable JSON gold file ({exc})") from exc
    if not isinstance(gold, dict):
        raise click.ClickException(f"{gold_path}: expected an object mapping document names to entries")
    dirs = list(docs)
    if not dirs:
        from statecare.config import SharedDataMissing, shared_dir

        try:
            base = shared_dir()
        except SharedDataMissing as exc:
            raise click.ClickException(str(exc)) from exc
        assert base is not None
        dirs = [base / "fixtures", base / "national"]

    def extract(path: Path) -> list[dict]:
        return [p.as_dict() for p in extract_provisions(read_document(path))]

    try:
        scores, total = score_gold(gold, dirs, extract)
    except GoldFileError as exc:
        raise click.ClickException(str(exc)) from exc
    for s in scores:
        click.echo(s.line())
        if details:
            for k, ev in s.false_keys.items():
                click.echo(f"    FALSE  {k}: {' '.join(ev.split())[:160]}")
            for k, ev in s.missed_keys.items():
                click.echo(f"    MISSED {k}: {ev[:160]}")
            for k, (shown, want) in s.evidence_disagreements.items():
                click.echo(f"    EVID   {k}: shown {' '.join(shown.split())[:120]} | gold {want[:120]}")
    click.echo(total.line("(micro)"))
    click.echo(f"micro_f1={total.f1:.4f} evidence_agreement={total.evidence_agreement:.4f} n={len(scores)}")


@evaluate_group.command("stage")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write state,session,identifier,milestone,reference per bill to this CSV")
def evaluate_stage(paths: tuple[Path, ...], out: Path | None) -> None:
    """Derive each Open States bill's furthest milestone from its action text and compare it with
    the roll-up of the record's own categories (docs/nlp-stage.md)."""
    from statecare.nlp.evaluate.stage import evaluate_bills, iter_bills

    try:
        res = evaluate_bills(iter_bills(paths))
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if not res.rows:
        raise click.ClickException(f"no Open States bills with actions in {', '.join(map(str, paths))}")
    if out is not None:
        res.write(out)
    click.echo(f"{'state':6s} {'bills':>6s} {'accuracy':>9s} {'past_committee':>15s} {'n_past':>7s}")
    for st, (acc, pacc, n, npast) in res.per_state().items():
        click.echo(f"{st:6s} {n:6d} {acc:9.4f} {pacc:15.4f} {npast:7d}")
    click.echo("reference corrections by kind: "
               + (", ".join(f"{k}={v}" for k, v in sorted(res.corrections.items())) or "none"))
    click.echo(f"{'reference':20s} {'derived':20s} {'bills':>6s}")
    for (ref, got), k in sorted(res.confusion().items(), key=lambda kv: -kv[1]):
        if ref != got:
            click.echo(f"{ref:20s} {got:20s} {k:6d}")
    acc, pacc, n, _ = res.pooled()
    click.echo(f"accuracy={acc:.4f} past_committee_accuracy={pacc:.4f} n={n}")


@nlp_group.command("loso-learned")
@click.option("--per-state", "per_state", default=5000, show_default=True,
              help="score at most this many actions per state (seeded; the --national sample); 0 = all")
@click.option("--seed", default=0, show_default=True, help="the sampling seed")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="settings ([context_model] of statecare/nlp/models/actions/config.toml by default)")
@click.option("--errors", "n_errors", default=0, show_default=True,
              help="instead of training: sort the general rules' errors into conventions / misreadings, "
                   "listing this many phrasings per kind and state")
def loso_learned(per_state: int, seed: int, config_path: Path | None, n_errors: int) -> None:
    """Leave-one-state-out over shared/national for the learned context model (one training per state)."""
    from statecare.config import shared_dir
    from statecare.nlp.actions.context_model import CONFIG_PATH, ContextConfig
    from statecare.nlp.evaluate.actions_loso import national_examples, national_learned_loso

    config = ContextConfig.from_toml(config_path or CONFIG_PATH)
    root = shared_dir() / "national"  # type: ignore[operator]
    try:
        examples, scored = national_examples(root, per_state=per_state or None, seed=seed)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    if n_errors:
        _error_table(examples, scored, n_errors)
        return
    folds, rules, learned = national_learned_loso(examples, scored, config,
                                                  progress=lambda m: click.echo(m, err=True))
    click.echo("| state | n | key F1 general rules | key F1 learned (state left out) |")
    click.echo("|---|---|---|---|")
    for f in folds:
        click.echo(f"| {f.state} | {f.n} | {f.never_seen.micro_f1:.4f} | {f.shipped.micro_f1:.4f} |")
    worst = min(folds, key=lambda f: f.shipped.micro_f1)
    click.echo(f"key_f1_rules={rules.micro_f1:.4f} key_f1_learned={learned.micro_f1:.4f} "
               f"min_state={worst.state}:{worst.shipped.micro_f1:.4f} n={rules.n}")


def _error_table(examples, scored, n_errors: int) -> None:  # noqa: ANN001 - see national_examples
    from statecare.nlp.evaluate.actions_loso import ERROR_KINDS, classify_errors

    preds = {st: [examples[st][i][2] for i in idx] for st, idx in scored.items()}
    analysis = classify_errors(examples, scored, preds)
    click.echo("| state | key-label errors | " + " | ".join(ERROR_KINDS) + " |")
    click.echo("|---|---|" + "---|" * len(ERROR_KINDS))
    total: dict[str, int] = dict.fromkeys(ERROR_KINDS, 0)
    for ea in analysis:
        click.echo(f"| {ea.state} | {sum(ea.counts.values())} | "
                   + " | ".join(str(ea.counts[k]) for k in ERROR_KINDS) + " |")
        for k in ERROR_KINDS:
            total[k] += ea.counts[k]
    click.echo(f"| all | {sum(total.values())} | " + " | ".join(str(total[k]) for k in ERROR_KINDS) + " |")
    for ea in analysis:
        for k in ERROR_KINDS:
            for (text, g, p), n in ea.top[k].most_common(n_errors):
                click.echo(f"- {ea.state} {k} x{n}: `{text}` gold={g} pred={p}")
