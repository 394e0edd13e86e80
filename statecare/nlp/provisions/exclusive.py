"""Mutually exclusive provision keys (issue 13): "No cost sharing" and "Income-based cost sharing" on one bill.

Why: the pattern rules find each key on its own, so a bill that eliminates co-pays and also mentions a
sliding scale showed both, side by side, with nothing to say which holds. Both are kept only when the
bill's own words reconcile them, and then the passage shown first is the one that says how:

* the stronger key's evidence makes an exception or limits itself ("No cost sharing ... may be imposed,
  except: ...", "No cost sharing ... may be imposed on enrolled: (a) Persons under the age of 19; ...") —
  the weaker key stands, its passage inside that exception first;
* the income scale is a premium scale ("premiums based on ability to pay", "b. Upon a sliding scale
  relating to family income" under a premium lead-in): premiums by income do not contradict no
  point-of-service cost sharing (the gold method counts premiums apart from cost sharing);

otherwise the key with the weaker first passage (lower calibrated confidence: less operative evidence)
is dropped. The groups are `statecare.legis.vocabulary.EXCLUSIVE_PROVISIONS`.
"""

from __future__ import annotations

import re

from statecare.legis.vocabulary import EXCLUSIVE_PROVISIONS
from statecare.nlp.provisions.rank import Candidate

Ranked = list[tuple[Candidate, float]]

# a provision that limits itself: an exception, a proviso, or a lead-in to the list of whom it covers
_LIMITS = re.compile(r"\b(?:except|unless|other than|with the exception of|does not apply|provided,? (?:however,? )?"
                     r"that)\b|\b(?:on|to|for) (?:enrolled|enrollees|the following|individuals|persons)\b[^.;]{0,40}:"
                     r"\s*$", re.I)
# the lead-in may run over list markers ("The premium contribution per family ..., which shall be based: a. On
# a six (6) month period; and b. Upon a sliding scale relating to family income"): any character, bounded
_PREMIUM_SCALE = re.compile(r"\bpremium\w*\b[\s\S]{0,250}?\b(?:based on|according to|sliding|scale|ability to pay|"
                            r"income)|\b(?:sliding scale|ability to pay|income)\b[^.;]{0,60}\bpremiums?\b", re.I)
_COST_SHARING_SCALE = re.compile(r"\b(?:co-?pay\w*|deductibles?|co-?insurance|cost[- ]sharing)\b[^.;]{0,60}"
                                 r"\b(?:based on|according to|sliding|scale|ability to pay|income)", re.I)
_SCOPE = 2500  # characters after a limiting passage that its exception list may run over


def _limits(c: Candidate) -> bool:
    return bool(_LIMITS.search(c.text, c.start, c.end))


def _premium_scale(c: Candidate) -> bool:
    """The income scale is a premium scale: read with its lead-in (up to 300 characters before)."""
    lo = max(c.sent_start, c.start - 300) if c.sent_start < c.start else max(0, c.start - 300)
    return bool(_PREMIUM_SCALE.search(c.text, lo, c.end)) and not _COST_SHARING_SCALE.search(c.text, c.start, c.end)


def _qualified_first(weak: Ranked, limiting: list[Candidate]) -> Ranked:
    """The weaker key's passages with those inside a limiting passage's exception list first; confidences
    stay in descending order (the web orders passages by confidence)."""
    inside = [(c, p) for c, p in weak if any(lc.start <= c.start <= lc.end + _SCOPE for lc in limiting)]
    if not inside:
        return weak
    rest = [(c, p) for c, p in weak if (c, p) not in inside]
    top = max(p for _, p in inside)
    out: Ranked = [(c, top) if i == 0 else (c, min(p, top)) for i, (c, p) in enumerate(inside)]
    prev = out[-1][1]
    for c, p in rest:
        prev = min(p, prev - 0.001)
        out.append((c, max(0.01, prev)))
    return out


def resolve(ranked: dict[str, Ranked]) -> dict[str, Ranked]:
    """Keys (each with its passages best first) after the exclusive groups are resolved; `ranked` holds
    only the keys that are shown."""
    out = dict(ranked)
    for group in EXCLUSIVE_PROVISIONS:
        present = [k for k in group if out.get(k)]
        if len(present) < 2:
            continue
        strong = max(present, key=lambda k: (out[k][0][1], -out[k][0][0].start))
        strong_limiting = [c for c, _ in out[strong] if _limits(c)]
        for key in present:
            if key == strong:
                continue
            weak = out[key]
            if strong_limiting:
                out[key] = _qualified_first(weak, strong_limiting)
            elif any(_limits(c) for c, _ in weak):
                continue  # the weaker one limits itself ("without cost sharing, except ...")
            elif "cost_sharing.income_based" in (key, strong) and _premium_scale(
                    (weak if key == "cost_sharing.income_based" else out[strong])[0][0]):
                continue  # premiums by income beside no point-of-service cost sharing: both hold
            else:
                del out[key]
    return out
