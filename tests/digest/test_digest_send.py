"""`digest send` against a real SMTP server on loopback, on SQLite and PostgreSQL: refusals, dropped
connections, a server that goes away, a crash after hand-off, empty digests, --since, --limit."""

from __future__ import annotations

from dataclasses import replace

import pytest
from digesthelp import Week, add_subscriber, start_smtp
from sqlalchemy import Engine, select

from statecare.db.models import DigestSend, Subscriber
from statecare.digest.sender import run_send
from statecare.digest.settings import DigestSettings


def _sends(engine: Engine) -> list[tuple[int, str, str, int, int]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(DigestSend.subscriber_id, DigestSend.status, DigestSend.message_id, DigestSend.first_event_id,
                   DigestSend.last_event_id).order_by(DigestSend.id))]


def _last_ids(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(select(Subscriber.email, Subscriber.last_event_id)).all())


def _subscribe_many(engine: Engine, week: Week, names: list[str]) -> list[str]:
    emails = [f"{n}@example.org" for n in names]
    for e in emails:
        add_subscriber(engine, e, last_event_id=week.start_after)
    return emails


def test_refusals_and_drop_in_data_are_retried_without_duplicates(engine: Engine, week: Week, smtp,
                                                                   settings: DigestSettings) -> None:
    soft, hard, dropped, fine = _subscribe_many(engine, week, ["soft", "hard", "dropped", "fine"])
    box = smtp.mailbox
    box.refuse_rcpt = {soft: "450 4.2.1 mailbox busy, try later", hard: "550 5.1.1 no such user"}
    box.drop_in_data = {dropped}

    r1 = run_send(engine, settings)
    assert r1.sent == 1 and len(box.to(fine)) == 1
    assert sorted(e for e, _ in r1.refused) == sorted([soft, hard])
    assert any("450" in d for _, d in r1.refused) and any("550" in d for _, d in r1.refused)
    assert [e for e, _ in r1.ambiguous] == [dropped]
    # refused: nothing recorded, position unchanged; dropped in DATA: a pending row with its Message-ID
    last = _last_ids(engine)
    assert last[fine] == week.end and last[soft] == last[hard] == last[dropped] == week.start_after
    pending = [s for s in _sends(engine) if s[1] == "pending"]
    assert len(pending) == 1

    box.refuse_rcpt.clear()
    box.drop_in_data.clear()
    r2 = run_send(engine, settings)
    assert r2.sent == 3 and r2.retried == 1
    for e in (soft, hard, dropped, fine):
        assert len(box.to(e)) == 1, e
    # the retried message carries the Message-ID recorded before the first attempt
    assert box.to(dropped)[0].message["Message-ID"] == pending[0][2]
    assert all(s[1] == "sent" for s in _sends(engine))
    assert set(_last_ids(engine).values()) == {week.end}

    r3 = run_send(engine, settings)
    assert r3.sent == 0 and r3.nothing_new == 4 and len(box.received) == 4


def test_connection_dropped_midway_through_a_batch(engine: Engine, week: Week, smtp,
                                                   settings: DigestSettings) -> None:
    emails = _subscribe_many(engine, week, [f"reader{i}" for i in range(6)])
    smtp.mailbox.drop_after_accepted = 2  # from the third message on, the server hangs up in DATA
    r1 = run_send(engine, settings)
    assert r1.sent == 2 and len(r1.ambiguous) == 4
    assert r1.connections >= 4  # it reconnected after each drop instead of giving up
    smtp.mailbox.drop_after_accepted = None
    r2 = run_send(engine, settings)
    assert r2.sent == 4 and r2.retried == 4
    assert sorted(r.rcpt for r in smtp.mailbox.received) == sorted(emails)
    assert len({r.message["Message-ID"] for r in smtp.mailbox.received}) == 6


def test_server_gone_mid_batch_stops_and_next_run_finishes(engine: Engine, week: Week, smtp,
                                                           settings: DigestSettings) -> None:
    emails = _subscribe_many(engine, week, [f"r{i}" for i in range(5)])
    delivered: list[str] = []

    def stop_after_two(plan) -> None:  # type: ignore[no-untyped-def]
        delivered.append(plan.email)
        if len(delivered) == 2:
            smtp.stop()

    r1 = run_send(engine, settings, after_handoff=stop_after_two)
    assert r1.sent == 2 and r1.stopped and "unavailable" in r1.stopped
    assert not [s for s in _sends(engine) if s[1] == "pending"]  # nothing half-sent is left behind
    second = start_smtp()
    try:
        r2 = run_send(engine, replace(settings, smtp_url=second.url))
        assert r2.sent == 3
        got = [r.rcpt for r in smtp.mailbox.received] + [r.rcpt for r in second.mailbox.received]
        assert sorted(got) == sorted(emails)
    finally:
        second.stop()


