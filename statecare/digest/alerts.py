"""`statecare alerts send`: tell each follower, the same day, what happened to the bills they follow.

One email per address with every followed bill that moved (batched per subscriber), never twice and
never lost, by the digest's scheme (statecare.digest.sender): per address a short *claim*
transaction writes an `alert_sends` row "pending" with the Message-ID and each follow's event range,
only if the follows are still where this run read them; the message goes to SMTP; on 250 one
transaction marks the row "sent" and moves the follows' `last_event_id`. A refusal deletes the
pending row (the next run sends it again); a connection lost during DATA keeps it, and the next run
re-sends the same range under the same Message-ID.

Several runs at once: on PostgreSQL each address is held by a session advisory lock of the run that
works on it (dies with the run's connection, like the digest's claims); on SQLite the whole run
holds a lease renewed by a heartbeat (statecare.digest.lock.LeaseClaims).
"""

from __future__ import annotations

import html
import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, text, update

from statecare.db.models import AlertSend, Bill, Event, Follow, RelatedBill, utcnow
from statecare.digest.follows import ALERT_KINDS
from statecare.digest.lock import LeaseClaims, LockHeld
from statecare.digest.message import build_message, new_message_id
from statecare.digest.sender import settled_max_event_id
from statecare.digest.settings import DigestSettings
from statecare.digest.smtp import Outcome, SmtpTransport, SmtpUnavailable
from statecare.digest.tokens import make_token
from statecare.legis import cosponsors
from statecare.legis.sessions import session_noun
from statecare.legis.timezones import today_in
from statecare.legis.words import day_words as when_words
from statecare.legis.words import stage_label

log = logging.getLogger(__name__)
LOCK_NAME = "alerts-send"
follows_t = Follow.__table__
sends_t = AlertSend.__table__
events_t = Event.__table__
bills_t = Bill.__table__
related_t = RelatedBill.__table__


@dataclass
class AlertReport:
    """What one run did; `line()` is the command's last line."""

    sent: int = 0
    retried: int = 0
    items: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    ambiguous: list[tuple[str, str]] = field(default_factory=list)
    nothing_new: int = 0
    stopped: str | None = None
    locked_by: str | None = None

    def line(self) -> str:
        out = (f"sent={self.sent} retried={self.retried} items={self.items} refused={len(self.refused)} "
               f"ambiguous={len(self.ambiguous)} nothing_new={self.nothing_new}")
        return out + (f" stopped={self.stopped!r}" if self.stopped else "")


def describe(kind: str, payload: dict[str, Any], state: str, now: datetime | None = None) -> str:
    """One sentence per event, in words (the payloads are self-contained, see statecare.db.models.Event)."""
    if kind == "stage_change":
        return f"Moved: {stage_label(payload.get('from'))} → {stage_label(payload.get('to'))}" + (
            f" ({payload['description']})" if payload.get("description") else "")
    if kind == "hearing_scheduled":
        when = when_words(str(payload.get("date") or ""), today_in(state, now))
        at = f" at {payload['time']}" if payload.get("time") else ""
        where = ", ".join(str(x) for x in (payload.get("committee"), payload.get("location")) if x)
        return f"Hearing {when}{at}" + (f": {where}" if where else "")
    if kind == "new_version":
        return f"New text: {payload.get('note') or 'a new version'}"
    if kind in ("sponsors_added", "sponsors_removed"):
        return cosponsors.event_words(kind, payload)
    return kind.replace("_", " ")


@dataclass
class BillAlert:
    follow_id: int
    state: str
    session: str
    identifier: str
    title: str
    url: str
    unfollow_url: str
    lines: list[str]


def _bill_path(state: str, session: str, identifier: str) -> str:
    from urllib.parse import quote

    return f"/bills/{state}/{quote(session, safe='')}/{quote(identifier.replace(' ', ''), safe='')}"


