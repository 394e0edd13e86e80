"""One entry point for every bill document: bytes (+ what HTTP said about them) -> ExtractedText.

The crawler hands over a response body with its Content-Type and Content-Encoding; the NLP
command hands over a path. Both land here: undo the content coding, decide the real type from the
bytes (servers and archives mislabel), decode text the way browsers do, and run the PDF, HTML or
plain-text extractor. Anything unreadable raises DocumentError naming the URL or path.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from statecare.documents import sniff as sn
from statecare.documents.encoding import decode_markup
from statecare.documents.html_text import html_to_text
from statecare.documents.model import STATUS_EMPTY, STATUS_OK, DocumentError, ExtractedText
from statecare.documents.pipeline_dump import (
    is_markdown_bill,
    is_pipeline_dump,
    read_dump,
    read_markdown_bill,
)
from statecare.documents.plain_text import normalise_plain
from statecare.documents.transfer import decode_content, try_undo_unlabelled
from statecare.documents.xml_text import looks_like_xml, xml_to_text

_DECLARED = {
    "application/pdf": sn.PDF,
    "application/x-pdf": sn.PDF,
    "text/html": sn.HTML,
    "application/xhtml+xml": sn.HTML,
    "text/plain": sn.TEXT,
    "text/markdown": sn.TEXT,
}


def _resolve_type(data: bytes, declared: str | None, source: str | None, warnings: list[str]) -> str:
    seen = sn.sniff(data)
    wanted = _DECLARED.get(declared or "")
    if seen is None:
        label = f" (declared {declared})" if declared else ""
        raise DocumentError(source, f"not a PDF, HTML or text document{label}: unrecognisable bytes")
    if wanted == sn.PDF and seen != sn.PDF:
        if seen == sn.TEXT and sn.looks_like_text(data) and data[:1] != b"%":
            warnings.append("declared PDF but the bytes are plain text; read as text")
        elif seen == sn.HTML:
            warnings.append("declared PDF but the bytes are HTML; read as HTML")
        else:
            raise DocumentError(source, "declared PDF but the bytes do not start with %PDF-")
    elif wanted and wanted != seen and not (wanted == sn.HTML and seen == sn.TEXT):
        warnings.append(f"declared {declared} but the bytes are {seen}; read as {seen}")
    if wanted == sn.HTML and seen == sn.TEXT:
        return sn.HTML  # a fragment without the tags the sniffer looks for is still HTML
    return seen


ISOLATE_ABOVE = 8_000_000  # bytes: larger documents are parsed in a child process (see extract)


def extract(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    content_encoding: str | None = None,
) -> ExtractedText:
    """Extract the text of one bill document (see `extract_here`).

    A document over ISOLATE_ABOVE bytes is parsed in a short-lived child process, which ends after
    that one document and gives its memory back to the system; the result (or DocumentError) is the
    same. The limit was 1 MB while a 2.5 MB HTML page (Washington's budget bills) took ~300 MB to
    read, nearly all of it the double-UTF-8 check (a bytes object per character); read in one
    buffer since issue 17, that page takes ~45 MB, less than a child's own start (a Python with
    statecare.documents imported, ~30 MB, plus the page), so documents up to 8 MB are read in place.
    """
    if isinstance(data, (bytes, bytearray, memoryview)) and len(data) > ISOLATE_ABOVE:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            kind, value = pool.submit(_extract_in_child, bytes(data), media_type, url, content_encoding).result()
        if kind == "error":
            raise DocumentError(value[0], value[1])
        return value
    return extract_here(data, media_type=media_type, url=url, content_encoding=content_encoding)


def _extract_in_child(data: bytes, media_type: str | None, url: str | None,
                      content_encoding: str | None) -> tuple[str, Any]:
    """Run in the child: ("ok", ExtractedText) or ("error", (source, message)), both picklable."""
    try:
        return "ok", extract_here(data, media_type=media_type, url=url, content_encoding=content_encoding)
    except DocumentError as exc:
        return "error", (exc.source, exc.reason)


def extract_here(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    content_encoding: str | None = None,
) -> ExtractedText:
    """Extract the text of one bill document, in this process.

    `media_type` is the Content-Type as received (its charset parameter is honoured),
    `content_encoding` the Content-Encoding header (br, gzip, deflate); `url` names the input in
    errors and warnings only.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DocumentError(url, f"expected bytes, got {type(data).__name__}")
    data = bytes(data)
    warnings: list[str] = []
    data = decode_content(data, content_encoding, url)
    if not data:
        raise DocumentError(url, "empty body (0 bytes)")
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"%PDF-", b"<")):
        # a body saved still coded (no header kept): gzip by its magic, brotli by decoding cleanly
        undone = try_undo_unlabelled(data)
        if undone is not None and sn.sniff(undone[0]) in (sn.PDF, sn.HTML):
            data = undone[0]
            warnings.append(f"body was still {undone[1]}-encoded without a Content-Encoding; decoded")
    declared = sn.base_type(media_type)
    kind = _resolve_type(data, declared, url, warnings)

    if kind == sn.PDF:
        # imported on the first PDF only: PyMuPDF is ~46 MB resident, which every crawl, writer and
        # HTML-parsing child process would otherwise carry without ever reading a PDF
        from statecare.documents.pdf_text import pdf_to_text

        pdf = pdf_to_text(data, url)
        return ExtractedText(
            text=pdf.text,
            struck_text="\n\n".join(pdf.struck),
            inserted_text="\n\n".join(pdf.inserted),
            status=pdf.status,
            media_type=sn.PDF,
            pages=pdf.pages,
            encoding=None,
            warnings=warnings + pdf.warnings,
        )

    text, encoding, enc_warnings = decode_markup(
        data, sn.charset_param(media_type), look_for_meta=kind == sn.HTML
    )
    warnings += enc_warnings
    if kind == sn.HTML:
        try:
            html = html_to_text(text)
        except Exception as exc:  # noqa: BLE001 - lxml/bs4 failures on hostile markup
            raise DocumentError(url, f"cannot parse HTML ({exc})") from exc
        if not sn.looks_like_html(data) and "</" not in text:
            warnings.append("no HTML structure found")
        return ExtractedText(
            text=html.text,
            struck_text="\n\n".join(html.struck),
            inserted_text="\n\n".join(html.inserted),
            status=STATUS_OK if html.text else STATUS_EMPTY,
            media_type=sn.HTML,
            encoding=encoding,
            warnings=warnings + html.warnings,
        )
    struck: list[str] = []
    if looks_like_xml(text):  # a bill published as XML (Utah): markup is layout, not text
        try:
            xml = xml_to_text(text)
        except Exception as exc:  # noqa: BLE001 - lxml failures on hostile markup
            raise DocumentError(url, f"cannot parse XML ({exc})") from exc
        text, struck = xml.text, xml.struck
    elif is_pipeline_dump(text) or is_markdown_bill(text):
        dump = read_dump(text) if is_pipeline_dump(text) else read_markdown_bill(text)
        text, struck = dump.text, dump.struck
        warnings += dump.warnings
    plain = normalise_plain(text)
    return ExtractedText(
        text=plain,
        struck_text="\n\n".join(struck),
        status=STATUS_OK if plain.strip() else STATUS_EMPTY,
        media_type=sn.TEXT,
        encoding=encoding,
        warnings=warnings,
    )


def extract_file(path: str | Path) -> ExtractedText:
    """Extract a document on disk; the file name's extension is only a hint, the bytes decide."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentError(str(p), f"cannot read file ({exc.strerror or exc})") from exc
    guessed, coding = mimetypes.guess_type(p.name)
    content_encoding = {"br": "br", "gzip": "gzip"}.get(coding or "")
    return extract(data, media_type=guessed, url=str(p), content_encoding=content_encoding)
