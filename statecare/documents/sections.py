"""A cheap split of extracted text at section headings (the NLP stage does the real splitting).

Works on the paragraph layout the extractors produce: a heading is a paragraph that begins with
"Sec. 1.", "Section 1.", "SECTION 1.", "NEW SECTION. Sec. 101." or "§ 1822.". Each section runs
from its heading to the next heading (or the end of the text). Numbered-only sections ("1.",
New Jersey) are not recognised.
"""

from __future__ import annotations

import re

_HEADING = re.compile(
    r"^(?:NEW SECTION\.\s+)?(?:Sec\.|SEC\.|Section|SECTION|§)\s*\d+[A-Za-z\-.]*\.?(?=\s|$)", re.MULTILINE
)
_LABEL_CHARS = 100


def sections(text: str) -> list[tuple[str, int, int]]:
    """(heading, start, end) character spans; the heading is its paragraph's first line, cut short."""
    starts = [m.start() for m in _HEADING.finditer(text) if m.start() == 0 or text[m.start() - 1] == "\n"]
    out: list[tuple[str, int, int]] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        line = text[start:end].split("\n", 1)[0].strip()
        if len(line) > _LABEL_CHARS:
            line = line[:_LABEL_CHARS].rsplit(" ", 1)[0] + " ..."
        out.append((line, start, end))
    return out
