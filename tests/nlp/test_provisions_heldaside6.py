"""Issue 13, sixth held-aside group and the study-vs-report rule: kinds of error seen at first contact, each tested
on the real recorded text, with near misses that must stay as they are.

held_aside_6 (OK HB 1988, CO HB 25B-1006, VT H 833, NJ A 3624, MA H 64) was labelled and committed before statecare
was run on it; first contact scored key F1 0.526, evidence 2/5 (docs/nlp-provisions.md, "eleventh round"). The
kinds fixed:

* effective-date clauses not recognised as bare: "shall become effective <date>", New Jersey's "on the first day of
  the seventh month next following enactment", an act's title "providing an effective date", a part's conditional
  start or repeal, a reference to an effective date without a period, a yearly duty's date, a treasury transfer's
  deadline;
* what a report must say (the items under "a report detailing:") read as what the bill does;
* a synopsis that proposes a study (a short-form bill has nothing else): the studied plan's parameters read as
  provisions; "the plan to be evaluated" as a study's subject;
* an existing buy-in named as what an outreach campaign publicises read as buy-in eligibility;
* the study key's sentence (docs/provisions-gold.md, "Study and report"): the sentence that orders the work, not
  the report that delivers it.
"""

from __future__ import annotations

from pathlib import Path

from provhelp import GOLD, candidates_of, document_text, first_agrees, keys_of, provisions_of

from statecare.nlp.provisions.clean import CleanText
from statecare.nlp.provisions.extract import (
    _BARE_EFFECTIVE,
    _BARE_EFFECTIVE_TAIL,
    _STUDY_GOVERNS,
    _summary_proposes_study,
    extract_provisions,
)
from statecare.nlp.provisions.rank import _STUDY_WORK, Zones

# the sixth group
OK, CO = "HB1988 INT_Introduced.PDF", "CO_2025B_HB25B-1006_Improve_Affordability_Private_Health_Insurance_Introduced.html"
VT, MA64 = "VT_2025-2026_H833_public_option_feasibility_As_Introduced.pdf", "H64_Bill_Text.pdf"
NJ = "NJ_222_A3624_I1_affordable_health_care_plans_enrollment_websites.HTM"
# the study bills whose study sentence the rule settles
IL, FL, NY = "HB3214/bill_content_Introduced.html", "bill_content_S_348_Filed.html", "NY_2023_S7590.md.txt"
MD1376 = "hb1376f_First_Maryland_Department_of_Health_Provision_of_Health_Care_Services_Study.pdf"
MD417 = "hb0417f_First_Public_Health_Commission_on_Universal_Health_Care.pdf"
# near misses from the older groups
WA, MA860 = "WA_2025-2026_SB5233_Washington_health_trust_extracted.txt", "MA_194th_S860_medicare_for_all_extracted.txt"
NM = "NM_2025S1_HB0002_health_care_coverage_changes_introduced.html"
PA, GA, NJ577 = "bill_content_Printers_No_PN2312.html", "237188_As_introduced_LC_33_9819.pdf", "577_I1_Introduced_Version.HTM"
VT185, VT433 = "H-0185%20As%20Introduced_As_Introduced.pdf", "H-0433%20As%20Introduced_As_Introduced.pdf"
IL3287, MN = "HB3287/bill_content_Introduced.html", "MN_2025-2026_HF3057_MinnesotaCare_public_option_Introduction.html"
WV = "bills_text.cfm?billdoc=hb3233%20intr_Introduced_Version.htm&yr=2025&sesstype=RS&i=3233"

TIMELINE, STUDY = "transition.implementation_timeline", "transition.study_or_report"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _timeline_claimed(sentence: str) -> bool:
    return any(p.key == TIMELINE for p in extract_provisions(sentence))


# -- effective-date clauses ----------------------------------------------------------------------------------

def test_become_effective_and_the_seventh_month_are_bare_effective_dates(shared: Path) -> None:
    """OK HB 1988 "This act shall become effective November 1, 2025." and NJ A 3624 "This act shall take effect on
    the first day of the seventh month next following enactment." are every bill's effective-date clause."""
    ok = "This act shall become effective November 1, 2025."
    nj = "This act shall take effect on the first day of the seventh month next following enactment."
    assert ok in _flat(document_text(shared, OK))
    assert nj in document_text(shared, NJ)
    for s in (ok, nj):
        assert _BARE_EFFECTIVE.match(s) and _BARE_EFFECTIVE_TAIL.search(s), s
    assert TIMELINE not in keys_of(shared, NJ)


