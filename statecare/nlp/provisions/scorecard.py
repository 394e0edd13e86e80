"""Design scorecard of one bill version, built from its provisions (and a few direct checks).

Most single-payer bills fail on design details, so the scorecard asks the questions analysts ask
(DESIGN.md): is financing specified with sources *and* rates, only named, or absent? Is there a
federal-waiver strategy? Are ERISA / self-insured employer plans addressed? A provider-payment
method? Help for displaced workers? Governance? An implementation timeline? Every answer other
than "absent" carries the evidence that supports it, as character offsets into the same text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from statecare.legis.vocabulary import PROVISION_KEYS
from statecare.nlp.provisions.extract import Provision, extract_provisions
from statecare.nlp.provisions.patterns import ERISA, FINANCING_RATE
from statecare.nlp.provisions.sections import split_sections

SCORECARD_KEYS: tuple[str, ...] = (
    "financing", "federal_waivers", "erisa", "provider_payment", "worker_transition", "governance",
    "implementation_timeline",
)
# taxes and contributions are sources of money; a trust fund only holds it
FINANCING_SOURCES = ("financing.payroll_tax", "financing.income_tax", "financing.premium",
                     "financing.sales_or_gross_receipts", "financing.federal_funds_pooled")
_TAXES = ("financing.payroll_tax", "financing.income_tax", "financing.premium",
          "financing.sales_or_gross_receipts")
_RATE = re.compile(FINANCING_RATE, re.I)
_ERISA = re.compile(ERISA, re.I)
_REVENUE_WORD = re.compile(r"\b(?:tax|assessment|premium|contribution|levy|surcharge)\b", re.I)
# a sentence ends at . ; : before a space, or before a list marker the source ran on ("act.(b) The")
_SENT_END = re.compile(r"[.;:](?=\s|\((?:\d{1,3}|[a-z]{1,2})\))|\n\s*\n")
# a waiver strategy stated without naming the section ("seek all necessary waivers, approvals")
_WAIVER = re.compile(r"\b(?:seek|apply for|obtain|request|submit|grant)\w*\b[^.;]{0,80}\bwaivers?\b|"
                     r"\bwaivers?\b[^.;]{0,60}\b(?:from|by) the (?:federal|united states|secretary|centers for)",
                     re.I)
_KEY_ORDER = {k: i for i, k in enumerate(PROVISION_KEYS)}
_PRESENT_BY_PREFIX = {
    "federal_waivers": ("federal_waivers.",),
    "provider_payment": ("provider_payment.",),
    "worker_transition": ("transition.worker_assistance",),
    "governance": ("governance.",),
    "implementation_timeline": ("transition.implementation_timeline",),
}


def _ev(text: str, start: int, end: int, key: str | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {"start": start, "end": end, "evidence": text[start:end]}
    if key:
        d["key"] = key
    return d


def _sentence_around(text: str, lo: int, hi: int, pos: int) -> tuple[int, int]:
    """Clause/sentence bounds around `pos` inside [lo, hi), whitespace trimmed."""
    a = lo
    for m in _SENT_END.finditer(text, lo, pos):
        a = m.end()
    after = _SENT_END.search(text, pos, hi)
    b = after.end() if after else hi
    if b - a > 600:
        a, b = max(a, pos - 300), min(b, pos + 300)
        while a > lo and not text[a - 1].isspace():
            a -= 1
        while b < hi and not text[b].isspace():
            b += 1
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _rate_evidence(text: str, provisions: Sequence[Provision]) -> list[dict[str, Any]]:
    """Sentences in the financing sections that state a rate for a tax or contribution."""
    sections = split_sections(text)
    out: list[dict[str, Any]] = []
    looked: set[int] = set()
    for p in provisions:
        if p.key not in _TAXES:
            continue
        for s in sections:
            if not (s.start <= p.start < s.end) or s.start in looked:
                continue
            looked.add(s.start)
            for m in _RATE.finditer(text, s.start, s.end):
                a, b = _sentence_around(text, s.start, s.end, m.start())
                if _REVENUE_WORD.search(text, a, b) and not any(e["start"] == a for e in out):
                    out.append(_ev(text, a, b))
                if len(out) >= 3:
                    return out
    return out


def build_scorecard(text: str, provisions: Sequence[Provision] | None = None) -> dict[str, dict[str, Any]]:
    """{question: {"answer": ..., "evidence": [{start, end, evidence[, key]}, ...]}} for one text."""
    if provisions is None:
        provisions = extract_provisions(text)
    by_key: dict[str, list[Provision]] = {}
    for p in provisions:
        by_key.setdefault(p.key, []).append(p)
    card: dict[str, dict[str, Any]] = {}

    sources = [k for k in FINANCING_SOURCES if k in by_key]
    fin_ev = [_ev(text, p.start, p.end, p.key) for k in sources for p in by_key[k][:1]]
    if "financing.trust_fund" in by_key:
        fin_ev.append(_ev(text, by_key["financing.trust_fund"][0].start,
                          by_key["financing.trust_fund"][0].end, "financing.trust_fund"))
    rates = _rate_evidence(text, provisions) if any(k in by_key for k in _TAXES) else []
    if sources and rates:
        card["financing"] = {"answer": "specified", "sources": sources, "evidence": fin_ev + rates}
    elif fin_ev:
        card["financing"] = {"answer": "named_only", "sources": sources, "evidence": fin_ev}
    else:
        card["financing"] = {"answer": "absent", "sources": [], "evidence": []}

    for question, prefixes in _PRESENT_BY_PREFIX.items():
        hits = [p for p in provisions if p.key.startswith(prefixes)]
        card[question] = _present(text, hits)
    if card["federal_waivers"]["answer"] == "absent":
        m = _WAIVER.search(text)
        if m:
            a, b = _sentence_around(text, max(0, m.start() - 2000), min(len(text), m.end() + 2000), m.start())
            card["federal_waivers"] = {"answer": "present", "evidence": [_ev(text, a, b)]}

    erisa: list[dict[str, Any]] = []
    for m in _ERISA.finditer(text):
        a, b = _sentence_around(text, max(0, m.start() - 2000), min(len(text), m.end() + 2000), m.start())
        if not any(e["start"] == a for e in erisa):
            erisa.append(_ev(text, a, b))
        if len(erisa) >= 3:
            break
    card["erisa"] = {"answer": "present" if erisa else "absent", "evidence": erisa}
    return {k: card[k] for k in SCORECARD_KEYS}


def _present(text: str, hits: Sequence[Provision], shown: int = 3) -> dict[str, Any]:
    """Up to `shown` passages: first each key's own best passage, keys in the vocabulary's order,
    then each key's second best, and so on.

    Why not simply the most confident passages of the question: they can all come from one minor
    key, and the key that answers the question can lose on confidence to one that only touches it
    (NY S 7590's governance showed "The board of trustees may appoint one or more advisory
    committees" first, and not the sentence creating the board). The vocabulary lists each
    category's defining key first (governance: board, then advisory council ...)."""
    if not hits:
        return {"answer": "absent", "evidence": []}
    by_key: dict[str, list[Provision]] = {}
    for p in sorted(hits, key=lambda p: (-p.confidence, p.start)):
        by_key.setdefault(p.key, []).append(p)
    keys = sorted(by_key, key=lambda k: (_KEY_ORDER.get(k, len(_KEY_ORDER)), k))
    best: list[Provision] = []
    for i in range(max(len(v) for v in by_key.values())):
        best += [by_key[k][i] for k in keys if i < len(by_key[k])]
    return {"answer": "present", "evidence": [_ev(text, p.start, p.end, p.key) for p in best[:shown]]}