def render_alert(bills: list[BillAlert], stop_url: str) -> tuple[str, str, str]:
    """(subject, text, html): every followed bill that moved, one section each."""
    items = sum(len(b.lines) for b in bills)
    if len(bills) == 1:
        b = bills[0]
        subject = f"statecare alert: {b.state.upper()} {b.identifier} — {b.lines[0]}"[:180]
    else:
        subject = f"statecare alerts: {len(bills)} bills you follow changed ({items} updates)"
    txt = ["What changed today on the bills you follow:", ""]
    parts = ["<p>What changed today on the bills you follow:</p>"]
    for b in bills:
        head = f"{b.state.upper()} {b.identifier}: {b.title}"
        txt += [head, *[f"  - {line}" for line in b.lines], f"  {b.url}", f"  Stop following this bill: {b.unfollow_url}", ""]
        parts.append(f'<h2 style="font-size:16px"><a href="{html.escape(b.url)}">{html.escape(head)}</a></h2><ul>'
                     + "".join(f"<li>{html.escape(line)}</li>" for line in b.lines)
                     + f'</ul><p><a href="{html.escape(b.unfollow_url)}">Stop following this bill</a></p>')
    txt.append(f"Stop every bill alert: {stop_url}")
    parts.append(f'<p><a href="{html.escape(stop_url)}">Stop every bill alert</a></p>')
    return subject, "\n".join(txt) + "\n", "<!doctype html><html><body>" + "".join(parts) + "</body></html>"


class _Claims:
    """Who may send an address's alerts (see the module docstring)."""

    def __init__(self, engine: Engine, *, stale_after: float, heartbeat_every: float) -> None:
        self.engine = engine
        self.pg = engine.dialect.name == "postgresql"
        self.conn: Connection | None = None
        self.lease = None if self.pg else LeaseClaims(engine, 1, LOCK_NAME, stale_after=stale_after,
                                                      heartbeat_every=heartbeat_every)
        self._space = zlib.crc32(LOCK_NAME.encode()) & 0x7FFFFFFF

    def _key(self, email: str) -> int:
        return (self._space << 32) | zlib.crc32(email.encode())

    def start(self) -> None:
        if self.lease is not None:
            self.lease.start()
        else:
            self.conn = self.engine.connect()

    def lost(self) -> str | None:
        return self.lease.lost() if self.lease is not None else None

    def take(self, email: str) -> bool:
        if self.conn is None:
            return True
        with self.conn.begin():
            return bool(self.conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._key(email)}).scalar())

    def give_back(self, email: str) -> None:
        if self.conn is not None:
            with self.conn.begin():
                self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._key(email)})

    def close(self) -> None:
        if self.lease is not None:
            self.lease.close()
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _due_emails(engine: Engine, upto: int) -> list[str]:
    with engine.connect() as conn:
        a = set(conn.execute(select(follows_t.c.email).where(
            follows_t.c.status == "confirmed", follows_t.c.last_event_id < upto).distinct()).scalars())
        b = set(conn.execute(select(sends_t.c.email).where(sends_t.c.status == "pending").distinct()).scalars())
    return sorted(a | b)


def _bill_alerts(conn: Connection, settings: DigestSettings, ranges: dict[str, list[int]],
                 now: datetime | None) -> list[BillAlert]:
    out = []
    for fid, (after, upto) in sorted(ranges.items(), key=lambda kv: int(kv[0])):
        f = conn.execute(select(follows_t).where(follows_t.c.id == int(fid))).first()
        if f is None:
            continue
        b = conn.execute(select(bills_t.c.state, bills_t.c.legislative_session, bills_t.c.identifier,
                                bills_t.c.title).where(bills_t.c.id == f.bill_id)).first()
        if b is None:
            continue
        evs = conn.execute(select(events_t.c.kind, events_t.c.payload).where(
            events_t.c.bill_id == f.bill_id, events_t.c.id > after, events_t.c.id <= upto,
            events_t.c.kind.in_(ALERT_KINDS)).order_by(events_t.c.id)).all()
        lines = [describe(e.kind, e.payload or {}, b.state, now) for e in evs]
        lines += _reintroductions(conn, settings, int(f.bill_id), after, upto)
        if not lines:
            continue
        token = make_token(settings.secret_key, "follow_manage", int(f.id), int(f.token_version))
        out.append(BillAlert(int(f.id), b.state, b.legislative_session, b.identifier, b.title or "",
                             settings.root + _bill_path(b.state, b.legislative_session, b.identifier),
                             f"{settings.root}/follow/unsubscribe/{token}", lines))
    return out


