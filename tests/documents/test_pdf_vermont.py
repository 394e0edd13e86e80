"""Vermont bill PDFs: strike-through and underline read from the drawn rules, furniture dropped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from statecare.documents.compare import contains_run, coverage, tokens

H433 = "pdf/vt/VT_2025-2026_H433_Green_Mountain_Care_incremental_implementation_As_Introduced.pdf"
H185 = "pdf/vt/VT_2025-2026_H185_universal_primary_care_As_Introduced.pdf"
H833 = "pdf/vt/VT_2025-2026_H833_public_option_feasibility_As_Introduced.pdf"
H845 = "pdf/vt/VT_2025-2026_H845_snow_tire_tax_deduction_As_Introduced_NONHEALTH.pdf"
ACT173 = "pdf/vt/VT_2025-2026_S197_ACT173_As_Enacted.pdf"
SUMMARY = "pdf/vt/VT_2025-2026_S197_ACT173_Act_Summary.pdf"
PIPELINE = "bill_texts/vt/VT_2025-2026_H433_As_Introduced_pipeline_extracted.txt"
# page furniture the pipeline printed inline with the bill's words
_FURNITURE = re.compile(r"BILL AS INTRODUCED H\.\d+|\d{4} Page \d+ of \d+|VT LEG #\d+ v\.\d+")


def pipeline_reference(fixtures: Path) -> tuple[str, str]:
    """(raw, without furniture) text of the pipeline extraction, its provenance header removed."""
    raw = (fixtures / PIPELINE).read_text(encoding="utf-8")
    body = raw.split("=" * 20, 1)[1].split("\n", 1)[1]
    kept = []
    for line in body.splitlines():
        line = line.strip()
        if _FURNITURE.fullmatch(line):
            continue
        kept.append(re.sub(r"^\d{1,2}(?:\s|$)", "", line))  # the margin line number
    return body, "\n".join(kept)


def test_h433_amended_plus_struck_cover_the_pipeline_extraction(doc, fixtures):
    r = doc(H433)
    raw, clean = pipeline_reference(fixtures)
    cov = coverage(clean, r.text, r.struck_text)
    assert cov.reference_tokens > 4000
    assert cov.bag >= 0.97 and cov.ordered >= 0.97
    assert cov.from_struck > 500  # a real share of the bill is deleted statute
    # every word is in exactly one of the two: the struck words did not also stay in the text
    assert abs(len(tokens(r.text)) + len(tokens(r.struck_text)) - cov.reference_tokens) <= 0.01 * cov.reference_tokens
    # against the raw pipeline text the only misses are its line numbers and running headers
    raw_cov = coverage(raw, r.text, r.struck_text)
    missing = round(raw_cov.reference_tokens * (1 - raw_cov.bag))
    furniture = sum(len(tokens(m.group(0))) for m in _FURNITURE.finditer(raw)) + len(re.findall(r"(?m)^\d{1,2}\b", raw))
    assert missing <= furniture


def test_h433_no_struck_passage_in_the_amended_text(doc):
    r = doc(H433)
    passages = r.struck_text.split("\n\n")
    assert len(passages) >= 30
    text_tokens = tokens(r.text)
    long = [p for p in passages if len(tokens(p)) >= 3]
    assert len(long) >= 20
    assert [p for p in long if contains_run(text_tokens, tokens(p))] == []
    # known redline on page 3: "(1) <strike>Receipt</strike> <u>receipt</u> of a waiver"
    assert "(1) receipt of a waiver under Section 1332 of the Affordable Care Act" in r.text
    assert "Receipt receipt" not in r.text and "Receipt" in passages
    gone = "Enactment of a law establishing the financing for Green Mountain Care."
    assert gone in r.struck_text and "establishing the financing for Green Mountain" not in r.text
    assert "(2) [Repealed.]" in r.text.split("\n\n")


def test_h433_structure_and_no_page_furniture(doc):
    r = doc(H433)
    assert r.status == "ok" and r.pages == 24 and r.media_type == "application/pdf"
    paras = r.text.split("\n\n")
    for heading in ("Sec. 1. PURPOSE", "Sec. 6. IMPLEMENTATION; INTENT", "Sec. 7. EFFECTIVE DATE",
                    "§ 1822. IMPLEMENTATION; WAIVER", "Subchapter 2. Green Mountain Care"):
        assert heading in paras
    assert paras[0] == "H.433"
    for junk in ("BILL AS INTRODUCED", "Page 3 of 24", "VT LEG #"):
        assert junk not in r.text
    # line numbers 1..21 stood in the margin: none is left glued to the start of a line
    assert not [p for p in paras if re.match(r"\d{1,2} [A-Za-z(]", p)]
    assert "high-quality, publicly financed health care" in r.text  # line-end compound re-joined


def test_h433_underlined_language_is_inserted_and_kept(doc):
    r = doc(H433)
    assert "The purpose of this act is to initiate the incremental implementation of" in r.inserted_text
    assert "The purpose of this act is to initiate the incremental implementation of Green Mountain Care" in r.text


@pytest.mark.parametrize(
    ("rel", "pages", "heading", "has_struck"),
    [
        (H185, 6, "Sec. 1. FINDINGS; LEGISLATIVE INTENT", False),
        # a wrapped, centred title is one paragraph again
        (H833, 3, "An act relating to evaluating the feasibility of developing a public option, "
                  "high-deductible health insurance plan", False),
        (ACT173, 12, "Sec. 1. LEGISLATIVE INTENT; PURPOSES", True),
    ],
)
def test_other_vermont_bills(doc, rel, pages, heading, has_struck):
    r = doc(rel)
    assert r.status == "ok" and r.pages == pages
    assert heading in r.text.split("\n\n")
    assert bool(r.struck_text) is has_struck
    assert "VT LEG #" not in r.text and not re.search(r"Page \d+ of \d+", r.text)
    for passage in (p for p in r.struck_text.split("\n\n") if len(tokens(p)) >= 3):
        assert not contains_run(tokens(r.text), tokens(passage)), passage


def test_act173_struck_statute_language(doc):
    r = doc(ACT173)
    assert "Commissioner of Vermont Health Access" in r.struck_text.split("\n\n")
    # page 4: "recommend to the <strike>Commissioner of Vermont Health Access</strike> <u>Secretary of Human Services</u>"
    assert "may recommend to the Secretary of Human Services changes to the payment amounts" in r.text
    assert "Secretary of Human Services" in r.inserted_text.split("\n\n")
    assert r.text.startswith("No. 173. An act relating to reform for primary care.")


def test_act_summary_box_rules_are_not_underlines(doc):
    r = doc(SUMMARY)
    assert r.pages == 1 and r.status == "ok"
    assert r.inserted_text == "" and r.struck_text == ""  # the page's two box rules are not markup
    assert "This act expresses legislative intent to invest in primary care" in r.text


def test_h845_short_form(doc):
    r = doc(H845)
    assert r.pages == 1
    assert "An act relating to an income tax deduction for the purchase of snow tires" in r.text.split("\n\n")
    assert r.text.endswith("(TEXT OMITTED IN SHORT-FORM BILLS)")
    assert "Page 1 of 1" not in r.text


def test_amended_text_has_no_removal_debris(doc):
    for rel in (H433, H185, H833, H845, ACT173, SUMMARY):
        text = doc(rel).text
        assert not re.search(r" [.,;:](?:\s|$)|\s{3,}|\x00", text), rel
        assert text == text.strip() and "\n\n\n" not in text, rel
