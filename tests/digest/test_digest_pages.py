"""The digest pages' edges: bad links get a clear page, nothing reveals who is subscribed, the form
is rate-limited, validated and CSRF-protected, and the preview shows real digests."""

from __future__ import annotations

import time
from pathlib import Path

import itsdangerous.timed
import pytest
from digest_webhelp import csrf_token, make_app
from digesthelp import SmtpServer, Week, add_subscriber
from sqlalchemy import Engine, select

from statecare.db.models import Subscriber
from statecare.digest.settings import DigestSettings
from statecare.digest.tokens import make_token


@pytest.fixture
def engine(sqlite_engine: Engine) -> Engine:
    """These are about the pages, not the database: SQLite only (the flow test runs on both)."""
    return sqlite_engine


def _post_subscribe(client, email: str, **extra: object):  # type: ignore[no-untyped-def]
    page = client.get("/subscribe")
    return client.post("/subscribe", data={"csrf_token": csrf_token(page.text), "email": email, **extra})


def _token_at(monkeypatch: pytest.MonkeyPatch, when: float, *args: object) -> str:
    with monkeypatch.context() as m:
        m.setattr(itsdangerous.timed.time, "time", lambda: when)
        return make_token(*args)  # type: ignore[arg-type]


def test_tampered_expired_and_superseded_links(app, engine: Engine, settings: DigestSettings,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    client = app.test_client()
    sid = add_subscriber(engine, "a@example.org", status="pending")
    good = make_token(settings.secret_key, "confirm", sid, 1)
    assert client.get(f"/confirm/{good}").status_code == 200

    tampered = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
    for path in (f"/confirm/{tampered}", f"/preferences/{tampered}", f"/unsubscribe/{tampered}"):
        resp = client.get(path)
        assert resp.status_code == 400 and "not valid" in resp.text, path
    resp = client.post(f"/unsubscribe/{tampered}", data="List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 400
    # a confirmation token is not an unsubscribe token (different salt)
    assert client.get(f"/unsubscribe/{good}").status_code == 400

    old = _token_at(monkeypatch, time.time() - settings.confirm_max_age - 60, settings.secret_key, "confirm", sid, 1)
    resp = client.get(f"/confirm/{old}")
    assert resp.status_code == 410 and "expired" in resp.text and "/subscribe" in resp.text

    with engine.begin() as conn:  # someone asked again: a new confirmation email voids the old one
        conn.execute(Subscriber.__table__.update().values(token_version=2))
    resp = client.get(f"/confirm/{good}")
    assert resp.status_code == 410 and "replaced by a newer one" in resp.text
    with engine.connect() as conn:
        assert conn.execute(select(Subscriber.status)).scalar() == "pending"


def test_same_answer_for_known_and_unknown_addresses(app, engine: Engine, smtp: SmtpServer) -> None:
    add_subscriber(engine, "known@example.org")
    client = app.test_client()
    known = _post_subscribe(client, "known@example.org", states=["wa"])
    unknown = _post_subscribe(client, "stranger@example.org", states=["wa"])
    assert known.status_code == unknown.status_code == 200
    assert known.data == unknown.data
    # the difference is only in the mailbox of the address's owner
    (k,) = smtp.mailbox.to("known@example.org")
    (u,) = smtp.mailbox.to("stranger@example.org")
    assert "/preferences/" in k.message.get_body(("plain",)).get_content()
    assert "/confirm/" in u.message.get_body(("plain",)).get_content()
    with engine.connect() as conn:  # a confirmed subscriber's filters are not changed by strangers
        assert conn.execute(select(Subscriber.states).where(Subscriber.email == "known@example.org")).scalar() == []


def test_rate_limits(engine: Engine, settings: DigestSettings, smtp: SmtpServer, tmp_path: Path) -> None:
    app = make_app(engine, settings, tmp_path, DIGEST_IP_LIMIT_PER_HOUR=3, DIGEST_ADDRESS_LIMIT_PER_HOUR=1)
    client = app.test_client()
    first = _post_subscribe(client, "victim@example.org")
    second = _post_subscribe(client, "victim@example.org")
    assert first.status_code == second.status_code == 200 and first.data == second.data
    assert len(smtp.mailbox.to("victim@example.org")) == 1  # the second request mailed nothing
    assert _post_subscribe(client, "other@example.org").status_code == 200
    blocked = _post_subscribe(client, "fourth@example.org")
    assert blocked.status_code == 429 and "Too many" in blocked.text
    assert not smtp.mailbox.to("fourth@example.org")
    other_ip = app.test_client()
    resp = other_ip.post("/subscribe", data={"csrf_token": csrf_token(other_ip.get("/subscribe").text),
                                             "email": "fifth@example.org"},
                         environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert resp.status_code == 200


def test_bad_input_is_named(app, smtp: SmtpServer) -> None:
    client = app.test_client()
    resp = _post_subscribe(client, "not-an-address")
    assert resp.status_code == 400 and "@" in resp.text and "not-an-address" in resp.text
    resp = _post_subscribe(client, "a@example.org", states=["zz"])
    assert resp.status_code == 400 and "is not a valid choice" in resp.text and "zz" in resp.text
    resp = _post_subscribe(client, "a@example.org", saved_search="***")
    assert resp.status_code == 400 and "no words" in resp.text
    resp = client.post("/subscribe", data={"email": "a@example.org"})  # no CSRF token
    assert resp.status_code == 400
    assert not smtp.mailbox.received


def test_preview_pages(app, engine: Engine, week: Week, settings: DigestSettings) -> None:
    client = app.test_client()
    resp = client.get("/digest/preview?states=wa")
    assert resp.status_code == 200 and "SJM8004" in resp.text and "Memorial passed both chambers" in resp.text
    assert "max-width:600px" in resp.text
    text = client.get("/digest/preview?states=wa&format=text")
    assert text.mimetype == "text/plain" and "== Washington ==" in text.text and "New York" not in text.text
    assert client.get("/digest/preview?states=zz").status_code == 400
    assert client.get("/digest/preview?days=500").status_code == 400
    sid = add_subscriber(engine, "p@example.org", states=["ny"], last_event_id=week.start_after)
    token = make_token(settings.secret_key, "manage", sid, 1)
    mine = client.get(f"/digest/preview?token={token}&format=text")
    assert mine.status_code == 200 and "== New York ==" in mine.text and "Washington" not in mine.text


def test_preview_shows_sessions_as_the_site_does(app, week: Week) -> None:
    """California's session id "20252026" reads "2025-2026" in both parts, as on every page; the link
    keeps the stored id (a user's-eye pass found the raw id in the digest)."""
    client = app.test_client()
    html = client.get("/digest/preview?states=ca").text
    text = client.get("/digest/preview?states=ca&format=text").text
    assert "AB 1900" in text and "AB 1900 (2025-2026)" in text and "(20252026)" not in text
    assert "(2025-2026)" in html and "(20252026)" not in html and "/bills/ca/20252026/AB1900" in html
    # near miss: a session already written with a dash is shown as stored
    assert "(2025-2026)" in client.get("/digest/preview?states=wa&format=text").text


def test_preview_names_a_numbered_legislature_with_its_years(app, week: Week) -> None:
    """Massachusetts' "194th" read "194th Legislature" in the digest but "194th Legislature, 2025-2026"
    on the site: the digest's templates called the label without the bill's state, which the years need."""
    client = app.test_client()
    text = client.get("/digest/preview?states=ma&format=text").text
    html = client.get("/digest/preview?states=ma").text
    assert "(194th Legislature, 2025-2026)" in text and "(194th Legislature)" not in text, text[:2000]
    assert "(194th Legislature, 2025-2026)" in html and "(194th Legislature)" not in html


def _icon_links(html: str) -> list[str]:
    from bs4 import BeautifulSoup

    head = BeautifulSoup(html, "lxml").head
    return [str(link) for link in head.find_all("link", rel="icon")] if head else []


def test_preview_has_the_sites_icon_link(app, week: Week) -> None:
    """The preview served the email's HTML bare: every other page's head has the site's icon link
    (base.html), the preview had none, so the browser asked for /favicon.ico (404) and the tab lost its
    icon. The link is the site's, once; the text part and the CSP for the email's styles stay."""
    client = app.test_client()
    site = _icon_links(client.get("/subscribe").text)
    assert site == ['<link href="data:," rel="icon"/>']
    resp = client.get("/digest/preview?states=wa")
    assert _icon_links(resp.text) == site
    assert "data:" in resp.headers["Content-Security-Policy"].split("img-src", 1)[1]
    assert "style-src 'unsafe-inline'" in resp.headers["Content-Security-Policy"]
    assert "<link" not in client.get("/digest/preview?states=wa&format=text").text
