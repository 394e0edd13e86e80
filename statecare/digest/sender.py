"""`statecare digest send`: select, render and hand each confirmed subscriber's digest to SMTP,
never twice and never lost.

Per subscriber, three short transactions around one SMTP transaction:

1. *claim*: check the subscriber is still confirmed and still at the `last_event_id` we read, and
   insert a `digest_sends` row with status "pending", the event range and the Message-ID; commit.
2. hand the message to SMTP over the batch's shared connection.
3. on 250 after DATA: in one transaction mark the row "sent" and move `last_event_id` to the end of
   the range; commit. On a refusal (4xx/5xx: the server certainly has nothing) delete the pending
   row, so the next run starts over and loses nothing. On a connection lost during DATA (the server
   may have queued it) keep the row.

The crash window: if the process dies, or the database is unreachable, between the server's 250 and
step 3's commit, the pending row survives. The next run finds it and sends the *same* event range
again with the *same* Message-ID, so the reader's mail system can recognise the copy (many clients
and providers drop a second message with an identical Message-ID). That is at-least-once delivery
with an idempotency key: a digest is never lost, and the only duplicate possible is one with the
same Message-ID after a crash inside that window of milliseconds.

Several runs at once (statecare.digest.lock): on PostgreSQL each run claims due subscribers in
batches with `SELECT ... FOR UPDATE SKIP LOCKED` and holds them with advisory locks on its own
session until the batch is recorded, so any number of senders on any hosts share the work and none
sends a subscriber another holds; the claims die with the sender's session, so a killed run's
subscribers (and its pending rows) are picked up by the next run at once. A pending row is only
ever retried by the holder of that subscriber's claim, so it is never one a live sender is still
working on. On SQLite (one writer) the run holds a lease renewed by a heartbeat thread; a second
run finds it held and stops before reading anything, unless its holder died.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from statecare.db.models import DigestSend, Event, Subscriber, utcnow
from statecare.digest.hearings import load_upcoming
from statecare.digest.lock import Claims, LockHeld, make_claims
from statecare.digest.message import build_message, new_message_id
from statecare.digest.ratelimit import prune
from statecare.digest.render import Rendered, render_digest
from statecare.digest.selection import Digest, EventIndex, Filters, SavedSearches, Selector, load_events
from statecare.digest.settings import DigestSettings
from statecare.digest.smtp import Outcome, SmtpTransport, SmtpUnavailable
from statecare.digest.tokens import make_token

log = logging.getLogger(__name__)

LOCK_NAME = "digest-send"
subs_t = Subscriber.__table__
sends_t = DigestSend.__table__
events_t = Event.__table__


class SinceError(ValueError):
    """--since is neither an event id nor a date; the message quotes it."""


@dataclass(frozen=True)
class SubscriberRow:
    id: int
    email: str
    filters: Filters
    send_empty: bool
    last_event_id: int
    token_version: int


@dataclass(frozen=True)
class PendingRow:
    id: int
    subscriber_id: int
    first_event_id: int
    last_event_id: int
    message_id: str


@dataclass
class Planned:
    """One digest a run sends (or, in a dry run, would send)."""

    email: str
    subscriber_id: int
    first_event_id: int
    last_event_id: int
    items: int
    subject: str
    retry: bool = False


@dataclass
class SendReport:
    dry_run: bool
    subscribers: int = 0
    events: int = 0
    upto_event_id: int = 0
    distinct_digests: int = 0
    sent: int = 0
    retried: int = 0
    empty_skipped: int = 0
    nothing_new: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    ambiguous: list[tuple[str, str]] = field(default_factory=list)
    planned: list[Planned] = field(default_factory=list)
    stopped: str | None = None
    locked_by: str | None = None
    connections: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        verb = "would_send" if self.dry_run else "sent"
        n = len(self.planned) if self.dry_run else self.sent
        out = (f"{verb}={n} retried={self.retried} refused={len(self.refused)} "
               f"ambiguous={len(self.ambiguous)} empty_skipped={self.empty_skipped} "
               f"nothing_new={self.nothing_new} subscribers={self.subscribers} events={self.events} "
               f"upto_event_id={self.upto_event_id} distinct_digests={self.distinct_digests} "
               f"smtp_connections={self.connections} seconds={self.seconds:.2f}")
        if self.stopped:
            out += f" stopped={self.stopped!r}"
        return out


ProgressFn = Callable[[int, int, "SendReport"], None]


def resolve_since(engine: Engine, since: str | int | date | None) -> int | None:
    """--since as an event id floor: an id is used as is; a date (or ISO time) means "events created
    from then on", i.e. the id just before the first such event."""
    if since is None or since == "":
        return None
    if isinstance(since, int):
        return since
    if isinstance(since, datetime):
        when = since
    elif isinstance(since, date):
        when = datetime(since.year, since.month, since.day)
    else:
        raw = str(since).strip()
        if raw.isdigit():
            return int(raw)
        try:
            when = datetime.fromisoformat(raw)
        except ValueError as exc:
            raise SinceError(f"--since {raw!r}: expected an event id (e.g. 1200) or a date (e.g. 2025-06-01)") from exc
    # event times are stored in UTC; a date without a zone is read as UTC too
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    with engine.connect() as conn:
        first = conn.execute(select(func.min(events_t.c.id)).where(events_t.c.created_at >= when)).scalar()
        if first is not None:
            return int(first) - 1
        return int(conn.execute(select(func.coalesce(func.max(events_t.c.id), 0))).scalar_one())


