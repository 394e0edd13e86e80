"""Per-state relevance precision/recall of the shipped policy-type classifier on a bill-types CSV.

Uses the same call as `statecare evaluate bill-types` (classify_bill on title + summary) and the same
scoring helper, then breaks the relevant labels (single_payer, public_option, universal_coverage_study,
federal_resolution) down by state, and lists the relevant bills missed and the false positives.

Run: .venv/bin/python scripts/bill_types_per_state.py statecare/nlp/data/bill_types_national_dev.csv
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from statecare.nlp.evaluate.bill_types import score
from statecare.nlp.policy_type.classifier import RELEVANT, classify_bill
from statecare.nlp.policy_type.train import read_rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=Path)
    args = ap.parse_args()
    rows = read_rows(args.file)
    preds = [classify_bill(r.title, r.abstracts, None, identifier=r.identifier)[0] for r in rows]
    by_state: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r, p in zip(rows, preds, strict=True):
        by_state[r.state].append((r.label or "", p))
    print(f"{'state':<6}{'n':>5}{'gold_rel':>9}{'pred_rel':>9}{'tp':>5}{'precision':>11}{'recall':>8}"
          f"{'type_exact':>11}")
    for st in sorted(by_state):
        pairs = by_state[st]
        g = sum(a in RELEVANT for a, _ in pairs)
        pr = sum(b in RELEVANT for _, b in pairs)
        tp = sum(a in RELEVANT and b in RELEVANT for a, b in pairs)
        exact = sum(a in RELEVANT and a == b for a, b in pairs)
        prec = f"{tp / pr:.2f}" if pr else "-"
        rec = f"{tp / g:.2f}" if g else "-"
        print(f"{st:<6}{len(pairs):>5}{g:>9}{pr:>9}{tp:>5}{prec:>11}{rec:>8}{exact:>11}")
    s = score([r.label or "" for r in rows], preds)
    print(f"ALL macro_f1={s.macro_f1:.4f} relevant_precision={s.relevant_precision:.4f} "
          f"relevant_recall={s.relevant_recall:.4f} n={s.n}")
    print("\nrelevant bills missed (gold relevant, predicted not relevant) or given another relevant type:")
    for r, p in zip(rows, preds, strict=True):
        if r.label in RELEVANT and p != r.label:
            kind = "MISS" if p not in RELEVANT else "WRONG-TYPE"
            print(f"  {kind:<10} {r.state} {r.identifier:<10} gold={r.label:<24} pred={p:<24} {r.title[:90]}")
    print("\nfalse positives (gold not relevant, predicted relevant):")
    for r, p in zip(rows, preds, strict=True):
        if r.label not in RELEVANT and p in RELEVANT:
            print(f"  {r.state} {r.identifier:<10} gold={r.label:<22} pred={p:<24} {r.title[:90]}")


if __name__ == "__main__":
    main()
