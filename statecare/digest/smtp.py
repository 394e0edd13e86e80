"""SMTP hand-off: settings from SMTP_URL, one reused connection per batch, outcomes a sender can act on.

`smtplib` does the protocol. What this module adds is the distinction the "never twice, never lost"
rule needs: a *refusal* (the server answered 4xx/5xx, so it certainly did not take the message) is
safe to retry with a fresh digest, while a connection lost during the transaction is *ambiguous*
(the server may have queued the message just before the socket died), so the sender must retry that
one with the same Message-ID.

SMTP_URL forms: ``smtp://host:25``, ``smtp://user:pass@host:587?starttls=1``, ``smtps://host:465``;
``?timeout=SECONDS`` sets the socket timeout (default 30).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from enum import Enum
from urllib.parse import parse_qs, unquote, urlsplit

TRUE_WORDS = ("1", "true", "yes", "on")


class SmtpUrlError(ValueError):
    """SMTP_URL cannot be used; the message quotes it (without the password)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    ssl: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_url(cls, url: str) -> SmtpSettings:
        """Parse SMTP_URL; raises SmtpUrlError naming the bad part."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise SmtpUrlError(f"SMTP_URL {_redact(url)!r}: {exc}") from exc
        if parts.scheme not in ("smtp", "smtps"):
            raise SmtpUrlError(f"SMTP_URL {_redact(url)!r}: scheme must be smtp:// or smtps://")
        if not parts.hostname:
            raise SmtpUrlError(f"SMTP_URL {_redact(url)!r}: no host")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        unknown = set(query) - {"starttls", "timeout"}
        if unknown:
            raise SmtpUrlError(f"SMTP_URL {_redact(url)!r}: unknown option(s) {', '.join(sorted(unknown))}")
        use_ssl = parts.scheme == "smtps"
        starttls = query.get("starttls", "0").lower() in TRUE_WORDS
        if use_ssl and starttls:
            raise SmtpUrlError(f"SMTP_URL {_redact(url)!r}: smtps:// is already TLS; drop ?starttls")
        try:
            timeout = float(query.get("timeout", "30"))
        except ValueError as exc:
            raise SmtpUrlError(f"SMTP_URL {_redact(url)!r}: timeout must be a number of seconds") from exc
        return cls(
            host=parts.hostname,
            port=port or (465 if use_ssl else 25),
            ssl=use_ssl,
            starttls=starttls,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            timeout=timeout,
        )


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


class Outcome(Enum):
    """What happened to one message."""

    SENT = "sent"  # the server answered 250 to the end of DATA: it has the message
    REFUSED = "refused"  # the server said no (4xx/5xx): it certainly does not have it
    AMBIGUOUS = "ambiguous"  # the connection died mid-transaction: it may or may not have it


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    detail: str = ""


class SmtpUnavailable(RuntimeError):
    """The server cannot be reached or refuses us before any message: stop the batch, retry later."""


class SmtpTransport:
    """One SMTP connection reused across a batch, reopened after the server drops it.

    Use as a context manager; `send` never raises for a per-message failure, it returns an outcome.
    """

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._conn: smtplib.SMTP | None = None
        self.connections_opened = 0

    @classmethod
    def from_url(cls, url: str) -> SmtpTransport:
        return cls(SmtpSettings.from_url(url))

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.ssl:
                conn: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=ssl.create_default_context()
                )
            else:
                conn = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            conn.ehlo()
            if s.starttls:
                conn.starttls(context=ssl.create_default_context())
                conn.ehlo()
            if s.username:
                conn.login(s.username, s.password or "")
        except (OSError, smtplib.SMTPException) as exc:
            raise SmtpUnavailable(f"SMTP server {s.host}:{s.port} unavailable: {exc}") from exc
        self.connections_opened += 1
        return conn

    def ensure_connected(self) -> None:
        """Open the connection if there is none; raises SmtpUnavailable before any message is at stake."""
        if self._conn is None:
            self._conn = self._connect()

    def send(self, msg: EmailMessage, from_addr: str, to_addr: str) -> SendResult:
        """Hand one message to the server over the shared connection.

        The transaction is driven step by step (MAIL, RCPT, DATA) rather than with `sendmail` so the
        outcome says *where* it failed: a connection lost before DATA is retried once on a fresh
        connection (nothing can have been delivered), one lost during DATA is AMBIGUOUS. Raises
        SmtpUnavailable only when the server cannot be reached at all.
        """
        payload = msg.as_bytes(policy=SMTP_POLICY)
        for attempt in (1, 2):
            self.ensure_connected()
            conn = self._conn
            assert conn is not None
            stage = "envelope"
            try:
                code, resp = conn.mail(from_addr)
                if code != 250:
                    return self._refused(code, resp)
                code, resp = conn.rcpt(to_addr)
                if code not in (250, 251):
                    return self._refused(code, resp)
                stage = "data"
                code, resp = conn.data(payload)
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                self._drop()
                if stage == "data":
                    return SendResult(Outcome.AMBIGUOUS, f"connection lost during DATA: {exc}")
                if attempt == 2:
                    raise SmtpUnavailable(f"SMTP connection lost twice before DATA: {exc}") from exc
                continue
            if code != 250:
                return self._refused(code, resp)
            return SendResult(Outcome.SENT, f"{code} {_text(resp)}")
        raise AssertionError("unreachable")

    def _refused(self, code: int, resp: bytes | str) -> SendResult:
        """The server said no: reset the transaction (or drop a connection it is closing)."""
        if code == 421 or code < 0:
            self._drop()
        else:
            try:
                assert self._conn is not None
                self._conn.rset()
            except (smtplib.SMTPException, OSError):
                self._drop()
        return SendResult(Outcome.REFUSED, f"{code} {_text(resp)}")

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except OSError:
                pass

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.quit()
            except (smtplib.SMTPException, OSError):
                conn.close()


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
