"""Issue 13, fifteenth round (the recorded false claims themselves are rows of FALSE_CLAIMS in
test_provisions_claims_audit.py): the kinds of false claim that sample D of the claims audit found on bills nobody had read
(statecare/nlp/data/provisions_claims_audit.csv; method in docs/provisions-gold.md, "Claims audit"), and the kinds
left alone by the fourteenth round that have a general rule. Each is tested on the real recorded wording (state,
session and bill in the row) with near misses, right claims of the audit, that must keep their key.

Kinds (docs/nlp-provisions.md, "fifteenth round"):

* "residency" in other senses: a physician's or a teacher's residency program, a facility's residents;
* an appointment to an existing body ("Nominates ... as a Member of the ... Advisory Committee"), a school district's
  governing board;
* "insurance as an inducement" and a fiscal analysis's "already covered by health insurers" as duplicate coverage barred;
* the name of the law a synopsis amends ("the Hospital Services Trust Fund Article") as a trust fund;
* claims or users counted by delivery system ("fee-for-service and managed care encounter claims") as a fee schedule;
* dates that start no program: a title's "to provide for an effective date", data a regulated plan must report by a
  date, an audit's past period, whom a rule reaches from the act's effective date;
* a paid family leave program's wage replacement as worker assistance;
* a digest's "Under this bill, ..." read as part of the existing law before it (the sentence was never read);
* private insurance rules in other words: a title "relating to dental insurer rate requirements", "an insurer ... may
  not: (1) ... establish differentials in premium rates"; a voucher toward a Medicare Advantage plan's premium and a
  premium payment pool as premiums the program sets;
* what a bill repeals ("Repeals provisions that require: ..."), a report an agency files with the legislature ("Report
  of MassHealth ... submitting its ... report"), an appropriation's mechanics for federal funds;
* (left alone by the fourteenth round) a study committee's subject, a facility paid or discharged from, a certificate
  of need, a court's fee ("A CHILD SHALL NOT BE CHARGED FOR THE EXPUNGEMENT");
* "The coverage required under paragraph (1) ..." after an insurer's mandate; evidence of right keys: a waiver's copy
  sent to the legislature, a committee exempted from an act, a benefit named for children only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from provhelp import first_agrees, keys_of
from test_provisions_claims_audit import _first, _keys, recorded

from statecare.nlp.provisions.extract import extract_provisions


def test_paid_family_leave_is_no_worker_assistance(shared: Path) -> None:
    # C's IN SB 198: the family leave insurance program's wage replacement is not the passage shown any more (the key
    # itself stays, from the workforce department's duties: left alone)
    wording = ("The Hoosier family leave insurance program is established to provide wage replacement benefits to "
               "covered individuals during periods of qualified family leave.")
    text = recorded(shared, "in", "2026", "SB 198", wording)
    assert "family leave" not in (_first(text, "transition.worker_assistance") or "")


# ---- near misses: right claims of the audit that keep their key -------------------------------------------------


# right claims of the audit, by key: (state, session, bill, the recorded wording) must keep the key
KEPT: dict[str, list[tuple[str, str, str, str]]] = {
    # a public program's benefit and cost sharing in bills that also regulate insurers: Medicaid's dental services
    # (D: FL HB 363), veterans' dental benefit assistance (D: MA S 2494), KCHIP's kept law (D: KY HB 627), the state
    # employees' plan premiums (D: KY SB 155)
    "benefits.dental": [
        ("fl", "2026", "HB 363", "Authorizes Medicaid to reimburse for dental services provided by certain mobile dental "
         "units"),
        ("ma", "194th", "S 2494", "for legislation to further define dental benefit assistance for veterans")],
    "cost_sharing.none": [
        ("ky", "2025RS", "HB 627", "the cabinet shall include provisions for a preventive health insurance program for "
         "children with no copayment, deductible, coinsurance, or premium")],
    "cost_sharing.premiums": [
        ("ky", "2025RS", "SB 155", "The premiums may be paid by the policyholder:")],
    # Medicaid coverage for persons meeting residency requirements (D: IL SB 2034; C: IL HB 2699)
    "eligibility.residency_requirement": [
        ("il", "104th", "SB 2034", "if such persons meet certain residency and income requirements")],
    # an advisory council renamed and a beneficiary council created (D: KY HB 789), an advisory committee the
    # department must establish (A: IL SB 2421)
    "governance.advisory_council": [
        ("ky", "2025RS", "HB 789", "change the name of the Advisory Council for Medical Assistance to the Medicaid "
         "Advisory Committee"),
        ("il", "104th", "SB 2421", "Requires the Department to establish a PRTF Advisory Committee")],
    # a program's fee schedule as the rate (D: IL SB 1737, CA AB 1366)
    "provider_payment.fee_schedule": [
        ("il", "104th", "SB 1737", "to reimburse at no less than 100% of the Medical Assistance program's Durable "
         "Medical Equipment fee schedule"),
        ("ca", "20252026", "AB 1366", "the rate of reimbursement for advanced practice pharmacist services to be the "
         "same as the fee schedule for physician services")],
    # periods counted from the amendatory act's effective date (A: IL SB 1629; C: IL HB 3432), a facility's
    # completion date (D: KY SB 111)
    "transition.implementation_timeline": [
        ("il", "104th", "SB 1629", "within 6 months after the effective date of the amendatory Act"),
        ("il", "104th", "HB 3432", "beginning on the effective date of the amendatory Act and ending on December 31, "
         "2025"),
        ("ky", "2025RS", "SB 111", "to construct a high acuity health facility to be completed by February 1, 2026")],
    # the program's annual report (D: FL HB 141)
    "transition.study_or_report": [
        ("fl", "2026", "HB 141", "revises fiscal year in which corporation's annual report is due")],
}


@pytest.mark.parametrize(("key", "row"), [(k, r) for k, rows in KEPT.items() for r in rows])
def test_right_claims_of_the_audit_keep_their_key(shared: Path, key: str, row: tuple[str, str, str, str]) -> None:
    assert key in _keys(recorded(shared, *row))


def test_a_certificate_of_need_is_no_capital_budget_passage(shared: Path) -> None:
    # A's KY HB 609 (left alone by the fourteenth round): the certificate-of-need sentence is no longer shown (the key
    # stays, from the capital expenditure review of the same chapter: still false, left alone)
    wording = "the cabinet may approve a certificate of need for a project required for the purposes set out"
    text = recorded(shared, "ky", "2025RS", "HB 609", wording)
    assert "certificate of need" not in (_first(text, "provider_payment.capital_budget_separate") or "")


def test_a_digest_sentence_under_this_bill_is_read(shared: Path) -> None:
    # CA AB 1328: "Under this bill, ..." ends the digest's account of existing law; the rate it sets was never read
    wording = ("Under this bill, commencing on July 1, 2027, and subject to an appropriation, Medi-Cal fee-for-service "
               "reimbursement for nonemergency ambulance transportation services")
    text = recorded(shared, "ca", "20252026", "AB 1328", wording)
    assert (_first(text, "provider_payment.fee_schedule") or "").startswith("Under this bill")
    # near miss: the existing law before it is still not read ("Existing law establishes the Medi-Cal program, ...")
    assert not any(p.evidence.startswith(("Existing law", "The Medi-Cal program is"))
                   for p in extract_provisions(text))


def test_a_board_the_synopsis_establishes_is_its_evidence(shared: Path) -> None:
    # D: IL HB 1443, the board's duty ("Provides that the Board shall adopt the federal Medicare Maximum Fair Price") was
    # shown before the sentence that establishes it; an act's name ("Creates the ... Board Act.") is not that sentence
    wording = "Establishes the Health Care Availability and Access Board to protect State residents"
    text = recorded(shared, "il", "104th", "HB 1443", wording)
    assert (_first(text, "governance.board") or "").startswith(wording)


def test_the_establishing_passage_is_shown_for_right_keys_of_sample_d(shared: Path) -> None:
    # KY HB 695: a copy of waiver renewals sent to the legislature was shown for the section 1115 key; the community
    # engagement waiver the Cabinet is authorized to submit is the waiver
    text = recorded(shared, "ky", "2025RS", "HB 695", "authorize the Cabinet for Health and Family Services to submit a "
                    "community engagement waiver for able-bodied Medicaid beneficiaries without dependents")
    assert "community engagement waiver" in (_first(text, "federal_waivers.section_1115") or "")
    # CA AB 283: the committee exempted from the open-meeting act was shown; the sentence that has it appointed now is
    text = recorded(shared, "ca", "20252026", "AB 283", "The bill would also require the department to appoint an IHSS "
                    "Advisory Committee to provide ongoing advice and recommendations")
    assert (_first(text, "governance.advisory_council") or "").startswith("The bill would also require the department "
                                                                           "to appoint an IHSS Advisory Committee")


def test_a_benefit_named_for_children_only_is_not_the_first_passage(shared: Path) -> None:
    # WA SB 5233 (gold; and its companion WA HB 1445 of sample A): "(g) Pediatric primary and specialty care;" was shown
    # before "(b) Ambulatory primary and specialty services, ..." for the physician key
    assert first_agrees(shared, "WA_2025-2026_SB5233_Washington_health_trust_extracted.txt", "benefits.physician")
    # near miss: a pediatric item that is a key's only words keeps the key (WV HB 3233: "pediatric ... oral and vision
    # care" credits dental and vision)
    wv = "bills_text.cfm?billdoc=hb3233%20intr_Introduced_Version.htm&yr=2025&sesstype=RS&i=3233"
    assert {"benefits.dental", "benefits.vision"} <= keys_of(shared, wv)
