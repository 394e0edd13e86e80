"""Hostile values in otherwise real records (issue 16): one bad bill is recorded, never silent, and
never takes other bills with it.

Each test serves a copy of the recorded fixtures in which one real record carries the hostile
value: the copy is a tree of symlinks to the recordings with that one file written anew, so no
recording is ever edited and everything else the replay answers is byte for byte what was recorded.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from crawlhelp import crawl_errors, run_crawl, stored_bills

from statecare.crawler.replay import ReplayServer
from statecare.db.engine import make_engine

pytestmark = pytest.mark.slow

MN_HF27 = "openstates/mn/MN_2025-2026_HF27_metadata.json"


def hostile_tree(fixtures: Path, dest: Path, relpath: str, data: bytes) -> Path:
    """A copy of `fixtures` (symlinks) whose `relpath` file holds `data` instead."""
    for src in fixtures.rglob("*"):
        if src.is_file():
            target = dest / src.relative_to(fixtures)
            target.parent.mkdir(parents=True, exist_ok=True)
            if src.relative_to(fixtures).as_posix() != relpath:
                os.symlink(src, target)
    (dest / relpath).write_bytes(data)
    return dest


def hostile_fixtures(fixtures: Path, dest: Path, relpath: str, mutate: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of `fixtures` (symlinks) whose `relpath` record is rewritten by `mutate`."""
    record = json.loads((fixtures / relpath).read_bytes())
    mutate(record)
    # ensure_ascii: a lone surrogate travels as the JSON escape a real API would send
    return hostile_tree(fixtures, dest, relpath, json.dumps(record, ensure_ascii=True).encode("ascii"))


def _mn_keys(expected: dict) -> set[tuple[str, str, str]]:
    return {k for k in expected if k[0] == "mn"}


def test_a_lone_surrogate_title_fails_only_its_own_bill(tmp_path: Path, fixtures: Path, expected: dict) -> None:
    """Issue 16 #2: a title holding a lone UTF-16 surrogate raised in the writer's batch, the rest
    of the batch was never written and the crawl reported 0 errors."""
    def surrogate_title(rec: dict[str, Any]) -> None:
        rec["title"] = rec["title"] + " \ud800"

    fx = hostile_fixtures(fixtures, tmp_path / "fixtures", MN_HF27, surrogate_title)
    db_url = f"sqlite:///{tmp_path / 'surrogate.sqlite3'}"
    summary, stored, errors, _ = _replay_crawl(fx, db_url, "mn")
    assert summary["status"] == "finished"
    bad = ("mn", "2025-2026", "HF 27")
    assert bad in _mn_keys(expected)
    assert set(stored) == _mn_keys(expected) - {bad}, "bills after the bad one were not stored"
    hits = [(url, reason) for url, reason in errors if "'HF 27'" in reason or "HF27" in reason]
    assert hits, f"the bad bill was not recorded: {errors}"
    url, reason = hits[0]
    assert url.startswith("https://api.openstates.org/bills") and "surrogate" in reason
    assert summary["errors"] == len(errors) >= 1


def _mn_records(fixtures: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_bytes()) for p in sorted((fixtures / "openstates" / "mn").glob("*.json"))]


def test_a_bad_bill_inside_a_writer_batch_spares_the_rest_of_the_batch(
        db_url: str, fixtures: Path) -> None:
    """Issue 16 #2 at the batch itself (both databases): the first three bills go to the writer one
    each, the next ones wait and travel together as one batch; the bad bill is the first of that
    batch, so before the fix every bill after it was lost with it."""
    import asyncio
    import concurrent.futures

    from statecare.crawler.ledger import Ledger
    from statecare.crawler.runner import ensure_schema
    from statecare.db.store import BillStore

    records = _mn_records(fixtures)
    assert len(records) >= 6
    records[3]["title"] += " \ud800"
    bad_ident = records[3]["identifier"]
    ensure_schema(db_url)
    engine = make_engine(db_url)
    run_id = BillStore(engine).start_run("openstates", {})
    def store_all() -> list[Any]:
        # a fresh thread with its own event loop: earlier tests in the same process (Playwright's sync
        # API, scrapy's asyncio reactor) may leave a loop running in the main thread
        ledger = Ledger(db_url, run_id, "openstates")

        async def gather() -> list[Any]:
            return await asyncio.gather(*(ledger.upsert(r) for r in records), return_exceptions=True)

        try:
            return asyncio.run(gather())
        finally:
            ledger.close()

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(store_all).result(timeout=300)
    try:
        failed = [r["identifier"] for r, res in zip(records, results, strict=True) if isinstance(res, Exception)]
        assert failed == [bad_ident]
        assert "surrogate" in str(results[3])
        stored = stored_bills(engine)
        assert len(stored) == len(records) - 1
    finally:
        engine.dispose()


