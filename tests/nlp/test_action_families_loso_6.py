"""Sixth round of phrasing families for issue 11's leave-one-state-out target (earlier rounds:
test_action_families_loso.py, _2.py ... _5.py). Every text is verbatim from shared/national (file
and bill named as national/<st>/<session> BILL), read by the general rules alone, every state as
never seen. Each family is a reading that the labels of every state writing those words agree with
(counts in docs/nlp-actions.md, "Sixth round"); the negative cases guard it against the nearest
wording that means something else."""

from __future__ import annotations

import pytest

from statecare.nlp.actions.classifier import ActionClassifier

NEVER_SEEN = ActionClassifier(use_state_rules=False)


def labels(text: str, chamber: str = "lower") -> set[str]:
    return set(NEVER_SEEN.classify(text, "zz", chamber))


# ------------------------------------------------------------------ the motion to pass the bill failing
def test_failed_motion_to_pass_is_the_bills_failure() -> None:
    # national/mt/2025 HB 395 (MT labels it failure)
    assert "failure" in labels("(S) 2nd Reading Pass Motion Failed", "upper")


@pytest.mark.parametrize("text", [
    "(S) 2nd Reading Concur Motion Failed",  # national/mt/2025 HB 223: concurring in amendments
    "(S) 2nd Reading Motion to Amend Failed",  # national/mt/2025 HB 121: an amendment
])
def test_other_failed_motions_are_not_the_bills_failure(text: str) -> None:
    assert "failure" not in labels(text, "upper")


def test_second_reading_passed_is_not_a_failure() -> None:
    # national/mt/2025 SB 100: the motion carrying
    assert "failure" not in labels("(S) 2nd Reading Passed", "upper")


# ------------------------------------------------------------------ inexpedient to legislate under a rule
def test_inexpedient_under_a_chamber_rule_kills_the_bill() -> None:
    # national/nh/2025 HB188 (NH labels all 67 failure)
    assert "failure" in labels("Inexpedient to Legislate, Senate Rule 3-23, 10/31/2025;  SJ 1", "upper")


@pytest.mark.parametrize(("text", "chamber"), [
    ("Pending Motion Inexpedient to Legislate; 05/08/2025;  SJ 12", "upper"),  # national/nh/2025 HB223
    ("Inexpedient to Legislate: MF RC 140-196 03/26/2025  HJ 10  P. 48", "lower"),  # national/nh/2025 HB226
    ("Committee Report: Inexpedient to Legislate  10/22/2025 (Vote 18-0; CC)", "lower"),  # national/nh/2025 HB128
])
def test_pending_failed_or_committee_inexpedient_is_not_the_floor_killing_it(text: str, chamber: str) -> None:
    assert "failure" not in labels(text, chamber)


def test_adopted_inexpedient_motion_still_kills_the_bill() -> None:
    # national/nh/2025 HB114
    assert "failure" in labels("Inexpedient to Legislate: MA VV 03/06/2025  HJ 7  P. 68")


# ------------------------------------------------------------------ not the introduction yet
@pytest.mark.parametrize(("text", "chamber"), [
    # national/md/2025 HB1555: the motion allowing the late bill, before it is read
    ("Motion Rules Suspend for Late Introduction  (Delegate Bhandari)  Adopted", "lower"),
    ("(S) <Pending Introduction & Referral>", "upper"),  # national/ak/34 HJR4
])
def test_motion_for_or_pending_introduction_is_not_introduction(text: str, chamber: str) -> None:
    assert "introduction" not in labels(text, chamber)


def test_plain_introduction_is_still_introduction() -> None:
    # national/ca/20252026 SB405
    assert "introduction" in labels("Introduced. Read first time. To Com. on RLS. for assignment. To print.", "upper")


# ------------------------------------------------------------------ a veto override vote is not passage
def test_veto_override_vote_is_not_passage() -> None:
    # national/sd/2026 HB 1077 (Open States: veto-override-failure; 32-32 is short of two thirds)
    assert "passage" not in labels("Veto override , Passed, YEAS 32, NAYS 32 H.J. 581", "upper")


def test_the_chambers_own_passed_line_is_still_passage() -> None:
    # national/sd/2026 HB 1002
    assert "passage" in labels("Senate Do Pass , Passed, YEAS 34, NAYS 0 S.J. 199", "upper")


# ------------------------------------------------------------------ held in committee is not reported
def test_held_in_committee_without_recommendation_is_not_a_report() -> None:
    # national/ca/20252026 SB405: the bill stays in committee (still a committee failure)
    got = labels("April 1 set for first hearing. Held in committee without recommendation.", "upper")
    assert "committee-passage" not in got
    assert "committee-failure" in got


def test_reported_back_without_recommendation_is_still_a_report() -> None:
    # national/nd/69 HB 1107 (ND labels it committee-passage)
    assert "committee-passage" in labels("Reported back without recommendation 6 0 0", "upper")
