"""Fourth round of phrasing families for issue 11's leave-one-state-out target (earlier rounds:
test_action_families_loso.py, _2.py, _3.py). Every text is verbatim from shared/national (state
named), read by the general rules alone, every state as never seen. Each family is a reading that
the labels of every state writing those words agree with (counts in docs/nlp-actions.md); the
negative cases guard it against the nearest wording that means something else."""

from __future__ import annotations

import pytest

from statecare.nlp.actions.classifier import ActionClassifier

NEVER_SEEN = ActionClassifier(use_state_rules=False)


def labels(text: str, chamber: str = "lower") -> set[str]:
    return set(NEVER_SEEN.classify(text, "zz", chamber))


# ------------------------------------------------------------------ withdrawals and introductions
@pytest.mark.parametrize("text", ["Sponsor(s) withdrawn.", "Sponsor withdrawn."])  # TN: sponsors leave the bill
def test_sponsors_withdrawn_is_not_the_bill_withdrawn(text: str) -> None:
    assert "withdrawal" not in labels(text)


def test_withdrawn_by_sponsor_is_still_the_bill_withdrawn() -> None:
    assert "withdrawal" in labels("Withdrawn by Sponsor")  # MD: the sponsor withdraws the bill


def test_withdrawn_prior_to_introduction_is_no_introduction() -> None:
    got = labels("Withdrawn prior to introduction")  # FL: never introduced
    assert "introduction" not in got
    assert "withdrawal" in got
    assert "introduction" in labels("Introduced, read first time, referred to JRA for Printing")  # ID


@pytest.mark.parametrize("text", [
    "was introduced and adopted in lieu of HB 105",  # DE: a substitute bill takes the original's place
    "Adopted in lieu of the original bill HB 1, and Assigned to Appropriations Committee in House",  # DE
])
def test_adopted_in_lieu_of_the_original_is_the_substitutes_introduction_not_passage(text: str) -> None:
    got = labels(text)
    assert "introduction" in got
    assert "passage" not in got


def test_resolution_adopted_is_still_passage() -> None:
    assert "passage" in labels("Resolution adopted.")  # IA


# ------------------------------------------------------------------ passage and failure
def test_passed_on_file_is_not_passage() -> None:
    # IA: a bill "passed on file" is placed on the calendar file after first reading
    assert "passage" not in labels("Read first time, passed on file.")
    assert "passage" in labels("Passed House, yeas 92, nays 0.")  # IA's own floor vote


@pytest.mark.parametrize("text", [
    "Introduced, adopted, sent to Senate",  # SC: a resolution introduced and adopted
    "R/S Intro., adopted v.v.",  # TN: the same, abbreviated
])
def test_introduced_comma_adopted_is_passage(text: str) -> None:
    assert "passage" in labels(text)


def test_amendments_read_comma_adopted_is_not_passage() -> None:
    assert "passage" not in labels("SA's read, adopted")  # OK: the Senate amendments are adopted


def test_concurrence_vote_is_not_passage() -> None:
    # WY: the house concurs in the other house's amendments; its third reading was the vote on the bill
    assert "passage" not in labels("S Concur:Passed 30-1-0-0-0", "upper")
    assert "passage" in labels("H 3rd Reading:Passed 60-0-2-0-0")


@pytest.mark.parametrize("text", ["Failed Concur In S Com Sub", "Failed Concur In H Com Sub"])  # NC
def test_failing_to_concur_is_not_the_bill_failing(text: str) -> None:
    assert "failure" not in labels(text)


def test_failed_reading_is_still_failure() -> None:
    assert "failure" in labels("Failed 2nd Reading")  # NC


@pytest.mark.parametrize("text", [
    "The vote by which HB1056 Passed was expunged.",  # AR: the record of a vote, struck
    "Motion to Expunge the Vote by which SB164 failed to pass; Motion carried",  # AR
])
def test_a_vote_referred_to_is_not_a_vote_taken(text: str) -> None:
    got = labels(text)
    assert "passage" not in got
    assert "failure" not in got


def test_read_third_time_and_passed_is_still_passage() -> None:
    assert "passage" in labels("Read the third time and passed.", "upper")  # AR


def test_bill_passed_after_its_amendments_were_adopted_is_passage() -> None:
    # LA: the amendments' adoption is one sentence, the bill's passage the next
    assert "passage" in labels("Senate floor amendments read and adopted.  Read by title and passed by a vote of "
                               "27 yeas and 9 nays; ordered reengrossed and sent to the House.  Motion to "
                               "reconsider tabled.", "upper")