VT_H185 = "openstates/vt/VT_2025-2026_H185_metadata.json"
SCHEMELESS = ("/Documents/2026/Docs/BILLS/H-0185/H-0185%20As%20Introduced.htm",
              "www.legislature.vermont.gov/Documents/2026/Docs/BILLS/H-0185/H-0185.htm",
              "javascript:void(0)")


def test_version_links_without_an_http_scheme_are_recorded_and_the_bill_stored(
        tmp_path: Path, fixtures: Path, expected: dict) -> None:
    """Issue 16 #3: a relative, 'www.…' or 'javascript:' version link raised in the version-text
    pipeline and its whole bill was dropped without a crawl_errors row."""
    def schemeless_links(rec: dict[str, Any]) -> None:
        real = rec["versions"][0]
        rec["versions"] = [{**real, "note": f"bad link {i}", "links": [{"url": u, "media_type": "text/html"}]}
                           for i, u in enumerate(SCHEMELESS)] + [real]

    fx = hostile_fixtures(fixtures, tmp_path / "fixtures", VT_H185, schemeless_links)
    db_url = f"sqlite:///{tmp_path / 'schemeless.sqlite3'}"
    summary, stored, errors, found = _replay_crawl(fx, db_url, "vt", "H 185")
    statuses = found["H 185"]
    assert summary["status"] == "finished"
    assert set(stored) == {k for k in expected if k[0] == "vt"}, "the bill with bad links was dropped"
    assert stored[("vt", "2025-2026", "H 185")]["versions"] == len(SCHEMELESS) + 1
    assert statuses == ["error"] * len(SCHEMELESS) + ["ok"]  # the real PDF link still gives text
    for link in SCHEMELESS:
        assert any(url == link and "not an http(s) link" in reason for url, reason in errors), (link, errors)
    assert summary["errors"] == len(errors)


def _replay_crawl(fx: Path, db_url: str, state: str, *bills: str) -> tuple[dict[str, Any], dict, list, dict]:
    """Crawl a (copied) fixtures folder through the loopback replay, then read back what was stored:
    (summary, stored bills, crawl errors, version statuses of `bills` of that state)."""
    with ReplayServer(fx) as server:
        summary = run_crawl("openstates", db_url, "--replay-url", server.url, "--state", state,
                            "--term", "single payer")
    engine = make_engine(db_url)
    try:
        return (summary, stored_bills(engine), crawl_errors(engine, summary["run_id"]),
                {b: _version_statuses(engine, state, b) for b in bills})
    finally:
        engine.dispose()


def _version_statuses(engine: Any, state: str, ident: str) -> list[str | None]:
    from sqlalchemy import select

    from statecare.db.models import Bill, Version

    with engine.connect() as conn:
        return [r.text_status for r in conn.execute(
            select(Version.text_status).join(Bill, Bill.id == Version.bill_id)
            .where(Bill.state == state, Bill.identifier == ident).order_by(Version.order))]


