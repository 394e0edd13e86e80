"""Unreadable input raises DocumentError naming the URL or path; damaged HTML still gives text."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statecare.documents import DocumentError, extract, extract_file

H433 = "pdf/vt/VT_2025-2026_H433_Green_Mountain_Care_incremental_implementation_As_Introduced.pdf"
MN = "state_html/mn_revisor/MN_2025-2026_HF1812_Minnesota_Health_Plan_Introduction.html"
URL = "https://legislature.vermont.gov/Documents/2026/Docs/BILLS/H-0433/H-0433%20As%20Introduced.pdf"


def test_truncated_pdf(fixtures):
    data = (fixtures / H433).read_bytes()
    with pytest.raises(DocumentError, match=r"H-0433%20As%20Introduced\.pdf: truncated PDF"):
        extract(data[: len(data) // 2], media_type="application/pdf", url=URL)


def test_garbage_bytes():
    junk = random.Random(1445).randbytes(20_000)
    with pytest.raises(DocumentError) as err:
        extract(junk, url=URL)
    assert URL in str(err.value) and "unrecognisable" in str(err.value)
    with pytest.raises(DocumentError, match=r"\(declared application/pdf\): unrecognisable bytes"):
        extract(junk, media_type="application/pdf", url=URL)


def test_pdf_header_with_garbage_body():
    junk = b"%PDF-1.7\n" + random.Random(7).randbytes(5_000) + b"\n%%EOF\n"
    with pytest.raises(DocumentError, match=r"^mem://x\.pdf: "):
        extract(junk, url="mem://x.pdf")


def test_bad_brotli_body_names_the_url(fixtures):
    data = (fixtures / H433).read_bytes()
    with pytest.raises(DocumentError, match=r"mem://b: body is not valid 'br' data"):
        extract(data, content_encoding="br", url="mem://b")


def test_missing_file_and_empty_body(tmp_path):
    with pytest.raises(DocumentError, match="nope.pdf: cannot read file"):
        extract_file(tmp_path / "nope.pdf")
    empty = tmp_path / "empty.htm"
    empty.write_bytes(b"")
    with pytest.raises(DocumentError, match="empty.htm: empty body"):
        extract_file(empty)
    assert isinstance(DocumentError("u", "r"), ValueError)


def test_truncated_html_still_gives_text(fixtures):
    data = (fixtures / MN).read_bytes()
    cut = data[: int(len(data) * 0.6)]
    r = extract(cut, url="mem://cut.html")
    assert r.status == "ok"
    full = extract(data).text
    assert 1000 < len(r.text) < len(full)
    assert full.startswith(r.text[:2000])


def test_mis_encoded_html_gives_text_and_a_warning(fixtures):
    data = (fixtures / MN).read_bytes()
    # stray windows-1252 bytes (curly quotes) in a page that claims UTF-8
    bad = data.replace(b"Minnesota Health Plan", b"\x93Minnesota Health Plan\x94", 3)
    r = extract(bad, media_type="text/html; charset=utf-8", url="mem://bad.html")
    assert r.encoding == "cp1252"
    assert "\u201cMinnesota Health Plan\u201d" in r.text
    assert any("not valid utf-8" in w for w in r.warnings)


def test_module_command_reports_errors_and_json(fixtures, tmp_path, capsys):
    import json

    from statecare.documents.__main__ import main

    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    assert main([str(bad)]) == 2
    assert "bad.pdf: truncated PDF" in capsys.readouterr().err
    assert main([str(fixtures / "state_html/wa/WA_2025-2026_SJM8004_8004-_Joint_Memorial.htm"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["media_type"] == "text/html" and out["text"].startswith("S-0088.3")


def test_deeply_nested_markup_is_read_not_a_recursion_error(fixtures):
    page = (fixtures / "state_html/nm_nmlegis/NM_2025S1_SB0004_child_best_interests_introduced_NONHEALTH.HTML").read_bytes()
    wrapped = b"<html><body>" + b"<div><span>" * 4000 + page + b"</span></div>" * 4000 + b"</body></html>"
    r = extract(wrapped, url="mem://deep.html")
    assert "BEST INTERESTS OF THE CHILD STANDARD" in r.text


def test_utf16_page_with_bom(fixtures):
    raw = (fixtures / "state_html/wa/WA_2025-2026_SJM8004_8004-_Joint_Memorial.htm").read_bytes()
    utf16 = raw.decode("utf-8-sig").encode("utf-16")  # BOM + little-endian on this machine
    r = extract(utf16, url="mem://utf16.htm")
    assert r.encoding.startswith("utf-16") and r.text == extract(raw).text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(min_value=1, max_value=7324), flip=st.integers(min_value=0, max_value=7324),
       byte=st.integers(min_value=0, max_value=255))
def test_any_damaged_copy_of_a_page_gives_text_or_a_named_error(fixtures, cut, flip, byte):
    raw = bytearray((fixtures / "state_html/wa/WA_2025-2026_SJM8004_8004-_Joint_Memorial.htm").read_bytes())
    raw[flip % len(raw)] = byte
    data = bytes(raw[:cut])
    try:
        r = extract(data, url="mem://damaged.htm")
    except DocumentError as exc:
        assert str(exc).startswith("mem://damaged.htm: ")
    else:
        assert r.status in ("ok", "empty") and r.media_type in ("text/html", "text/plain")
        assert "\ufeff" not in r.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=1, max_size=4000))
def test_arbitrary_bytes_never_crash(data):
    try:
        r = extract(data, url="mem://fuzz")
    except DocumentError as exc:
        assert "mem://fuzz" in str(exc)
    else:
        assert r.status in ("ok", "empty", "no_text_layer")


def test_documents_without_any_text_are_empty_not_errors():
    import pymupdf

    blank = pymupdf.open()
    blank.new_page()
    r = extract(blank.tobytes(), url="mem://blank.pdf")
    assert r.status == "empty" and r.pages == 1 and r.text == ""
    r = extract(b"<html><head><title>x</title></head><body><script>1</script></body></html>")
    assert r.status == "empty" and r.text == ""
