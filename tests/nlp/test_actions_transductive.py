"""The transductive introduction-convention measurement (statecare.nlp.evaluate.actions_transductive):
the profile is inferred from the general rules' reading of a state's own actions, never its labels.
Actions are verbatim from shared/national."""

from __future__ import annotations

from statecare.nlp.actions.classifier import ActionClassifier
from statecare.nlp.evaluate.actions_transductive import (
    apply_first_step_introduction,
    infer_introduction_profile,
)

NEVER_SEEN = ActionClassifier(use_state_rules=False)

AR_HB1001 = [  # AR: filed, then first read and referred; no introduction line of its own
    ("Filed", "lower"),
    ("Read the first time, rules suspended, read the second time and referred to the Committee on "
     "JOINT BUDGET COMMITTEE", "lower"),
]
KS_HB2001 = [  # KS: prefiled, then an "Introduced" line
    ("Prefiled for Introduction on Monday, December 23, 2024", "lower"),
    ("Introduced", "lower"),
    ("Referred to Committee on Taxation", "lower"),
]


def _read(bill: list[tuple[str, str]]) -> list[list[str]]:
    return NEVER_SEEN.classify_actions([t for t, _ in bill], "zz", [c for _, c in bill])


def test_a_state_without_introduction_lines_is_taken_to_introduce_by_filing() -> None:
    ar = infer_introduction_profile([_read(AR_HB1001)] * 3)
    assert ar.first_step_is_introduction and ar.share_with_introduction == 0.0
    ks = infer_introduction_profile([_read(KS_HB2001)] * 3)
    assert not ks.first_step_is_introduction and ks.share_with_introduction == 1.0
    assert not infer_introduction_profile([]).first_step_is_introduction


def test_only_the_first_filing_or_first_reading_becomes_the_introduction() -> None:
    got = apply_first_step_introduction(_read(AR_HB1001))
    assert "introduction" in got[0]  # "Filed"
    assert "introduction" not in got[1]  # the first reading after it stays as read
    # the rules' own labels are not changed in place
    before = _read(AR_HB1001)
    apply_first_step_introduction(before)
    assert "introduction" not in before[0]
