"""Training of the policy-type classifier (scoring and cross-validation: nlp/evaluate/bill_types.py).

Kept apart from `classifier.py` so that classifying a bill never imports scikit-learn's training
code.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from statecare.nlp.policy_type.classifier import (
    MODEL_DIR,
    POLICY_TYPES,
    LinearModel,
    apply_rules,
    bill_document,
    build_pipeline,
    combine,
    coverage_vote,
)

DEV_SET = Path(__file__).resolve().parent.parent / "data" / "bill_types_dev.csv"
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
        out.append(combine(rule, proba, coverage_vote(_text(r)) if use_rules else None,
                           _text(r) if use_rules else None))
    return out


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
