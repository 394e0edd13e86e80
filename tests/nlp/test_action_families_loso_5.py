"""Fifth round of phrasing families for issue 11's leave-one-state-out target (earlier rounds:
test_action_families_loso.py, _2.py, _3.py, _4.py). Every text is verbatim from shared/national
(file and bill named as national/<st>/<session> BILL), read by the general rules alone, every state
as never seen. Each family is a reading that the labels of every state writing those words agree
with (counts in docs/nlp-actions.md, "Fifth round"); the negative cases guard it against the nearest
wording that means something else."""

from __future__ import annotations

import pytest

from statecare.nlp.actions.classifier import ActionClassifier

NEVER_SEEN = ActionClassifier(use_state_rules=False)


def labels(text: str, chamber: str = "lower") -> set[str]:
    return set(NEVER_SEEN.classify(text, "zz", chamber))


# ------------------------------------------------------------------ the governor's veto by its names
@pytest.mark.parametrize(("text", "chamber"), [
    ("Conditional Veto, Received in the Assembly", "lower"),  # national/nj/221 A2180
    ("Absolute Veto, Received in the Assembly", "lower"),  # national/nj/221 A3667
    ("Pocket Veto", "executive"),  # national/nm/2026 HB96
    ("Pocket veto 06/15/2025", "lower"),  # national/ok/2025 HB2513
    ("Governor Amendatory Veto", "lower"),  # national/il/104th HB2568
])
def test_named_kinds_of_veto_are_the_veto(text: str, chamber: str) -> None:
    assert "executive-veto" in labels(text, chamber)


@pytest.mark.parametrize("text", [
    # national/nj/221 S1446: the house concurring with a conditional veto's recommendations is its own vote
    "Conditional Veto, Received, 2nd Reading on Concur with Governor's Recommendations (27-11)",
    # national/il/104th HB2568: a member's motion about the veto, not the governor's act
    "Amendatory Veto Motion - Motion Filed Accept Amendatory Veto Rep. Tracy Katz Muhl",
])
def test_legislature_acting_on_a_veto_is_not_the_veto(text: str) -> None:
    assert "executive-veto" not in labels(text)


def test_plain_veto_is_still_the_veto() -> None:
    assert "executive-veto" in labels("Vetoed by Governor 04/23")  # national/nd/69 HB 1540


# ------------------------------------------------------------------ passage: what is not the bill passing
@pytest.mark.parametrize(("text", "chamber"), [
    ("Vote on final passage reconsidered", "upper"),  # national/pa/2025-2026 HB 1338
    ("Motion to reconsider final passage", "lower"),  # national/pa/2025-2026 HB 1099
    ("Third consideration and defeated on final passage", "lower"),  # national/pa/2025-2026 HB 1099
    ("Sorrentino MO279 Reconsider the vote taken on the final passage filed", "legislature"),  # national/ne/109 LB258
    ("Motion Reconsider Third Reading  (Senator Hershey)  Adopted", "upper"),  # national/md/2025 HB0881
    ("Do Consent Passed 053-000-000", "upper"),  # national/il/104th AM1030372: consent to an appointment
])
def test_reconsiderations_defeats_and_consents_are_not_passage(text: str, chamber: str) -> None:
    assert "passage" not in labels(text, chamber)


@pytest.mark.parametrize("text", [
    "(H) PASSED ON RECONSIDERATION Y39 A1",  # national/ak/34 HB101: the bill passed on the second vote
    "Passed By Senate. Votes: 21 YES",  # national/de/153 HB 1
])
def test_passing_votes_are_still_passage(text: str) -> None:
    assert "passage" in labels(text)


def test_third_reading_passed_inside_a_digest_with_the_committee_report_is_passage() -> None:
    # national/nv/83 AB221: one entry holds the committee's report and the floor vote
    got = labels("From committee: Do pass.\rPlaced on General File.\rRead third time. Passed. Title approved. "
                 "(Yeas:\xa042, Nays:\xa0None.) To Senate.")
    assert "passage" in got
    assert "committee-passage-favorable" in got


def test_digest_read_third_time_and_amended_only_is_not_passage() -> None:
    # national/nv/83 AB117: amended on third reading, the vote comes later
    got = labels("From committee: Amend, and do pass as amended.\rPlaced on General File.\r"
                 "Read third time. Amended. (Amend. No. 825.) To printer.")
    assert "passage" not in got


def test_measure_passed_with_its_emergency_clause_failing_is_passage() -> None:
    # national/ok/2025 HB1003: the bill passes, its emergency clause does not
    text = "Fourth Reading, Measure passed and Emergency failed:  Ayes: 60 Nays: 21; Ayes: 54 Nays: 26"
    assert "passage" in labels(text)
    # national/ok/2025 SB1136: the emergency clause's own vote failing is neither
    got = labels("Emergency failed:  Ayes: 31 Nays: 14", "upper")
    assert "passage" not in got
    assert "failure" not in got


