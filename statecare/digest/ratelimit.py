"""Rate limits for the subscribe form, kept in the database.

Why the database and not a dict in the process: the site runs as N WSGI workers on any number of
hosts (DESIGN.md), and a per-process counter would let a client multiply its allowance by the
number of workers. One small table, one UPDATE (or INSERT) per attempt, shared by all of them.

Fixed windows: a key's row holds the start of its current window and a count. Two limits use it:
per client IP (stops one client from hammering the form) and per address (stops anyone from using
the form to flood a victim's inbox with confirmation emails). Address keys are HMAC digests, so the
table never holds the addresses of people who were not subscribed.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert, update
from sqlalchemy.exc import IntegrityError

from statecare.db.models import RateLimitHit, utcnow

hits_t = RateLimitHit.__table__


def _window_start(now: datetime, window_seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % window_seconds, tz=now.tzinfo)


def address_key(secret_key: str, email: str) -> str:
    digest = hmac.new(secret_key.encode(), email.lower().encode(), hashlib.sha256).hexdigest()
    return f"addr:{digest[:48]}"


def ip_key(ip: str | None) -> str:
    return f"ip:{(ip or 'unknown')[:100]}"


def hit(engine: Engine, key: str, limit: int, window_seconds: int = 3600, now: datetime | None = None) -> bool:
    """Count one attempt for `key`; True if it is within `limit` attempts in the current window."""
    now = now or utcnow()
    ws = _window_start(now, window_seconds)
    c = hits_t.c
    for _ in range(3):
        with engine.begin() as conn:
            # same window: count up; an older window: start again at 1 (one statement, so atomic)
            res = conn.execute(update(hits_t).where(c.key == key, c.window_start == ws).values(count=c["count"] + 1)
                               .returning(c["count"]))
            row = res.first()
            if row is not None:
                return int(row[0]) <= limit
            res = conn.execute(update(hits_t).where(c.key == key, c.window_start != ws).values(window_start=ws, count=1))
            if res.rowcount == 1:
                return 1 <= limit
        try:
            with engine.begin() as conn:
                conn.execute(insert(hits_t).values(key=key, window_start=ws, count=1))
            return 1 <= limit
        except IntegrityError:
            continue  # another worker inserted the row first: count on it
    return False


def prune(engine: Engine, older_than: timedelta = timedelta(days=2)) -> int:
    """Drop windows nobody can be in any more (run by `digest send`, i.e. weekly by cron)."""
    with engine.begin() as conn:
        return int(conn.execute(delete(hits_t).where(hits_t.c.window_start < utcnow() - older_than)).rowcount)
