"""`statecare classify`: run the NLP stages over stored bills and store what they find.

Crawling and classifying are separate so a better model can re-run over stored text without
re-crawling. A bill is (re)classified when its inputs changed since the model last saw it (the
store clears `nlp_input_hash` whenever it rewrites a bill) or when the model version changed;
otherwise it is skipped, so running classify twice does nothing the second time.

Work is taken in batches; on PostgreSQL a batch is claimed with SELECT ... FOR UPDATE SKIP LOCKED
so several workers on several hosts can share one run without a coordinator (DESIGN.md).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Engine, bindparam, delete, null, or_, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from statecare.db.models import Action, Bill, Event, Hearing, Provision, RelatedBill, Version, utcnow
from statecare.legis.identifiers import identifier_key
from statecare.legis.timezones import today_in
from statecare.nlp.actions.bill import classify_actions
from statecare.nlp.hearings import hearings_of
from statecare.nlp.model_version import model_version as current_model_version
from statecare.nlp.policy_type.classifier import classify_bill
from statecare.nlp.provisions.calibrate import for_policy_type
from statecare.nlp.provisions.extract import extract_provisions
from statecare.nlp.provisions.scorecard import build_scorecard
from statecare.nlp.related import BillRecord, link_bills
from statecare.nlp.stage.outcome import bill_stage

log = logging.getLogger(__name__)

# policy types whose text is read for provisions: the relevant four and the near misses, whose
# details (a public-option study's premium cap, an Essential Plan expansion) readers compare
PROVISION_TYPES = frozenset(
    {"single_payer", "public_option", "universal_coverage_study", "federal_resolution", "other_health_coverage"}
)


def provisions_of(text: str, policy_type: str | None = None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Provisions (as dicts with exact offsets into `text`) and the design scorecard. Their confidence is the
    one of the bill's kind (`calibrate.for_policy_type`: on a bill that establishes a program the
    first-contact map is steeper); the scorecard, which only orders passages, is built as before."""
    found = extract_provisions(text, policy_type)
    return for_policy_type([p.as_dict() for p in found], policy_type), build_scorecard(text, found)


@dataclass
class ClassifySummary:
    """What one classify run did."""

    considered: int = 0
    classified: int = 0
    skipped: int = 0
    stage_changes: int = 0
    reclassified: int = 0
    reintroductions: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"classified={self.classified} skipped={self.skipped} stage_changes={self.stage_changes} "
                f"reclassified={self.reclassified} reintroductions={self.reintroductions} "
                f"errors={len(self.errors)}")


