"""Browser fixtures: the site on the real-fixture database, served by werkzeug on a loopback port
from a thread, and Debian's chromium driven by Playwright.

Under CI=true a missing chromium is an error, never a skip (the suite must really look at pages).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from statecare.app import create_app
from statecare.db.engine import make_engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "web"))  # the shared site-data builder
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "digest"))  # the loopback SMTP server
import websitedata  # noqa: E402
from digesthelp import SmtpServer, start_smtp  # noqa: E402

CHROMIUM = os.environ.get("STATECARE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


@pytest.fixture(scope="session")
def site_db_url(fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database built from the real fixtures, shared by the served sites."""
    tmp = tmp_path_factory.mktemp("browser-site")
    url = f"sqlite:///{tmp / 'site.sqlite3'}"
    eng = make_engine(url)
    websitedata.build(eng, fixtures)
    eng.dispose()
    return url


def _serve(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["statecare_engine"].dispose()


@pytest.fixture(scope="session")
def serve_app() -> Callable[[Flask], Iterator[str]]:
    """The server as a function, for test modules that build an app of their own (a fixture, since
    `from conftest import ...` finds whichever conftest module Python imported first)."""
    return _serve


@pytest.fixture(scope="session")
def site_server(site_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the site, serving the database built from the real fixtures."""
    tmp = tmp_path_factory.mktemp("browser-app")
    app = create_app({"DATABASE_URL": site_db_url, "SECRET_KEY": "browser-tests", "INSTANCE_PATH": str(tmp)})
    yield from _serve(app)


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on loopback (aiosmtpd) that keeps what it is sent."""
    server = start_smtp()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def mail_site(site_db_url: str, smtp_server: SmtpServer, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[str]:
    """The same site with the digest's mail set up: subscribing sends a real confirmation email."""
    tmp = tmp_path_factory.mktemp("browser-mail-app")
    app = create_app({"DATABASE_URL": site_db_url, "SECRET_KEY": "browser-tests", "INSTANCE_PATH": str(tmp),
                      "SMTP_URL": smtp_server.url, "DIGEST_FROM": "statecare digest <digest@statecare.test>"})
    yield from _serve(app)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        msg = f"chromium not found at {CHROMIUM} (apt-get install chromium, or set STATECARE_CHROMIUM)"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
}


def _open_page(browser, viewport: str, **context_options: object) -> Iterator[object]:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(accept_downloads=True, **VIEWPORTS[viewport], **context_options)
    pg = ctx.new_page()
    pg.viewport_name = viewport  # type: ignore[attr-defined]
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.js_errors = errors  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        ctx.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    yield from _open_page(browser, request.param)


@pytest.fixture(params=list(VIEWPORTS))
def a11y_page(request: pytest.FixtureRequest, browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A page that lets axe-core be injected: the site's Content-Security-Policy (script-src 'self')
    rightly refuses an inline script, so this context alone bypasses CSP. Use it for audits only."""
    yield from _open_page(browser, request.param, bypass_csp=True)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
