"""Charset decisions, mojibake repair, content codings and type sniffing on real fixture bytes."""

from __future__ import annotations

import brotli
import pytest

from statecare.documents import extract, extract_file
from statecare.documents.encoding import decode_markup

WA_SJM = "state_html/wa/WA_2025-2026_SJM8004_8004-_Joint_Memorial.htm"
NJ = "state_html/nj_njleg/NJ_222_A3624_I1_affordable_health_care_plans_enrollment_websites.HTM"
CO_SCAN = "pdf/co/CO_2026A_HJR1002_Signed_Act_decoded.pdf"
MA_TXT = "bill_texts/ma/MA_194th_H1246_public_health_option_extracted.txt"
H845 = "pdf/vt/VT_2025-2026_H845_snow_tire_tax_deduction_As_Introduced_NONHEALTH.pdf"
# PROVENANCE-2: the stored CO body = these 4 bytes + pdf + this trailer (one uncompressed meta-block)
BROTLI_HEADER, BROTLI_TRAILER = bytes.fromhex("ABD3D10B"), b"\x03"


def test_bom_wins_and_is_removed(fixtures):
    raw = (fixtures / WA_SJM).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    # a wrong HTTP charset cannot override the byte-order mark
    r = extract(raw, media_type="text/html; charset=windows-1252", url="https://lawfilesext.leg.wa.gov/x.htm")
    assert r.encoding == "utf-8" and not r.text.startswith("\ufeff") and "ï»¿" not in r.text
    assert r.text.startswith("S-0088.3\n\nSENATE JOINT MEMORIAL 8004")


def test_http_charset_that_the_bytes_contradict_falls_back_to_meta(fixtures):
    raw = (fixtures / NJ).read_bytes()
    r = extract(raw, media_type="text/html; charset=utf-8", url="https://pub.njleg.state.nj.us/Bills/2026/A4000/3624_I1.HTM")
    assert r.encoding == "cp1252"
    assert any("HTTP charset says utf-8" in w for w in r.warnings)
    assert "26. a. The Commissioner of Human Services" in r.text


def test_undeclared_single_byte_page_falls_back_to_cp1252_with_a_warning(fixtures):
    raw = (fixtures / NJ).read_bytes().replace(b"charset=windows-1252", b"charset=bogus-xyz")
    text, enc, warnings = decode_markup(raw, None)
    assert enc == "cp1252" and "\ufffd" not in text
    assert any("bogus-xyz" in w for w in warnings) and any("windows-1252" in w for w in warnings)


@pytest.mark.parametrize("rel", [WA_SJM, NJ])
def test_double_encoded_pages_are_repaired(fixtures, rel):
    raw = (fixtures / rel).read_bytes()
    good = extract(raw)
    if rel == NJ:
        # what the nj pipeline stored: the cp1252 page re-encoded as UTF-8, meta still windows-1252
        mangled = raw.decode("cp1252").encode("utf-8")
    else:
        # what the wa pipeline stored: UTF-8 bytes read as latin-1 and written out as UTF-8 again
        mangled = raw.decode("latin-1").encode("utf-8")
    r = extract(mangled)
    assert r.text == good.text
    assert any("double-encoded" in w for w in r.warnings)


def test_brotli_response_body_is_decoded(fixtures):
    pdf = (fixtures / CO_SCAN).read_bytes()
    body = BROTLI_HEADER + pdf + BROTLI_TRAILER
    assert len(body) == 500_653 and brotli.decompress(body) == pdf  # the stream PROVENANCE-2 describes
    url = "https://leg.colorado.gov/bill_files/110893/download"
    r = extract(body, media_type="application/pdf", url=url, content_encoding="br")
    assert r.media_type == "application/pdf" and r.pages == 6
    assert r.status == "no_text_layer"
    # a body stored still brotli-coded, without the header, is recognised as well
    r2 = extract(body, url=url)
    assert r2.pages == 6 and any("br-encoded" in w for w in r2.warnings)


def test_gzip_and_stacked_codings(fixtures):
    import gzip

    raw = (fixtures / WA_SJM).read_bytes()
    body = brotli.compress(gzip.compress(raw))
    r = extract(body, media_type="text/html", content_encoding="gzip, br")
    assert r.text == extract(raw).text


def test_scanned_pdf_is_recorded_as_having_no_text_layer(fixtures):
    r = extract_file(fixtures / CO_SCAN)
    assert r.status == "no_text_layer" and r.pages == 6
    # Acrobat's Paper Capture left invisible OCR text over the page images: kept, and said so
    assert any("OCR" in w for w in r.warnings)
    assert "HOUSE JOINT RESOLUTION 26-1002" in r.text


def test_image_only_pdf_without_any_text(fixtures):
    import pymupdf

    scan = pymupdf.open(fixtures / CO_SCAN)
    pix = scan[0].get_pixmap(dpi=40)
    out = pymupdf.open()
    page = out.new_page(width=scan[0].rect.width, height=scan[0].rect.height)
    page.insert_image(page.rect, pixmap=pix)
    r = extract(out.tobytes(), media_type="application/pdf", url="mem://scan.pdf")
    assert r.status == "no_text_layer" and r.text == "" and r.pages == 1
    assert any("no text; OCR is not run" in w for w in r.warnings)


def test_type_is_sniffed_from_the_bytes(fixtures):
    pdf = (fixtures / H845).read_bytes()
    r = extract(pdf, media_type="text/html")
    assert r.media_type == "application/pdf" and r.pages == 1
    assert any("declared text/html" in w for w in r.warnings)
    html = (fixtures / NJ).read_bytes()
    assert extract(html, media_type="application/octet-stream").media_type == "text/html"
    # windy-civi saved extracted text under .pdf names: declared PDF, read as the text it is
    txt = (fixtures / MA_TXT).read_bytes()
    r = extract(txt, media_type="application/pdf")
    assert r.media_type == "text/plain" and any("plain text" in w for w in r.warnings)


def test_plain_text_passes_through_lightly_normalised(fixtures):
    # an ordinary text file (the MA files are pipeline dumps: tests/documents/test_pipeline_dump.py)
    plain = "bill_texts/ny/NY_2023_A9302A.md.txt"
    raw = (fixtures / plain).read_bytes()
    r = extract_file(fixtures / plain)
    assert r.media_type == "text/plain" and r.status == "ok" and r.encoding == "utf-8"
    full_text = raw.decode("utf-8").split("## Full Text", 1)[1]  # a saved Markdown bill page
    first_line = next(line for line in full_text.splitlines() if line.strip()).rstrip()
    assert r.text.startswith(first_line)
    crlf = extract(raw.replace(b"\n", b"\r\n"), media_type="text/plain")
    assert crlf.text == r.text and "\r" not in crlf.text
