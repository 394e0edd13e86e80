"""Stage, final round: bills the stage machine still put at the wrong stage, read on the recorded actions.

Every wording is verbatim from shared/national/<st>/<session>/ (bills.jsonl.gz for health bills,
actions.csv.gz for the others), file and bill in a comment; the near misses are recorded wordings
(or sessions) that must not change. docs/nlp-stage.md ("Final round") gives the counts.
"""

from __future__ import annotations

import csv
import gzip
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_action_families_loso_8 import labels, recorded_bill  # noqa: E402 - the eighth round's helpers

from statecare.legis import sessions
from statecare.legis.chambers import chamber_named_in
from statecare.legis.measures import Requirements
from statecare.legis.vetoes import veto_end
from statecare.nlp.actions.classifier import ActionClassifier
from statecare.nlp.stage.machine import derive_stage, rescinded_house
from statecare.nlp.stage.sources import classify_and_stage, stage_for_openstates_bill

_NEVER_SEEN = ActionClassifier(use_state_rules=False)


@cache
def _actions(path: str) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["bill"], []).append(row)
    return out


def recorded_actions(shared: Path, state: str, folder: str, identifier: str) -> list[dict[str, str]]:
    """Any bill's actions from actions.csv.gz, in the recorded order (date, chamber, description)."""
    rows = sorted(_actions(str(shared / "national" / state / folder / "actions.csv.gz"))[identifier],
                  key=lambda r: int(r["order"]))
    return [{"date": r["date"][:10], "chamber": r["chamber"], "description": r["description"]} for r in rows]


def stage_at(result: object, actions: list[dict], text: str) -> str:
    """The stage the machine gave right after the (last) action with these words."""
    i = max(k for k, a in enumerate(actions) if a["description"] == text)
    return result.stages[i]  # type: ignore[attr-defined]


# ------------------------------------------------------------------ a vote rescinded is not a vote passing the bill
@pytest.mark.parametrize("text", [
    "Action rescinded whereby the bill was read third time, passed, and to Assembly.",  # ca/20252026 AB898
    "Action rescinded whereby the bill was read third time, urgency clause adopted, passed, and to Assembly.",  # ca AB1255
    "Action rescinded whereby bill was read third time, passed, and ordered to the Senate.",  # ca/20252026 SB351
    "Action rescinded whereby bill was read a third time, passed, and ordered to the Senate.",  # ca/20252026 SB47
])
def test_rescinded_passage_is_not_passage(text: str) -> None:
    got = labels(text, "upper")
    assert not got & {"passage", "reading-3"}


def test_rescinded_referral_is_not_a_referral() -> None:
    # ca/20252026 AB786
    assert "referral-committee" not in labels(
        "Action rescinded whereby the bill was re-referred to Com. on B. & F. pursuant to Assembly Rule 77.2.", "lower")


@pytest.mark.parametrize("text, want", [
    # the vote itself, and the referral itself, stay what they are (ca/20252026 AB898, AB786)
    ("Read third time. Passed. Ordered to the Assembly. (Ayes 40. Noes 0. Page 2672.).", "passage"),
    ("Re-referred to Com. on B. & F. pursuant to Assembly Rule 77.2.", "referral-committee"),
    ("Read third time. Urgency clause adopted. Passed. Ordered to the Assembly. (Ayes 37. Noes 0. Page 2043.).",
     "passage"),  # ca/20252026 AB1255
])
def test_near_rescissions_keep_their_labels(text: str, want: str) -> None:
    assert want in labels(text, "upper")


def test_rescinded_house_is_the_one_not_named_as_destination() -> None:
    assert rescinded_house("Action rescinded whereby the bill was read third time, passed, and to Assembly.",
                           "upper") == "upper"
    # Open States files this Assembly rescission under the Senate (ca/20252026 SB351)
    assert rescinded_house("Action rescinded whereby bill was read third time, passed, and ordered to the Senate.",
                           "upper") == "lower"
    assert rescinded_house("Action rescinded whereby the bill was placed on inactive file.", "lower") is None


def test_rescission_after_both_houses_takes_that_house_back(shared: Path) -> None:
    # ca/20252026 AB898: the Senate passed it second, the Assembly sent it back, the Senate rescinded
    # its vote, amended, and passed it again; before that second vote only the Assembly had passed it
    bill = recorded_bill(shared, "ca", "20252026", "AB898")
    acts = sorted(bill["actions"], key=lambda a: a["date"])
    res = stage_for_openstates_bill(bill, state="ca")
    assert stage_at(res, acts, "Action rescinded whereby the bill was read third time, passed, and to Assembly.") \
        == "passed_one_chamber"
    assert res.stage == "enacted"