def test_an_amendment_passed_is_not_the_bill_passed() -> None:
    # VA: "3-5.24" inside the amendment's item number is not a sentence end
    assert "passage" not in labels("Floor Amendment Item 3-5.24 #1h offered by Delegate Webert passed by "
                                   "(73-Y 22-N 0-A)")


# ------------------------------------------------------------------ referrals
@pytest.mark.parametrize("text", [
    "Reported and Referred to Assembly Appropriations Committee",  # NJ
    "Reported out of Assembly Committee with Amendments and Referred to Assembly Appropriations Committee",  # NJ
    "Reported, referred to the committee on Joint Rules, reported, rules suspended and referred to the "
    "committee on Public Service",  # MA
    "Without recommendation, but first rereferred to Judiciary",  # WV
])
def test_a_report_that_only_sends_the_bill_to_another_committee_is_that_referral(text: str) -> None:
    got = labels(text)
    assert "referral-committee" in got
    assert "committee-passage" not in got


def test_reports_to_the_floor_and_favourable_reports_with_referral_are_unchanged() -> None:
    assert "committee-passage" in labels("Reported out of Assembly Committee, 2nd Reading")  # NJ
    got = labels("Comm report: To pass as amended and re-refer to Commerce and Consumer Protection", "upper")  # MN
    assert {"committee-passage-favorable", "referral-committee"} <= got


@pytest.mark.parametrize("text", [
    "Serial Referral To Rules, Calendar, and Operations of the House Stricken",  # NC: a referral removed
    "Serial Referral To Finance Added",  # NC: a later referral scheduled, not made
])
def test_serial_referral_added_or_stricken_is_no_referral(text: str) -> None:
    assert "referral-committee" not in labels(text)


def test_nc_referral_is_still_a_referral() -> None:
    assert "referral-committee" in labels("Ref To Com On Rules, Calendar, and Operations of the House")


def test_a_motion_to_recommit_is_not_a_referral() -> None:
    # NE: a motion filed by a senator (numbered MO..), not the bill going back to committee
    assert "referral-committee" not in labels("Cavanaugh, M. MO303 Recommit to the Judiciary Committee filed",
                                              "legislature")
    assert "referral-committee" in labels("Referred to Health and Human Services Committee", "legislature")


def test_a_failed_recommittal_is_not_a_referral() -> None:
    # IN: the motion to recommit failed
    assert "referral-committee" not in labels(
        "Recommitted to Committee on Veterans Affairs and Public Safety pursuant to House Rule 126.4 failed;")
    assert "referral-committee" in labels("Recommitted to Committee on Ways and Means pursuant to House Rule 126.3")


@pytest.mark.parametrize("text", [
    "Committee Report: Rereferred to Committee, 03/06/2025; Vote 5-0; CC; SC 11",  # NH: the committee recommends
    "Committee Report: Referred to Interim Study, 01/07/2026; Vote 5-0; CC;",  # NH
])
def test_a_committee_report_recommending_referral_is_not_the_referral(text: str) -> None:
    assert "referral-committee" not in labels(text, "upper")


def test_the_chamber_adopting_the_rereferral_is_the_referral() -> None:
    assert "referral-committee" in labels("Rereferred to Committee, MA, VV; 05/15/2025;  SJ 13", "upper")  # NH


@pytest.mark.parametrize("text", [
    "First read in House and referral to committee waived pursuant to JR 6D-1 H.J. 485",  # SD
    "Committee referral waived pursuant to JR 6D-1 S.J. 340",  # SD
])
def test_a_waived_referral_is_no_referral(text: str) -> None:
    assert "referral-committee" not in labels(text)


def test_first_read_and_referred_is_still_a_referral() -> None:
    assert "referral-committee" in labels("First read in Senate and referred to Senate State Affairs S.J. 15", "upper")


def test_a_consent_calendar_is_not_a_committee() -> None:
    assert "referral-committee" not in labels("Referred to Resolutions Consent Calendar", "upper")  # IL
    # KS: a committee that happens to be named for the calendar is one
    assert "referral-committee" in labels("Withdrawn from Calendar; Referred to Committee on Calendar and Printing")


@pytest.mark.parametrize(("text", "chamber"), [
    ("First Reading House Rules and Executive Nominations", "lower"),  # MD: the committee's name begins "House"
    ("First Reading Senate Rules", "upper"),  # MD
])
def test_first_reading_naming_a_house_committee_is_a_referral(text: str, chamber: str) -> None:
    assert "referral-committee" in labels(text, chamber)


