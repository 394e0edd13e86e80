"""Build the MIME message: multipart/alternative (text first, HTML second) with the headers that
let mail providers offer one-click unsubscribe (RFC 2369 List-Unsubscribe + RFC 8058
List-Unsubscribe-Post) and group the list (RFC 2919 List-Id).

List-Unsubscribe is written as it is, `<URL>` on one line, never through the email package's
folding: a URL is one long "word" to that folder, and a word longer than the line limit makes it
RFC 2047-encode the whole header (`=?utf-8?q?=3Chttp...`), which no mail provider reads as a link
(issue 16.5). See `VerbatimHeader`.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any
from urllib.parse import urlsplit

from statecare.db.models import utcnow


def sender_domain(mail_from: str) -> str:
    """The domain of the From address (Message-IDs are minted under it)."""
    addr = parseaddr(mail_from)[1]
    if "@" not in addr:
        raise ValueError(f"DIGEST_FROM {mail_from!r} has no address with a domain")
    return addr.rsplit("@", 1)[1]


def new_message_id(mail_from: str) -> str:
    return make_msgid(idstring="digest", domain=sender_domain(mail_from))


# RFC 5322 2.1.1: a line must not exceed 998 characters (plus CRLF)
MAX_LINE = 998


class VerbatimHeader(str):
    """A header value the generator writes exactly as given (ASCII only, no RFC 2047 encoding).

    `email.policy.EmailPolicy` hands any value with a `name` and a `fold` method to that method
    instead of folding it itself; that is the documented hook (email.headerregistry's header
    objects use it). Only when the line would break RFC 5322's 998-character limit is it folded,
    and then only with whitespace *inside* the URL, which RFC 2369 section 2 says readers ignore.
    """

    name: str

    def __new__(cls, name: str, value: str) -> VerbatimHeader:
        value.encode("ascii")  # a non-ASCII URL would need encoding: refuse it early and loudly
        if "\r" in value or "\n" in value:
            raise ValueError(f"header {name} must be one line")
        obj = super().__new__(cls, value)
        obj.name = name
        return obj

    def fold(self, *, policy: Any) -> str:
        """`Name: value` and the policy's line ending; folded only past the 998-character limit."""
        line = f"{self.name}: {self}"
        chunks = [line[i:i + MAX_LINE - 1] for i in range(0, len(line), MAX_LINE - 1)] or [line]
        return (policy.linesep + " ").join(chunks) + policy.linesep


def build_message(*, mail_from: str, to: str, subject: str, text: str, html: str, message_id: str,
                  unsubscribe_url: str | None = None, list_host: str | None = None) -> EmailMessage:
    """A ready-to-send message; `unsubscribe_url` adds the RFC 8058 one-click headers."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = mail_from
    msg["To"] = Address(addr_spec=to)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(utcnow())
    msg["Message-ID"] = message_id
    if unsubscribe_url:
        msg["List-Unsubscribe"] = VerbatimHeader("List-Unsubscribe", f"<{unsubscribe_url}>")
        msg["List-Unsubscribe-Post"] = VerbatimHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
        host = list_host or urlsplit(unsubscribe_url).hostname or "localhost"
        msg["List-Id"] = f"statecare weekly digest <weekly.{host}>"
        msg["Precedence"] = "bulk"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg
