"""Leave-one-state-out measurement of the policy-type classifier on the national dev set.

Three figures, none of which changes statecare code:

  shipped-unseen  the shipped model (as `statecare evaluate bill-types` runs it), scored only on national bills
                  that are NOT in the shipped model's training set (statecare/nlp/data/bill_types_dev.csv).
  loso            for each state S of FILE: train the same rules + TF-IDF/LR model (policy_type_train.train_model)
                  on bill_types_dev.csv plus FILE's bills of the other states (bills of S removed from both), and
                  predict S. The pooled out-of-state predictions are scored as one set.
  shipped+text    (--with-text) the shipped classify_bill given also the bill's extracted text from
                  $STATECARE_SHARED/national (first stored text, as recorded), to see what reading the text adds.

Run: .venv/bin/python scripts/bill_types_loso.py statecare/nlp/data/bill_types_national_dev.csv [--with-text]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
from pathlib import Path

from statecare.nlp.evaluate.bill_types import score
from statecare.nlp.policy_type.classifier import RELEVANT, classify_bill
from statecare.nlp.policy_type.train import DEV_SET, predict, read_rows, train_model


def _nid(s: str) -> str:
    return re.sub(r"[\s.]+", "", s).upper()


def _show(name: str, gold: list[str], pred: list[str]) -> None:
    s = score(gold, pred)
    for lab, (p, r, f, n) in s.per_label.items():
        print(f"  {lab:<26} precision={p:.3f} recall={r:.3f} f1={f:.3f} n={n}")
    print(f"{name}: macro_f1={s.macro_f1:.4f} relevant_precision={s.relevant_precision:.4f} "
          f"relevant_recall={s.relevant_recall:.4f} n={s.n}")


def _texts(rows) -> dict[tuple[str, str], str]:
    root = Path(os.environ.get("STATECARE_SHARED", str(Path(__file__).resolve().parents[2] / "shared"))) / "national"
    want = {(r.state, _nid(r.identifier)) for r in rows}
    out: dict[tuple[str, str], str] = {}
    for tj in sorted(root.glob("*/*/texts.jsonl.gz")):
        st = tj.parent.parent.name
        if not any(k[0] == st for k in want):
            continue
        with gzip.open(tj, "rt", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                k = (st, _nid(d["identifier"]))
                if k in want and k not in out and d.get("text"):
                    out[k] = d["text"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=Path)
    ap.add_argument("--with-text", action="store_true")
    args = ap.parse_args()
    rows = read_rows(args.file)
    train_dev = read_rows(DEV_SET)
    seen = {(r.state, _nid(r.identifier)) for r in train_dev}

    unseen = [r for r in rows if (r.state, _nid(r.identifier)) not in seen]
    pred = [classify_bill(r.title, r.abstracts, None, identifier=r.identifier)[0] for r in unseen]
    print(f"shipped model, {len(rows) - len(unseen)} bills of FILE are in its training set and left out")
    _show("shipped-unseen", [r.label or "" for r in unseen], pred)

    gold, loso = [], []
    per_state = []
    for st in sorted({r.state for r in rows}):
        train = [r for r in train_dev if r.state != st] + [r for r in rows if r.state != st]
        test = [r for r in rows if r.state == st]
        model = train_model(train)
        p = [lab for lab, _ in predict(model, test)]
        gold += [r.label or "" for r in test]
        loso += p
        g = sum(r.label in RELEVANT for r in test)
        tp = sum(r.label in RELEVANT and x in RELEVANT for r, x in zip(test, p, strict=True))
        pr = sum(x in RELEVANT for x in p)
        per_state.append((st, len(test), g, pr, tp))
        for r, x in zip(test, p, strict=True):
            if (r.label in RELEVANT) != (x in RELEVANT) or (r.label in RELEVANT and r.label != x):
                print(f"  loso {st} {r.identifier:<10} gold={r.label:<24} pred={x:<24} {r.title[:70]}")
    _show("loso", gold, loso)
    print(f"{'state':<6}{'n':>5}{'gold_rel':>9}{'pred_rel':>9}{'tp':>5}")
    for st, n, g, pr, tp in per_state:
        if g or pr:
            print(f"{st:<6}{n:>5}{g:>9}{pr:>9}{tp:>5}")

    if args.with_text:
        texts = _texts(rows)
        pred = [classify_bill(r.title, r.abstracts, texts.get((r.state, _nid(r.identifier))),
                              identifier=r.identifier)[0] for r in rows]
        print(f"texts found for {len(texts)} of {len(rows)} bills")
        _show("shipped+text", [r.label or "" for r in rows], pred)
        for r, x in zip(rows, pred, strict=True):
            if (r.label in RELEVANT) != (x in RELEVANT):
                print(f"  text {r.state} {r.identifier:<10} gold={r.label:<24} pred={x:<24} {r.title[:70]}")


if __name__ == "__main__":
    main()
