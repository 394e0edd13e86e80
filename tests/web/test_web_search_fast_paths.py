"""The search request's fast paths answer as the slow ones did: the filter fieldset remembered per
selected filters, the SQLite search statements run through the driver's cursor, no session
serializer without a cookie, security headers added in one pass (docs/web.md, issue 17)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from flask import Flask, request, session
from flask.testing import FlaskClient

from statecare.app import create_app


def selected(client: FlaskClient, **params: str) -> dict[str, str | None]:
    """The selected option of each filter <select> on the search page."""
    r = client.get("/search", query_string=params)
    assert r.status_code == 200
    soup = BeautifulSoup(r.get_data(as_text=True), "html.parser")
    out: dict[str, str | None] = {}
    for sel in soup.select("fieldset.filters select"):
        opt = sel.find("option", selected=True)
        out[str(sel["name"])] = str(opt["value"]) if opt else None
    return out


def test_the_remembered_fieldset_follows_each_search_filters(client: FlaskClient) -> None:
    plain = selected(client, q="health")
    assert plain["state"] is None and plain["sort"] == "relevance"
    wa = selected(client, q="health", state="wa", sort="newest")
    assert wa["state"] == "wa" and wa["sort"] == "newest"
    vt = selected(client, q="health", state="vt", stage="introduced")
    assert vt["state"] == "vt" and vt["stage"] == "introduced" and vt["sort"] == "relevance"
    # the first fieldset again, after others were remembered: nothing of theirs leaks into it
    assert selected(client, q="health") == plain
    # a session typed in that no bill has is still offered, selected
    assert selected(client, q="health", session="1999")["session"] == "1999"


def test_a_search_on_a_database_without_tables_is_a_503(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ranking statement runs through the sqlite3 cursor; its error still reaches the site as
    SQLAlchemy's OperationalError, so the answer is the 503 that says what to run. (Result cache
    off: with it, reading the data version would fail first, through SQLAlchemy.)"""
    monkeypatch.setenv("STATECARE_SEARCH_CACHE_SECONDS", "0")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "SECRET_KEY": "x",
                      "INSTANCE_PATH": str(tmp_path)})
    r = app.test_client().get("/search.json", query_string={"q": "health"})
    assert r.status_code == 503, r.get_data(as_text=True)
    assert r.get_json()["error"]["title"] == "Database not set up"
    app.extensions["statecare_engine"].dispose()


def test_a_session_cookie_is_still_read(app: Flask) -> None:
    with app.test_request_context("/"):
        session["seen"] = "yes"
        iface = app.session_interface
        signed = iface.get_signing_serializer(app).dumps(dict(session))  # type: ignore[union-attr]
    name = app.config["SESSION_COOKIE_NAME"]
    with app.test_request_context("/", headers={"Cookie": f"{name}={signed}"}):
        assert dict(app.session_interface.open_session(app, request) or {}) == {"seen": "yes"}
    with app.test_request_context("/"):
        opened = app.session_interface.open_session(app, request)
        assert opened is not None and dict(opened) == {}


def test_security_headers_once_each_and_a_views_own_kept(client: FlaskClient) -> None:
    r = client.get("/api/v1/")
    for name in ("Content-Security-Policy", "X-Frame-Options", "Access-Control-Allow-Origin"):
        assert len(r.headers.getlist(name)) == 1, name
    # Flask's file sending sets its own Cache-Control (an hour, SEND_FILE_MAX_AGE_DEFAULT): kept,
    # and not joined by a second one
    static = client.get("/static/style.css")
    assert static.headers.getlist("Cache-Control") == ["public, max-age=3600"]
    assert len(static.headers.getlist("Content-Security-Policy")) == 1


@pytest.mark.parametrize("root", ["", "/site"])
def test_remembered_urls_are_what_url_for_gives(app: Flask, root: str) -> None:
    """fixed_url and query_url (statecare.web.urls) against url_for itself, under a script root
    too, with the kinds of values the search page's links carry (None skipped, ints, characters
    url_for quotes and leaves alone)."""
    from flask import url_for

    from statecare.web.urls import fixed_url, query_url

    args = [{}, {"q": "health"}, {"q": 'a "b" & c/d?e=f;g@h', "state": "ny", "page": 2},
            {"q": "Ünïcödé +x", "policy_type": None, "sort": "newest", "per_page": 100}, {"q": "!$'()*,:~"}]
    for _ in range(2):  # the second time from the memo
        with app.test_request_context("/search", base_url=f"http://example.org{root}"):
            for endpoint in ("pages.index", "search.search_page", "api.index", "feeds.all_feed"):
                assert fixed_url(endpoint) == url_for(endpoint)
            assert fixed_url("static", filename="style.css") == url_for("static", filename="style.css")
            for a in args:
                for endpoint in ("search.search_page", "search.search_csv", "search.search_json_view",
                                 "search.search_atom"):
                    assert query_url(endpoint, **a) == url_for(endpoint, **a), (endpoint, a)