def test_a_title_providing_an_effective_date_is_no_timeline(shared: Path) -> None:
    """OK HB 1988's title "An Act relating to Medicaid; requiring the Oklahoma Health Care Authority to expand
    eligibility; providing for codification; and providing an effective date." was the timeline's passage."""
    assert "providing for codification; and providing an" in document_text(shared, OK)
    assert TIMELINE in GOLD[OK]["absent"]
    assert keys_of(shared, OK) == {"eligibility.age_or_income_limited"}
    assert first_agrees(shared, OK, "eligibility.age_or_income_limited")


def test_a_parts_conditional_start_repeal_and_money_deadlines_are_no_timeline(shared: Path) -> None:
    """CO HB 25B-1006 (verbatim): a part's conditional effective date or repeal, a reference to an effective date
    without a period, a yearly report's date and a treasury loan's deadline date nothing of the program."""
    text = _flat(document_text(shared, CO))
    sentences = (
        "If the condition specified in this subsection (7)(b)(I) occurs, subsection (7)(a) of this section takes "
        "effect on January 1, 2026.",
        "(b) This subsection (16) takes effect on January 1, 2026, only if the condition specified in section "
        "10-16-1209 (1) occurs.",
        "(IV) On or after the effective date of this subsection (2)(d)(IV), the enterprise shall reallocate any "
        "amount of revenues collected and allocated pursuant to subsection (2)(d)(I) of this section that have not "
        "been expended on or before the effective date of this subsection (2)(d)(IV), not to exceed twenty million "
        "dollars, for any other purpose specified in subsection (2)(d)(I) of this section except administrative "
        "costs described in subsection (2)(d)(I)(A) of this section.",
        "(7) (a) (I) Except as provided in subsection (7)(a)(II) of this section, within ten days after the "
        "effective date of this subsection (7), the state treasurer shall make an interest-free loan in the amount "
        "of one hundred million dollars from interest derived from the deposit and investment of money in the "
        "unclaimed property trust fund to the health insurance affordability cash fund created in section "
        "10-16-1206 (1).",
        "(b) By February 28, 2026, and by each February 28 thereafter: (I) The board shall submit the report to the "
        "house of representatives health and human services committee and the senate health and human services "
        "committee, or their successor committees, and the joint budget committee; and",
    )
    for s in sentences:
        assert s in text, s[:60]
        assert not _timeline_claimed(s), s[:60]
    assert TIMELINE not in keys_of(shared, CO)


def test_periods_and_program_dates_stay_timelines(shared: Path) -> None:
    """Near misses: "within 5 years after the effective date" (IL HB 3287) is a period; "the universal primary care
    program beginning operation not later than January 1, 2028" (VT H 185), "On or before November 1, 2027, the
    board shall" (WA SB 5233) and "This legislation shall be fully implemented within one year of the date of its
    enactment." (MA S 860) date the program."""
    for name in (IL3287, VT185, WA, MA860):
        assert first_agrees(shared, name, TIMELINE), name


# -- what a report must say ----------------------------------------------------------------------------------

def test_a_reports_contents_are_not_provisions(shared: Path) -> None:
    """CO HB 25B-1006: "(7) (a) By February 15, 2026, ..., the board shall prepare a report detailing: ... (II) The
    share of the total revenue that was received from federal funds;" was `federal_funds_pooled`."""
    assert "(II) The share of the total revenue that was received from federal funds;" in document_text(shared, CO)
    assert "financing.federal_funds_pooled" in GOLD[CO]["absent"]
    assert "financing.federal_funds_pooled" not in keys_of(shared, CO)
    assert first_agrees(shared, CO, STUDY)


def test_federal_funds_outside_a_report_stay(shared: Path) -> None:
    """Near misses: "All federal moneys that are designated for health ..." (IL HB 3287), NJ A 577's "shall attempt to
    maximize federal financial participation" and MN HF 3057's "receive federal pass-through funding equal to the
    value of premium tax credits"."""
    for name in (IL3287, NJ577, MN):
        assert first_agrees(shared, name, "financing.federal_funds_pooled"), name


# -- a synopsis that proposes a study --------------------------------------------------------------------------

