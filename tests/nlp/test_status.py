"""The stage machine: one test per tricky phrasing (unitedstates/congress style), the recorded
fixture bills, and NY's own status as the measure.

The NY sequences are copied from real bills in
shared/fixtures/labels/ny_health_insurance_bills_status_actions_2019-2023.csv (print number named).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from statecare.db.models import ALL_STAGES as DB_STAGES
from statecare.nlp.stage.machine import (
    ALL_STAGES,
    Requirements,
    StageInputError,
    derive_stage,
    requirements_for,
    stage_rank,
)
from statecare.nlp.stage.sources import (
    ActionSourceError,
    classify_and_stage,
    legiscan_actions,
    ny_status_to_stage,
    parse_ny_actions,
    stage_for_legiscan_bill,
    stage_for_openstates_bill,
)


def ny(cell: str) -> str:
    """Stage of a NY action history (the house of origin is the first action's)."""
    return classify_and_stage(parse_ny_actions(cell), state="ny").stage


def test_stage_vocabulary_matches_the_data_model() -> None:
    assert ALL_STAGES == DB_STAGES
    assert stage_rank("introduced") < stage_rank("enacted") < stage_rank("failed")
    with pytest.raises(ValueError, match="unknown stage"):
        stage_rank("dead")


# ------------------------------------------------------------------ one test per tricky phrasing (NY)
def test_referred_is_in_committee() -> None:
    assert ny("2020-03-04|ASSEMBLY|REFERRED TO HEALTH") == "in_committee"


def test_held_for_consideration_stays_in_committee() -> None:  # A10033-2019
    assert ny("2020-03-04|ASSEMBLY|REFERRED TO HEALTH ;; 2020-07-13|ASSEMBLY|HELD FOR CONSIDERATION IN HEALTH") == "in_committee"


def test_reported_referred_to_another_committee_is_still_in_committee() -> None:
    assert ny("2019-01-14|ASSEMBLY|REFERRED TO HEALTH ;; 2019-01-29|ASSEMBLY|REPORTED REFERRED TO CODES") == "in_committee"


def test_bare_reported_puts_the_bill_on_the_floor() -> None:  # A1148-2019
    assert ny("2019-01-14|ASSEMBLY|REFERRED TO HEALTH ;; 2019-01-29|ASSEMBLY|REPORTED") == "on_floor"


def test_senate_first_report_calendar_is_on_the_floor() -> None:  # S1455-2019
    assert ny("2019-01-15|SENATE|REFERRED TO HEALTH ;; 2019-03-12|SENATE|1ST REPORT CAL.291") == "on_floor"


def test_substituted_by_companion_keeps_floor_stage() -> None:  # S4629-2019 ends SENATE_FLOOR
    cell = ("2020-01-08|SENATE|REFERRED TO JUDICIARY ;; 2020-01-21|SENATE|ADVANCED TO THIRD READING ;; "
            "2020-07-21|SENATE|SUBSTITUTED BY A4770A")
    assert ny(cell) == "on_floor"


def test_passed_and_referred_in_other_house_is_passed_one_chamber() -> None:
    cell = ("2019-01-14|ASSEMBLY|REFERRED TO HEALTH ;; 2019-02-11|ASSEMBLY|REPORTED ;; "
            "2019-05-01|ASSEMBLY|PASSED ASSEMBLY ;; 2019-05-01|ASSEMBLY|DELIVERED TO SENATE ;; "
            "2019-05-01|SENATE|REFERRED TO HEALTH")
    assert ny(cell) == "passed_one_chamber"


def test_died_in_other_house_returns_to_origin_floor() -> None:  # A1148-2019 ends ASSEMBLY_FLOOR
    cell = ("2019-03-28|ASSEMBLY|PASSED ASSEMBLY ;; 2019-03-28|ASSEMBLY|DELIVERED TO SENATE ;; "
            "2019-03-28|SENATE|REFERRED TO HEALTH ;; 2020-01-08|SENATE|DIED IN SENATE ;; "
            "2020-01-08|SENATE|RETURNED TO ASSEMBLY ;; 2020-01-08|ASSEMBLY|ORDERED TO THIRD READING CAL.55")
    assert ny(cell) == "on_floor"


def test_died_in_other_house_returns_senate_bill_to_committee() -> None:  # S1455-2019 in year two
    cell = ("2019-03-27|SENATE|PASSED SENATE ;; 2019-03-27|SENATE|DELIVERED TO ASSEMBLY ;; "
            "2019-03-27|ASSEMBLY|REFERRED TO HEALTH ;; 2020-01-08|ASSEMBLY|DIED IN ASSEMBLY ;; "
            "2020-01-08|ASSEMBLY|RETURNED TO SENATE ;; 2020-01-08|SENATE|REFERRED TO HEALTH")
    assert ny(cell) == "in_committee"


def test_recalled_and_restored_to_third_reading_must_pass_again() -> None:  # S1198-2023
    cell = ("2024-03-25|SENATE|PASSED SENATE ;; 2024-03-25|SENATE|DELIVERED TO ASSEMBLY ;; "
            "2024-03-25|ASSEMBLY|REFERRED TO HEALTH ;; 2024-05-13|SENATE|RECALLED FROM ASSEMBLY ;; "
            "2024-05-13|ASSEMBLY|RETURNED TO SENATE ;; "
            "2024-05-13|SENATE|VOTE RECONSIDERED - RESTORED TO THIRD READING ;; "
            "2024-05-13|SENATE|AMENDED ON THIRD READING 1198A")
    assert ny(cell) == "on_floor"
    assert ny(cell + " ;; 2024-05-29|SENATE|REPASSED SENATE") == "passed_one_chamber"


def test_passed_both_houses_then_delivered_then_signed() -> None:
    base = ("2024-05-14|ASSEMBLY|PASSED ASSEMBLY ;; 2024-05-14|ASSEMBLY|DELIVERED TO SENATE ;; "
            "2024-05-14|SENATE|REFERRED TO HEALTH ;; 2024-05-30|SENATE|SUBSTITUTED FOR S3283A ;; "
            "2024-05-30|SENATE|3RD READING CAL.166 ;; 2024-05-30|SENATE|PASSED SENATE ;; "
            "2024-05-30|SENATE|RETURNED TO ASSEMBLY")
    assert ny(base) == "passed_both"
    assert ny(base + " ;; 2024-12-12|ASSEMBLY|DELIVERED TO GOVERNOR") == "sent_to_governor"
    assert ny(base + " ;; 2024-12-12|ASSEMBLY|DELIVERED TO GOVERNOR ;; 2024-12-20|ASSEMBLY|SIGNED CHAP.287") == "enacted"


def test_vetoed_then_tabled_stays_vetoed() -> None:  # A3409-2021
    cell = ("2022-06-01|SENATE|PASSED SENATE ;; 2022-12-12|ASSEMBLY|DELIVERED TO GOVERNOR ;; "
            "2022-12-23|ASSEMBLY|VETOED MEMO.141 ;; 2022-12-23|ASSEMBLY|TABLED")
    assert ny(cell) == "vetoed"


def test_enacting_clause_stricken_is_withdrawn_even_with_recommit() -> None:  # S1342-2019
    assert ny("2019-01-14|ASSEMBLY|REFERRED TO HEALTH ;; 2020-01-28|ASSEMBLY|ENACTING CLAUSE STRICKEN") == "withdrawn"
    assert ny("2020-01-08|SENATE|REFERRED TO HEALTH ;; 2020-01-09|SENATE|RECOMMIT, ENACTING CLAUSE STRICKEN") == "withdrawn"


# ------------------------------------------------------------------ machine rules
def _acts(*specs: tuple[str, list[str]]) -> list[dict[str, object]]:
    return [{"chamber": ch, "classification": labels, "date": f"2025-01-{i + 1:02d}"}
            for i, (ch, labels) in enumerate(specs)]


def test_a_lost_vote_fails_but_reconsideration_revives() -> None:
    acts = _acts(("lower", ["referral-committee"]), ("lower", ["failure"]))
    assert derive_stage(acts).stage == "failed"
    acts += _acts(("lower", ["passage"]))
    res = derive_stage(acts)
    assert res.stage == "passed_one_chamber" and res.stages == ["in_committee", "failed", "passed_one_chamber"]


def test_veto_override_enacts() -> None:
    acts = _acts(("lower", ["passage"]), ("upper", ["passage"]), ("executive", ["executive-veto"]),
                 ("lower", ["veto-override-passage"]))
    assert derive_stage(acts).stage == "enacted"


def test_line_item_veto_is_still_enacted() -> None:
    acts = _acts(("lower", ["passage"]), ("upper", ["passage"]), ("executive", ["executive-veto-line-item"]))
    assert derive_stage(acts).stage == "enacted"


def test_session_end_kills_unfinished_bills_only() -> None:
    in_committee = _acts(("lower", ["introduction", "referral-committee"]))
    assert derive_stage(in_committee).stage == "in_committee"
    dead = derive_stage(in_committee, session_ended=True)
    assert dead.stage == "failed" and dead.reason == "session ended"
    assert derive_stage(in_committee, session_end="2025-06-30", as_of="2025-07-01").stage == "failed"
    assert derive_stage(in_committee, session_end="2025-06-30", as_of="2025-03-01").stage == "in_committee"
    passed = _acts(("lower", ["passage"]), ("upper", ["passage"]))
    assert derive_stage(passed, session_ended=True).stage == "passed_both"  # governor may still act


def test_nebraska_one_house_passage_passes_the_legislature() -> None:
    acts = [{"chamber": "legislature", "classification": ["introduction"]},
            {"chamber": "legislature", "classification": ["referral-committee"]},
            {"chamber": "legislature", "classification": ["passage"]}]
    res = derive_stage(acts, bicameral=False)
    assert res.stage == "passed_both" and not res.complete
    assert requirements_for(["bill"], state="ne") == Requirements(1, True)


def test_simple_resolution_adopted_by_its_one_house_is_complete() -> None:
    req = requirements_for(["resolution"], identifier="HR 12", state="wa")
    assert req == Requirements(1, False)
    res = derive_stage(_acts(("lower", ["introduction"]), ("lower", ["passage"])), requirements=req)
    assert res.stage == "passed_both" and res.complete


def test_joint_memorial_needs_both_houses_but_no_governor() -> None:
    req = requirements_for(["joint memorial"], identifier="SJM 8004", state="wa")
    assert req == Requirements(2, False)
    one = derive_stage(_acts(("upper", ["passage"])), requirements=req)
    assert one.stage == "passed_one_chamber" and not one.complete
    assert requirements_for(["bill"], identifier="HJR 1002", state="co") == Requirements(2, False)
    assert requirements_for(["bill"], identifier="HB 1009", state="wa") == Requirements(2, True)


def test_passage_message_names_the_house_that_passed() -> None:
    # VT S.197: the Senate journal records the House's passage
    acts = [{"chamber": "upper", "classification": ["passage"], "description": "Read 3rd time & passed"},
            {"chamber": "upper", "classification": ["passage"],
             "description": "House message: House passed bill in concurrence with proposal(s) of amendment"}]
    assert derive_stage(acts).stage == "passed_both"


def test_bad_actions_are_named() -> None:
    with pytest.raises(StageInputError, match="action #2"):
        derive_stage([{"classification": []}, "REFERRED"])  # type: ignore[list-item]
    with pytest.raises(StageInputError, match="classification must be a list"):
        derive_stage([{"classification": 3}])
    assert derive_stage([]).stage == "introduced"


# ------------------------------------------------------------------ NY status table
@pytest.mark.parametrize(
    ("status", "chamber", "stage"),
    [
        ("IN_ASSEMBLY_COMM", "ASSEMBLY", "in_committee"),
        ("IN_SENATE_COMM", "ASSEMBLY", "passed_one_chamber"),
        ("SENATE_FLOOR", "SENATE", "on_floor"),
        ("ASSEMBLY_FLOOR", "SENATE", "passed_one_chamber"),
        ("PASSED_SENATE", "SENATE", "passed_one_chamber"),
        ("PASSED_SENATE", "ASSEMBLY", "passed_both"),
        ("DELIVERED_TO_GOV", "SENATE", "sent_to_governor"),
        ("SIGNED_BY_GOV", "ASSEMBLY", "enacted"),
        ("VETOED", "ASSEMBLY", "vetoed"),
        ("STRICKEN", "SENATE", "withdrawn"),
    ],
)
def test_ny_status_table(status: str, chamber: str, stage: str) -> None:
    assert ny_status_to_stage(status, chamber) == stage


def test_ny_status_table_rejects_unknown_values() -> None:
    with pytest.raises(ActionSourceError, match="unknown NY status 'MAYBE'"):
        ny_status_to_stage("MAYBE", "SENATE")
    with pytest.raises(ActionSourceError, match="SENATE or ASSEMBLY"):
        ny_status_to_stage("VETOED", "COUNCIL")
    with pytest.raises(ActionSourceError, match="action #1"):
        parse_ny_actions("2020-01-01 REFERRED TO HEALTH")


def test_ny_status_accuracy_on_the_recorded_bills(fixtures: Path) -> None:
    path = fixtures / "labels" / "ny_health_insurance_bills_status_actions_2019-2023.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    right = sum(
        classify_and_stage(parse_ny_actions(r["actions"]), state="ny").stage == ny_status_to_stage(r["status"], r["chamber"])
        for r in rows
    )
    assert len(rows) > 8000
    assert right / len(rows) >= 0.97


