"""Split statutory text into sections, keeping character offsets into the original text.

Each legislature numbers its sections its own way, and the extracted text keeps that numbering
even when it loses line breaks (WA's pipeline text has almost none). The splitter recognises:

* New York: "Section 1." then "§ 2." and, inside new articles, "§ 5101." / "§ 5101-a."
* Massachusetts: "SECTION 1."
* Washington: "NEW SECTION. Sec. 101." and "Sec. 2."
* Vermont: "Sec. 1." (often followed by a heading in capitals)
* Minnesota: "Section 1." / "Sec. 2." and subdivisions "Subdivision 1." / "Subd. 2."
* California digests: one section per paragraph (blank-line separated, or "(1)", "(2)" items)

Sections let provisions be read in context (findings are weaker evidence than operative text)
and let the reader jump to the part of the bill that supports a claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKERS = [
    ("wa", re.compile(r"NEW SECTION\.\s+Sec\.\s+(\d+[A-Za-z]?)\.")),
    ("ma", re.compile(r"(?m)^[ \t]*SECTION[ \t]+(\d+[A-Za-z]?)\.")),
    # each of these is written literal first: a pattern that opens with a look-behind or "^" is tried at every
    # position of the text, one that opens with a literal is searched for that character (40x faster over a
    # bill). "S(?<![^\s]S)" is "(?m)(?:^|(?<=\s))S": the S starts the text or follows a space or line break
    # (tests/nlp/test_provisions_gate.py compares them with the earlier spellings on the recorded texts)
    ("ny", re.compile(r"§(?<![^\s\"]§)§?[ \t]*(\d+(?:-[a-z]+)?(?:\.\d+)?)\.(?=\s)")),
    ("mn_subd", re.compile(r"S(?<![^\s]S)(?:ubdivision|ubd\.)[ \t]+(\d+[a-z]?)\.")),
    ("sec", re.compile(r"S(?<![^.:\s]S)(?:ection|ec\.)[ \t]+(\d+[A-Za-z]?)\.(?=\s)")),
]
_HEADING = re.compile(r"\s*([A-Z][A-Z0-9 ,;:'\-&()]{3,120}?[.:])(?=\s|[A-Z][a-z]|\(|$)")
_CA_ITEM = re.compile(r"\n\s*\n|(?<=[.;:])\s+(?=\(\d+\)\s)")


@dataclass(frozen=True)
class Section:
    """One section: text[start:end]; `number` as printed ("5101", "101"), `heading` if any."""

    start: int
    end: int
    number: str
    heading: str
    style: str


def split_sections(text: str) -> list[Section]:
    """Sections in document order covering the operative text.

    Text before the first marker (title, sponsors, enacting clause) becomes a "preamble"
    section numbered "0", so that every character offset belongs to some section.
    """
    if not text:
        return []
    hits: dict[int, tuple[str, str, int]] = {}
    for style, rx in _MARKERS:
        for m in rx.finditer(text):
            pos = m.start()
            # a "NEW SECTION. Sec. 101." marker also matches the plain "Sec. 101." rule: keep one
            if any(abs(pos - p) < 16 for p in hits):
                continue
            hits[pos] = (style, m.group(1), m.end())
    if not hits:
        return split_paragraphs(text)
    out: list[Section] = []
    positions = sorted(hits)
    if positions[0] > 0:
        out.append(Section(0, positions[0], "0", "", "preamble"))
    for i, pos in enumerate(positions):
        style, number, body = hits[pos]
        end = positions[i + 1] if i + 1 < len(positions) else len(text)
        h = _HEADING.match(text, body, end)
        heading = h.group(1).strip().rstrip(".:") if h else ""
        out.append(Section(pos, end, number, heading, style))
    return out


def split_paragraphs(text: str) -> list[Section]:
    """Digest-style text (CA Legislative Counsel's Digest): one section per paragraph/item."""
    out: list[Section] = []
    start = 0
    n = 0
    for m in _CA_ITEM.finditer(text):
        if m.start() > start and text[start:m.start()].strip():
            n += 1
            out.append(Section(start, m.start(), str(n), "", "paragraph"))
        start = m.end()
    if text[start:].strip():
        n += 1
        out.append(Section(start, len(text), str(n), "", "paragraph"))
    return out


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The section containing `offset` (binary search; sections are sorted and disjoint)."""
    lo, hi = 0, len(sections) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sections[mid]
        if offset < s.start:
            hi = mid - 1
        elif offset >= s.end:
            lo = mid + 1
        else:
            return s
    return None
