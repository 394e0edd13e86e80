"""The digest's settings, read from the environment or a Flask app's config, in one place.

The web pages and the `statecare digest` commands must agree on the secret that signs tokens, the
public address links point at and the SMTP server, so both build a `DigestSettings` the same way:
Flask config first (tests pass values there), then the environment, then a default that works on a
developer's machine. SECRET_KEY has no constant default (issue 16.1): without one in the config or
the environment it is the instance folder's generated key, read through statecare.config.secret_key
exactly as the site reads it, so a link `digest send` signs is one the site accepts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from statecare.config import secret_key

SEND_EMPTY_CHOICES = ("subscriber", "never", "always")


class SettingsError(ValueError):
    """A setting has a value the digest cannot use; the message names the setting."""


@dataclass(frozen=True)
class DigestSettings:
    """Everything the digest needs besides the database."""

    secret_key: str
    base_url: str = "http://127.0.0.1:5000"
    smtp_url: str = "smtp://127.0.0.1:25"
    mail_from: str = "statecare digest <digest@localhost>"
    # "subscriber": each subscriber's send_empty decides; "never" / "always" override it for everyone
    send_empty: str = "subscriber"
    # events younger than this are left for the next run: on PostgreSQL a sequence hands out ids
    # before commit, so a just-committed id can be smaller than one already seen
    settle_seconds: int = 60
    confirm_max_age: int = 3 * 24 * 3600
    manage_max_age: int = 400 * 24 * 3600
    # subscribe form: attempts per client IP per hour, confirmation mails per address per hour
    ip_limit_per_hour: int = 10
    address_limit_per_hour: int = 3
    # subscribers claimed at a time by `digest send`: on PostgreSQL, what one sender locks while it
    # works, so several senders share a run in chunks this size
    batch_size: int = 100

    def __post_init__(self) -> None:
        if not self.secret_key:
            raise SettingsError("SECRET_KEY is empty: the digest signs confirmation and unsubscribe links with it")
        if self.send_empty not in SEND_EMPTY_CHOICES:
            raise SettingsError(
                f"DIGEST_SEND_EMPTY={self.send_empty!r}: expected one of {', '.join(SEND_EMPTY_CHOICES)}"
            )
        if not self.base_url.startswith(("http://", "https://")):
            raise SettingsError(f"BASE_URL={self.base_url!r}: expected an absolute http(s) URL")
        if self.batch_size < 1:
            raise SettingsError(f"DIGEST_BATCH_SIZE={self.batch_size!r}: expected 1 or more")

    @property
    def root(self) -> str:
        """BASE_URL without a trailing slash, for joining paths."""
        return self.base_url.rstrip("/")

    @classmethod
    def load(cls, config: Mapping[str, Any] | None = None) -> DigestSettings:
        """Settings from `config` (a Flask app's config), else the environment, else defaults."""
        cfg = dict(config or {})

        def get(name: str, default: Any = None) -> Any:
            if cfg.get(name) not in (None, ""):
                return cfg[name]
            env = os.environ.get(name)
            return env if env not in (None, "") else default

        def get_int(name: str, default: int) -> int:
            raw = get(name, default)
            try:
                return int(raw)
            except (TypeError, ValueError) as exc:
                raise SettingsError(f"{name}={raw!r}: expected a whole number") from exc

        return cls(
            secret_key=str(get("SECRET_KEY") or secret_key()),
            base_url=str(get("BASE_URL", cls.base_url)),
            smtp_url=str(get("SMTP_URL", cls.smtp_url)),
            mail_from=str(get("DIGEST_FROM", cls.mail_from)),
            send_empty=str(get("DIGEST_SEND_EMPTY", cls.send_empty)),
            settle_seconds=get_int("DIGEST_SETTLE_SECONDS", cls.settle_seconds),
            confirm_max_age=get_int("DIGEST_CONFIRM_MAX_AGE", cls.confirm_max_age),
            manage_max_age=get_int("DIGEST_MANAGE_MAX_AGE", cls.manage_max_age),
            ip_limit_per_hour=get_int("DIGEST_IP_LIMIT_PER_HOUR", cls.ip_limit_per_hour),
            address_limit_per_hour=get_int("DIGEST_ADDRESS_LIMIT_PER_HOUR", cls.address_limit_per_hour),
            batch_size=get_int("DIGEST_BATCH_SIZE", cls.batch_size),
        )
