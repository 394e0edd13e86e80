"""Recorded pipeline text dumps read as the one bill they hold (no header, no second copy)."""

from __future__ import annotations

from pathlib import Path

from statecare.documents import extract_file


def test_wa_dump_keeps_one_copy_without_header(fixtures: Path) -> None:
    path = fixtures / "bill_texts/wa/WA_2025-2026_SB5233_Washington_health_trust_extracted.txt"
    raw = path.read_text(encoding="utf-8")
    doc = extract_file(path)
    assert raw.count("SENATE BILL 5233") == 2  # the recording holds the text twice
    assert doc.text.count("SENATE BILL 5233") == 1
    assert doc.text.startswith("S-0500.1SENATE BILL 5233")
    assert "Media Type:" not in doc.text and "Raw Text:" not in doc.text
    assert any("text dump" in w for w in doc.warnings)


def test_ma_dump_moves_deleted_lines_to_struck_text(fixtures: Path) -> None:
    path = fixtures / "bill_texts/ma/MA_194th_S860_medicare_for_all_extracted.txt"
    raw = path.read_text(encoding="utf-8")
    doc = extract_file(path)
    assert "[DELETED:" in raw
    assert "[DELETED:" not in doc.text
    assert doc.struck_text.count("[DELETED:") == raw.split("Raw Text:")[0].count("[DELETED:")
    assert "An Act establishing medicare for all in Massachusetts." in doc.text


def test_ordinary_text_is_untouched(fixtures: Path) -> None:
    doc = extract_file(fixtures / "bill_texts/ny/NY_2023_S7590.md.txt")
    assert not any("text dump" in w for w in doc.warnings)
    assert "New York Health" in doc.text


def test_markdown_bill_page_keeps_the_full_text(fixtures: Path) -> None:
    path = fixtures / "bill_texts/ny/NY_2023_S7590.md.txt"
    raw = path.read_text(encoding="utf-8")
    doc = extract_file(path)
    assert raw.startswith("# Provides for establishment of the New York Health plan")
    assert "**Bill ID:**" not in doc.text and "## Summary" not in doc.text
    assert doc.text.startswith("S T A T E  O F  N E W  Y O R K")
    assert "EXPLANATION--Matter in ITALICS" in doc.text  # NY's bracket convention note survives


def test_vt_pipeline_dump_without_section_count_is_recognised(fixtures: Path) -> None:
    doc = extract_file(fixtures / "bill_texts/vt/VT_2025-2026_H433_As_Introduced_pipeline_extracted.txt")
    assert "Visual Markup Detected" not in doc.text
    assert "Green Mountain Care" in doc.text