def test_a_short_form_study_bill_claims_only_its_study(shared: Path) -> None:
    """VT H 833 is a short-form bill ("(TEXT OMITTED IN SHORT-FORM BILLS)"): its statement of purpose "proposes to
    create a study committee to evaluate the feasibility of developing a public option ..."; the plan's voluntary
    buy-in, providers capped "at 10–15 percent above Medicare rates", "potential federal pass-through funds" and the
    report's deadline were four false keys."""
    text = document_text(shared, VT)
    assert "(TEXT OMITTED IN SHORT-FORM BILLS)" in text
    assert "allowing for voluntary buy-in by other groups later on" in text
    assert keys_of(shared, VT) == {STUDY}
    assert first_agrees(shared, VT, STUDY)


def test_the_plan_to_be_evaluated_is_a_studys_subject(shared: Path) -> None:
    """VT H 833 (verbatim): "The bill would establish the parameters of the plan to be evaluated, including ...";
    near miss: a plan "to be offered" is the bill's own."""
    s = "The bill would establish the parameters of the plan to be evaluated, including establishing aspects"
    assert s in document_text(shared, VT)
    assert _STUDY_GOVERNS.search(s)
    assert not _STUDY_GOVERNS.search("The bill would establish the parameters of the plan to be offered, including")


def test_only_a_synopsis_that_proposes_a_study_counts(shared: Path) -> None:
    """Near misses: VT H 185's statement of purpose proposes a program, not a study; FL SB 348's title lists its
    task force among other things ("establishing the Task Force on ...") without "This bill proposes"; both keep
    the keys their texts give (VT H 185: 10, FL SB 348: the advisory committee and the study)."""
    for name, proposes in ((VT, True), (VT185, False), (FL, False)):
        norm = CleanText(document_text(shared, name)).norm
        assert _summary_proposes_study(norm, Zones.of(norm)) is proposes, name
    assert keys_of(shared, VT185) == set(GOLD[VT185]["present"])
    assert keys_of(shared, FL) == set(GOLD[FL]["present"])


# -- an existing buy-in publicised ---------------------------------------------------------------------------

def test_an_outreach_campaign_for_a_buy_in_opens_it_to_nobody(shared: Path) -> None:
    """NJ A 3624 (verbatim): "a. The Commissioner of Human Services shall establish an enhanced NJ FamilyCare
    outreach and enrollment initiative to increase public awareness about the availability of, and benefits to
    enrolling in, Medicaid, NJ FamilyCare, and the NJ FamilyCare Advantage buy-in programs." was buy-in eligibility."""
    s = ("The Commissioner of Human Services shall establish an enhanced NJ FamilyCare outreach and enrollment "
         "initiative to increase public awareness about the availability of, and benefits to enrolling in, Medicaid, "
         "NJ FamilyCare, and the NJ FamilyCare Advantage buy-in programs.")
    assert s in document_text(shared, NJ)
    assert not any(p.key == "public_option.buy_in_eligibility" for p in extract_provisions(s))
    assert keys_of(shared, NJ) == set()


def test_a_buy_in_that_opens_a_plan_stays(shared: Path) -> None:
    """Near misses: WV HB 3233's and GA SB 360's buy-in sentences still come first."""
    for name in (WV, GA):
        assert first_agrees(shared, name, "public_option.buy_in_eligibility"), name


def test_a_right_to_health_care_petition_claims_nothing(shared: Path) -> None:
    """MA H 64: "Each, and every inhabitant of The Commonwealth of Massachusetts, has a Right to Health Care." (as NJ
    ACR 90) makes nobody eligible for anything."""
    assert "has a Right to" in document_text(shared, MA64)
    assert GOLD[MA64]["present"] == {}
    assert keys_of(shared, MA64) == set()


# -- study and report ----------------------------------------------------------------------------------------

def test_the_study_key_shows_the_sentence_that_orders_the_work(shared: Path) -> None:
    """IL HB 3214 "shall study the impact ...", MD HB 1376 "a requirement that the independent consultant study the
    current provision ...", MD HB 417 "(A) THE COMMISSION SHALL STUDY HOW THE STATE MAY:", FL SB 348 "(a) The task
    force shall produce findings and recommendations ...", NY S 7590 "The commission shall examine the laws ..." came
    after the report clauses that deliver the work."""
    for name in (IL, MD1376, MD417, FL, NY):
        assert first_agrees(shared, name, STUDY), name


def test_the_first_work_order_leads(shared: Path) -> None:
    """MD HB 417 orders (A) a study and later (D)/(E) recommendations: the first charge is the study."""
    shown = [p.evidence for p in provisions_of(shared, MD417) if p.key == STUDY]
    assert shown[0].startswith("(A) THE COMMISSION SHALL STUDY HOW THE STATE MAY")


