"""Third round of phrasing families for issue 11's leave-one-state-out target (rounds one and two:
test_action_families_loso.py, test_action_families_loso_2.py). Every text is verbatim from
shared/national (state named), read by the general rules alone, every state as never seen. Each
family is a misreading the error analysis found (words read against what they say, whatever the
state); the negative cases guard it against the nearest wording that means something else."""

from __future__ import annotations

import pytest

from statecare.nlp.actions.classifier import ActionClassifier

NEVER_SEEN = ActionClassifier(use_state_rules=False)


def labels(text: str, chamber: str = "lower") -> set[str]:
    return set(NEVER_SEEN.classify(text, "zz", chamber))


@pytest.mark.parametrize("text", [
    "Read & adopted",  # VT: a resolution read and adopted, written with "&"
    "Read. Adopted. (Ayes 75. Noes 0. Page 2344.) Ordered to the Senate.",  # CA: the same, in sentences
    "READ AND ADOPTED.",  # AR: the spelling the rules already read
])
def test_read_and_adopted_is_passage_however_joined(text: str) -> None:
    assert "passage" in labels(text)


def test_an_amendment_read_and_adopted_is_not_passage() -> None:
    # AR: the amendment is adopted, not the bill
    assert "passage" not in labels("Amendment No. 1 read and adopted and the bill ordered engrossed.")


def test_not_referred_is_no_referral() -> None:
    # NM: the words deny the referral
    assert "referral-committee" not in labels("not printed, not referred to committee, tabled")
    assert "referral-committee" in labels("Referred to Committee on Judiciary")


@pytest.mark.parametrize("text", ["House/ failed", "Senate/ failed"])  # UT: the house's vote failed
def test_chamber_slash_failed_is_failure(text: str) -> None:
    assert "failure" in labels(text)


def test_a_chamber_slash_amendment_failing_is_not_the_bill_failing() -> None:
    # UT writes amendment votes the same way; the rule stays on the bill
    assert "failure" not in labels("House/ floor amendment failed")


@pytest.mark.parametrize("text", [
    # IN: the report is adopted and the bill goes on to a second committee
    "Committee report: amend do pass adopted; reassigned to Committee on Appropriations",
    "Pursuant to Senate Rule 68(b); reassigned to Committee on Appropriations",  # IN
])
def test_reassigned_to_a_committee_is_a_referral(text: str) -> None:
    assert "referral-committee" in labels(text)


def test_reassigned_without_committee_word_is_left_alone() -> None:
    # MD "Reassigned to Economic Matters": MD's record leaves it unlabelled (as it does its
    # "Rereferred to"); the general reading only claims a referral when a committee is named as one
    assert "referral-committee" not in labels("Reassigned to Economic Matters")


@pytest.mark.parametrize("text", ["(S) Died in Standing Committee", "(H) Died in Standing Committee"])  # MT
def test_died_in_standing_committee_is_committee_failure(text: str) -> None:
    assert "committee-failure" in labels(text)


@pytest.mark.parametrize("text", [
    "Emergency passed:  Ayes: 43 Nays: 2",  # OK: the vote on the emergency clause, not the bill's
    "Withdrawn at the Request of the Prime Sponsor , Passed, H.J. 163",  # SD: the motion to withdraw passed
])
def test_a_clause_or_motion_passing_is_not_the_bill_passing(text: str) -> None:
    assert "passage" not in labels(text)


def test_emergency_final_action_is_still_passage() -> None:
    # KS: the final action on the bill under the emergency procedure
    assert "passage" in labels("Emergency Final Action - Substitute passed as amended;   Yea: 27 Nay: 13")


def test_do_not_pass_replaced_with_substitute_is_a_report_not_adverse() -> None:
    # NM: the committee reports its own substitute in the bill's place
    got = labels("DO NOT PASS, replaced with committee substitute", "upper")
    assert "committee-passage" in got
    assert "committee-passage-unfavorable" not in got
    # a plain adverse report stays adverse (AR)
    assert "committee-passage-unfavorable" in labels(
        "Returned by the Committee with the recommendation that it do not pass.", "upper")


