"""The weekly-digest subscribe form in a real chromium, at desktop and phone widths: a bad address
is refused beside the field, a good one (with a state ticked) gets the neutral "check your inbox"
page -- the same page the second time, so it reveals nothing -- and a real confirmation email for
Washington lands in the loopback SMTP server. Screenshots under test-output/screenshots/."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from digesthelp import SmtpServer

pytestmark = pytest.mark.browser


def _shot(page, screenshots: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(screenshots / f"{name}-{page.viewport_name}.png"), full_page=True)


def _wait_for_mail(smtp: SmtpServer, address: str, count: int, timeout: float = 10.0) -> list:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = smtp.mailbox.to(address)
        if len(got) >= count:
            return got
        time.sleep(0.05)
    return smtp.mailbox.to(address)


def test_subscribe_form_shows_the_neutral_confirmation(page, mail_site: str, smtp_server: SmtpServer,  # type: ignore[no-untyped-def]
                                                      screenshots: Path) -> None:
    address = f"reader-{page.viewport_name}@example.org"
    page.goto(mail_site + "/")
    page.get_by_role("link", name="Weekly email").click()
    page.wait_for_url("**/subscribe")
    assert page.get_by_role("heading", name="Get the weekly digest").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page is {overflow}px wider than the screen"
    # the 52 state boxes sit in columns, not one long list: Washington is beside another state
    wa = page.get_by_label("Washington", exact=True)
    boxes = [page.get_by_label(n, exact=True).bounding_box() for n in ("Alabama", "Wyoming")]
    assert boxes[1]["x"] > boxes[0]["x"], "the states form a single column"
    assert wa.bounding_box()["width"] >= 16, "checkbox too small to tap"
    submit = page.get_by_role("button", name="Subscribe")
    assert submit.evaluate("el => getComputedStyle(el).backgroundColor") != "rgb(239, 239, 239)", "unstyled button"
    _shot(page, screenshots, "7-subscribe")

    # a malformed address: the form comes back with the error next to the field, nothing is sent
    page.get_by_label("Email address").fill("not-an-address")
    submit.click()
    field = page.get_by_label("Email address")
    assert field.get_attribute("aria-invalid") == "true"
    error = page.locator("#" + field.get_attribute("aria-describedby"))
    assert error.is_visible() and error.inner_text().strip()
    assert not smtp_server.mailbox.to("not-an-address")

    # a good address and a state
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Washington", exact=True).check()
    page.get_by_role("button", name="Subscribe").click()
    heading = page.get_by_role("heading", name="Check your inbox")
    heading.wait_for()
    neutral = page.locator("main").inner_text()
    assert address not in neutral and "If that address can receive the digest" in neutral
    _shot(page, screenshots, "8-subscribe-sent")
    mails = _wait_for_mail(smtp_server, address, 1)
    assert len(mails) == 1
    msg = mails[0].message
    assert "Confirm" in msg["Subject"]
    text = msg.get_body(preferencelist=("plain",)).get_content()
    assert "Washington" in text and "/confirm/" in text

    # the same address again: the very same page (whether it is known is told only by email)
    page.goto(mail_site + "/subscribe")
    page.get_by_label("Email address").fill(address)
    page.get_by_role("button", name="Subscribe").click()
    heading.wait_for()
    assert page.locator("main").inner_text() == neutral
    assert len(_wait_for_mail(smtp_server, address, 2)) == 2
    # the refused form is answered 400, which chromium logs; nothing else may go wrong
    unexpected = [e for e in page.js_errors if "status of 400" not in e]
    assert not unexpected, unexpected
