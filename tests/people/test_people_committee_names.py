"""Committee of referral -> the directory's committee, on real action texts of several states.

Each case is an action text found in the national recording (the test checks it is there, with
its chamber), and the committee of shared/people it must resolve to. One case per way of writing
a committee: bare name with "&" (WA), the source's related organization (OH, GA), the house in
brackets (KY), a referral naming the committee last (MA), text after the name (IL, MN, NH, NV, WI,
WV), house prefixes (MT, WY-style), abbreviations and initials (CA), the suspense file (CA), two
committees at once (CA), subcommittees the directory lacks (TN, OK), numbered names (WY), a longer
name than the directory's (MD); and what is not a committee (ID "enrolling", UT fiscal staff)."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

import pytest

from statecare.crawler.people import bill_chamber
from statecare.legis.committees import (
    CommitteeIndex,
    action_committee_names,
    chamber_hint,
    committee_key,
    entry_from_record,
    is_referral,
)
from statecare.nlp.actions.classifier import extract_committee


def _read(path: Path) -> list[dict]:  # type: ignore[type-arg]
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@cache
def _actions(shared: str, st: str) -> dict[str, list[tuple[str | None, object]]]:
    """{description: [(chamber, related_entities), ...]} of every action of the state's recorded health bills."""
    out: dict[str, list[tuple[str | None, object]]] = {}
    for path in sorted((Path(shared) / "national" / st).glob("*/bills.jsonl.gz")):
        for rec in _read(path):
            for a in rec.get("actions") or []:
                chamber = bill_chamber({"from_organization": a.get("organization_id")})
                out.setdefault(a["description"], []).append((chamber, a.get("related_entities")))
    return out


def _orgs(related: object) -> list[str]:
    return [str(e.get("name")) for e in related if isinstance(e, dict)] if isinstance(related, list) else []


@cache
def _index(shared: str, st: str) -> tuple[CommitteeIndex, dict[str, tuple[str, str]]]:
    recs = _read(Path(shared) / "people" / st / "committees.jsonl.gz")
    return CommitteeIndex(entry_from_record(r) for r in recs), {r["id"]: (r["name"], r["chamber"]) for r in recs}


CASES = [
    ("wa", "First reading, referred to Health Care & Wellness.", "Health Care and Wellness", "lower"),
    ("wa", "Referred to Rules 2 Review.", "Rules", "lower"),
    ("oh", "Refer to Committee", "Health", "lower"),  # the related organization: "House Health Committee"
    ("ga", "Senate Read and Referred", "Insurance and Labor", "upper"),
    ("ky", "to Health Services (H)", "Health Services", "lower"),
    ("ky", "to Banking & Insurance (S)", "Banking and Insurance", "upper"),
    ("ma", "Reported, referred to the committee on Joint Rules, reported, rules suspended and referred to the "
           "committee on Public Health", "Public Health", "legislature"),
    ("il", "Assigned to Executive Appointments;  on 01/24/2024 - and on 01/07/2025, Due to Sine Die of the 103rd "
           "General Assembly", "Executive Appointments", "upper"),
    ("mn", "Introduction and first reading, referred to Human Services Finance and Policy",
     "Human Services Finance and Policy", "lower"),
    ("mt", "(S) Referred to Committee - (S) Public Health, Welfare and Safety", "Public Health, Welfare and Safety",
     "upper"),
    ("ca", "Re-referred to Com. on APPR.", "Appropriations", None),
    # initials written out (each piece starts the directory's word): "PUB. S." = Public Safety
    ("ca", "Referred to Com. on PUB. S.", "Public Safety", "lower"),
    # the suspense file is the Appropriations committee's
    ("ca", "In committee: Set, first hearing. Referred to APPR. suspense file.", "Appropriations", "lower"),
    # two committees named at once: the first holds the bill first
    ("ca", "Referred to Coms. on JUD. and APPR.", "Judiciary", "upper"),
    # subcommittees the directory does not list: their parent committee
    ("tn", "Assigned to s/c Health Subcommittee", "Health", "lower"),
    ("tn", "Assigned to General Subcommittee of Senate Health and Welfare Committee", "Health and Welfare", "upper"),
    ("ok", "Referred to Appropriations and Budget Health Subcommittee", "Appropriations and Budget", "lower"),
    # a numbered name: the one joint committee whose name starts with the words
    ("wy", "H Introduced and Referred to H10 - Labor", "Labor, Health and Social Services", "legislature"),
    # the directory's name is the start of the action's (unique in the chamber)
    ("md", "Rereferred to Health and Government Operations", "Health", "lower"),
]


