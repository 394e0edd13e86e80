"""Helpers for the digest tests: a real SMTP server on loopback and a replayed week of real events.

The week: every Open States fixture bill is first stored as it stood a week before its latest
action (its earlier actions and versions only) through the real store, then the fixtures are
imported whole with `statecare.db.openstates_io.import_paths` -- so `new_bill`, `new_action` and
`new_version` events come from the store's own change detection. The NY Health Act (2023 and 2025
sessions) comes from the NY Open Legislation fixtures through the crawler's record converter.

`statecare classify` is what writes stage_change / reclassified / reintroduced events in the real
pipeline. These tests stand in for it with the lead's own pieces where they are importable on their
own: stage from `statecare.nlp.stage.machine.derive_stage` over the fixtures' Open States action
classifications, provisions from `statecare.nlp.provisions.extract_provisions` over a real bill
text, policy types from the project's hand labels (statecare/nlp/data/bill_types_labels.csv), and
a reintroduction from the NY record's own prior-session link. The payloads have the shapes
statecare.nlp.classify writes.
"""

from __future__ import annotations

import asyncio
import copy
import csv
import functools
import json
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy import Engine, func, insert, select, update

from statecare.config import PROJECT_ROOT
from statecare.crawler.records.ny_openleg import openleg_to_record
from statecare.db.models import Bill, Event, Subscriber, utcnow
from statecare.db.openstates_io import import_paths, iter_json_files, records_in
from statecare.db.store import BillStore
from statecare.legis.identifiers import normalize_identifier
from statecare.nlp.stage.machine import StageInputError, derive_stage

LABELS_CSV = PROJECT_ROOT / "statecare" / "nlp" / "data" / "bill_types_labels.csv"
NY_HEALTH_ACT_BEFORE = ("NY_2023_S7590_NY_Health_Act.json", "NY_2023_A7897_NY_Health_Act.json")
NY_HEALTH_ACT_WEEK = ("NY_2025_S3425_NY_Health_Act.json", "NY_2025_A1466_NY_Health_Act.json")


# ---------------------------------------------------------------------------------------------
# SMTP server on loopback


@dataclass
class Received:
    mail_from: str
    rcpt: str
    data: bytes

    @property
    def message(self) -> EmailMessage:
        """Parsed as a mail client would (modern policy: headers decoded, parts walkable)."""
        return BytesParser(policy=policy.default).parsebytes(self.data)  # type: ignore[return-value]


