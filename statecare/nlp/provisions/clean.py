"""A cleaned reading copy of a bill's text, with every offset mapped back to the text as stored.

Why: the stored text of many bills is a print layout. Illinois, Massachusetts, Florida and Georgia
number every line in the margin ("496 (15) prescription drugs"), Ohio numbers it at the right end,
pages carry running headers ("HB3287 - 5 - LRB104 ...", " S. 7590  3", "S. B. No. 78 Page 2",
"4 of 35") that land in the middle of sentences, words are split at line ends ("econom-\\n ic"),
and statutes are justified with runs of spaces. Matching trigger phrases and quoting evidence on
that text fails in both directions: "mental health services" is not found across "23 (9)", and the
quote a reader sees is full of numbers.

`CleanText(text).norm` is the copy the pipeline reads: margin numbers and page furniture removed,
line-end hyphenation joined, every whitespace run one space, and a space put back where the source
lost it ("business.NEW SECTION"). `orig_span(a, b)` maps a span of `norm` back to the stored text,
so a provision keeps exact `start`/`end` into what is stored while its `evidence` is the clean words.
Nothing is ever added except single spaces, so every word of `norm[a:b]` appears, in order, in
`text[orig_span(a, b)]`.
"""

from __future__ import annotations

import bisect
import re

# whole lines that are page furniture, never part of a sentence
_FURNITURE = re.compile(
    r"\s*(?:"
    r"[A-Z]{1,3}\s?\d{1,5}\s+-\s*\d{1,4}\s*-\s+LRB\S*(?:\s+\S+){0,5}"   # IL "HB3287 - 5 - LRB104 09569 KTG 19632 b"
    r"|(?:[A-Z]{1,3}\s?\d{1,5}\s+)?LRB\d+(?:\s+\S+){0,4}"                # IL first-page "HB3287 LRB104 ..."
    r"|(?:[A-Z]\.\s?){1,3}(?:No\.\s*)?\d{1,5}\s+(?:Page\s+)?\d{1,4}"      # NY " S. 7590  3", OH "S. B. No. 78 Page 2"
    r"|As (?:Introduced|Passed by the \w+|Reported by the \w+ \w+)"     # OH running header, 2nd line
    r"|\d{1,3} of \d{1,3}"                                                # MA "4 of 35"
    r"|(?:[A-Z]\.\s?){1,3}\d{1,5}|-\s*\d{1,3}\s*-|\d{2}\s+LC\s+\d+\s+\d+\S*"   # GA "S. B. 360", "- 1 -", "25 LC 33 9819"
    r"|\d{2}-\d{5}[A-Z]?-\d{2}\s+\S+|Florida Senate - \d{4}\s+\S+(?:\s+\S+)?"  # FL "17-00061-26 2026348__"
    r"|VT LEG #\d+ v\.\d+|BILL AS (?:INTRODUCED|PASSED BY THE \w+)(?: AND \w+)?(?:\s+[A-Z]{1,2}\.\d{1,5})?"  # VT headers
    r"|(?:\d{4}\s+)?Page \d{1,3} of \d{1,3}"                             # VT "2025 Page 9 of 24"
    r"|\d{5}[A-Z]{2}\d{1,5}PN\d{1,5}\s+-\s*\d{1,4}\s*-"                     # PA "20250HB1863PN2312 - 2 -"
    r"|(?:\d{1,2}\s+)?(?:HOUSE|SENATE) BILL \d{1,5}(?:\s+\d{1,2})?"           # MD "2 HOUSE BILL 417", "HOUSE BILL 417 3"
    r"|EXPLANATION: CAPITALS INDICATE .*|\[Brackets\] indicate .*|\[DELETED:.*"  # MD footer; pipelines' deleted-text dump
    r"|\S{1,8} \d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2} [AP]M(?: Jacketed)?|UNOFFICIAL COPY \d{2} RS (?:BR|[HS]B) \d{1,5}"  # KY
    r"|-\s*\d{1,3}\s*-\s+Authorized Print Version\s+\W\s+[HS][BJR]{1,2} \d{1,5}|\*{4}|ENROLLED BILL"  # MT footer, page mark
    r"|\d{1,3}(?:st|nd|rd|th) Legislature \d{4} [HS][BJR]{1,2} \d{1,5}(?:\.\d{1,2})?"     # MT "69th Legislature 2025 HB 881.1"
    r")\s*")
