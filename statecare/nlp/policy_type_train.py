"""Training, cross-validation and scoring of the policy-type classifier.

Kept apart from `policy_type.py` so that classifying a bill never imports scikit-learn's
training code. Cross-validation groups bills by normalised title: companions (S/A pairs) and
reintroductions share a title, and letting one sit in training while its twin is scored would
flatter the model.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from statecare.nlp.policy_type import (
    MODEL_DIR,
    POLICY_TYPES,
    RELEVANT,
    LinearModel,
    apply_rules,
    bill_document,
    build_pipeline,
    combine,
    coverage_vote,
)

DEV_SET = Path(__file__).resolve().parent / "data" / "bill_types_dev.csv"
REQUIRED = ("state", "session", "identifier", "title", "summary")


@dataclass
class BillRow:
    state: str
    session: str
    identifier: str
    title: str
    summary: str
    label: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def abstracts(self) -> list[str]:
        return [self.summary] if self.summary else []


def read_rows(path: Path, need_label: bool = True) -> list[BillRow]:
    """Read a bill-types CSV; a missing column or unknown label is an error naming the file."""
    if not path.is_file():
        raise FileNotFoundError(f"bill-types file not found: {path}")
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        cols = set(reader.fieldnames or [])
        missing = [c for c in (*REQUIRED, *(("label",) if need_label else ())) if c not in cols]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}; "
                             f"expected {','.join(REQUIRED)},label")
        rows = []
        for n, r in enumerate(reader, start=2):
            label = (r.get("label") or "").strip() or None
            if label is not None and label not in POLICY_TYPES:
                raise ValueError(f"{path}:{n}: unknown label {label!r}; expected one of {POLICY_TYPES}")
            if need_label and label is None:
                raise ValueError(f"{path}:{n}: empty label")
            rows.append(BillRow(r["state"], r["session"], r["identifier"], r["title"] or "",
                                r["summary"] or "", label,
                                {k: v for k, v in r.items() if k not in (*REQUIRED, "label")}))
    return rows


def _text(r: BillRow) -> str:
    return bill_document(r.title, r.abstracts)


def train_model(rows: Sequence[BillRow]) -> LinearModel:
    return LinearModel.train([_text(r) for r in rows], [r.label or "" for r in rows])


def predict(model: LinearModel | None, rows: Sequence[BillRow], use_rules: bool = True) -> list[tuple[str, float]]:
    out = []
    for r in rows:
        rule = apply_rules(r.title, r.abstracts, None, r.identifier) if use_rules else None
        proba = model.predict_proba(_text(r)) if model else {"unrelated": 1.0}
        out.append(combine(rule, proba, coverage_vote(_text(r)) if use_rules else None))
    return out


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


def train_and_save(dev: Path = DEV_SET, out: Path = MODEL_DIR) -> Path:
    """Train on the whole development set and save a spaCy pipeline directory."""
    rows = read_rows(dev)
    nlp = build_pipeline(train_model(rows))
    nlp.meta["name"] = "statecare_policy_type"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = f"policy type: rules + TF-IDF/LR trained on {dev.name} ({len(rows)} bills)"
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    return out
