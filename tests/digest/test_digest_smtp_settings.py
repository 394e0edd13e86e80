"""SMTP_URL parsing and settings errors: bad input is named."""

from __future__ import annotations

import pytest

from statecare.digest.settings import DigestSettings, SettingsError
from statecare.digest.smtp import SmtpSettings, SmtpUrlError


def test_smtp_url_forms() -> None:
    s = SmtpSettings.from_url("smtp://mailer:p%40ss@mail.example.org:587?starttls=1&timeout=5")
    assert (s.host, s.port, s.starttls, s.ssl, s.username, s.password, s.timeout) == (
        "mail.example.org", 587, True, False, "mailer", "p@ss", 5.0)
    s = SmtpSettings.from_url("smtps://mail.example.org")
    assert s.ssl and s.port == 465 and not s.starttls
    assert SmtpSettings.from_url("smtp://localhost").port == 25


@pytest.mark.parametrize("url, words", [
    ("http://mail.example.org", "scheme"),
    ("smtp://", "no host"),
    ("smtp://h:notaport", "Port"),
    ("smtps://h?starttls=1", "already TLS"),
    ("smtp://h?tls=1", "unknown option"),
    ("smtp://h?timeout=soon", "timeout"),
])
def test_bad_smtp_urls_are_named(url: str, words: str) -> None:
    with pytest.raises(SmtpUrlError, match=words):
        SmtpSettings.from_url(url)


def test_password_never_in_the_error() -> None:
    with pytest.raises(SmtpUrlError) as exc:
        SmtpSettings.from_url("smtp://u:hunter2@h?tls=1")
    assert "hunter2" not in str(exc.value)


def test_settings_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError, match="DIGEST_SEND_EMPTY"):
        DigestSettings.load({"SECRET_KEY": "k", "DIGEST_SEND_EMPTY": "sometimes"})
    with pytest.raises(SettingsError, match="BASE_URL"):
        DigestSettings.load({"SECRET_KEY": "k", "BASE_URL": "statecare.org"})
    with pytest.raises(SettingsError, match="DIGEST_SETTLE_SECONDS"):
        DigestSettings.load({"SECRET_KEY": "k", "DIGEST_SETTLE_SECONDS": "a minute"})
    monkeypatch.setenv("BASE_URL", "https://statecare.example")
    assert DigestSettings.load({"SECRET_KEY": "k"}).root == "https://statecare.example"


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_credentials_from_the_url_are_used(engine, week, settings) -> None:  # type: ignore[no-untyped-def]
    """A server that requires AUTH: the right password delivers, a wrong one stops the run cleanly."""
    from dataclasses import replace

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult
    from digesthelp import Mailbox, add_subscriber, free_port

    from statecare.digest.sender import run_send

    def check(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        return AuthResult(success=auth_data.login == b"digest" and auth_data.password == b"s3cr:t")

    box, port = Mailbox(), free_port()
    ctrl = Controller(box, hostname="127.0.0.1", port=port, authenticator=check, auth_required=True,
                      auth_require_tls=False)
    ctrl.start()
    try:
        add_subscriber(engine, "auth@example.org", last_event_id=week.start_after)
        # aiosmtpd stalls a failed AUTH (against guessing): the run gives up at the URL's timeout
        bad = run_send(engine, replace(settings, smtp_url=f"smtp://digest:wrong@127.0.0.1:{port}?timeout=2"))
        assert bad.sent == 0 and bad.stopped and "unavailable" in bad.stopped and not box.received
        good = run_send(engine, replace(settings, smtp_url=f"smtp://digest:s3cr%3At@127.0.0.1:{port}"))
        assert good.sent == 1 and [r.rcpt for r in box.received] == ["auth@example.org"]
    finally:
        ctrl.stop()
