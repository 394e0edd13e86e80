"""The text stored for WA HB 1445 comes from the real lawfilesext HTML (served with a BOM):
it starts with the bill's own words, carries no BOM and no tags, and keeps one line per section."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from crawlhelp import run_crawl
from sqlalchemy import create_engine, select

from statecare.db.models import Bill, Version


def test_wa_hb1445_text_from_the_real_html(tmp_path: Path, fixtures: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wa.sqlite3'}"
    summary = run_crawl("wa", url, "--replay")
    assert summary["status"] == "finished"
    engine = create_engine(url)
    with engine.connect() as conn:
        v = conn.execute(select(Version).join(Bill, Bill.id == Version.bill_id)
                         .where(Bill.state == "wa", Bill.identifier == "HB 1445")).mappings().one()
    engine.dispose()
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
