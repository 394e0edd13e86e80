"""Follow one bill: the rules (request, confirm, unfollow), apart from the web pages.

Same privacy and link rules as the digest (statecare.digest.subscriptions): a follow request gets the
same answer whatever the address's state, links carry signed tokens (statecare.digest.tokens, with
purposes of their own so a digest link never works here and vice versa) naming the follow by id,
and `token_version` is bumped on every new request so older links stop working.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from statecare.db.models import Bill, Follow, utcnow
from statecare.digest.subscriptions import confirm, row_for_token, unsubscribe
from statecare.digest.tokens import TokenClaims

# the events a follower is told about: the bill moved, a hearing was set, new text, new co-sponsors
ALERT_KINDS: tuple[str, ...] = ("stage_change", "hearing_scheduled", "new_version", "sponsors_added")

FollowOutcome = Literal["confirm", "already_following"]


def request_follow(session: Session, email: str, bill: Bill) -> tuple[Follow, FollowOutcome]:
    """Record a request to follow `bill`; a confirmed follow is left as it is (its owner is told)."""
    f = session.scalars(select(Follow).where(Follow.email == email, Follow.bill_id == bill.id)
                        .with_for_update()).first()
    if f is None:
        f = Follow(email=email, bill_id=bill.id, status="pending", created_at=utcnow(), last_event_id=0,
                   token_version=1)
        session.add(f)
        session.flush()
        return f, "confirm"
    if f.status == "confirmed":
        return f, "already_following"
    f.status = "pending"
    f.token_version = (f.token_version or 0) + 1
    session.flush()
    return f, "confirm"


def follow_for(session: Session, claims: TokenClaims) -> Follow:
    """The follow a verified token names; raises if it is gone or the token was superseded."""
    return row_for_token(session, Follow, claims, "follow")


def confirm_follow(session: Session, f: Follow) -> bool:
    """Confirm; alerts start from now (history is on the bill page). False if already confirmed.
    The same rule as a digest subscription's (subscriptions.confirm)."""
    return confirm(session, f)


def unfollow(session: Session, f: Follow) -> bool:
    """Stop alerts for this bill; idempotent, as subscriptions.unsubscribe."""
    return unsubscribe(session, f)


def unfollow_all(session: Session, f: Follow) -> int:
    """Stop alerts for every bill this address follows (the List-Unsubscribe of a batched alert)."""
    n = 0
    for other in session.scalars(select(Follow).where(Follow.email == f.email, Follow.status != "unsubscribed")
                                 .with_for_update()):
        n += unfollow(session, other)
    return n
