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
