"""Scoring and cross-validation of the policy-type classifier.

Cross-validation groups bills by normalised title: companions (S/A pairs) and reintroductions share
a title, and letting one sit in training while its twin is scored would flatter the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from statecare.nlp.policy_type.classifier import POLICY_TYPES, RELEVANT
from statecare.nlp.policy_type.train import BillRow, predict, train_model


@dataclass
class Scores:
    per_label: dict[str, tuple[float, float, float, int]]
    macro_f1: float
    relevant_precision: float
    relevant_recall: float
    n: int


def score(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None) -> Scores:
    """Per-label P/R/F1, macro-F1 over the scored labels, and relevance P/R (first four types)."""
    scored = list(labels) if labels else [t for t in POLICY_TYPES if t in set(gold) | set(pred)]
    per: dict[str, tuple[float, float, float, int]] = {}
    for lab in scored:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = (prec, rec, f1, tp + fn)
    present = [lab for lab in scored if per[lab][3] > 0]
    macro = float(np.mean([per[lab][2] for lab in present])) if present else 0.0
    g_rel = [g in RELEVANT for g in gold]
    p_rel = [p in RELEVANT for p in pred]
    tp = sum(a and b for a, b in zip(g_rel, p_rel, strict=True))
    rp = tp / sum(p_rel) if sum(p_rel) else 0.0
    rr = tp / sum(g_rel) if sum(g_rel) else 0.0
    return Scores(per, macro, rp, rr, len(gold))


def _group(title: str) -> str:
    return re.sub(r"[^a-z]+", " ", title.lower()).strip()


def cross_validate(rows: Sequence[BillRow], folds: int = 5, seed: int = 13,
                   use_rules: bool = True, use_model: bool = True) -> list[str]:
    """Out-of-fold predictions, companions/reintroductions kept in one fold (grouped by title)."""
    from sklearn.model_selection import StratifiedGroupKFold

    y = [r.label or "" for r in rows]
    groups = [_group(r.title) for r in rows]
    pred = [""] * len(rows)
    skf = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "least populated class has only 1 member"
        splits = list(skf.split(np.zeros(len(rows)), y, groups))
    for train_idx, test_idx in splits:
        model = train_model([rows[i] for i in train_idx]) if use_model else None
        for i, (lab, _) in zip(test_idx, predict(model, [rows[i] for i in test_idx], use_rules),
                               strict=True):
            pred[i] = lab
    return pred
