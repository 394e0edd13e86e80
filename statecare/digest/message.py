"""Build the MIME message: multipart/alternative (text first, HTML second) with the headers that
let mail providers offer one-click unsubscribe (RFC 2369 List-Unsubscribe + RFC 8058
List-Unsubscribe-Post) and group the list (RFC 2919 List-Id).
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr
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
        msg["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        host = list_host or urlsplit(unsubscribe_url).hostname or "localhost"
        msg["List-Id"] = f"statecare weekly digest <weekly.{host}>"
        msg["Precedence"] = "bulk"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg
