"""Train the provisions ranker (statecare/nlp/provisions/ranker.json) on the labelled gold documents.

Pairs: every candidate sentence the pattern rules find, for every key, labelled 1 when the key is
present in the gold and the candidate agrees with the gold sentence (the evaluator's containment
test), else 0. A pairwise logistic regression over `rank.FEATURES` learns which candidates establish a key.

What it trains on: `--train-on all` (default since the second held-aside group was measured, issue 13)
uses every labelled bill; `--train-on dev` only the dev split. Every figure printed is out of fold:
ranking scores come from models that left one STATE out (the three Illinois bills are near copies, so
leaving one bill out would leak), and the confidence calibrator (Platt: logistic over score, rule
confidence and log candidates; `--calibration isotonic` adds an isotonic map) is itself fitted leaving the
state out when its reliability is measured. A bill added to the gold later and not retrained on is unseen.

The confidence shown then goes through the first-contact map (`statecare/nlp/provisions/calibrate.py`), fitted
here on what each labelling round's code showed on the next group before any change
(`data/provisions_first_contact.json`): the labelled bills are development bills for the rules, and on a bill
nobody has read the calibrator alone was over-stated by 0.3-0.5. `--report` prints the reliability of the
confidence before and after the map three ways: leave-state-out (nested), leave-split-out (ranker and
calibrator trained on the earlier labelling rounds only, scoring the later split) and at first contact
(map fitted without the scored group: leave-one-group-out and earlier groups only). Since the twelfth round
the map's slope depends on whether the bill establishes a program (policy type single payer or public option,
`policy_types` in the first-contact file); the first-contact lines print ECE, AUC and Brier of the
calibrator alone, of the two-parameter map (the bill's kind ignored) and of the program map, in that order.

    .venv/bin/python scripts/train_provisions_ranker.py [--train-on all|dev] [--calibration platt|isotonic]
                                                        [--report] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from statecare.config import shared_dir
from statecare.nlp.evaluate.provisions import agrees, find_document
from statecare.nlp.provisions import exclusive
from statecare.nlp.provisions.calibrate import (
    FIRST_CONTACT_FILE,
    auc,
    brier,
    ece,
    establishes_program,
    first_contact_rows,
    fit_map,
    held_out,
    map_confidence,
)
from statecare.nlp.provisions.calibrate import reliability as reliability_bins
from statecare.nlp.provisions.clean import CleanText
from statecare.nlp.provisions.cli import read_document
from statecare.nlp.provisions.extract import candidates, pipeline
from statecare.nlp.provisions.rank import (
    FEATURES,
    RANKER_FILE,
    STUDY_KEY,
    Candidate,
    calibration_features,
    claimable,
    features,
    order_key,
    orders_study_work,
)

DATA = Path(__file__).resolve().parents[1] / "statecare" / "nlp" / "data"
C_REG = 1.0


def load_docs() -> list[dict]:
    gold = json.loads((DATA / "provisions_gold.json").read_text())
    meta = json.loads((DATA / "provisions_gold_meta.json").read_text())
    base = shared_dir()
    dirs = [base / "fixtures", base / "national"]  # type: ignore[operator]
    types = json.loads(FIRST_CONTACT_FILE.read_text(encoding="utf-8")).get("policy_types", {})
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
                    "cands": cands, "gold": gold_ev, "program": establishes_program(types.get(name))})
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
            if key == STUDY_KEY and any(orders_study_work(cs[i].evidence) for i in idx):
                continue  # a rule orders these (rank.order_key: the first work order); the score does not choose
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
    claimed: dict[str, list[tuple[Candidate, float]]] = {}
    for key, group in groups.items():
        if not claimable([c for _, c in group], min_rule):
            continue
        group.sort(key=lambda zc: order_key(zc[1], features(zc[1], False), zc[0]))
        claimed[key] = [(c, float(1 / (1 + np.exp(-z)))) for z, c in group]
    z_of = {id(c): z for group in groups.values() for z, c in group}
    out = []
    # as the extractor does: keys a bill cannot plainly hold together are resolved (exclusive.py)
    for key, ranked in exclusive.resolve(claimed).items():
        c = ranked[0][0]
        z, group = z_of[id(c)], groups[key]
        key_right = key in doc["gold"]
        out.append({"key": key, "x": calibration_features(z, c.rule_conf, len(group)),
                    "key_right": key_right, "right": key_right and agrees(c.evidence, doc["gold"][key]),
                    "state": doc["state"], "program": doc["program"]})
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
    for lo, hi, n, mean, share in reliability_bins(conf):
        print(f"  [{lo:.2f}, {hi:.2f}) | {n:3d} | {mean:.3f} | {share:.3f}")


def fit_calibrator(rs: list[dict]) -> LogisticRegression:
    return LogisticRegression(C=1.0, max_iter=2000).fit(np.array([r["x"] for r in rs]),
                                                         np.array([int(r["right"]) for r in rs]))


def fit_isotonic(p: np.ndarray, y: np.ndarray) -> tuple[list[float], list[float]]:
    """Isotonic map from the logistic calibrator's probability to the observed right share, as
    breakpoints for piecewise-linear interpolation (rank.Ranker.confidence)."""
    iso = IsotonicRegression(y_min=0.02, y_max=0.98, out_of_bounds="clip").fit(p, y)
    xs = [round(float(x), 4) for x in iso.X_thresholds_]
    ys = [round(float(v), 4) for v in iso.y_thresholds_]
    return xs, ys


def calibrate(train_rows: list[dict], rows_in: list[dict], isotonic: bool) -> np.ndarray:
    """Confidence of `rows_in` from a calibrator fitted on `train_rows` (logistic, then isotonic)."""
    cal = fit_calibrator(train_rows)
    p_in = cal.predict_proba(np.array([r["x"] for r in rows_in]))[:, 1]
    if not isotonic:
        return p_in
    p_tr = cal.predict_proba(np.array([r["x"] for r in train_rows]))[:, 1]
    xs, ys = fit_isotonic(p_tr, np.array([int(r["right"]) for r in train_rows]))
    return np.interp(p_in, xs, ys)


SPLITS = ["dev", "held_aside", "held_aside_new", "held_aside_3", "held_aside_4", "held_aside_5", "held_aside_6"]


def split_out_rows(docs: list[dict]) -> list[dict]:
    """Shown rows as at each labelling round: the dev split scored leave-state-out within dev, every later
    split by a ranker trained on the earlier splits only (what the next group of bills first met)."""
    scores: dict[str, np.ndarray] = {}
    dev = [d for d in docs if d["split"] == SPLITS[0]]
    folds = [([d for d in dev if d["state"] != s], [d for d in dev if d["state"] == s])
             for s in sorted({d["state"] for d in dev})]
    folds += [([d for d in docs if SPLITS.index(d["split"]) < k], [d for d in docs if d["split"] == sp])
              for k, sp in enumerate(SPLITS) if k]
    for train, test in folds:
        if not test:
            continue
        model = fit(train)
        for d in test:
            _, x, _ = rows(d)
            scores[d["name"]] = model.decision_function(x) if len(x) else np.zeros(0)
    out = []
    for d in docs:
        for r in shown(d, scores[d["name"]]):
            r["split"] = d["split"]
            out.append(r)
    return out


def report_map(label: str, conf: dict[str, list[tuple[float, bool, bool]]], fc: tuple[float, float, float],
               report: bool) -> None:
    """ECE per split of the calibrator's confidence (p, right, program), before and after the map `fc`."""
    for sp, cs in conf.items():
        before = [(c, r) for c, r, _ in cs]
        after = [(map_confidence(c, prog, fc), r) for c, r, prog in cs]
        if report:
            reliability(f"{sp}, {label}, before the first-contact map", before)
            reliability(f"{sp}, {label}, after the first-contact map", after)
        print(f"ECE {sp} ({label}): {ece(before):.3f} -> {ece(after):.3f} with the first-contact map (n={len(cs)})")


