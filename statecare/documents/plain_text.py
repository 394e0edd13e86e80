"""Plain-text bill files: light normalisation only.

Plain text carries no strike-through, so nothing can be separated from it; the text passes
through with line endings unified, no-break and odd spaces made ordinary, trailing blanks cut and
runs of blank lines reduced to one (the paragraph separator the other extractors use too).
"""

from __future__ import annotations

import re

_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise_plain(text: str) -> str:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _ODD_SPACES.sub(" ", text)
    text = text.replace("\u200b", "").replace("\u00ad", "")
    text = _TRAILING.sub("", text)
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")