# ------------------------------------------------------------------ fixture bills
def _bill(fixtures: Path, rel: str) -> dict:
    return json.loads((fixtures / rel).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("rel", "stage", "complete"),
    [
        ("openstates/vt/VT_2025-2026_S197_primary_care_reform_signed_metadata.json", "enacted", True),
        ("openstates/vt/VT_2025-2026_S190_reference_based_pricing_vetoed_metadata.json", "vetoed", False),
        ("openstates/wa/WA_2025-2026_HB1009_metadata.json", "enacted", True),
        ("openstates/wa/WA_2025-2026_SJM8004_metadata.json", "passed_both", True),
        ("openstates/wa/WA_2025-2026_HB1445_metadata.json", "in_committee", False),
        ("openstates/nm/NM_2025S1_HB2_metadata.json", "enacted", True),
        ("openstates/co/CO_2026A_HJR1002_metadata_NONHEALTH.json", "passed_both", True),
        ("openstates/co/CO_2025B_HB1007_metadata.json", "failed", False),
        ("openstates/ma/MA_194th_S860_metadata.json", "in_committee", False),
    ],
)
def test_open_states_fixture_bills(fixtures: Path, rel: str, stage: str, complete: bool) -> None:
    res = stage_for_openstates_bill(_bill(fixtures, rel))
    assert (res.stage, res.complete) == (stage, complete)
    assert len(res.stages) == len(_bill(fixtures, rel)["actions"])


def test_newest_first_actions_are_put_in_order(fixtures: Path) -> None:
    res = stage_for_openstates_bill(_bill(fixtures, "openstates/co/CO_2026A_HJR1002_metadata_NONHEALTH.json"))
    assert res.stages[0] == "introduced" and res.passed == ("lower", "upper")


@pytest.mark.parametrize("name", ["legiscanrr_dataset_bill_HB1.json", "legiscanrr_dataset_bill_HB3.json"])
def test_legiscan_bills_agree_with_legiscan_status(fixtures: Path, name: str) -> None:
    from statecare.nlp.stage.sources import LEGISCAN_STATUS_TABLE

    data = _bill(fixtures, f"legiscan/{name}")
    res = stage_for_legiscan_bill(data)
    assert res.stage == LEGISCAN_STATUS_TABLE[data["bill"]["status"]] == "passed_one_chamber"
    chambers = [a["chamber"] for a in legiscan_actions(data)]
    assert chambers[0] == "lower" and chambers[-1] == "upper"  # followed through "TRANSMITTED TO (S)"
