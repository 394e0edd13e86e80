"""The production server (statecare.web.serve: granian in WSGI mode) serves the site's own answers.

granian builds the WSGI environ itself (host, port, query string, script name), and the lean
/search.json path (search_fast.py) reads that environ directly rather than through werkzeug; so
these start the real server on the built SQLite site and compare what it sends with what the
Flask test client gets for the same requests: status, body and the headers that matter."""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from statecare.web import serve

ROOT = Path(__file__).resolve().parents[2]
HEADERS = ("Content-Type", "Content-Encoding", "Vary", "X-Content-Type-Options", "Content-Security-Policy")


def test_settings_are_the_documented_ones() -> None:
    from granian.constants import HTTPModes, Interfaces

    opts = serve.options({})
    assert opts["target"] == "statecare.app:create_app" and opts["factory"] is True
    assert opts["interface"] == Interfaces.WSGI and opts["http"] == HTTPModes.http1
    assert (opts["address"], opts["port"], opts["workers"], opts["blocking_threads"]) == ("127.0.0.1", 8000, 2, 2)
    assert opts["websockets"] is False and opts["backlog"] == 256
    assert "backpressure" not in opts  # granian's default (backlog / workers): no starved connections
    big = serve.options({"STATECARE_BIND": "0.0.0.0:9000", "STATECARE_WORKERS": "8", "STATECARE_THREADS": "3"})
    assert (big["address"], big["port"], big["workers"], big["blocking_threads"]) == ("0.0.0.0", 9000, 8, 3)


def test_bind_forms() -> None:
    assert serve.bind({"STATECARE_BIND": "[::1]:8080"}) == ("::1", 8080)
    for bad in ("8000", "localhost", "host:", ":80", "host:http"):
        with pytest.raises(ValueError, match="STATECARE_BIND"):
            serve.bind({"STATECARE_BIND": bad})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(site_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m statecare.web.serve` on the built SQLite site (one worker; search cache off, as in
    the app the answers are compared with)."""
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=site_sqlite_url, SECRET_KEY="test-secret", STATECARE_BIND=f"127.0.0.1:{port}",
               STATECARE_WORKERS="1", STATECARE_SEARCH_CACHE_SECONDS="0",
               STATECARE_INSTANCE=str(tmp_path_factory.mktemp("served")))
    proc = subprocess.Popen([sys.executable, "-m", "statecare.web.serve"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError("server exited: " + proc.stderr.read().decode()[-2000:]) from None  # type: ignore[union-attr]
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _get(url: str, gz: bool) -> tuple[int, dict[str, str | None], bytes]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gz else {})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:  # noqa: S310 - a loopback URL of the test's own server
            return r.status, {h: r.headers.get(h) for h in HEADERS}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {h: e.headers.get(h) for h in HEADERS}, e.read()


@pytest.mark.parametrize("path", [
    "/search.json?q=health+insurance",
    "/search.json?q=health&state=wa&sort=newest",
    "/search.json?q=salud+caf%C3%A9&page=1",  # UTF-8 in the query string: the environ's latin-1 form
    "/search.json?q=%22public+health%22+-tax&per_page=5",
    "/search.json?q=health&page=0",  # a bad parameter: Flask's view answers
    "/search?q=medicaid",
    "/about",
])
def test_the_server_sends_what_the_app_answers(served: str, path: str, app: Flask) -> None:
    client = app.test_client()
    for gz in (True, False):
        status, headers, body = _get(served + path, gz)
        # twice: the first request from a host is answered by Flask, the next ones by the lean path
        status, headers, body = _get(served + path, gz)
        want = client.get(path, headers={"Accept-Encoding": "gzip"} if gz else {},
                          base_url=served)
        assert status == want.status_code, path
        assert headers == {h: want.headers.get(h) for h in HEADERS}, path
        got, expected = body, want.get_data()
        if headers["Content-Encoding"] == "gzip":
            got, expected = gzip.decompress(got), gzip.decompress(expected)
        assert got == expected, path
