"""Who may send which subscriber's digest: claims that die with their holder.

PostgreSQL (several senders on several hosts): there is no run-wide lock. A sender claims
subscribers a batch at a time (`PgClaims`): one short transaction selects the next ids with
`SELECT ... FOR UPDATE SKIP LOCKED` (concurrent claimers split the rows instead of queueing on
them) and takes a session-level advisory lock per id on the sender's own connection. The advisory
lock is what keeps a subscriber to one sender while it is rendered, handed to SMTP and recorded; it
outlives the claim transaction (so the per-subscriber commits can touch the subscriber row) and
it dies with the holder's database session -- a `kill -9` closes the socket, the server ends the
backend and every claim is free at once (issue 16.6).

SQLite (one writer, one host): `DbLock`, a lease row in the locks table that a background thread
renews every few seconds. A holder that died stops renewing, so the lease goes stale within
`stale_after` seconds; and since SQLite lives on one host, a holder whose process is gone (same
host name, pid no longer running) is taken over at once rather than after the lease runs out.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    and_,
    delete,
    exists,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

from statecare.db.models import DigestSend, Lock, Subscriber, utcnow

log = logging.getLogger(__name__)
locks = Lock.__table__
subs_t = Subscriber.__table__
sends_t = DigestSend.__table__


class LockHeld(RuntimeError):
    """Someone else holds the lock; says who and since when."""

    def __init__(self, name: str, holder: str | None, since: datetime | None) -> None:
        super().__init__(f"lock {name!r} is held by {holder or 'unknown'} since {since or 'unknown time'}")
        self.holder = holder
        self.since = since


class LockLost(RuntimeError):
    """Our lock was taken over (we looked dead for longer than stale_after): stop working."""


def default_holder() -> str:
    """host:pid:nonce -- the host and pid let a process on the same host see that the holder died."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_is_dead(holder: str | None) -> bool:
    """True only when `holder` names a process on this host that no longer runs.

    A holder on another host, or one we cannot check, counts as alive: the lease's age decides.
    """
    if not holder:
        return False
    parts = holder.split(":")
    if len(parts) < 2 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it exists, as another user
    return _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """A killed child its parent has not reaped yet still answers kill(pid, 0); it is dead all the same."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


@dataclass
class DbLock:
    """A named lease row: taken by one INSERT (the primary key makes it atomic), renewed by
    `heartbeat`, taken over when stale or when its holder is a dead process on this host."""

    engine: Engine
    name: str
    stale_after: float = 60.0
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
            row = conn.execute(select(locks.c.holder, locks.c.acquired_at).where(locks.c.name == self.name)).first()
            stale = or_(locks.c.holder.is_(None), locks.c.acquired_at.is_(None), locks.c.acquired_at < cutoff)
            if row is not None and holder_is_dead(row.holder):
                stale = locks.c.holder == row.holder  # dead now: take it if nobody beat us to it
            res = conn.execute(update(locks).where(locks.c.name == self.name, stale)
                               .values(holder=self.holder, acquired_at=now))
            if res.rowcount == 1:
                if row is not None:
                    log.warning("took over lock %r from %s (dead or silent since %s)", self.name, row.holder,
                                row.acquired_at)
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


def _due(upto: int) -> ColumnElement[bool]:
    """Subscribers with something to do: events past their position, or a pending send to finish."""
    pending = exists().where(sends_t.c.subscriber_id == subs_t.c.id, sends_t.c.status == "pending")
    return and_(subs_t.c.status == "confirmed", or_(subs_t.c.last_event_id < upto, pending))


class Claims:
    """Batches of subscriber ids this sender may work on; the base class is for one sender alone
    (a dry run, or SQLite under `LeaseClaims`), where a claim needs no lock."""

    def __init__(self, engine: Engine, batch_size: int) -> None:
        self.engine = engine
        self.batch_size = batch_size
        self.cursor = 0  # ids are claimed in ascending order; each id at most once per run

    def start(self) -> None:
        """Take whatever a run needs before its first batch; raises LockHeld."""

    def lost(self) -> str | None:
        """Why this sender must stop now (its lease was taken over), else None."""
        return None

    def next_batch(self, upto: int) -> list[int]:
        """Ids of the next due subscribers, now ours; [] when the run is done."""
        with self.engine.connect() as conn:
            ids = [int(i) for i in conn.execute(
                select(subs_t.c.id).where(subs_t.c.id > self.cursor, _due(upto))
                .order_by(subs_t.c.id).limit(self.batch_size)).scalars()]
        if ids:
            self.cursor = ids[-1]
        return ids

    def done(self, ids: list[int]) -> None:
        """The batch is recorded; let others have these subscribers."""

    def close(self) -> None:
        """Give everything back (also on errors)."""


class LeaseClaims(Claims):
    """SQLite: the whole run under a `DbLock` lease that a daemon thread renews every
    `heartbeat_every` seconds, so it goes stale soon after its holder dies."""

    def __init__(self, engine: Engine, batch_size: int, name: str, *, stale_after: float,
                 heartbeat_every: float) -> None:
        super().__init__(engine, batch_size)
        self.lock = DbLock(engine, name, stale_after=stale_after)
        self.heartbeat_every = heartbeat_every
        self._stop = threading.Event()
        self._lost: str | None = None
        self._thread: threading.Thread | None = None

    @property
    def holder(self) -> str:
        return self.lock.holder

    def start(self) -> None:
        self.lock.acquire()
        self._thread = threading.Thread(target=self._beat, name=f"lease {self.lock.name}", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        while not self._stop.wait(self.heartbeat_every):
            try:
                self.lock.heartbeat()
            except LockLost as exc:
                self._lost = str(exc)
                return
            except Exception:  # noqa: BLE001 - a busy database: try again next beat, the lease has slack
                log.warning("could not renew the %s lease", self.lock.name, exc_info=True)

    def lost(self) -> str | None:
        return self._lost

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
        if self._lost is None:
            try:
                self.lock.release()
            except Exception:  # noqa: BLE001 - an unreleased lease goes stale by itself
                log.exception("could not release the %s lock", self.lock.name)


@dataclass
class PgClaims(Claims):
    """PostgreSQL: batches claimed with FOR UPDATE SKIP LOCKED and held by advisory locks on this
    sender's own session (see the module docstring), so any number of senders share a run."""

    engine: Engine
    batch_size: int
    name: str = "digest-send"
    cursor: int = 0
    conn: Connection | None = None
    held: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        # advisory keys are one bigint: the lock name's CRC in the high half, the id in the low half
        self._space = zlib.crc32(self.name.encode()) & 0x7FFFFFFF

    def _key(self, sub_id: int) -> int:
        return (self._space << 32) | (sub_id & 0xFFFFFFFF)

    def start(self) -> None:
        self.conn = self.engine.connect()

    def next_batch(self, upto: int) -> list[int]:
        assert self.conn is not None, "start() first"
        while True:
            with self.conn.begin():
                ids = [int(i) for i in self.conn.execute(
                    select(subs_t.c.id).where(subs_t.c.id > self.cursor, _due(upto))
                    .order_by(subs_t.c.id).limit(self.batch_size)
                    .with_for_update(skip_locked=True, of=subs_t)).scalars()]
                if not ids:
                    return []
                self.cursor = ids[-1]
                mine = [i for i in ids if self.conn.execute(
                    text("SELECT pg_try_advisory_lock(:k)"), {"k": self._key(i)}).scalar()]
            self.held.update(mine)
            if mine:
                return mine
            # every row in this batch is another sender's: look further on

    def done(self, ids: list[int]) -> None:
        assert self.conn is not None
        with self.conn.begin():
            for i in ids:
                if i in self.held:
                    self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._key(i)})
                    self.held.discard(i)

    def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is None:
            return
        try:
            if self.held:
                with conn.begin():
                    conn.execute(text("SELECT pg_advisory_unlock_all()"))
                self.held.clear()
        except Exception:  # noqa: BLE001 - a pooled session must not keep locks: throw it away
            log.exception("could not release the advisory locks; discarding the connection")
            conn.invalidate()
        finally:
            conn.close()


def make_claims(engine: Engine, batch_size: int, name: str, *, dry_run: bool, stale_after: float,
                heartbeat_every: float) -> Claims:
    """The claiming scheme the database supports: SKIP LOCKED + advisory locks on PostgreSQL, a
    renewed lease on SQLite (one writer anyway), none for a dry run (it changes nothing)."""
    if dry_run:
        return Claims(engine, batch_size)
    if engine.dialect.name == "postgresql":
        return PgClaims(engine, batch_size, name)
    return LeaseClaims(engine, batch_size, name, stale_after=stale_after, heartbeat_every=heartbeat_every)
