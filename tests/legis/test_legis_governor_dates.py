"""The day a governor acted, read from the action's words (statecare.legis.governor_dates).

Every wording is verbatim from shared/fixtures/openstates/vt or shared/national/<st>/<session>/actions.csv.gz
(state, bill and the recorded date named); the near misses name a day that is not the governor's act.
"""

from __future__ import annotations

import pytest

from statecare.legis.governor_dates import act_date, named_act_date


@pytest.mark.parametrize(("wording", "day"), [
    ("Signed by Governor on June 18, 2026", "2026-06-18"),  # VT S 197 (fixture), recorded 2026-05-29
    ("Senate Message: Signed by Governor June 18, 2026", "2026-06-18"),  # VT S 197, recorded 2026-05-29
    ("Delivered to Governor on June 12, 2026", "2026-06-12"),  # VT S 197, recorded 2026-05-29
    ("Governor vetoed bill on June 16, 2026", "2026-06-16"),  # VT S 190 (fixture), recorded 2026-05-29
    ("Delivered to the Governor on May 30, 2025", "2025-05-30"),  # vt/2025-2026
    ("Allowed to become law without the signature of the Governor on June 5, 2025", "2025-06-05"),  # vt
    ("Approved by Governor 4/30/2025 - House Journal", "2025-04-30"),  # wv/2025 HB 2002, recorded 2025-04-12
    ("Approved by Governor with deletions and reductions4/17/2025 - House Journal", "2025-04-17"),  # wv/2025
    ("Approved by Governor on February 25, 2025", "2025-02-25"),  # ne LB1, recorded 2025-02-26
    ("Approved by Governor on Tuesday, April 8, 2025", "2025-04-08"),  # ks HB2022, recorded 2025-04-10
    ("Vetoed by Governor; Returned to Senate on Tuesday, February 11, 2025", "2025-02-11"),  # ks SB63
    ("Signed by Governor on 03/10/25    Session Law Chapter 17    Effective: 01/01/2026", "2025-03-10"),  # id S 1001
    ("Delivered to Governor at 2:31 p.m. on January 27, 2025", "2025-01-27"),  # id H 0003, recorded 2025-01-28
    ("Approved by Governor 06/10/2025", "2025-06-10"),  # ok HB1087, recorded 2025-05-30
    ("Becomes law without Governor's signature 05/25/2025", "2025-05-25"),  # ok HB1003, recorded 2025-05-27
    ("Pocket veto 06/15/2025", "2025-06-15"),  # ok HB2513, recorded 2025-05-30
    ("Signed by the Governor on 07/15/2025; Chapter 0230; Effective 07/15/2025", "2025-07-15"),  # nh SB102
    ("Signed by Governor Ayotte 06/27/2025; Chapter 140; eff 07/01/2025", "2025-06-27"),  # nh HB1, recorded 2025-06-30
    ("(S) 10:00 A.M. 9/8/25 Transmitted to Governor", "2025-09-08"),  # ak SB113, recorded 2025-10-15
    ("(H) VETOED BY GOVERNOR 6/24/25", "2025-06-24"),  # ak HB174, recorded 2025-07-30
    ("Signed by Gov. 7/9/2025", "2025-07-09"),  # nc HB 1003
    ("Pres. To Gov. 7/1/2025", "2025-07-01"),  # nc HB 1003
    ("Governor's action Approval Chapter 25 05/19/25", "2025-05-19"),  # mn HF 1090
])
def test_the_act_day_the_words_name(wording: str, day: str) -> None:
    assert named_act_date(wording) == day


@pytest.mark.parametrize("wording", [
    "Effective date 7/27/2025.",  # wa HB 1003: when the law takes effect
    "(H) EFFECTIVE DATE(S) OF LAW 7/1/25",  # ak HB55
    "Approved by Governor-Chapter 1 (effective 7/1/2026)",  # va HB30
    "Governor's Action Deadline 11:59 p.m., June 29, 2026",  # va HB30
    "Vetoed by Governor & placed on notice calendar for June 13, 2025",  # vt S 125
    "(H) FISCAL NOTE MEMO Transmitted to Governor 10/01/25",  # ak HB53: a paper, not the bill
    "Signed by Governor.",  # no day named
    "Placed on cal. State & Local Government Committee for 3/5/2025",  # tn
])
def test_no_act_day_named(wording: str) -> None:
    assert named_act_date(wording) is None


def test_the_recorded_day_stays_unless_a_near_day_is_named() -> None:
    assert act_date("Signed by Governor on June 18, 2026", "2026-05-29") == "2026-06-18"
    assert act_date("Signed by Governor.", "2026-05-29") == "2026-05-29"
    # the same day keeps the stored value (a time and zone included)
    assert act_date("Vetoed 05/14/2025", "2025-05-14T00:00:00+00:00") == "2025-05-14T00:00:00+00:00"
    # a day far from the recorded one is more likely a typo or another year's act: the record wins
    assert act_date("Approved by Governor 06/10/2023", "2025-05-30") == "2025-05-30"
