"""A cheap split of extracted text at section headings (the NLP stage does the real splitting).

Works on the paragraph layout the extractors produce: a heading is a paragraph that begins with
"Sec. 1.", "Section 1.", "SECTION 1.", "NEW SECTION. Sec. 101." or "§ 1822.". Each section runs
from its heading to the next heading (or the end of the text).
"""

from __future__ import annotations

import re

_HEADING = re.compile(
    r"^(?:NEW SECTION\.\s+)?(?:Sec\.|Section|SECTION|§)\s*\d+[A-Za-z\-.]*\.?[^\n]{0,80}",
    re.MULTILINE,
)


def sections(text: str) -> list[tuple[str, int, int]]:
    """(heading, start, end) character spans; the heading is its paragraph's first sentence-ish."""
    starts = [m for m in _HEADING.finditer(text) if m.start() == 0 or text[m.start() - 1] == "\n"]
    out: list[tuple[str, int, int]] = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        heading = re.split(r"(?<=\.)\s{1,2}(?=[A-Z(])", m.group(0).strip(), maxsplit=2)
        label = " ".join(heading[:2]) if heading[0].startswith("NEW SECTION") else heading[0]
        out.append((label.strip(), m.start(), end))
    return out
