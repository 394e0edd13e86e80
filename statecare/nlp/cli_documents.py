"""`statecare nlp provisions`, `statecare nlp train policy-type`, `statecare evaluate bill-types`.

Attached to the groups defined in statecare/nlp/cli.py. The `train` group is shared with the
action classifier's training command: whichever module is imported first creates it, the other
reuses it, so both end up as `statecare nlp train <what>`.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from statecare.nlp.cli import evaluate_group, nlp_group, train_group

# the commands live inside the nlp/evaluate groups, which statecare/nlp/cli.py already exports
commands: list[click.Command] = []



def read_document(path: Path) -> str:
    """Bill text from a plain-text, HTML or PDF file (the documents stage decides the format)."""
    try:
        from statecare.documents import extract_file
    except ImportError:  # documents stage not installed: plain text only
        extract_file = None
    if extract_file is None:
        try:
            return path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise click.ClickException(f"{path}: not UTF-8 text and no document extractor available") from exc
    try:
        ex = extract_file(path)
    except Exception as exc:  # noqa: BLE001 - the extractor's own error names the problem
        raise click.ClickException(f"{path}: cannot extract text: {exc}") from exc
    status = getattr(ex, "status", "ok")
    if status not in (None, "ok") and not ex.text.strip():
        raise click.ClickException(f"{path}: no text could be extracted (status {status})")
    return ex.text


@nlp_group.command("provisions")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="print JSON (provisions + scorecard)")
def provisions_cmd(path: Path, as_json: bool) -> None:
    """Provisions with evidence spans, and the design scorecard, for one bill document."""
    from statecare.nlp.provisions import extract_provisions
    from statecare.nlp.scorecard import build_scorecard

    text = read_document(path)
    provs = extract_provisions(text)
    card = build_scorecard(text, provs)
    if as_json:
        json.dump({"provisions": [p.as_dict() for p in provs], "scorecard": card}, sys.stdout,
                  ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    click.echo(f"{path}: {len(text):,} characters, {len(provs)} provisions")
    for p in provs:
        ev = " ".join(p.evidence.split())
        click.echo(f"  {p.key:<45} {p.confidence:4.2f} [{p.start}:{p.end}] {ev[:110]}")
    click.echo("scorecard:")
    for q, a in card.items():
        ev = " ".join(a["evidence"][0]["evidence"].split())[:90] if a["evidence"] else ""
        click.echo(f"  {q:<24} {a['answer']:<11} {ev}")


@train_group.command("policy-type")
@click.option("--data", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="labelled CSV (default: the development set in the repository)")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="where to write the spaCy pipeline (default: the shipped model folder)")
def train_policy_type(data: Path | None, out: Path | None) -> None:
    """Retrain the policy-type model (deterministic: same data, same weights)."""
    from statecare.nlp.policy_type import MODEL_DIR
    from statecare.nlp.policy_type_train import DEV_SET, train_and_save

    try:
        path = train_and_save(data or DEV_SET, out or MODEL_DIR)
    except (ValueError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"saved policy-type pipeline to {path}")


@evaluate_group.command("bill-types")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--labels", default=None, help="comma-separated labels to score (default: all present)")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write predictions to this CSV")
@click.option("--cv", "folds", type=int, default=0,
              help="instead of the shipped model, k-fold cross-validate on FILE (grouped by title)")
def evaluate_bill_types(file: Path, labels: str | None, out: Path | None, folds: int) -> None:
    """Score policy types against FILE (state,session,identifier,title,summary,label)."""
    from statecare.nlp.policy_type import POLICY_TYPES, classify_bill
    from statecare.nlp.policy_type_train import cross_validate, read_rows, score

    try:
        rows = read_rows(file)
    except (ValueError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    wanted = [x.strip() for x in labels.split(",")] if labels else None
    if wanted:
        bad = [x for x in wanted if x not in POLICY_TYPES]
        if bad:
            raise click.ClickException(f"--labels: unknown label(s) {bad}; expected {POLICY_TYPES}")
    if folds:
        preds = [(p, None) for p in cross_validate(rows, folds=folds)]
    else:
        preds = [classify_bill(r.title, r.abstracts, None, identifier=r.identifier) for r in rows]
    gold = [r.label or "" for r in rows]
    s = score(gold, [p for p, _ in preds], wanted)
    for lab, (p, r, f, n) in s.per_label.items():
        click.echo(f"{lab:<26} precision={p:.3f} recall={r:.3f} f1={f:.3f} n={n}")
    if out:
        with out.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["state", "session", "identifier", "title", "label", "predicted", "score"])
            for r, (p, sc) in zip(rows, preds, strict=True):
                w.writerow([r.state, r.session, r.identifier, r.title, r.label, p,
                            "" if sc is None else f"{sc:.4f}"])
    click.echo(f"macro_f1={s.macro_f1:.4f} relevant_precision={s.relevant_precision:.4f} "
               f"relevant_recall={s.relevant_recall:.4f} n={s.n}")

