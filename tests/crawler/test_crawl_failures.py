"""Bad input during a crawl: each failure is recorded against its URL and the crawl goes on.

The replay server injects the failures (never by editing a recording): a malformed JSON page, a
record without an identifier, 429 with Retry-After (once, then for good), a persistent 500, a 404,
a connection that dies mid-body, and a truncated PDF.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from crawlhelp import crawl_errors, run_crawl, stored_bills
from sqlalchemy import Engine, select

from statecare.crawler.replay import Fault, ReplayServer
from statecare.db.engine import make_engine
from statecare.db.models import Bill, Version

pytestmark = pytest.mark.slow

WA_1445 = "House%20Bills/1445.htm"
WA_8004 = "Senate%20Joint%20Memorials/8004-.htm"
MN_4058 = "/HF/4058/versions/0/"
VT_185 = "H-0185%20As%20Introduced.pdf"
VT_433 = "H-0433%20As%20Introduced.pdf"
VT_845 = "H-0845%20As%20Introduced.pdf"


def _errors_for(errors: list[tuple[str, str]], fragment: str) -> list[str]:
    return [reason for url, reason in errors if fragment in url]


def _version_status(engine: Engine, state: str, ident: str) -> list[str | None]:
    with engine.connect() as conn:
        return [r.text_status for r in conn.execute(
            select(Version.text_status).join(Bill, Bill.id == Version.bill_id)
            .where(Bill.state == state, Bill.identifier == ident).order_by(Version.order))]


def test_each_failure_is_recorded_with_its_url_and_the_crawl_goes_on(
        tmp_path: Path, fixtures: Path, expected: dict) -> None:
    # SQLite only: what is under test is the crawl's handling of bad input, not the database
    # (the replay and kill tests run on both)
    db_url = f"sqlite:///{tmp_path / 'failures.sqlite3'}"
    db_engine = make_engine(db_url)
    faults = [
        Fault("state%3Aco", "truncate"),  # the Colorado result page: malformed JSON
        Fault("state%3Amn", "missing_identifier"),  # first Minnesota record loses its identifier
        Fault(WA_1445, "429", times=1, retry_after=1),  # rate limited once, then served
        Fault(WA_8004, "429", retry_after=1),  # rate limited for good
        Fault(MN_4058, "500"),
        Fault(VT_185, "404"),
        Fault(VT_433, "dataloss"),
        Fault(VT_845, "truncate"),  # a PDF cut in half: unreadable
    ]
    with ReplayServer(fixtures, faults=faults) as server:
        summary = run_crawl("openstates", db_url, "--replay-url", server.url,
                            "--state", "wa,vt,mn,co", "--term", "single payer")
        hits, log = dict(server.hits), list(server.requests)
    assert summary["status"] == "finished"
    errors = crawl_errors(db_engine, summary["run_id"])
    assert all("127.0.0.1" not in url for url, _ in errors)
    stored = stored_bills(db_engine)

    # malformed JSON: recorded against the page URL; no Colorado bill half-made from it
    assert any("malformed JSON" in r for r in _errors_for(errors, "state%3Aco"))
    assert not [k for k in stored if k[0] == "co"]
    # a record without an identifier: recorded against its page; the other Minnesota bills stored
    assert any("no identifier" in r for r in _errors_for(errors, "state%3Amn"))
    mn = [k for k in expected if k[0] == "mn"]
    assert len([k for k in stored if k[0] == "mn"]) == len(mn) - 1

    # 429 once: the retry waited what Retry-After asked and then the text was stored
    url_1445 = next(u for u in hits if WA_1445 in u)
    assert hits[url_1445] == 2
    times = [t for t, u in log if u == url_1445]
    assert times[1] - times[0] >= 0.9
    assert _version_status(db_engine, "wa", "HB 1445") == ["ok"]
    # 429 for good: retried (1 + RETRY_TIMES), each after the asked wait, then recorded
    url_8004 = next(u for u in hits if WA_8004 in u)
    assert hits[url_8004] == 4
    times = [t for t, u in log if u == url_8004]
    assert times[-1] - times[0] >= 2.7
    assert "HTTP 429" in _errors_for(errors, WA_8004)
    # persistent 500, a 404, a dropped connection, a truncated PDF
    assert "HTTP 500" in _errors_for(errors, MN_4058)
    assert "HTTP 404" in _errors_for(errors, VT_185)
    assert _errors_for(errors, VT_433), "dropped connection not recorded"
    assert any("unreadable document" in r for r in _errors_for(errors, VT_845))
    for ident in ("H 185", "H 433", "H 845"):
        assert _version_status(db_engine, "vt", ident) == ["error"], ident
    assert _version_status(db_engine, "mn", "HF 4058") == ["error"]

    # nothing half-written: every bill that was stored is whole
    for key, got in stored.items():
        exp = expected[key]
        assert (got["actions"], got["sponsorships"], got["versions"], got["sources"]) == (
            exp.actions, exp.sponsorships, exp.versions, exp.sources), key
    assert summary["errors"] == len(errors)
    db_engine.dispose()