@pytest.mark.parametrize(("text", "chamber"), [
    ("Emergency Final Action - Adopted;   Yea: 104 Nay: 19", "lower"),  # national/ks/2025-2026 HCR5003
    ("Emergency Final Action - Adopted as amended;  Yea: 36 Nay: 2", "upper"),  # national/ks/2025-2026 HCR5003
])
def test_final_action_adopting_a_resolution_is_passage(text: str, chamber: str) -> None:
    assert "passage" in labels(text, chamber)


def test_adopting_a_committee_report_is_not_final_action() -> None:
    # national/ks/2025-2026 HB2016: the committee of the whole adopts its committee's report
    assert "passage" not in labels("Committee of the Whole - Committee Report be adopted", "upper")


# ------------------------------------------------------------------ failure
@pytest.mark.parametrize(("text", "chamber"), [
    ("House Third Reading Lost", "lower"),  # national/ga/2025_26 HB 862
    ("Senate Lost", "upper"),  # national/ga/2025_26 HB 360
])
def test_a_lost_floor_vote_is_failure(text: str, chamber: str) -> None:
    assert "failure" in labels(text, chamber)


def test_a_lost_amendment_is_not_the_bills_failure() -> None:
    assert "failure" not in labels("Raybould FA27 lost", "legislature")  # national/ne/109 LB113


@pytest.mark.parametrize(("text", "chamber"), [
    ("January 13 set for first hearing. Failed passage in committee. (Ayes 7. Noes 2.)", "upper"),  # national/ca/20252026 SB220
    # national/ca/20252026 SB2: the vote failed; reconsideration only allows another vote later
    ("March 19 set for first hearing. Failed passage in committee. (Ayes 3. Noes 2. Page 420.) Reconsideration granted.",
     "upper"),
    ("(H) Committee Executive Action--Bill Not Passed as Amended - (H) State Administration", "lower"),  # national/mt/2025 HB 152
])
def test_a_committee_vote_failing_is_a_committee_failure(text: str, chamber: str) -> None:
    got = labels(text, chamber)
    assert "committee-failure" in got
    assert "failure" not in got
    assert "committee-passage-favorable" not in got


def test_committee_executive_action_passed_is_still_the_favourable_report() -> None:
    got = labels("(H) Committee Executive Action--Bill Passed - (H) Appropriations")  # national/mt/2025 HB 1
    assert "committee-passage-favorable" in got
    assert "committee-failure" not in got


# ------------------------------------------------------------------ referrals to the whole house
@pytest.mark.parametrize(("text", "chamber"), [
    ("Referred to the Committee of the Whole", "lower"),  # national/id/2025 H 0009
    ("Referred to Committee of the Whole", "upper"),  # national/ks/2025-2026 HCR5003
    # national/ks/2025-2026 HB2107
    ("Withdrawn from  Committee on Calendar and Printing and referred to Committee of the Whole", "lower"),
])
def test_referral_to_the_committee_of_the_whole_is_not_a_committee_referral(text: str, chamber: str) -> None:
    assert "referral-committee" not in labels(text, chamber)


def test_referral_to_a_standing_committee_is_still_a_referral() -> None:
    # national/ks/2025-2026 HB2012
    assert "referral-committee" in labels("Withdrawn from Calendar; Referred to Committee on Agriculture and Natural Resources")


# ------------------------------------------------------------------ withdrawals
@pytest.mark.parametrize(("text", "chamber"), [
    ("Withdrawn from Engrossing and Enrolling.", "lower"),  # national/ca/20252026 AB1447: taken back from the clerk
    ("Withdrawn from Consent Calendar and placed on General Orders", "upper"),  # national/ks/2025-2026 HB2116
    # national/ok/2025 HB1175: discharged from a subcommittee, as "withdrawn from committee" already was
    ("Withdrawn from Appropriations and Budget Select Agencies Subcommittee", "lower"),
])
def test_taken_from_a_calendar_subcommittee_or_the_enrolling_clerk_is_not_withdrawal(text: str, chamber: str) -> None:
    assert "withdrawal" not in labels(text, chamber)


def test_bare_withdrawn_is_still_the_withdrawal() -> None:
    assert "withdrawal" in labels("Withdrawn", "upper")  # national/in/2026 SB 136


# ------------------------------------------------------------------ law
@pytest.mark.parametrize("text", ["Published 7-9-2025", "Published 8-9-2025"])  # national/wi/2025 AB140, AB232
def test_act_published_is_law(text: str) -> None:
    assert "became-law" in labels(text)


