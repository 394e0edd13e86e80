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
