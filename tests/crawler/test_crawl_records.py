"""Source records -> pupa-shaped records: nothing the fixtures carry is dropped on the way."""

from __future__ import annotations

import json
from pathlib import Path

from statecare.crawler.middlewares import retry_after_seconds
from statecare.crawler.records.legiscan import legiscan_to_record
from statecare.crawler.records.ny_openleg import openleg_to_record, session_name
from statecare.crawler.records.openstates_v3 import v3_to_record
from statecare.crawler.replay.openstates_v3 import is_pupa_bill, pupa_to_v3
from statecare.crawler.spiders.wa import lawfiles_links
from statecare.crawler.terms import FAMILIES, load_terms
from statecare.crawler.version_text import ranked_links
from statecare.legis.chambers import organization_classification as chamber_of


def test_pupa_through_v3_keeps_actions_sponsors_versions_sources(fixtures: Path) -> None:
    n = 0
    for path in sorted((fixtures / "openstates").glob("*/*.json")):
        pupa = json.loads(path.read_bytes())
        if not is_pupa_bill(pupa):
            continue
        rec = v3_to_record(pupa_to_v3(pupa))
        n += 1
        assert (rec["legislative_session"], rec["identifier"], rec["title"]) == (
            pupa["legislative_session"], pupa["identifier"], pupa["title"])
        assert [(a["description"], a["date"], a["classification"], chamber_of(a["organization"]))
                for a in rec["actions"]] == [
            (a["description"], a["date"], a["classification"], chamber_of(a["organization_id"]))
            for a in pupa["actions"]]
        assert [(s["name"], s["classification"], s["primary"]) for s in rec["sponsorships"]] == [
            (s["name"], s["classification"], s["primary"]) for s in pupa["sponsorships"]]
        assert [v["links"] for v in rec["versions"]] == [v["links"] for v in pupa["versions"]]
        assert rec["sources"] == pupa["sources"] and rec["related_bills"] == pupa["related_bills"]
        assert chamber_of(rec["from_organization"]) == chamber_of(pupa["from_organization"])
    assert n >= 25


def test_crawled_v3_bill_keeps_person_pseudo_ids_and_division(fixtures: Path) -> None:
    """What the v3 API serves for an unmatched sponsor (a `person` without `id`) comes back as the
    pseudo-id the scraper wrote, so openstates-core can resolve it again after export."""
    checked = 0
    for path in sorted((fixtures / "openstates").glob("*/*.json")):
        pupa = json.loads(path.read_bytes())
        if not is_pupa_bill(pupa) or not pupa.get("sponsorships"):
            continue
        rec = v3_to_record(pupa_to_v3(pupa))
        for orig, got in zip(pupa["sponsorships"], rec["sponsorships"], strict=True):
            if orig.get("person_id") and orig.get("entity_type", "person") == "person":
                assert json.loads(got["person_id"][1:]) == json.loads(orig["person_id"][1:])
                checked += 1
        assert rec["jurisdiction"]["division_id"].startswith("ocd-division/country:us/")
    item = {"session": "2025", "identifier": "HB 1", "jurisdiction": {"id": "ocd-jurisdiction/country:us/state:wa/government"},
            "sponsorships": [{"name": "A", "person": {"id": "ocd-person/1", "name": "A"}}],
            "citations": [{"publication": "RCW", "citation": "1.2", "citation_type": "final"}]}
    rec = v3_to_record(item)
    assert rec["sponsorships"][0]["person_id"] == "ocd-person/1" and rec["citations"] == item["citations"]
    assert checked > 20


def test_legiscan_bill_maps_with_attribution(fixtures: Path) -> None:
    bill = json.loads((fixtures / "legiscan/legiscanrr_dataset_bill_HB1.json").read_bytes())["bill"]
    rec = legiscan_to_record(bill)
    assert (rec["state"], rec["identifier"], rec["legislative_session"]) == ("ak", "HB1", "27th Legislature")
    assert [a["description"] for a in rec["actions"]] == [h["action"] for h in bill["history"]]
    assert [s["name"] for s in rec["sponsorships"]] == [s["name"] for s in bill["sponsors"]]
    assert [v["legiscan_doc_id"] for v in rec["versions"]] == [t["doc_id"] for t in bill["texts"]]
    assert "LegiScan" in rec["extras"]["attribution"] and rec["sources"][0]["note"] == "LegiScan"
    assert rec["extras"]["legiscan_progress"] == bill["progress"]
    assert chamber_of(rec["from_organization"]) == "lower"


def test_ny_openleg_lineage_becomes_related_bills(fixtures: Path) -> None:
    raw = json.loads((fixtures / "ny_openleg_derived/NY_2023_S7590_NY_Health_Act.json").read_bytes())
    rec = openleg_to_record(raw, "https://example.invalid/x.json")
    assert rec["legislative_session"] == "2023-2024" and rec["identifier"] == "S7590"
    rel = {(r["identifier"], r["legislative_session"], r["relation_type"]) for r in rec["related_bills"]}
    assert ("A7897", "2023-2024", "companion") in rel
    assert ("S3577", "2019-2020", "prior-session") in rel and len(rel) == 1 + len(raw["PreviousVersions"])
    assert rec["sponsorships"][0]["name"] == "Gustavo Rivera" and rec["sponsorships"][0]["primary"]
    assert session_name(2024) == "2023-2024"


def test_html_is_tried_before_pdf_and_wa_derives_the_html_sibling() -> None:
    links = [{"url": "https://x/a.pdf", "media_type": "application/pdf"},
             {"url": "https://x/a", "media_type": "text/html"}, {"url": "https://x/a.docx", "media_type": ""}]
    assert [lk["url"] for lk in ranked_links(links)] == ["https://x/a", "https://x/a.pdf"]
    pdf_only = {"links": [{"url": "http://lawfilesext.leg.wa.gov/Biennium/2025-26/Pdf/Bills/House%20Bills/1445.pdf",
                           "media_type": "application/pdf"}]}
    assert [lk["url"] for lk in lawfiles_links(pdf_only)] == [
        "http://lawfilesext.leg.wa.gov/Biennium/2025-26/Htm/Bills/House%20Bills/1445.htm",
        "http://lawfilesext.leg.wa.gov/Biennium/2025-26/Pdf/Bills/House%20Bills/1445.pdf"]


def test_search_terms_cover_every_relevant_family() -> None:
    terms = load_terms()
    assert {t.family for t in terms} == FAMILIES
    assert any("medicare for all" in t.q.lower() for t in terms)
    assert any("public option" in t.q.lower() for t in terms)


def test_retry_after_parsing_is_capped() -> None:
    assert retry_after_seconds(b"7", cap=120) == 7
    assert retry_after_seconds(b"99999", cap=120) == 120
    assert retry_after_seconds(None, cap=120) == 0
    assert retry_after_seconds(b"Wed, 21 Oct 2015 07:28:00 GMT", cap=120) == 0  # a date in the past
    assert retry_after_seconds(b"soon", cap=120) == 0
