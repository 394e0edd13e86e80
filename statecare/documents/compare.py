"""Measure an extraction against a reference text that keeps struck and new language inline.

Used by the tests and benchmarks/bench_extract.py for Vermont H.433, whose pipeline extraction
(../shared/fixtures/bill_texts/vt) prints every word of the PDF, deleted or not, in page order
with line numbers and running headers. Comparison is on normalised word sequences (lower case,
`\\w+` tokens, so "high-" + "quality" and "high-quality" agree).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


@dataclass
class Coverage:
    reference_tokens: int
    bag: float  # share of reference tokens found in amended + struck (as multisets)
    ordered: float  # share aligned in order: first against amended, the rest against struck
    from_struck: int  # reference tokens accounted for only by the struck text


def coverage(reference: str, amended: str, struck: str) -> Coverage:
    ref, am, st = tokens(reference), tokens(amended), tokens(struck)
    if not ref:
        return Coverage(0, 1.0, 1.0, 0)
    bag = sum((Counter(ref) & (Counter(am) + Counter(st))).values()) / len(ref)
    m1 = SequenceMatcher(None, ref, am, autojunk=False)
    matched = [False] * len(ref)
    for block in m1.get_matching_blocks():
        for i in range(block.a, block.a + block.size):
            matched[i] = True
    rest = [t for t, ok in zip(ref, matched, strict=True) if not ok]
    m2 = SequenceMatcher(None, rest, st, autojunk=False)
    from_struck = sum(b.size for b in m2.get_matching_blocks())
    ordered = (sum(matched) + from_struck) / len(ref)
    return Coverage(len(ref), bag, ordered, from_struck)


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    """True if `needle` occurs as a contiguous token run in `haystack`."""
    if not needle:
        return False
    n = len(needle)
    first = needle[0]
    return any(haystack[i : i + n] == needle for i, t in enumerate(haystack) if t == first)