@pytest.mark.parametrize("text", [
    "Transferred to Assembly Health Committee",  # NJ: moved to another committee
    "Re-ref to Judiciary.  If fav, re-ref to Finance.  If fav, re-ref to Rules and Operations of the Senate",  # NC
])
def test_transfers_and_abbreviated_re_referrals_are_referrals(text: str) -> None:
    assert "referral-committee" in labels(text)


def test_third_reading_concurrence_in_the_other_houses_bill_is_passage() -> None:
    # WI: the second house passes the first house's bill by concurring in it on third reading
    assert "passage" in labels("Read a third time and concurred in, Ayes 18, Noes 14", "upper")


def test_passage_as_amended_recommended_is_a_favourable_report() -> None:
    # WI: the words "passage recommended" were already read; "as amended" between them was not
    got = labels("Report passage as amended recommended by Committee on Ways and Means, Ayes 10, Noes 0")
    assert "committee-passage-favorable" in got
    assert "passage" not in got


@pytest.mark.parametrize("text", [
    "Consideration of Governor's veto pending.",  # CA: the veto is on the agenda, not being made
    "posted for consideration of Governor's veto",  # KY
])
def test_consideration_of_a_veto_is_not_a_veto(text: str) -> None:
    assert "executive-veto" not in labels(text)


def test_a_numbered_amendment_withdrawn_is_not_the_bill_withdrawn() -> None:
    assert "withdrawal" not in labels("(H) AM NO 14 OFFERED AND WITHDRAWN")  # AK


@pytest.mark.parametrize("text", ["(H) NOT INTRODUCED", "(H) SPONSOR SUBSTITUTE INTRODUCED"])  # AK
def test_not_introduced_and_substitutes_are_not_the_bills_introduction(text: str) -> None:
    assert "introduction" not in labels(text)


def test_signed_into_law_is_the_signature() -> None:
    # AK: the chapter number rides on the signature, as MD's "Approved by the Governor - Chapter N"
    got = labels("(H) Signed into law 6/12 CHAPTER 10 SLA 25", "executive")
    assert "executive-signature" in got
    assert "became-law" not in got


def test_a_failed_do_pass_motion_is_a_committee_failure() -> None:
    # WY: the committee's motion to recommend the bill failed
    got = labels("H09 - Minerals:Do Pass Failed 2-6-1-0-0")
    assert "committee-failure" in got
    assert "committee-passage-favorable" not in got


def test_third_reading_failed_without_space_is_failure() -> None:
    assert "failure" in labels("H 3rd Reading:Failed 27-33-2-0-0")  # WY


def test_committee_report_inexpedient_to_legislate_is_a_committee_failure() -> None:
    # NH: the committee's report recommends killing the bill
    assert "committee-failure" in labels(
        "Committee Report: Inexpedient to Legislate  03/12/2025 (Vote 16-0; CC)  HC 17  P. 17")
    # a minority's report is not the committee's
    assert "committee-failure" not in labels("Minority Committee Report: Inexpedient to Legislate")


def test_an_amendment_the_rules_committee_refers_is_not_the_bills_referral() -> None:
    # IL: round two read "Amendment No. 1 Referred to Rules Committee"; "Refers" is the same act
    assert "referral-committee" not in labels(
        "House Committee Amendment No. 1 Rules Refers to Agriculture & Conservation Committee")


def test_adopted_both_houses_is_a_summary_not_a_vote() -> None:
    # IL: like "Passed Both Houses" (round one), a summary line after the two votes
    assert "passage" not in labels("Adopted Both Houses")


def test_third_reading_failed_is_failure() -> None:
    # IN
    assert "failure" in labels(
        "Third reading: failed for lack of constitutional majority; Roll Call 142: yeas 48, nays 47")


def test_a_bare_to_committee_line_may_abbreviate_inside_the_name() -> None:
    # KY: "Const." inside the committee's name; NV's "To enrollment." / "To printer." stay no referral
    assert "referral-committee" in labels("to Elections, Const. Amendments & Intergovernmental Affairs (H)")
    assert "referral-committee" not in labels("To enrollment.")
    assert "referral-committee" not in labels("To printer.")
