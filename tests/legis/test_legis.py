"""The ground floor: one answer per legislature fact, checked on real spellings from the recordings."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from statecare.legis import identifiers, measures, programs, sessions, states, words
from statecare.legis.chambers import normalize_chamber, organization_classification, pseudo_id
from statecare.legis.record import RecordError, state_of, validate
from statecare.nlp.stage.machine import derive_stage, furthest_milestone


def test_fifty_states_dc_and_puerto_rico() -> None:
    assert len(states.JURISDICTIONS) == 52
    assert {"dc", "pr", "ne", "wy"} <= states.STATE_CODES
    assert "us" not in states.STATE_CODES and "gu" not in states.STATE_CODES
    pr = states.jurisdiction("PR")
    assert (pr.name, pr.fips, pr.kind) == ("Puerto Rico", "72", "territory")
    assert pr.jurisdiction_id == "ocd-jurisdiction/country:us/territory:pr/government"
    assert {c for c, j in states.JURISDICTIONS.items() if j.unicameral} == {"ne", "dc"}
    assert states.state_from_jurisdiction("ocd-jurisdiction/country:us/district:dc/government") == "dc"
    assert states.jurisdiction_object("wa") == {"id": "ocd-jurisdiction/country:us/state:wa/government",
                                               "name": "Washington", "classification": "state"}
    with pytest.raises(states.UnknownState, match="'zz'"):
        states.check_state("zz")


@pytest.mark.parametrize("spelling", ["SB00188", "SB 188", "sb188", "S.B. 188", " sb  0188 "])
def test_one_identifier_normaliser(spelling: str) -> None:
    assert identifiers.normalize_identifier(spelling) == "SB 188"
    assert identifiers.same_bill(spelling, "SB 188")
    assert identifiers.identifier_slug(identifiers.normalize_identifier(spelling)) == "SB188"


@pytest.mark.parametrize("ident", ["SB 188", "HB 1", "SJM 8004", "A 10", "HB 0", "HB 01", "S 860A", "HB 12.5",
                                   "H.R. 12", "sb 188", "SB  188", "SB188", "2025 HB 3", "LB 1 ", "Ä 12"])
def test_slug_fast_path_agrees_with_the_round_trip(ident: str) -> None:
    """identifier_slug skips the normalise-and-compare for the plain normal form ("SB 188"); every
    identifier gets what the round trip gives, and the slug leads back to the identifier."""
    compact = ident.replace(" ", "")
    want = compact if identifiers.normalize_identifier(compact) == ident else ident
    assert identifiers.identifier_slug(ident) == want


def test_identifiers_as_the_national_recording_writes_them(shared: Path) -> None:
    """Every identifier of a session's index normalises to one key per bill: no two bills collide."""
    import csv
    import io

    path = shared / "national" / "il" / "104th" / "index.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        ids = [r["identifier"] for r in csv.DictReader(io.StringIO(fh.read()))]
    keys = {identifiers.identifier_key(i) for i in ids}
    assert len(keys) == len(set(ids)) > 1000


@pytest.mark.parametrize("state, label, start, end", [
    ("ny", "2019", 2019, 2020), ("ma", "194th", 2025, 2026), ("nj", "221", 2024, 2025),
    ("il", "104th", 2025, 2026), ("oh", "136", 2025, 2026), ("ca", "20252026", 2025, 2026),
    ("ga", "2025_26", 2025, 2026), ("ms", "20251E", 2025, 2025), ("az", "57th-2nd-regular", 2025, 2026),
    ("tn", "114S1", 2025, 2026),
])
def test_session_years(state: str, label: str, start: int, end: int) -> None:
    info = sessions.session_info(state, label)
    assert (info.start_year, info.end_year) == (start, end)
    # New Jersey's Legislature sits until the next convenes in January (stage-final round)
    assert sessions.session_end(state, label) == ("2026-01-12" if state == "nj" else f"{end}-12-31")


def test_sessions_order_oldest_first() -> None:
    # the biennium that spans the special session's year is the newest: it is the current session
    assert sessions.sort_sessions("mn", ["2025s1", "2023-2024", "2025-2026"]) == ["2023-2024", "2025s1", "2025-2026"]
    assert sessions.sort_sessions("ma", ["194th", "193rd"], newest_first=True) == ["194th", "193rd"]
    assert sessions.session_label("20252026") == "2025-2026"


