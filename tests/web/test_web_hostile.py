"""Hostile request values (issue 16): the same clear 4xx on SQLite and PostgreSQL, never a 500."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient


@pytest.mark.parametrize("path", [
    "/bills/wa/2025-2026/SJM8004%00",
    "/bills/wa/2025-2026%00/SJM8004",
    "/api/v1/bills/wa/2025-2026/SJM%008004",
    "/states/w%00a",
])
def test_nul_in_a_path_is_404(any_client: FlaskClient, path: str) -> None:
    """#8: PostgreSQL answered 500 for %00 in a bill path (SQLite a 404)."""
    r = any_client.get(path)
    assert r.status_code == 404
    assert "NUL" in r.get_data(as_text=True)


@pytest.mark.parametrize("url", [
    "/search?q=health&session=2025%00",
    "/search.json?q=health&session=%00",
    "/api/v1/search?q=health&session=2025-2026%00",
    "/api/v1/bills?session=2025-2026%00",
])
def test_nul_in_a_parameter_is_400_naming_it(any_client: FlaskClient, url: str) -> None:
    """#8: PostgreSQL answered 500 for %00 in the session parameter."""
    r = any_client.get(url)
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert "session" in body and "NUL" in body


HUGE = "99999999999999999999999"


@pytest.mark.parametrize("path", ["/search", "/search.json", "/api/v1/search", "/search.csv", "/search.atom"])
def test_a_huge_page_number_is_400_naming_page(any_client: FlaskClient, path: str) -> None:
    """#9: page=99999999999999999999999 overflowed the OFFSET and answered 500."""
    r = any_client.get(path, query_string={"q": "health", "page": HUGE})
    assert r.status_code == 400
    assert "page must be between 1 and" in r.get_data(as_text=True)


def test_the_last_allowed_page_is_an_empty_page(any_client: FlaskClient) -> None:
    """The cap refuses only what cannot be a page; a far page within it is simply empty."""
    from statecare.web.views.search import MAX_PAGE

    r = any_client.get("/search.json", query_string={"q": "health", "page": str(MAX_PAGE), "per_page": "100"})
    assert r.status_code == 200 and r.get_json()["results"] == []


def test_as_json_links_work_for_an_identifier_with_quotes(engine, fixtures, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """#11: the bill page's "as JSON" links dropped the spaces of the identifier, which for an
    identifier that is not letters-and-number (quotes) named no bill: 404."""
    import json

    from bs4 import BeautifulSoup

    from statecare.app import create_app
    from statecare.db.store import BillStore

    record = json.loads((fixtures / "openstates/wa/WA_2025-2026_SJM8004_metadata.json").read_bytes())
    record["identifier"] = 'SJM 8004 "B"'
    BillStore(engine).upsert_bill(record, source="openstates")
    app = create_app({"DATABASE_URL": str(engine.url.render_as_string(hide_password=False)), "TESTING": True,
                      "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path / "instance")})
    try:
        client = app.test_client()
        page = client.get("/bills/wa/2025-2026/SJM%208004%20%22B%22")
        assert page.status_code == 200
        soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
        links = [a["href"] for a in soup.find_all("a") if "JSON" in a.get_text()]
        assert len(links) == 2
        for href in links:
            r = client.get(href)
            assert r.status_code == 200, href
            assert r.get_json()["identifier"] == 'SJM 8004 "B"'
        api_url = client.get("/api/v1/bills?state=wa").get_json()["results"][0]["api_url"]
        assert client.get(api_url).status_code == 200
    finally:
        app.extensions["statecare_engine"].dispose()


def _session_cookie(client: FlaskClient, base_url: str, **headers: str) -> str:
    """The Set-Cookie header of a page whose form puts a CSRF token in the session."""
    r = client.get("/states/WA", base_url=base_url, headers=headers)
    assert r.status_code == 200
    cookies = [v for k, v in r.headers.items() if k == "Set-Cookie" and v.startswith("session=")]
    assert cookies, "the page set no session cookie"
    return cookies[0]


def test_session_cookie_is_secure_over_https(site_sqlite_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """#11: the session cookie lacked Secure when the site was served over HTTPS."""
    from statecare.app import create_app

    app = create_app({"DATABASE_URL": site_sqlite_url, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path / "i")})
    try:
        assert "; Secure" in _session_cookie(app.test_client(), "https://statecare.example")
        assert "; Secure" not in _session_cookie(app.test_client(), "http://localhost")  # development
        # behind an untrusted hop, a forged X-Forwarded-Proto changes nothing
        assert "; Secure" not in _session_cookie(app.test_client(), "http://localhost", **{"X-Forwarded-Proto": "https"})
    finally:
        app.extensions["statecare_engine"].dispose()
    proxied = create_app({"DATABASE_URL": site_sqlite_url, "SECRET_KEY": "t", "TRUSTED_PROXIES": 1,
                          "INSTANCE_PATH": str(tmp_path / "p")})
    try:  # TLS ends at the proxy, which says so in X-Forwarded-Proto
        assert "; Secure" in _session_cookie(proxied.test_client(), "http://10.0.0.5",
                                             **{"X-Forwarded-Proto": "https"})
    finally:
        proxied.extensions["statecare_engine"].dispose()


def test_a_huge_bill_text_is_cut_on_the_page_with_a_link_to_all_of_it(sqlite_engine, fixtures, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """#7: a bill page inlined its whole text, however large. Here the real SB 5233 text repeated
    to 2.2 MB: the page shows MAX_INLINE_CHARS of it and links to the full text."""
    import json

    from bs4 import BeautifulSoup

    from statecare.app import create_app
    from statecare.db.store import BillStore
    from statecare.web.billtext import MAX_INLINE_CHARS

    record = json.loads((fixtures / "openstates/wa/WA_2025-2026_SB5233_metadata.json").read_bytes())
    real = (fixtures / "bill_texts/wa/WA_2025-2026_SB5233_Washington_health_trust_extracted.txt").read_text()
    huge = "\n\n".join([real] * 10)
    assert len(huge) > 4 * MAX_INLINE_CHARS
    record["versions"] = [{**record["versions"][0], "text": huge, "text_status": "ok"}]
    BillStore(sqlite_engine).upsert_bill(record, source="openstates")
    app = create_app({"DATABASE_URL": str(sqlite_engine.url), "TESTING": True, "SECRET_KEY": "t",
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    try:
        client = app.test_client()
        page = client.get("/bills/wa/2025-2026/SB5233")
        assert page.status_code == 200
        assert len(page.get_data()) < 2 * MAX_INLINE_CHARS
        soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
        shown = soup.select_one(".billtext").get_text()
        assert MAX_INLINE_CHARS // 2 < len(shown) <= MAX_INLINE_CHARS and huge.startswith(shown)
        link = soup.select_one("#text-cut a")["href"]
        full = client.get(link)
        assert full.status_code == 200 and full.mimetype == "text/plain"
        assert full.get_data(as_text=True) == huge
        assert client.get("/bills/wa/2025-2026/SB5233?format=pdf").status_code == 400
    finally:
        app.extensions["statecare_engine"].dispose()


def test_nul_in_the_search_words_still_searches(any_client: FlaskClient) -> None:
    """#8: q is free text (the search removes NUL from it), so it is not refused like a filter."""
    r = any_client.get("/search.json", query_string={"q": "\x00health", "session": "2025-2026"})
    assert r.status_code == 200 and r.get_json()["total"] > 0
