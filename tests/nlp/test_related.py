"""Companion and prior-session linking: the NY Health Act lineage 2019 -> 2025."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from statecare.nlp.related import (
    COMPANION,
    PRIOR,
    BillRecord,
    lineage,
    link_bills,
    record_from_openleg,
    record_from_openstates,
)

SENATE = [("ny", "2025", "S3425"), ("ny", "2023", "S7590"), ("ny", "2021", "S5474"), ("ny", "2019", "S3577")]
ASSEMBLY = [("ny", "2025", "A1466"), ("ny", "2023", "A7897"), ("ny", "2021", "A6058"), ("ny", "2019", "A5248")]


def _records(fixtures: Path) -> list[BillRecord]:
    return [record_from_openleg(json.loads(p.read_text()))
            for p in sorted((fixtures / "ny_openleg_derived").glob("*NY_Health_Act.json"))]


def _companions(links) -> set[tuple[str, str]]:
    return {(lk.bill[2], lk.other[2]) for lk in links if lk.relation_type == COMPANION}


def test_lineage_from_source_fields(fixtures: Path) -> None:
    links = link_bills(_records(fixtures))
    assert lineage(links, SENATE[0])[:4] == SENATE
    assert lineage(links, ASSEMBLY[0])[:4] == ASSEMBLY
    assert {("S7590", "A7897"), ("A7897", "S7590"), ("S3425", "A1466"), ("S3577", "A5248")} <= _companions(links)
    assert all(not lk.derived for lk in links)
    # the source also names 2015/2017 versions that are not among the records: kept, marked unresolved
    assert any(lk.other == ("ny", "2017", "S4840") and not lk.resolved for lk in links)


def test_lineage_derived_without_source_fields(fixtures: Path) -> None:
    """Strip SameAsPrintNo/PreviousVersions: title + sponsors (+ companions) still link the chain."""
    bare = [dataclasses.replace(r, same_as=(), previous_versions=()) for r in _records(fixtures)]
    links = link_bills(bare)
    assert lineage(links, SENATE[0]) == SENATE
    assert lineage(links, ASSEMBLY[0]) == ASSEMBLY
    assert ("S5474", "A6058") in _companions(links)
    assert all(lk.derived and lk.evidence for lk in links)


def test_same_title_different_sponsors_and_text_is_not_linked() -> None:
    a = BillRecord("ny", "2021", "S100", "Relates to the state health insurance program", sponsors=["SMITH"])
    b = BillRecord("ny", "2023", "S200", "Relates to the state health insurance program", sponsors=["JONES"])
    assert not [lk for lk in link_bills([a, b]) if lk.relation_type == PRIOR]


def test_identical_text_links_across_sessions() -> None:
    text = "There is hereby created a single public health plan for every resident of the state. " * 20
    a = BillRecord("vt", "2023-2024", "H 100", "An act relating to universal health care", text=text)
    b = BillRecord("vt", "2025-2026", "H 433", "An act relating to universal health care", text=text)
    links = link_bills([a, b])
    assert [(lk.bill[2], lk.other[2], lk.relation_type) for lk in links] == [("H433", "H100", PRIOR)]


def test_openstates_companions(fixtures: Path) -> None:
    recs = [record_from_openstates(json.loads(p.read_text()), "mn")
            for p in (fixtures / "openstates" / "mn").glob("MN_2025-2026_*F*_metadata.json")]
    comp = _companions(link_bills(recs))
    assert ("HF1812", "SF929") in comp and ("SF929", "HF1812") in comp
    assert ("HF27", "SF1267") in comp


def test_a_title_many_bills_share_is_no_evidence_of_one_bill() -> None:
    """Three bills in a session under one topic title ("INSURANCE CODE-TECHNICAL", shell bills filed
    by chamber leadership with one sponsor) are not companions of each other on title and sponsor
    alone; a distinctive title shared by one bill in each chamber still links them."""
    from statecare.nlp.related import BillRecord, link_bills

    shell = [BillRecord(state="il", session="104th", identifier=i, title="INSURANCE CODE-TECHNICAL",
                        sponsors=["Emanuel Chris Welch"], chamber=ch)
             for i, ch in (("HB 1001", "lower"), ("HB 1002", "lower"), ("SB 1001", "upper"))]
    plan = [BillRecord(state="il", session="104th", identifier=i, title="MEDICARE FOR ALL HEALTH CARE ACT",
                       sponsors=["Mary Flowers"], chamber=ch)
            for i, ch in (("HB 3287", "lower"), ("SB 2222", "upper"))]
    links = {(a[2], b[2]) for a, b, *_ in ((lk.bill, lk.other) for lk in link_bills(shell + plan))}
    assert not any("1001" in a or "1002" in a for a, _ in links)
    assert ("HB3287", "SB2222") in links or ("HB 3287", "SB 2222") in links
