"""A re-crawl that finds nothing changed costs no document fetch, no write and no event -- yet a
bill whose text failed last time has it fetched again (crawler.unchanged says why that holds).

Vermont's recorded bills through the replay, on SQLite and PostgreSQL: a first crawl during which
one version's document answers 500, then a second crawl with the document served again; the replay
server's own request log says what the second crawl asked for. The second crawl's pages carry
`updated_since` (the cursor's last finished pass), so the unchanged bills are not even sent; the bill
whose text failed is asked for by its identifier.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from crawlhelp import run_crawl
from sqlalchemy import Engine, select

from statecare.crawler.replay import Fault, ReplayServer
from statecare.db.models import Bill, Event, Version

pytestmark = pytest.mark.slow

VT_185 = "H-0185%20As%20Introduced.pdf"
ARGS = ("--state", "vt", "--term", "single payer")


def _api_page(url: str) -> bool:
    return "/bills?" in url or url.endswith("/robots.txt") or "/_replay/" in url


def _vt_185_text(engine: Engine) -> list[tuple[str | None, bool]]:
    with engine.connect() as conn:
        return [(r.text_status, bool(r.text)) for r in conn.execute(
            select(Version.text_status, Version.text).join(Bill, Bill.id == Version.bill_id)
            .where(Bill.state == "vt", Bill.identifier == "H 185").order_by(Version.order))]


def _stored(engine: Engine) -> dict[tuple[str, str, str], tuple[str | None, str | None]]:
    with engine.connect() as conn:
        return {(r.state, r.legislative_session, r.identifier): (r.content_hash, r.source_hash)
                for r in conn.execute(select(Bill.state, Bill.legislative_session, Bill.identifier,
                                             Bill.content_hash, Bill.source_hash))}


def test_unchanged_bills_are_skipped_before_their_texts_and_a_failed_text_is_retried(
        db_url: str, db_engine: Engine, fixtures: Path) -> None:
    with ReplayServer(fixtures, faults=[Fault(VT_185, "500")]) as server:
        first = run_crawl("openstates", db_url, "--replay-url", server.url, *ARGS)
    assert first["status"] == "finished" and first["new"] >= 5, first
    assert _vt_185_text(db_engine)[0][0] == "error"
    with db_engine.connect() as conn:
        events_after_first = max(conn.execute(select(Event.id)).scalars())
    before = _stored(db_engine)

    with ReplayServer(fixtures) as server:
        second = run_crawl("openstates", db_url, "--replay-url", server.url, *ARGS)
        asked = [u for u in server.hits if not _api_page(u)]
        pages = [u for u in server.hits if "/bills?" in u]
    # the second pass asks only for bills updated since the first began (none: the recording's dates
    # are older), plus H 185 by its identifier: its text failed, so its record was never fingerprinted
    assert second["seen"] == 1 and second["updated"] == 1 and second["new"] == 0, second
    assert all("updated_since=" in u for u in pages if "identifier=" not in u), pages
    assert [u for u in pages if "identifier=" in u] and all("identifier=H" in u for u in pages if "identifier=" in u)
    assert asked and all(VT_185 in u or "0185" in u for u in asked), asked
    assert _vt_185_text(db_engine)[0] == ("ok", True)
    after = _stored(db_engine)
    changed = {k for k in after if after[k][0] != before[k][0]}
    assert {k[2] for k in changed} == {"H 185"}  # the content of H 185 alone changed
    with db_engine.connect() as conn:
        new_events = conn.execute(select(Bill.identifier).join(Event, Event.bill_id == Bill.id)
                                  .where(Event.id > events_after_first)).scalars().all()
    assert set(new_events) <= {"H 185"}  # the unchanged bills wrote nothing
    assert second["events"] == len(new_events)

    # its text in, nothing is left to retry: a third crawl asks for no bill by identifier, no document
    with ReplayServer(fixtures) as server:
        third = run_crawl("openstates", db_url, "--replay-url", server.url, *ARGS)
        assert not [u for u in server.hits if not _api_page(u) or "identifier=" in u]
    assert (third["status"], third["seen"], third["new"], third["updated"], third["events"]) == ("finished", 0, 0, 0, 0)
    assert _stored(db_engine) == after