def input_hash(bill: Bill) -> str:
    """A fingerprint of everything the models read from a bill."""
    parts: dict[str, Any] = {
        "title": bill.title,
        "abstracts": bill.abstracts,
        "classification": bill.classification,
        "actions": [(a.date, a.description, a.organization) for a in bill.actions],
        "versions": [(v.note, v.text_sha256) for v in bill.versions],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


_NOT_BILL_TEXT = re.compile(r"\b(?:summary|fiscal|analysis|memo|note|report|digest|amendment)", re.I)  # VT: "Act SummaryOpens in ..."


def latest_text_version(bill: Bill) -> Version | None:
    """The newest version of the bill's own text: provisions describe the bill as it now stands.

    Sources list summaries and fiscal notes among the versions (Vermont's "Act Summary" comes after
    "As Enacted"); they describe the bill in other words and are read only when nothing else is.
    """
    with_text = [v for v in bill.versions if v.text and (v.text_status or "ok") == "ok"]
    own = [v for v in with_text if not _NOT_BILL_TEXT.search(v.note or "")]
    return (own or with_text)[-1] if with_text else None


def _abstract_strings(bill: Bill) -> list[str]:
    out = []
    for a in bill.abstracts or []:
        if isinstance(a, dict) and a.get("abstract"):
            out.append(str(a["abstract"]))
        elif isinstance(a, str):
            out.append(a)
    return out


def _related_types(session: Session, bill: Bill) -> list[str]:
    """Policy types already given to the bill's resolved companions and earlier versions.

    A reintroduction of a known single-payer bill is almost certainly one (classifier.inherit); only
    links already resolved to a stored bill count, and that bill's stored type is used as is.
    """
    ids = list(dict.fromkeys(rb.related_bill_id for rb in bill.related_bills if rb.related_bill_id))
    if not ids:
        return []
    # a related bill of this batch is read from the session as it now stands (what the query used to
    # see after autoflushing it), the others from the database, without flushing this bill first
    types: list[str | None] = []
    missing: list[int] = []
    for i in ids:
        held = session.identity_map.get(identity_key(Bill, i))
        if isinstance(held, Bill):
            types.append(held.policy_type)
        else:
            missing.append(i)
    if missing:
        with session.no_autoflush:
            types.extend(session.execute(select(Bill.policy_type).where(Bill.id.in_(missing))).scalars())
    return [t for t in types if t]


@dataclass(frozen=True)
class ActionLabelsRow:
    """One action's stored labels, as written by `write_action_labels`."""

    id: int
    nlp_classification: list[str]
    committee: str | None
    stage_after: str | None


_SET_ACTION_LABELS = (
    update(Action.__table__)
    .where(Action.__table__.c.id == bindparam("a_id"))
    .values(nlp_classification=bindparam("a_cls"), committee=bindparam("a_com"), stage_after=bindparam("a_stage"))
)


# the columns classify writes on a bill
_BILL_COLUMNS = ("stage", "stage_date", "stage_furthest", "stage_chambers_passed", "stage_session_ended",
                 "stage_reason", "policy_type", "policy_type_score", "abstract_text", "scorecard_version_id",
                 "scorecard", "nlp_model_version", "nlp_input_hash", "classified_at")


@cache
def _bill_update(nulls: frozenset[str]) -> Any:
    """UPDATE bills for classify's columns, built once per set of columns that are None: those are set
    to SQL NULL, as the ORM stores None (a bound None would become the JSON text 'null' in a JSON
    column), the others travel as parameters (values built into the statement made SQLAlchemy
    hash a bill's abstract for its statement cache, every bill)."""
    t = Bill.__table__
    return update(t).where(t.c.id == bindparam("b_id")).values(
        {c: null() if c in nulls else bindparam(f"v_{c}") for c in _BILL_COLUMNS})


def write_action_labels(session: Session, rows: Sequence[ActionLabelsRow]) -> None:
    """Store the actions' labels in one executemany (a statement per action through the ORM's unit
    of work was a third of classify's time at 769k actions)."""
    if rows:  # on the connection: an ORM session.execute would autoflush the bill first
        session.connection().execute(_SET_ACTION_LABELS, [{"a_id": r.id, "a_cls": r.nlp_classification, "a_com": r.committee,
                                              "a_stage": r.stage_after} for r in rows])


def classify_bill_row(session: Session, bill: Bill, model_version: str,
                      action_rows: list[ActionLabelsRow] | None = None,
                      old_hearings: Sequence[Hearing] | None = None) -> tuple[list[Event], bool]:
    """Analyse one bill in place; return the events to append and whether anything was stored.

    The actions' labels are appended to `action_rows` for the caller to write with
    `write_action_labels` once the bill's savepoint has held (only the rows whose labels changed);
    without a list they are written here. `old_hearings`, when given, are the bill's stored
    hearings (read for a whole batch at once); without them they are read here.
    """
    own_rows = action_rows is None
    action_rows = [] if action_rows is None else action_rows
    events: list[Event] = []
    written: dict[str, Any] = {}

    def assign(**values: Any) -> None:
        # the bill object shows the new values at once (later steps and later bills read them), but
        # is not made dirty: a dirty Bill sent the unit of work through all of its relationships at
        # each flush; its row is written with one UPDATE at the end instead
        for k, v in values.items():
            set_committed_value(bill, k, v)
        written.update(values)

    old_stage = bill.stage
    old_type = bill.policy_type
    old_keys = {p.key for p in bill.provisions}
    was_classified = bill.nlp_model_version is not None

    # 1. actions -> categories, committee
    descs = [a.description for a in bill.actions]
    chambers = [a.organization for a in bill.actions]
    labels = classify_actions(descs, bill.state, chambers)
    # 2. stage
    stage = bill_stage(bill, labels)
    stages: list[str | None] = [st or None for st in stage.per_action]
    for i, (a, lab) in enumerate(zip(bill.actions, labels, strict=True)):
        row = ActionLabelsRow(a.id, list(lab.categories), lab.committee,
                              stages[i] if i < len(stages) else a.stage_after)
        if (row.nlp_classification, row.committee, row.stage_after) != (a.nlp_classification, a.committee,
                                                                       a.stage_after):
            action_rows.append(row)
        # the objects hold the new values (hearings read the committee) without the unit of work
        # writing them one statement per action: the caller writes them in one executemany
        set_committed_value(a, "nlp_classification", row.nlp_classification)
        set_committed_value(a, "committee", row.committee)
        set_committed_value(a, "stage_after", row.stage_after)
    assign(stage=stage.stage, stage_date=stage.date, stage_furthest=stage.furthest,
           stage_chambers_passed=list(stage.chambers_passed), stage_session_ended=stage.session_ended,
           stage_reason=stage.reason)
    # 3. policy type
    version = latest_text_version(bill)
    text = version.text if version else None
    ptype, score = classify_bill(bill.title, _abstract_strings(bill), text, identifier=bill.identifier,
                                 classification=list(bill.classification or []),
                                 subjects=[str(x) for x in bill.subject or []], state=bill.state,
                                 related_types=_related_types(session, bill))
    assign(policy_type=ptype, policy_type_score=score)
    # 4. provisions + scorecard, from the amended text (struck language is never in `text`)
    if bill.provisions:  # loaded with the bill: when there are none there is nothing to delete
        session.execute(delete(Provision).where(Provision.bill_id == bill.id))
    new_keys: set[str] = set()
    scorecard = None
    abstract = "\n\n".join(_abstract_strings(bill))
    assign(abstract_text=abstract or None, scorecard_version_id=None)
    if version is not None and ptype in PROVISION_TYPES:
        assign(scorecard_version_id=version.id)
        found, scorecard = provisions_of(text or "", ptype)
        for p in found:
            session.add(Provision(
                bill_id=bill.id, version_id=version.id, key=p["key"], category=p["key"].split(".")[0],
                value=p["key"].split(".", 1)[1], start=p["start"], end=p["end"], evidence=p["evidence"],
                confidence=float(p["confidence"]), model_version=model_version,
            ))
            new_keys.add(p["key"])
    elif ptype in PROVISION_TYPES:
        # no bill text: read what the abstracts say (CA's digest describes the whole bill); the
        # offsets point into bill.abstract_text, stored above exactly as read
        if abstract:
            found, scorecard = provisions_of(abstract, ptype)
            for p in found:
                session.add(Provision(
                    bill_id=bill.id, version_id=None, key=p["key"], category=p["key"].split(".")[0],
                    value=p["key"].split(".", 1)[1], start=p["start"], end=p["end"], evidence=p["evidence"],
                    confidence=float(p["confidence"]), model_version=model_version,
                ))
                new_keys.add(p["key"])
            if scorecard is not None:
                scorecard = dict(scorecard, _source="abstract")
    assign(scorecard=scorecard)
    new_hearings = store_hearings(session, bill, old_hearings)
    if own_rows:
        write_action_labels(session, action_rows)
    assign(nlp_model_version=model_version, nlp_input_hash=input_hash(bill), classified_at=utcnow())
    session.connection().execute(_bill_update(frozenset(k for k, v in written.items() if v is None)),
                                 {"b_id": bill.id, **{f"v_{k}": v for k, v in written.items() if v is not None}})

    base = {"bill_id": bill.id, "state": bill.state, "legislative_session": bill.legislative_session,
            "identifier": bill.identifier}
    if old_stage is not None and old_stage != bill.stage:
        events.append(Event(kind="stage_change", payload={
            "from": old_stage, "to": bill.stage, "date": bill.stage_date,
            "description": stage.description, "title": bill.title, "policy_type": bill.policy_type}, **base))
    if was_classified and (old_type != ptype or old_keys != new_keys):
        events.append(Event(kind="reclassified", payload={
            "policy_type_from": old_type, "policy_type_to": ptype, "title": bill.title,
            "provisions_added": sorted(new_keys - old_keys), "provisions_removed": sorted(old_keys - new_keys)},
            **base))
    events += [hearing_event(bill, h) for h in new_hearings]
    return events, True


def hearing_event(bill: Bill, h: Hearing) -> Event:
    """The `hearing_scheduled` event announcing a hearing: alerts tell it, and the digest tells a
    hearing in the digest whose event range holds its first announcement (statecare.digest.hearings)."""
    return Event(kind="hearing_scheduled", bill_id=bill.id, state=bill.state,
                 legislative_session=bill.legislative_session, identifier=bill.identifier, payload={
                     "date": h.date, "time": h.time, "committee": h.committee, "location": h.location,
                     "kind": h.kind, "description": h.description, "title": bill.title,
                     "policy_type": bill.policy_type})


def _hearing_key(h: Hearing) -> tuple[str, str | None, str | None, str | None, str]:
    return (h.date, h.time, h.committee, h.location, h.status)


def store_hearings(session: Session, bill: Bill, stored: Sequence[Hearing] | None = None) -> list[Hearing]:
    """Rewrite the bill's hearings from its actions (idempotent: the same actions give the same rows);
    return the scheduled hearings not stored before whose day has not passed on the legislature's
    clock -- the ones worth an alert. A first classification of an old bill finds only past ones.

    `stored` are the bill's hearings as stored (the caller may have read a batch's at once)."""
    if stored is None:
        stored = list(session.scalars(select(Hearing).where(Hearing.bill_id == bill.id)))
    old = {_hearing_key(h) for h in stored}
    # rows from Open States /events (negative action_order, statecare.crawler.events) are the live
    # crawl's: kept here, and dropped below where an action announces the same hearing
    if any(h.action_order >= 0 for h in stored):
        session.execute(delete(Hearing).where(Hearing.bill_id == bill.id, Hearing.action_order >= 0))
        for h in stored:  # gone from the table: a new row may take a deleted row's id (SQLite rowids)
            if h.action_order >= 0 and h in session:
                session.expunge(h)
    api_rows = [h for h in stored if h.action_order < 0]
    today = today_in(bill.state).isoformat()
    fresh: list[Hearing] = []
    seen: set[int] = set()
    for order, p in hearings_of([(a.order, a.date, a.description) for a in bill.actions], bill.state):
        if order in seen:  # one hearing per action position (the table's key)
            continue
        seen.add(order)
        action = next(a for a in bill.actions if a.order == order)
        row = Hearing(bill_id=bill.id, state=bill.state, action_order=order, action_date=action.date or "",
                      date=p.date, time=p.time, end_time=p.end_time, committee=p.committee or action.committee,
                      location=p.location, kind=p.kind, status=p.status, description=action.description)
        session.add(row)
        for dup in [r for r in api_rows if row.same_hearing(r.date, r.time)]:
            api_rows.remove(dup)
            session.delete(dup)
        if p.status == "scheduled" and p.date >= today and _hearing_key(row) not in old:
            fresh.append(row)
    session.flush()
    return fresh


def _pending_ids(session: Session, model_version: str, force: bool, after_id: int, limit: int,
                 state: str | None, lock: bool = True) -> list[int]:
    q = select(Bill.id).where(Bill.id > after_id).order_by(Bill.id).limit(limit)
    if not force:
        q = q.where(or_(Bill.nlp_input_hash.is_(None), Bill.nlp_model_version != model_version,
                        Bill.nlp_model_version.is_(None)))
    if state:
        q = q.where(Bill.state == state.lower())
    if lock and session.bind is not None and session.bind.dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True, of=Bill)
    return list(session.scalars(q))


