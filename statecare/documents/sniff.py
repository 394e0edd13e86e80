"""Decide whether bytes are a PDF, an HTML page or plain text.

Servers and archives mislabel documents (the windy-civi pipelines saved extracted *text* under a
`.pdf` name; legislature servers send HTML as `application/octet-stream`), so the bytes decide
when they are unambiguous and the declared type only breaks ties. The checks follow the spirit of
the WHATWG MIME-sniffing rules: a `%PDF-` header, then HTML tags near the start, then "looks like
text" (no NULs, almost no control characters).
"""

from __future__ import annotations

import re

PDF = "application/pdf"
HTML = "text/html"
TEXT = "text/plain"

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# tags the WHATWG sniffing algorithm treats as "HTML" when they open a document
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|pre|meta|"
    rb"\?xml[^>]*>\s*<html|!--)[\s>/]",
    re.IGNORECASE,
)


def base_type(media_type: str | None) -> str | None:
    """`text/html; charset=x` -> `text/html` (lower case); None stays None."""
    if not media_type:
        return None
    return media_type.split(";", 1)[0].strip().lower() or None


def charset_param(media_type: str | None) -> str | None:
    """The `charset` parameter of a Content-Type value, if any."""
    if not media_type:
        return None
    m = re.search(r";\s*charset\s*=\s*[\"']?([^\"';\s]+)", media_type, re.IGNORECASE)
    return m.group(1) if m else None


def _strip_bom(head: bytes) -> bytes:
    for bom in _BOMS:
        if head.startswith(bom):
            return head[len(bom):]
    return head


def looks_like_pdf(data: bytes) -> bool:
    # PDF readers accept junk before the header within the first 1024 bytes (PDF 32000 §7.5.2 note)
    return b"%PDF-" in data[:1024]


def looks_like_html(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
        head = head[2:].decode(enc, errors="ignore").encode("ascii", errors="ignore")
    head = _strip_bom(head).lstrip()
    if _HTML_START.match(head):
        return True
    # pages that open with text or a comment still name their structure early on
    return bool(re.search(rb"<(?:html|body)[\s>]", head, re.IGNORECASE))


def looks_like_text(data: bytes) -> bool:
    """No NUL bytes and under 1% control characters other than tab/newline/CR/form feed."""
    sample = _strip_bom(data[:65536])
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    if not sample.strip():
        return bool(sample)
    if b"\x00" in sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13)) + sample.count(0x7F)
    return controls <= len(sample) * 0.01


def sniff(data: bytes) -> str | None:
    """The media type the bytes show, or None when they show none."""
    if looks_like_pdf(data):
        return PDF
    if looks_like_html(data):
        return HTML
    if looks_like_text(data):
        return TEXT
    return None
