"""Issue 13: clean text, candidate ranking, study scope, wording variants, calibrated confidence.

Every test reads real sentences of the gold documents (statecare/nlp/data/provisions_gold.json), found
the way `statecare evaluate provisions` finds them, and asserts something that fails when the
behaviour goes: a margin number back inside a quote, a definition or the synopsis shown before the
operative sentence, a study's subject claimed as a provision, a variant wording missed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from provhelp import DATA, GOLD, document_text, provisions_of

from statecare.nlp.evaluate.provisions import normalise
from statecare.nlp.provisions.clean import CleanText, covers
from statecare.nlp.provisions.extract import Provision, extract_provisions
from statecare.nlp.provisions.rank import RANKER_FILE, load_ranker

META = json.loads((DATA / "provisions_gold_meta.json").read_text())


def _first(provs: tuple[Provision, ...], key: str) -> str:
    for p in provs:
        if p.key == key:
            return p.evidence
    raise AssertionError(f"{key} not found")


def _has(provs: tuple[Provision, ...], key: str) -> bool:
    return any(p.key == key for p in provs)


IL = "HB3287/bill_content_Introduced.html"
MA = "MA_194th_S860_medicare_for_all_extracted.txt"
NY = "NY_2023_S7590.md.txt"
WA = "WA_2025-2026_SB5233_Washington_health_trust_extracted.txt"
MN = "MN_2025-2026_HF3057_MinnesotaCare_public_option_Introduction.html"
FL = "bill_content_S_348_Filed.html"
OH = "SB_78/bill_content_As_Introduced.pdf"


# -- clean text, exact offsets -----------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(GOLD))
def test_every_span_covers_its_evidence(shared: Path, name: str) -> None:
    """start/end index the STORED text; the evidence may be its clean form, never other words."""
    text = document_text(shared, name)
    for p in provisions_of(shared, name):
        assert covers(text, p.start, p.end, p.evidence), (p.key, p.evidence[:80], text[p.start:p.end][:80])
        assert 0.0 < p.confidence < 1.0


def test_margin_numbers_and_running_headers_leave_the_quote(shared: Path) -> None:
    """IL: "23 (9) mental health services;" and "HB3287 - 5 - LRB104 ..." never reach a quote."""
    for p in provisions_of(shared, IL):
        assert not re.search(r"LRB104|HB3287 - \d+ -", p.evidence), p.evidence[:120]
    clean = CleanText(document_text(shared, IL)).norm
    assert "(9) mental health services;" in clean
    assert not re.search(r"\b23 \(9\) mental", clean)


def test_trailing_margin_numbers_and_page_headers(shared: Path) -> None:
    """OH numbers every line at its right end and heads pages "S. B. No. 78 Page 2 / As Introduced"."""
    clean = CleanText(document_text(shared, OH)).norm
    assert "the Ohio health care board shall constitute a quorum" in clean.replace("  ", " ") or \
        "health care board shall constitute a quorum for the conduct of business" in clean
    assert "S. B. No. 78 Page" not in clean
    assert not re.search(r"constitute a quorum for the conduct of \d+ business", clean)


def test_words_split_at_line_ends_are_joined(shared: Path) -> None:
    """NY S 7590: "COMPRE-\\n HENSIVE" and "econom-\\n ic" are one word again; " S. 7590  3" is gone."""
    clean = CleanText(document_text(shared, NY)).norm
    assert "THE PROGRAM SHALL PROVIDE COMPREHENSIVE" in clean
    assert "the plan's economic interests" in clean
    assert not re.search(r"S\. 7590 \d+ ", clean)


def test_offsets_map_back_exactly() -> None:
    text = "12 (4) outpatient care;\n13 (5) emergency\n14 care;\n" + "\n".join(f"{i} line" for i in range(15, 40))
    ct = CleanText(text)
    i = ct.norm.index("outpatient care;")
    a, b = ct.orig_span(i, i + len("outpatient care;"))
    assert text[a:b] == "outpatient care;"
    j = ct.norm.index("emergency care;")
    a, b = ct.orig_span(j, j + len("emergency care;"))
    assert text[a:b] == "emergency\n14 care;" and covers(text, a, b, "emergency care;")


# -- ranking: operative provisions before definitions, findings, summaries ------------------------------

def test_operative_list_item_beats_policy_and_goals(shared: Path) -> None:
    """MA S 860: section 2 "Policy and Goals" names dental care first; the covered-benefits list is shown."""
    ev = _first(provisions_of(shared, MA), "benefits.dental")
    assert "full scale of dental services" in ev, ev


def test_operative_sentence_beats_the_synopsis(shared: Path) -> None:
    """IL: the LRB synopsis at the top restates the bill; the Act's own section is shown."""
    ev = _first(provisions_of(shared, IL), "eligibility.all_residents")
    assert not ev.startswith("Provides that"), ev
    assert normalise("residing in this State are covered under the Illinois Health") in normalise(ev)