def test_first_reading_in_a_house_is_no_referral() -> None:
    assert "referral-committee" not in labels("First Reading House H.J. 220")  # SD: read in the House


# ------------------------------------------------------------------ governor and law
@pytest.mark.parametrize(("text", "chamber"), [
    ("Signed by Governor, but item veto 05/19", "upper"),  # ND (recorded under the Senate)
    ("Governor Signed and Line Item Vetoed", "legislature"),  # WY
])
def test_signed_with_an_item_veto_is_a_signature(text: str, chamber: str) -> None:
    got = labels(text, chamber)
    assert "executive-signature" in got
    assert "executive-veto-line-item" in got


def test_an_item_veto_alone_is_no_signature() -> None:
    assert "executive-signature" not in labels("Governor Line Item Veto", "executive")  # UT


def test_becomes_act_number_is_law_and_signature() -> None:
    got = labels("Signed by the Governor. Becomes Act No. 1.", "upper")  # LA
    assert {"executive-signature", "became-law"} <= got
    # MD: a chapter number merely quoted on the signature stays the signature (round two)
    assert "became-law" not in labels("Approved by the Governor - Chapter 437", "executive")


@pytest.mark.parametrize(("text", "chamber"), [
    ("(H) EFFECTIVE DATE(S) ADOPTED Y27 N13", "lower"),  # AK: a vote on the effective-date clause
    ("Senate requests House to concur in changed effective date", "upper"),  # WV
    ("House concurred in Senate effective date (Roll No. 446)", "lower"),  # WV
    ("Will become law without Governor's signature", "lower"),  # KS: not yet
    ("McKinney MO281 That the bill becomes law notwithstanding the objections of the Governor filed",
     "executive"),  # NE: a motion filed
])
def test_votes_motions_and_futures_about_becoming_law_are_not_law(text: str, chamber: str) -> None:
    assert "became-law" not in labels(text, chamber)


def test_became_law_without_signature_is_still_law() -> None:
    assert "became-law" in labels("Became law without Governor's signature  - Senate Journal", "upper")  # WV


@pytest.mark.parametrize(("text", "chamber"), [
    # SD writes every vote as "<what was moved> , Passed": the motion passed, not the bill
    ("Intent to reconsider , Passed, H.J. 138", "lower"),
    ("Senate Reconsidered , Passed, YEAS 25, NAYS 9 S.J. 458", "upper"),
    ("Taxation Tabled , Passed, YEAS 13, NAYS 0", "lower"),
    ("Placed on calendar pursuant to JR 6F-6 , Passed, YEAS 29, NAYS 37 H.J. 148", "lower"),
    ("Senate Concurred in amendments , Passed, YEAS 20, NAYS 11 S.J. 514", "upper"),
    ("Conference Committee Report adopted , Passed, YEAS 6, NAYS 0", "upper"),
    ("Referred to , Passed, House Committee on Appropriations YEAS 15, NAYS 0 H.J. 1", "lower"),
])
def test_a_procedural_motion_passing_is_not_the_bill_passing(text: str, chamber: str) -> None:
    assert "passage" not in labels(text, chamber)


def test_the_chamber_voting_do_pass_is_still_passage() -> None:
    assert "passage" in labels("Senate Do Pass , Passed, YEAS 24, NAYS 11 S.J. 13", "upper")  # SD (round two)
    # and the referral moved and passed is still the referral
    assert "referral-committee" in labels(
        "Referred to , Passed, House Committee on Appropriations YEAS 15, NAYS 0 H.J. 1")


@pytest.mark.parametrize(("text", "chamber"), [
    ("S COW:Failed 11-20-0-0-0", "upper"),  # WY: the committee of the whole voted the bill down
    ("H COW:H Did not consider for COW", "lower"),  # WY: not taken up in committee of the whole
])
def test_committee_of_the_whole_failing_is_a_committee_failure(text: str, chamber: str) -> None:
    got = labels(text, chamber)
    assert "committee-failure" in got
    assert "failure" not in got


@pytest.mark.parametrize("text", ["S COW:Laid Back", "H No report prior to CoW Cutoff"])  # WY: postponed / no report
def test_cow_business_without_a_failed_vote_is_no_committee_failure(text: str) -> None:
    assert "committee-failure" not in labels(text)


def test_cow_passed_is_still_the_favourable_report() -> None:
    assert "committee-passage-favorable" in labels("H COW:Passed")  # WY (round one)
