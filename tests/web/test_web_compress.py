"""gzip responses (statecare.web.compress): the same bytes once decompressed, only for clients that
ask, never for a page that carries a CSRF token."""

from __future__ import annotations

import gzip

from flask.testing import FlaskClient

GZIP = {"Accept-Encoding": "gzip, deflate"}


def test_search_json_is_gzipped_for_a_client_that_accepts_it(client: FlaskClient) -> None:
    plain = client.get("/search.json?q=health&per_page=50")
    packed = client.get("/search.json?q=health&per_page=50", headers=GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    body = gzip.decompress(packed.get_data())
    assert body == plain.get_data()
    assert len(packed.get_data()) * 3 < len(body), "50 results should shrink at least threefold"


def test_html_csv_and_atom_are_gzipped_too(client: FlaskClient) -> None:
    for path in ("/search?q=health", "/search.csv?q=health", "/search.atom?q=health"):
        plain, packed = client.get(path), client.get(path, headers=GZIP)
        assert packed.headers.get("Content-Encoding") == "gzip", path
        assert gzip.decompress(packed.get_data()) == plain.get_data(), path


def test_responses_are_compressed_at_level_3(client: FlaskClient) -> None:
    """zlib's strongest fast level (compress.COMPRESS_LEVEL; 5 cost half as much CPU again): the
    lean /search.json path and the after-request hook both use it."""
    for path in ("/search.json?q=health&per_page=50", "/search?q=health", "/search.csv?q=health"):
        for _ in range(2):  # /search.json: Flask answers the first request from a host, the lean path the next
            packed = client.get(path, headers=GZIP).get_data()
        body = gzip.decompress(packed)
        assert packed == gzip.compress(body, compresslevel=3, mtime=0), path
        assert packed != gzip.compress(body, compresslevel=5, mtime=0), path


def test_gzip_refused_or_not_asked_for_is_not_sent(client: FlaskClient) -> None:
    for headers in ({}, {"Accept-Encoding": "gzip;q=0, deflate"}, {"Accept-Encoding": "identity"}):
        r = client.get("/search.json?q=health", headers=headers)
        assert r.status_code == 200 and "Content-Encoding" not in r.headers, headers
        assert r.get_json()["results"], headers


def test_a_page_with_a_csrf_token_is_never_compressed(client: FlaskClient) -> None:
    # a bill page with the cost panel's form: a secret next to reflected input is what BREACH reads
    r = client.get("/bills/wa/2025-2026/SB5233", headers=GZIP)
    assert r.status_code == 200
    assert b'name="csrf_token"' in r.get_data()
    assert "Content-Encoding" not in r.headers


def test_small_and_error_responses_stay_plain(client: FlaskClient) -> None:
    bad = client.get("/search.json?q=x&page=zero", headers=GZIP)
    assert bad.status_code == 400 and "Content-Encoding" not in bad.headers
    assert "page" in bad.get_json()["error"]["message"]