@pytest.mark.parametrize(("st", "text", "name", "chamber"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_real_referral_texts_resolve_to_the_directory_committee(shared: Path, st: str, text: str, name: str,
                                                                chamber: str | None) -> None:
    actions = _actions(str(shared), st)
    assert text in actions, f"{text!r} is not an action of the {st} recording"
    # the same text can carry different organizations (Ohio's "Refer to Committee"): the one named
    wanted_org = {"oh": "House Health Committee", "ga": "Insurance and Labor"}.get(st)
    action_chamber, related = next((ch, rel) for ch, rel in actions[text] if not wanted_org or wanted_org in _orgs(rel))
    names = action_committee_names(related, extract_committee(text), text)
    assert names, text
    index, by_id = _index(str(shared), st)
    hits = [h for n in names if (h := index.match(n, action_chamber)) is not None]
    assert hits, (text, names)
    got_name, got_chamber = by_id[hits[0].id]
    assert got_name == name
    if chamber:
        assert got_chamber == chamber


def test_keys_and_hints() -> None:
    assert committee_key("H-Health & Human Services") == committee_key("Health and Human Services Committee")
    assert committee_key("Committee on Health") == committee_key("Senate Health") == "health"
    assert committee_key("Committee on Committees (H)") == "committees"  # not reduced to nothing
    assert committee_key("Health, Human Services and Elderly Affairs  HJ 11  P. 111") == \
        "health human services and elderly affairs"
    assert chamber_hint("House Health Committee") == "lower" and chamber_hint("to Rules (S)") == "upper"
    assert chamber_hint("Health") is None
    assert is_referral("First reading, referred to Health Care & Wellness.", ["reading-1"])
    assert not is_referral("Third reading, passed; yeas, 95; nays, 0.", ["passage"])


@pytest.mark.parametrize(("st", "text"), [
    ("id", "Returned From House Passed; referred to enrolling"),
    ("ut", "LFA/ bill assigned to staff for fiscal analysis for HB0100"),
])
def test_process_steps_are_not_committees(shared: Path, st: str, text: str) -> None:
    """"referred to enrolling" is a step of the process: it names no committee, so it does not
    replace the bill's committee of referral (and is not counted as an unmatched one)."""
    assert text in _actions(str(shared), st)
    assert action_committee_names([], extract_committee(text), text) == []


def test_loose_likeness_never_crosses_houses(shared: Path) -> None:
    """Tennessee's "Senate Calendar Committee" is the Senate's "Select Calendar", not the House's
    "Calendar and Rules" (whose name the words start, but in the other house)."""
    text = "Recommended for passage, refer to Senate Calendar Committee"
    assert text in _actions(str(shared), "tn")
    index, by_id = _index(str(shared), "tn")
    names = action_committee_names([], extract_committee(text), text)
    hits = {by_id[h.id] for n in names if (h := index.match(n, "upper")) is not None}
    assert hits == {("Select Calendar", "upper")}
    lower = index.match("Calendar", "lower")  # in the House, the words start "Calendar and Rules"
    assert lower is not None and by_id[lower.id] == ("Calendar and Rules", "lower")


def test_ambiguous_name_is_never_guessed(shared: Path) -> None:
    """Iowa has a House and a Senate "Health and Human Services": without a chamber, no match."""
    index, by_id = _index(str(shared), "ia")
    assert index.match("Health and Human Services", None) is None
    lower = index.match("Health and Human Services", "lower")
    assert lower is not None and by_id[lower.id] == ("Health and Human Services", "lower")


@pytest.mark.parametrize(("st", "floor"), [("wa", 0.95), ("ma", 0.95), ("mn", 0.95), ("ky", 0.95), ("oh", 0.95),
                                                 ("ca", 0.95), ("wy", 0.95), ("id", 0.95)])
def test_share_of_latest_referrals_matched(shared: Path, st: str, floor: float) -> None:
    """Over every recorded health bill of the state, the committee of the latest referral is found."""
    index, _ = _index(str(shared), st)
    seen = matched = 0
    for path in sorted((shared / "national" / st).glob("*/bills.jsonl.gz")):
        for rec in _read(path):
            named = [(a, ns) for a in rec.get("actions") or [] if is_referral(a["description"], a.get("classification"))
                     if (ns := action_committee_names(a.get("related_entities"), extract_committee(a["description"]),
                                                      a["description"]))]
            if not named:
                continue
            a, ns = named[-1]
            seen += 1
            ch = bill_chamber({"from_organization": a.get("organization_id")})
            matched += any(index.match(n, ch) is not None for n in ns)
    assert seen > 50
    assert matched / seen >= floor, f"{st}: {matched}/{seen}"