def test_remembered_badges_are_the_macros_html(app: Flask) -> None:
    from flask import render_template_string

    from statecare.web.urls import badge

    with app.test_request_context("/search"):
        for stage in ("introduced", "passed_both", None, "<b>odd</b>"):
            want = render_template_string('{% from "_macros.html" import stage_badge %}{{ stage_badge(s) }}', s=stage)
            assert str(badge("stage_badge", stage)) == want
            assert str(badge("stage_badge", stage)) == want  # from the memo
        for ptype in ("single_payer", None, "other_health_coverage"):
            want = render_template_string('{% from "_macros.html" import policy_badge %}{{ policy_badge(p) }}', p=ptype)
            assert str(badge("policy_badge", ptype)) == want


def test_marks_escapes_then_marks_balanced() -> None:
    from statecare.db.search import MARK_END, MARK_START
    from statecare.web.filters import marks

    assert str(marks(None)) == ""
    assert str(marks("a <b> & 'c'")) == "a &lt;b&gt; &amp; &#39;c&#39;"
    assert str(marks(f"x {MARK_START}<i>{MARK_END} y")) == "x <mark>&lt;i&gt;</mark> y"
    # nested or unbalanced markers still give balanced elements; stray control characters go
    assert str(marks(f"{MARK_START}a{MARK_START}b{MARK_END}c{MARK_END}{MARK_END}d\x01")) == "<mark>abc</mark>d"
    assert str(marks(f"{MARK_START}open")) == "<mark>open</mark>"


class _Counting:
    """Counts the requests the lean /search.json path hands to Flask (search_fast.py)."""

    def __init__(self, app: Flask) -> None:
        self.lean = app.wsgi_app
        self.inner, self.to_flask = self.lean.inner, 0  # type: ignore[attr-defined]
        self.lean.inner = self  # type: ignore[attr-defined]

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.to_flask += 1
        return self.inner(environ, start_response)

    def flask_only(self) -> Any:
        """A context in which the lean path declines every request (the view answers it)."""
        return mock.patch.object(type(self.lean), "answer", lambda _self, _env: None)


@pytest.mark.parametrize("cache", ["0", "60"])
def test_the_lean_search_json_path_answers_as_the_view(site_sqlite_url: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch, cache: str) -> None:
    """Plain GET /search.json is answered without Flask's request machinery; status, headers and
    body are the view's for the same request -- searches, filters, pages, sorts, bill numbers,
    with and without gzip, result cache off and on (a cached body's gzipped form is kept)."""
    monkeypatch.setenv("STATECARE_SEARCH_CACHE_SECONDS", cache)
    app = create_app({"DATABASE_URL": site_sqlite_url, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path)})
    counter = _Counting(app)
    client = app.test_client()
    searches = [{"q": "health"}, {"q": "health care", "state": "wa"}, {"q": "insurance", "page": "2", "per_page": "5"},
                {"q": "trust", "sort": "newest"}, {"q": "SB 5233"}, {"q": "zzzzqqq"}, {"q": "coverage -medicare"},
                {"q": "\u00e9t\u00e9 health"}, {"q": "health", "policy_type": "relevant"}, {"state": "ny"}]
    headers = [{}, {"Accept-Encoding": "gzip"}, {"Accept-Encoding": "gzip;q=0, deflate"}]
    client.get("/search.json", query_string={"q": "warm"})  # the first request from a host goes to Flask
    answered_lean = 0
    for params in searches:
        for h in headers:
            for _ in range(2):  # twice: the second from the cache when it is on
                before = counter.to_flask
                lean = client.get("/search.json", query_string=params, headers=h)
                answered_lean += counter.to_flask == before
                with counter.flask_only():
                    view = client.get("/search.json", query_string=params, headers=h)
                assert lean.status_code == view.status_code == 200, params
                assert list(lean.headers.items()) == list(view.headers.items()), (params, h)
                assert lean.get_data() == view.get_data(), (params, h)
    assert answered_lean == len(searches) * len(headers) * 2
    app.extensions["statecare_engine"].dispose()


@pytest.mark.parametrize(("path", "kw", "status"), [
    ("/search.json?q=x&page=zero", {}, 400),  # the view's 400, naming the parameter
    ("/search.json?q=health&session=%00", {}, 400),  # refuse_nul
    ("/search.json?q=health", {"method": "HEAD"}, 200),
    ("/search.json?q=health", {"cookie": "abc"}, 200),  # a session cookie: Flask may refresh the session
    ("/search?q=health", {}, 200),
])
def test_what_the_lean_path_leaves_to_flask(app: Flask, path: str, kw: dict[str, Any], status: int) -> None:
    counter = _Counting(app)
    client = app.test_client()
    client.get("/search.json?q=warm")  # the host's link bases are known
    before = counter.to_flask
    if "cookie" in kw:
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], kw.pop("cookie"))
    method = kw.pop("method", "GET")
    r = client.open(path, method=method, **kw)
    assert r.status_code == status
    assert counter.to_flask == before + 1
    if path.startswith("/search.json") and status == 400:
        assert "error" in r.get_json()


def test_the_lean_path_links_follow_the_host(app: Flask) -> None:
    """Link bases are remembered per scheme, host and script root: another host's request is
    answered with its own links (its first request by the view, then by the lean path)."""
    client = app.test_client()
    for host in ("a.example", "b.example", "a.example"):
        for _ in range(2):
            j = client.get("/search.json?q=health", base_url=f"https://{host}/site").get_json()
            assert j["links"]["self"].startswith(f"https://{host}/site/search.json?q=health")
            assert all(r["url"].startswith(f"https://{host}/site/bills/") for r in j["results"])
