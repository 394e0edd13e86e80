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
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from statecare.nlp.provisions.rank import _sigmoid, logit

FIRST_CONTACT_FILE = Path(__file__).resolve().parents[1] / "data" / "provisions_first_contact.json"
# reliability bins of every calibration figure in docs/nlp-provisions.md
BINS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def first_contact_rows(gold: Mapping[str, Any], agrees: Callable[[str, str], bool],
                       recorded: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """One row per key shown at first contact: group, document, key, the calibrator's confidence then (`p`;
    for a group met by code that already applied a first-contact map, the shown confidence with that map
    undone), the confidence shown (`shown`), and whether it was right by today's gold (key present and first passage agreeing). `agrees` is the
    evaluator's passage test (`evaluate.provisions.agrees`), passed in: production code never imports
    evaluation code."""
    if recorded is None:
        recorded = json.loads(FIRST_CONTACT_FILE.read_text(encoding="utf-8"))
    out = []
    for group, entry in recorded["groups"].items():
        fc = entry.get("map")  # the map that commit already applied (groups met after the tenth round)
        for r in entry["rows"]:
            present = gold[r["doc"]]["present"]
            key_right = r["key"] in present
            right = key_right and agrees(r["evidence"], str(present[r["key"]].get("evidence") or ""))
            shown = float(r["confidence"])
            # `p` is the calibrator's output, what a map is fitted on and applied to; `shown` what the page said
            p = _sigmoid((logit(shown) - fc["fc_b"]) / fc["fc_w"]) if fc else shown
            out.append({"group": group, "doc": r["doc"], "key": r["key"], "p": p, "shown": shown,
                        "key_right": key_right, "right": right})
    return out


def fit_map(rows: Iterable[Mapping[str, Any]], iters: int = 200) -> tuple[float, float]:
    """(w, b) of right ~ sigmoid(w * logit(p) + b), by Newton's method with a small ridge on w - 1 (so a
    handful of rows cannot flip or flatten the map); w is kept >= 0.05 so the map stays increasing."""
    xs = [logit(float(r["p"])) for r in rows]
    ys = [1.0 if r["right"] else 0.0 for r in rows]
    if not xs:
        return 1.0, 0.0
    w, b, ridge = 1.0, 0.0, 1.0
    for _ in range(iters):
        gw = ridge * (w - 1.0)
        gb = 0.0
        hww, hwb, hbb = ridge, 0.0, 1e-9
        for x, y in zip(xs, ys, strict=True):
            p = _sigmoid(w * x + b)
            gw += (p - y) * x
            gb += p - y
            v = p * (1.0 - p)
            hww += v * x * x
            hwb += v * x
            hbb += v
        det = hww * hbb - hwb * hwb
        if det <= 0:
            break
        dw = (hbb * gw - hwb * gb) / det
        db = (hww * gb - hwb * gw) / det
        w, b = max(0.05, w - dw), b - db
        if abs(dw) + abs(db) < 1e-9:
            break
    return w, b


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