def words(conf: list[tuple[float, bool]]) -> str:
    """How many passages each confidence word would carry (legis.words thresholds), and how many were right."""
    out = []
    for name, lo, hi in (("strong", 0.85, 2.0), ("likely", 0.6, 0.85), ("weak", 0.0, 0.6)):
        inside = [r for c, r in conf if lo <= c < hi]
        out.append(f"{name} {len(inside)} (right {sum(inside)})")
    return ", ".join(out)


def first_contact_report(fc_rows: list[dict], report: bool) -> None:
    """The map measured where it matters: at first contact, fitted without the scored group. Each line:
    calibrator alone / two-parameter map / program map."""
    for how in ("leave-one-group-out", "earlier groups only"):
        two = held_out(fc_rows, how, program=False)
        prog = held_out(fc_rows, how, program=True)
        scored = {g for _, _, g in prog}
        raw = {g: [(r["p"], r["right"]) for r in fc_rows if r["group"] == g] for g in dict.fromkeys(
            r["group"] for r in fc_rows) if g in scored}
        for g, cs in raw.items():
            t = [(c, r) for c, r, gg in two if gg == g]
            q = [(c, r) for c, r, gg in prog if gg == g]
            n_prog = sum(1 for r in fc_rows if r["group"] == g and r["program"])
            print(f"ECE first contact {g} ({how}): {ece(cs):.3f} / {ece(t):.3f} / {ece(q):.3f} (n={len(cs)}, "
                  f"program {n_prog}, right {sum(r for _, r in cs)})")
        cs = [x for v in raw.values() for x in v]
        t = [(c, r) for c, r, _ in two]
        q = [(c, r) for c, r, _ in prog]
        print(f"first contact pooled ({how}): n={len(cs)} ECE {ece(cs):.3f} / {ece(t):.3f} / {ece(q):.3f} "
              f"AUC {auc(cs):.3f} / {auc(t):.3f} / {auc(q):.3f} Brier {brier(cs):.4f} / {brier(t):.4f} / "
              f"{brier(q):.4f}")
        if report:
            reliability(f"first contact, {how}, before any map", cs)
            reliability(f"first contact, {how}, two-parameter map", t)
            reliability(f"first contact, {how}, program map", q)
            for label, c in (("before any map", cs), ("two-parameter map", t), ("program map", q)):
                print(f"  words at first contact ({how}, {label}): {words(c)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train-on", choices=("dev", "all"), default="all",
                    help="dev: the 8 dev bills only; all: every labelled bill (figures then come from "
                         "leave-one-state-out folds only)")
    ap.add_argument("--calibration", choices=("platt", "isotonic"), default="platt",
                    help="platt: logistic over (score, rule confidence, log candidates); isotonic: that, then an "
                         "isotonic map (measured as a tie on leave-one-state-out ECE; Platt has 4 parameters)")
    ap.add_argument("--report", action="store_true", help="print per-split figures and reliability tables")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    docs = load_docs()
    train = docs if args.train_on == "all" else [d for d in docs if d["split"] == "dev"]
    for d in docs:
        missing = [k for k, g in d["gold"].items()
                   if not any(agrees(c.evidence, g) for c in d["cands"] if c.key == k)]
        if missing and args.report:
            print(f"  {d['name'][:40]} ({d['split']}): no agreeing candidate for {len(missing)} key(s): "
                  + ", ".join(missing))

    # ranker scores out of fold, one STATE left out at a time (never scored by a model that saw its state)
    oof: dict[str, np.ndarray] = {}
    for state in sorted({d["state"] for d in docs}):
        model = fit([d for d in train if d["state"] != state])
        for d in docs:
            if d["state"] == state:
                _, x, _ = rows(d)
                oof[d["name"]] = model.decision_function(x) if len(x) else np.zeros(0)
    splits = sorted({d["split"] for d in docs}, key=SPLITS.index)
    all_rows: list[dict] = []
    for sp in splits:
        group = [d for d in docs if d["split"] == sp]
        rs = summarise(f"{sp} (ranker out of fold)", group, lambda d: oof[d["name"]])
        for r in rs:
            r["split"] = sp
        all_rows.extend(rs)
    # calibrator fitted on out-of-fold scores of the training bills; its reliability is measured with the
    # calibrator ALSO left out by state (nested), so no bill's confidence was fitted on that bill
    cal_pool = [r for r in all_rows if args.train_on == "all" or r["split"] == "dev"]
    for isotonic in (False, True):
        conf: dict[str, list[tuple[float, bool]]] = defaultdict(list)
        for state in sorted({r["state"] for r in all_rows}):
            inside = [r for r in all_rows if r["state"] == state]
            probs = calibrate([r for r in cal_pool if r["state"] != state], inside, isotonic)
            for r, pr in zip(inside, probs.tolist(), strict=True):
                conf[r["split"]].append((pr, r["right"]))
        label = "logistic + isotonic" if isotonic else "logistic"
        for sp in splits:
            if args.report:
                reliability(f"{sp}, {label}, ranker and calibrator out of fold", conf[sp])
            print(f"ECE {sp} ({label}): {ece(conf[sp]):.3f}")

    # the first-contact map, fitted on every recorded first contact, measured three ways
    gold = json.loads((DATA / "provisions_gold.json").read_text())
    fc_rows = first_contact_rows(gold, agrees)
    fc = fit_map(fc_rows)
    first_contact_report(fc_rows, args.report)
    nested: dict[str, list[tuple[float, bool, bool]]] = defaultdict(list)
    for state in sorted({r["state"] for r in all_rows}):
        inside = [r for r in all_rows if r["state"] == state]
        for r, pr in zip(inside, calibrate([r for r in cal_pool if r["state"] != state], inside, False), strict=True):
            nested[r["split"]].append((float(pr), r["right"], r["program"]))
    report_map("leave-state-out, nested", {sp: nested[sp] for sp in splits}, fc, args.report)
    if args.train_on == "all":
        fwd_rows = split_out_rows(docs)
        by_split: dict[str, list[tuple[float, bool, bool]]] = {}
        for k, sp in enumerate(splits):
            test = [r for r in fwd_rows if r["split"] == sp]
            if k == 0:  # the first round had no earlier round: its calibrator is left out by state
                probs = [p for st in sorted({r["state"] for r in test})
                         for p in calibrate([r for r in test if r["state"] != st],
                                            [r for r in test if r["state"] == st], False).tolist()]
                test = [r for st in sorted({r["state"] for r in test}) for r in test if r["state"] == st]
            else:
                probs = calibrate([r for r in fwd_rows if splits.index(r["split"]) < k], test, False).tolist()
            by_split[sp] = [(float(p), r["right"], r["program"]) for p, r in zip(probs, test, strict=True)]
        report_map("leave-split-out: ranker and calibrator on earlier rounds", by_split, fc, args.report)

    model = fit(train)
    cal = fit_calibrator(cal_pool)
    p_pool = cal.predict_proba(np.array([r["x"] for r in cal_pool]))[:, 1]
    iso_x, iso_y = (fit_isotonic(p_pool, np.array([int(r["right"]) for r in cal_pool]))
                    if args.calibration == "isotonic" else ([], []))
    out = {"features": list(FEATURES), "weights": [round(float(w), 5) for w in model.coef_[0]],
           "bias": round(float(model.intercept_[0]), 5),
           "cal_w": [round(float(w), 5) for w in cal.coef_[0]], "cal_b": round(float(cal.intercept_[0]), 5),
           "iso_x": iso_x, "iso_y": iso_y, "fc_w": round(fc[0], 5), "fc_wp": round(fc[1], 5),
           "fc_b": round(fc[2], 5),
           "min_rule_conf": 0.5, "trained_on": sorted(d["name"] for d in train), "C": C_REG}
    print("weights:", ", ".join(f"{f}={w:+.2f}" for f, w in zip(FEATURES, out["weights"], strict=True)))
    print("calibrator (z, rule_conf, log1p n):", out["cal_w"], out["cal_b"], "isotonic points:", len(iso_x))
    print(f"first-contact map: sigmoid(({out['fc_w']} + {out['fc_wp']} * program) * logit(p) + {out['fc_b']}) "
          f"from {len(fc_rows)} first-contact keys ({sum(r['program'] for r in fc_rows)} on program bills)")
    if not args.no_write:
        RANKER_FILE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {RANKER_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
