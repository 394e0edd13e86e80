"""When a veto can no longer be overridden (statecare.legis.vetoes), read from recorded wordings.

Every wording is verbatim from shared/national/<st>/<session>/actions.csv.gz (state, bill named);
the near misses are recorded actions after a veto that leave the override open.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from statecare.legis.vetoes import is_final_after_veto, veto_end


def _act(date: str, description: str, *cats: str) -> SimpleNamespace:
    return SimpleNamespace(date=date, description=description, classification=list(cats), nlp_classification=None)


@pytest.mark.parametrize("wording", [
    "Stricken from file.",  # ca/20252026 AB1032, AB1026 (Assembly bills 60 days after a veto)
    "Veto sustained, yeas 31 nays 15",  # nd/69 SB 2160
    "(H) GOVERNOR VETO SUSTAINED Y33 N27",  # ak/34 HB69
    "Senate vote to override vetoFAILED (less than two-thirds) - 20-14-1AYES – Adams",  # id/2025 S 1023
    "Notwithstanding the Governor's Veto, Shall SB 213 Become Law: RC 0Y-24N, Veto Sustained, lacking the "
    "necessary two-thirds vote; 10/23/2025;  SJ 18",  # nh/2025 SB213
    "The Legislature having adjourned sine die on April 11, 2025, there was no opportunity to reconsider and "
    "the veto is sustained.",  # ks/2025-2026 SB24
    "Veto override failed:  Ayes: 30  Nays: 15",  # ok/2025 HB1543
])
def test_recorded_final_wordings(wording: str) -> None:
    assert is_final_after_veto(wording)


@pytest.mark.parametrize("wording", [
    "Consideration of Governor's veto pending.",  # ca/20252026 AB1032
    "In Senate. Consideration of Governor's veto pending.",  # ca/20252026 SB 257
    "(H) Veto Override Vote Mail Poll in Progress",  # mt/2025 HB 182
    "Motion to override veto prevailed;  Yea: 87 Nay: 38",  # ks/2025-2026 HB2033
    "Veto override message received",  # ok/2025 SB1014
    "Placed on Calendar Total Veto",  # il/104th HB2682
    "Serial Referral To Commerce and Economic Development Stricken",  # nc/2025 HB 402 (not "from file")
    "(No further action taken.)",  # nv/83 AB140: Nevada's next session may still override
])
def test_recorded_open_wordings(wording: str) -> None:
    assert not is_final_after_veto(wording)


def test_categories_end_it_too() -> None:
    # mt/2025 HB 182: "(H) Veto Override Failed in Legislature" carries veto-override-failure
    assert is_final_after_veto("(H) Veto Override Failed in Legislature", ["veto-override-failure"])
    # ar/2025 SB 451: "Died in Senate at Sine Die adjournment." (statecare reads it as failure)
    assert is_final_after_veto("Died in Senate at Sine Die adjournment.", ["failure"])


# ca/20252026 AB1032's last four actions, as recorded
CA_AB1032 = [
    _act("2025-09-24", "Enrolled and presented to the Governor at 3 p.m."),
    _act("2025-10-13", "Vetoed by Governor.", "executive-veto"),
    _act("2025-10-13", "Consideration of Governor's veto pending."),
    _act("2026-01-22", "Stricken from file."),
]


def test_california_bill_struck_from_the_file_after_its_veto() -> None:
    end = veto_end(CA_AB1032)
    assert end is not None and end.description == "Stricken from file." and end.date == "2026-01-22"
    # near miss: before it was struck, the override was still open
    assert veto_end(CA_AB1032[:3]) is None


def test_struck_before_the_veto_does_not_count() -> None:
    # a bill struck from the file, restored, passed and vetoed: only what follows the veto counts
    acts = [_act("2025-06-01", "Stricken from file."), *CA_AB1032[:3]]
    assert veto_end(acts) is None


def test_newest_first_lists_are_read_backwards() -> None:
    # North Carolina's records list the newest action first
    assert veto_end(list(reversed(CA_AB1032))) is not None
    assert veto_end(list(reversed(CA_AB1032[:3]))) is None


def test_the_last_final_action_is_named() -> None:
    # sd/2026 HB 1077: the failed vote (Open States: veto-override-failure), then the delivery
    acts = [_act("2026-02-10", "Vetoed by the Governor H.J. 270", "executive-veto"),
            _act("2026-03-30", "Veto override , Passed, YEAS 32, NAYS 32 H.J. 581", "veto-override-failure"),
            _act("2026-03-30", "Delivered veto sustained to the Secretary of State H.J. 583")]
    end = veto_end(acts)
    assert end is not None and end.description.startswith("Delivered veto sustained")


def test_a_session_that_ended_ends_the_veto_except_where_the_next_session_may_override() -> None:
    open_ = CA_AB1032[:3]
    end = veto_end(open_, session_ended=True, state="ok")
    assert end is not None and end.session_ended
    assert veto_end(open_, session_ended=True, state="md") is None  # Maryland: Art. II sec. 17
    assert veto_end(open_, session_ended=True, state="nv") is None  # Nevada: Art. 4 sec. 35
    assert veto_end(open_, session_ended=False, state="ok") is None


def test_no_veto_no_answer() -> None:
    assert veto_end([_act("2026-01-22", "Stricken from file.")], session_ended=True) is None
