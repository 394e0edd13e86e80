"""A regular expression tried only when the text holds one of the words every match must contain.

Why: the provisions pipeline reads dozens of case-insensitive patterns over every candidate passage and over
whole bills. Python's `re` cannot skip ahead to a literal in a case-insensitive alternation (`\\b(?:study|
examine|...)`), so it tries the pattern at every position; a substring test on the lower-cased text costs a
fraction of that and rules most passages out. The answer is the pattern's own whenever the test passes, so a
gate changes the cost and never the result, provided `words` are necessary: every match contains one of them.
tests/nlp/test_provisions_gate.py checks gated against ungated answers on recorded bill texts.

Case-insensitive matching in `re` also pairs four non-ASCII letters with ASCII ones (U+017F long s ~ s, U+0131
dotless i and U+0130 dotted capital I ~ i, U+212A Kelvin sign ~ k) that `str.lower()` does not map to them: a
text holding one of those is always handed to the pattern.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

# non-ASCII characters that re.IGNORECASE matches to an ASCII letter but str.lower() does not lower to it
_FOLD_ODD = ("\u017f", "\u0131", "\u0130", "\u212a")
_END = sys.maxsize


class Gated:
    """`re.compile(pattern, flags)` behind a test that the searched part of the text holds one of `words`
    (lower-case when `flags` has re.IGNORECASE; exact otherwise)."""

    __slots__ = ("rx", "words", "fold")

    def __init__(self, pattern: str, words: tuple[str, ...], flags: int = 0) -> None:
        self.rx = re.compile(pattern, flags)
        self.fold = bool(flags & re.IGNORECASE)
        if self.fold and any(w != w.lower() for w in words):
            raise ValueError(f"gate words of a case-insensitive pattern must be lower-case: {words}")
        if not words:
            raise ValueError("a gate needs at least one word")
        self.words = words

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def may_match(self, s: str, pos: int = 0, endpos: int = _END) -> bool:
        """False only when no match can lie in s[pos:endpos] (no gate word there)."""
        pos = max(pos, 0)  # as re reads a negative pos (slicing and str.find would count it from the end)
        if not self.fold:
            return any(s.find(w, pos, endpos) >= 0 for w in self.words)
        part = s[pos:endpos] if pos or endpos < len(s) else s
        if not part.isascii() and any(ch in part for ch in _FOLD_ODD):
            return True
        low = part.lower()
        return any(w in low for w in self.words)

    def search(self, s: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return self.rx.search(s, pos, endpos) if self.may_match(s, pos, endpos) else None

    def match(self, s: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return self.rx.match(s, pos, endpos) if self.may_match(s, pos, endpos) else None

    def finditer(self, s: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match[str]]:
        return self.rx.finditer(s, pos, endpos) if self.may_match(s, pos, endpos) else iter(())

    def findall(self, s: str, pos: int = 0, endpos: int = _END) -> list[object]:
        return self.rx.findall(s, pos, endpos) if self.may_match(s, pos, endpos) else []
