"""Issue 13, third round: candidate recall and contradictory keys, on real bills of ../shared.

Recall: for each wording family added, a held-aside bill whose gold sentence no candidate reached before
now has an agreeing candidate (the evaluator's containment test). Each family is general drafting (a
price "for a cost equal to", "not subject to copayments", a Medicaid waiver asked for without the section
number, a definition's opening quote the sentencizer gave to the previous sentence), checked here on
the bill that showed it missing.

Contradictory keys (`statecare.nlp.provisions.exclusive`): "No cost sharing" and "Income-based cost
sharing" stand together only when the bill's own words reconcile them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from provhelp import candidates_of, document_text, provisions_of

from statecare.legis.vocabulary import EXCLUSIVE_PROVISIONS, PROVISION_KEYS
from statecare.nlp.evaluate.provisions import agrees
from statecare.nlp.provisions.clean import CleanText
from statecare.nlp.provisions.extract import Provision, extract_provisions
from statecare.nlp.provisions.patterns import KEYS

GA = "237188_As_introduced_LC_33_9819.pdf"
NJ = "5912_I1_Introduced_Version.HTM"
NJ304 = "304_I1_Introduced_Version.HTM"
OH = "SB_78/bill_content_As_Introduced.pdf"
PA = "bill_content_Printers_No_PN2312.html"
VT433 = "H-0433%20As%20Introduced_As_Introduced.pdf"
WA = "WA_2025-2026_SB5233_Washington_health_trust_extracted.txt"
MN1812 = "MN_2025-2026_HF1812_Minnesota_Health_Plan_Introduction.html"
KY = "ky/2025RS/documents/HB414/orig_bill_Introduced.pdf"


def _cands(shared: Path, name: str) -> list[tuple[str, str]]:
    return [(c.key, c.evidence) for c in candidates_of(shared, name)]


# (bill, key, the gold sentence's words): no candidate agreed with any of these before this round
RECALLED = [
    (GA, "cost_sharing.premiums", "for a cost equal to the amount that the state pays per capita"),
    (GA, "federal_waivers.section_1115", "The department shall submit any Medicaid state plan amendment or waiver"),
    (GA, "public_option.state_contracted_plans", "When selecting one or more care management organizations to "
                                                 "administer the program"),
    (GA, "public_option.buy_in_eligibility", "The program shall be available to eligible persons who reside in "
                                             "this state"),
    (NJ, "eligibility.residency_requirement", '"Resident" means an individual whose primary place of abode is in '
                                              "the State"),
    (NJ, "financing.premium", "all monies obtained from premiums collected pursuant to this act;"),
    (NJ, "public_option.buy_in_eligibility", "Every resident of the State shall be eligible and entitled to enroll"),
    (NJ304, "federal_waivers.medicare", "The State shall apply to the federal Centers for Medicare & Medicaid "
                                        "Services (CMS) for any waiver"),
    (OH, "benefits.physician", "Inpatient and outpatient provider care, both primary"),
    (OH, "cost_sharing.none", "not subject to copayments, point-of-service charges, or any"),
    (OH, "financing.payroll_tax", "Receipts from taxes levied on employers' payrolls"),
    (OH, "federal_waivers.section_1115", "the medicaid director shall seek any federal waivers"),
    (OH, "provider_payment.drug_price_negotiation", "board shall purchase all prescription drugs"),
    (OH, "private_insurance.duplicative_coverage_barred", "duplicate the health benefit package provided by the "
                                                          "Ohio health"),
    (OH, "private_insurance.supplemental_allowed", "packages that do not duplicate the health benefit package"),
    (VT433, "federal_waivers.medicare", "The Agency may seek a waiver from the Centers for Medicare and"),
    (PA, "public_option.buy_in_eligibility", "an individual may only enroll in the health insurance policy if"),
    (PA, "cost_sharing.premiums", "The premiums for individual market health insurance policies offered in a zip"),
]


@pytest.mark.parametrize(("name", "key", "gold"), RECALLED, ids=[f"{n[:6]}-{k}" for n, k, _ in RECALLED])
def test_a_wording_family_reaches_the_gold_sentence(shared: Path, name: str, key: str, gold: str) -> None:
    assert any(k == key and agrees(ev, gold) for k, ev in _cands(shared, name)), (name, key)


def test_a_fallback_family_stays_silent_when_the_usual_words_are_there(shared: Path) -> None:
    """WA SB 5233 asks for its Medicaid waiver in its own words; the generic "seek ... waivers ... medicaid"
    family must not add passages there (it outranked the right one when it did)."""
    ev = [e for k, e in _cands(shared, WA) if k == "federal_waivers.section_1115"]
    assert ev and not any("shall take the following steps" in e for e in ev)


def test_keys_are_unique_and_in_the_vocabulary() -> None:
    assert len(KEYS) == len(set(KEYS)) and set(KEYS) == set(PROVISION_KEYS)
    assert all(k in PROVISION_KEYS for group in EXCLUSIVE_PROVISIONS for k in group)


def test_a_definition_keeps_its_opening_quote(shared: Path) -> None:
    """'this act. "Resident" means' — the quote is no longer the end of the previous sentence."""
    ev = [e for k, e in _cands(shared, NJ) if k == "eligibility.residency_requirement"]
    assert any(e.startswith('"Resident" means') for e in ev)
    assert not any(e.endswith(' "') for _, e in _cands(shared, NJ))


# -- contradictory keys ------------------------------------------------------------------------------

def _by_key(provs: tuple[Provision, ...]) -> dict[str, list[Provision]]:
    out: dict[str, list[Provision]] = {}
    for p in provs:
        out.setdefault(p.key, []).append(p)
    return out


def test_an_exception_keeps_both_and_shows_the_exception_first(shared: Path) -> None:
    """WA SB 5233: "No cost sharing ... may be imposed on enrolled: (a) Persons under the age of 19; ... (c)
    Adults whose household income is under 300 percent" — the gold holds both keys; the income-based
    passage shown first is the one inside that list."""
    keys = _by_key(provisions_of(shared, WA))
    assert "cost_sharing.none" in keys
    first = keys["cost_sharing.income_based"][0]
    assert "Adults whose household income is under 300 percent" in first.evidence
    confs = [p.confidence for p in keys["cost_sharing.income_based"]]
    assert confs == sorted(confs, reverse=True)


def test_premiums_by_income_stand_beside_no_cost_sharing(shared: Path) -> None:
    """MN HF 1812: "No cost-sharing." and "The premium structure must be based on ability to pay." —
    premiums are not point-of-service cost sharing, so both hold."""
    keys = _by_key(provisions_of(shared, MN1812))
    assert "cost_sharing.none" in keys and "cost_sharing.income_based" in keys
    assert "premium" in keys["cost_sharing.income_based"][0].evidence.lower()


def test_a_plain_contradiction_keeps_only_the_stronger(shared: Path) -> None:
    """A bill read with a no-cost-sharing passage and an income-scaled co-payment, nothing reconciling
    them (sentences of MA S 860 and WA SB 5233 put together, without WA's exception list): one key stays."""
    text = ("Sec. 1. Benefits. (1) The plan shall cover hospital services. (2) No deductibles, co-payments, "
            "co-insurance, or other cost sharing shall be imposed with respect to covered benefits.\n"
            "Sec. 2. The board may establish a copayment for long-term nursing home care, to cover some "
            "costs of room and board, for residents with household incomes above 150 percent of the federal "
            "poverty level.\n")
    keys = {p.key for p in extract_provisions(text)}
    assert "cost_sharing.none" in keys
    assert "cost_sharing.income_based" not in keys


def test_kentucky_kchip_premium_scale_is_not_a_contradiction(shared: Path) -> None:
    """KY HB 414 (KCHIP): "There shall be no copayments" and premiums "Upon a sliding scale relating to
    family income" — both are candidates, the income scale read with its premium lead-in. Since the claims audit
    (twelfth round) neither is claimed: HB 414 is a perinatal palliative care mandate (new sections of KRS 304) that
    re-prints KCHIP's section (KRS 205.6485) whole to add a cross-reference, so what the section says is KCHIP's
    existing law, capped below the claiming confidence (docs/provisions-gold.md, "Claims audit")."""
    conf: dict[str, float] = {}
    for c in candidates_of(shared, KY):
        conf[c.key] = max(conf.get(c.key, 0.0), c.rule_conf)
    assert "cost_sharing.none" in conf and "cost_sharing.income_based" in conf
    assert conf["cost_sharing.none"] < 0.5 and conf["cost_sharing.income_based"] < 0.5
    keys = _by_key(provisions_of(shared, KY))
    assert "cost_sharing.none" not in keys and "cost_sharing.income_based" not in keys


def test_kentucky_page_furniture_is_cleaned(shared: Path) -> None:
    """KY prints "XXXX 2/6/2025 5:36 PM Jacketed" and "UNOFFICIAL COPY 25 RS BR 1496" on every page; it was
    inside the income-scale quote ("05 PM Jacketed UNOFFICIAL COPY 25 RS BR 287 b. Upon a sliding scale")."""
    text = document_text(shared, KY)
    assert "UNOFFICIAL COPY" in text
    assert "UNOFFICIAL COPY" not in CleanText(text).norm and "Jacketed" not in CleanText(text).norm
    assert not [p.evidence for p in provisions_of(shared, KY) if "UNOFFICIAL" in p.evidence or "Jacketed" in p.evidence]


def test_waivers_for_medicare_and_medicaid_payments_are_not_a_1115_claim(shared: Path) -> None:
    """MA S 860 "initiate the process of obtaining federal waivers and agreements concerning payments from
    Medicare, Medicaid, ...": the generic waiver family must not read that as a section 1115 waiver (the
    gold holds no 1115 key for MA S 860)."""
    assert not [e for k, e in _cands(shared, "MA_194th_S860_medicare_for_all_extracted.txt")
                if k == "federal_waivers.section_1115"]