# ------------------------------------------------------------------ returned to the house that passed it last
def test_ca_sb626_held_at_assembly_desk_is_not_passed_both(shared: Path) -> None:
    # ca/20252026 SB 626: Senate passed (2025-06-02), Assembly passed with amendments (2025-08-28, Ayes 74),
    # concurrence pending in the Senate, inactive file; 2026-01-12 "Ordered to the Assembly." then
    # "In Assembly. Held at Desk." -- back with the Assembly to reconsider its vote. Its earlier
    # "In Assembly. Read first time. Held at Desk." (2025-06-03) was never read as passage.
    bill = recorded_bill(shared, "ca", "20252026", "SB626")
    res = stage_for_openstates_bill(bill, state="ca")
    assert res.stage == "passed_one_chamber"
    assert res.passed == ("upper",)
    assert res.furthest == "passed_both"  # the Assembly did pass it once
    acts = sorted(bill["actions"], key=lambda a: a["date"])
    assert stage_at(res, acts, "In Assembly. Read first time. Held at Desk.") == "passed_one_chamber"


def test_returned_and_sent_on_with_its_vote_standing(shared: Path) -> None:
    # ca/20252026 AB563: "Ordered to the Senate." / "In Senate. Held at Desk." then "Ordered to the
    # Assembly." without a rescission: the Senate's vote stands, concurrence follows
    bill = recorded_bill(shared, "ca", "20252026", "AB563")
    acts = sorted(bill["actions"], key=lambda a: a["date"])
    res = stage_for_openstates_bill(bill, state="ca")
    assert stage_at(res, acts, "In Senate. Held at Desk.") == "passed_one_chamber"
    assert stage_at(res, acts, "In Assembly.") == "passed_both"
    assert res.stage == "enacted"


def test_origin_house_holding_the_amended_bill_keeps_both_passages(shared: Path) -> None:
    # near miss, id/2025 H 0006: "Returned from the Senate Amended; Held at Desk" is the House of origin
    # receiving the bill for concurrence, not a house taking back its own vote
    acts = recorded_actions(shared, "id", "2025", "H 0006")
    res = classify_and_stage(acts, state="id")
    assert stage_at(res, acts, "House Concurred in Senate Amendments") == "passed_both"
    assert res.stage == "enacted"


# ------------------------------------------------------------------ a house named as where the bill goes back
@pytest.mark.parametrize("text, want", [
    ("Read third time and returned to House with amendments", None),  # sc/2025-2026 H 3497 (Senate)
    ("Adopted, returned to House with concurrence", None),  # sc/2025-2026 H 3002 (Senate)
    ("Senate/ signed by President/ returned to House", "upper"),  # ut/2026 HB 1001
    # near misses: a house named as acting, or as where the bill came from
    ("House/ passed 3rd reading", "lower"),  # ut/2026
    ("Received from Senate; Signed by Speaker; Returned to Senate", "upper"),  # id/2025 S 1001
])
def test_returned_to_names_a_destination(text: str, want: str | None) -> None:
    assert chamber_named_in(text) == want


@pytest.mark.parametrize("state, folder, ident", [
    ("sc", "2025-2026", "H 3497"),  # "Read third time and returned to House with amendments" (Senate)
    ("ok", "2025", "HCR1007"),  # "Adopted, returned to House" (Senate)
])
def test_second_house_passage_worded_returned_to(shared: Path, state: str, folder: str, ident: str) -> None:
    assert stage_for_openstates_bill(recorded_bill(shared, state, folder, ident), state=state).furthest \
        == "passed_both"


# ------------------------------------------------------------------ Nevada: the session's end written on the bill
def test_nv_no_further_action_taken_is_the_session_end(shared: Path) -> None:
    # nv/83 SB109 (actions.csv.gz): exempt from the deadlines, still in committee when the 83rd session
    # adjourned sine die on 2 June 2025; Nevada wrote "(No further action taken.)" the next day
    acts = recorded_actions(shared, "nv", "83", "SB109")
    assert acts[-1]["description"] == "(No further action taken.)"
    res = classify_and_stage(acts, state="nv")  # no session end given: the words say it
    assert (res.stage, res.reason, res.date, res.session_ended) == ("failed", "session ended", "2025-06-03", True)
    # without its last line the bill is alive in committee
    assert classify_and_stage(acts[:-1], state="nv").stage == "in_committee"


def test_nv_no_further_action_taken_after_a_veto_leaves_it_overridable(shared: Path) -> None:
    # nv/83 AB140 (actions.csv.gz): vetoed 2 June 2025, then "(No further action taken.)": Nevada's next
    # session may still override (Const. art. 4 sec. 35), so the veto stands open and the bill is vetoed
    acts = recorded_actions(shared, "nv", "83", "AB140")
    res = classify_and_stage(acts, state="nv")
    assert res.stage == "vetoed"
    ns = [SimpleNamespace(date=a["date"], description=a["description"], nlp_classification=lab, classification=[])
          for a, lab in zip(acts, _NEVER_SEEN.classify_actions([a["description"] for a in acts], "nv",
                                                                 [a["chamber"] for a in acts]), strict=True)]
    assert veto_end(ns, session_ended=res.session_ended, state="nv") is None


