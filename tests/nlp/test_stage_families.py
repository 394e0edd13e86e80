"""Phrasing families of issue 11, each drawn from real actions of shared/national (state named),
read by the general rules alone (every state as never seen) and, where it matters, through the
stage machine's furthest milestone."""

from __future__ import annotations

import pytest

from statecare.nlp.actions.classifier import ActionClassifier
from statecare.nlp.stage.machine import derive_stage

NEVER_SEEN = ActionClassifier(use_state_rules=False)


def labels(text: str, chamber: str = "lower") -> set[str]:
    return set(NEVER_SEEN.classify(text, "zz", chamber))


@pytest.mark.parametrize("text", [
    "Passed 1st Reading",  # NC
    "Introduced, Passed on First Consideration",  # TN
    "Senate/ passed 2nd reading",  # UT
    "Passed on Second Consideration, refer to Senate Calendar Committee",  # TN
])
def test_intermediate_readings_are_not_passage(text: str) -> None:
    got = labels(text)
    assert "passage" not in got
    assert got & {"reading-1", "reading-2"}


@pytest.mark.parametrize("text", [
    "Senate/ passed 2nd & 3rd readings/ suspension",  # UT: both readings at once is passage
    "Read third time and sent to Senate",  # SC: final passage worded without "passed"
    "Read third time and returned to House with amendments",  # SC
    "House Read and Adopted",  # GA resolution
    "Introduced and adopted",  # SC resolution
    "Third reading, passed; yeas, 78; nays, 18; absent, 0; excused, 2.",  # WA
    "Aprobado por el Senado en votación final",  # PR
    "Aprobado por Cámara en votación final",  # PR
])
def test_final_passage(text: str) -> None:
    assert "passage" in labels(text)


@pytest.mark.parametrize("text", [
    "Referido a comisión(es)",  # PR
    "To Committee on Committees (H)",  # KY
    "To Health and Human Resources then Finance",  # WV
    "First Reading Health and Government Operations",  # MD
    "Senate Read and Referred",  # GA
    "P2C, ref. to Health Committee",  # TN
    "Ref to Com On Rules and Operations of the Senate",  # NC
    "Ref To The Com On Appropriations, if favorable, Rules, Calendar, and Operations of the House",  # NC
])
def test_referral_wordings(text: str) -> None:
    assert "referral-committee" in labels(text)


@pytest.mark.parametrize("text", [
    "LFA/ bill assigned to staff for fiscal analysis for HB0012",  # UT: an office, not a committee
    "To Governor",  # KY-style delivery is a receipt, not a referral
    "To the Governor",
    "To Senate",
])
def test_not_referrals(text: str) -> None:
    assert "referral-committee" not in labels(text)


@pytest.mark.parametrize("text", [
    "Subcommittee recommends passage.",  # IA
    "Committee report, approving bill.",  # IA
    "Rec. for pass by s/c ref. to  Insurance Committee",  # TN
    "Bill reported favorably by committee and referred to the committee on Health Care Financing",  # MA
    "Report passage recommended by Committee on Health, Aging and Long-Term Care, Ayes 8, Noes 0",  # WI
    "Reptd Fav",  # NC
    "(H) Committee Executive Action--Bill Passed as Amended - (H) Business and Labor",  # MT
])
def test_favourable_reports(text: str) -> None:
    got = labels(text)
    assert "committee-passage-favorable" in got
    assert "passage" not in got  # a committee's vote is not the house's


def test_referral_naming_later_committees_if_favorable_is_not_a_report() -> None:
    # NC: "if favorable" names where the bill goes next; no committee has reported yet
    got = labels("Ref To The Com On Health, if favorable, Insurance, if favorable, Finance")
    assert "referral-committee" in got
    assert not got & {"committee-passage", "committee-passage-favorable"}


@pytest.mark.parametrize(("text", "label"), [
    ("action postponed indefinitely", "failure"),  # NM
    ("(S) 2nd Reading Indefinitely Postponed", "failure"),  # MT
    ("Died in House Committee at Sine Die adjournment.", "committee-failure"),  # AR
    ("(S) Tabled in Committee - (S) Judiciary", "committee-failure"),  # MT
    ("H:Died in Committee Returned Bill Pursuant to HR 5-4", "committee-failure"),  # WY
])
def test_deaths_in_a_states_own_words(text: str, label: str) -> None:
    assert label in labels(text)


@pytest.mark.parametrize("text", [
    "Reported as committed",  # PA
    "Placed on General File with AM123",  # NE
])
def test_neutral_reports(text: str) -> None:
    assert "committee-passage" in labels(text)


