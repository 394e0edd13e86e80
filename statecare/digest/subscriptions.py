"""Subscribe, confirm, change preferences, unsubscribe: the rules, apart from the web pages.

Privacy rule: a subscribe request gets the same answer whatever the address's state (new, pending,
confirmed, unsubscribed) -- the difference is only in which email the *owner of the address*
receives. Links in emails carry signed tokens (statecare.digest.tokens) that name the subscriber by
id; holding one proves you received mail at that address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeVar

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from statecare.db.models import Event, Follow, Subscriber, utcnow
from statecare.digest.selection import Filters
from statecare.digest.tokens import TokenClaims, TokenInvalid, TokenSuperseded


class InvalidAddress(ValueError):
    """The address cannot receive mail as written; the message says why, for the form."""


def normalise_email(raw: str) -> str:
    """A deliverable-looking address in one canonical spelling (used as the unique key).

    email-validator checks the syntax (no DNS lookups: check_deliverability=False, so the form
    works offline and does not leak timing about domains); the result is lower-cased because
    virtually every mailbox ignores case and "Ann@x.org" must not subscribe twice.
    """
    raw = (raw or "").strip()
    if not raw:
        raise InvalidAddress("Please enter an email address.")
    if len(raw) > 254:
        raise InvalidAddress("That email address is too long.")
    try:
        info = validate_email(raw, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise InvalidAddress(str(exc)) from exc
    return (info.ascii_email or info.normalized).lower()


def current_max_event_id(session: Session) -> int:
    return int(session.execute(select(func.coalesce(func.max(Event.id), 0))).scalar_one())


Outcome = Literal["confirm", "already_subscribed"]


@dataclass(frozen=True)
class SubscribeResult:
    """Which email to send (never shown to the requester): a confirmation, or a manage link."""

    subscriber: Subscriber
    email_kind: Outcome


def request_subscription(session: Session, email: str, filters: Filters) -> SubscribeResult:
    """Record a subscribe request. New, pending and unsubscribed addresses get (new) pending filters
    and a fresh token version (voiding older links); a confirmed one is left untouched and its owner
    is sent a link to the preferences page instead, so nobody can change someone else's filters."""
    sub = session.scalars(select(Subscriber).where(Subscriber.email == email).with_for_update()).first()
    if sub is None:
        sub = Subscriber(email=email, status="pending", states=sorted(filters.states),
                         policy_types=sorted(filters.policy_types), saved_search=filters.saved_search,
                         send_empty=False, created_at=utcnow(), last_event_id=0, token_version=1)
        session.add(sub)
        session.flush()
        return SubscribeResult(sub, "confirm")
    if sub.status == "confirmed":
        return SubscribeResult(sub, "already_subscribed")
    sub.status = "pending"
    sub.states = sorted(filters.states)
    sub.policy_types = sorted(filters.policy_types)
    sub.saved_search = filters.saved_search
    sub.token_version = (sub.token_version or 0) + 1
    session.flush()
    return SubscribeResult(sub, "confirm")


_Tokened = TypeVar("_Tokened", Subscriber, Follow)


def row_for_token(session: Session, model: type[_Tokened], claims: TokenClaims, what: str) -> _Tokened:
    """The row (subscriber or follow) a verified token names, locked; raises if it is gone or the
    token was superseded (a newer link was sent, or the address unsubscribed everything)."""
    row = session.get(model, claims.subscriber_id, with_for_update=True)
    if row is None:
        raise TokenInvalid(f"no such {what}")
    if row.token_version != claims.version:
        raise TokenSuperseded()
    return row


def subscriber_for(session: Session, claims: TokenClaims) -> Subscriber:
    """The subscriber a verified token names; raises if it is gone or the token was superseded."""
    return row_for_token(session, Subscriber, claims, "subscriber")


def confirm(session: Session, sub: Subscriber | Follow) -> bool:
    """Confirm a pending subscription (or follow of one bill); the first digest or alert starts from
    now, not from history. Returns False if it was already confirmed (a second click changes nothing)."""
    if sub.status == "confirmed":
        return False
    sub.status = "confirmed"
    sub.confirmed_at = utcnow()
    sub.unsubscribed_at = None
    sub.last_event_id = max(sub.last_event_id or 0, current_max_event_id(session))
    return True


def unsubscribe(session: Session, sub: Subscriber | Follow) -> bool:
    """Stop the mail (a follow: that bill's alerts); idempotent (mail providers may POST the one-click
    request more than once).
    The token version is kept so the same link still shows the "you are unsubscribed" page."""
    if sub.status == "unsubscribed":
        return False
    sub.status = "unsubscribed"
    sub.unsubscribed_at = utcnow()
    return True


def resubscribe(session: Session, sub: Subscriber) -> None:
    """Undo an unsubscribe from a link in a digest (it proves the address; no new confirmation)."""
    sub.status = "confirmed"
    sub.unsubscribed_at = None
    sub.confirmed_at = sub.confirmed_at or utcnow()
    sub.last_event_id = max(sub.last_event_id or 0, current_max_event_id(session))


def update_preferences(session: Session, sub: Subscriber, filters: Filters, send_empty: bool) -> None:
    sub.states = sorted(filters.states)
    sub.policy_types = sorted(filters.policy_types)
    sub.saved_search = filters.saved_search
    sub.send_empty = bool(send_empty)


def filters_of(sub: Subscriber) -> Filters:
    return Filters.of(sub.states, sub.policy_types, sub.saved_search)