def test_every_recorded_session_has_years(shared: Path) -> None:
    """Each session folder of the national recording: its label says when it ends (a stage needs it)."""
    unknown = []
    for f in sorted((shared / "national").glob("*/*/bills.jsonl.gz")):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            line = fh.readline()
        if not line:
            continue
        rec = json.loads(line)
        st = f.parent.parent.name
        if sessions.session_end(st, rec["legislative_session"]) is None:
            unknown.append((st, rec["legislative_session"]))
    assert not unknown


def test_chambers_and_pseudo_ids() -> None:
    assert normalize_chamber('~{"classification": "upper"}') == "upper"
    assert normalize_chamber("Assembly") == "lower"
    assert organization_classification(pseudo_id("lower")) == "lower"
    assert organization_classification({"classification": "committee"}) == "committee"


def test_measures_and_words_agree() -> None:
    assert measures.requirements_for(["resolution"], identifier="HR 12", state="ny") == measures.Requirements(1, False)
    assert measures.requirements_for([], identifier="SJM 8004", state="wa") == measures.Requirements(2, False)
    assert measures.requirements_for(["bill"], identifier="LB 1", state="ne").chambers == 1
    assert words.bill_stage_label("passed_both", ["resolution"], "SR 5", "ny") == "Adopted"
    assert words.bill_stage_label("passed_both", ["bill"], "LB 1", "ne") == "Passed the legislature"


def test_furthest_milestone_is_kept_after_a_death() -> None:
    acts = [
        {"date": "2025-01-10", "chamber": "lower", "classification": ["introduction"], "description": "Introduced"},
        {"date": "2025-01-11", "chamber": "lower", "classification": ["referral-committee"], "description": "Ref"},
        {"date": "2025-02-01", "chamber": "lower", "classification": ["passage"], "description": "Passed House"},
        {"date": "2025-02-02", "chamber": "upper", "classification": ["referral-committee"], "description": "Ref S"},
    ]
    res = derive_stage(acts, bicameral=True, session_end="2025-12-31", as_of="2026-03-01")
    assert res.stage == "failed" and res.session_ended
    assert res.furthest == "passed_one_chamber" and res.passed == ("lower",)
    assert words.ended_label(res.stage, res.furthest, res.passed, "wa") == "Passed the House, died in the Senate"
    assert words.ended_label("failed", "in_committee", [], "wa") == "Died in committee"
    assert words.ended_label("in_committee", "in_committee", [], "wa") is None
    assert furthest_milestone(["introduced", "in_committee", "vetoed"]) == "sent_to_governor"


def test_program_names_are_read_as_data() -> None:
    assert programs.find_program_names("An act relating to SoonerCare eligibility", "ok") == ["SoonerCare"]
    assert "Apple Health" in programs.find_program_names("expands Apple Health for adults")
    assert programs.find_program_names("STAR+PLUS and the star of the show", "tx") == ["STAR+PLUS"]


def test_record_is_validated_once_with_a_clear_error() -> None:
    with pytest.raises(RecordError, match="no identifier"):
        validate({"legislative_session": "2025", "state": "wa"}, where="x.json")
    assert state_of({"jurisdiction": {"id": "ocd-jurisdiction/country:us/territory:pr/government"}}) == "pr"


def test_local_date_reads_timestamps_as_the_legislatures_day() -> None:
    from statecare.legis.states import local_date

    assert local_date("ny", "2025-01-14T05:00:00+00:00") == "2025-01-14"  # Eastern midnight
    assert local_date("il", "2025-03-02T00:07:37+00:00") == "2025-03-01"  # 7 pm in Springfield
    assert local_date("al", "2026-01-13T05:00:00+00:00") == "2026-01-13"  # an Eastern midnight in Alabama
    assert local_date("mt", "2025-02-10T20:15:00+00:00") == "2025-02-10"
    assert local_date("wa", "2025-01-14") == "2025-01-14"
    assert local_date("wa", "") == ""
    assert local_date("wa", "2025-01-14T10:00:00") == "2025-01-14"  # no zone: the day as written