def settled_max_event_id(engine: Engine, settle_seconds: int, now: datetime | None = None) -> int:
    """The newest event id old enough to be safe to mail up to (see DigestSettings.settle_seconds)."""
    cutoff = (now or utcnow()) - timedelta(seconds=max(0, settle_seconds))
    with engine.connect() as conn:
        q = select(func.coalesce(func.max(events_t.c.id), 0))
        if settle_seconds > 0:
            q = q.where(events_t.c.created_at <= cutoff)
        return int(conn.execute(q).scalar_one())


def load_subscribers(engine: Engine, email: str | None = None, ids: list[int] | None = None) -> list[SubscriberRow]:
    """Confirmed subscribers (or the one with `email`, whatever its status), in id order; only
    those in `ids` when given (a claimed batch)."""
    c = subs_t.c
    q = select(c.id, c.email, c.states, c.policy_types, c.saved_search, c.send_empty, c.last_event_id,
               c.token_version).order_by(c.id)
    q = q.where(c.email == email) if email else q.where(c.status == "confirmed")
    if ids is not None:
        q = q.where(c.id.in_(ids))
    out = []
    with engine.connect() as conn:
        for r in conn.execute(q):
            try:
                filters = Filters.of(r.states, r.policy_types, r.saved_search)
            except ValueError as exc:
                log.warning("subscriber %s has unusable filters (%s); using the defaults", r.id, exc)
                filters = Filters()
            out.append(SubscriberRow(int(r.id), r.email, filters, bool(r.send_empty), int(r.last_event_id or 0),
                                     int(r.token_version or 0)))
    return out


def load_pending(engine: Engine, ids: list[int] | None = None) -> dict[int, PendingRow]:
    """Sends handed to SMTP but never recorded (their sender died or lost the connection), per
    subscriber: they are retried with the same range and Message-ID."""
    c = sends_t.c
    out: dict[int, PendingRow] = {}
    q = select(c.id, c.subscriber_id, c.first_event_id, c.last_event_id, c.message_id).where(c.status == "pending")
    if ids is not None:
        q = q.where(c.subscriber_id.in_(ids))
    with engine.connect() as conn:
        for r in conn.execute(q.order_by(c.id)):
            out.setdefault(int(r.subscriber_id), PendingRow(int(r.id), int(r.subscriber_id), int(r.first_event_id),
                                                            int(r.last_event_id), r.message_id))
    return out


def wants_empty(settings: DigestSettings, sub: SubscriberRow) -> bool:
    if settings.send_empty == "always":
        return True
    if settings.send_empty == "never":
        return False
    return sub.send_empty


def manage_urls(settings: DigestSettings, sub_id: int, token_version: int) -> tuple[str, str]:
    """(preferences URL, unsubscribe URL) for a subscriber: the links every email carries."""
    token = make_token(settings.secret_key, "manage", sub_id, token_version)
    return f"{settings.root}/preferences/{token}", f"{settings.root}/unsubscribe/{token}"