_LEADING_NUM = re.compile(r"[ \t]*(\d{1,4})(?:[ \t]+|$)")
_TRAILING_NUM = re.compile(r"(?:^|[ \t]+)(\d{1,4})[ \t]*$")
# a whitespace run, or a gap the source lost ("business.NEW SECTION", "committees:(a)")
# (never inside an abbreviation: "U.S.C." stays one word)
_WS = re.compile(r"(\s{2,}|[\t\n\r\f\v\xa0])|(?:(?<=[a-z]{2}[.;:])|(?<=[A-Z]{2}[;:])|(?<=\)[.;:]))(?=[(A-Z])")
# a line-end hyphen is kept after these whole words ("long-\nterm care", "non-\nprofit"); any other
# is a word split by the layout and joined ("econom-\nic", "COMPRE-\nHENSIVE")
_KEEP_HYPHEN = frozenset(
    "long short self non cost fee low high full part well state health home community means year "
    "one two three four five six seven eight nine ten first second third co-pay out-of".split())


def _margin_numbers(lines: list[tuple[int, int]], text: str, style: str) -> list[re.Match[str] | None]:
    """Per line, the margin number's match when it belongs to the running sequence, else None.

    A number counts when it follows the previous one (n = previous + 1, give or take some lines
    printed without a number, or a page restart at 1-3) or when the next numbered line follows IT
    (the sequence re-synchronises after a gap): a list item "2." or an amount ending a line does not.
    """
    rx = _LEADING_NUM if style == "lead" else _TRAILING_NUM
    found = [rx.match(text, a, b) if style == "lead" else rx.search(text, a, b) for a, b in lines]
    nums = [int(m.group(1)) if m else None for m in found]
    nxt: list[int | None] = [None] * len(nums)
    upcoming: int | None = None
    for i in range(len(nums) - 1, -1, -1):
        nxt[i] = upcoming
        if nums[i] is not None:
            upcoming = nums[i]
    out: list[re.Match[str] | None] = []
    prev: int | None = None
    for m, n, after in zip(found, nums, nxt, strict=True):
        if n is not None and (prev is None or prev < n <= prev + 10 or n <= 3 or after == n + 1):
            prev = n
            out.append(m)
        else:
            out.append(None)
    return out


def _margin_style(lines: list[tuple[int, int]], text: str) -> tuple[str, list[re.Match[str] | None]]:
    """('lead' | 'trail', per-line number matches) when most lines carry a margin number, else ('', [])."""
    body = sum(1 for a, b in lines if text[a:b].strip())
    if body < 15:
        return "", []
    best: tuple[int, str, list[re.Match[str] | None]] = (0, "", [])
    for style in ("lead", "trail"):
        ms = _margin_numbers(lines, text, style)
        n = sum(m is not None for m in ms)
        if n > best[0]:
            best = (n, style, ms)
    return (best[1], best[2]) if best[0] >= 0.4 * body else ("", [])


