"""Train the provisions ranker (statecare/nlp/provisions/ranker.json) on the DEV gold documents only.

Pairs: every candidate sentence the pattern rules find, for every key, labelled 1 when the key is
present in the gold and the candidate agrees with the gold sentence (the evaluator's containment
test), else 0. A logistic regression over `rank.FEATURES` learns which candidates establish a key.

Calibration: scores are computed out of fold, leaving one STATE out at a time (the three Illinois
bills are near copies, so leaving one bill out would leak), and an isotonic map from score to "the
shown passage is right" (key present and passage agrees) is fitted on those out-of-fold scores.
Held-aside documents are never read here except, with --report, to print their figures afterwards.

    .venv/bin/python scripts/train_provisions_ranker.py [--report] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from statecare.config import shared_dir
from statecare.nlp.evaluate.provisions import agrees, find_document
from statecare.nlp.provisions.clean import CleanText
from statecare.nlp.provisions.cli import read_document
from statecare.nlp.provisions.extract import candidates, pipeline
from statecare.nlp.provisions.rank import (
    FEATURES,
    RANKER_FILE,
    Candidate,
    calibration_features,
    claimable,
    features,
    restates,
)

DATA = Path(__file__).resolve().parents[1] / "statecare" / "nlp" / "data"
C_REG = 1.0


def load_docs() -> list[dict]:
    gold = json.loads((DATA / "provisions_gold.json").read_text())
    meta = json.loads((DATA / "provisions_gold_meta.json").read_text())
    base = shared_dir()
    dirs = [base / "fixtures", base / "national"]  # type: ignore[operator]
    nlp = pipeline()
    comp = nlp.get_pipe("statecare_provisions")
    out = []
    for name, entry in gold.items():
        (path,) = find_document(name, dirs)
        text = read_document(path)
        doc = nlp.make_doc(CleanText(text).norm)
        for _, proc in nlp.pipeline[:-1]:
            doc = proc(doc)
        cands = candidates(doc, comp)  # type: ignore[arg-type]
        gold_ev = {k: str(v.get("evidence") or "") for k, v in entry["present"].items()}
        out.append({"name": name, "split": meta[name]["split"], "state": meta[name]["state"],
                    "cands": cands, "gold": gold_ev})
    return out


def rows(doc: dict, present_only: bool = False) -> tuple[list[Candidate], np.ndarray, np.ndarray]:
    """Feature rows of a document's candidates; `present_only`: only keys the gold has, and only
    keys with at least one agreeing candidate (the ranking task: which passage, not whether)."""
    by_key: dict[str, list[Candidate]] = defaultdict(list)
    for c in doc["cands"]:
        by_key[c.key].append(c)
    cs, xs, ys = [], [], []
    for key, group in by_key.items():
        if present_only and (key not in doc["gold"] or not any(agrees(c.evidence, doc["gold"][key])
                                                                 for c in group)):
            continue
        first = min(c.hit for c in group)
        for c in group:
            cs.append(c)
            xs.append(features(c, c.hit == first))
            ys.append(int(key in doc["gold"] and agrees(c.evidence, doc["gold"][key])))
    return cs, np.array(xs, dtype=float).reshape(-1, len(FEATURES)), np.array(ys)


def fit(docs: list[dict]) -> LogisticRegression:
    """Pairwise logistic regression: within each gold key's candidates, (agreeing - other) rows
    labelled 1 and their negation 0, so the weights learn which passage to show first; the
    intercept is then refitted pointwise so scores sit on a probability-like scale."""
    px, py, pw = [], [], []
    for d in docs:
        cs, x, y = rows(d, present_only=True)
        keys = [c.key for c in cs]
        for key in set(keys):
            idx = [i for i, k in enumerate(keys) if k == key]
            pos = [i for i in idx if y[i]]
            neg = [i for i in idx if not y[i]]
            for i in pos:
                for j in neg:
                    px.append(x[i] - x[j])
                    py.append(1)
                    px.append(x[j] - x[i])
                    py.append(0)
                    # every key counts once, however many candidates it has
                    pw.extend([1.0 / (len(pos) * len(neg))] * 2)
    model = LogisticRegression(C=C_REG, max_iter=5000, fit_intercept=False)
    w = np.array(pw)
    model.fit(np.array(px), np.array(py), sample_weight=w * len(w) / w.sum())
    # pointwise bias on all candidates: margin m = w.x, p = sigmoid(a*m + b)
    ms, ys = [], []
    for d in docs:
        _, x, y = rows(d)
        ms.append(x @ model.coef_[0])
        ys.append(y)
    scale = LogisticRegression(C=100.0, max_iter=2000).fit(np.concatenate(ms).reshape(-1, 1), np.concatenate(ys))
    a, b = float(scale.coef_[0][0]), float(scale.intercept_[0])
    model.coef_ = model.coef_ * a
    model.intercept_ = np.array([b])
    model.fit_intercept = True
    return model


def shown(doc: dict, scores: np.ndarray, min_rule: float = 0.5) -> list[dict]:
    """Per key the extractor would show: the best passage's calibration inputs and whether it is right
    (key present in the gold and the passage agrees with the gold sentence)."""
    cs, _, _ = rows(doc)
    groups: dict[str, list[tuple[float, Candidate]]] = defaultdict(list)
    for c, z in zip(cs, scores, strict=True):
        groups[c.key].append((float(z), c))
    out = []
    for key, group in groups.items():
        if not claimable([c for _, c in group], min_rule):
            continue
        group.sort(key=lambda zc: (restates(zc[1]), -zc[0], zc[1].start))
        z, c = group[0]
        key_right = key in doc["gold"]
        out.append({"key": key, "x": calibration_features(z, c.rule_conf, len(group)),
                    "key_right": key_right, "right": key_right and agrees(c.evidence, doc["gold"][key]),
                    "state": doc["state"]})
    return out


def summarise(label: str, docs: list[dict], score_of) -> list[dict]:
    tp = fp = fn = agree = 0
    rows_out: list[dict] = []
    for d in docs:
        sh = shown(d, score_of(d))
        keys = {r["key"] for r in sh}
        tp_d = len(keys & set(d["gold"]))
        tp += tp_d
        fp += len(keys - set(d["gold"]))
        fn += len(set(d["gold"]) - keys)
        ag = sum(1 for r in sh if r["right"])
        agree += ag
        rows_out.extend(sh)
        print(f"  {d['name'][:60]:<60} tp {tp_d:2d} evidence {ag}/{tp_d}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{label}: F1 {f1:.3f} evidence_agreement {agree / tp if tp else 0:.3f} ({agree}/{tp})")
    return rows_out


def reliability(label: str, conf: list[tuple[float, bool]]) -> None:
    print(f"reliability ({label}): confidence bin | n | mean confidence | share right")
    bins = [0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]
    for lo, hi in zip(bins, bins[1:], strict=False):
        inside = [(c, r) for c, r in conf if lo <= c < hi]
        if inside:
            print(f"  [{lo:.2f}, {min(hi, 1.0):.2f}) | {len(inside):3d} | {np.mean([c for c, _ in inside]):.3f} | "
                  f"{np.mean([r for _, r in inside]):.3f}")


def fit_calibrator(rs: list[dict]) -> LogisticRegression:
    return LogisticRegression(C=1.0, max_iter=2000).fit(np.array([r["x"] for r in rs]),
                                                         np.array([int(r["right"]) for r in rs]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--report", action="store_true", help="also print held-aside figures (never used to fit)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    docs = load_docs()
    dev = [d for d in docs if d["split"] == "dev"]
    held = [d for d in docs if d["split"] == "held_aside"]
    new = [d for d in docs if d["split"] == "held_aside_new"]
    oracle = sum(any(agrees(c.evidence, d["gold"][c.key]) for c in d["cands"] if c.key == k)
                 for d in dev for k in d["gold"])
    print(f"dev: {len(dev)} documents; gold keys with an agreeing candidate: {oracle}/"
          f"{sum(len(d['gold']) for d in dev)}")
    if args.report:
        for d in held + new:
            for k, g in d["gold"].items():
                if not any(agrees(c.evidence, g) for c in d["cands"] if c.key == k):
                    print(f"  no agreeing candidate: {d['name'][:40]} {k}: {g[:80]}")

    # out of fold, one state left out at a time
    oof: dict[str, np.ndarray] = {}
    for state in sorted({d["state"] for d in dev}):
        model = fit([d for d in dev if d["state"] != state])
        for d in dev:
            if d["state"] == state:
                _, x, _ = rows(d)
                oof[d["name"]] = model.decision_function(x) if len(x) else np.zeros(0)
    oof_rows = summarise("dev (out of fold)", dev, lambda d: oof[d["name"]])
    # calibrator: fitted on out-of-fold ranking scores; its own reliability shown out of fold too
    conf_oof = []
    for state in sorted({r["state"] for r in oof_rows}):
        cal = fit_calibrator([r for r in oof_rows if r["state"] != state])
        inside = [r for r in oof_rows if r["state"] == state]
        probs = cal.predict_proba(np.array([r["x"] for r in inside]))[:, 1]
        conf_oof.extend(zip(probs.tolist(), [r["right"] for r in inside], strict=True))
    reliability("dev, ranker and calibrator both out of fold", conf_oof)
    cal = fit_calibrator(oof_rows)

    model = fit(dev)
    out = {"features": list(FEATURES), "weights": [round(float(w), 5) for w in model.coef_[0]],
           "bias": round(float(model.intercept_[0]), 5),
           "cal_w": [round(float(w), 5) for w in cal.coef_[0]], "cal_b": round(float(cal.intercept_[0]), 5),
           "min_rule_conf": 0.5, "trained_on": sorted(d["name"] for d in dev), "C": C_REG}
    print("weights:", ", ".join(f"{f}={w:+.2f}" for f, w in zip(FEATURES, out["weights"], strict=True)))
    print("calibrator (z, rule_conf, log1p n):", out["cal_w"], out["cal_b"])
    if args.report:
        def final(d: dict) -> np.ndarray:
            _, x, _ = rows(d)
            return model.decision_function(x) if len(x) else np.zeros(0)
        hr = summarise("held-aside (final model; never fitted on)", held, final)
        probs = cal.predict_proba(np.array([r["x"] for r in hr]))[:, 1] if hr else []
        reliability("held-aside", list(zip(list(probs), [r["right"] for r in hr], strict=True)))
        nr = summarise("new held-aside (final model; never fitted on)", new, final)
        probs = cal.predict_proba(np.array([r["x"] for r in nr]))[:, 1] if nr else []
        reliability("new held-aside", list(zip(list(probs), [r["right"] for r in nr], strict=True)))
    if not args.no_write:
        RANKER_FILE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {RANKER_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
