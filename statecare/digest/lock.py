"""A named lock row in the database, so two `digest send` runs on any hosts never overlap.

Claiming is one INSERT of the row (the primary key makes it atomic on SQLite and PostgreSQL alike);
the holder refreshes `acquired_at` while it works, and a row not refreshed for `stale_after`
seconds (its process died) may be taken over by one UPDATE that checks the old time, which is
again atomic. Releasing deletes the row only if we still hold it.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from statecare.db.models import Lock, utcnow

locks = Lock.__table__


class LockHeld(RuntimeError):
    """Someone else holds the lock; says who and since when."""

    def __init__(self, name: str, holder: str | None, since: datetime | None) -> None:
        super().__init__(f"lock {name!r} is held by {holder or 'unknown'} since {since or 'unknown time'}")
        self.holder = holder
        self.since = since


class LockLost(RuntimeError):
    """Our lock was taken over (we looked dead for longer than stale_after): stop working."""


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class DbLock:
    engine: Engine
    name: str
    stale_after: float = 900.0
    holder: str = ""

    def __post_init__(self) -> None:
        self.holder = self.holder or default_holder()

    def acquire(self) -> None:
        """Take the lock or raise LockHeld."""
        now = utcnow()
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(locks).values(name=self.name, holder=self.holder, acquired_at=now))
            return
        except IntegrityError:
            pass
        cutoff = now - timedelta(seconds=self.stale_after)
        with self.engine.begin() as conn:
            res = conn.execute(
                update(locks)
                .where(locks.c.name == self.name,
                       or_(locks.c.holder.is_(None), locks.c.acquired_at.is_(None), locks.c.acquired_at < cutoff))
                .values(holder=self.holder, acquired_at=now)
            )
            if res.rowcount == 1:
                return
            row = conn.execute(select(locks.c.holder, locks.c.acquired_at).where(locks.c.name == self.name)).first()
        raise LockHeld(self.name, row.holder if row else None, row.acquired_at if row else None)

    def heartbeat(self) -> None:
        """Prove we are alive; raises LockLost if someone took the lock over."""
        with self.engine.begin() as conn:
            res = conn.execute(
                update(locks).where(locks.c.name == self.name, locks.c.holder == self.holder)
                .values(acquired_at=utcnow())
            )
        if res.rowcount != 1:
            raise LockLost(f"lock {self.name!r} is no longer held by {self.holder}")

    def release(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(locks).where(and_(locks.c.name == self.name, locks.c.holder == self.holder)))

    def __enter__(self) -> DbLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
