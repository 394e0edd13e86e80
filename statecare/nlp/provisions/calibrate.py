"""The confidence shown on a never-seen bill: a first-contact map fitted on what earlier rounds measured.

Why: the ranker's calibrator (rank.Ranker.confidence) is fitted on leave-state-out scores of the labelled
bills, and on them it is calibrated (ECE ~0.06-0.2). But every labelled bill is also a development bill for
the pattern RULES: their false keys and missed sentences were fixed after they were read. A bill nobody
has read gets rules that were never fitted to it, and there the shown confidence was badly over-stated: at
first contact of the four groups labelled before any change (held_aside_new, held_aside_3, held_aside_4,
held_aside_5) passages shown at 0.75-0.91 were right 23-67% of the time (ECE 0.41, 118 passages).

Those first contacts are recorded (`data/provisions_first_contact.json`, regenerated from the commits that
froze each group's labels by `scripts/harvest_first_contact.py`): the key and passage the code of that
commit showed first, with its confidence. A two-parameter logistic map of that confidence's logit to
"right" (the key is in the gold and the passage agrees with the gold sentence) is fitted on them; the
shipped map is applied to every confidence the ranker gives (`rank.Ranker.first_contact`). It is strictly
increasing, so it changes no order: which passage is shown first, which of two exclusive keys stands and the
page's order by confidence all stay as they were.

The number shown is one probability: that the key is really in the bill AND the passage is the sentence
that establishes it. At first contact the two parts were about 0.64 (key) and 0.57 (passage, given the key).

Twelfth round: what kind of bill it is. At first contact the passages of bills that establish a program
(policy type single_payer or public_option) were right 43% of the time (38 of 88) and the calibrator's
confidence ranked them (AUC 0.72); on the other bills (studies, resolutions, other coverage bills) they were
right 16% (7 of 44) and the calibrator barely ranked them (AUC 0.55). The map's slope therefore depends on
it: shown = sigmoid((fc_w + fc_wp * program) * logit(p) + fc_b), three parameters. The ranker applies the
map of a bill that establishes no program (`extract_provisions` does not know the bill's type, and a bill
of unknown kind is treated as the doubtful case); `for_policy_type` turns those numbers into the program
map's for a bill the policy-type classifier calls single payer or public option (`classify.provisions_of`).
Both maps are strictly increasing in p and the same map is applied to every passage of a document, so no
order changes: the passage shown first, which of two exclusive keys stands, the page's order of keys.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from statecare.nlp.provisions.rank import _sigmoid, first_contact_map, load_ranker, logit

FIRST_CONTACT_FILE = Path(__file__).resolve().parents[1] / "data" / "provisions_first_contact.json"
# policy types (policy_type.classifier) of bills that establish a program: their passages get the program map
PROGRAM_TYPES = frozenset({"single_payer", "public_option"})
# ridge of the map's fit: pulls fc_w towards 1 (keep the calibrator's slope) and fc_wp towards 0
RIDGE = 1.0
# a map slope never goes below this (the map stays strictly increasing)
MIN_SLOPE = 0.05
# reliability bins of every calibration figure in docs/nlp-provisions.md
BINS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def establishes_program(policy_type: str | None) -> bool:
    """Whether the policy-type classifier's verdict is a bill that establishes a program (single payer,
    public option): the kind of bill whose first-contact passages the calibrator ranked."""
    return policy_type in PROGRAM_TYPES


def first_contact_rows(gold: Mapping[str, Any], agrees: Callable[[str, str], bool],
                       recorded: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """One row per key shown at first contact: group, document, key, the calibrator's confidence then (`p`;
    for a group met by code that already applied a first-contact map, the shown confidence with that map
    undone), the confidence shown (`shown`), whether the document establishes a program (`program`, from
    the policy type recorded for it) and whether it was right by today's gold (key present and first
    passage agreeing). `agrees` is the evaluator's passage test (`evaluate.provisions.agrees`), passed in:
    production code never imports evaluation code."""
    if recorded is None:
        recorded = json.loads(FIRST_CONTACT_FILE.read_text(encoding="utf-8"))
    types = recorded.get("policy_types", {})
    out = []
    for group, entry in recorded["groups"].items():
        fc = entry.get("map")  # the map that commit already applied (groups met after the tenth round)
        for r in entry["rows"]:
            present = gold[r["doc"]]["present"]
            key_right = r["key"] in present
            right = key_right and agrees(r["evidence"], str(present[r["key"]].get("evidence") or ""))
            shown = float(r["confidence"])
            # `p` is the calibrator's output, what a map is fitted on and applied to; `shown` what the page said
            # (the extractor applies the map of a bill that establishes no program, so that is the one undone)
            p = _sigmoid((logit(shown) - fc["fc_b"]) / fc["fc_w"]) if fc else shown
            out.append({"group": group, "doc": r["doc"], "key": r["key"], "p": p, "shown": shown,
                        "program": establishes_program(types.get(r["doc"])), "key_right": key_right,
                        "right": right})
    return out


def fit_map(rows: Iterable[Mapping[str, Any]], iters: int = 200) -> tuple[float, float, float]:
    """(w, wp, b) of right ~ sigmoid((w + wp * program) * logit(p) + b), by Newton's method with a ridge
    (RIDGE) on w - 1 and on wp, so a handful of rows cannot flip or flatten the map; both slopes (w and
    w + wp) are kept >= MIN_SLOPE so each map stays strictly increasing."""
    data = [(logit(float(r["p"])), 1.0 if r.get("program") else 0.0, 1.0 if r["right"] else 0.0) for r in rows]
    if not data:
        return 1.0, 0.0, 0.0
    theta = [1.0, 0.0, 0.0]  # w, wp, b
    prior = (1.0, 0.0, 0.0)
    ridge = (RIDGE, RIDGE, 1e-9)
    for _ in range(iters):
        g = [ridge[i] * (theta[i] - prior[i]) for i in range(3)]
        h = [[ridge[i] if i == j else 0.0 for j in range(3)] for i in range(3)]
        for x, prog, y in data:
            v = (x, prog * x, 1.0)
            q = _sigmoid(theta[0] * x + theta[1] * prog * x + theta[2])
            for i in range(3):
                g[i] += (q - y) * v[i]
                for j in range(3):
                    h[i][j] += q * (1.0 - q) * v[i] * v[j]
        try:
            step = [float(v) for v in np.linalg.solve(h, g)]
        except np.linalg.LinAlgError:  # singular: no Newton step
            break
        theta = [theta[i] - step[i] for i in range(3)]
        theta[0] = max(MIN_SLOPE, theta[0])
        theta[1] = max(MIN_SLOPE - theta[0], theta[1])
        if sum(abs(d) for d in step) < 1e-10:
            break
    return theta[0], theta[1], theta[2]


def map_confidence(p: float, program: bool, fc: tuple[float, float, float]) -> float:
    """The confidence shown for the calibrator's `p` on a bill that does (`program`) or does not establish a
    program, under the map (w, wp, b): the ranker's first-contact map with the slope of the bill's kind."""
    w, wp, b = fc
    return first_contact_map(p, w + (wp if program else 0.0), b)


def shipped_map() -> tuple[float, float, float]:
    """(fc_w, fc_wp, fc_b) of the shipped ranker (the identity (1, 0, 0) when there is no ranker file)."""
    r = load_ranker()
    return r.fc_w, r.fc_wp, r.fc_b


def for_policy_type(provisions: Sequence[dict[str, Any]], policy_type: str | None,
                    fc: tuple[float, float, float] | None = None) -> list[dict[str, Any]]:
    """The extractor's provisions (dicts, each key's passages best first) with the confidence of the bill's
    kind. The extractor applied the no-program map, q = sigmoid(w * logit(p) + b); on a bill that
    establishes a program the shown number is sigmoid((w + wp) * logit(p) + b), i.e. logit moved away
    from b by the factor (w + wp) / w. That is a strictly increasing function of q, the same for every
    passage of the document, so every order stays; within a key the 0.001 step between passages is kept,
    as the ranker keeps it. Other bills' provisions come back unchanged (copies)."""
    w, wp, b = fc or shipped_map()
    out = [dict(p) for p in provisions]
    if not establishes_program(policy_type) or wp == 0.0:
        return out
    prev: dict[str, float] = {}
    for p in out:
        q = _sigmoid(b + (w + wp) / w * (logit(float(p["confidence"])) - b))
        q = round(max(0.01, min(0.99, q)), 3)
        if p["key"] in prev:
            q = max(0.01, min(q, round(prev[p["key"]] - 0.001, 3)))
        prev[p["key"]] = q
        p["confidence"] = q
    return out


