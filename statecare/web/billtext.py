"""Bill text for reading: evidence highlighting at character offsets, and version diffs.

The text is untrusted. Nothing here produces HTML: it cuts the text into plain-string segments
(each knowing which provisions cover it) and diff blocks, and the templates escape every string.
That keeps the character offsets the NLP stored exact -- the highlight starts where the model said
the evidence starts -- without ever parsing the bill as markup.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

CONTEXT_LINES = 2
MAX_INLINE_WORDS = 4000
# The most bill text one page inlines. The longest recorded bills are ~220,000 characters; a
# document far beyond (a whole code, or a hostile file) would make a page of many megabytes that
# browsers struggle with, so the page shows this much and links to the full text as plain text.
MAX_INLINE_CHARS = 500_000


def inline_length(text: str, cap: int | None = None) -> int:
    """How much of `text` a page shows: all of it up to the cap, else up to the last space before it."""
    cap = MAX_INLINE_CHARS if cap is None else cap
    if len(text) <= cap:
        return len(text)
    space = text.rfind(" ", cap // 2, cap)
    return space if space > 0 else cap


class Span(Protocol):
    id: int | str
    start: int
    end: int


@dataclass
class Segment:
    text: str
    start: int
    covered_by: tuple[int | str, ...] = ()
    starts_here: tuple[int | str, ...] = ()


def segments(text: str, spans: list[Any]) -> tuple[list[Segment], list[int | str]]:
    """Cut `text` at every span boundary; returns (segments, ids of spans outside the text)."""
    n = len(text)
    valid = [sp for sp in spans if 0 <= sp.start < sp.end <= n]
    bad = [sp.id for sp in spans if not (0 <= sp.start < sp.end <= n)]
    cuts = sorted({0, n, *(sp.start for sp in valid), *(sp.end for sp in valid)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        cover = tuple(sp.id for sp in valid if sp.start <= a and sp.end >= b)
        starts = tuple(sp.id for sp in valid if sp.start == a)
        out.append(Segment(text=text[a:b], start=a, covered_by=cover, starts_here=starts))
    if not out and n == 0:
        out.append(Segment(text="", start=0))
    return out, bad


# -- diff ------------------------------------------------------------------------------------


@dataclass
class DiffBlock:
    """A run of the diff: `equal` (context), `skip` (n unchanged lines folded), `delete`, `insert`,
    or `replace` with word-level `pieces` [(op, text)] where op is equal | delete | insert."""

    kind: str
    old: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    skipped: int = 0
    pieces: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Diff:
    blocks: list[DiffBlock]
    lines_added: int
    lines_removed: int

    @property
    def identical(self) -> bool:
        return self.lines_added == 0 and self.lines_removed == 0


# where a long line may be cut: after a sentence or clause end, before what starts the next one
_CLAUSE_END = re.compile(r"(?<=[.;:])\s*(?=[A-Z(\d\"])")
LONG_LINE = 240


def _lines(text: str) -> list[str]:
    """Units the diff compares: lines, with long ones cut at sentence or clause ends.

    Extracted HTML often puts a whole section on one line; comparing such lines would mark the
    whole section changed for one edited word. Runs of spaces are collapsed so re-wrapped PDF text
    does not show as a change on every line.
    """
    out: list[str] = []
    for ln in (text or "").splitlines():
        ln = " ".join(ln.split())
        if not ln:
            continue
        if len(ln) <= LONG_LINE:
            out.append(ln)
        else:
            out.extend(p.strip() for p in _CLAUSE_END.split(ln) if p.strip())
    return out


def _word_pieces(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    a = re.split(r"(\s+)", "\n".join(old))
    b = re.split(r"(\s+)", "\n".join(new))
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("insert", "".join(b[j1:j2])))
    return out


def diff_texts(old_text: str, new_text: str, context: int = CONTEXT_LINES) -> Diff:
    """A readable line diff with word-level changes inside replaced lines and folded context."""
    a, b = _lines(old_text), _lines(new_text)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    blocks: list[DiffBlock] = []
    added = removed = 0
    ops = sm.get_opcodes()
    for idx, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            run = a[i1:i2]
            head = run[:context] if idx > 0 else []
            tail = run[-context:] if idx < len(ops) - 1 else []
            if len(run) <= len(head) + len(tail) + 1:
                blocks.append(DiffBlock("equal", old=run, new=run))
                continue
            if head:
                blocks.append(DiffBlock("equal", old=head, new=head))
            blocks.append(DiffBlock("skip", skipped=len(run) - len(head) - len(tail)))
            if tail:
                blocks.append(DiffBlock("equal", old=tail, new=tail))
        elif op == "delete":
            removed += i2 - i1
            blocks.append(DiffBlock("delete", old=a[i1:i2]))
        elif op == "insert":
            added += j2 - j1
            blocks.append(DiffBlock("insert", new=b[j1:j2]))
        else:
            removed += i2 - i1
            added += j2 - j1
            words = sum(len(x.split()) for x in a[i1:i2] + b[j1:j2])
            if words <= MAX_INLINE_WORDS:
                blocks.append(DiffBlock("replace", old=a[i1:i2], new=b[j1:j2],
                                        pieces=_word_pieces(a[i1:i2], b[j1:j2])))
            else:
                blocks.append(DiffBlock("delete", old=a[i1:i2]))
                blocks.append(DiffBlock("insert", new=b[j1:j2]))
    return Diff(blocks=blocks, lines_added=added, lines_removed=removed)


# -- which provisions changed between two versions -----------------------------------------------


def _norm(s: str) -> str:
    return " ".join((s or "").split()).lower()


@dataclass
class ProvisionChange:
    key: str
    status: str  # added | removed | reworded | unchanged | evidence_kept | evidence_gone
    evidence_old: str | None = None
    evidence_new: str | None = None


def provision_changes(old_provs: list[Any], old_text: str, new_provs: list[Any], new_text: str
                      ) -> list[ProvisionChange]:
    """Compare the provisions found in two versions, one line per provision key.

    A key is often found in several passages (a bill lists dental care in its benefits and again
    in its transition rules), so keys are compared as a whole: when both versions were analysed, a
    key is unchanged if any passage reads the same in both, reworded otherwise. When only one was,
    the question a reader of a diff has is "is the global-budget clause still there?": a key is
    kept if any of its passages is word for word in the other version's text.
    """
    out: list[ProvisionChange] = []
    if old_provs and new_provs:
        a: dict[str, list[Any]] = {}
        b: dict[str, list[Any]] = {}
        for p in old_provs:
            a.setdefault(p.key, []).append(p)
        for p in new_provs:
            b.setdefault(p.key, []).append(p)
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append(ProvisionChange(k, "added", evidence_new=b[k][0].evidence))
            elif k not in b:
                out.append(ProvisionChange(k, "removed", evidence_old=a[k][0].evidence))
            else:
                same = {_norm(p.evidence) for p in a[k]} & {_norm(p.evidence) for p in b[k]}
                out.append(ProvisionChange(k, "unchanged" if same else "reworded",
                                           a[k][0].evidence, b[k][0].evidence))
        return out
    side, other_text, is_old = (old_provs, new_text, True) if old_provs else (new_provs, old_text, False)
    other = _norm(other_text)
    by_key: dict[str, list[Any]] = {}
    for p in side:
        by_key.setdefault(p.key, []).append(p)
    for k in sorted(by_key):
        kept = next((p for p in by_key[k] if _norm(p.evidence) in other), None)
        p = kept or by_key[k][0]
        out.append(ProvisionChange(
            k, "evidence_kept" if kept else "evidence_gone",
            evidence_old=p.evidence if is_old else None, evidence_new=None if is_old else p.evidence))
    return out


# -- evidence as a reader sees it ----------------------------------------------------------------

# a list marker cut in two by the sentence splitter: "(1) The board ..." stored from "1) The board",
# "... of the trust.(" ending with the next item's "("
_OPEN_MARKER = re.compile(r"(?:\d{1,3}|[a-zA-Z]{1,4})\)")
_LINE_NO = re.compile(r"(?m)^[ \t]*(\d{1,4})[ \t]+")
_PAGE_MARK = re.compile(r"(?m)^[ \t]*\d{1,4} of \d{1,4}[ \t]*\n?")


def tidy_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets widened or narrowed to whole list markers, for display only (stored offsets stay).

    The provision finder sometimes cuts a sentence just inside "(1)" and just after the next "(":
    the highlight then starts with "1)" and ends with a dangling "(". Both fixes use characters of
    the text itself, so the quote stays verbatim.
    """
    if not (0 <= start < end <= len(text)):
        return start, end
    if start > 0 and text[start - 1] == "(" and _OPEN_MARKER.match(text, start):
        start -= 1
    while end - 1 > start and text[end - 1] in "( \n\t":
        end -= 1
    return start, end


