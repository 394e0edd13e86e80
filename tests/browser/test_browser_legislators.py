"""Issue 14 in a real chromium, at 1280 and 390 px: a Washington activist goes from a bill to its
sponsor's page and back, sees the committee chair's phone, follows the bill, confirms the real
email (loopback SMTP), and gets an alert when a re-crawl moves the bill (`statecare alerts send`).

The site: a slice of the national recording (tests/people/peoplesite.py: real WA bills, sponsors
matched to shared/people as the crawl does, classified, directory loaded); the followed bill is
stored up to its public hearing, and the "re-crawl" stores its whole recorded history.
Screenshots go to test-output/screenshots/ (L1..L5, L1b the committee page).
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from digesthelp import SmtpServer
from flask import Flask

from statecare.app import create_app
from statecare.db.engine import make_engine
from statecare.db.store import BillStore
from statecare.legis.identifiers import identifier_slug
from statecare.nlp.classify import classify_all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "people"))
import peoplesite  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SECRET = "browser-legislators"
FROM = "statecare digest <digest@statecare.test>"


@pytest.fixture(scope="module")
def wa_built(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The WA slice database as `peoplesite.build` leaves it (built once: the crawl-classify-load is
    the same for both viewports), and the followed bill's record."""
    path = tmp_path_factory.mktemp("wa-built") / "wa.sqlite3"
    eng = make_engine(f"sqlite:///{path}")
    rec = peoplesite.build(eng, shared)
    eng.dispose()
    return path, rec