def reliability(conf: Sequence[tuple[float, bool]]) -> list[tuple[float, float, int, float, float]]:
    """(low, high, n, mean confidence, share right) per non-empty bin."""
    out = []
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        inside = [(c, r) for c, r in conf if lo <= c < hi]
        if inside:
            out.append((lo, min(hi, 1.0), len(inside), sum(c for c, _ in inside) / len(inside),
                        sum(1 for _, r in inside if r) / len(inside)))
    return out


def ece(conf: Sequence[tuple[float, bool]]) -> float:
    """Expected calibration error over BINS (weighted |mean confidence - share right|)."""
    return sum(n * abs(m - s) for _, _, n, m, s in reliability(conf)) / max(len(conf), 1)


def auc(conf: Sequence[tuple[float, bool]]) -> float:
    """Discrimination: the chance a right passage is shown with a higher confidence than a wrong one (ties
    count half); 0.5 when either class is empty."""
    pos = sorted(c for c, r in conf if r)
    neg = sorted(c for c, r in conf if not r)
    if not pos or not neg:
        return 0.5
    wins = 0.0
    for c in pos:
        below = bisect.bisect_left(neg, c)
        wins += below + 0.5 * (bisect.bisect_right(neg, c) - below)
    return wins / (len(pos) * len(neg))


def brier(conf: Sequence[tuple[float, bool]]) -> float:
    """Mean squared error of the confidence against right (1) / wrong (0)."""
    return sum((c - (1.0 if r else 0.0)) ** 2 for c, r in conf) / max(len(conf), 1)


def held_out(rows: Sequence[Mapping[str, Any]], how: str = "leave-one-group-out",
             program: bool = True) -> list[tuple[float, bool, str]]:
    """(confidence, right, group) of every first-contact row whose group can be scored, with the map fitted
    without that group: on every other group (`leave-one-group-out`) or on the groups met before it only
    (`earlier groups only`; the first group is then skipped). `program=False` fits the two-parameter map of
    the tenth and eleventh rounds (the bill's kind ignored)."""
    groups = list(dict.fromkeys(str(r["group"]) for r in rows))
    out = []
    for k, g in enumerate(groups):
        train = [r for r in rows if r["group"] != g and (how == "leave-one-group-out"
                                                          or groups.index(str(r["group"])) < k)]
        if not train:
            continue
        if not program:
            train = [dict(r, program=False) for r in train]
        fc = fit_map(train)
        out += [(map_confidence(float(r["p"]), bool(r["program"]) and program, fc), bool(r["right"]), g)
                for r in rows if r["group"] == g]
    return out
