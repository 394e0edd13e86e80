"""Concurrent and killed `digest send` runs (and a killed `alerts send`): each subscriber's digest and each follower's alert is sent exactly once.

PostgreSQL: several senders share a run (batches claimed with FOR UPDATE SKIP LOCKED, held by
advisory locks that die with the sender's session). SQLite: one sender at a time under a lease
with a heartbeat; a second run stops with 75 while the holder lives and proceeds once it is dead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from digesthelp import SmtpServer, Week, add_subscriber, build_week
from sqlalchemy import Engine, insert, select, text

from statecare.db.models import DigestSend, Lock, Subscriber, utcnow
from statecare.digest.lock import DbLock, LockHeld, default_holder
from statecare.digest.sender import LOCK_NAME, run_send
from statecare.digest.settings import DigestSettings

STATECARE = str(Path(sys.executable).with_name("statecare"))


def _env(db_url: str, smtp: SmtpServer, settings: DigestSettings, **extra: str) -> dict[str, str]:
    return dict(os.environ, DATABASE_URL=db_url, SMTP_URL=smtp.url, SECRET_KEY=settings.secret_key,
                BASE_URL=settings.base_url, DIGEST_FROM=settings.mail_from, DIGEST_SETTLE_SECONDS="0", **extra)


def _sent_once(engine: Engine, emails: list[str], smtp: SmtpServer, week: Week) -> None:
    """The database records one sent digest per subscriber, none pending, everyone at the week's
    end; the server got every subscriber's digest, under one Message-ID each."""
    with engine.connect() as conn:
        rows = conn.execute(select(Subscriber.email, DigestSend.status)
                            .join(DigestSend, DigestSend.subscriber_id == Subscriber.id)).all()
        positions = set(conn.execute(select(Subscriber.last_event_id)).scalars())
    assert Counter(e for e, _ in rows) == Counter(emails), rows  # exactly one row each
    assert {s for _, s in rows} == {"sent"}
    assert positions == {week.end}
    for e in emails:
        got = smtp.mailbox.to(e)
        assert got, f"{e} got nothing"
        # a copy can only come from a crash between the server's 250 and the record, and then it
        # carries the same Message-ID, which the reader's mail system drops
        assert len({r.message["Message-ID"] for r in got}) == 1, e


def test_two_threads(engine: Engine, week: Week, smtp: SmtpServer, settings: DigestSettings) -> None:
    """PostgreSQL: both runs work and share the subscribers; SQLite: the second stops (lease held)."""
    emails = [f"t{i}@example.org" for i in range(6)]
    for e in emails:
        add_subscriber(engine, e, last_event_id=week.start_after)
    smtp.mailbox.delay = 0.15  # keep the first run busy while the second starts
    from dataclasses import replace

    settings = replace(settings, batch_size=2)
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
    if engine.dialect.name == "postgresql":
        assert not locked and sum(r.sent for r in reports) == 6
    else:
        assert len(locked) == 1 and locked[0].sent == 0
    assert sorted(r.rcpt for r in smtp.mailbox.received) == sorted(emails)
    _sent_once(engine, emails, smtp, week)
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