def test_draft_published_as_amended_is_not_law() -> None:
    assert "became-law" not in labels("Published as amended, see H2025")  # national/ma/194th H2024


# ------------------------------------------------------------------ orders of business and clerks are not committees
@pytest.mark.parametrize("text", [
    "Referred to 14th Order for amendment",  # national/id/2025 H 0041: the floor's amending order
    "Reported Printed; referred to 10th order; held one legislative day",  # national/id/2025 SCR 101
    "Senate concurred in House amendments; referred to engrossment",  # national/id/2025 S 1021: the engrossing clerk
])
def test_referral_to_an_order_of_business_or_engrossment_is_not_a_committee_referral(text: str) -> None:
    assert "referral-committee" not in labels(text, "upper")


def test_the_order_of_business_committee_is_still_a_committee() -> None:
    # national/nm/2026 HB138
    assert "referral-committee" in labels("referred to House Rules and Order of Business Committee")


def test_taken_from_the_clerks_desk_to_general_file_is_no_committee_report() -> None:
    # national/nv/83 AB188: the bill comes from the desk, not from a committee
    got = labels("Taken from Chief Clerk's desk.\rPlaced on General File.\rRead third time. Amended. (Amend. No. 908.) "
                 "To printer.")
    assert not got & {"committee-passage", "committee-passage-favorable"}
    # national/nv/83 AB356: from committee to general file is the committee's report
    assert "committee-passage-favorable" in labels("From committee: Do pass.\rPlaced on General File.", "upper")


def test_committee_recommending_concurrence_is_a_favourable_report() -> None:
    # national/wi/2025 AB1: the second house's committee recommends concurring in the bill
    assert "committee-passage-favorable" in labels("Report concurrence recommended by Committee on Education, Ayes 3, Noes 2",
                                                   "upper")


@pytest.mark.parametrize(("text", "chamber"), [
    ("Returned to the House as Failed to Pass", "upper"),  # national/ar/2025 HB 1193: the message, not the vote
    ("Returned from the Senate having failed to pass.", "lower"),  # national/ar/2025 HB 1193
])
def test_message_reporting_the_other_houses_failed_vote_is_not_a_vote(text: str, chamber: str) -> None:
    assert "failure" not in labels(text, chamber)


def test_the_failed_vote_itself_is_still_failure() -> None:
    assert "failure" in labels("Read third time and failed to pass.", "upper")  # national/ar/2025 SB 166


def test_resolution_read_in_full_and_adopted_is_passage() -> None:
    # national/id/2025 HCR 002 (en dashes as recorded)
    assert "passage" in labels("Read in full \u2013 ADOPTED \u2013 voice voteFloor Sponsor \u2013 CarlsonTitle apvd \u2013 to House",
                               "upper")
    # national/ok/2025 HB1003: the Senate amendments read and adopted are not the bill's passage
    assert "passage" not in labels("SA's read, adopted")


def test_committee_be_adopted_with_its_name_and_tally_is_a_favourable_report() -> None:
    # national/il/104th SJR25: the committee recommends adopting the resolution
    got = labels("Be Adopted Public Health;  008-000-000", "upper")
    assert "committee-passage-favorable" in got
    assert "passage" not in got
    # national/wv/2025 HCR 10: a bare "Be adopted" names no committee and no tally (left alone)
    assert "committee-passage-favorable" not in labels("Be adopted")


def test_taken_from_the_secretarys_desk_without_general_file_is_nothing() -> None:
    # national/nv/2025Special36 SB9
    got = labels("Read first time.\rPlaced on Secretary's desk.\rTaken from Secretary's desk.\rTo printer.", "upper")
    assert not got & {"committee-passage", "committee-passage-favorable", "passage", "referral-committee"}


def test_from_committee_be_adopted_is_a_favourable_report() -> None:
    # national/ca/20252026 ACA8: the committee recommends adopting the measure
    got = labels("From committee: Be adopted. Ordered to Third Reading. (Ayes 11. Noes 4.) (August 20).")
    assert "committee-passage-favorable" in got
    assert "passage" not in got
    # national/ca/20252026 SB371: a committee sending the bill to another committee is that referral
    got = labels("From committee: Be re-referred to Com. on INS. pursuant to Senate Rule 29.10(d). (Ayes 5. Noes 0. "
                 "Page 2628.) Re-referred to Com. on INS.", "upper")
    assert "referral-committee" in got
    assert "committee-passage-favorable" not in got


@pytest.mark.parametrize("text", [
    "(Pending re-refer to Com. on JUD.)",  # national/ca/20252026 AB1159: not yet sent
    "(H) <Pending Referral>",  # national/ak/34 HB146
])
def test_a_pending_referral_is_not_a_referral(text: str) -> None:
    assert "referral-committee" not in labels(text)
