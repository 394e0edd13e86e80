"""Memory of document reading (issue 17: crawl and classify within 500 MB, whole process tree).

- The double-UTF-8 repair gives the same answers as the per-character version it replaced, on every
  recorded HTML and text page, and on near misses; and it no longer takes a bytes object per
  character (Washington's 2.5 MB budget page took ~216 MB that way).
- PyMuPDF is imported on the first PDF only, and never pymupdf4llm (which pymupdf 2 loads when
  installed, with numpy and onnxruntime): the crawl path's imports load no PDF library.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest

import statecare
from statecare.documents.encoding import _MOJIBAKE, decode_markup, repair_double_utf8

WA_BUDGET = "national/wa/2025-2026/documents/SB_5166/5166_Bill.htm"  # 2.5 MB, stored double-encoded


def _old_repair(text: str) -> str | None:
    """The per-character repair as it was before issue 17 (the reference the new one must equal)."""
    if not _MOJIBAKE.search(text):
        return None
    parts = []
    for ch in text:
        if ord(ch) < 256:
            parts.append(bytes([ord(ch)]))
            continue
        try:
            parts.append(ch.encode("cp1252"))
        except UnicodeEncodeError:
            return None
    try:
        fixed = b"".join(parts).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return fixed if fixed != text else None


def _recorded_pages(shared: Path) -> list[Path]:
    suffixes = {".htm", ".html", ".txt", ".xml"}
    return sorted(p for p in shared.rglob("*") if p.suffix.lower() in suffixes and p.is_file()
                  and ("documents" in p.parts or "fixtures" in p.parts))


def test_repair_answers_as_before_on_every_recorded_page(shared):
    pages = _recorded_pages(shared)
    assert len(pages) > 100
    repaired = 0
    for path in pages:
        data = path.read_bytes()
        for enc in ("utf-8", "cp1252"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            new = repair_double_utf8(text)
            assert new == _old_repair(text), path
            repaired += new is not None
    assert repaired >= 3  # the recording holds double-encoded pages (WA budget bills among them)


@pytest.mark.parametrize("text", [
    "Ã©tÃ© â€™ â€œquotedâ€\x9d Â\xa0",  # mojibake, cp1252 punctuation among it
    "café résumé naïve",  # genuine accents: not UTF-8 when mapped back
    "Ã© then an arrow → no cp1252 byte",  # a character neither latin-1 nor cp1252
    "Ã© and ÿ alone",  # maps back, but the bytes are not UTF-8
    "Ã",  # a lead byte without its continuation
    "no accents at all",
    "â€\u2122 trademark and ï»¿ a BOM",
])
def test_repair_near_misses_match_the_old_answers(text):
    assert repair_double_utf8(text) == _old_repair(text)


def test_repair_of_a_large_page_takes_one_buffer_not_one_object_per_character(shared):
    data = (shared / WA_BUDGET).read_bytes()
    text = data.decode("utf-8")
    tracemalloc.start()
    try:
        fixed = repair_double_utf8(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert fixed is not None and "\u00c3\u00a9" not in fixed
    # the text, its bytes and the repaired text: a few times the page, not ~85x as before
    assert peak < 6 * len(data), peak
    text_out, enc, _ = decode_markup(data, None)
    assert enc == "utf-8+double-utf8-repaired" and text_out == fixed.lstrip("\ufeff")


def _run(code: str, cwd: Path) -> str:
    """Run `code` in a fresh interpreter that imports the same statecare as this test (not the cwd's)."""
    root = Path(statecare.__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                         check=True, cwd=cwd, env=env)
    return out.stdout.strip()


def test_crawl_path_imports_no_pdf_library_until_a_pdf_arrives(fixtures, tmp_path):
    html = fixtures / "state_html/wa/WA_2025-2026_SJM8004_8004-_Joint_Memorial.htm"
    pdf = fixtures / "pdf/vt/VT_2025-2026_S197_ACT173_As_Enacted.pdf"
    out = _run(f"""
        import sys
        import statecare.crawler.pipelines, statecare.crawler.replay, statecare.crawler.spiders.openstates
        import statecare.crawler.ledger
        from statecare.documents import extract, extract_file
        heavy = ("pymupdf", "fitz", "pymupdf4llm", "numpy", "onnxruntime")
        print(sorted(m for m in heavy if sys.modules.get(m) is not None))
        extract_file({str(html)!r})
        print(sorted(m for m in heavy if sys.modules.get(m) is not None))
        r = extract_file({str(pdf)!r})
        print(sorted(m for m in heavy if sys.modules.get(m) is not None), r.media_type, len(r.text) > 1000)
    """, tmp_path)
    before, after_html, after_pdf = out.splitlines()
    assert before == "[]"
    assert after_html == "[]"
    assert after_pdf == "['pymupdf'] application/pdf True"


def test_a_document_over_the_isolation_limit_reads_the_same_in_a_child(shared, monkeypatch):
    """Documents over ISOLATE_ABOVE (8 MB since issue 17) are read in a child process: same result."""
    import importlib

    extract_mod = importlib.import_module("statecare.documents.extract")  # the module, not the function

    data = (shared / WA_BUDGET).read_bytes()
    here = extract_mod.extract(data, media_type="text/html", url="https://lawfilesext.leg.wa.gov/5166.htm")
    assert len(data) < extract_mod.ISOLATE_ABOVE  # read in place now (no child: ~45 MB, not ~300 MB)
    monkeypatch.setattr(extract_mod, "ISOLATE_ABOVE", len(data) - 1)
    child = extract_mod.extract(data, media_type="text/html", url="https://lawfilesext.leg.wa.gov/5166.htm")
    assert child == here and here.encoding == "utf-8+double-utf8-repaired" and len(here.text) > 100_000
