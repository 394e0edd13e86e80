"""Acceptance: `statecare crawl --source S --replay` stores every recorded bill whole, and a second
crawl of the same recordings changes nothing and writes no event — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from crawlhelp import crawl_errors, run_crawl, run_row, stored_bills, table_count
from sqlalchemy import Engine, select

from statecare.db.models import Bill, Event, Version
from statecare.legis.identifiers import normalize_identifier

pytestmark = pytest.mark.slow


def _assert_wa_hb1445_text(engine: Engine, fixtures: Path) -> None:
    """WA HB 1445's text comes from the real lawfilesext HTML (served with a BOM): it starts with
    the bill's own words, has no BOM and no tags, and keeps one line per section."""
    with engine.connect() as conn:
        v = conn.execute(select(Version).join(Bill, Bill.id == Version.bill_id)
                         .where(Bill.state == "wa", Bill.identifier == "HB 1445")).mappings().one()
    raw = (fixtures / "state_html/wa/WA_2025-2026_HB1445_1445_Bill.htm").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    visible = BeautifulSoup(raw.decode("utf-8-sig"), "lxml").get_text(" ")
    first_words = " ".join(visible.split()[:3])  # independent of the extractor: what a reader sees first
    text = v["text"]
    assert v["text_status"] == "ok" and v["text_media_type"] == "text/html"
    assert v["text_url"] == "http://lawfilesext.leg.wa.gov/Biennium/2025-26/Htm/Bills/House%20Bills/1445.htm"
    assert " ".join(text.split()[:3]) == first_words
    assert "\ufeff" not in text and not re.search(r"<[a-zA-Z/!][^>]*>", text)
    assert "AN ACT Relating to" in text[:2000]
    sections = len(re.findall(r"NEW SECTION\.\s+Sec\.", visible))
    assert sections > 50
    assert len(re.findall(r"(?m)^NEW SECTION\. Sec\.", text)) == sections  # each section on its own line


def _assert_complete(stored: dict, expected: dict) -> None:
    missing = sorted(set(expected) - set(stored))
    assert not missing, f"bills not stored: {missing}"
    for key, exp in expected.items():
        got = stored[key]
        assert (got["actions"], got["sponsorships"], got["versions"], got["sources"]) == (
            exp.actions, exp.sponsorships, exp.versions, exp.sources), key


def test_openstates_replay_stores_every_fixture_bill_then_changes_nothing(db_url: str, db_engine: Engine,
                                                                           expected: dict) -> None:
    first = run_crawl("openstates", db_url, "--replay", "--no-national")
    assert first["status"] == "finished"
    assert first["new"] == len(expected) and first["seen"] == len(expected)
    stored = stored_bills(db_engine)
    _assert_complete(stored, expected)
    assert len(stored) == len(expected)
    # every version whose document was recorded got its text; the rest are marked, not blank
    with db_engine.connect() as conn:
        rows = conn.execute(select(Version.text_status, Version.text, Version.text_url)).all()
    assert {r.text_status for r in rows} <= {"ok", "no_text_layer", "empty", "error", "not_recorded"}
    assert sum(1 for r in rows if r.text_status == "ok" and r.text) >= 15
    # a version whose document the recording lacks is "not recorded": never asked for, never an error
    not_recorded = {r.text_url for r in rows if r.text_status == "not_recorded"}
    assert not_recorded and all(not r.text for r in rows if r.text_status == "not_recorded")
    # Minnesota's records list no versions; the revisor's introduced text is found from the
    # source URL, and its deleted language (<span class="del">) stays out of the bill's text
    with db_engine.connect() as conn:
        mn = conn.execute(select(Version.text, Version.struck_text, Version.extras).join(Bill)
                          .where(Bill.state == "mn", Bill.identifier == "HF 1812")).one()
    assert "statecare_discovered" in mn.extras
    assert "All Minnesota residents are eligible for the Minnesota Health Plan." in " ".join(mn.text.split())
    assert mn.struck_text and mn.struck_text.strip() not in mn.text
    # a version that failed is recorded against its real URL (never the loopback replay's)
    errors = crawl_errors(db_engine, first["run_id"])
    assert all(u.startswith("http") and "127.0.0.1" not in u for u, _ in errors)
    assert not not_recorded & {u for u, _ in errors}
    assert first["errors"] == len(errors)

    events_before = table_count(db_engine, Event)
    # the second crawl asks only for bills updated since the first began (and those whose text
    # failed): the recording's dates are older, so little or nothing is sent, and nothing changes
    second = run_crawl("openstates", db_url, "--replay", "--no-national")
    assert second["status"] == "finished"
    assert (second["new"], second["updated"], second["changes"], second["events"]) == (0, 0, 0, 0)
    assert second["unchanged"] == second["seen"] < len(expected)
    # another search term is another pass, without updated_since: every bill is sent again, and
    # each is known unchanged from its API item alone
    third = run_crawl("openstates", db_url, "--replay", "--no-national", "--term", "public option")
    assert (third["new"], third["updated"], third["changes"], third["events"]) == (0, 0, 0, 0)
    assert third["unchanged"] == third["seen"] == len(expected)
    assert table_count(db_engine, Event) == events_before
    assert run_row(db_engine, second["run_id"])["status"] == "finished"


