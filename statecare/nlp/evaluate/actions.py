"""Scoring the action classifier against labelled CSVs (Open States' own labels).

Scores are per label (precision, recall, F1), micro-F1 over the chosen labels, and exact match (the
action's whole label set is right, restricted to the chosen labels).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


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


