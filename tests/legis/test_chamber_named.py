"""Which house passed a bill when the passage action also names where it goes next.

Verbatim actions from the recording (shared/national, as stored by `make pipeline`, with the labels
the classifier stored for them).
"""

from __future__ import annotations

import pytest

from statecare.legis import words
from statecare.legis.chambers import chamber_named_in
from statecare.nlp.stage.machine import derive_stage


@pytest.mark.parametrize("text,expected", [
    ("Read the third time and passed and ordered transmitted to the Senate.", None),  # AR HB 1004
    ("Read third time. Passed. (Ayes 38. Noes 0. Page 1322.) Ordered to the Assembly.", None),  # CA
    ("Read in full \u2013 ADOPTED \u2013 voice voteFloor Sponsor \u2013 ToewsTitle apvd \u2013 to House", None),  # ID HCR 005
    ("Reported Enrolled; Signed by Speaker; Transmitted to Senate", None),  # ID HCR 005
    # near misses: a house that acts is still read
    ("Passed Senate", "upper"),
    ("House concurred", "lower"),
    ("Passed House; delivered to Senate", "lower"),
    ("Received from the House passed; filed for first reading", "lower"),  # ID
    ("Ordered to third reading", None),
    # a house the bill is returned to is where it goes (stage-final round: SC "Read third time and
    # returned to House with amendments" is the Senate's passage)
    ("Returned to the House", None),
    ("Motion to House Calendar", "lower"),
])
def test_a_destination_is_not_the_house_that_acted(text: str, expected: str | None) -> None:
    assert chamber_named_in(text) == expected


def test_arkansas_house_bill_that_died_in_a_senate_committee() -> None:
    # AR HB 1004 (2025), its actions and stored labels in order
    acts = [
        ("2024-11-20", "lower", ["filing"], "Filed"),
        ("2025-01-13", "lower", ["reading-1", "reading-2", "referral-committee"],
         "Read the first time, rules suspended, read the second time and referred to the Committee on "
         "PUBLIC HEALTH, WELFARE AND LABOR COMMITTEE- HOUSE"),
        ("2025-03-20", "lower", ["committee-passage-favorable"],
         "Returned by the Committee with the recommendation that it do pass as amended 1"),
        ("2025-03-31", "lower", ["reading-2"], "Placed on second reading for the purpose of amendment."),
        ("2025-03-31", "lower", ["amendment-passage"], "Amendment No. 1 read and adopted and the bill ordered engrossed."),
        ("2025-03-31", "lower", [], "REPORTED CORRECTLY ENGROSSED"),
        ("2025-04-01", "lower", ["passage", "reading-3"],
         "Read the third time and passed and ordered transmitted to the Senate."),
        ("2025-04-01", "upper", ["reading-1", "reading-2", "referral-committee"],
         "Read first time, rules suspended, read second time, referred to PUBLIC HEALTH, WELFARE AND LABOR "
         "COMMITTEE - SENATE"),
        ("2025-05-05", "upper", ["committee-failure"], "Died in Senate Committee at Sine Die adjournment."),
    ]
    res = derive_stage([{"date": d, "chamber": ch, "classification": c, "description": t} for d, ch, c, t in acts],
                       bicameral=True, session_end="2025-12-31", as_of="2026-12-07")
    assert res.passed == ("lower",)
    assert res.stage == "failed" and res.furthest == "passed_one_chamber"
    assert words.ended_label(res.stage, res.furthest, res.passed, "ar") == "Passed the House, died in the Senate"
