"""Labelled actions: reading the CSVs of actions with Open States' own categories.

The CSV format is fixed by DESIGN.md: state,session,bill,date,chamber,description,classification
with `a|b` for several labels and an empty cell for none. Training reads them (statecare.nlp.actions
.learned) and so does measurement (statecare.nlp.evaluate.actions), so reading lives here, with the
training code, and scoring lives in evaluate/ (production code never imports evaluation code).
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from statecare.nlp.actions.rules import ACTION_LABELS

REQUIRED_COLUMNS: tuple[str, ...] = ("state", "session", "bill", "date", "chamber", "description", "classification")


class LabelFileError(ValueError):
    """A labelled CSV that cannot be scored; the message names the file (and line)."""


@dataclass(frozen=True)
class LabelledAction:
    """One row of a labelled action CSV."""

    state: str
    session: str
    bill: str
    date: str
    chamber: str
    description: str
    labels: frozenset[str]
    line: int


def parse_labels(cell: str | None, *, where: str = "") -> frozenset[str]:
    """'a|b' -> {'a', 'b'}; '' -> {}; unknown labels are an error naming where they were found."""
    if not cell or not cell.strip():
        return frozenset()
    labels = frozenset(p.strip() for p in cell.split("|") if p.strip())
    unknown = sorted(labels - set(ACTION_LABELS))
    if unknown:
        raise LabelFileError(f"{where}: unknown Open States label(s) {unknown}")
    return labels


def load_action_csv(path: str | Path) -> list[LabelledAction]:
    """Read a labelled action CSV, checking its columns and labels."""
    p = Path(path)
    if not p.is_file():
        raise LabelFileError(f"labelled action file not found: {p}")
    rows: list[LabelledAction] = []
    with p.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise LabelFileError(
                f"{p}: missing column(s) {missing}; expected {','.join(REQUIRED_COLUMNS)}"
            )
        for n, r in enumerate(reader, start=2):
            rows.append(
                LabelledAction(
                    state=(r["state"] or "").strip().lower(),
                    session=r["session"] or "",
                    bill=r["bill"] or "",
                    date=r["date"] or "",
                    chamber=(r["chamber"] or "").strip(),
                    description=r["description"] or "",
                    labels=parse_labels(r["classification"], where=f"{p}:{n}"),
                    line=n,
                )
            )
    if not rows:
        raise LabelFileError(f"{p}: no actions to score")
    return rows


def bill_in_test_split(state: str, session: str, bill: str, *, test_percent: int = 20) -> bool:
    """Deterministic held-out split by bill: a bill's actions are all in train or all in test.

    Hashing the bill key (not random sampling) keeps the split the same on every machine and
    every run, so the figures in docs/nlp-actions.md can be reproduced.
    """
    h = hashlib.sha256(f"{state}|{session}|{bill}".encode()).digest()
    return int.from_bytes(h[:4], "big") % 100 < test_percent
