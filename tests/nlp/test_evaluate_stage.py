"""`statecare evaluate stage`: the roll-up of Open States' categories, per phrasing family, on real
records of shared/national, and the command's output format.

Each roll-up test names a real bill whose Open States labels contain one kind of known label error,
and checks both the raw roll-up (what the labels say as written) and the corrected one.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from statecare.cli import main
from statecare.nlp.evaluate.stage import corrected_labels, iter_bills, passage_houses, reference_milestone


@cache
def _bills(path: str) -> dict[str, dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {b["identifier"]: b for b in map(json.loads, fh)}


def _bill(shared: Path, state: str, folder: str, identifier: str) -> dict:
    path = shared / "national" / state / folder / "bills.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"{path} not recorded")
    return _bills(str(path))[identifier]


# (state, session folder, identifier, raw roll-up, corrected roll-up, correction kind)
CASES = [
    # "House/ passed 3rd reading" filed under the Senate: the journal reports the OTHER house
    ("ut", "2026", "HB 67", "passed_one_chamber", "passed_both", "other_chamber_passage"),
    # "Passed on Second Consideration, refer to Senate ... Committee" labelled passage: not passage,
    # and (the referral named after the reading) a step into committee
    ("tn", "114", "SB 0003", "passed_one_chamber", "in_committee", "not_passage"),
    ("tn", "114", "SB 0003", "passed_one_chamber", "in_committee", "reading_into_committee"),
    # AR "Read the first time, rules suspended, read the second time and referred to the Committee on
    # PUBLIC HEALTH ..." labelled reading-2: the bill died in that committee
    ("ar", "2025", "HB 1008", "on_floor", "in_committee", "reading_into_committee"),
    # CA "From committee with author's amendments. Read second time and amended. Re-referred to Com.
    # on RLS." labelled committee-passage
    ("ca", "20252026", "SB311", "on_floor", "in_committee", "authors_amendments"),
    # "First reading, referred to ..." labelled reading-1 only
    ("wa", "2025-2026", "HB 1025", "introduced", "in_committee", "unlabelled_referral"),
    # "Third reading, passed; yeas, 78; ..." labelled reading-3 only
    ("wa", "2025-2026", "HB 1069", "on_floor", "passed_one_chamber", "unlabelled_passage"),
    # "Correctly enrolled and ordered transmitted to the Governor's Office." left unlabelled
    ("ar", "2025", "HCR 1007", "on_floor", "sent_to_governor", "unlabelled_receipt"),
    # "Becomes law without Governor's signature 05/29/2025" left unlabelled
    ("ok", "2025", "HB1032", "sent_to_governor", "enacted", "unlabelled_receipt"),
]


@pytest.mark.parametrize(("state", "folder", "identifier", "raw", "corrected", "kind"), CASES,
                         ids=[f"{c[0]}-{c[2]}-{c[5]}" for c in CASES])
def test_rollup_corrects_label_error_kind(shared: Path, state: str, folder: str, identifier: str,
                                          raw: str, corrected: str, kind: str) -> None:
    bill = _bill(shared, state, folder, identifier)
    assert reference_milestone(bill, state, correct=False).milestone == raw
    ref = reference_milestone(bill, state)
    assert ref.milestone == corrected
    assert kind in ref.corrections


@pytest.mark.parametrize(("text", "actor", "houses"), [
    ("House/ passed 3rd reading", "upper", {"lower"}),  # UT
    ("Senate Message: Passed in concurrence", "lower", {"upper"}),  # VT
    ("Passed Senate (Passed Both Houses) (39-0)", "upper", {"upper", "lower"}),  # NJ
    ("Third reading, passed; yeas, 97; nays, 0; absent, 0; excused, 1.", "lower", {"lower"}),  # WA
    ("Senate Passed/Adopted By Substitute", "upper", {"upper"}),  # GA
])
def test_passage_houses_named_in_text(text: str, actor: str, houses: set[str]) -> None:
    assert passage_houses(text, actor)[0] == houses


@pytest.mark.parametrize(("text", "labels", "expected"), [
    # ND's second reading IS the final vote: a roll call keeps it passage
    ("Second reading, passed, yeas 47 nays 0", {"passage", "reading-2"}, {"passage", "reading-2"}),
    ("Passed on Second Consideration, refer to Senate Calendar Committee", {"passage"}, {"referral-committee"}),
    # a reading named before a referral is a step into committee; named after it, a floor step
    ("Read first time, rules suspended, read second time, referred to AGRICULTURE, FORESTRY & ECONOMIC "
     "DEVELOPMENT - SENATE", {"reading-1", "reading-2", "referral-committee"}, {"reading-1", "referral-committee"}),
    ("In Senate.Read first time. Referred to Committee on Revenue and Economic Development. To committee.From "
     "committee: Do pass.Placed on Second Reading File.", {"committee-passage-favorable", "reading-1", "reading-2",
                                                            "referral-committee"},
     {"committee-passage-favorable", "reading-1", "reading-2", "referral-committee"}),
    # author's amendments are no committee vote; "do pass" with them is
    ("From committee with author's amendments. Read second time and amended. Re-referred to Com. on RLS.",
     {"committee-passage", "reading-1", "referral-committee"}, {"reading-1", "referral-committee"}),
    ("From committee: Do pass as amended and re-refer to Com. on APPR. with author's amendments",
     {"committee-passage"}, {"committee-passage"}),
    # OK "Adopted, referred for enrollment" is the adoption of a resolution, not a referral
    ("Adopted, referred for enrollment", {"passage"}, {"passage"}),
    ("delivered to Governor", set(), {"executive-receipt"}),  # KY
    ("Enrolled and presented to the Governor at 3 p.m.", set(), {"executive-receipt"}),  # CA
    ("Consideration of Governor's veto pending.", set(), set()),  # CA: not a receipt
    # the rule for reconsiderations, on a real MT phrasing given a hypothetical became-law label
    ("(H) Reconsidered Previous Action; Placed on 2nd Reading", {"became-law", "reading-2"}, {"reading-2"}),
])
def test_corrected_labels_by_kind(text: str, labels: set[str], expected: set[str]) -> None:
    assert corrected_labels(labels, text)[0] == expected


def test_iter_bills_reads_folders_and_jsonl_gz(shared: Path) -> None:
    folder = shared / "national" / "wy"
    if not folder.is_dir():
        pytest.skip("wy not recorded")
    got = list(iter_bills([folder]))
    assert got and {st for st, _, _ in got} == {"wy"}
    assert all(b.get("actions") for _, _, b in got)


def test_cli_last_line_and_out(shared: Path, tmp_path: Path) -> None:
    src = tmp_path / "few.jsonl"
    bills = [_bill(shared, st, folder, ident) for st, folder, ident, *_ in CASES]
    src.write_text("\n".join(json.dumps(b) for b in bills) + "\n", encoding="utf-8")
    single = tmp_path / "one.json"
    single.write_text(json.dumps(_bill(shared, "wa", "2025-2026", "HB 1069")), encoding="utf-8")
    out = tmp_path / "rows.csv"
    res = CliRunner().invoke(main, ["evaluate", "stage", str(src), str(single), "--out", str(out)])
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-1]
    m = re.fullmatch(r"accuracy=(\d\.\d{4}) past_committee_accuracy=(\d\.\d{4}) n=(\d+)", last)
    assert m, last
    assert int(m.group(3)) == len(bills) + 1
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "state,session,identifier,milestone,reference"
    assert len(rows) == len(bills) + 2
    assert any(r.startswith("ut,2026,HB 67,") and r.endswith(",passed_both") for r in rows)


def test_cli_missing_path(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["evaluate", "stage", str(tmp_path / "nope.jsonl")])
    assert res.exit_code != 0
    assert "nope.jsonl" in res.output
