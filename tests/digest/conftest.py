"""Fixtures for the digest tests: a loopback SMTP server, the replayed week, settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from digest_webhelp import make_app
from digesthelp import Mailbox, SmtpServer, Week, build_week, start_smtp
from sqlalchemy import Engine

from statecare.digest.settings import DigestSettings

BASE_URL = "http://digest.test"
SECRET = "test-secret-for-digest-tokens"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = start_smtp(Mailbox())
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def week(engine: Engine, fixtures: Path, shared: Path) -> Week:
    return build_week(engine, fixtures, shared)


@pytest.fixture
def settings(smtp: SmtpServer) -> DigestSettings:
    return DigestSettings(secret_key=SECRET, base_url=BASE_URL, smtp_url=smtp.url,
                          mail_from="statecare digest <digest@statecare.test>", settle_seconds=0)


@pytest.fixture
def app(engine: Engine, settings: DigestSettings, tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_app(engine, settings, tmp_path)
