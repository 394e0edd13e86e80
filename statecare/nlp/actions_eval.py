"""Scoring the action classifier against labelled CSVs (Open States' own labels).

The CSV format is fixed by DESIGN.md: state,session,bill,date,chamber,description,classification
with `a|b` for several labels and an empty cell for none. Scores are per label (precision, recall,
F1), micro-F1 over the chosen labels, and exact match (the action's whole label set is right,
restricted to the chosen labels).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from statecare.nlp.actions_rules import ACTION_LABELS

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


@dataclass
class LabelCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass
class Scores:
    """Per-label counts plus the micro figures and exact match over the chosen labels."""

    per_label: dict[str, LabelCounts] = field(default_factory=dict)
    n: int = 0
    exact: int = 0

    @property
    def micro(self) -> LabelCounts:
        tot = LabelCounts()
        for c in self.per_label.values():
            tot.tp += c.tp
            tot.fp += c.fp
            tot.fn += c.fn
        return tot

    @property
    def micro_f1(self) -> float:
        return self.micro.f1

    @property
    def exact_match(self) -> float:
        return self.exact / self.n if self.n else 0.0


def score(
    gold: Sequence[Iterable[str]], pred: Sequence[Iterable[str]], labels: Iterable[str] | None = None
) -> Scores:
    """Compare gold and predicted label sets, counting only `labels` (all labels when None)."""
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} rows but predictions have {len(pred)}")
    keep = None if labels is None else frozenset(labels)
    s = Scores()
    for g_raw, p_raw in zip(gold, pred, strict=True):
        g, p = set(g_raw), set(p_raw)
        if keep is not None:
            g &= keep
            p &= keep
        s.n += 1
        s.exact += g == p
        for lab in g | p:
            c = s.per_label.setdefault(lab, LabelCounts())
            if lab in g and lab in p:
                c.tp += 1
            elif lab in p:
                c.fp += 1
            else:
                c.fn += 1
    if keep is not None:
        for lab in keep:
            s.per_label.setdefault(lab, LabelCounts())
    return s


def format_scores(s: Scores) -> list[str]:
    """Human-readable table lines: one per label with support or predictions, then the micro line."""
    lines = [f"{'label':32s} {'prec':>6s} {'recall':>6s} {'f1':>6s} {'gold':>7s} {'pred':>7s}"]
    for lab in sorted(s.per_label, key=lambda x: (-s.per_label[x].support, x)):
        c = s.per_label[lab]
        if c.support == 0 and c.tp + c.fp == 0:
            continue
        lines.append(
            f"{lab:32s} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.support:7d} {c.tp + c.fp:7d}"
        )
    m = s.micro
    lines.append(f"{'(micro)':32s} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.support:7d} {m.tp + m.fp:7d}")
    return lines


def bill_in_test_split(state: str, session: str, bill: str, *, test_percent: int = 20) -> bool:
    """Deterministic held-out split by bill: a bill's actions are all in train or all in test.

    Hashing the bill key (not random sampling) keeps the split the same on every machine and
    every run, so the figures in docs/nlp-actions.md can be reproduced.
    """
    h = hashlib.sha256(f"{state}|{session}|{bill}".encode()).digest()
    return int.from_bytes(h[:4], "big") % 100 < test_percent