def classify_all(engine: Engine, *, force: bool = False, state: str | None = None, batch: int = 100,
                 progress: Callable[[int, int], None] | None = None) -> ClassifySummary:
    """Classify every bill whose inputs or model changed; one transaction per batch."""
    model_version = current_model_version()
    summary = ClassifySummary()
    with Session(engine) as s:
        q = select(Bill.id)
        if not force:
            q = q.where(or_(Bill.nlp_input_hash.is_(None), Bill.nlp_model_version != model_version,
                            Bill.nlp_model_version.is_(None)))
        if state:
            q = q.where(Bill.state == state.lower())
        total = len(s.scalars(q).all())
    done = 0
    after = 0
    touched: set[str] = set()
    linked: set[str] = set()
    while True:
        with Session(engine) as s, s.begin():
            ids = _pending_ids(s, model_version, force, after, batch, state)
            if not ids:
                break
            after = ids[-1]
            bills = s.scalars(
                select(Bill).where(Bill.id.in_(ids)).order_by(Bill.id).options(
                    selectinload(Bill.actions), selectinload(Bill.versions), selectinload(Bill.provisions),
                    selectinload(Bill.related_bills))
            ).all()
            stored_hearings: dict[int, list[Hearing]] = {b.id: [] for b in bills}
            for h in s.scalars(select(Hearing).where(Hearing.bill_id.in_(ids))):
                stored_hearings[h.bill_id].append(h)
            for bill in bills:
                summary.considered += 1
                if not force and bill.nlp_model_version == model_version and bill.nlp_input_hash == input_hash(bill):
                    summary.skipped += 1
                    continue
                try:
                    # one flush per bill, when its savepoint is released: autoflushing before each
                    # query the bill makes ran the unit of work several times a bill
                    with s.begin_nested(), s.no_autoflush:
                        rows: list[ActionLabelsRow] = []
                        events, _ = classify_bill_row(s, bill, model_version, rows, stored_hearings[bill.id])
                        write_action_labels(s, rows)
                        for e in events:
                            s.add(e)
                        summary.classified += 1
                        touched.add(bill.state)
                        summary.stage_changes += sum(e.kind == "stage_change" for e in events)
                        summary.reclassified += sum(e.kind == "reclassified" for e in events)
                except Exception as exc:  # noqa: BLE001 - one bad bill must not stop the run
                    s.expire(bill)  # its row was rolled back: what the object shows must be too
                    log.exception("classify failed for %s", bill)
                    summary.errors.append(f"{bill.state.upper()} {bill.legislative_session} {bill.identifier}: {exc}")
            # a state whose last bill to do is now classified gets its links in this same transaction:
            # a run killed after it cannot leave the state classified but unlinked (the next run would
            # find nothing of it to classify, so would never link it)
            completed = {st for st in {b.state for b in bills}
                         if not _pending_ids(s, model_version, force, after, 1, st, lock=False)}
            summary.reintroductions += _link_states(s, completed & touched)
            linked |= completed & touched
            done += len(bills)
            if progress:
                progress(done, total)
    if touched - linked:  # another worker was still classifying some of these states' bills
        summary.reintroductions += link_related(engine, states=touched - linked)
    return summary