def test_fresh_lease_of_a_dead_process_is_taken_at_once(engine: Engine) -> None:
    """A lease renewed a moment ago by a process of this host that no longer runs is free now;
    one held by a live process (pid 1 here) is not, however it was left."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host, _pid, nonce = default_holder().split(":")
    with engine.begin() as conn:
        conn.execute(insert(Lock).values(name="dead", holder=f"{host}:{dead.pid}:{nonce}", acquired_at=utcnow()))
        conn.execute(insert(Lock).values(name="alive", holder=f"{host}:1:{nonce}", acquired_at=utcnow()))
    DbLock(engine, "dead", stale_after=600).acquire()
    try:
        DbLock(engine, "alive", stale_after=600).acquire()
        raise AssertionError("a live holder's lease must not be taken")
    except LockHeld:
        pass


def test_lease_is_renewed_while_the_run_works(sqlite_engine: Engine, fixtures: Path, shared: Path,
                                              smtp: SmtpServer, settings: DigestSettings) -> None:
    """SQLite: the heartbeat thread keeps a run's lease fresh however long one SMTP hand-off takes,
    so a lease only goes stale when its holder stops renewing it (it died)."""
    week = build_week(sqlite_engine, fixtures, shared)
    emails = [f"h{i}@example.org" for i in range(6)]
    for e in emails:
        add_subscriber(sqlite_engine, e, last_event_id=week.start_after)
    smtp.mailbox.delay = 0.5  # ~3 s of sending against a lease that is stale after 1 s unrenewed
    reports = []
    run = threading.Thread(target=lambda: reports.append(
        run_send(sqlite_engine, settings, lock_stale_after=1.0, heartbeat_every=0.2)))
    run.start()
    time.sleep(2.0)
    try:
        DbLock(sqlite_engine, LOCK_NAME, stale_after=1.0).acquire()
        taken = True
    except LockHeld:
        taken = False
    run.join(60)
    assert not taken
    assert reports and reports[0].sent == 6 and reports[0].stopped is None
    _sent_once(sqlite_engine, emails, smtp, week)


def test_two_processes(db_url: str, engine: Engine, week: Week, smtp: SmtpServer, settings: DigestSettings) -> None:
    """The real command twice at once. PostgreSQL: both run to completion, each taking batches the
    other has not, and every subscriber gets one digest. SQLite: one sends, the other exits 75."""
    emails = [f"p{i}@example.org" for i in range(10)]
    for e in emails:
        add_subscriber(engine, e, last_event_id=week.start_after)
    smtp.mailbox.delay = 0.5  # the first run takes ~5 s: longer than the second one's start-up
    env = _env(db_url, smtp, settings, DIGEST_BATCH_SIZE="2")
    procs = [subprocess.Popen([STATECARE, "digest", "send"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    codes = sorted(p.returncode for p in procs)
    if engine.dialect.name == "postgresql":
        assert codes == [0, 0], outs
        sent = [int(out.split("sent=", 1)[1].split()[0]) for out, _ in outs]
        assert sum(sent) == 10 and min(sent) > 0, outs  # both senders did part of the work
    else:
        assert codes == [0, 75], outs
        held = next(err for (out, err), p in zip(outs, procs, strict=True) if p.returncode == 75)
        assert "held by" in held
    assert sorted(r.rcpt for r in smtp.mailbox.received) == sorted(emails)
    _sent_once(engine, emails, smtp, week)


def _wait_claims_gone(engine: Engine, timeout: float = 10.0) -> float:
    """PostgreSQL: seconds until no session holds an advisory lock in this database (the killed
    sender's backend has ended); the claims die with it, nobody releases them."""
    t0 = time.monotonic()
    with engine.connect() as conn:
        while time.monotonic() - t0 < timeout:
            n = conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                  "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                                  )).scalar_one()
            conn.rollback()
            if n == 0:
                return time.monotonic() - t0
            time.sleep(0.05)
    raise AssertionError("the killed sender's advisory locks outlived it")


def _kill_9_after_three_messages(command: str, env: dict[str, str], smtp: SmtpServer) -> None:
    """Start a real `statecare <command> send`, SIGKILL it once the SMTP server has three messages."""
    victim = subprocess.Popen([STATECARE, command, "send"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(smtp.mailbox.received) < 3 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert victim.poll() is None, victim.communicate()
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=30)
    assert victim.returncode == -signal.SIGKILL


def test_kill_9_midway_then_run_again_at_once(db_url: str, engine: Engine, week: Week, smtp: SmtpServer,
                                              settings: DigestSettings) -> None:
    """Issue 16.6: `kill -9` a real `statecare digest send` while it sends; the next run proceeds
    straight away (no 75, no 15-minute wait) and, together, the two runs sent each digest once."""
    emails = [f"k{i}@example.org" for i in range(8)]
    for e in emails:
        add_subscriber(engine, e, last_event_id=week.start_after)
    smtp.mailbox.delay = 0.3
    env = _env(db_url, smtp, settings, DIGEST_BATCH_SIZE="3")
    _kill_9_after_three_messages("digest", env, smtp)
    assert 3 <= len(smtp.mailbox.received) < len(emails)  # midway: some sent, some not
    if engine.dialect.name == "postgresql":
        assert _wait_claims_gone(engine) < 5
    again = subprocess.run([STATECARE, "digest", "send"], env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, (again.stdout, again.stderr)
    _sent_once(engine, emails, smtp, week)


def _alert_bills(engine: Engine, week: Week, n: int) -> list[tuple[int, str, str, int]]:
    """(bill id, state, identifier, alert events in the week) of `n` bills that moved this week."""
    from sqlalchemy import func

    from statecare.db.models import Bill, Event
    from statecare.digest.follows import ALERT_KINDS

    with engine.connect() as conn:
        rows = conn.execute(
            select(Bill.id, Bill.state, Bill.identifier, func.count(Event.id))
            .join(Event, Event.bill_id == Bill.id)
            .where(Event.id > week.start_after, Event.id <= week.end, Event.kind.in_(ALERT_KINDS))
            .group_by(Bill.id, Bill.state, Bill.identifier).order_by(Bill.id)).all()
    assert len(rows) >= n, rows
    return [(int(r[0]), r[1], r[2], int(r[3])) for r in rows[:n]]


def _untokened(body: str) -> str:
    import re

    return re.sub(r"(/follow/(?:unsubscribe|stop)/)\S+", r"\1TOKEN", body)


def test_alerts_send_kill_9_midway_then_run_again(db_url: str, engine: Engine, week: Week, smtp: SmtpServer,
                                                  settings: DigestSettings) -> None:
    """`kill -9` a real `statecare alerts send` while it hands messages to SMTP, run it again at
    once: each follower has exactly one alert (every followed bill, every event line once) under
    one Message-ID -- a second copy only if the kill fell between the server's 250 and the
    record, and then with the same Message-ID -- one "sent" alert_sends row each, none pending,
    and every follow moved to the end of the week."""
    from statecare.db.models import AlertSend, Follow

    bills = _alert_bills(engine, week, 4)
    emails = [f"f{i}@example.org" for i in range(10)]
    followed = {e: [bills[i % 4], bills[(i + 1) % 4]] for i, e in enumerate(emails)}
    with engine.begin() as conn:
        for e, bs in followed.items():
            for bill_id, *_ in bs:
                conn.execute(insert(Follow).values(email=e, bill_id=bill_id, status="confirmed",
                                                   confirmed_at=utcnow(), last_event_id=week.start_after))
    smtp.mailbox.delay = 0.3
    env = _env(db_url, smtp, settings)
    _kill_9_after_three_messages("alerts", env, smtp)
    assert 3 <= len(smtp.mailbox.received) < len(emails)  # midway: some sent, some not
    if engine.dialect.name == "postgresql":
        assert _wait_claims_gone(engine) < 5
    else:
        with engine.connect() as conn:  # the dead run's lease is still there: the rerun must take it
            assert conn.execute(select(Lock).where(Lock.name == "alerts-send")).first() is not None
    again = subprocess.run([STATECARE, "alerts", "send"], env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, (again.stdout, again.stderr)

    with engine.connect() as conn:
        sends = conn.execute(select(AlertSend.email, AlertSend.status, AlertSend.message_id)).all()
        positions = set(conn.execute(select(Follow.last_event_id)).scalars())
    assert Counter(e for e, _, _ in sends) == Counter(emails), sends  # one alert row each, none lost
    assert {s for _, s, _ in sends} == {"sent"}  # nothing pending
    assert positions == {week.end}
    ids_of = {e: m.strip("<>") for e, _, m in sends}
    copies = 0
    for e in emails:
        got = smtp.mailbox.to(e)
        assert got, f"{e} got nothing"
        assert {r.message["Message-ID"].strip("<>") for r in got} == {ids_of[e]}, e
        copies += len(got) - 1
        body = got[0].message.get_body(("plain",)).get_content()
        for _bill_id, state, ident, _n_events in followed[e]:
            head = f"{state.upper()} {ident}: "
            assert sum(line.startswith(head) for line in body.splitlines()) == 1, (e, head, body)
        assert sum(line.startswith("  - ") for line in body.splitlines()) == sum(b[3] for b in followed[e]), body
        for r in got[1:]:  # a copy tells the same; its date, MIME boundary and link tokens (signed
            # with the time) are made anew
            assert _untokened(r.message.get_body(("plain",)).get_content()) == _untokened(body), e
    print(f"copies re-sent under their Message-ID: {copies}")
    assert copies <= 1  # only the one the kill can fall on
    assert len(smtp.mailbox.received) == len(emails) + copies
    assert "sent=" in again.stdout
