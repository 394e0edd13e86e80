"""Second round of phrasing families for issue 11's leave-one-state-out target (see
test_action_families_loso.py for the first). Every text is verbatim from shared/national (state
named), read by the general rules alone, every state as never seen. Each family is a reading of
what the words say in any legislature; the negative cases guard it against the nearest wording
that means something else."""

from __future__ import annotations

import pytest

from statecare.nlp.actions.classifier import ActionClassifier

NEVER_SEEN = ActionClassifier(use_state_rules=False)


def labels(text: str, chamber: str = "lower") -> set[str]:
    return set(NEVER_SEEN.classify(text, "zz", chamber))


@pytest.mark.parametrize("text", [
    "Senate Do Pass , Passed, YEAS 34, NAYS 0 S.J. 83",  # SD: the whole Senate's final vote
    "Senate Do Pass Amended , Passed, YEAS 34, NAYS 0 S.J. 481",  # SD
    "House of Representatives Do Pass , Passed, YEAS 65, NAYS 0 H.J. 262",  # SD
])
def test_whole_chamber_do_pass_is_floor_passage(text: str) -> None:
    got = labels(text)
    assert "passage" in got
    assert "committee-passage-favorable" not in got


def test_a_committee_do_pass_stays_a_committee_report() -> None:
    # SD: the same shape with a committee's name is that committee's report, not the floor vote
    got = labels("Judiciary Do Pass , Passed, YEAS 7, NAYS 0", "upper")
    assert "committee-passage-favorable" in got
    assert "passage" not in got


@pytest.mark.parametrize("text", [
    "House of Representatives Deferred to another day , Passed, H.J. 128",  # SD: the motion to defer passed
    "Senate Deferred to another day , Passed, S.J. 373",  # SD
    "Certified uncontested, placed on consent , Passed, S.J. 1",  # SD: the motion to place on consent
    "Action Calendar: Third Reading",  # VT: a calendar listing
])
def test_motions_and_listings_are_not_passage(text: str) -> None:
    assert "passage" not in labels(text)


@pytest.mark.parametrize("text", [
    "Notice Calendar: Favorable with Amendment",  # VT: the calendar lists a report made elsewhere
    "Action Calendar: Favorable with Amendment",  # VT
    "Action Calendar: Governor’s Veto",  # VT: the veto is listed for an override vote
])
def test_calendar_listings_are_not_actions(text: str) -> None:
    got = labels(text)
    assert not got & {"committee-passage-favorable", "committee-passage", "executive-veto", "passage"}


@pytest.mark.parametrize("text", [
    "Presented, ordered printed (HJ4001)",  # VA: laid before the house for the first time
    "Presented and laid on Speaker's table 26200070D",  # VA
])
def test_presented_to_the_house_is_introduction(text: str) -> None:
    assert "introduction" in labels(text)


def test_presented_to_the_governor_is_not_introduction() -> None:
    got = labels("Presented to Governor on  May 14, 2025", "executive")  # NE
    assert "introduction" not in got
    assert "executive-receipt" in got


@pytest.mark.parametrize("text", [
    "First reading: adopted voice vote",  # IN: a resolution adopted when read
    "First reading: adopted",  # IN
    "Second reading: adopted Roll Call 35: yeas 93, nays 0",  # IN
])
def test_resolution_adopted_on_a_reading_is_passage(text: str) -> None:
    assert "passage" in labels(text)


@pytest.mark.parametrize("text", [
    "Senate/ signed by President/ returned to House",  # UT: the presiding officer's signature
    "House/ signed by Speaker/ sent for enrolling",  # UT
])
def test_presiding_officer_signature_after_a_slash_is_passage(text: str) -> None:
    assert "passage" in labels(text)


@pytest.mark.parametrize("text", [
    "(H) Committee Report--Bill Passed - (H) Appropriations",  # MT: the committee passed it
    "(S) Committee Report--Bill Passed - (S) Judiciary",  # MT
])
def test_committee_report_bill_passed_is_a_committee_report(text: str) -> None:
    got = labels(text)
    assert "committee-passage-favorable" in got
    assert "passage" not in got


@pytest.mark.parametrize("text", [
    "House Floor Amendment No. 1 Referred to Rules Committee",  # IL: the amendment goes to committee
    "Senate Committee Amendment No. 1 Motion to Concur Referred to Rules Committee",  # IL
])
def test_an_amendment_referred_is_not_the_bill_referred(text: str) -> None:
    assert "referral-committee" not in labels(text)


