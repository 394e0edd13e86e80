"""The links and headers that let a reader leave: issue 16.1 (no SECRET_KEY set: the CLI signed
with a constant, the site checked with its own instance key, nobody could unsubscribe) and issue
16.5 (List-Unsubscribe folded and RFC 2047-encoded). Real `statecare digest send`, real SMTP
server on loopback, the real site; the headers are checked on the bytes the server received."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from digest_webhelp import path_of, text_links
from digesthelp import SmtpServer, Week, add_subscriber
from sqlalchemy import Engine, select

from statecare.config import secret_key
from statecare.db.models import Subscriber
from statecare.digest.sender import run_send
from statecare.digest.settings import DigestSettings

STATECARE = str(Path(sys.executable).with_name("statecare"))
HEADER_RE = re.compile(rb"\r?\nList-Unsubscribe: (?P<value>[^\r\n]*)\r?\n(?P<next>[^\r\n]*)")


@pytest.fixture
def engine(sqlite_engine: Engine) -> Engine:
    """Neither issue is about the database: SQLite only."""
    return sqlite_engine


def _status(engine: Engine, email: str) -> str:
    with engine.connect() as conn:
        return str(conn.execute(select(Subscriber.status).where(Subscriber.email == email)).scalar_one())


def test_cli_signs_and_site_accepts_without_secret_key(engine: Engine, week: Week, smtp: SmtpServer,
                                                       settings: DigestSettings, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The default set-up: no SECRET_KEY anywhere. `digest send` (its own process) and the site
    (another app, same instance folder) must use one key, so the emailed links work."""
    instance = tmp_path / "instance"
    db_url = engine.url.render_as_string(hide_password=False)
    add_subscriber(engine, "leaver@example.org", last_event_id=week.start_after)
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DATABASE_URL=db_url, SMTP_URL=smtp.url, BASE_URL=settings.base_url, DIGEST_FROM=settings.mail_from,
               DIGEST_SETTLE_SECONDS="0", STATECARE_INSTANCE=str(instance))
    res = subprocess.run([STATECARE, "digest", "send"], env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, (res.stdout, res.stderr)
    [got] = smtp.mailbox.to("leaver@example.org")
    key_file = instance / "secret_key"
    assert key_file.is_file() and stat.S_IMODE(key_file.stat().st_mode) == 0o600  # generated, private

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("STATECARE_INSTANCE", str(instance))
    from statecare.app import create_app

    app = create_app({"DATABASE_URL": db_url, "BASE_URL": settings.base_url, "SMTP_URL": smtp.url,
                      "DIGEST_FROM": settings.mail_from, "TESTING": True})
    client = app.test_client()
    msg = got.message
    one_click = str(msg["List-Unsubscribe"]).strip("<>")
    body = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    prefs = next(u for u in text_links(body) if "/preferences/" in u)
    assert client.get(path_of(prefs, settings.base_url)).status_code == 200  # a valid signature
    resp = client.post(path_of(one_click, settings.base_url), data="List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 200 and "unsubscribed" in resp.text
    assert _status(engine, "leaver@example.org") == "unsubscribed"


def test_no_constant_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without SECRET_KEY the digest's key is the instance folder's, made once and then reused:
    two installations never share a key, and none is a constant of the source."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    keys = []
    for name in ("one", "two"):
        monkeypatch.setenv("STATECARE_INSTANCE", str(tmp_path / name))
        key = DigestSettings.load().secret_key
        assert key == secret_key() == (tmp_path / name / "secret_key").read_text().strip()
        assert len(key) == 64
        keys.append(key)
    assert keys[0] != keys[1]
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert DigestSettings.load().secret_key == "from-the-environment"


@pytest.mark.parametrize("base_url", ["http://digest.test",
                                      "https://statecare.example.org/" + "/".join(["digest-subpath"] * 20)])
def test_list_unsubscribe_is_plain_on_the_wire(engine: Engine, week: Week, smtp: SmtpServer,
                                               settings: DigestSettings, base_url: str) -> None:
    """Issue 16.5: the raw header is `List-Unsubscribe: <URL>` on one line, never RFC 2047
    `=?utf-8?q?=3Chttp...`, even for a URL far past the 78-character folding width."""
    add_subscriber(engine, "raw@example.org", last_event_id=week.start_after)
    report = run_send(engine, replace(settings, base_url=base_url))
    assert report.sent == 1
    [got] = smtp.mailbox.to("raw@example.org")
    m = HEADER_RE.search(got.data)
    assert m, got.data[:2000]
    value = m.group("value").decode("ascii")
    assert b"=?" not in m.group("value") and not m.group("next").startswith((b" ", b"\t"))  # not folded
    assert re.fullmatch(r"<https?://[^<>\s]+/unsubscribe/[^<>\s]+>", value), value
    assert value[1:-1].startswith(base_url + "/unsubscribe/")
    assert re.search(rb"\r?\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r?\n", got.data)
    # the header's URL is the page link the text part carries
    body = got.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert value[1:-1] in text_links(body)
