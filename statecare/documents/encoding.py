"""Turn the bytes of an HTML page or text file into a str, in the order browsers trust.

Order: byte-order mark, the HTTP `charset` parameter, a `<meta charset>` / `http-equiv` in the
first 4 KB, then strict UTF-8, then windows-1252 (what browsers use for undeclared Western pages)
with a warning. A declaration that the bytes contradict (a page that says UTF-8 but is not) falls
through to the next step instead of producing replacement characters, and pages stored
double-UTF-8-encoded by a pipeline (`Ã©`, `Â\xa0`, `ï»¿`) are repaired when the repair decodes
strictly. Legacy single-byte labels are mapped the WHATWG way: latin-1/ascii mean windows-1252.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG Encoding Standard: these labels all decode as windows-1252 in browsers
_WINDOWS_1252_LABELS = {
    "ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "cp819",
    "windows-1252", "cp1252", "x-cp1252", "ansi_x3.4-1968", "iso_8859-1", "iso-ir-100",
}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# a UTF-8 lead byte shown as latin-1/cp1252 followed by a continuation byte shown the same way
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


_LATIN1_FALLBACK = "statecare-latin1-fallback"
codecs.register_error(_LATIN1_FALLBACK, _latin1_fallback)


def normalise_label(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if Python knows no such codec."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


class _NotMojibake(Exception):
    """A character that no latin-1 or cp1252 byte shows: the text was not double-encoded."""


def _cp1252_byte(exc: UnicodeError) -> tuple[bytes, int]:
    """Encoding error handler: characters above U+00FF go back to their cp1252 byte, or the repair stops."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    try:
        return exc.object[exc.start : exc.end].encode("cp1252"), exc.end
    except UnicodeEncodeError:
        raise _NotMojibake from None


_CP1252_BYTE = "statecare-cp1252-byte"
codecs.register_error(_CP1252_BYTE, _cp1252_byte)


def repair_double_utf8(text: str) -> str | None:
    """Undo UTF-8 that was decoded as latin-1/cp1252 and encoded again; None if not that case.

    Accepted only when the whole text maps back to bytes and those bytes are strict UTF-8, which
    genuine accented text practically never satisfies. Each character maps to one byte (its code
    point below U+0100, else its cp1252 byte); the bytes are built by one `encode` into one buffer,
    not a bytes object per character: on Washington's 2.5 MB budget page the per-character list
    took ~216 MB.
    """
    if not _MOJIBAKE.search(text):
        return None
    try:
        raw = text.encode("latin-1", errors=_CP1252_BYTE)
        fixed = raw.decode("utf-8")
    except (_NotMojibake, UnicodeDecodeError):
        return None
    return fixed if fixed != text else None


def decode_markup(
    data: bytes, http_charset: str | None, *, look_for_meta: bool = True
) -> tuple[str, str, list[str]]:
    """Decode a page or text file; returns (text, encoding used, warnings)."""
    warnings: list[str] = []
    bom = bom_encoding(data)
    if bom:
        enc, n = bom
        text = data[n:].decode(enc, errors="replace")
        if "\ufffd" in text:
            warnings.append(f"bytes invalid in {enc} (after its byte-order mark) were replaced")
        return _maybe_repair(text, enc, warnings)

    candidates: list[tuple[str, str]] = []
    if http_charset:
        http_enc = normalise_label(http_charset)
        if http_enc:
            candidates.append((http_enc, "HTTP charset"))
        else:
            warnings.append(f"unknown HTTP charset {http_charset!r} ignored")
    if look_for_meta:
        label = meta_charset(data)
        if label:
            meta_enc = normalise_label(label)
            if meta_enc:
                candidates.append((meta_enc, "meta charset"))
            else:
                warnings.append(f"unknown meta charset {label!r} ignored")
    candidates.append(("utf-8", "UTF-8 check"))

    for enc, why in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            if why != "UTF-8 check":
                warnings.append(f"{why} says {enc} but the bytes are not valid {enc}")
            continue
        return _maybe_repair(text, enc, warnings)

    # cp1252 leaves five bytes undefined; they decode as the latin-1 control character instead
    text = data.decode("cp1252", errors=_LATIN1_FALLBACK)
    warnings.append("no usable charset declaration and not UTF-8: decoded as windows-1252")
    return _maybe_repair(text, "cp1252", warnings)


# C1 control characters (U+0080-U+009F) never stand in a bill: where a repaired text has them, a windows-1252 page
# was read as latin-1 before it was encoded as UTF-8 (NJ's pipeline: '\x93undocumented immigrant\x94',
# 'immigrant\x92s'), and WHATWG reads latin-1 as windows-1252; the five bytes cp1252 leaves undefined stay as they are
_C1_AS_CP1252 = {c: bytes([c]).decode("cp1252") for c in range(0x80, 0xA0)
                 if c not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def _maybe_repair(text: str, enc: str, warnings: list[str]) -> tuple[str, str, list[str]]:
    fixed = repair_double_utf8(text)
    if fixed is not None:
        warnings.append("text was double-encoded UTF-8 (mojibake); repaired")
        c1 = fixed.translate(_C1_AS_CP1252)
        if c1 != fixed:
            warnings.append("windows-1252 characters read as latin-1 controls before the double encoding; mapped")
        return c1.lstrip("\ufeff"), f"{enc}+double-utf8-repaired", warnings
    return text.lstrip("\ufeff"), enc, warnings
