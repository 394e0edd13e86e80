"""Issue 13, a browser look at three bill pages (VT H 433, MA S 860, NY S 7590): the kinds of wrong first
passage and wrong key it showed, each tested on the real bill text from the shared recording.

* A quote starting mid-enumeration on the joining word the item before left: "and (C) hearing aids",
  "and to (B) enable Vermont", "AND (IV) DOES NOT REQUIRE" (capital letters, a preposition, capitals).
* A keyword out of context: duplication of health care FACILITIES (planning) as duplicate private coverage;
  an insurer's rate filing ("the form, premium rate, or rule shall be deemed approved") as the program's
  premium; list items under a lead-in of goals ("PROVISIONS TO PROMOTE THE FOLLOWING:") or of who may be a
  care coordinator as physician benefits.
* A payment rule ("WHERE PRESCRIPTION DRUGS ARE NOT DISPENSED THROUGH A PHARMACY, PAYMENT SHALL BE MADE ...")
  shown for drug coverage, while the covering sentence ("PRESCRIPTION DRUGS ELIGIBLE FOR REIMBURSEMENT ...
  SHALL BE PROVIDED AND PAID FOR ...") was dropped for naming reimbursement.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from provhelp import GOLD, document_text, provisions_of

from statecare.nlp.evaluate.provisions import agrees
from statecare.nlp.provisions.clean import covers

VT = "H-0433%20As%20Introduced_As_Introduced.pdf"
MA = "MA_194th_S860_medicare_for_all_extracted.txt"
NY = "NY_2023_S7590.md.txt"
IL = "HB3287/bill_content_Introduced.html"
WA = "WA_2025-2026_SB5233_Washington_health_trust_extracted.txt"


def _shown(shared: Path, name: str, key: str) -> list[str]:
    return [p.evidence for p in provisions_of(shared, name) if p.key == key]


_JOINED = re.compile(r"(?:and|or)(?:\s+\w+)?\s*\(?(?:\d{1,3}|[a-z]{1,2}|[ivx]{1,5})[.)]\s", re.I)


@pytest.mark.parametrize("name", [VT, MA, NY, IL, WA])
def test_no_quote_starts_on_the_joining_word_of_the_item_before(shared: Path, name: str) -> None:
    text = document_text(shared, name)
    provs = provisions_of(shared, name)
    assert provs
    bad = [p.evidence[:80] for p in provs if _JOINED.match(p.evidence)]
    assert bad == []
    # the offsets still point at exactly the quoted words in the stored text
    for p in provs:
        assert covers(text, p.start, p.end, p.evidence), (p.key, p.evidence[:80], text[p.start:p.end][:80])


def test_an_item_under_a_capital_letter_is_quoted_from_its_own_enumerator(shared: Path) -> None:
    (hearing,) = _shown(shared, VT, "benefits.hearing")[:1]
    assert hearing.startswith("(C) hearing aids, when medically necessary"), hearing
    assert agrees(hearing, GOLD[VT]["present"]["benefits.hearing"]["evidence"])
    federal = _shown(shared, VT, "financing.federal_funds_pooled")[0]
    assert federal.startswith("(B) enable Vermont to receive the appropriate federal fund contribution"), federal


def test_duplication_of_facilities_is_planning_not_duplicate_coverage(shared: Path) -> None:
    shown = _shown(shared, MA, "private_insurance.duplicative_coverage_barred")
    assert shown and not any("duplication of health care facilities" in s for s in shown)
    # the bill's own bar ("prohibited from charging premiums ... for coverage of services already covered")
    assert agrees(shown[0], GOLD[MA]["present"]["private_insurance.duplicative_coverage_barred"]["evidence"])


def test_an_insurers_rate_filing_is_not_the_programs_premium(shared: Path) -> None:
    assert "cost_sharing.premiums" in GOLD[VT]["absent"]
    assert not any("deemed approved" in s for s in _shown(shared, VT, "cost_sharing.premiums"))
    assert "cost_sharing.premiums" not in {p.key for p in provisions_of(shared, VT)}


def test_items_of_goals_or_of_who_coordinates_care_are_no_benefit(shared: Path) -> None:
    assert "benefits.physician" in GOLD[NY]["absent"]
    assert _shown(shared, NY, "benefits.physician") == []


def test_drug_coverage_is_the_covering_sentence_not_a_payment_rule(shared: Path) -> None:
    shown = _shown(shared, NY, "benefits.prescription_drugs")
    assert agrees(shown[0], GOLD[NY]["present"]["benefits.prescription_drugs"]["evidence"]), shown[0]
    assert not any("PAYMENT SHALL BE MADE" in re.sub(r"\s+", " ", s) for s in shown)