def test_creation_beats_mentions(shared: Path) -> None:
    """NY: the trust fund is shown where it is established, not where revenue is deposited in it."""
    ev = _first(provisions_of(shared, NY), "financing.trust_fund")
    assert "HEREBY ESTABLISHED" in ev.upper(), ev
    ev = _first(provisions_of(shared, WA), "financing.trust_fund")
    assert "is created" in ev, ev


def test_prohibition_of_cost_sharing_is_the_shown_passage(shared: Path) -> None:
    """NY S 7590: the operative "NO MEMBER SHALL BE REQUIRED TO PAY ANY PREMIUM..." is shown, not the duties
    list item "PROHIBITION OF DEDUCTIBLES, COPAYMENTS ..." (was a strict xfail before the key-cue feature and the
    ranker trained on all labelled bills)."""
    ev = _first(provisions_of(shared, NY), "cost_sharing.none")
    assert "NO MEMBER SHALL BE REQUIRED TO PAY ANY PREMIUM" in ev.upper(), ev


def test_every_passage_of_a_key_stays_available(shared: Path) -> None:
    """The best passage first, the others after it (at most three), none dropped silently."""
    provs = provisions_of(shared, MA)
    dental = [p for p in provs if p.key == "benefits.dental"]
    assert len(dental) >= 2
    assert dental[0].confidence >= max(p.confidence for p in dental[1:]) - 1e-9


# -- negation, conditionality, scope ---------------------------------------------------------------------

def test_a_study_subject_is_not_a_provision(shared: Path) -> None:
    """FL SB 348: a task force designs a plan; "Revenue options may include ... b. An employer payroll tax"
    and the plan's benefits are what it must recommend, not what the bill does."""
    provs = provisions_of(shared, FL)
    for key in ("financing.payroll_tax", "eligibility.all_residents", "provider_payment.global_budget",
                "financing.trust_fund", "benefits.hospital"):
        assert not _has(provs, key), key
    assert _has(provs, "transition.study_or_report")
    assert _has(provs, "governance.advisory_council")


def test_study_verbs_in_the_sentence_drop_the_claim() -> None:
    text = ("Section 1. Health care reform. The commission shall examine whether a payroll tax of 5 percent "
            "on wages paid could fund the program. Section 2. Revenue. There is imposed a payroll tax of "
            "7.5 percent on wages paid by employers, to be deposited in the health trust fund.")
    provs = extract_provisions(text)
    pay = [p for p in provs if p.key == "financing.payroll_tax"]
    assert pay and all("examine" not in p.evidence for p in pay)


def test_nothing_shall_be_construed_as_prohibiting_allows(shared: Path) -> None:
    """IL: "Nothing in this Act shall be construed as prohibiting the sale of health insurance coverage
    for any additional benefits not covered by this Act" allows supplemental coverage."""
    ev = _first(provisions_of(shared, IL), "private_insurance.supplemental_allowed")
    assert "additional benefits not covered by this Act" in ev, ev


def test_bare_effective_date_is_not_a_timeline(shared: Path) -> None:
    """MN: "Section 1 of this act shall take effect immediately." is in every bill; not a timeline."""
    for p in provisions_of(shared, MN):
        if p.key == "transition.implementation_timeline":
            assert not re.fullmatch(r"\W*(?:Section \d+ of )?this act shall take effect immediately\.?", p.evidence,
                                    re.I), p.evidence


