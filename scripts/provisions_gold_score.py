"""Score `statecare nlp provisions PATH --json` against the provisions gold set (issue 13).

    python scripts/provisions_gold_score.py [GOLD.json] [--docs DIR ...] [--meta META.json]
                                            [--details] [--json OUT.json]

Stands in for `statecare evaluate provisions GOLD.json [--docs DIR]` until that command exists.
For every gold document it runs the extractor through its stable CLI (a subprocess:
`python -m statecare nlp provisions PATH --json`) and compares:

  * keys: a key reported at least once is predicted present; precision, recall and F1 against the
    gold "present" keys, per document and micro-averaged (summed TP/FP/FN) per split;
  * evidence agreement: of the gold-present keys the extractor found, the share whose FIRST shown
    passage (the first provision of that key in the output) contains, or is contained in, the gold
    sentence, both compared after whitespace and hyphenation normalisation (the same `normalise`
    as scripts/provisions_gold_check.py).

Splits (dev / held_aside) come from the meta file. --details lists false keys, missed keys and
evidence disagreements (the passage shown vs the gold sentence) for error analysis.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provisions_gold_check import (  # noqa: E402 - sibling script, imported after the path is set
    DEFAULT_GOLD,
    DEFAULT_META,
    default_docs_dirs,
    find_document,
    normalise,
)


def run_extractor(path: Path) -> list[dict]:
    """Provisions printed by `statecare nlp provisions PATH --json`, in output order."""
    env = dict(os.environ)
    env.setdefault("STATECARE_SHARED", "/work/shared")
    out = subprocess.run([sys.executable, "-m", "statecare", "nlp", "provisions", str(path), "--json"],
                         capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)["provisions"]


def agrees(shown: str, gold: str) -> bool:
    a, b = normalise(shown), normalise(gold)
    return bool(a) and bool(b) and (a in b or b in a)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_document(gold_entry: dict, provisions: list[dict]) -> dict:
    gold_present: dict[str, str] = {k: v["evidence"] for k, v in gold_entry["present"].items()}
    first: dict[str, str] = {}
    for prov in provisions:
        first.setdefault(prov["key"], prov["evidence"])
    predicted = set(first)
    gold_keys = set(gold_present)
    tp, fp, fn = sorted(predicted & gold_keys), sorted(predicted - gold_keys), sorted(gold_keys - predicted)
    agree = [k for k in tp if agrees(first[k], gold_present[k])]
    return {
        "tp": len(tp), "fp": len(fp), "fn": len(fn), "evidence_agree": len(agree),
        "false_keys": {k: first[k] for k in fp},
        "missed_keys": {k: gold_present[k] for k in fn},
        "evidence_disagreements": {k: {"shown": first[k], "gold": gold_present[k]}
                                   for k in tp if k not in agree},
    }


def summary_line(label: str, s: dict) -> str:
    p, r, f = prf(s["tp"], s["fp"], s["fn"])
    ev = s["evidence_agree"] / s["tp"] if s["tp"] else 0.0
    return (f"{label:<48} P {p:.2f}  R {r:.2f}  F1 {f:.2f}  (tp {s['tp']:>3} fp {s['fp']:>2} fn {s['fn']:>2})"
            f"  evidence {ev:.2f} ({s['evidence_agree']}/{s['tp']})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--docs", type=Path, action="append", default=None)
    ap.add_argument("--meta", type=Path, default=DEFAULT_META)
    ap.add_argument("--details", action="store_true", help="list false keys, missed keys, evidence misses")
    ap.add_argument("--json", dest="json_out", type=Path, default=None, help="write all figures as JSON")
    args = ap.parse_args(argv)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    meta = json.loads(args.meta.read_text(encoding="utf-8")) if args.meta and args.meta.exists() else {}
    dirs = args.docs or default_docs_dirs()
    cache: dict[str, list[Path]] = {}
    per_doc: dict[str, dict] = {}
    totals: dict[str, dict] = {}
    for doc, entry in gold.items():
        paths = find_document(doc, dirs, cache)
        if len(paths) != 1:
            print(f"skipped {doc}: {len(paths)} matching files", file=sys.stderr)
            continue
        result = score_document(entry, run_extractor(paths[0]))
        split = meta.get(doc, {}).get("split", "unsplit")
        result["split"] = split
        per_doc[doc] = result
        for bucket in (split, "all"):
            t = totals.setdefault(bucket, {"tp": 0, "fp": 0, "fn": 0, "evidence_agree": 0, "documents": 0})
            for k in ("tp", "fp", "fn", "evidence_agree"):
                t[k] += result[k]
            t["documents"] += 1
    for split in ("dev", "held_aside", "unsplit"):
        docs = [d for d, r in per_doc.items() if r["split"] == split]
        if not docs:
            continue
        print(f"== {split} ({len(docs)} documents)")
        for doc in docs:
            m = meta.get(doc, {})
            print(summary_line(f"{m.get('state', '')} {m.get('identifier', doc)}"[:48], per_doc[doc]))
        print(summary_line(f"micro, {split}", totals[split]))
        print()
    print(summary_line("micro, all documents", totals["all"]))
    if args.details:
        for doc, r in per_doc.items():
            if not (r["false_keys"] or r["missed_keys"] or r["evidence_disagreements"]):
                continue
            print(f"\n### {doc} ({r['split']})")
            for k, ev in r["false_keys"].items():
                print(f"  FALSE  {k}: {' '.join(ev.split())[:200]}")
            for k, ev in r["missed_keys"].items():
                print(f"  MISSED {k}: gold {ev[:160]}")
            for k, d in r["evidence_disagreements"].items():
                print(f"  EVID   {k}: shown {' '.join(d['shown'].split())[:160]}")
                print(f"         {'':<{len(k)}}  gold  {d['gold'][:160]}")
    if args.json_out:
        out = {"totals": {k: {**v, **dict(zip(("precision", "recall", "f1"), prf(v["tp"], v["fp"], v["fn"]), strict=True)),
                              "evidence_agreement": v["evidence_agree"] / v["tp"] if v["tp"] else 0.0}
                          for k, v in totals.items()},
               "documents": per_doc}
        args.json_out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
