"""Bill documents (HTML, PDF, plain text) -> the bill's text as amended, plus struck/inserted text.

    from statecare.documents import extract, extract_file, ExtractedText, DocumentError

Used by the crawler's text pipeline (response bytes + headers) and by `statecare nlp provisions
PATH` (a file). See `extract` for the order of decisions and each extractor's module for what it
knows about each legislature's markup.
"""

from statecare.documents.extract import extract, extract_file
from statecare.documents.model import (
    STATUS_EMPTY,
    STATUS_NO_TEXT_LAYER,
    STATUS_OK,
    DocumentError,
    ExtractedText,
)
from statecare.documents.sections import sections

__all__ = [
    "STATUS_EMPTY",
    "STATUS_NO_TEXT_LAYER",
    "STATUS_OK",
    "DocumentError",
    "ExtractedText",
    "extract",
    "extract_file",
    "sections",
]
