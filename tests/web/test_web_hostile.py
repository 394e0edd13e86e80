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
