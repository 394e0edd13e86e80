"""Text dumps written by bill-scraping pipelines, read as the bill they hold.

Some recorded bill texts (shared/fixtures/bill_texts: WA SB 5233, MA S.860, MA H.1246) are not the
legislature's document but a scraping pipeline's dump of it: a metadata header (Title, Official
Title, Number of Sections, Source, Media Type, Strikethrough Detection), the text in "Section N:"
blocks, then the whole text a second time after "Raw Text:", and, where the pipeline detected
strike-through, "[DELETED: ...]" lines in place of the struck words. Read naively, every provision
of such a bill is found twice and the header reads as bill text. This module recognises the shape,
keeps one copy of the text, and moves the deleted lines to the struck text.

Likewise a bill page saved as Markdown (shared/fixtures/bill_texts/ny: "# title", "**Bill ID:**",
"## Summary", then the official text under "## Full Text"): the bill's text is what follows
"## Full Text"; the summary above it is someone's description, not the bill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER = re.compile(
    r"\A\ufeff?Title:[^\n]*\nOfficial Title:[^\n]*\n(?:Number of Sections: *\d+\n)?Source:[^\n]*\nMedia Type:[^\n]*\n"
    r"(?:[A-Z][A-Za-z ]+:[^\n]*\n)*\s*={20,}\s*\n"
)
_RAW = re.compile(r"\n={20,}\s*\nRaw Text:\s*\n")
_SECTION_LINE = re.compile(r"^Section \d+:\s*$", re.MULTILINE)
_DELETED = re.compile(r"^\[DELETED:.*\]\s*$", re.MULTILINE)


@dataclass
class Dump:
    text: str
    struck: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


_MD_HEADER = re.compile(r"\A\ufeff?# [^\n]*\n\s*\*\*Bill ID:\*\*")
_MD_FULL_TEXT = re.compile(r"^## Full Text\s*$", re.MULTILINE)


def is_markdown_bill(text: str) -> bool:
    return bool(_MD_HEADER.match(text)) and bool(_MD_FULL_TEXT.search(text))


def read_markdown_bill(text: str) -> Dump:
    m = _MD_FULL_TEXT.search(text)
    assert m is not None
    return Dump(text[m.end():].lstrip("\n"), [],
                ["a saved bill page (Markdown): its header and summary are left out, the full text kept"])


def is_pipeline_dump(text: str) -> bool:
    return bool(_HEADER.match(text))


def read_dump(text: str) -> Dump:
    """The bill text inside a pipeline dump (call only when is_pipeline_dump is true)."""
    m = _HEADER.match(text)
    assert m is not None
    body = text[m.end():]
    raw = _RAW.search(body)
    warnings = ["a scraping pipeline's text dump: its header and the duplicate 'Raw Text' copy are left out"]
    if raw:
        body = body[: raw.start()]
    body = _SECTION_LINE.sub("", body).replace("\ufeff", "")
    struck = [line.strip() for line in _DELETED.findall(body)]
    if struck:
        body = _DELETED.sub("", body)
        warnings.append(f"{len(struck)} '[DELETED: ...]' lines of the pipeline's strike-through detection "
                        "kept as struck text")
    return Dump(body, struck, warnings)