def link_related(engine: Engine, states: set[str] | None = None) -> int:
    """Store companion / prior-session links found; a `reintroduced` event for each new one."""
    with Session(engine) as s, s.begin():
        return _link_states(s, states if states is not None else set(s.scalars(select(Bill.state).distinct())))


def _link_states(s: Session, states: set[str]) -> int:
    """link_related's work inside the caller's transaction."""
    new_links = 0
    for state in sorted(states):
        bills = s.scalars(select(Bill).where(Bill.state == state).options(
            selectinload(Bill.related_bills), selectinload(Bill.versions),
            selectinload(Bill.sponsorships))).all()
        existing = {(r.bill_id, r.related_bill_id) for b in bills for r in b.related_bills}
        by_id = {b.id: b for b in bills}
        for link in find_links(bills):
            src, dst, rel = link
            if (src, dst) in existing or src == dst:
                continue
            target = by_id[dst]
            s.add(RelatedBill(bill_id=src, identifier=target.identifier,
                              legislative_session=target.legislative_session, relation_type=rel,
                              derived=True, related_bill_id=dst, order=1000 + len(existing)))
            existing.add((src, dst))
            new_links += 1
            if rel == "prior-session":
                b = by_id[src]
                s.add(Event(kind="reintroduced", bill_id=src, state=b.state,
                            legislative_session=b.legislative_session, identifier=b.identifier,
                            payload={"previous_identifier": target.identifier,
                                     "previous_session": target.legislative_session, "title": b.title,
                                     "policy_type": b.policy_type}))
    return new_links