@pytest.mark.parametrize("text", [
    "(Pursuant to Joint Standing Rule No. 14.3.1, no further action allowed.)",  # nv/83 AB101
    "(Pursuant to Joint Standing Rule No. 14.3.3, no further action allowed.)",  # nv/83 AB231
    "(Pursuant to Joint Standing Rule No. 14.3.2, no further action allowed.)",  # nv/83 AB437
])
def test_nv_deadline_kills_the_bill(text: str) -> None:
    acts = [{"date": "2025-03-10", "chamber": "lower",
             "description": "Read first time. Referred to Committee on Judiciary. To printer."},  # nv/83 AB381
            {"date": "2025-04-12", "chamber": "lower", "description": text}]
    assert classify_and_stage(acts, state="nv").stage == "failed"


def test_nv_waiver_revives_a_bill_past_its_deadline(shared: Path) -> None:
    # nv/83 AB381 (actions.csv.gz): deadline 2025-04-12, "Waiver granted effective: April 14, 2025.", enacted
    acts = recorded_actions(shared, "nv", "83", "AB381")
    res = classify_and_stage(acts, state="nv")
    assert stage_at(res, acts, "(Pursuant to Joint Standing Rule No. 14.3.1, no further action allowed.)") == "failed"
    assert stage_at(res, acts, "Waiver granted effective: April 14, 2025.") == "in_committee"
    assert res.stage == "enacted"


@pytest.mark.parametrize("text", [
    "Notice of exemption.",  # nv/83 SB109
    "Bill read. No further consideration.",  # nv/83 AB201-82 (a veto of the 82nd session not taken up)
])
def test_near_nv_wordings_are_not_deaths(text: str) -> None:
    acts = [{"date": "2025-02-03", "chamber": "upper", "description": "Read first time. To committee."},
            {"date": "2025-04-11", "chamber": "upper", "description": text}]
    res = classify_and_stage(acts, state="nv")
    assert res.stage != "failed" and not res.session_ended


# ------------------------------------------------------------------ Montana: a mail poll is an override vote, not a death
def _mt_hb182(*tail: str) -> list[SimpleNamespace]:
    # mt/2025 HB 182 (actions.csv.gz), verbatim
    acts = [("2025-05-07", "(H) Transmitted to Governor", ["executive-receipt"]),
            ("2025-05-13", "(H) Vetoed by Governor", ["executive-veto"]),
            ("2025-05-27", "(H) Veto Override Vote Mail Poll in Progress", [])]
    acts += [("2025-06-27", t, ["failure", "veto-override-failure"] if "Failed" in t else []) for t in tail]
    return [SimpleNamespace(date=d, description=t, classification=c, nlp_classification=None) for d, t, c in acts]


def test_mt_mail_poll_in_progress_keeps_the_override_open_after_the_session() -> None:
    assert veto_end(_mt_hb182(), session_ended=True, state="mt") is None


def test_mt_mail_poll_result_is_final() -> None:
    end = veto_end(_mt_hb182("(H) Veto Override Failed in Legislature"), session_ended=True, state="mt")
    assert end is not None and end.description == "(H) Veto Override Failed in Legislature"


def test_mt_veto_without_a_poll_ends_with_the_session() -> None:
    acts = _mt_hb182()[:2]
    assert veto_end(acts, session_ended=True, state="mt") is not None
    assert veto_end(acts, session_ended=False, state="mt") is None


# ------------------------------------------------------------------ New Jersey's session runs into January
@pytest.mark.parametrize("state, label, want", [
    ("nj", "221", "2026-01-12"),  # the 222nd convened 2026-01-13 (fixtures/openstates/nj NJ_222_A3624)
    ("nj", "2024-2025", "2026-01-12"),
    ("nj", "222", "2028-01-10"),  # second Tuesday of January 2028 is the 11th
    # near misses: other legislatures end on 31 December of their last year
    ("ny", "2025", "2026-12-31"),
    ("ma", "194th", "2026-12-31"),
    ("ca", "20252026", "2026-12-31"),
])
def test_session_end(state: str, label: str, want: str) -> None:
    assert sessions.session_end(state, label) == want


def test_nj_bill_alive_in_the_january_lame_duck(shared: Path) -> None:
    # nj/221 A1000: referred to committee 2024-01-09; alive until the 222nd convenes
    bill = recorded_bill(shared, "nj", "221", "A1000")
    acts = [{"date": a["date"][:10], "chamber": "lower", "description": a["description"]} for a in bill["actions"]]
    end = sessions.session_end("nj", "221")
    assert classify_and_stage(acts, state="nj", session_end=end, as_of="2026-01-05").stage == "in_committee"
    assert classify_and_stage(acts, state="nj", session_end=end, as_of="2026-01-13").stage == "failed"


