"""`statecare nlp provisions PATH [--json]`: provisions and the design scorecard of one bill document.

Attached to the `nlp` group defined in statecare/nlp/cli.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from statecare.documents import extract_file
from statecare.nlp.cli import nlp_group

# the command lives inside the nlp group, which statecare/nlp/cli.py already exports
commands: list[click.Command] = []


def read_document(path: Path) -> str:
    """Bill text from a plain-text, HTML or PDF file (the documents stage decides the format)."""
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
    from statecare.nlp.provisions.extract import extract_provisions
    from statecare.nlp.provisions.scorecard import build_scorecard

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