def find_links(bills: Sequence[Bill]) -> list[tuple[int, int, str]]:
    """(bill id, related bill id, relation) for companions and prior-session reintroductions."""
    records = []
    ids: dict[tuple[str, str, str], int] = {}
    for b in bills:
        text = next((v.text for v in reversed(b.versions) if v.text), None)
        same = [f"{r.identifier}-{r.legislative_session or b.legislative_session}"
                for r in b.related_bills if r.relation_type == "companion"]
        prev = [f"{r.identifier}-{r.legislative_session}" for r in b.related_bills
                if r.relation_type in ("prior-session", "replaces") and r.legislative_session
                and r.legislative_session != b.legislative_session]
        rec = BillRecord(state=b.state, session=b.legislative_session, identifier=b.identifier, title=b.title,
                         sponsors=[s.name for s in b.sponsorships], text=text[:200_000] if text else None,
                         same_as=same, previous_versions=prev, chamber=b.from_organization)
        records.append(rec)
        ids[(b.state, b.legislative_session, identifier_key(b.identifier))] = b.id
    out = []
    for link in link_bills(records):
        if not link.resolved:
            continue
        a, o = ids.get(link.bill), ids.get(link.other)
        if a is not None and o is not None:
            out.append((a, o, link.relation_type))
    return out