def _reintroductions(conn: Connection, settings: DigestSettings, bill_id: int, after: int, upto: int) -> list[str]:
    """A later bill stored in (after, upto] that names the followed bill as its prior-session
    version -- recorded by the legislature or found by classify (a `new_bill` or `reintroduced`
    event) -- in words, once per later bill. Following a bill that died is following it into its
    next session."""
    later = select(related_t.c.bill_id).where(related_t.c.related_bill_id == bill_id,
                                              related_t.c.relation_type == "prior-session")
    rows = conn.execute(select(events_t.c.bill_id, events_t.c.state, events_t.c.legislative_session,
                               events_t.c.identifier).where(
        events_t.c.bill_id.in_(later), events_t.c.id > after, events_t.c.id <= upto,
        events_t.c.kind.in_(("new_bill", "reintroduced"))).order_by(events_t.c.id)).all()
    out: list[str] = []
    seen: set[int] = set()
    for r in rows:
        if r.bill_id in seen or not (r.state and r.legislative_session and r.identifier):
            continue
        seen.add(r.bill_id)
        out.append(f"Reintroduced as {r.identifier} in the {session_noun(r.legislative_session, r.state)}: "
                   f"{settings.root}{_bill_path(r.state, r.legislative_session, r.identifier)}")
    return out


def _claim(engine: Engine, email: str, upto: int, message_id: str, settings: DigestSettings,
           now: datetime | None) -> tuple[int | None, dict[str, list[int]], list[BillAlert]]:
    """Step 1: the pending row with each confirmed follow's range, if nobody moved them meanwhile.
    A follow with nothing to say in its range is moved on in the same transaction."""
    with engine.begin() as conn:
        rows = conn.execute(select(follows_t.c.id, follows_t.c.last_event_id).where(
            follows_t.c.email == email, follows_t.c.status == "confirmed",
            follows_t.c.last_event_id < upto).with_for_update()).all()
        ranges = {str(r.id): [int(r.last_event_id), upto] for r in rows}
        alerts = _bill_alerts(conn, settings, ranges, now)
        if not alerts:
            if rows:  # nothing to say: move past these events
                conn.execute(update(follows_t).where(follows_t.c.id.in_([r.id for r in rows]),
                                                     follows_t.c.last_event_id < upto).values(last_event_id=upto))
            return None, ranges, []
        res = conn.execute(insert(sends_t).values(email=email, ranges=ranges, message_id=message_id,
                                                  item_count=sum(len(a.lines) for a in alerts),
                                                  sent_at=utcnow(), status="pending"))
        key = res.inserted_primary_key
        assert key is not None
        return int(key[0]), ranges, alerts


def _finalise(engine: Engine, send_id: int, ranges: dict[str, list[int]]) -> None:
    """Step 3: the send and the follows' positions move together."""
    with engine.begin() as conn:
        conn.execute(update(sends_t).where(sends_t.c.id == send_id).values(status="sent", sent_at=utcnow()))
        for fid, (_after, upto) in ranges.items():
            conn.execute(update(follows_t).where(follows_t.c.id == int(fid), follows_t.c.last_event_id < upto)
                         .values(last_event_id=upto))


