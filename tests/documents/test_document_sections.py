"""The cheap section splitter on real extractions."""

from __future__ import annotations

from statecare.documents import sections

H433 = "pdf/vt/VT_2025-2026_H433_Green_Mountain_Care_incremental_implementation_As_Introduced.pdf"
WA = "state_html/wa/WA_2025-2026_HB1445_1445_Bill.htm"
CO = "state_html/co_leg/CO_2025B_HB25B-1006_Improve_Affordability_Private_Health_Insurance_Introduced.html"


def test_sections_are_contiguous_and_start_at_headings(doc):
    for rel in (H433, WA, CO):
        text = doc(rel).text
        spans = sections(text)
        assert len(spans) >= 7, rel
        for (_, _, end), (_, start, _) in zip(spans, spans[1:], strict=False):
            assert end == start
        assert spans[-1][2] == len(text)
        for heading, start, _ in spans:
            assert text[start:].startswith(heading.removesuffix(" ..."))


def test_section_labels(doc):
    labels = [h for h, _, _ in sections(doc(H433).text)]
    assert labels[0] == "Sec. 1. PURPOSE" and labels[-1] == "Sec. 7. EFFECTIVE DATE"
    assert "§ 1822. IMPLEMENTATION; WAIVER" in labels
    co = [h for h, _, _ in sections(doc(CO).text)]
    assert [h.split(".")[0] for h in co] == [f"SECTION {i}" for i in range(1, 8)]
    wa = sections(doc(WA).text)
    assert wa[0][0].startswith("NEW SECTION. Sec. 101. WASHINGTON HEALTH TRUST PROTECTIONS.")