def test_a_medicare_floor_is_not_a_rate_cap(shared: Path) -> None:
    """MN: rates "equal to or greater than the fee-for-service Medicare payment rate" reference Medicare
    (a floor), so no provider rate cap and no fee schedule of the program's own."""
    provs = provisions_of(shared, MN)
    assert _has(provs, "provider_payment.medicare_reference_rate")
    assert not _has(provs, "public_option.provider_rate_cap")
    assert not _has(provs, "provider_payment.fee_schedule")


def test_denied_premiums_are_not_premiums() -> None:
    text = "Sec. 5. Cost sharing. No member shall be required to pay any premium, deductible or copayment."
    provs = extract_provisions(text)
    assert any(p.key == "cost_sharing.none" for p in provs)
    assert not any(p.key == "cost_sharing.premiums" for p in provs)


# -- wording variants -----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence,key", [
    ("The secretary shall apply for a waiver under 42 U.S.C. 18052 to receive pass-through funding.",
     "federal_waivers.section_1332"),
    ("The department shall seek a waiver pursuant to 42 U.S.C. 1315 for the demonstration.",
     "federal_waivers.section_1115"),
    ("The state shall apply for a waiver under § 1332 of the federal act.", "federal_waivers.section_1332"),
    ("The authority shall pay providers at one hundred ten percent of Medicare rates for the same service.",
     "provider_payment.medicare_reference_rate"),
    ("Covered services shall include prenatal, childbirth and postpartum care.", "benefits.maternity"),
    ("The Health Care Authority is hereby created to administer the program.", "governance.board"),
])
def test_variant_wordings(sentence: str, key: str) -> None:
    assert any(p.key == key for p in extract_provisions(sentence)), sentence


def test_waiver_described_by_title_xix(shared: Path) -> None:
    """WA: "a statutory or regulatory waiver of provisions of the medical assistance statute, Title XIX"."""
    ev = _first(provisions_of(shared, WA), "federal_waivers.section_1115")
    assert "medical assistance statute" in ev, ev


def test_each_item_of_a_clean_benefits_list(shared: Path) -> None:
    """IL's numbered benefit list: each item is its own passage, margin numbers gone."""
    provs = provisions_of(shared, IL)
    assert "(6) prescription drugs;" in [p.evidence for p in provs if p.key == "benefits.prescription_drugs"]
    assert any(p.evidence == "(9) mental health services;" for p in provs if p.key == "benefits.mental_health")


# -- the learned ranker is honest ---------------------------------------------------------------------------

def test_ranker_says_what_it_was_trained_on() -> None:
    """Since the new held-aside group was measured (docs/nlp-provisions.md), the ranker is trained on every
    labelled bill and every figure reported for it comes from leave-one-state-out folds: the file must
    name exactly the labelled documents, so a bill added to the gold later is known to be unseen."""
    trained = json.loads(RANKER_FILE.read_text())["trained_on"]
    assert sorted(trained) == sorted(GOLD)


def test_calibration_map_is_monotone_and_bounded() -> None:
    """The isotonic map never lowers confidence for a higher score, and never says 0 or 1."""
    ranker = load_ranker()
    assert ranker.cal_w[0] > 0, "a higher ranking score must mean more confidence"
    assert len(ranker.iso_x) == len(ranker.iso_y)
    assert list(ranker.iso_x) == sorted(ranker.iso_x) and list(ranker.iso_y) == sorted(ranker.iso_y)
    confs = [ranker.confidence(z, 0.8, 3) for z in (-6.0, -2.0, 0.0, 2.0, 6.0)]
    assert confs == sorted(confs) and 0.0 < confs[0] and confs[-1] < 1.0


def test_confidence_orders_passages_within_a_key(shared: Path) -> None:
    ranker = load_ranker()
    assert ranker.cal_w, "the shipped ranker carries a calibrator"
    for name in (WA, NY, MA, IL):
        provs = provisions_of(shared, name)
        for p_key in {p.key for p in provs}:
            confs = [p.confidence for p in provs if p.key == p_key]
            # strictly decreasing: sorting by confidence (as the web does) keeps the ranked order
            assert all(a > b for a, b in zip(confs, confs[1:], strict=False)), (name, p_key, confs)
