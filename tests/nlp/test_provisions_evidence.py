"""Issue 13, fourth round: the kinds of wrong first passages found on the leave-one-state-out run.

Each test reads a real bill from the shared data and fails when its kind of error comes back: a quote that
ends on the next item's number ("includes: 1.", "; and 5.") or starts on the joining "and (3)", a lead-in
and its first item quoted as one passage, New York's capitals read as a heading or hiding a definition,
the residency requirement shown from the all-residents sentence, a bare heading ranked as operative, and a
list item or operative clause that names the key losing to a sentence that only mentions it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from provhelp import GOLD, candidates_of, provisions_of

from statecare.nlp.evaluate.provisions import agrees
from statecare.nlp.provisions.rank import restates, tier

IL = "HB3287/bill_content_Introduced.html"
MA = "MA_194th_S860_medicare_for_all_extracted.txt"
NY = "NY_2023_S7590.md.txt"
NJ = "5912_I1_Introduced_Version.HTM"
FL = "bill_content_S_348_Filed.html"
MN = "MN_2025-2026_HF3057_MinnesotaCare_public_option_Introduction.html"
KY = "ky/2025RS/documents/HB414/orig_bill_Introduced.pdf"


def _first(shared: Path, name: str, key: str) -> str:
    for p in provisions_of(shared, name):
        if p.key == key:
            return p.evidence
    raise AssertionError(f"{key} not found in {name}")


_ENDS_ON_MARKER = re.compile(r"(?:[;:]\s*(?:(?:and|or)\s+)?|\s(?:and|or)\s+)\(?(?:\d{1,3}|[a-zA-Z]|[ivx]{1,5})[.)]$")
_STARTS_JOINED = re.compile(r"(?:and|or)\s*\(?(?:\d{1,3}|[a-z]{1,2}|[ivx]{1,5})[.)]\s")


@pytest.mark.parametrize("name", [FL, KY, MA, IL, NY])
def test_quotes_neither_end_on_the_next_items_number_nor_start_on_its_joining_word(shared: Path, name: str) -> None:
    """FL SB 348 quoted "the task force shall convene an advisory committee that includes: 1." and MA S 860
    "and (3) a provision that ..." (the sentencizer cuts after "1." and before "(3)")."""
    bad = [p.evidence for p in provisions_of(shared, name)
           if _ENDS_ON_MARKER.search(p.evidence) or _STARTS_JOINED.match(p.evidence)]
    assert bad == []


def test_the_florida_quote_ends_on_its_colon(shared: Path) -> None:
    assert [c.evidence for c in candidates_of(shared, FL) if "convene an advisory committee" in c.evidence] == [
        "the task force shall convene an advisory committee that includes:"]


def test_a_lead_in_and_its_first_item_are_two_passages(shared: Path) -> None:
    """IL HB 3287 "(a) The Program shall pay all health care providers according to the following standards:
    (1) Physicians ... can choose to be paid fee-for-service, salaried by institutions receiving global
    budgets, ..." was one passage, so the item's words took the lead-in's "shall pay" and beat the item that
    sets the global budget ("(2) The Program shall pay each hospital ... a monthly lump sum (global budget)")."""
    joined = [c.evidence for c in candidates_of(shared, IL) if "following standards:" in c.evidence and "(1)" in c.evidence]
    assert joined == []
    assert agrees(_first(shared, IL, "provider_payment.global_budget"),
                  GOLD[IL]["present"]["provider_payment.global_budget"]["evidence"])


def test_new_york_capitals_are_neither_a_heading_nor_hide_a_definition(shared: Path) -> None:
    """NY S 7590 prints new law in capitals: "THE BOARD OF TRUSTEES MAY APPOINT ONE OR MORE ADVISORY
    COMMITTEES." was read as a bare heading (ranked after every operative passage) and '"IMPLEMENTATION
    PERIOD" MEANS ...' was not read as a definition (lower-case "means" only)."""
    by_ev = {c.evidence: c for c in candidates_of(shared, NY)}
    appoint = next(c for e, c in by_ev.items() if e.startswith("THE BOARD OF TRUSTEES MAY APPOINT"))
    assert not restates(appoint)
    period = next(c for e, c in by_ev.items() if e.startswith('"IMPLEMENTATION PERIOD" MEANS'))
    assert restates(period)
    assert agrees(_first(shared, NY, "governance.advisory_council"),
                  GOLD[NY]["present"]["governance.advisory_council"]["evidence"])


@pytest.mark.parametrize("name", [NY, NJ])
def test_the_residency_requirement_is_the_definition_of_resident(shared: Path, name: str) -> None:
    """Who counts as a resident is what the residency key claims; "Every resident of the State shall be
    eligible and entitled to enroll" is the all-residents key's sentence, and was shown for both."""
    ev = _first(shared, name, "eligibility.residency_requirement")
    assert re.match(r'"RESIDENT" MEANS', ev, re.I), ev
    assert _first(shared, name, "eligibility.all_residents") != ev


