"""`statecare digest send --dry-run` and `statecare digest preview EMAIL` through the real CLI group."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from digesthelp import SmtpServer, Week, add_subscriber
from sqlalchemy import Engine

from statecare.cli import main
from statecare.digest.settings import DigestSettings


@pytest.fixture
def engine(sqlite_engine: Engine) -> Engine:
    return sqlite_engine


@pytest.fixture
def env(engine: Engine, settings: DigestSettings) -> dict[str, str]:
    return {"DATABASE_URL": engine.url.render_as_string(hide_password=False), "SMTP_URL": settings.smtp_url,
            "SECRET_KEY": settings.secret_key, "BASE_URL": settings.base_url, "DIGEST_SETTLE_SECONDS": "0"}


def test_dry_run_and_preview(engine: Engine, week: Week, smtp: SmtpServer, env: dict[str, str]) -> None:
    add_subscriber(engine, "wa@example.org", states=["wa"], last_event_id=week.start_after)
    runner = CliRunner()
    res = runner.invoke(main, ["digest", "send", "--dry-run"], env=env)
    assert res.exit_code == 0, res.output
    assert "would send to wa@example.org" in res.output and "would_send=1" in res.output
    assert not smtp.mailbox.received
    res = runner.invoke(main, ["digest", "preview", "WA@example.org"], env=env)
    assert res.exit_code == 0, res.output
    assert "== Washington ==" in res.output and "/bills/wa/2025-2026/SJM8004" in res.output
    res = runner.invoke(main, ["digest", "preview", "--html", "wa@example.org"], env=env)
    assert "<!DOCTYPE html>" in res.output
    res = runner.invoke(main, ["digest", "send"], env=env)
    assert res.exit_code == 0 and "sent=1" in res.output and len(smtp.mailbox.received) == 1


def test_cli_names_bad_input(engine: Engine, env: dict[str, str]) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["digest", "preview", "nobody@example.org"], env=env)
    assert res.exit_code != 0 and "nobody@example.org" in res.output
    res = runner.invoke(main, ["digest", "preview", "not an address"], env=env)
    assert res.exit_code != 0 and "not an address" in res.output
    res = runner.invoke(main, ["digest", "send", "--since", "last tuesday"], env=env)
    assert res.exit_code != 0 and "last tuesday" in res.output
    res = runner.invoke(main, ["digest", "send"], env={**env, "SMTP_URL": "smtp://h?tls=1"})
    assert res.exit_code != 0 and "SMTP_URL" in res.output


def test_bad_smtp_url_leaves_no_lock(engine: Engine, env: dict[str, str]) -> None:
    from sqlalchemy import select

    from statecare.db.models import Lock

    res = CliRunner().invoke(main, ["digest", "send"], env={**env, "SMTP_URL": "smtps://h?starttls=1"})
    assert res.exit_code != 0 and "already TLS" in res.output
    with engine.connect() as conn:
        assert conn.execute(select(Lock)).first() is None