def test_reports_ordered_alone_keep_the_report(shared: Path) -> None:
    """Near misses: bills that order a report and no separate work keep the report sentence (VT H 185, VT H 433, PA
    HB 1863, NM HB 2, whose legislative staff's "program evaluation" is an audit, not a study the key's rule reads);
    WA SB 5233's "(8) The board shall study and develop provider payment methods that:" is a duty to design, so its
    contracted actuarial analysis stays first."""
    for name in (VT185, VT433, PA, NM, WA):
        assert first_agrees(shared, name, STUDY), name
    assert not _STUDY_WORK.search("(8) The board shall study and develop provider payment methods that:")
    assert not _STUDY_WORK.search("D. Prior to July 1, 2025, the staff of the legislative finance committee shall "
                                  "conduct a program evaluation to measure")
    assert _STUDY_WORK.search("Beginning December 15, 2026, the board shall contract annually for an actuarial "
                              "analysis of the trust's funding needs.")


def test_standing_committees_recommendations_are_no_work_order(shared: Path) -> None:
    """Near miss (WA SB 5233, verbatim): "The provider committee shall make recommendations to the board on issues
    related to scope of covered benefits, ..." is a standing duty, not the study the key names."""
    s = "The provider committee shall make recommendations to the board on issues related to scope of covered benefits"
    assert s in _flat(document_text(shared, WA))
    assert not _STUDY_WORK.search(s)
    assert any(c.key == STUDY for c in candidates_of(shared, WA))


def _recorded(shared: Path, folder: str, identifier: str) -> str:
    """Every recorded text of a national bill (texts.jsonl.gz), cleaned and flattened as the extractor reads it."""
    import gzip
    import json

    with gzip.open(shared / "national" / folder / "texts.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return " ".join(_flat(CleanText(r["text"]).norm) for r in rows if r["identifier"] == identifier)


def test_new_study_wordings_are_studies_and_examinations_of_people_are_not(shared: Path) -> None:
    """The work-order triggers ("shall examine", "findings and recommendations") reach real studies across the
    recording (MA H 1009 "The study shall examine the impact of multimodal stress ...", KY SCR 154 "The task force
    shall submit findings and recommendations to the Legislative Research Commission ..."); near misses, verbatim
    from the recording: physicians who "shall examine and report their findings" about a patient (AZ SB 1242), a
    review board's case "RECORD CONTAINING ITS FINDINGS AND RECOMMENDATIONS" (MD SB 43) and findings only used
    (ND HB 1282, TN HB 295) order no study."""
    studies = (("ma/194th", "H1009", "The study shall examine the impact of multimodal stress and shall include, at "
                "minimum, a study of acidification effects on the American lobster, Eastern oyster, sea scallops, "
                "quahogs and fin fish;"),
               ("ky/2025RS", "SCR154", "The task force shall submit findings and recommendations to the Legislative "
                "Research Commission for referral to the appropriate committee or subcommittee thereof by December 1, "
                "2025."))
    people = (("az/57th-2nd-regular", "SB1242", "(i) Two licensed physicians who are qualified psychiatrists, if "
               "possible, or at least experienced in psychiatric matters, who shall examine and report their findings "
               "independently."),
              ("md/2025", "SB0043", "(3) (I) EACH FORENSIC REVIEW BOARD SHALL MAINTAIN A WRITTEN RECORD CONTAINING "
               "ITS FINDINGS AND RECOMMENDATIONS."))
    # findings someone else made, only used ("Consistent with the findings and recommendations of a licensed
    # physician", ND HB 1282; "Using the findings and recommendations of the doula services advisory committee",
    # TN HB 295): the trigger is verb first
    people += (("nd/69", "HB 1282", "(1) Consistent with the findings and recommendations of a licensed physician, "
                "based on a patient's medical history, sexual and reproductive history, age, partner, physical "
                "findings, or diagnostic testing;"),
               ("tn/114", "HB 0295", "(b) Using the findings and recommendations of the doula services advisory "
                "committee, as described in § 63-15-103, the commissioner shall establish by rule a process by which "
                "the department issues a verification of certification to a person who"))
    for folder, ident, s in studies + people:
        assert s in _recorded(shared, folder, ident), ident
    for _, ident, s in studies:
        assert any(p.key == STUDY for p in extract_provisions(s)), ident
    for _, ident, s in people:
        assert not any(p.key == STUDY for p in extract_provisions(s)), ident