class Planner:
    """Reads the run's events once and answers, per subscriber, what their digest is."""

    def __init__(self, engine: Engine, settings: DigestSettings, subscribers: list[SubscriberRow],
                 pending: dict[int, PendingRow], upto: int, floor: int | None, now: datetime | None = None) -> None:
        self.settings = settings
        self.upto = upto
        self.floor = floor or 0
        self.pending = pending
        starts = [self.start_of(s) for s in subscribers if s.id not in pending]
        starts += [p.first_event_id - 1 for p in pending.values()]
        lowest = min(starts) if starts else upto
        ends = [upto] + [p.last_event_id for p in pending.values()]
        with engine.connect() as conn:
            events = load_events(conn, lowest, max(ends)) if lowest < max(ends) else []
            index = EventIndex(events)
            # upcoming hearings on the run's clock (`now`), a current view, not part of the event range
            hearings = load_upcoming(conn, now)
            searches = SavedSearches(conn, index.bill_ids | {h.bill_id for h in hearings})
            for q in {s.filters.saved_search for s in subscribers if s.filters.saved_search}:
                searches.matching(q)  # ask every distinct query now, while the connection is open
        self.events = len(events)
        self.selector = Selector(index, searches, settings.root, hearings, now)
        self._rendered: dict[int, Rendered] = {}

    def start_of(self, sub: SubscriberRow) -> int:
        return max(sub.last_event_id, self.floor)

    def digest_for(self, sub: SubscriberRow) -> tuple[Digest, PendingRow | None]:
        p = self.pending.get(sub.id)
        if p is not None:
            return self.selector.digest(sub.filters, p.first_event_id - 1, p.last_event_id), p
        return self.selector.digest(sub.filters, self.start_of(sub), self.upto), None

    def rendered(self, digest: Digest) -> Rendered:
        r = self._rendered.get(id(digest))
        if r is None:
            r = render_digest(digest, self.settings.root)
            self._rendered[id(digest)] = r
        return r


def _claim(engine: Engine, sub: SubscriberRow, digest: Digest, message_id: str) -> int | None:
    """Step 1: the pending row, if the subscriber is still confirmed and where we left them."""
    with engine.begin() as conn:
        # the first statement writes, so SQLite takes its write lock with the busy timeout and
        # PostgreSQL locks the subscriber row against a concurrent unsubscribe
        ok = conn.execute(
            update(subs_t)
            .where(subs_t.c.id == sub.id, subs_t.c.status == "confirmed",
                   subs_t.c.last_event_id == sub.last_event_id)
            .values(last_event_id=subs_t.c.last_event_id)
        ).rowcount
        if ok != 1:
            return None
        res = conn.execute(insert(sends_t).values(
            subscriber_id=sub.id, first_event_id=digest.first_event_id, last_event_id=digest.last_event_id,
            item_count=digest.item_count, message_id=message_id, sent_at=utcnow(), status="pending",
        ))
        key = res.inserted_primary_key
        assert key is not None  # an INSERT of one row always has its key
        return int(key[0])


def _finalise(engine: Engine, send_id: int, sub_id: int, upto: int) -> None:
    """Step 3: the send record and the subscriber's position move together."""
    with engine.begin() as conn:
        conn.execute(update(sends_t).where(sends_t.c.id == send_id).values(status="sent", sent_at=utcnow()))
        conn.execute(update(subs_t).where(subs_t.c.id == sub_id, subs_t.c.last_event_id < upto)
                     .values(last_event_id=upto))


def _forget(engine: Engine, send_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(delete(sends_t).where(sends_t.c.id == send_id, sends_t.c.status == "pending"))


def _advance(engine: Engine, ids: list[int], upto: int) -> None:
    """Subscribers with nothing to say move past the events they were shown nothing from."""
    for i in range(0, len(ids), 500):
        with engine.begin() as conn:
            conn.execute(update(subs_t).where(subs_t.c.id.in_(ids[i:i + 500]), subs_t.c.last_event_id < upto)
                         .values(last_event_id=upto))


def _still_subscribed(engine: Engine, sub_id: int) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(subs_t.c.status).where(subs_t.c.id == sub_id)).scalar() == "confirmed"


