"""The whole life of a subscription through the real site and a real SMTP server: subscribe ->
confirmation email -> confirm -> a week of real events -> digest -> preferences -> one-click
unsubscribe. Messages are parsed as a mail client parses them; every link is followed."""

from __future__ import annotations

from pathlib import Path

from digest_webhelp import checked_values, csrf_token, html_links, path_of, text_links
from digesthelp import SmtpServer, build_week
from sqlalchemy import Engine, select

from statecare.db.models import Subscriber
from statecare.digest.sender import run_send
from statecare.digest.settings import DigestSettings

READER = "reader@example.org"


def _subscriber(engine: Engine) -> Subscriber:
    with engine.connect() as conn:
        return conn.execute(select(Subscriber).where(Subscriber.email == READER)).one()


def test_subscribe_confirm_digest_unsubscribe(engine: Engine, app, smtp: SmtpServer, settings: DigestSettings,
                                              fixtures: Path, shared: Path) -> None:
    client = app.test_client()
    base = settings.base_url

    def subscribe_and_confirm() -> None:
        page = client.get("/subscribe")
        assert page.status_code == 200 and b'type="email"' in page.data
        resp = client.post("/subscribe", data={
            "csrf_token": csrf_token(page.text), "email": "Reader@Example.org",
            "states": ["ny", "wa", "ma"], "saved_search": "",
        })
        assert resp.status_code == 200 and "Check your inbox" in resp.text
        (mail,) = smtp.mailbox.to(READER)
        msg = mail.message
        assert msg["To"] == READER and "Confirm" in msg["Subject"]
        text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        confirm = [u for u in text_links(text) if "/confirm/" in u]
        assert len(confirm) == 1 and confirm[0] in html_links(html)
        assert "Massachusetts, New York, Washington" in " ".join(text.split())
        # opening the link does not confirm (mail scanners open links); pressing the button does
        page = client.get(path_of(confirm[0], base))
        assert page.status_code == 200 and _subscriber(engine).status == "pending"
        done = client.post(path_of(confirm[0], base), data={"csrf_token": csrf_token(page.text)})
        assert done.status_code == 200 and "You are subscribed" in done.text
        assert _subscriber(engine).status == "confirmed"

    week = build_week(engine, fixtures, shared, between=subscribe_and_confirm)
    assert _subscriber(engine).last_event_id == week.start_after  # history is not mailed

    report = run_send(engine, settings)
    assert report.sent == 1
    mails = smtp.mailbox.to(READER)
    assert len(mails) == 2
    msg = mails[1].message
    # headers a mail client and a mail provider look at
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["To"] == READER and msg["From"].addresses[0].addr_spec == "digest@statecare.test"
    assert msg["Message-ID"] and msg["Date"].datetime is not None
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = str(msg["List-Unsubscribe"]).strip("<>")
    assert one_click.startswith(base + "/unsubscribe/")
    assert "update" in msg["Subject"] and "Massachusetts" in msg["Subject"]
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert 'max-width:600px' in html and "<style" not in html

    # both parts tell the same news: the same bill links, only in the states chosen
    bills_text = {u for u in text_links(text) if "/bills/" in u}
    bills_html = {u for u in html_links(html) if "/bills/" in u}
    assert bills_text == bills_html
    assert {u.split("/bills/")[1].split("/")[0] for u in bills_text} <= {"ny", "wa", "ma"}
    assert f"{base}/bills/wa/2025-2026/SJM8004" in bills_text  # passed both chambers this week
    assert f"{base}/bills/ny/2025-2026/S3425" in bills_text  # the NY Health Act, reintroduced
    assert f"{base}/bills/ny/2023-2024/S7590" in bills_text  # ... linking to its previous session
    words = " ".join(text.split())  # as read: line breaks of the 72-column wrap do not matter
    # the memorial to Congress is named as one
    assert "Memorial passed both chambers" in words and "Reintroduced" in words and "payroll tax" in words
    assert "Carries on S 7590 of the 2023-2024 session" in words
    assert "Minnesota" not in words and "Vermont" not in words
    html_words = " ".join(html.split())
    for phrase in ("Memorial passed both chambers", "Carries on S 7590 of the 2023-2024 session", "payroll tax"):
        assert phrase in html_words
    for url in bills_text:
        resp = client.get(path_of(url, base))
        assert resp.status_code == 200, url

    links = set(text_links(text))
    prefs = next(u for u in links if "/preferences/" in u)
    unsub = next(u for u in links if "/unsubscribe/" in u)
    assert unsub == one_click and prefs in html_links(html) and unsub in html_links(html)

    # preferences: shown with the current choices, changed with a CSRF-protected form
    page = client.get(path_of(prefs, base))
    assert page.status_code == 200 and sorted(checked_values(page.text, "states")) == ["ma", "ny", "wa"]
    saved = client.post(path_of(prefs, base), data={"csrf_token": csrf_token(page.text), "states": ["vt"],
                                                    "policy_types": ["other_health_coverage"], "saved_search": ""})
    assert saved.status_code == 200 and "saved" in saved.text
    sub = _subscriber(engine)
    assert sub.states == ["vt"] and sub.policy_types == ["other_health_coverage"]

    # the plain link shows a page and does not unsubscribe; RFC 8058 one-click POST does, without CSRF
    page = client.get(path_of(unsub, base))
    assert page.status_code == 200 and _subscriber(engine).status == "confirmed"
    resp = client.post(path_of(one_click, base), data="List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 200 and "unsubscribed" in resp.text
    assert _subscriber(engine).status == "unsubscribed"
    again = client.post(path_of(one_click, base), data="List-Unsubscribe=One-Click",
                        content_type="application/x-www-form-urlencoded")
    assert again.status_code == 200  # providers may retry: still fine

    assert run_send(engine, settings).subscribers == 0
    assert len(smtp.mailbox.to(READER)) == 2