def _forget(engine: Engine, send_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(delete(sends_t).where(sends_t.c.id == send_id, sends_t.c.status == "pending"))


def run_alerts(engine: Engine, settings: DigestSettings, *, transport: SmtpTransport | None = None,
               now: datetime | None = None, lock_stale_after: float = 60.0, heartbeat_every: float = 10.0,
               after_handoff: Callable[[str], Any] | None = None) -> AlertReport:
    """Send every follower with news their alert; see the module docstring for the guarantees."""
    report = AlertReport()
    smtp = transport or SmtpTransport.from_url(settings.smtp_url)
    claims = _Claims(engine, stale_after=lock_stale_after, heartbeat_every=heartbeat_every)
    try:
        claims.start()
    except LockHeld as exc:
        report.locked_by, report.stopped = exc.holder, str(exc)
        return report
    try:
        upto = settled_max_event_id(engine, settings.settle_seconds, now)
        for email in _due_emails(engine, upto):
            why = claims.lost()
            if why:
                report.stopped = why
                break
            if not claims.take(email):
                continue  # another sender has this address
            try:
                if not _one(engine, settings, report, smtp, email, upto, now, after_handoff):
                    break
            finally:
                claims.give_back(email)
    finally:
        claims.close()
        if transport is None:
            smtp.close()
    return report


def _one(engine: Engine, settings: DigestSettings, report: AlertReport, smtp: SmtpTransport, email: str,
         upto: int, now: datetime | None, after_handoff: Callable[[str], Any] | None) -> bool:
    """Send one address's alert; False when the run must stop (SMTP unreachable)."""
    with engine.connect() as conn:
        pending = conn.execute(select(sends_t).where(sends_t.c.email == email, sends_t.c.status == "pending")
                               .order_by(sends_t.c.id)).first()
        retry = pending is not None
        if pending is not None:
            send_id: int | None = int(pending.id)
            ranges = {k: [int(v[0]), int(v[1])] for k, v in (pending.ranges or {}).items()}
            message_id = pending.message_id
            alerts = _bill_alerts(conn, settings, ranges, now)
    if not retry:
        message_id = new_message_id(settings.mail_from)
        send_id, ranges, alerts = _claim(engine, email, upto, message_id, settings, now)
        if send_id is None:
            report.nothing_new += 1
            return True
    assert send_id is not None
    if not alerts:  # the followed bill is gone: nothing to say
        _finalise(engine, send_id, ranges)
        return True
    first = alerts[0]
    stop = f"{settings.root}/follow/stop/" + make_token(settings.secret_key, "follow_manage", first.follow_id,
                                                        _version(engine, first.follow_id))
    subject, body, page = render_alert(alerts, stop)
    msg = build_message(mail_from=settings.mail_from, to=email, subject=subject, text=body, html=page,
                        message_id=message_id, unsubscribe_url=stop)
    msg.replace_header("List-Id", msg["List-Id"].replace("weekly digest", "bill alerts").replace("<weekly.", "<alerts."))
    from email.utils import parseaddr

    try:
        result = smtp.send(msg, from_addr=parseaddr(settings.mail_from)[1], to_addr=email)
    except SmtpUnavailable as exc:
        if not retry:
            _forget(engine, send_id)  # lost before DATA: the server has nothing
        report.stopped = str(exc)
        return False
    if result.outcome is Outcome.SENT:
        if after_handoff is not None:
            after_handoff(email)
        _finalise(engine, send_id, ranges)
        report.sent += 1
        report.retried += retry
        report.items += sum(len(a.lines) for a in alerts)
    elif result.outcome is Outcome.REFUSED:
        _forget(engine, send_id)
        report.refused.append((email, result.detail))
    else:
        report.ambiguous.append((email, result.detail))
    return True


def _version(engine: Engine, follow_id: int) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(follows_t.c.token_version).where(follows_t.c.id == follow_id)).scalar() or 0)
