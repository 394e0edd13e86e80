"""Highlighted titles and snippets for a page of results.

Snippets and highlighted titles come back with the markers MARK_START / MARK_END (control
characters that never occur in bill text) around each hit, so the web layer can escape everything
and then turn only those markers into <mark> elements (`strip_marks` for plain-text outputs).

They are made in Python on the page's rows rather than by FTS5 snippet() / ts_headline(): those
re-tokenize the whole document, and a bill text can be a megabyte, while one regex search over it
is quick. The same code serves both engines, so a hit is marked the same way on either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from statecare.db.search.parser import ParsedQuery, Term

MARK_START = "\x02"
MARK_END = "\x03"
SNIPPET_WORDS = 30

_STEM_SUFFIXES = ("ing", "ies", "ied", "es", "ed", "ly", "s")


def strip_marks(s: str | None) -> str:
    return (s or "").replace(MARK_START, "").replace(MARK_END, "")


def _stem(w: str) -> str:
    """A light stem for highlighting only: enough that "budgeting" lights up for "budget"."""
    for suf in _STEM_SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def _term_pattern(t: Term) -> str:
    parts = [re.escape(_stem(w)) + r"\w*" for w in t.words]
    return r"\b" + r"\W+".join(parts)


class AnyTerm:
    """What `re.compile("(?:A)|(?:B)|...", re.IGNORECASE)` does for search, match and sub, made
    from the terms' own compiled patterns, so a pattern is compiled once per term rather than
    once per combination of terms.

    Why: re's parser is Python -- 50 us for a one-word pattern, 100 us for two words, about as
    much as marking a page's twenty titles -- and searches nobody repeats ("health tax",
    "tax credit") are still made of words others have searched for. The same answer as the
    alternation: the leftmost match wins, and of matches starting at the same place, the first
    term's (each term's match there is what its own pattern gives; \\b sees the character before
    `pos` either way). Term patterns never match an empty string (every term has a word)."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[re.Pattern[str], ...]) -> None:
        self.parts = parts

    def match(self, text_: str, pos: int = 0) -> re.Match[str] | None:
        for p in self.parts:
            m = p.match(text_, pos)
            if m is not None:
                return m
        return None

    def search(self, text_: str, pos: int = 0) -> re.Match[str] | None:
        best: re.Match[str] | None = None
        for p in self.parts:
            m = p.search(text_, pos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
                if m.start() == pos:
                    break
        return best

    def sub(self, repl: Callable[[re.Match[str]], str], text_: str) -> str:
        out: list[str] = []
        pos = 0
        while (m := self.search(text_, pos)) is not None:
            out += (text_[pos:m.start()], repl(m))
            pos = m.end()
        out.append(text_[pos:])
        return "".join(out)


Matcher = re.Pattern[str] | AnyTerm


def marker_regex(pq: ParsedQuery) -> Matcher | None:
    """What marks every term looked for (not the excluded ones); None when there are none."""
    parts = tuple(_compiled(_term_pattern(t)) for g in pq.groups for t in g)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AnyTerm(parts)


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    """Each term's pattern compiled once and remembered (4,096 patterns of a few dozen characters
    are well under a megabyte; `re`'s own cache holds 512, shared with every regex in the process)."""
    return re.compile(pattern, re.IGNORECASE)


def first_literals(pq: ParsedQuery) -> tuple[str, ...]:
    """The lower-cased text every hit of `marker_regex(pq)` starts with: each term's first stem
    (none when lower-casing a stem changes its length: then first_hit searches plainly)."""
    stems = {_stem(t.words[0]) for g in pq.groups for t in g if t.words}
    if any(len(s.lower()) != len(s) for s in stems):
        return ()
    return tuple(sorted(s.lower() for s in stems))


# below this many characters an ASCII text with literals that are not ASCII (and a text that is not
# ASCII, when its ASCII shadow cannot serve) is searched with the plain regex
_SCAN_DIRECT = 2000


def first_hit(text_: str, rx: Matcher, lits: tuple[str, ...] | None = None) -> re.Match[str] | None:
    """The first match of `rx` in `text_`, what rx.search gives.

    Why not rx.search on a long text: a case-insensitive pattern starting with a word boundary
    has no literal prefix for the regex engine to skip ahead with, so it steps through every
    character (measured: most of a search's own CPU on bill texts whose only hit is in the
    title). Every hit starts with one of `lits` (first_literals), so candidates are found with
    str.find on the lower-cased text and each is tried with rx.match there (which sees the
    character before it, so word boundaries hold). When lower-casing changes the text's length
    (a few Unicode letters), positions would not line up: then rx.search.

    A text that is not ASCII is scanned in its ASCII shadow (`ascii_shadow`) when the literals are
    ASCII. An ASCII text is scanned this way whatever its length when the literals are ASCII too (then
    lower-casing is exactly the regex's case-insensitive matching; the scan costs 5-8 us on a
    500-character abstract, rx.search 30-70 us). A long text's first _SCAN_CHUNK characters are
    lower-cased and searched first (then the whole text) when the literals are ASCII, since
    the first hit is usually near the start and lower-casing 40,000 characters for it was a
    twentieth of a search's CPU: a hit found in that piece is the first one when no literal
    starting before it could have run past the piece's end, and the piece's lower case is the
    whole text's lower case cut there wherever an ASCII literal can be found (the one
    context-dependent lowering, Greek final sigma, gives no ASCII letter). tests/db compare it
    with rx.search."""
    if not lits:
        return rx.search(text_)
    lower: Callable[[str], str] = str.lower
    if text_.isascii():
        if len(text_) < _SCAN_DIRECT and not all(lit.isascii() for lit in lits):
            return rx.search(text_)
    elif _LONGER_LOWER in text_:  # lower-casing changes the length: positions would not line up
        return rx.search(text_)
    elif all(lit.isascii() and "?" not in lit for lit in lits):
        # a text that is not ASCII, literals that are: find them in its ASCII shadow; a short text
        # holding a letter re's IGNORECASE takes for "i" or "s" was searched plainly
        if len(text_) < _SCAN_DIRECT and (_DOTLESS_I in text_ or _LONG_S in text_):
            return rx.search(text_)
        lower = ascii_shadow
    elif len(text_) < _SCAN_DIRECT:
        return rx.search(text_)
    else:
        return _first_candidate(text_, text_.lower(), rx, lits)
    n = _SCAN_CHUNK
    if n < len(text_):  # (the shadow of a piece is the piece of the shadow, character by character)
        best = _first_candidate(text_, lower(text_[:n]), rx, lits)
        if best is not None and best.start() + max(len(lit) for lit in lits) <= n:
            return best
    return _first_candidate(text_, lower(text_), rx, lits)


# how much of a text first_hit lower-cases at first
_SCAN_CHUNK = 4096
# the one character whose lower case is longer than itself (U+0130, "İ" -> "i̇"; checked over all
# of Unicode by tests/db/test_search_parts.py)
_LONGER_LOWER = "\u0130"
# the one character besides A-Z whose lower case is an ASCII letter (the Kelvin sign, "k"), and the
# two that re.IGNORECASE also matches with an ASCII letter but lower() leaves alone (checked over
# all of Unicode by tests/db/test_search_parts.py)
_KELVIN = "\u212a"
_DOTLESS_I = "\u0131"
_LONG_S = "\u017f"


def ascii_shadow(text_: str) -> str:
    """`text_.lower()` where that is ASCII, "?" for every other character, position for position.

    Why: to find ASCII literals in a text that is not ASCII, the text was lower-cased whole --
    150 us for the 28,000 characters such a text averages on the national database (a quarter
    of the texts, two thirds of the snippets' CPU), where encoding it to ASCII and lower-casing
    the bytes costs a tenth of that. Every character lowers to one character (but U+0130, which
    the caller leaves out), and only A-Z and the Kelvin sign lower to an ASCII letter, so an
    ASCII literal without "?" is found at exactly the places it is found in `text_.lower()`."""
    if _KELVIN in text_:
        text_ = text_.replace(_KELVIN, "k")
    return text_.encode("ascii", "replace").lower().decode("ascii")


def _first_candidate(text_: str, low: str, rx: Matcher, lits: tuple[str, ...]) -> re.Match[str] | None:
    """The earliest match of `rx` in `text_` at a place where `low` (text_'s lower-cased start, or
    all of it) has one of `lits`."""
    best: re.Match[str] | None = None
    for lit in lits:
        i = low.find(lit)
        while i >= 0 and (best is None or i < best.start()):
            m = rx.match(text_, i)
            if m is not None:
                best = m
                break
            i = low.find(lit, i + 1)
    return best


def mark_all(text_: str, rx: Matcher | None) -> str:
    return rx.sub(lambda m: MARK_START + m.group(0) + MARK_END, text_) if rx else text_


def make_snippet(text_: str, rx: Matcher | None, words: int = SNIPPET_WORDS,
                 lits: tuple[str, ...] | None = None) -> str:
    """About `words` words around the first hit in `text_`, hits marked; the start if no hit.

    Done in Python on the page's rows rather than by FTS5 snippet() / ts_headline(): those re-tokenize
    the whole document, and a bill text can be a megabyte, while one regex search over it is quick.
    `lits` (first_literals) lets a long text be scanned for the first hit quickly (first_hit).
    """
    if not text_:
        return ""
    m = first_hit(text_, rx, lits) if rx else None
    if m is None:
        head = text_[:400].split()
        return " ".join(head[:words]) + ("…" if len(head) > words else "")
    a, b = m.start(), m.end()
    left = text_[max(0, a - 200):a].split()[-(words // 3):]
    right = text_[b:b + 400].split()
    out = " ".join(left) + (" " if left else "") + text_[a:b]
    tail = right[: words - len(left)]
    if tail:
        out += (" " if text_[b:b + 1].isspace() else "") + " ".join(tail)
    out = " ".join(out.split())
    pre = "…" if a > 200 or (left and len(text_[:a].split()) > len(left)) else ""
    post = "…" if len(right) > len(tail) else ""
    return pre + mark_all(out, rx) + post
