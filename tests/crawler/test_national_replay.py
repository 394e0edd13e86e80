"""The national recording (shared/national) through the real crawl path, on a slice of states.

`statecare crawl --source openstates --replay --state oh,nh` runs real scrapy against the loopback
replay, which serves the recorded pupa bills in the v3 `/bills` envelope (paginated), the recorded
documents at their versions' links and nothing else; versions without a recorded document are
"not recorded" (never fetched, never an error). What is expected is read from the recording itself.
"""

from __future__ import annotations

import gzip
import json
import urllib.request
from pathlib import Path

import pytest
from crawlhelp import crawl_errors, run_crawl, table_count
from sqlalchemy import Engine, select

from statecare.crawler.replay import ReplayServer
from statecare.crawler.replay.national import match_version
from statecare.db.models import Bill, Event, Sponsorship, Version
from statecare.legis.identifiers import normalize_identifier

SLICE = ("oh", "sd")  # two legislatures, one of them with two recorded sessions


def _recorded_bills(national: Path, states: tuple[str, ...]) -> set[tuple[str, str, str]]:
    out = set()
    for st in states:
        for path in sorted((national / st).glob("*/bills.jsonl.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as f:
                for line in f:
                    b = json.loads(line)
                    out.add((st, b["legislative_session"], normalize_identifier(b["identifier"])))
    return out


def test_replay_pages_national_bills_in_the_v3_envelope(fixtures: Path, shared: Path) -> None:
    with ReplayServer(fixtures, national=shared / "national", national_states=["oh"]) as server:
        url = (f"{server.url}/api.openstates.org/bills?jurisdiction=ocd-jurisdiction/country:us/state:oh/government"
               "&include=versions&include=sponsorships&per_page=20&page=2")
        page = json.loads(urllib.request.urlopen(url).read())
        recorded = json.loads(urllib.request.urlopen(f"{server.url}/_replay/recorded").read())["documents"]
    expected = _recorded_bills(shared / "national", ("oh",))
    assert page["pagination"]["total_items"] == len(expected)
    assert page["pagination"]["max_page"] == -(-len(expected) // 20) and page["pagination"]["page"] == 2
    assert len(page["results"]) == 20 and all("versions" in r and "actions" not in r for r in page["results"])
    # Ohio's six recorded documents, at the links of the versions they belong to
    assert sum(1 for _h, path, _q in recorded if "/general_assembly_136/" in path) == 6


def test_match_version_by_note_link_or_single_version() -> None:
    versions = [{"note": "Introduced", "links": [{"url": "https://x/HB1.pdf"}]},
                {"note": "House Amendment 001", "links": [{"url": "https://x/a1.html"}]}]
    assert match_version(versions, "bill_content_Introduced.html", "HB 1") == 0
    assert match_version(versions, "bill_content_House_Amendment_001.html", "HB 1") == 1
    assert match_version(versions, "a1.html", "HB 1") == 1
    assert match_version(versions, "something_else.pdf", "HB 1") is None  # never a guess
    assert match_version(versions[:1], "H1_Bill_Text.pdf", "H1") == 0


@pytest.mark.slow
def test_national_slice_crawl_stores_every_recorded_bill_then_changes_nothing(
        db_url: str, db_engine: Engine, shared: Path) -> None:
    first = run_crawl("openstates", db_url, "--replay", "--state", ",".join(SLICE))
    assert first["status"] == "finished", first
    expected = _recorded_bills(shared / "national", SLICE)
    with db_engine.connect() as conn:
        stored = {(b.state, b.legislative_session, b.identifier) for b in conn.execute(select(Bill))}
    assert expected <= stored
    assert first["errors"] == 0, crawl_errors(db_engine, first["run_id"])
    with db_engine.connect() as conn:
        # Ohio HB 289: its recorded "PDF" is text the pipeline extracted (sniffed, not trusted by name)
        hb289 = conn.execute(select(Version.text_status, Version.text, Version.text_url).join(Bill)
                             .where(Bill.state == "oh", Bill.identifier == "HB 289")).all()
        statuses = {r.text_status for r in conn.execute(select(Version.text_status))}
        sponsors = conn.execute(select(Sponsorship.person_id, Sponsorship.extras).join(Bill)
                                .where(Bill.state == "oh")).all()
    assert any(r.text_status == "ok" and r.text and "health" in r.text.lower() for r in hb289)
    assert "not_recorded" in statuses and "error" not in statuses
    matched = [s for s in sponsors if (s.person_id or "").startswith("ocd-person/")]
    assert len(matched) >= 0.9 * len(sponsors)
    assert all(s.extras.get("person_party") and s.extras.get("person_district") for s in matched)

    events = table_count(db_engine, Event)
    second = run_crawl("openstates", db_url, "--replay", "--state", ",".join(SLICE))
    assert (second["new"], second["updated"], second["events"]) == (0, 0, 0), second
    assert table_count(db_engine, Event) == events
