"""Upcoming hearings in the weekly digest, sent over a real SMTP server on loopback, on SQLite and
PostgreSQL.

The replayed week of real bills (digesthelp.build_week); the hearings are what `statecare classify`
stores from their recorded actions (statecare.nlp.classify.store_hearings): Massachusetts announced
on 2025-06-06 the Joint Committee's hearing of S 860 (Medicare for all) and its companions for
2025-06-18, 11:00, Gardner Auditorium. The run's clock is set to that June (the events are dated
as a crawl of that week would have written them), so the hearing is still to come -- and then to
the evening of the hearing day and the morning after, on Boston's clock.
"""

from __future__ import annotations

from datetime import UTC, datetime

from digesthelp import SmtpServer, Week, add_subscriber
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from statecare.db.models import Bill, Event, Hearing
from statecare.digest.sender import run_send
from statecare.digest.settings import DigestSettings
from statecare.nlp.classify import hearing_event, store_hearings


def _store_hearings(engine: Engine) -> None:
    """The hearings of the recorded actions, each announced by the event classify writes for a new
    one (on the announcement's day it was upcoming; today's clock would call it past)."""
    with Session(engine) as s, s.begin():
        for bill in s.scalars(select(Bill)):
            store_hearings(s, bill)
        _announce(s)
    with engine.begin() as conn:  # the week as a crawl on 2025-06-06 wrote it
        conn.execute(update(Event).values(created_at=datetime(2025, 6, 6, 12, 0, tzinfo=UTC)))


def _announce(s: Session) -> int:
    """A `hearing_scheduled` event per stored scheduled announcement, in action order."""
    rows = s.execute(select(Hearing, Bill).join(Bill, Bill.id == Hearing.bill_id)
                     .where(Hearing.status == "scheduled").order_by(Hearing.bill_id, Hearing.action_order)).all()
    s.add_all(hearing_event(b, h) for h, b in rows)
    return len(rows)


def _send(engine: Engine, settings: DigestSettings, smtp: SmtpServer, week: Week, email: str,
          now: datetime, states: list[str]) -> tuple[str, str, str]:
    add_subscriber(engine, email, states=states, last_event_id=week.start_after)
    report = run_send(engine, settings, now=now)
    assert report.sent == 1, report.line()
    got = smtp.mailbox.to(email)
    assert len(got) == 1
    msg = got[0].message
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    return str(msg["Subject"]), text, html


def test_upcoming_hearing_is_in_the_digest_until_its_day_passes(engine: Engine, week: Week, smtp: SmtpServer,
                                                                settings: DigestSettings) -> None:
    _store_hearings(engine)
    with Session(engine) as s:
        s860 = s.scalars(select(Hearing).join(Bill, Bill.id == Hearing.bill_id).where(
            Bill.state == "ma", Bill.identifier == "S 860", Hearing.date == "2025-06-18")).first()
        assert s860 is not None and (s860.time, s860.location) == ("11:00", "Gardner Auditorium")

    # Monday 2025-06-09: the hearing is on Wednesday of the next week
    subject, text, html = _send(engine, settings, smtp, week, "ma@example.org",
                                datetime(2025, 6, 9, 14, 0, tzinfo=UTC), ["ma"])
    line = "Hearing next Wednesday, 11:00: Gardner Auditorium"
    assert "== Upcoming hearings ==" in text and "MA S 860" in text and line in " ".join(text.split())
    assert "Upcoming hearings" in html and line in html and "/bills/ma/194th/S860" in html
    assert "upcoming hearing" in subject
    # a subscriber to another state's bills is not told of Massachusetts' hearing
    _s, other, _h = _send(engine, settings, smtp, week, "wa@example.org",
                          datetime(2025, 6, 9, 14, 0, tzinfo=UTC), ["wa"])
    assert "Gardner Auditorium" not in other and "Upcoming hearings" not in other

    # 02:00 UTC on the 19th is still the 18th, 22:00, in Boston: the hearing is "today" there
    _s, evening, _h = _send(engine, settings, smtp, week, "evening@example.org",
                            datetime(2025, 6, 19, 2, 0, tzinfo=UTC), ["ma"])
    assert "Hearing today, 11:00: Gardner Auditorium" in " ".join(evening.split())
    # the next morning in Boston it has passed: never shown as upcoming
    _s, after, after_html = _send(engine, settings, smtp, week, "after@example.org",
                                  datetime(2025, 6, 19, 12, 0, tzinfo=UTC), ["ma"])
    assert "Gardner Auditorium" not in after and "Gardner Auditorium" not in after_html
    assert "S 860" in after  # the week's news about the bill is still there
    # H 1246's hearing of October 1 is still to come: once, in the room of its latest announcement
    ahead = [ln for ln in " ".join(after.split()).split(" - ") if ln.startswith("Hearing on October 1, 2025")]
    assert len(ahead) == 1 and ahead[0].startswith("Hearing on October 1, 2025, 10:30: B-1")


def test_an_announced_hearing_alone_makes_a_digest_and_is_never_told_twice(
        engine: Engine, week: Week, smtp: SmtpServer, settings: DigestSettings) -> None:
    _store_hearings(engine)  # announced after the week's news was written
    # a Massachusetts reader already mailed the week's news: only the announcements are new to them
    add_subscriber(engine, "told@example.org", states=["ma"], last_event_id=week.end)
    report = run_send(engine, settings, now=datetime(2025, 6, 9, 14, 0, tzinfo=UTC))
    assert report.sent == 1, report.line()
    (got,) = smtp.mailbox.to("told@example.org")
    subject, text = str(got.message["Subject"]), got.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "upcoming hearing" in subject and "update" not in subject, subject
    assert "Hearing next Wednesday, 11:00: Gardner Auditorium" in " ".join(text.split())
    # H 1246's hearing was announced five times (its room changed): told once, in its latest room
    assert " ".join(text.split()).count("Hearing on October 1, 2025") == 1

    # a week later Massachusetts announces the same hearings again: new events, nothing new to say
    with Session(engine) as s, s.begin():
        assert _announce(s) > 0
    report = run_send(engine, settings, now=datetime(2025, 6, 16, 14, 0, tzinfo=UTC))
    assert (report.sent, report.empty_skipped) == (0, 1), report.line()
    assert len(smtp.mailbox.to("told@example.org")) == 1
    # ...while a reader who subscribes now is told of them once
    add_subscriber(engine, "new@example.org", states=["ma"], last_event_id=week.end)
    assert run_send(engine, settings, now=datetime(2025, 6, 16, 14, 0, tzinfo=UTC)).sent == 1
    assert "Gardner Auditorium" in smtp.mailbox.to("new@example.org")[0].message.as_string()