def test_a_truncated_recording_is_named_skipped_and_recorded(
        tmp_path: Path, fixtures: Path, expected: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16 #10: a truncated recording ended the whole `--replay` crawl (the replay server
    could not load) without naming the file."""
    whole = (fixtures / MN_HF27).read_bytes()
    hostile_tree(fixtures, tmp_path / "shared" / "fixtures", MN_HF27, whole[: len(whole) // 2])
    monkeypatch.setenv("STATECARE_SHARED", str(tmp_path / "shared"))
    db_url = f"sqlite:///{tmp_path / 'truncated.sqlite3'}"
    summary = run_crawl("openstates", db_url, "--replay", "--state", "mn", "--term", "single payer")
    engine = make_engine(db_url)
    try:
        stored = stored_bills(engine)
        errors = crawl_errors(engine, summary["run_id"])
    finally:
        engine.dispose()
    assert summary["status"] == "finished"
    assert set(stored) == _mn_keys(expected) - {("mn", "2025-2026", "HF 27")}
    named = [reason for url, reason in errors if url.endswith("MN_2025-2026_HF27_metadata.json")]
    assert named and "unreadable recording" in named[0], errors
    assert summary["errors"] == len(errors)


# Installed in the crawl process through PYTHONPATH: every name lookup of a host other than
# loopback is written to a log (and fails), so the test sees any attempt to leave the machine.
DNS_GUARD = """
import os, socket
_LOG = os.environ["STATECARE_TEST_DNS_LOG"]
def _guard(fn):
    def inner(host, *args, **kw):
        h = host.decode() if isinstance(host, bytes) else str(host)
        if h not in ("localhost", "::1", "None", "") and not h.startswith("127."):
            with open(_LOG, "a") as fh:
                fh.write(f"{fn.__name__} {h}\\n")
            raise socket.gaierror(socket.EAI_NONAME, "blocked by the test: a replay left loopback")
        return fn(host, *args, **kw)
    return inner
for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
    setattr(socket, _name, _guard(getattr(socket, _name)))
"""
FTP_LINK = "ftp://ftp.legislature.vermont.gov/Documents/2026/Docs/BILLS/H-0185/H-0185.htm"


def test_a_replay_crawl_never_leaves_loopback(
        tmp_path: Path, fixtures: Path, expected: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16 #10: an ftp:// version link made a replay crawl look the host up in the real DNS."""
    def ftp_link(rec: dict[str, Any]) -> None:
        real = rec["versions"][0]
        rec["versions"] = [{**real, "note": "ftp", "links": [{"url": FTP_LINK, "media_type": "text/html"}]}, real]

    fx = hostile_fixtures(fixtures, tmp_path / "fixtures", VT_H185, ftp_link)
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(DNS_GUARD)
    dns_log = tmp_path / "dns.log"
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(guard_dir), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("STATECARE_TEST_DNS_LOG", str(dns_log))
    db_url = f"sqlite:///{tmp_path / 'ftp.sqlite3'}"
    summary, stored, errors, found = _replay_crawl(fx, db_url, "vt", "H 185")
    statuses = found["H 185"]
    assert not dns_log.exists(), f"the replay crawl looked up real hosts: {dns_log.read_text()}"
    assert summary["status"] == "finished"
    assert set(stored) == {k for k in expected if k[0] == "vt"}
    assert statuses == ["error", "ok"]
    assert [reason for url, reason in errors if url == FTP_LINK], errors