def test_crash_after_handoff_resends_with_the_same_message_id(engine: Engine, week: Week, smtp,
                                                              settings: DigestSettings) -> None:
    a, b = _subscribe_many(engine, week, ["crash", "other"])

    class Crash(Exception):
        pass

    def crash_on_first(plan) -> None:  # type: ignore[no-untyped-def]
        if plan.email == a:
            raise Crash("process killed between the server's 250 and the commit")

    with pytest.raises(Crash):
        run_send(engine, settings, after_handoff=crash_on_first)
    assert [s[1] for s in _sends(engine)] == ["pending"]
    assert _last_ids(engine)[a] == week.start_after
    r2 = run_send(engine, settings)  # the lock was released by the crashed run's cleanup
    assert r2.sent == 2 and r2.retried == 1
    copies = smtp.mailbox.to(a)
    # the one duplicate this design allows: same Message-ID, so mail systems can drop it
    assert len(copies) == 2 and copies[0].message["Message-ID"] == copies[1].message["Message-ID"]
    assert len(smtp.mailbox.to(b)) == 1
    run_send(engine, settings)
    assert len(smtp.mailbox.to(a)) == 2 and len(smtp.mailbox.to(b)) == 1


def test_nothing_to_say_means_no_email_unless_asked(engine: Engine, week: Week, smtp,
                                                    settings: DigestSettings) -> None:
    # South Dakota has no bill in the fixtures: nothing can match
    quiet = add_subscriber(engine, "quiet@example.org", states=["sd"], last_event_id=week.start_after)
    wants = add_subscriber(engine, "wants@example.org", states=["sd"], last_event_id=week.start_after,
                           send_empty=True)
    r = run_send(engine, replace(settings, send_empty="never"))
    assert r.sent == 0 and r.empty_skipped == 2 and not smtp.mailbox.received
    assert set(_last_ids(engine).values()) == {week.end}  # both moved past the week
    with engine.begin() as conn:
        conn.execute(Subscriber.__table__.update().values(last_event_id=week.start_after))
    r = run_send(engine, settings)  # "subscriber": each one's own choice
    assert r.sent == 1 and r.empty_skipped == 1
    (msg,) = smtp.mailbox.to("wants@example.org")
    assert "no news" in msg.message["Subject"]
    assert "Nothing moved" in msg.message.get_body(("plain",)).get_content()
    assert quiet != wants


def test_dry_run_changes_nothing_and_since_limit(engine: Engine, week: Week, smtp,
                                                 settings: DigestSettings) -> None:
    emails = _subscribe_many(engine, week, ["a", "b", "c"])
    before = _last_ids(engine)
    r = run_send(engine, settings, dry_run=True)
    assert len(r.planned) == 3 and r.sent == 0 and not smtp.mailbox.received
    assert _last_ids(engine) == before and _sends(engine) == []
    full_items = r.planned[0].items
    # --since the last event: only that event can be in a digest (or nothing)
    r = run_send(engine, settings, dry_run=True, since=week.end - 1)
    assert all(p.first_event_id == week.end and p.items <= 1 for p in r.planned)
    assert full_items > 1
    r = run_send(engine, settings, limit=2)
    assert r.sent == 2 and r.stopped == "--limit 2 reached"
    r = run_send(engine, settings)
    assert r.sent == 1
    assert sorted(x.rcpt for x in smtp.mailbox.received) == sorted(emails)


def test_unsubscribed_and_pending_get_nothing(engine: Engine, week: Week, smtp, settings: DigestSettings) -> None:
    add_subscriber(engine, "gone@example.org", status="unsubscribed", last_event_id=week.start_after)
    add_subscriber(engine, "notyet@example.org", status="pending", last_event_id=week.start_after)
    add_subscriber(engine, "here@example.org", last_event_id=week.start_after)
    r = run_send(engine, settings)
    assert r.subscribers == 1 and [x.rcpt for x in smtp.mailbox.received] == ["here@example.org"]
