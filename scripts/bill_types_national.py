"""Policy type with everything a careful reader uses, on the national recording (issue 12).

Reads each health bill of $STATECARE_SHARED/national whole: title, abstracts, subjects, classification,
related bills, and its latest extracted text (texts.jsonl.gz), and classifies it as `statecare classify`
would (classifier.decide: rules + the shipped TF-IDF/LR weights + inheritance from related bills).

  dev FILE      score FILE (the national dev set) three ways, all with the full bill:
                  shipped        the shipped model on every row;
                  shipped-unseen the shipped model on rows NOT in its training set (bill_types_dev.csv);
                  loso           per state S: train on bill_types_dev.csv + FILE minus S's bills, score S.
                and print per-state relevant counts and every relevant miss / false positive.
  all OUT.csv   classify all health bills; write the bills flagged relevant (state, session, identifier,
                type, score, rule, title, abstract/text snippet) for reading, and print counts per state.

Run: STATECARE_SHARED=../shared .venv/bin/python scripts/bill_types_national.py dev \
         statecare/nlp/data/bill_types_national_dev.csv
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from statecare.nlp.evaluate.bill_types import score
from statecare.nlp.policy_type.classifier import (
    RELEVANT,
    LinearModel,
    bill_document,
    decide,
    load_pipeline,
)
from statecare.nlp.policy_type.reading import purpose_view
from statecare.nlp.policy_type.train import DEV_SET, read_rows, train_model

Bill = dict[str, Any]


def nid(s: str) -> str:
    """Identifier key: 'HB 0417', 'HB417' and 'H.B. 417' agree."""
    s = re.sub(r"[\s.]+", "", s).upper()
    return re.sub(r"(?<=[A-Z])0+(?=\d)", "", s)


def norm_title(t: str) -> str:
    return re.sub(r"[^a-z]+", " ", (t or "").lower()).strip()


def load_national(states: set[str] | None = None) -> list[Bill]:
    """Every health bill of the recording with what the classifier may read."""
    root = Path(os.environ.get("STATECARE_SHARED", str(Path(__file__).resolve().parents[2] / "shared"))) / "national"
    out: list[Bill] = []
    for bj in sorted(root.glob("*/*/bills.jsonl.gz")):
        st = bj.parent.parent.name
        if states and st not in states:
            continue
        texts: dict[str, str] = {}
        tj = bj.parent / "texts.jsonl.gz"
        if tj.is_file():
            with gzip.open(tj, "rt", encoding="utf-8") as f:
                for line in f:
                    d = json.loads(line)
                    if d.get("text"):
                        texts[nid(d["identifier"])] = d["text"]  # the last listed version wins
        with gzip.open(bj, "rt", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                out.append({
                    "state": st, "session": d.get("legislative_session", ""), "identifier": d["identifier"],
                    "title": d.get("title") or "",
                    "abstracts": [a["abstract"] for a in d.get("abstracts") or [] if a.get("abstract")],
                    "subjects": list(d.get("subject") or []),
                    "classification": list(d.get("classification") or []),
                    "related": [nid(r.get("identifier", "")) for r in d.get("related_bills") or []],
                    "text": texts.get(nid(d["identifier"])),
                })
    return out


def meta(b: Bill, related_types: list[str] | None = None) -> dict[str, Any]:
    return {"title": b["title"], "abstracts": b["abstracts"], "text": b["text"], "identifier": b["identifier"],
            "classification": b["classification"], "subjects": b["subjects"], "state": b["state"],
            "related_types": related_types or []}


def related_of(bills: list[Bill]) -> dict[int, list[int]]:
    """Companions/earlier versions: related-bill links, or the identical (non-generic) title in the state."""
    by_key = {(b["state"], nid(b["identifier"])): i for i, b in enumerate(bills)}
    by_title: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, b in enumerate(bills):
        t = norm_title(b["title"])
        if len(t.split()) >= 4:
            by_title[(b["state"], t)].append(i)
    out: dict[int, list[int]] = {}
    for i, b in enumerate(bills):
        rel = {by_key[(b["state"], r)] for r in b["related"] if (b["state"], r) in by_key}
        rel |= set(by_title.get((b["state"], norm_title(b["title"])), []))
        rel.discard(i)
        if rel:
            out[i] = sorted(rel)
    return out


def classify_all(bills: list[Bill], model: LinearModel,
                 only: set[int] | None = None) -> list[tuple[str, float, str]]:
    """Two passes: each bill alone, then with its related bills' first-pass types.

    `only`: classify just these bills (and, for the first pass, the bills related to them); the
    others get ("", 0, "") - cross-validation needs only the dev rows.
    """
    def one(b: Bill, rel: list[str]) -> tuple[str, float, str]:
        (lab, sc), rule, _ = decide(model, bill_document(b["title"], b["abstracts"]), meta(b, rel))
        return lab, sc, (rule.reason if rule else "")
    rel = related_of(bills)
    need = set(range(len(bills))) if only is None else only | {j for i in only for j in rel.get(i, [])}
    first = [one(b, []) if i in need else ("", 0.0, "") for i, b in enumerate(bills)]
    out = []
    for i, b in enumerate(bills):
        if only is not None and i not in only:
            out.append(("", 0.0, ""))
            continue
        types = [first[j][0] for j in rel.get(i, [])]
        if any(t in RELEVANT for t in types) and first[i][0] not in RELEVANT:
            lab, sc, why = one(b, types)
            out.append((lab, sc, why or ("inherited from related bill" if lab in RELEVANT else "")))
        else:
            out.append(first[i])
    return out


def _show(name: str, gold: list[str], pred: list[str]) -> None:
    s = score(gold, pred)
    for lab, (p, r, f, n) in s.per_label.items():
        print(f"  {lab:<26} precision={p:.3f} recall={r:.3f} f1={f:.3f} n={n}")
    print(f"{name}: macro_f1={s.macro_f1:.4f} relevant_precision={s.relevant_precision:.4f} "
          f"relevant_recall={s.relevant_recall:.4f} n={s.n}")


def dev(path: Path, loso: bool) -> None:
    rows = read_rows(path)
    bills = load_national({r.state for r in rows})
    idx = {(b["state"], nid(b["identifier"])): i for i, b in enumerate(bills)}
    missing = [r for r in rows if (r.state, nid(r.identifier)) not in idx]
    print(f"{len(rows)} dev rows, {len(missing)} not found among the health bills (classified from the CSV)")
    for r in missing:
        bills.append({"state": r.state, "session": r.session, "identifier": r.identifier, "title": r.title,
                      "abstracts": r.abstracts, "subjects": [], "classification": [], "related": [], "text": None})
        idx[(r.state, nid(r.identifier))] = len(bills) - 1
    gold = [r.label or "" for r in rows]
    seen = {(r.state, nid(r.identifier)) for r in read_rows(DEV_SET)}

    def run(model_for: Callable[[str], LinearModel], name: str) -> list[str]:
        pred: list[str] = [""] * len(rows)
        for st in sorted({r.state for r in rows}):
            sb = [i for i, b in enumerate(bills) if b["state"] == st]
            pos = {i: k for k, i in enumerate(sb)}
            only = {pos[idx[(st, nid(r.identifier))]] for r in rows if r.state == st}
            res = classify_all([bills[i] for i in sb], model_for(st), only)
            at = {i: res[k] for k, i in enumerate(sb)}
            for k, r in enumerate(rows):
                if r.state == st:
                    pred[k] = at[idx[(st, nid(r.identifier))]][0]
        _show(name, gold, pred)
        return pred

    shipped = load_pipeline().get_pipe("statecare_policy_type").model  # type: ignore[attr-defined]
    pred = run(lambda st: shipped, "shipped")
    keep = [k for k, r in enumerate(rows) if (r.state, nid(r.identifier)) not in seen]
    _show("shipped-unseen", [gold[k] for k in keep], [pred[k] for k in keep])
    report = pred
    if loso:
        train_dev = read_rows(DEV_SET)
        report = run(lambda st: train_model([r for r in train_dev if r.state != st]
                                            + [r for r in rows if r.state != st]), "loso")
        _show("loso-unseen", [gold[k] for k in keep], [report[k] for k in keep])
    print(f"{'state':<6}{'n':>5}{'gold_rel':>9}{'pred_rel':>9}{'tp':>5}")
    for st in sorted({r.state for r in rows}):
        ks = [k for k, r in enumerate(rows) if r.state == st]
        g = sum(gold[k] in RELEVANT for k in ks)
        p = sum(report[k] in RELEVANT for k in ks)
        tp = sum(gold[k] in RELEVANT and report[k] in RELEVANT for k in ks)
        if g or p:
            print(f"{st:<6}{len(ks):>5}{g:>9}{p:>9}{tp:>5}")
    for k, r in enumerate(rows):
        if (gold[k] in RELEVANT or report[k] in RELEVANT) and gold[k] != report[k]:
            print(f"  {r.state} {r.identifier:<10} gold={gold[k]:<24} pred={report[k]:<24} {r.title[:70]}")


def all_bills(out: Path) -> None:
    bills = load_national()
    shipped = load_pipeline().get_pipe("statecare_policy_type").model  # type: ignore[attr-defined]
    res = classify_all(bills, shipped)
    counts: Counter[str] = Counter()
    per_state: dict[str, Counter[str]] = defaultdict(Counter)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["state", "session", "identifier", "type", "score", "rule", "title", "abstract", "text"])
        for b, (lab, sc, why) in zip(bills, res, strict=True):
            counts[lab] += 1
            if lab in RELEVANT:
                per_state[b["state"]][lab] += 1
                w.writerow([b["state"], b["session"], b["identifier"], lab, sc, why, b["title"][:300],
                            " ".join(b["abstracts"])[:300], purpose_view(b["text"])[:600] if b["text"] else ""])
    print(f"{len(bills)} health bills: {dict(counts)}")
    for st in sorted(per_state):
        print(f"{st} {sum(per_state[st].values())} {dict(per_state[st])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dev")
    d.add_argument("file", type=Path)
    d.add_argument("--loso", action="store_true")
    a = sub.add_parser("all")
    a.add_argument("out", type=Path)
    args = ap.parse_args()
    if args.cmd == "dev":
        dev(args.file, args.loso)
    else:
        all_bills(args.out)


if __name__ == "__main__":
    main()
