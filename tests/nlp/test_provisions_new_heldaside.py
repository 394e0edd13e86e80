"""Issue 13, second held-aside group (MD, VT, WV, PA): the general rules their failures showed.

Each test reads a real bill of ../shared/national and asserts a behaviour that fails when the rule goes:
page furniture of a print layout back inside a quote, a word hyphenated across lines split in two, a
title-only claim shown as a provision, a list under "The term does not include" read as benefits, a
report's deadline read as the program's timeline, a "may not exceed" cap read as a denial.
"""

from __future__ import annotations

import re
from pathlib import Path

from provhelp import document_text, provisions_of

from statecare.legis.words import confidence_words
from statecare.nlp.provisions.clean import CleanText

MD = "hb0417f_First_Public_Health_Commission_on_Universal_Health_Care.pdf"
VT433 = "H-0433%20As%20Introduced_As_Introduced.pdf"
WV = "bills_text.cfm?billdoc=hb3233%20intr_Introduced_Version.htm&yr=2025&sesstype=RS&i=3233"
PA = "bill_content_Printers_No_PN2312.html"


def _keys(shared: Path, name: str) -> set[str]:
    return {p.key for p in provisions_of(shared, name)}


def test_vermont_and_pennsylvania_page_furniture_is_cleaned(shared: Path) -> None:
    for name, furniture in ((VT433, r"VT LEG #\d+|BILL AS INTRODUCED|Page \d+ of \d+"),
                            (PA, r"\d{5}HB\d+PN\d+")):
        text = document_text(shared, name)
        assert re.search(furniture, text), "the stored text carries the furniture"
        assert not re.search(furniture, CleanText(text).norm)
        assert not [p.evidence for p in provisions_of(shared, name) if re.search(furniture, p.evidence)]


def test_a_hyphenated_word_across_lines_stays_one_word(shared: Path) -> None:
    """VT H 433 prints "fee-" at a line end and "for-service" on the next line."""
    norm = CleanText(document_text(shared, VT433)).norm
    assert "reimbursed on a fee-for-service basis" in norm
    assert "fee- for-service" not in norm
    assert "provider_payment.fee_schedule" in _keys(shared, VT433)


def test_a_claim_only_the_title_makes_is_not_a_provision(shared: Path) -> None:
    """WV HB 3233's title says it establishes an advisory council; the text it was stored with has no such
    section. The title restates a text we do not have; nothing in the bill's sections can be quoted."""
    text = document_text(shared, WV)
    assert "establishing an advisory council" in text
    assert "governance.advisory_council" not in _keys(shared, WV)


def test_a_list_under_does_not_include_is_not_coverage(shared: Path) -> None:
    """PA HB 1863 defines a health insurance policy: "The term does not include ...: (iii) A long-term care
    or disability income policy. ... (ix) A dental only policy." Neither is a benefit; "(3) Dental benefits."
    of the coverage section is."""
    provs = provisions_of(shared, PA)
    assert "benefits.long_term_care" not in _keys(shared, PA)
    dental = [p.evidence for p in provs if p.key == "benefits.dental"]
    assert dental and not [e for e in dental if "dental only policy" in e]


def test_a_report_deadline_is_not_an_implementation_timeline(shared: Path) -> None:
    """MD HB 417: "ON OR BEFORE OCTOBER 1, 2028, THE COMMISSION SHALL SUBMIT A FINAL REPORT" is a study's
    deadline; the bill (a study commission) has no program timeline and no program provisions at all."""
    keys = _keys(shared, MD)
    assert "transition.study_or_report" in keys
    assert keys == {"transition.study_or_report"}, keys


def test_may_not_exceed_a_share_of_medicare_is_a_cap_not_a_denial(shared: Path) -> None:
    """PA HB 1863: payments "may not exceed 160% of the total amount Medicare would reimburse" is both a
    Medicare reference rate and a public-option provider rate cap."""
    keys = _keys(shared, PA)
    assert {"provider_payment.medicare_reference_rate", "public_option.provider_rate_cap"} <= keys


def test_weak_evidence_is_said_in_words() -> None:
    assert confidence_words(0.3).startswith("weak evidence")
    assert confidence_words(0.7) == "likely"
    assert confidence_words(0.9) == "strong evidence"
