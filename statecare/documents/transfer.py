"""Undo HTTP content codings (`Content-Encoding: br, gzip, deflate`) on a response body.

Crawlers and archives sometimes keep a body without undoing its coding (the Colorado signed-act
PDF in the fixtures was stored as a raw brotli stream), so the extractors accept the header value
and decode here, with the maintained `brotli` package and the standard library's zlib.
"""

from __future__ import annotations

import zlib

import brotli

from statecare.documents.model import DocumentError

GZIP_MAGIC = b"\x1f\x8b"


def _inflate(data: bytes) -> bytes:
    """`deflate` is zlib-wrapped per RFC 9110, but many servers send raw deflate: accept both."""
    try:
        return zlib.decompress(data)
    except zlib.error:
        return zlib.decompress(data, -zlib.MAX_WBITS)


def decode_content(data: bytes, content_encoding: str | None, source: str | None) -> bytes:
    """Undo each listed coding, last applied first (RFC 9110 §8.4)."""
    if not content_encoding:
        return data
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    for coding in reversed(codings):
        try:
            if coding in ("identity", "none"):
                continue
            if coding == "br":
                data = brotli.decompress(data)
            elif coding in ("gzip", "x-gzip"):
                data = zlib.decompress(data, 16 + zlib.MAX_WBITS)
            elif coding == "deflate":
                data = _inflate(data)
            else:
                raise DocumentError(source, f"unsupported Content-Encoding {coding!r}")
        except (brotli.error, zlib.error) as exc:
            raise DocumentError(source, f"body is not valid {coding!r} data ({exc})") from exc
    return data


def try_undo_unlabelled(data: bytes) -> tuple[bytes, str] | None:
    """Recognise a body stored still coded but without its header; None when it is not.

    gzip has a magic number; brotli has none, so a brotli decode is only attempted by the caller
    when the bytes are not recognisable as any document type, and accepted only if it succeeds.
    """
    if data.startswith(GZIP_MAGIC):
        try:
            return zlib.decompress(data, 16 + zlib.MAX_WBITS), "gzip"
        except zlib.error:
            return None
    try:
        out = brotli.decompress(data)
    except brotli.error:
        return None
    return (out, "br") if out else None
