"""Issue 11, seventh round: phrasing families read by the general rules alone (state "zz", so no
state's rule file applies). Texts are verbatim from shared/national, each with its
national/<st>/<session> BILL; "Seventh round" in docs/nlp-actions.md gives the counts per state.
Positive cases are the new readings, negative cases the nearest wordings that must not change."""

from __future__ import annotations

import pytest

from statecare.nlp.actions.classifier import ActionClassifier

_GENERAL_ONLY = ActionClassifier(use_state_rules=False)


def labels(text: str, chamber: str = "lower") -> set[str]:
    """Labels of one action for a state the classifier has never seen."""
    return set(_GENERAL_ONLY.classify(text, "zz", chamber))


# ------------------------------------------------------------------ an abbreviated amendment failing
@pytest.mark.parametrize("text", [
    "Failed to adopt H. Am No. 3,  Ayes 20, Nays 72, PNV 0",  # national/tn/114 HJR 0486
    "Failed to adopt H. am no. 22,  Ayes 37, Nays 54, PNV 5",  # national/tn/114S1 HB 6004
])
def test_abbreviated_amendment_failing_is_not_the_bills_failure(text: str) -> None:
    # TN labels both unlabelled; the bill is voted on later
    assert "failure" not in labels(text)


@pytest.mark.parametrize(("text", "chamber"), [
    ("failed passage in Senate", "legislature"),  # national/nm/2026 HB103 (NM: failure)
    ("FAILED", "lower"),  # national/az/57th-2nd-regular HB2024 (AZ: failure)
])
def test_the_bills_own_failed_vote_stays_a_failure(text: str, chamber: str) -> None:
    assert "failure" in labels(text, chamber)


def test_spelt_out_amendment_failing_stays_unlabelled() -> None:
    # national/tn/114 HB 0622 (already unread before this round)
    assert "failure" not in labels("Failed to adopt (Amendment 4 - HA0471),  Ayes 24, Nays 71, PNV 0")


# ------------------------------------------------------------------ the chamber refusing passage
def test_refused_passage_is_a_failed_vote() -> None:
    # national/ca/20252026 AB435 (CA labels both of its "Refused passage" lines failure)
    assert "failure" in labels("Read third time. Refused passage. (Ayes 35. Noes 12. Page 1657.).")


def test_refusing_to_concur_is_not_a_failed_passage_vote() -> None:
    # national/ca/20252026 AB1231: the house refuses the other house's amendments, the bill lives
    assert "failure" not in labels(
        "Assembly refused to concur in Senate amendments. (Ayes 34. Noes 27. Page 3497.)")


# ------------------------------------------------------------------ an abbreviated amendment withdrawn
@pytest.mark.parametrize(("text", "chamber"), [
    ("Com. title amend withdrawn by unanimous consent", "upper"),  # national/wv/2025 HB 2695
    ("Martin amend to com. amend withdrawn by unanimous consent", "upper"),  # national/wv/2025 HB 2014
    ("(H) AM 1 TO AM 9 OFFERED AND WITHDRAWN", "lower"),  # national/ak/34 HB53
    ("Am. reconsidered, withdrawn.", "upper"),  # national/tn/114 SB 0362
])
def test_abbreviated_amendment_withdrawn_is_not_the_bills_withdrawal(text: str, chamber: str) -> None:
    # WV, AK and TN label these unlabelled, as every state labels "amendment ... withdrawn"
    assert "withdrawal" not in labels(text, chamber)


def test_the_bill_withdrawn_stays_a_withdrawal() -> None:
    # national/tn/114 HB 0003 (TN: withdrawal)
    assert "withdrawal" in labels("Withdrawn.")