@dataclass
class Mailbox:
    """aiosmtpd handler that records what it accepts and misbehaves on request."""

    received: list[Received] = field(default_factory=list)
    refuse_rcpt: dict[str, str] = field(default_factory=dict)  # address -> "450 ..." / "550 ..."
    refuse_data: dict[str, str] = field(default_factory=dict)
    drop_in_data: set[str] = field(default_factory=set)  # hang up at end of DATA, keep nothing
    drop_after_accepted: int | None = None  # hang up at the DATA after this many accepted messages
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address in self.refuse_rcpt:
            return self.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.delay:
            await asyncio.sleep(self.delay)
        rcpt = envelope.rcpt_tos[0]
        with self.lock:
            drop = rcpt in self.drop_in_data or (
                self.drop_after_accepted is not None and len(self.received) >= self.drop_after_accepted
            )
        if drop:
            server.transport.close()
            return "421 closing"  # never reaches the client: the socket is already closed
        if rcpt in self.refuse_data:
            return self.refuse_data[rcpt]
        with self.lock:
            self.received.append(Received(envelope.mail_from, rcpt, bytes(envelope.content)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.rcpt == address]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SmtpServer:
    mailbox: Mailbox
    controller: Controller
    port: int

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?timeout=10"

    stopped: bool = False

    def stop(self) -> None:
        if not self.stopped:
            self.stopped = True
            self.controller.stop()


def start_smtp(mailbox: Mailbox | None = None) -> SmtpServer:
    box = mailbox or Mailbox()
    port = free_port()
    ctrl = Controller(box, hostname="127.0.0.1", port=port, ready_timeout=10)
    ctrl.start()
    return SmtpServer(box, ctrl, port)


# ---------------------------------------------------------------------------------------------
# the replayed week


def load_labels() -> dict[tuple[str, str, str], str]:
    out = {}
    with LABELS_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[(row["state"], row["session"], normalize_identifier(row["identifier"]))] = row["label"]
    return out


def label_for(labels: dict[tuple[str, str, str], str], state: str, session: str, ident: str) -> str | None:
    """The hand label of a bill; NY labels use the session's first year ("2025" for 2025-2026)."""
    return labels.get((state, session, ident)) or labels.get((state, session[:4], ident))


def _day(s: Any) -> str:
    return str(s or "")[:10]


def _bill_records(fixtures: Path) -> list[dict[str, Any]]:
    out = []
    for path in iter_json_files([fixtures / "openstates"]):
        kind, items = records_in(json.loads(path.read_bytes()))
        if kind == "bills":
            out.extend(r for r in items if isinstance(r, dict) and r.get("actions"))
    return out


def _ny(fixtures: Path, name: str) -> dict[str, Any]:
    raw = json.loads((fixtures / "ny_openleg_derived" / name).read_text(encoding="utf-8"))
    return openleg_to_record(raw, f"https://legislation.nysenate.gov/api/3/bills/{raw.get('Session', '')}")


FINAL_TEXT = re.compile(r"enacted|act summary|passed legislature", re.I)
FINAL_ACTIONS = {"executive-signature", "became-law"}


def _early_version(v: dict[str, Any], rec: dict[str, Any], week_start: str) -> bool:
    """Was this version published before the week? By its date when it has one; most fixture
    versions are undated, and then the texts named for the law ("As Enacted", "Act Summary",
    "Passed Legislature") count as published in the week the governor signed, if that is this week."""
    if _day(v.get("date")):
        return _day(v.get("date")) < week_start
    signed_this_week = any(_day(a.get("date")) >= week_start and FINAL_ACTIONS & set(a.get("classification") or [])
                           for a in rec["actions"])
    return not (signed_this_week and FINAL_TEXT.search(str(v.get("note") or "")))


def _stage(actions: list[dict[str, Any]]) -> tuple[str | None, str | None, str]:
    if not actions:
        return None, None, ""
    try:
        res = derive_stage(actions)
    except StageInputError:
        return None, None, ""
    # the action that put the bill where it is: the first of the run of actions ending at its stage
    i = len(res.stages) - 1
    while i > 0 and res.stages[i - 1] == res.stage:
        i -= 1
    cause = actions[i] if 0 <= i < len(actions) else actions[-1]
    return res.stage, res.date, str(cause.get("description") or "")


@dataclass
class Week:
    """What the replay stored: the event id the week starts after, and what happened in it."""

    start_after: int
    end: int
    kinds: dict[str, int]
    stage_changes: list[tuple[str, str, str, str]]  # (state, identifier, from, to)
    reintroduced: list[tuple[str, str, str]]  # (state, identifier, previous identifier)
    provisions_bill: tuple[str, str, str] | None


def _key_of(rec: dict[str, Any]) -> tuple[str, str, str]:
    from statecare.legis.record import state_of

    return state_of(rec), str(rec.get("legislative_session") or rec.get("session")), normalize_identifier(str(rec["identifier"]))


def build_week(engine: Engine, fixtures: Path, shared: Path,
               between: Callable[[], Any] | None = None) -> Week:
    """Store the week before, then the week itself; return its event range and a summary.
    `between` runs after the first part (a test subscribes and confirms there)."""
    store = BillStore(engine)
    labels = load_labels()
    records = _bill_records(fixtures)
    before_stage: dict[tuple[str, str, str], tuple[str | None, str | None, str]] = {}
    # 1. the state a week before each bill's latest action
    for rec in records:
        days = sorted(_day(a.get("date")) for a in rec["actions"] if a.get("date"))
        week_start = (date.fromisoformat(days[-1]) - timedelta(days=6)).isoformat()
        early = copy.deepcopy(rec)
        early["actions"] = [a for a in rec["actions"] if _day(a.get("date")) < week_start]
        early["versions"] = [v for v in rec.get("versions") or [] if _early_version(v, rec, week_start)]
        if not early["actions"]:
            continue  # first seen this week: it arrives as a new bill
        store.upsert_bill(early, source="openstates")
        before_stage[_key_of(rec)] = _stage(early["actions"])
    for name in NY_HEALTH_ACT_BEFORE:
        rec = _ny(fixtures, name)
        store.upsert_bill(rec, source="ny_openleg")
        before_stage[_key_of(rec)] = _stage(rec["actions"])
    _classify(engine, labels, before_stage, emit=False)
    with engine.connect() as conn:
        start_after = int(conn.execute(select(func.coalesce(func.max(Event.id), 0))).scalar_one())
    if between is not None:
        between()

    # 2. the week: the whole records, through the importer
    import_paths(engine, [fixtures / "openstates"], source="openstates")
    week_ny = [_ny(fixtures, n) for n in NY_HEALTH_ACT_WEEK]
    for rec in week_ny:
        store.upsert_bill(rec, source="ny_openleg")
    after_stage = {_key_of(r): _stage(r["actions"]) for r in records + week_ny}
    stage_changes = _classify(engine, labels, after_stage, emit=True, before=before_stage)
    reintroduced = _reintroductions(engine, week_ny)
    prov_bill = _provisions(engine, shared)
    with engine.connect() as conn:
        end = int(conn.execute(select(func.max(Event.id))).scalar_one())
        kinds = dict(conn.execute(select(Event.kind, func.count()).where(Event.id > start_after)
                                  .group_by(Event.kind)).all())
    return Week(start_after, end, kinds, stage_changes, reintroduced, prov_bill)


def _classify(engine: Engine, labels: dict, stages: dict, *, emit: bool,
              before: dict | None = None) -> list[tuple[str, str, str, str]]:
    """Policy type from the hand labels, stage from the lead's state machine; stage_change events
    (payload as statecare.nlp.classify writes it) for bills whose stage moved during the week."""
    changes = []
    with engine.begin() as conn:
        for (st, sess, ident), (stage, stage_date, desc) in stages.items():
            row = conn.execute(select(Bill.id, Bill.title, Bill.stage).where(
                Bill.state == st, Bill.legislative_session == sess, Bill.identifier == ident)).first()
            if row is None:
                continue
            ptype = label_for(labels, st, sess, ident)
            conn.execute(update(Bill).where(Bill.id == row.id).values(policy_type=ptype, stage=stage,
                                                                      stage_date=stage_date))
            old = (before or {}).get((st, sess, ident), (None,))[0]
            if emit and old is not None and stage is not None and old != stage:
                conn.execute(insert(Event).values(
                    kind="stage_change", bill_id=row.id, state=st, legislative_session=sess, identifier=ident,
                    created_at=utcnow(), payload={"from": old, "to": stage, "date": stage_date, "description": desc,
                                                  "title": row.title, "policy_type": ptype}))
                changes.append((st, ident, old, stage))
    return changes


def _reintroductions(engine: Engine, records: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """A `reintroduced` event for each new bill whose record names a stored prior-session bill."""
    out = []
    with engine.begin() as conn:
        for rec in records:
            st, sess, ident = _key_of(rec)
            bill = conn.execute(select(Bill.id, Bill.title, Bill.policy_type).where(
                Bill.state == st, Bill.legislative_session == sess, Bill.identifier == ident)).one()
            for rel in rec.get("related_bills") or []:
                if rel.get("relation_type") != "prior-session":
                    continue
                prev_ident = normalize_identifier(rel["identifier"])
                prev = conn.execute(select(Bill.legislative_session).where(
                    Bill.state == st, Bill.identifier == prev_ident,
                    Bill.legislative_session == rel["legislative_session"])).scalar()
                if prev is None:
                    continue
                conn.execute(insert(Event).values(
                    kind="reintroduced", bill_id=bill.id, state=st, legislative_session=sess, identifier=ident,
                    created_at=utcnow(), payload={"previous_identifier": prev_ident, "previous_session": prev,
                                                  "title": bill.title, "policy_type": bill.policy_type}))
                out.append((st, ident, prev_ident))
    return out


@functools.lru_cache(maxsize=2)
def _s860_provisions(shared: str) -> tuple[str, ...]:
    from statecare.nlp.provisions.extract import extract_provisions

    path = Path(shared) / "fixtures" / "bill_texts" / "ma" / "MA_194th_S860_medicare_for_all_extracted.txt"
    return tuple(sorted({p.key for p in extract_provisions(path.read_text(encoding="utf-8"))}))


def _provisions(engine: Engine, shared: Path) -> tuple[str, str, str] | None:
    """MA S 860's provisions as the project's extractor reads them in the real bill text: a
    `reclassified` event (same type, provisions added) like classify writes when text arrives."""
    keys = list(_s860_provisions(str(shared)))
    with engine.begin() as conn:
        bill = conn.execute(select(Bill.id, Bill.title, Bill.policy_type).where(
            Bill.state == "ma", Bill.legislative_session == "194th", Bill.identifier == "S 860")).first()
        if bill is None or not keys:
            return None
        conn.execute(insert(Event).values(
            kind="reclassified", bill_id=bill.id, state="ma", legislative_session="194th", identifier="S 860",
            created_at=utcnow(), payload={"policy_type_from": bill.policy_type, "policy_type_to": bill.policy_type,
                                          "title": bill.title, "provisions_added": keys, "provisions_removed": []}))
    return ("ma", "194th", "S 860")


def add_subscriber(engine: Engine, email: str, *, states: list[str] | None = None,
                   policy_types: list[str] | None = None, saved_search: str | None = None,
                   last_event_id: int = 0, status: str = "confirmed", send_empty: bool = False) -> int:
    """A subscriber row as the web flow leaves it after confirmation (for the sender tests)."""
    with engine.begin() as conn:
        res = conn.execute(insert(Subscriber).values(
            email=email, status=status, states=states or [], policy_types=policy_types or [],
            saved_search=saved_search, send_empty=send_empty, created_at=utcnow(),
            confirmed_at=utcnow() if status == "confirmed" else None, last_event_id=last_event_id, token_version=1))
        return int(res.inserted_primary_key[0])