def run_send(
    engine: Engine,
    settings: DigestSettings,
    *,
    dry_run: bool = False,
    since: str | int | date | None = None,
    limit: int | None = None,
    progress: ProgressFn | None = None,
    transport: SmtpTransport | None = None,
    now: datetime | None = None,
    lock_stale_after: float = 60.0,
    heartbeat_every: float = 10.0,
    after_handoff: Callable[[Planned], Any] | None = None,
) -> SendReport:
    """Send every due confirmed subscriber their digest; see the module docstring for the guarantees.

    `lock_stale_after` / `heartbeat_every` size the SQLite lease (a dead holder's lease is free
    after at most `lock_stale_after` seconds, at once if it died on this host). `after_handoff`
    runs after the server accepted a message and before it is recorded: tests use it to simulate
    a crash inside that window.
    """
    t0 = time.perf_counter()
    report = SendReport(dry_run=dry_run)
    own_transport = transport is None
    smtp = transport or SmtpTransport.from_url(settings.smtp_url)  # a bad SMTP_URL fails before any claim
    claims = make_claims(engine, settings.batch_size, LOCK_NAME, dry_run=dry_run,
                         stale_after=lock_stale_after, heartbeat_every=heartbeat_every)
    try:
        claims.start()
    except LockHeld as exc:
        report.locked_by = exc.holder
        report.stopped = str(exc)
        report.seconds = time.perf_counter() - t0
        return report
    try:
        _run(engine, settings, report, smtp, claims, dry_run=dry_run, since=since, limit=limit,
             progress=progress, now=now, after_handoff=after_handoff)
    finally:
        report.connections = smtp.connections_opened
        if own_transport:
            smtp.close()
        claims.close()
        report.seconds = time.perf_counter() - t0
    return report


def _count_idle(engine: Engine, upto: int) -> tuple[int, int]:
    """(confirmed subscribers, those of them with nothing due: no new event and no pending send)."""
    c = subs_t.c
    pending = select(sends_t.c.subscriber_id).where(sends_t.c.status == "pending")
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).where(c.status == "confirmed")).scalar_one()
        idle = conn.execute(select(func.count()).where(c.status == "confirmed", c.last_event_id >= upto,
                                                       c.id.not_in(pending))).scalar_one()
    return int(total), int(idle)


class _Stop(Exception):
    """The run must end after this batch (SMTP down, --limit reached, lease lost)."""


def _run(engine: Engine, settings: DigestSettings, report: SendReport, smtp: SmtpTransport, claims: Claims,
         *, dry_run: bool, since: str | int | date | None, limit: int | None, progress: ProgressFn | None,
         now: datetime | None, after_handoff: Callable[[Planned], Any] | None) -> None:
    """Claim due subscribers a batch at a time and send each batch; a batch is given back (its
    claims released) only after every one of its sends is recorded."""
    floor = resolve_since(engine, since)
    upto = settled_max_event_id(engine, settings.settle_seconds, now)
    report.upto_event_id = upto
    report.subscribers, report.nothing_new = _count_idle(engine, upto)
    state = _RunState(done=report.nothing_new)
    while True:
        why = claims.lost()
        if why:
            report.stopped = why
            break
        ids = claims.next_batch(upto)
        if not ids:
            break
        try:
            _batch(engine, settings, report, smtp, claims, ids, state, upto=upto, floor=floor, dry_run=dry_run,
                   limit=limit, progress=progress, after_handoff=after_handoff, now=now)
        except _Stop:
            break
        finally:
            claims.done(ids)
    report.distinct_digests = state.distinct
    if not dry_run:
        prune(engine)


@dataclass
class _RunState:
    done: int = 0  # subscribers looked at, for progress
    handed: int = 0  # digests handed to SMTP (or planned, in a dry run), for --limit
    distinct: int = 0


