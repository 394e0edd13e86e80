"""Phrasing families added for issue 11's leave-one-state-out target, each drawn verbatim from real
actions of shared/national (state named), read by the general rules alone (every state as never
seen). Each family is a general reading of legislative wording, not one state's label habit: the
negative cases guard the plain meaning against the nearest wording that means something else."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from statecare.nlp.actions.classifier import ActionClassifier

NEVER_SEEN = ActionClassifier(use_state_rules=False)


def labels(text: str, chamber: str = "lower") -> set[str]:
    return set(NEVER_SEEN.classify(text, "zz", chamber))


@pytest.mark.parametrize("text", [
    "House Hopper",  # GA: a bill dropped in the hopper is introduced
    "Senate Hopper",  # GA
    "Radicado",  # PR: filed with the chamber's secretary
    "Intro., P1C.",  # TN abbreviation
    "Intro., ref. to Health Committee",  # TN
])
def test_introduction_vocabulary(text: str) -> None:
    assert "introduction" in labels(text)


def test_committee_substitute_radicado_is_not_a_new_bill() -> None:
    # PR: a committee's substitute text "radicado por comisión(es)" is not the bill's introduction
    assert "introduction" not in labels("Proyecto Sustitutivo radicado por Comisión(es)")


@pytest.mark.parametrize("text", [
    "(H) 2nd Reading Passed",  # MT: an intermediate (voice) vote on second reading
    "(S) 2nd Reading Passed",  # MT
    "H 2nd Reading:Passed",  # WY
    "Second Reading Passed with Amendments",  # MD
    "Favorable Adopted Second Reading Passed",  # MD
    "H COW:Passed",  # WY: the committee of the whole, not the house's final vote
    "Received from the House passed; filed for first reading",  # ID: the other house's message
    "Returned from Senate Passed; to JRA for Enrolling",  # ID
    "Returned from the Senate as passed.",  # AR
    "Returned Passed",  # MD
    "(S) BEFORE SENATE ON FINAL PASSAGE",  # AK: the bill is before the house, no vote yet
    "Passed Both Houses",  # IL: a summary line, the votes are recorded on their own
    "Committee Report recommending bill be passed as amended by Committee on Commerce, Labor and Economic Development",  # KS
])
def test_not_a_chamber_passage(text: str) -> None:
    assert "passage" not in labels(text)


@pytest.mark.parametrize("text", [
    "Second reading, passed, yeas 47 nays 0",  # ND: a second reading with a roll call is the final vote
    "(S) 3rd Reading Concurred",  # MT: the second house's final vote
    "Agreed to by House by voice vote",  # VA resolution
    "Agreed to by Senate by voice vote (Voice Vote)",  # VA
    "Signed by H. Speaker",  # TN: the presiding officer's signature (the general rule's reading)
    "Signed by Senate Speaker",  # TN
    "(S) Signed by President",  # MT
    "enrolled, signed by Speaker of the House",  # KY
    "Reported Enrolled; Signed by Speaker; Transmitted to Senate",  # ID
])
def test_chamber_passage(text: str) -> None:
    assert "passage" in labels(text)


def test_both_officers_signing_is_not_one_house_passing() -> None:
    # IA: one entry for both presiding officers certifies the enrolled bill
    assert "passage" not in labels("Reported correctly enrolled, signed by Speaker and President")


@pytest.mark.parametrize("text", [
    "Committee Report recommending bill be passed by Committee on Judiciary",  # KS
    "S COW:Passed",  # WY
])
def test_favourable_report_wordings(text: str) -> None:
    assert "committee-passage-favorable" in labels(text)


@pytest.mark.parametrize("text", [
    "Referred: Emerging Issues(H)",  # MO
    "Senate/ to standing committee [Senate Education Committee]",  # UT
    "To House Judiciary",  # WV
    "House Withdrawn, Recommitted",  # GA
])
def test_referral_wordings(text: str) -> None:
    assert "referral-committee" in labels(text)


@pytest.mark.parametrize("text", [
    "TO BE ENROLLED",  # AR
    "Introduced, read first time, referred to JRA for Printing",  # ID: the printer is not a committee
    "Referred to the Senate",  # IN: a house is not a committee
    "Added to Select Committee on Property Taxes agenda",  # FL: an agenda, not a referral
])
def test_not_referrals(text: str) -> None:
    assert "referral-committee" not in labels(text)


@pytest.mark.parametrize("text", [
    "Taken from General File. Placed on General File for next legislative day.",  # NV: floor business
])
def test_not_committee_reports(text: str) -> None:
    assert "committee-passage" not in labels(text)


def test_committee_orders_to_reading_are_reports() -> None:
    # CA: the committee sends the bill to the floor
    assert "committee-passage" in labels("From committee: Be ordered to second reading pursuant to Senate Rule 28.8.")


@pytest.mark.parametrize("text", [
    "Withdrawn From Com",  # NC abbreviation: discharged from committee, not withdrawn by its sponsor
    "Withdrawn From Cal",  # NC
    "Withdrawn from Rules Committee",  # OK
])
def test_withdrawn_from_committee_is_not_withdrawal(text: str) -> None:
    assert "withdrawal" not in labels(text)


def test_died_in_process_is_a_death() -> None:
    assert "failure" in labels("(LC) Draft Died in Process", "legislature")  # MT


def test_presiding_officer_signing_does_not_hide_the_governor_receipt() -> None:
    got = labels("Returned Signed by the President; Ordered Transmitted to Governor", "upper")  # ID
    assert "executive-receipt" in got
    assert "executive-signature" not in got


def _rows(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(("state", "family"), [("ga", {"house hopper", "senate hopper"}), ("pr", {"radicado"})])
def test_recorded_introductions_read_without_state_rules(shared: Path, state: str, family: set[str]) -> None:
    """Every recorded action of the family is read as introduction, as Open States labels it."""
    rows = [r for f in sorted((shared / "national" / state).glob("*/actions.csv.gz")) for r in _rows(f)
            if r["description"].strip().lower() in family]
    assert len(rows) > 100, f"expected the {state.upper()} family {sorted(family)} in the recording"
    got = NEVER_SEEN.classify_actions([r["description"] for r in rows], state, [r["chamber"] for r in rows])
    assert all("introduction" in g for g in got)
    assert all("introduction" in r["classification"].split("|") for r in rows)