@pytest.mark.parametrize("text", [
    "Notification that HB1048 is now Act 123",  # AR
    "Act 45",  # GA
    "Assigned Chapter Number 12",  # WY
    "Chapter Number Assigned",  # MT
    "Public Law 12",  # IN
    "Public Act . . . . . . . . . 104-0015",  # IL
    "Ch. SL 2025-12",  # NC
    "delivered to Secretary of State (Acts Ch. 12)",  # KY
])
def test_laws_announced_by_number(text: str) -> None:
    assert "became-law" in labels(text)


def test_deadline_is_not_a_reading() -> None:
    # IL: a calendar deadline names the third reading without the bill being read
    assert "reading-3" not in labels("Rule 2-10 Committee/3rd Reading Deadline Established As May 31, 2025")


def _furthest(texts: list[str]) -> str:
    acts = [{"description": t, "chamber": "lower", "classification": NEVER_SEEN.classify(t, "zz", "lower")}
            for t in texts]
    return derive_stage(acts).furthest


def test_favourable_report_that_refers_on_reached_the_floor() -> None:
    # MA: reported favourably and sent on to the next committee in one action
    assert _furthest([
        "Introduced",
        "Referred to the committee on Health Care Financing",
        "Bill reported favorably by committee and referred to the committee on House Ways and Means",
    ]) == "on_floor"


def test_neutral_report_and_referral_stays_in_committee() -> None:
    # NJ: "Reported and Referred to" the next committee never reached the floor
    assert _furthest([
        "Introduced in the Assembly, Referred to Assembly Military and Veterans' Affairs Committee",
        "Reported and Referred to Assembly Appropriations Committee",
    ]) == "in_committee"


def test_intermediate_reading_keeps_the_bill_short_of_passage() -> None:
    # TN: first and second consideration are readings, not the house's vote; the second one refers
    # the bill to its committee in the same action, so it ends there (the roll-up's
    # reading_into_committee correction reads it the same way)
    assert _furthest([
        "Filed for introduction",
        "Introduced, Passed on First Consideration",
        "Passed on Second Consideration, refer to Senate Health and Welfare Committee",
    ]) == "in_committee"


def _stages(texts: list[str]) -> list[str]:
    acts = [{"description": t, "chamber": "lower", "classification": NEVER_SEEN.classify(t, "zz", "lower")}
            for t in texts]
    return derive_stage(acts).stages


@pytest.mark.parametrize("texts", [
    # AR, verbatim: the second reading comes before the committee, in the same action
    ["Filed", "Read the first time, rules suspended, read the second time and referred to the Committee on "
              "PUBLIC HEALTH, WELFARE AND LABOR - HOUSE"],
    ["Filed", "Read first time, rules suspended, read second time, referred to AGRICULTURE, FORESTRY & ECONOMIC "
              "DEVELOPMENT - SENATE"],
    # CA: amended on second reading and sent back to a committee
    ["Introduced. Read first time. To Com. on RLS. for assignment. To print.", "Referred to Com. on HEALTH.",
     "From committee with author's amendments. Read second time and amended. Re-referred to Com. on APPR."],
    # AR: an amendment read while the bill stays in its committee
    ["Filed", "Read the first time, rules suspended, read the second time and referred to the Committee on "
              "PUBLIC HEALTH, WELFARE AND LABOR - HOUSE", "Placed on second reading for the purpose of amendment."],
])
def test_read_and_referred_ends_in_committee(texts: list[str]) -> None:
    stages = _stages(texts)
    assert stages[-1] == "in_committee", stages
    assert derive_stage([{"description": t, "chamber": "lower",
                          "classification": NEVER_SEEN.classify(t, "zz", "lower")} for t in texts]).furthest \
        == "in_committee"


@pytest.mark.parametrize("texts", [
    # near misses: the reading named after the referral (NV), and a plain second reading (AR) are floor steps
    ["Filed", "In Senate.Read first time. Referred to Committee on Revenue and Economic Development. To committee."
              "From committee: Do pass.Placed on Second Reading File."],
    ["Filed", "Read the first time, rules suspended, read the second time and referred to the Committee on "
              "PUBLIC HEALTH, WELFARE AND LABOR - HOUSE", "Returned from committee with recommendation do pass",
     "Read the second time"],
])
def test_reading_after_the_referral_is_on_the_floor(texts: list[str]) -> None:
    assert _stages(texts)[-1] == "on_floor"
