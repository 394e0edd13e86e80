"""The result type and the error type every extractor in this package returns or raises.

Kept in a module of its own so the crawler pipeline, the NLP command and the tests can import the
types without pulling in the PDF or HTML libraries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The document yielded text.
STATUS_OK = "ok"
#: The pages are scanned images with no native text; `text` is only what an embedded OCR layer
#: (e.g. Acrobat "Paper Capture") provides, possibly nothing.
STATUS_NO_TEXT_LAYER = "no_text_layer"
#: The document was read without error but holds no text at all.
STATUS_EMPTY = "empty"


@dataclass
class ExtractedText:
    """The text of one bill document, split the way amending bills need it.

    `text` is the bill *as amended*: language the document marks as deleted (strike-through,
    deleted-text markers) is removed, so deleted words can never pass as the bill's own. What was
    deleted is kept in `struck_text` (one passage a paragraph, separated by
    blank lines) and new language (underline / insert markers) is copied to `inserted_text`, while
    also staying in `text`. Paragraphs in `text` are separated by blank lines, so section headings
    such as "Sec. 1." start a line of their own.
    """

    text: str
    struck_text: str = ""
    inserted_text: str = ""
    status: str = STATUS_OK
    media_type: str = "text/plain"
    pages: int | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == STATUS_OK


class DocumentError(ValueError):
    """The input cannot be read as a bill document (garbage, truncated, undecodable).

    The message always names the input (its URL or path) so a crawl can record it against the
    right source and go on.
    """

    def __init__(self, source: str | None, reason: str | None = None) -> None:
        if reason is None:  # DocumentError("message") from code that has no source to name
            source, reason = None, source or "unreadable document"
        self.source = source or "<bytes>"
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")
