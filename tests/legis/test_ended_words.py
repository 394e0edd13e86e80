"""How a dead bill's fate reads, with each legislature's own names for its houses.

Stored outcomes from the recording (`stage`, `stage_furthest`, `stage_chambers_passed` of bills in the
database `make pipeline` builds): AR HB 1004 (2025) -- "Read the third time and passed and ordered
transmitted to the Senate", then "Died in Senate Committee at Sine Die adjournment" -- is stored as
failed / passed_one_chamber / [] and used to read a bare "Died".
"""

from __future__ import annotations

import pytest

from statecare.legis import words


@pytest.mark.parametrize("chamber,state,expected", [
    ("lower", "ny", "Assembly"), ("lower", "ca", "Assembly"), ("lower", "wi", "Assembly"),
    ("upper", "ny", "Senate"),
    # near misses: a House is still the House, and unknown input falls back rather than vanishing
    ("lower", "wa", "House"), ("lower", "ma", "House"), ("lower", None, "House"), ("lower", "zz", "House"),
    ("legislature", "ne", "Legislature"), ("committee", "ny", "committee"),
])
def test_house_name(chamber: str, state: str | None, expected: str) -> None:
    assert words.house_name(chamber, state) == expected


def test_a_house_passed_without_knowing_which_is_not_a_bare_died() -> None:
    assert words.ended_label("failed", "passed_one_chamber", [], "ar") == "Passed one chamber, died"
    assert words.ended_label("withdrawn", "passed_one_chamber", [], "ky") == "Passed one chamber, withdrawn"
    assert words.ended_label("failed", "passed_both", [], "ne") == "Passed the legislature, died"
    # near misses: what was already right stays so
    assert words.ended_label("failed", "in_committee", [], "ar") == "Died in committee"
    assert words.ended_label("failed", "on_floor", [], "ar") == "Died on the floor"
    assert words.ended_label("in_committee", "passed_one_chamber", [], "ar") is None


def test_houses_by_their_own_names() -> None:
    # NY A bills that passed the Assembly and died in the Senate ("lower" stored)
    assert words.ended_label("failed", "passed_one_chamber", ["lower"], "ny") == "Passed the Assembly, died in the Senate"
    assert words.ended_label("failed", "passed_one_chamber", ["upper"], "ca") == "Passed the Senate, died in the Assembly"
    assert words.ended_label("failed", "passed_one_chamber", ["lower"], "wa") == "Passed the House, died in the Senate"