def test_legiscan_wa_and_ny_openleg_replays(db_url: str, db_engine: Engine, fixtures: Path,
                                            expected: dict) -> None:
    # LegiScan: every recorded bill object, with history, sponsors, texts and attribution
    bills = [json.loads(p.read_bytes())["bill"] for p in sorted((fixtures / "legiscan").glob("*bill_*.json"))]
    first = run_crawl("legiscan", db_url, "--replay")
    assert first["status"] == "finished" and first["new"] == len(bills)
    stored = stored_bills(db_engine)
    for b in bills:
        got = stored[(b["state"].lower(), b["session"]["session_name"], normalize_identifier(b["bill_number"]))]
        assert (got["actions"], got["sponsorships"], got["versions"]) == (
            len(b["history"]), len(b["sponsors"]), len(b["texts"]))
        assert got["source"] == "legiscan"
    with db_engine.connect() as conn:
        extras = [r.extras for r in conn.execute(select(Bill.extras).where(Bill.source == "legiscan"))]
        srcs = [r.sources for r in conn.execute(select(Bill.sources).where(Bill.source == "legiscan"))]
    assert all("LegiScan" in e["attribution"] for e in extras)
    assert all(any(s["note"] == "LegiScan" for s in ss) for ss in srcs)

    # WA: the four Washington bills, with the lawfilesext text
    wa = {k: v for k, v in expected.items() if k[0] == "wa"}
    wa_run = run_crawl("wa", db_url, "--replay")
    assert wa_run["status"] == "finished" and wa_run["seen"] == len(wa)
    _assert_complete(stored_bills(db_engine), wa)
    _assert_wa_hb1445_text(db_engine, fixtures)

    # NY Open Legislation: the NY Health Act lineage from the two 2025 seeds
    ny_files = [p for p in (fixtures / "ny_openleg_derived").glob("*NY_Health_Act.json")]
    ny_run = run_crawl("ny_openleg", db_url, "--replay")
    assert ny_run["status"] == "finished" and ny_run["new"] == len(ny_files)
    stored = stored_bills(db_engine)
    for p in ny_files:
        rec = json.loads(p.read_bytes())
        start = rec["Session"]
        got = stored[("ny", f"{start}-{start + 1}", normalize_identifier(rec["PrintNo"]))]
        assert got["actions"] == len(rec["Actions"]) and got["sponsorships"] == len(rec["Sponsors"])
    # earlier sessions that were not recorded (2015, 2017) are recorded as errors, not invented
    assert any("/2017/" in u and "404" in r for u, r in crawl_errors(db_engine, ny_run["run_id"]))

    events_before = table_count(db_engine, Event)
    for source in ("legiscan", "wa", "ny_openleg"):
        again = run_crawl(source, db_url, "--replay")
        assert (again["changes"], again["events"]) == (0, 0), (source, again)
        assert again["unchanged"] == again["seen"] > 0
    assert table_count(db_engine, Event) == events_before