def test_a_bare_heading_is_ranked_after_operative_passages(shared: Path) -> None:
    """MN HF 3057 "Premium scale." (a subdivision's heading) was shown for the premium cap before
    "Public option enrollees shall pay premiums ... according to the following premium scale:"."""
    heading = next(c for c in candidates_of(shared, MN) if c.evidence == "Premium scale.")
    assert restates(heading)
    assert agrees(_first(shared, MN, "public_option.premium_cap"),
                  GOLD[MN]["present"]["public_option.premium_cap"]["evidence"])


def test_an_operative_verb_governing_the_key_beats_a_mention(shared: Path) -> None:
    """MA S 860: "The Trust shall pay for all professional services ..." (covered benefits) over a
    collateral-source rule ("If a collateral source is exempt from subrogation ... medical services ...")."""
    ev = _first(shared, MA, "benefits.physician")
    assert "collateral source" not in ev
    assert agrees(ev, GOLD[MA]["present"]["benefits.physician"]["evidence"])


def test_an_immigrants_quote_starts_at_its_item(shared: Path) -> None:
    ev = _first(shared, MA, "eligibility.immigrants_covered")
    assert ev.startswith("(3) a provision that"), ev


VT433 = "H-0433%20As%20Introduced_As_Introduced.pdf"


def test_a_benefit_is_shown_where_the_bill_covers_it(shared: Path) -> None:
    """IL HB 3287: "(8) long-term care;" (an item of the list the program "shall include") is the benefit;
    "The Board shall establish funding for long-term care services" funds it. Both are operative; the
    covering one is ranked in the tier above."""
    ltc = [c for c in candidates_of(shared, IL) if c.key == "benefits.long_term_care"]
    item = next(c for c in ltc if c.evidence == "(8) long-term care;")
    funding = next(c for c in ltc if c.evidence.startswith("The Board shall establish funding for long-term care"))
    assert tier(item) < tier(funding)
    assert _first(shared, IL, "benefits.long_term_care") == "(8) long-term care;"


def test_an_item_under_a_capital_letter_and_a_far_lead_in_covers(shared: Path) -> None:
    """VT H 433 "(A) all primary care services, including outpatient mental health services ..." under "the
    Green Mountain Care benefit package shall consist of:": an enumerator in capitals is a list item too, and
    "(i) Green Mountain Care shall maintain a robust and adequate network of ... mental health ...
    professionals" (a network, not a benefit) is ranked below it."""
    mh = [c for c in candidates_of(shared, VT433) if c.key == "benefits.mental_health"]
    item = next(c for c in mh if c.evidence.startswith("(A) all primary care services"))
    network = next(c for c in mh if "robust and adequate network" in c.evidence)
    assert tier(item) < tier(network)


def test_a_board_is_established_by_the_sentence_that_creates_it(shared: Path) -> None:
    """NJ A 5912: "The New Jersey Public Option Health Care Board is hereby created ..." rather than the
    lead-in "b. The board shall be composed of:"."""
    assert agrees(_first(shared, NJ, "governance.board"), GOLD[NJ]["present"]["governance.board"]["evidence"])


OH = "SB_78/bill_content_As_Introduced.pdf"


def test_a_timeline_is_a_period_or_a_dated_duty(shared: Path) -> None:
    """NY S 7590 "THERE SHALL BE AN IMPLEMENTATION PERIOD, WHICH SHALL BEGIN ..." rather than a sentence that
    mentions the period ("AFTER THE END OF THE IMPLEMENTATION PERIOD, NO PERSON SHALL BE A TRUSTEE ..."); OH
    SB 78 "In the first two years following the effective date ..." rather than an annual report's date."""
    for name in (NY, OH):
        gold = GOLD[name]["present"]["transition.implementation_timeline"]["evidence"]
        assert agrees(_first(shared, name, "transition.implementation_timeline"), gold), name


def test_a_duties_section_is_not_a_purpose_section(shared: Path) -> None:
    """MA S 860 "Section 6. Executive Director; Purpose and Duties" lists what the director shall do, among
    them "(7) prepare an annual report to be submitted to the Governor ..."; the word "Purpose" in the
    heading made every duty a restatement."""
    item = next(c for c in candidates_of(shared, MA) if c.key == "transition.study_or_report"
                and c.evidence.startswith("(7) prepare an annual report"))
    assert not restates(item)


def test_a_tax_is_established_where_the_bill_says_there_shall_be_one(shared: Path) -> None:
    """NY S 7590 "First, there shall be a progressively graduated tax on all payroll ..." rather than "(i) The
    income to be subject to the payroll tax shall be ..." (which refers to the tax)."""
    gold = GOLD[NY]["present"]["financing.payroll_tax"]["evidence"]
    assert agrees(_first(shared, NY, "financing.payroll_tax"), gold)


def test_a_citation_abbreviation_does_not_end_a_quote(shared: Path) -> None:
    """KY HB 414 "... a waiver under 42 U.S.C. sec." + "18052, as amended, ...": the sentencizer ends a
    sentence on "sec."; a quote never stops on a citation's abbreviation before its number."""
    bad = [p.evidence for p in provisions_of(shared, KY) if re.search(r"\b(?:sec|U\.S\.C|C\.F\.R|No)\.$", p.evidence)]
    assert bad == []
    assert any("42 U.S.C. sec. 18052" in " ".join(p.evidence.split()) for p in provisions_of(shared, KY)
               if p.key == "federal_waivers.section_1332")