def test_the_bill_referred_is_still_a_referral() -> None:
    assert "referral-committee" in labels("Referred to Rules Committee")  # IL


@pytest.mark.parametrize("text", [
    "Approved by the Governor - Chapter 437",  # MD
    "Approved by the Governor. Chapter 5.",  # NV
    "signed by Governor (Acts Ch. 27)",  # KY
    "Signed by the Governor, Chapter 5 of the Acts of 2025",  # MA
])
def test_chapter_on_the_governors_signature_is_the_signature(text: str) -> None:
    assert labels(text, "executive") == {"executive-signature"}


@pytest.mark.parametrize("text", [
    "Chapter 22.",  # NV: a law announced by its chapter number alone
    "SIGNED CHAP.287",  # NY
])
def test_a_chapter_number_alone_is_still_law(text: str) -> None:
    assert "became-law" in labels(text, "executive")


@pytest.mark.parametrize("text", [
    "Reported out of Senate Committee, 2nd Reading",  # NJ: the committee sends the bill to the floor
    "Reported out of Senate Committee with Amendments, 2nd Reading",  # NJ
    "Reported Out of Committee (Administration) in House with 5 On Its Merits",  # DE
])
def test_reported_out_of_committee_is_a_committee_report(text: str) -> None:
    assert "committee-passage" in labels(text)


@pytest.mark.parametrize("text", [
    "Reported out of committee; to 14th Order for amendment",  # ID: announces a report made elsewhere
])
def test_a_bare_reported_out_line_is_not_a_report(text: str) -> None:
    assert "committee-passage" not in labels(text)


def test_the_house_adopting_ought_to_pass_passes_the_bill() -> None:
    got = labels("Ought to Pass: MA, VV; OT3rdg; 04/17/2025;  SJ 10", "upper")  # NH
    assert {"passage", "committee-passage-favorable"} <= got


def test_the_house_adopting_inexpedient_to_legislate_kills_the_bill() -> None:
    assert "failure" in labels("Inexpedient to Legislate: MA VV 02/20/2025  HJ 6  P. 5")  # NH
    # the committee's own (minority) report is not the house's decision
    assert "failure" not in labels("Minority Committee Report: Inexpedient to Legislate")


def test_a_bare_named_committee_reported_out_line_is_not_a_report() -> None:
    assert "committee-passage" not in labels("Reported out of Education & Employment Committee")  # FL


def test_ought_to_pass_with_amendment_adopted_by_roll_call_is_passage() -> None:
    assert "passage" in labels("Ought to Pass with Amendment 2025-0695h: MA RC 212-161 03/20/2025  HJ 9  P. 28")  # NH


@pytest.mark.parametrize("text", ["Holdcroft AM682 withdrawn", "McKinney AM1116 withdrawn"])  # NE: an amendment
def test_a_numbered_amendment_withdrawn_is_not_the_bill_withdrawn(text: str) -> None:
    assert "withdrawal" not in labels(text, "legislature")


def test_both_presiding_officers_of_a_one_house_legislature_sign_its_passage() -> None:
    assert "passage" in labels("President/Speaker signed", "legislature")  # NE
    # a chamber's own entry naming both officers certifies the enrolled bill (IA), not a vote
    got = labels("Reported correctly enrolled, signed by Speaker and President, and sent to Governor.")
    assert "passage" not in got


@pytest.mark.parametrize("text", ["Re-reported as committed", "Re-reported as amended"])  # PA
def test_re_reported_is_a_committee_report(text: str) -> None:
    assert "committee-passage" in labels(text)


def test_referred_naming_the_committee_without_to_is_a_referral() -> None:
    assert "referral-committee" in labels("Referred Finance", "upper")  # MD
    assert "referral-committee" not in labels("Referred for engrossment")  # OK: to the clerk, not a committee


def test_abbreviations_of_withdrawn_and_presented_to_governor() -> None:
    assert "withdrawal" in labels("W/D")  # AZ
    assert "executive-receipt" in labels("Pres. To Gov. 7/1/2025", "executive")  # NC


def test_an_effective_date_same_as_passage_is_not_the_law() -> None:
    assert "became-law" not in labels("(S) EFFECTIVE DATE(S) SAME AS PASSAGE", "upper")  # AK


def test_spanish_withdrawn_by_its_author() -> None:
    assert "withdrawal" in labels("Retirada por su Autor", "legislature")  # PR
    # an appointment withdrawn by the governor is not the bill withdrawn
    assert "withdrawal" not in labels("Nombramiento retirado por la Gobernadora", "legislature")  # PR
