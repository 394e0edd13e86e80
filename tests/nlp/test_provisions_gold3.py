"""Issue 13, third held-aside group: kinds of error first seen on AK SCR 2 and MT HB 881.

AK SCR 2, a resolution read as a bill.
First contact (before any change): its only provision, the call for recommendations on an all-payer model,
was missed, and a section 1115 waiver was claimed from a WHEREAS recital. Kinds fixed, each tested on the
real resolution from the shared recording: recitals never claim a key; "develop recommendations" is a
report the resolution asks for; the resolving formula ("BE IT RESOLVED BY THE LEGISLATURE") stands where a
bill's enacting clause does, so the title and page text before it are not the evidence.

MT HB 881, a Medicaid buy-in for workers and children with disabilities: Montana's page furniture ("- 5 -
Authorized Print Version – HB 881", "69th Legislature 2025 HB 881.1", "****") ran through sentences (and
its "Authorized" satisfied a waiver rule's "authoriz"); an eligibility limit ("has income that does not
exceed income standards") read as a provider rate cap; paying dual eligibles' Medicare premiums read as a
Medicare waiver; one category's eligibility ("A child is eligible for the program under subsection (1)(b)
if ...") read as every resident.
"""

from __future__ import annotations

from pathlib import Path

from statecare.nlp.evaluate.provisions import agrees
from statecare.nlp.provisions.clean import CleanText
from statecare.nlp.provisions.cli import read_document
from statecare.nlp.provisions.extract import extract_provisions
from statecare.nlp.provisions.rank import Zones

AK_SCR2 = "national/ak/34/documents/SCR2/bill_content_SCR_2.html"
MT_HB881 = "national/mt/2025/documents/HB_881/bill_content_HB0881_1pdf.pdf"
GOLD_EVIDENCE = "payers, key stakeholders, and legislative leaders to develop recommendations for an all-payer"


def _first(provs: list, key: str) -> str:
    return next(p.evidence for p in provs if p.key == key)


def test_a_resolution_claims_only_what_it_resolves(shared: Path) -> None:
    provs = extract_provisions(read_document(shared / AK_SCR2))
    keys = {p.key for p in provs}
    # the recitals name a section 1115 waiver and mental-health crisis services: findings, not provisions
    assert "federal_waivers.section_1115" not in keys
    assert keys == {"transition.study_or_report"}
    shown = _first(provs, "transition.study_or_report")
    assert agrees(shown, GOLD_EVIDENCE), shown
    assert "RESOLVED" in shown and "Home" not in shown


def test_the_resolving_formula_is_the_enacting_clause(shared: Path) -> None:
    text = read_document(shared / AK_SCR2)
    z = Zones.of(text)
    title = text.index("SCR 2: Supporting")
    resolved = text.index("FURTHER RESOLVED")
    assert z.summary(title) and not z.summary(resolved)


def test_montana_page_furniture_is_not_text(shared: Path) -> None:
    norm = CleanText(read_document(shared / MT_HB881)).norm
    for furniture in ("Authorized Print Version", "69th Legislature 2025 HB 881", "****"):
        assert furniture not in norm
    assert ("(a) has income that does not exceed income standards as may be required by the Social Security "
            "Act; and (b)") in norm


def test_montana_buy_in_false_keys_of_first_contact(shared: Path) -> None:
    keys = {p.key for p in extract_provisions(read_document(shared / MT_HB881))}
    for wrong in ("public_option.provider_rate_cap", "federal_waivers.medicare", "eligibility.all_residents"):
        assert wrong not in keys, wrong
    assert "public_option.buy_in_eligibility" in keys


UT_SB300 = "national/ut/2026/documents/SB_300/SB0300_Introduced.xml"


def test_utah_wording_variants_of_rates_budgets_and_regions(shared: Path) -> None:
    """UT SB 300 (read from its XML): "equal to or exceeding the Medicare fee amount plus 10%", "a specific
    operating and capital budget for each facility" (one budget: global, not a separate capital budget) and
    "create regional advisory boards" were missed at first contact."""
    provs = extract_provisions(read_document(shared / UT_SB300))
    keys = {p.key for p in provs}
    assert {"provider_payment.medicare_reference_rate", "provider_payment.global_budget",
            "governance.regional_entities"} <= keys
    shown = _first(provs, "provider_payment.global_budget")
    assert "operating and capital budget for each facility" in shown, shown
    assert not any(p.key == "provider_payment.capital_budget_separate" and "operating and capital budget" in p.evidence
                   for p in provs)