class CleanText:
    """`norm` (clean text) and the map from its offsets back to the stored text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._parts: list[str] = []
        self._norm_at: list[int] = []   # segment start in norm
        self._orig_at: list[int] = []   # ... and where that segment starts in the stored text
        self._n = 0
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        style, margins = _margin_style(lines, text) if text.count("\n") >= 15 else ("", [])
        pending_sep: int | None = None  # orig offset of the line break a space stands for
        for li, (a, b) in enumerate(lines):
            if b > a and _FURNITURE.fullmatch(text, a, b):
                continue
            m = margins[li] if margins else None
            if m is not None:
                if style == "lead":
                    a = m.end()
                else:
                    b = m.start()
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a >= b:
                continue
            if pending_sep is not None and self._n:
                if self._joins(text, a):
                    self._drop_last_hyphen()
                elif self._hyphen_word(text, a):
                    pass  # "long-\nterm care", "fee-\nfor-service": one hyphenated word, no space
                else:
                    self._emit(" ", pending_sep)
            self._emit_line(text, a, b)
            pending_sep = b
        self.norm = "".join(self._parts)

    # -- building -------------------------------------------------------------------------------
    def _emit(self, s: str, orig: int) -> None:
        self._parts.append(s)
        self._norm_at.append(self._n)
        self._orig_at.append(orig)
        self._n += len(s)

    def _emit_line(self, text: str, a: int, b: int) -> None:
        last = a
        for m in _WS.finditer(text, a, b):
            if m.start() > last:
                self._emit(text[last:m.start()], last)
            self._emit(" ", m.start())
            last = m.end()
        if b > last:
            self._emit(text[last:b], last)

    def _joins(self, text: str, a: int) -> bool:
        """The previous line ends in a word-splitting hyphen and this one goes on with the word."""
        last = self._parts[-1] if self._parts else ""
        if len(last) < 2 or last[-1] != "-" or not last[-2].isalpha() or not text[a].isalpha():
            return False
        word = re.search(r"[A-Za-z-]*-$", last)
        stem = word.group(0)[:-1].lower() if word else ""
        return stem not in _KEEP_HYPHEN and "-" not in stem

    def _hyphen_word(self, text: str, a: int) -> bool:
        """The previous line ends in the hyphen of a hyphenated word ("long-", "fee-") that goes on here."""
        last = self._parts[-1] if self._parts else ""
        return len(last) >= 2 and last[-1] == "-" and last[-2].isalpha() and text[a].isalpha()

    def _drop_last_hyphen(self) -> None:
        self._parts[-1] = self._parts[-1][:-1]
        self._n -= 1
        if not self._parts[-1]:
            self._parts.pop()
            self._norm_at.pop()
            self._orig_at.pop()

    # -- mapping --------------------------------------------------------------------------------
    def orig(self, pos: int) -> int:
        """Offset in the stored text of `norm[pos]`."""
        if not self._norm_at:
            return 0
        i = bisect.bisect_right(self._norm_at, pos) - 1
        return self._orig_at[max(i, 0)] + pos - self._norm_at[max(i, 0)]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """The stored-text span covering `norm[start:end]`."""
        if end <= start:
            a = self.orig(start)
            return a, a
        a, b = self.orig(start), self.orig(end - 1) + 1
        return a, max(a, b)


def _alnum(s: str) -> str:
    return "".join(ch for ch in s.casefold() if ch.isalnum())


def covers(text: str, start: int, end: int, evidence: str) -> bool:
    """Whether `text[start:end]` is exactly the stored passage `evidence` was cleaned from.

    Every letter and digit of `evidence` appears in order in the span (cleaning only deletes
    margin numbers, furniture and hyphens, and adds single spaces), and the span starts and ends on
    the evidence's first and last character, so highlighting `text[start:end]` shows no more than
    the passage quoted.
    """
    if not (0 <= start < end <= len(text)) or not evidence.strip():
        return False
    span = text[start:end]
    if span.strip()[:1] != evidence.strip()[:1] or span.strip()[-1:] != evidence.strip()[-1:]:
        return False
    it = iter(_alnum(span))
    return all(ch in it for ch in _alnum(evidence))


# a compound split again at a line end ("CO-PAY-\n MENT"): matching leaves it alone (its hyphen may
# be the compound's own), but a quote shows the word whole ("CO-PAYMENT")
_SPLIT_COMPOUND_END = re.compile(
    r"(\b[A-Za-z]+-[A-Za-z]+)-\s*\n\s*(?=(?:ment|ments|ing|ings|ed|er|ers|tion|tions|ance|ence)\b)",
    re.IGNORECASE)


def shown(text: str, start: int, end: int, clean_evidence: str) -> str:
    """The evidence to show: the stored words themselves when cleaning changed only spacing
    (so `text[start:end] == evidence` still holds for the web's highlighting), else the clean form;
    a compound split at a line end is shown whole either way."""
    raw = text[start:end]
    out = raw if "".join(raw.split()) == "".join(clean_evidence.split()) else clean_evidence
    return _SPLIT_COMPOUND_END.sub(r"\1", out)


# what may stand before a catchline on its own line: nothing, a margin line number, a section's number
# ("Section 20.", "SECTION 5.", "Sec. 3.", "§ 4."), and the first part of a catchline cut at its colon
# ("Section 5. Board of Trustees: " before "Composition, Powers, and Duties")
_CATCHLINE_PREFIX = re.compile(r"[ \t]*(?:\d{1,4}[ \t]+)?(?:(?:SECTION|Section|Sec\.|SEC\.|§)[ \t]*\d+[A-Za-z]?\.[ \t]*"
                               r"(?:[^\n.;:]{1,80}:[ \t]*)?)?")
_CATCHLINE_MINOR = frozenset({"and", "or", "of", "the", "for", "to", "in", "on", "a", "an", "by", "with", "&"})
# the line after a catchline opens a sentence or an item: "(a) The Trust", "Insurers regulated"
# (or a catchline's next line: "... FOR ALL VERMONT / RESIDENTS / The Agency"); not a table's row ("Fund $59,300")
_NEXT_LINE_OPENS = re.compile(r"[ \t]*(?:\d{1,4}[ \t]+)?(?:\(\w{1,4}\)|[A-Z][\w'\u2019-]*,?\s+(?:\d{1,4}\s+)?[A-Za-z(])")


def catchline_words(text: str, start: int, end: int) -> int:
    """How many words at the start of the stored passage `text[start:end]` are a section's catchline
    printed on a line of its own (0 if none): "Insurance Reforms" in "Section 20. Insurance Reforms /
    Insurers regulated by the division of insurance are prohibited ...".

    Why: a catchline with no period of its own runs into the first sentence of its section once the
    lines are joined, so the quote read "Insurance Reforms Insurers regulated by ...". Only the stored
    text's line breaks tell where the heading ends (every word of it is capitalised, and so is the
    sentence's first), hence the check here rather than on the cleaned copy. A catchline: at most ten
    words, each capitalised (or a short joining word), no sentence punctuation, on a line that holds
    nothing before it but a line number or the section's number, and followed by a line that opens a
    sentence or an item."""
    nl = text.find("\n", start, end)
    if nl == -1:
        return 0
    line_start = text.rfind("\n", 0, start) + 1
    if not _CATCHLINE_PREFIX.fullmatch(text, line_start, start):
        return 0
    words = text[start:nl].split()
    if not 1 <= len(words) <= 10 or any(ch in text[start:nl] for ch in ".;:!?\"\u201c()$"):
        return 0
    low = [w.lower().strip(",") for w in words]
    # capitalised words, joined by short ones; never opening or closing on a joining word (a capitals
    # sentence wrapped at "... SUBMIT TO THE" is no heading), and no verb a sentence would have
    if low[0] in _CATCHLINE_MINOR or low[-1] in _CATCHLINE_MINOR or _CATCHLINE_VERBS.intersection(low):
        return 0
    if not all(w[:1].isupper() or lw in _CATCHLINE_MINOR for w, lw in zip(words, low, strict=True)):
        return 0
    if not _NEXT_LINE_OPENS.match(text, nl + 1, end) or len(text[nl + 1:end].split()) < 3:
        return 0
    if not text[line_start:start].strip() and not _after_a_break(text, line_start):
        return 0
    return len(words)


_CATCHLINE_VERBS = frozenset({"shall", "may", "must", "will", "is", "are", "be", "means", "has", "have"})
_LINE_NUMBER = re.compile(r"\s*\d{1,4}\s*$")


def _after_a_break(text: str, line_start: int) -> bool:
    """Whether the line starting at `line_start` opens a block: the text before it (margin numbers
    aside) ends a sentence, a heading or a section's number, or there is none. A table's row ("General
    / Fund $2,848,100 ...") or a wrapped line continues what came before, and is no catchline."""
    before = text[max(0, line_start - 400):line_start].rstrip()
    prev = before[before.rfind("\n") + 1:]
    while prev and _LINE_NUMBER.fullmatch(prev):  # a numbered blank line
        before = before[:len(before) - len(prev)].rstrip()
        prev = before[before.rfind("\n") + 1:]
    return not before or before[-1] in ".:;"
