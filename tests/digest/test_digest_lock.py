"""Two `digest send` runs at once never both send (a lock row in the database), on both databases."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

from digesthelp import Week, add_subscriber
from sqlalchemy import Engine, insert, select

from statecare.db.models import DigestSend, Lock, utcnow
from statecare.digest.lock import DbLock, LockHeld
from statecare.digest.sender import LOCK_NAME, run_send
from statecare.digest.settings import DigestSettings


def test_two_threads_one_sends(engine: Engine, week: Week, smtp, settings: DigestSettings) -> None:
    emails = [f"t{i}@example.org" for i in range(4)]
    for e in emails:
        add_subscriber(engine, e, last_event_id=week.start_after)
    smtp.mailbox.delay = 0.15  # keep the first run busy while the second starts
    reports = []
    barrier = threading.Barrier(2)

    def go() -> None:
        barrier.wait()
        reports.append(run_send(engine, settings))

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(reports) == 2
    locked = [r for r in reports if r.locked_by is not None]
    ran = [r for r in reports if r.locked_by is None]
    assert len(locked) == 1 and len(ran) == 1
    assert ran[0].sent == 4 and locked[0].sent == 0
    assert sorted(r.rcpt for r in smtp.mailbox.received) == sorted(emails)
    with engine.connect() as conn:
        assert conn.execute(select(Lock).where(Lock.name == LOCK_NAME)).first() is None  # released


def test_stale_lock_is_taken_over_fresh_one_is_not(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(Lock).values(name="job", holder="dead-host:1", acquired_at=utcnow() - timedelta(hours=2)))
    first = DbLock(engine, "job", stale_after=600)
    first.acquire()  # the holder stopped refreshing two hours ago
    second = DbLock(engine, "job", stale_after=600)
    try:
        second.acquire()
        raise AssertionError("a fresh lock must not be taken")
    except LockHeld as exc:
        assert exc.holder == first.holder
    first.heartbeat()
    first.release()
    second.acquire()
    second.release()


def test_two_processes_one_sends(db_url: str, engine: Engine, week: Week, smtp, settings: DigestSettings) -> None:
    """The real command twice at once: exactly one run sends, the other exits 75 (try later)."""
    emails = [f"p{i}@example.org" for i in range(3)]
    for e in emails:
        add_subscriber(engine, e, last_event_id=week.start_after)
    smtp.mailbox.delay = 1.0  # the first run takes ~3 s: longer than the second one's start-up
    env = dict(os.environ, DATABASE_URL=db_url, SMTP_URL=smtp.url, SECRET_KEY=settings.secret_key,
               BASE_URL=settings.base_url, DIGEST_FROM=settings.mail_from, DIGEST_SETTLE_SECONDS="0")
    cmd = [str(Path(sys.executable).with_name("statecare")), "digest", "send"]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 75], outs
    held = next(err for (out, err), p in zip(outs, procs, strict=True) if p.returncode == 75)
    assert "held by" in held
    assert sorted(r.rcpt for r in smtp.mailbox.received) == sorted(emails)
    with engine.connect() as conn:
        assert conn.execute(select(DigestSend.status)).scalars().all() == ["sent"] * 3