# ------------------------------------------------------------------ scan of the disagreements: words read plainly
@pytest.mark.parametrize("text", [
    "In committee: Set, first hearing. Failed passage.",  # ca/20252026 AB1335 (then Joint Rule 62(a))
    "In committee: Set, first hearing. Failed passage. Reconsideration granted.",  # ca/20252026 AB1038
    "In committee: Set, second hearing. Failed passage.",  # ca/20252026 AB1092
])
def test_ca_committee_vote_failed(text: str) -> None:
    assert "committee-failure" in labels(text, "lower")


@pytest.mark.parametrize("text", [
    "May 23 hearing: Held in committee and under submission.",  # ca/20252026 SB1: already a committee failure
    "In committee: Set, first hearing. Hearing canceled at the request of author.",  # ca/20252026 AB563
])
def test_near_ca_committee_hearings(text: str) -> None:
    got = labels(text, "lower")
    assert "passage" not in got and "failure" not in got
    assert ("committee-failure" in got) == ("Held in committee" in text)


def test_ca_failed_committee_vote_stage(shared: Path) -> None:
    # ca/20252026 AB1335: the committee's vote failed, reconsideration refused: the bill died there
    res = stage_for_openstates_bill(recorded_bill(shared, "ca", "20252026", "AB1335"), state="ca")
    assert res.stage == "failed" and res.furthest == "in_committee"


@pytest.mark.parametrize("text", [
    "Effective 9/30/25",  # oh/136 SB 100 (executive, after "Sent to Governor")
    "Effective 6/27/25",  # oh/136 HB 80
])
def test_oh_effective_date_is_a_law(text: str) -> None:
    assert "became-law" in labels(text, "executive")


@pytest.mark.parametrize("text", [
    "Effective 6/30/2025 (Roll No. 475)",  # wv/2025 HB 3356: a vote on the effective date, in the House
    "Effective Date(s) Same As Passage",  # near miss kept from the earlier rounds (AK)
])
def test_near_effective_wordings_are_not_laws(text: str) -> None:
    assert "became-law" not in labels(text, "lower")


def test_oh_sb100_enacted(shared: Path) -> None:
    assert stage_for_openstates_bill(recorded_bill(shared, "oh", "136", "SB 100"), state="oh").stage == "enacted"


# ------------------------------------------------------------------ a referral for concurrence keeps both votes
def test_concurrence_referral_by_the_house_of_origin_keeps_both_passages(shared: Path) -> None:
    # ca/20252026 SB371: the Assembly amended and passed it; the Senate (its origin) refers the amendments
    # "pursuant to Senate Rule 29.10(d)" for concurrence: both houses have still passed it
    bill = recorded_bill(shared, "ca", "20252026", "SB371")
    acts = sorted(bill["actions"], key=lambda a: a["date"])
    res = stage_for_openstates_bill(bill, state="ca")
    assert stage_at(res, acts, "Re-referred to Com. on RLS. pursuant to Senate Rule 29.10(d).") == "passed_both"


@pytest.mark.parametrize("state, folder, ident, text", [
    # near misses: the house that passed it last sends its own vote on to a money committee, and
    # votes again (NH's "Referred to Finance" after "Ought to Pass ... MA VV"; ND's Senate)
    ("nh", "2025", "SB118", "Referred to Finance 05/08/2025  HJ 14  P. 10"),
    ("nd", "69", "HB 1216", "Rereferred to Appropriations"),
])
def test_referral_by_the_house_that_passed_last_takes_its_vote_back(
        shared: Path, state: str, folder: str, ident: str, text: str) -> None:
    bill = recorded_bill(shared, state, folder, ident)
    acts = sorted(bill["actions"], key=lambda a: a["date"])
    res = stage_for_openstates_bill(bill, state=state)
    i = min(k for k, a in enumerate(acts) if a["description"] == text)
    assert res.stages[i] == "passed_one_chamber"


def test_held_at_desk_after_a_one_house_adoption_changes_nothing() -> None:
    # near miss: a simple resolution needs one house; the return rule is about a bill both houses passed
    # ("In Assembly. Held at Desk.", ca/20252026 SB255, given here after an adoption by the Assembly)
    acts = [{"date": "2025-06-01", "chamber": "lower", "classification": ["passage"], "description": "Adopted."},
            {"date": "2025-06-02", "chamber": "lower", "classification": [],
             "description": "In Assembly. Held at Desk."}]
    res = derive_stage(acts, requirements=Requirements(1, False))
    assert res.stages == ["passed_both", "passed_both"] and res.complete