def _batch(engine: Engine, settings: DigestSettings, report: SendReport, smtp: SmtpTransport, claims: Claims,
           ids: list[int], state: _RunState, *, upto: int, floor: int | None, dry_run: bool, limit: int | None,
           progress: ProgressFn | None, after_handoff: Callable[[Planned], Any] | None,
           now: datetime | None = None) -> None:
    """Send one claimed batch. Subscribers and pending rows are read *after* the claim, so a
    subscriber another sender just finished is seen where that sender left them."""
    subscribers = load_subscribers(engine, ids=ids)
    pending = load_pending(engine, ids=ids)
    planner = Planner(engine, settings, subscribers, pending, upto, floor, now)
    report.events = max(report.events, planner.events)
    advance: list[int] = []
    try:
        for sub in subscribers:
            state.done += 1
            if progress is not None:
                progress(state.done, report.subscribers, report)
            why = claims.lost()
            if why:
                report.stopped = why
                raise _Stop
            if sub.id not in pending and planner.start_of(sub) >= upto:
                report.nothing_new += 1
                continue
            digest, retry = planner.digest_for(sub)
            if digest.empty and not wants_empty(settings, sub):
                report.empty_skipped += 1
                if not dry_run:
                    if retry is not None:
                        _forget(engine, retry.id)
                        _advance(engine, [sub.id], retry.last_event_id)
                    else:
                        advance.append(sub.id)
                continue
            if limit is not None and state.handed >= limit:
                report.stopped = f"--limit {limit} reached"
                raise _Stop
            state.handed += 1
            _send_one(engine, settings, report, smtp, planner, sub, digest, retry, dry_run=dry_run,
                      after_handoff=after_handoff)
    finally:
        state.distinct += planner.selector.distinct
        if not dry_run and advance:
            _advance(engine, advance, upto)


def _send_one(engine: Engine, settings: DigestSettings, report: SendReport, smtp: SmtpTransport, planner: Planner,
              sub: SubscriberRow, digest: Digest, retry: PendingRow | None, *, dry_run: bool,
              after_handoff: Callable[[Planned], Any] | None) -> None:
    """Claim row, SMTP hand-off, record: the three steps of the module docstring for one subscriber."""
    rendered = planner.rendered(digest)
    plan = Planned(sub.email, sub.id, digest.first_event_id, digest.last_event_id, digest.item_count,
                   rendered.subject, retry=retry is not None)
    report.planned.append(plan)
    if dry_run:
        return
    try:
        smtp.ensure_connected()
    except SmtpUnavailable as exc:
        report.stopped = str(exc)
        raise _Stop from exc
    if retry is not None:
        if not _still_subscribed(engine, sub.id):
            _forget(engine, retry.id)
            return
        send_id, message_id = retry.id, retry.message_id
    else:
        message_id = new_message_id(settings.mail_from)
        claimed = _claim(engine, sub, digest, message_id)
        if claimed is None:
            return  # unsubscribed or moved by someone else since we read it
        send_id = claimed
    prefs_url, unsub_url = manage_urls(settings, sub.id, sub.token_version)
    text, html = rendered.personalise(prefs_url, unsub_url)
    msg = build_message(mail_from=settings.mail_from, to=sub.email, subject=rendered.subject, text=text,
                        html=html, message_id=message_id, unsubscribe_url=unsub_url)
    try:
        result = smtp.send(msg, from_addr=_envelope_from(settings.mail_from), to_addr=sub.email)
    except SmtpUnavailable as exc:
        if retry is None:
            _forget(engine, send_id)  # lost before DATA: the server has nothing
        report.stopped = str(exc)
        raise _Stop from exc
    if result.outcome is Outcome.SENT:
        if after_handoff is not None:
            after_handoff(plan)
        _finalise(engine, send_id, sub.id, digest.last_event_id)
        report.sent += 1
        report.retried += retry is not None
    elif result.outcome is Outcome.REFUSED:
        if retry is None:
            _forget(engine, send_id)
        report.refused.append((sub.email, result.detail))
        log.warning("SMTP refused the digest for subscriber %s: %s", sub.id, result.detail)
    else:
        report.ambiguous.append((sub.email, result.detail))
        log.warning("SMTP connection lost while sending to subscriber %s: %s", sub.id, result.detail)


def _envelope_from(mail_from: str) -> str:
    from email.utils import parseaddr

    return parseaddr(mail_from)[1]