@pytest.fixture
def wa_site(wa_built: tuple[Path, dict[str, Any]], tmp_path: Path, smtp_server: SmtpServer,
            serve_app: Callable[[Flask], Iterator[str]]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(base URL, database URL, the followed bill's record): a fresh site per viewport, on its own copy
    of the built database file (the test follows, re-crawls and alerts: it writes)."""
    built, rec = wa_built
    with closing(sqlite3.connect(built)) as src, closing(sqlite3.connect(tmp_path / "wa.sqlite3")) as dst:
        src.backup(dst)  # a consistent copy whatever the journal (WAL) holds
    url = f"sqlite:///{tmp_path / 'wa.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "INSTANCE_PATH": str(tmp_path / "inst"),
                      "SMTP_URL": smtp_server.url, "DIGEST_FROM": FROM})
    server = serve_app(app)
    base = next(server)
    app.config["BASE_URL"] = base
    try:
        yield base, url, rec
    finally:
        server.close()


def _shot(page: Any, screenshots: Path, name: str) -> None:
    page.screenshot(path=str(screenshots / f"{name}-{page.viewport_name}.png"), full_page=False)


def _mail(smtp: SmtpServer, address: str, count: int, timeout: float = 15.0) -> list[Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(smtp.mailbox.to(address)) < count:
        time.sleep(0.05)
    return smtp.mailbox.to(address)


def _no_overflow(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the screen"


def test_bill_to_legislator_follow_confirm_and_alert(page: Any, wa_site: tuple[str, str, dict[str, Any]],
                                                     smtp_server: SmtpServer, screenshots: Path, shared: Path) -> None:
    base, db_url, rec = wa_site
    bill_path = f"/bills/wa/{rec['legislative_session']}/{identifier_slug(rec['identifier'])}"
    page.goto(base + bill_path)
    # the committee that holds the bill, its chair one tap away
    box = page.get_by_role("region", name=re.compile(r"^Committee: "))
    assert "Health Care and Wellness" in box.get_by_role("heading", level=2).inner_text()
    chair = box.locator("ul.chairs li").first
    assert "Chair" in chair.inner_text()
    phone = chair.locator("a[href^='tel:']")
    assert phone.is_visible() and re.fullmatch(r"\d{3}-\d{3}-\d{4}", phone.inner_text())
    assert chair.locator("a[href^='mailto:']").is_visible()
    box.scroll_into_view_if_needed()
    _shot(page, screenshots, "L1-bill-committee")
    _no_overflow(page)

    # the committee's own page: chair and members, and the bill among those referred to it
    box.get_by_role("heading", level=2).get_by_role("link").click()
    page.wait_for_url(re.compile(r"/committees/[0-9a-f-]{36}$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Health Care and Wellness")
    assert page.locator("ul.chairs a[href^='tel:']").first.is_visible()
    referred = page.get_by_role("region", name=re.compile(r"^Tracked bills referred"))
    assert referred.get_by_role("link", name=f"WA {rec['identifier']}").count() == 1
    _shot(page, screenshots, "L1b-committee")
    _no_overflow(page)
    page.go_back()
    page.wait_for_url(re.compile(re.escape(bill_path) + "$"))

    # sponsor -> legislator page
    primary = next(sp["name"] for sp in rec["sponsorships"] if sp.get("primary"))
    page.locator("#sponsors-h").scroll_into_view_if_needed()
    page.get_by_role("link", name=primary, exact=True).first.click()
    page.wait_for_url(re.compile(r"/legislators/[0-9a-f-]{36}$"))
    h1 = page.get_by_role("heading", level=1).inner_text()
    assert primary in h1
    assert re.search(r"Washington (House|Senate), District \d+", page.locator("p.person-meta").inner_text())
    contact = page.get_by_role("region", name=f"Contact {h1}")
    assert contact.locator("a[href^='tel:']").first.is_visible()
    listed = page.locator("ul.sponsored li", has_text=rec["identifier"])
    assert listed.count() == 1
    assert listed.locator(".badge").first.inner_text().strip() in ("In committee", "Introduced")
    assert page.get_by_role("region", name=re.compile(r"^Committees")).locator("a").count() >= 1
    _shot(page, screenshots, "L2-legislator")
    _no_overflow(page)

    # back to the bill, follow it
    listed.get_by_role("link", name=f"WA {rec['identifier']}").click()
    page.wait_for_url(re.compile(re.escape(bill_path) + "$"))
    address = f"activist-{page.viewport_name}@example.org"
    page.get_by_label(re.compile(r"^Follow this bill")).fill(address)
    page.get_by_role("button", name="Follow this bill").click()
    page.get_by_role("heading", name=re.compile("Check your inbox")).wait_for()
    _shot(page, screenshots, "L3-follow-sent")
    mails = _mail(smtp_server, address, 1)
    assert len(mails) == 1
    body = mails[0].message.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/follow/confirm/\S+", body).group(0)  # type: ignore[union-attr]
    assert link.startswith(base)
    page.goto(link)
    page.get_by_role("button", name="Confirm: follow this bill").click()
    page.get_by_role("heading", name=re.compile(r"^You follow")).wait_for()
    _shot(page, screenshots, "L4-following")

    # the re-crawl that moves the bill (its whole recorded history), classify, then the cron command
    eng = make_engine(db_url)
    store = BillStore(eng)
    store.upsert_bill(peoplesite.annotated(rec, shared), source="openstates")
    store.close()
    classify_all(eng)
    eng.dispose()
    env = {**os.environ, "DATABASE_URL": db_url, "SECRET_KEY": SECRET, "SMTP_URL": smtp_server.url,
           "BASE_URL": base, "DIGEST_FROM": FROM}
    done = subprocess.run([sys.executable, "-m", "statecare", "alerts", "send", "--settle", "0"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    mails = _mail(smtp_server, address, 2)
    assert len(mails) == 2, done.stdout
    alert = mails[1].message.get_body(("plain",)).get_content()
    assert "Moved:" in alert and rec["identifier"].replace(" ", "") in alert.replace(" ", "")
    bill_link = next(u for u in re.findall(r"https?://\S+", alert) if "/bills/wa/" in u)
    page.goto(bill_link)
    page.locator("#actions-h").scroll_into_view_if_needed()
    _shot(page, screenshots, "L5-bill-moved")
    assert "Third reading, passed" in page.locator("ol.timeline").inner_text()
    # passed since: the committee of its last referral no longer "holds" it
    moved_box = page.get_by_role("region", name=re.compile(r"^(Last )?[Cc]ommittee: "))
    assert page.locator("p.meta span.badge.st-enacted, p.meta span.badge.st-passed_both").count() == 1
    assert moved_box.get_by_role("heading", level=2).inner_text().startswith("Last committee:")
    assert "moved on" in moved_box.inner_text()
    assert not page.js_errors, page.js_errors