def quote(s: str) -> str:
    """Evidence as one readable line: printed line numbers (MA bills number every line) and page
    marks ("1 of 35") dropped when they run in sequence, whitespace collapsed."""
    unpaged = _PAGE_MARK.sub("", s)
    nums = [int(m.group(1)) for m in _LINE_NO.finditer(unpaged)]
    if len(nums) >= 2 and all(b == a + 1 for a, b in zip(nums, nums[1:], strict=False)):
        s = _LINE_NO.sub("", unpaged)
    return " ".join(s.split())


def same_words(a: str, b: str) -> bool:
    """Whether two passages say the same thing (spacing and case aside)."""
    return _norm(a) == _norm(b)


def _alnum(s: str) -> str:
    return "".join(ch for ch in s.casefold() if ch.isalnum())


def span_holds(span: str, evidence: str) -> bool:
    """Whether a stored span is the passage `evidence` was cleaned from.

    classify quotes a passage without the PDF debris inside it (margin line numbers, running headers,
    words split at line ends) while its offsets still point at the stored text. The span holds it when
    every letter and digit of the evidence appears in order in the span, and both start and end on the
    evidence's first and last character -- so highlighting the span shows no more than the quote.
    """
    s, e = span.strip(), evidence.strip()
    if not s or not e or s[0].casefold() != e[0].casefold() or s[-1].casefold() != e[-1].casefold():
        return False
    it = iter(_alnum(s))
    return all(ch in it for ch in _alnum(e))


@dataclass
class HighlightSpan:
    """A highlighted run of a text: `id` is the HTML anchor a link jumps to."""

    id: str
    start: int
    end: int
    label: str