def test_downloads_over_the_size_cap_are_recorded_and_the_bills_stored(
        tmp_path: Path, fixtures: Path, expected: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16 #7: nothing capped a download's size. With the cap at 200 kB, the two recorded
    Minnesota documents above it (HF 1812, 328 kB; HF 3057, 213 kB) are refused and recorded; the
    smaller ones still give text."""
    cap = 200_000
    monkeypatch.setenv("STATECARE_DOWNLOAD_MAXSIZE", str(cap))
    db_url = f"sqlite:///{tmp_path / 'maxsize.sqlite3'}"
    summary, stored, errors, found = _replay_crawl(fixtures, db_url, "mn", "HF 1812", "HF 3057", "HF 27")
    big = {ident: found[ident] for ident in ("HF 1812", "HF 3057")}
    small = found["HF 27"]
    assert summary["status"] == "finished"
    assert set(stored) == _mn_keys(expected)
    assert big == {"HF 1812": ["error"], "HF 3057": ["error"]}
    assert small == ["ok"]
    capped = sorted(url for url, reason in errors if f"download size cap ({cap} bytes" in reason)
    assert [u.split("/bills/")[1].split("/versions")[0] for u in capped] == ["94/2025/0/HF/1812", "94/2025/0/HF/3057"]
    assert summary["errors"] == len(errors)


def test_a_document_linked_twice_is_extracted_once(tmp_path: Path, fixtures: Path) -> None:
    """Issue 16 #7: every link was extracted anew, however often the same bytes came back. H 185
    here lists its recorded PDF under two versions: fetched twice, read once, stored twice."""
    import re
    import subprocess

    from crawlhelp import crawl_cmd

    def same_document_twice(rec: dict[str, Any]) -> None:
        rec["versions"] = [rec["versions"][0], {**rec["versions"][0], "note": "As Introduced (again)"}]

    fx = hostile_fixtures(fixtures, tmp_path / "fixtures", VT_H185, same_document_twice)
    db_url = f"sqlite:///{tmp_path / 'once.sqlite3'}"
    with ReplayServer(fx) as server:
        proc = subprocess.run(crawl_cmd("openstates", db_url, "--replay-url", server.url, "--state", "vt",
                                        "--term", "single payer"),
                              capture_output=True, text=True, timeout=300,
                              env={**os.environ, "OPENSTATES_API_KEY": ""})
        pdf_hits = [n for u, n in server.hits.items() if "H-0185%20As%20Introduced.pdf" in u]
    assert proc.returncode == 0, proc.stderr[-3000:]
    stats = dict(re.findall(r"'statecare/(extract\w*)': (\d+)", proc.stderr))
    assert pdf_hits == [2]  # both versions fetched it
    assert stats.get("extract_cached") == "1", stats  # the second copy was not parsed again
    engine = make_engine(db_url)
    try:
        assert _version_statuses(engine, "vt", "H 185") == ["ok", "ok"]
    finally:
        engine.dispose()


# Issue 16: markup and SQL in a real record never execute anywhere the bill is shown or sent.
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SQL = "'); DROP TABLE bills;--"
HOSTILE_TITLE = f'=HYPERLINK("http://evil.example","x") {SCRIPT} {IMG} universal primary care {SQL}'
HOSTILE_ABSTRACT = f"{SCRIPT} abstract {IMG} {SQL}"
HOSTILE_SPONSOR = f"Herb {IMG} Olson {SQL}"
HOSTILE_ACTION = f"+cmd|' /C calc'!A0 {SCRIPT} {IMG}"
HOSTILE_NOTE = f"{SCRIPT} As Introduced {IMG}"
JS_LINKS = ("javascript:alert(document.cookie)", " JaVaScRiPt:alert(1)", "\tjavascript:alert(1)")
VT_H185_KEY = ("vt", "2025-2026", "H 185")


def _hostile_h185(rec: dict[str, Any]) -> None:
    rec["title"] = HOSTILE_TITLE
    rec["abstracts"] = [{"abstract": HOSTILE_ABSTRACT, "note": IMG}]
    rec["sponsorships"][0]["name"] = HOSTILE_SPONSOR
    rec["actions"][-1]["description"] = HOSTILE_ACTION  # the latest action: the CSV and feeds show it
    rec["versions"][0]["note"] = HOSTILE_NOTE  # the real PDF link stays: the text is still read
    rec["sources"] += [{"url": u, "note": f"{SCRIPT} source"} for u in JS_LINKS]


def _assert_inert_html(html: str, where: str) -> None:
    """No script of anyone but us, no event-handler attribute, no javascript: URL: parsed as a
    browser would see it (html.parser and lxml, which disagree on broken markup)."""
    from bs4 import BeautifulSoup

    for parser in ("html.parser", "lxml"):
        soup = BeautifulSoup(html, parser)
        for s in soup.find_all("script"):
            src = s.get("src") or ""
            assert src.startswith("/static/") and not s.string, f"{where} ({parser}): foreign script {s}"
        for el in soup.find_all(True):
            for attr, value in el.attrs.items():
                assert not attr.lower().startswith("on"), f"{where} ({parser}): {attr}= on <{el.name}>"
                vals = value if isinstance(value, list) else [value]
                for v in vals:
                    assert "javascript:" not in "".join(str(v).split()).lower(), f"{where}: {attr}={v!r}"
        assert not soup.find_all("img", src="x"), f"{where} ({parser}): the payload's <img> became an element"
    assert "<script>alert" not in html and "<img src=x" not in html, where


def _strings(obj: Any) -> set[str]:
    """Every string value in a JSON document."""
    if isinstance(obj, dict):
        return set().union(*map(_strings, obj.values())) if obj else set()
    if isinstance(obj, list):
        return set().union(*map(_strings, obj)) if obj else set()
    return {obj} if isinstance(obj, str) else set()


def _assert_inert_atom(body: bytes, where: str) -> list[str]:
    """An Atom feed parses as XML; a value a reader renders as HTML (type="html"/"xhtml") must be
    inert too. Returns every entry title, so the caller can see the bill was in the feed."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(body)
    ns = "{http://www.w3.org/2005/Atom}"
    for el in root.iter():
        assert el.tag.startswith(ns), f"{where}: element {el.tag} outside Atom (markup became XML)"
        if el.get("type") in ("html", "xhtml"):
            _assert_inert_html(ET.tostring(el, encoding="unicode") if el.get("type") == "xhtml"
                               else (el.text or ""), f"{where} <{el.tag}>")
        for attr, v in el.attrib.items():
            assert "javascript:" not in v.lower(), f"{where}: {attr}={v!r}"
    return [e.findtext(f"{ns}title") or "" for e in root.iter(f"{ns}entry")]


def test_hostile_markup_in_a_crawled_bill_never_executes(
        tmp_path: Path, fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16: a real Open States record (VT H 185) whose title, abstract, sponsor, latest action,
    version note and sources carry script/onerror/javascript:/SQL payloads is crawled through
    `statecare crawl --replay` from a copied fixtures folder; then the bill page, state page,
    search (HTML, JSON, CSV, Atom), the Atom feeds, the API and a digest email of it show the
    payloads as text only, the CSV neutralises formula cells and the bills table is still there."""
    import csv
    import io

    from sqlalchemy import inspect, select

    from statecare.app import create_app
    from statecare.db.models import Bill, Event
    from statecare.db.store import BillStore
    from statecare.digest.render import render_digest
    from statecare.digest.selection import Filters, build_digest, load_events
    from statecare.web import queries as web_queries

    hostile_fixtures(fixtures, tmp_path / "shared" / "fixtures", VT_H185, _hostile_h185)
    monkeypatch.setenv("STATECARE_SHARED", str(tmp_path / "shared"))
    db_url = f"sqlite:///{tmp_path / 'markup.sqlite3'}"
    summary = run_crawl("openstates", db_url, "--replay", "--state", "vt", "--term", "single payer")
    assert summary["status"] == "finished"
    engine = make_engine(db_url)
    try:
        assert "bills" in inspect(engine).get_table_names()
        with engine.connect() as conn:
            stored = conn.execute(select(Bill.title, Bill.abstracts)
                                  .where(Bill.state == "vt", Bill.identifier == "H 185")).one()
            n_bills = len(conn.execute(select(Bill.id)).all())
        assert stored.title == HOSTILE_TITLE  # stored as data, byte for byte
        assert stored.abstracts[0]["abstract"] == HOSTILE_ABSTRACT
        assert n_bills == len(stored_bills(engine)) > 1

        web_queries.clear_cache()
        app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "t",
                          "INSTANCE_PATH": str(tmp_path / "instance")})
        try:
            client = app.test_client()
            pages = {
                "bill page": "/bills/vt/2025-2026/H185",
                "state page": "/states/VT",
                "search": "/search?q=universal+primary+care",
                "search for the script": "/search?q=" + SCRIPT,
                "search for the SQL": "/search?q=" + SQL,
            }
            for where, url in pages.items():
                r = client.get(url)
                assert r.status_code == 200, (where, r.status_code)
                assert r.mimetype == "text/html" and r.headers["X-Content-Type-Options"] == "nosniff"
                _assert_inert_html(r.get_data(as_text=True), where)
            # the payloads are shown, as text: the bill page carries every one of them
            from bs4 import BeautifulSoup

            bill_text = BeautifulSoup(client.get(pages["bill page"]).get_data(as_text=True), "lxml").get_text()
            for value in ("alert(1)", "onerror=alert(1)", "DROP TABLE bills", "Herb", "As Introduced"):
                assert value in bill_text, value
            assert SCRIPT in " ".join(bill_text.split()), "the title is not shown as text"
            search_text = BeautifulSoup(client.get(pages["search"]).get_data(as_text=True), "lxml").get_text()
            assert "universal primary care" in search_text and "alert(1)" in search_text, "H 185 not found"

            for where, url in {"search feed": "/search.atom?q=universal+primary+care",
                               "state feed": "/feeds/states/vt.atom",
                               "bill feed": "/feeds/bills/vt/2025-2026/H185.atom",
                               "all feed": "/feeds/all.atom"}.items():
                r = client.get(url)
                assert r.status_code == 200 and r.mimetype == "application/atom+xml", where
                titles = _assert_inert_atom(r.get_data(), where)
                assert any("VT H 185" in t for t in titles), (where, titles)

            r = client.get("/search.csv?q=universal+primary+care")
            assert r.status_code == 200 and r.mimetype == "text/csv"
            rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
            ours = [row for row in rows if row["identifier"] == "H 185" and row["state"] == "VT"]
            assert len(ours) == 1, rows
            assert ours[0]["title"] == "'" + HOSTILE_TITLE
            assert ours[0]["latest_action_description"] == "'" + HOSTILE_ACTION
            for row in rows:
                for col, cell in row.items():
                    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), (col, cell)

            for url in ("/api/v1/bills/vt/2025-2026/H185", "/api/v1/bills?state=vt",
                        "/api/v1/search?q=universal+primary+care", "/search.json?q=universal+primary+care"):
                r = client.get(url)
                assert r.status_code == 200, url
                # JSON is data: the values come back exactly, never as a page a browser would run
                assert r.mimetype == "application/json" and r.headers["X-Content-Type-Options"] == "nosniff", url
                assert HOSTILE_TITLE in _strings(r.get_json()), url
            bill_json = client.get("/api/v1/bills/vt/2025-2026/H185").get_json()
            assert bill_json["title"] == HOSTILE_TITLE
        finally:
            app.extensions["statecare_engine"].dispose()

        # A later crawl brings a version whose only link is javascript: -- a new_version event
        # with that URL -- and the digest email about the bill escapes everything.
        record = json.loads((tmp_path / "shared" / "fixtures" / VT_H185).read_bytes())
        record["versions"].append({"note": f"{IMG} Amended", "date": "", "classification": "",
                                   "links": [{"url": JS_LINKS[0], "media_type": "text/html"}]})
        BillStore(engine).upsert_bill(record, source="openstates")
        with engine.connect() as conn:
            last = conn.execute(select(Event.id).order_by(Event.id.desc()).limit(1)).scalar_one()
            events = [ev for ev in load_events(conn, 0, last) if ev.identifier == "H 185"]
        assert {"new_bill", "new_version"} <= {ev.kind for ev in events}, [ev.kind for ev in events]
        digest = build_digest(events, Filters(), 0, last, "https://statecare.example")
        rendered = render_digest(digest, "https://statecare.example")
        text_part, html_part = rendered.personalise("https://statecare.example/p/T", "https://statecare.example/u/T")
        _assert_inert_html(html_part, "digest email")
        assert "DROP TABLE bills" in html_part and "onerror=alert(1)" in html_part  # shown, escaped
        assert "\n" not in rendered.subject and "\r" not in rendered.subject
        assert "Amended" in html_part and "Read the text" not in html_part  # told, never linked
        assert "alert(1)" in text_part  # the text part is plain text: shown as it is
        assert "bills" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
