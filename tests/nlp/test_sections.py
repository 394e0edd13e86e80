"""Section splitting keeps offsets and finds each legislature's numbering."""

from __future__ import annotations

import json
from pathlib import Path

from statecare.nlp.provisions.sections import section_at, split_sections


def _numbers(text: str) -> list[str]:
    return [s.number for s in split_sections(text)]


def _check_cover(text: str) -> None:
    secs = split_sections(text)
    assert secs[0].start == 0 and secs[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(secs, secs[1:], strict=False))


def test_new_york(fixtures: Path) -> None:
    t = (fixtures / "bill_texts" / "ny" / "NY_2023_S7590.md.txt").read_text()
    nums = _numbers(t)
    assert {"1", "2", "5101", "5102", "5104", "5111", "4920"} <= set(nums)
    heads = {s.number: s.heading for s in split_sections(t)}
    assert heads["5102"] == "BOARD OF TRUSTEES"
    _check_cover(t)


def test_washington_without_line_breaks(fixtures: Path) -> None:
    t = (fixtures / "bill_texts" / "wa" / "WA_2025-2026_SB5233_Washington_health_trust_extracted.txt").read_text()
    secs = split_sections(t)
    assert {"101", "102", "103", "105"} <= {s.number for s in secs}
    s105 = next(s for s in secs if s.number == "105")
    assert s105.heading == "ADVISORY COMMITTEES"
    assert t[s105.start:s105.start + 12] == "NEW SECTION."
    _check_cover(t)


def test_massachusetts(fixtures: Path) -> None:
    t = (fixtures / "bill_texts" / "ma" / "MA_194th_H1246_public_health_option_extracted.txt").read_text()
    nums = _numbers(t)
    assert {"1", "2", "3", "7", "8"} <= set(nums)
    _check_cover(t)


def test_vermont_secs(fixtures: Path) -> None:
    t = (fixtures / "bill_texts" / "vt" / "VT_2025-2026_H433_As_Introduced_pipeline_extracted.txt").read_text()
    assert {"1", "2", "3"} <= set(_numbers(t))


def test_california_digest_paragraphs(fixtures: Path) -> None:
    d = json.loads((fixtures / "openstates" / "ca" / "CA_20252026_AB1900_metadata.json").read_text())
    a = d["abstracts"][0]["abstract"]
    secs = split_sections(a)
    assert len(secs) == a.count("\n\n") + 1
    assert a[secs[2].start:].startswith("This bill, the California Guaranteed Health Care for All Act")
    assert section_at(secs, a.index("CalCare Board")) == secs[3]


def test_empty_text() -> None:
    assert split_sections("") == []
