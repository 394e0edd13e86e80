"""What goes into one subscriber's digest: events since their last mailed id, through their filters.

GovTrack's model: the events table is append-only with a monotonic id, and a subscription remembers
the last id it was mailed. A send run reads the week's events once, indexes them by (state, policy
type), and answers each subscriber from that index; subscribers with the same filters and the same
starting id share one `Digest` (a weekly run has far fewer distinct filter sets than subscribers).

The policy type a filter sees is the bill's *current* one (from the bills table), not the one it had
when the event was written: a bill imported on Monday and classified single-payer on Tuesday shows up
as a new single-payer bill.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, select, text

from statecare.db.models import Bill, Event
from statecare.digest.hearings import HearingRow
from statecare.digest.labels import (
    EVENT_LABELS,
    POLICY_TYPES,
    RELEVANT_POLICY_TYPES,
    STATE_NAMES,
    policy_label,
    provision_label,
    route_stage_label,
    stage_label,
    state_name,
)
from statecare.legis.identifiers import identifier_slug
from statecare.legis.record import http_url
from statecare.legis.sessions import session_label, session_noun

# what a reader wants from a week: new bills, progress, new text, what the bill now does, comebacks.
# new_action is left out on purpose: every referral and hearing notice would drown the stage changes.
DIGEST_KINDS: tuple[str, ...] = ("new_bill", "stage_change", "new_version", "reclassified", "reintroduced")
MAX_SAVED_SEARCH = 200


class FilterError(ValueError):
    """A subscriber's filter value is not one the digest knows; the message names it."""


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event joined with what the digest needs of its bill now."""

    id: int
    kind: str
    bill_id: int | None
    state: str
    session: str
    identifier: str
    payload: dict[str, Any]
    created_at: datetime | None
    policy_type: str | None
    title: str
    stage: str | None
    first_action_date: str | None = None
    latest_action_date: str | None = None
    latest_action: str | None = None


@dataclass(frozen=True)
class Filters:
    """A subscriber's choice: states (empty = every state), policy types (empty = the four relevant
    ones), and an optional saved search that bills must also match."""

    states: frozenset[str] = frozenset()
    policy_types: frozenset[str] = frozenset()
    saved_search: str | None = None

    @classmethod
    def of(cls, states: Iterable[str] | None, policy_types: Iterable[str] | None,
           saved_search: str | None) -> Filters:
        """Normalise and check; raises FilterError naming the unknown value."""
        st = frozenset(s.strip().lower() for s in states or [] if s and s.strip())
        bad = sorted(st - set(STATE_NAMES))
        if bad:
            raise FilterError(f"unknown state code(s): {', '.join(bad)}")
        pt = frozenset(p.strip() for p in policy_types or [] if p and p.strip())
        badp = sorted(pt - set(POLICY_TYPES))
        if badp:
            raise FilterError(f"unknown policy type(s): {', '.join(badp)} (known: {', '.join(POLICY_TYPES)})")
        q = " ".join((saved_search or "").split()) or None
        if q and len(q) > MAX_SAVED_SEARCH:
            raise FilterError(f"saved search is longer than {MAX_SAVED_SEARCH} characters")
        return cls(st, pt, q)

    @property
    def effective_types(self) -> frozenset[str]:
        return self.policy_types or frozenset(RELEVANT_POLICY_TYPES)

    def describe(self) -> str:
        """The filters in words, for the top of the email ("so you know why you got this")."""
        states = ", ".join(sorted(state_name(s) for s in self.states)) if self.states else "all states"
        if self.policy_types:
            types = ", ".join(policy_label(p) for p in POLICY_TYPES if p in self.policy_types)
        else:
            types = "bills toward universal coverage"
        out = f"{types} in {states}"
        if self.saved_search:
            out += f", matching \u201c{self.saved_search}\u201d"
        return out


@dataclass
class DigestItem:
    """One line of news about a bill."""

    kind: str
    headline: str
    date: str | None = None
    details: list[str] = field(default_factory=list)
    link_label: str | None = None
    link_url: str | None = None


@dataclass
class BillBlock:
    state: str
    session: str
    identifier: str
    title: str
    url: str
    policy_label: str
    stage_label: str
    items: list[DigestItem] = field(default_factory=list)


@dataclass
class HearingItem:
    """One upcoming hearing on a bill the subscriber follows by their filters."""

    state: str
    session: str
    identifier: str
    title: str
    url: str
    date: str
    line: str  # "Hearing next Tuesday, 10:00: Committee on Health, Room 016"


@dataclass
class StateSection:
    code: str
    name: str
    bills: list[BillBlock] = field(default_factory=list)


@dataclass
class Digest:
    """Everything one email says, before it is rendered as HTML or text."""

    filters: Filters
    first_event_id: int
    last_event_id: int
    sections: list[StateSection] = field(default_factory=list)
    hearings: list[HearingItem] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return sum(len(b.items) for s in self.sections for b in s.bills)

    @property
    def bill_count(self) -> int:
        return sum(len(s.bills) for s in self.sections)

    @property
    def empty(self) -> bool:
        """Nothing moved and no hearing was announced (an announced upcoming hearing alone is worth the email)."""
        return not self.sections and not self.hearings

    def subject(self) -> str:
        if self.empty:
            return "statecare weekly: no news on the bills you follow"
        names = list(dict.fromkeys([s.name for s in self.sections] + [state_name(h.state) for h in self.hearings]))
        where = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        n, h = self.item_count, len(self.hearings)
        parts = ([f"{n} update{'s' if n != 1 else ''}"] if n else []) + (
            [f"{h} upcoming hearing{'s' if h != 1 else ''}"] if h else [])
        return f"statecare weekly: {' and '.join(parts)} in {where}"


def bill_url(root: str, state: str, session: str, identifier: str) -> str:
    """Absolute link to a bill page, /bills/<xx>/<session>/<identifier>, in the site's canonical form:
    the number without its space ("HB1445") when that reads back the same (as statecare.web does, so
    the link does not go through a redirect); each part percent-encoded."""
    ident = identifier_slug(identifier)
    return f"{root}/bills/{quote(state.lower(), safe='')}/{quote(session, safe='')}/{quote(ident, safe='')}"


def load_events(conn: Connection, after_id: int, upto_id: int) -> list[EventRow]:
    """The digest-worthy events with after_id < id <= upto_id, with their bills' current state."""
    e, b = Event.__table__.c, Bill.__table__.c
    q = (
        select(e.id, e.kind, e.bill_id, e.state, e.legislative_session, e.identifier, e.payload,
               e.created_at, b.policy_type, b.title, b.stage, b.first_action_date, b.latest_action_date,
               b.latest_action_description, b.state.label("bill_state"),
               b.legislative_session.label("bill_session"), b.identifier.label("bill_identifier"))
        .select_from(Event.__table__.join(Bill.__table__, b.id == e.bill_id))
        .where(e.id > after_id, e.id <= upto_id, e.kind.in_(DIGEST_KINDS))
        .order_by(e.id)
    )
    out = []
    for r in conn.execute(q):
        payload = r.payload if isinstance(r.payload, dict) else {}
        out.append(EventRow(
            id=int(r.id), kind=r.kind, bill_id=r.bill_id, state=r.state or r.bill_state,
            session=r.legislative_session or r.bill_session, identifier=r.identifier or r.bill_identifier,
            payload=payload, created_at=r.created_at, policy_type=r.policy_type, title=r.title or "",
            stage=r.stage, first_action_date=r.first_action_date, latest_action_date=r.latest_action_date,
            latest_action=r.latest_action_description,
        ))
    return out


class SavedSearches:
    """Which bills match each saved search, asked once per distinct query per run.

    Uses the site's full-text index through statecare.db.search's query parser (the same words
    find the same bills in the digest as on /search); a query with nothing searchable matches all.
    """

    def __init__(self, conn: Connection, bill_ids: Iterable[int]) -> None:
        self.conn = conn
        self.bill_ids = sorted(set(bill_ids))
        self._idset = frozenset(self.bill_ids)
        self._cache: dict[str, frozenset[int] | None] = {}

    def matching(self, query: str | None) -> frozenset[int] | None:
        """Bill ids (among this run's) that match `query`; None means "no restriction"."""
        if not query:
            return None
        if query not in self._cache:
            self._cache[query] = self._run(query)
        return self._cache[query]

    def _run(self, query: str) -> frozenset[int] | None:
        from statecare.db.search import parse_query

        pq = parse_query(query)
        if pq.empty or not self.bill_ids:
            return None if pq.empty else frozenset()
        # all matches, intersected here: an `IN (...)` list of a week's bill ids makes FTS5 probe
        # the index once per id, which is far slower than one MATCH
        if self.conn.dialect.name == "sqlite":
            rows = self.conn.execute(text("SELECT rowid FROM search_fts WHERE search_fts MATCH :m"), {"m": pq.fts5()})
        else:
            expr, params = pq.pg_parts()
            rows = self.conn.execute(text(f"SELECT d.bill_id FROM search_docs d WHERE d.tsv @@ ({expr})"), params)
        return frozenset(int(x) for x in rows.scalars()) & self._idset


class EventIndex:
    """A run's events bucketed by (state, policy type), each bucket in id order."""

    def __init__(self, events: Sequence[EventRow]) -> None:
        buckets: dict[tuple[str, str | None], list[EventRow]] = defaultdict(list)
        for ev in events:
            buckets[(ev.state, ev.policy_type)].append(ev)
        self.buckets = dict(buckets)
        self.bucket_ids = {k: [e.id for e in v] for k, v in self.buckets.items()}
        self.states = {k[0] for k in self.buckets}
        self.bill_ids = {ev.bill_id for ev in events if ev.bill_id is not None}
        self.size = len(events)

    def select(self, filters: Filters, after_id: int, upto_id: int,
               search_ids: frozenset[int] | None = None) -> list[EventRow]:
        """The events a subscriber with `filters` has not been sent yet, in id order."""
        states = filters.states or self.states
        types = filters.effective_types
        out: list[EventRow] = []
        for key, evs in self.buckets.items():
            if key[0] not in states or key[1] not in types:
                continue
            ids = self.bucket_ids[key]
            lo = bisect.bisect_right(ids, after_id)
            hi = bisect.bisect_right(ids, upto_id)
            if search_ids is None:
                out.extend(evs[lo:hi])
            else:
                out.extend(e for e in evs[lo:hi] if e.bill_id in search_ids)
        out.sort(key=lambda e: e.id)
        return out


NEWS_DAYS = 30


def _long_before(day: str | None, created_at: datetime | None) -> bool:
    """Whether a legislature's `day` lies more than NEWS_DAYS before the event was written."""
    if not day or created_at is None:
        return False
    try:
        return (created_at.date() - date.fromisoformat(day[:10])).days > NEWS_DAYS
    except ValueError:
        return False


def _date_of(ev: EventRow) -> str | None:
    d = ev.payload.get("date")
    if d:
        return str(d)[:10]
    return ev.created_at.date().isoformat() if ev.created_at else None


def _grouped(keys: Iterable[str]) -> str:
    """["benefits.dental", "benefits.vision", "financing.payroll_tax"] ->
    "Benefits: dental, vision; Financing: payroll tax" (one category named once reads faster)."""
    groups: dict[str, list[str]] = {}
    for key in sorted(keys):
        cat, _, val = provision_label(key).partition(": ")
        groups.setdefault(cat, []).append(val)
    return "; ".join(f"{cat}: {', '.join(v for v in vals if v)}" if any(vals) else cat
                     for cat, vals in groups.items())


def _provision_details(payload: dict[str, Any]) -> list[str]:
    out = []
    added = payload.get("provisions_added") or []
    removed = payload.get("provisions_removed") or []
    if added:
        out.append("Provisions added: " + _grouped(added))
    if removed:
        out.append("Provisions removed: " + _grouped(removed))
    return out


def _items_for_bill(evs: list[EventRow], root: str) -> list[DigestItem]:
    """Turn one bill's events into items; a re-classification's provision changes are told as part
    of the new text version that caused them (classify runs right after the crawl)."""
    items: list[DigestItem] = []
    version_items: list[DigestItem] = []
    pending_provisions: list[str] = []
    for ev in evs:
        p = ev.payload
        if ev.kind == "new_bill":
            details = [f"Classified as: {policy_label(ev.policy_type)}"]
            if ev.latest_action:
                when = f" ({ev.latest_action_date[:10]})" if ev.latest_action_date else ""
                details.append(f"Latest action{when}: {ev.latest_action}")
            first = ev.first_action_date[:10] if ev.first_action_date else _date_of(ev)
            if _long_before(first, ev.created_at):
                # a first crawl of an old bill (the 2019 NY Health Act): tracked now, not filed now
                items.append(DigestItem("new_bill", EVENT_LABELS["new_bill"], first,
                                        [f"Introduced {first}", *details]))
            else:
                items.append(DigestItem("new_bill", "New bill", first, details))
        elif ev.kind == "stage_change":
            to, frm = p.get("to"), p.get("from")
            # a memorial or a study is named as what it is: "Memorial passed both chambers"
            headline = route_stage_label(to, ev.policy_type, None, ev.identifier, ev.state)
            details = [str(p["description"])] if p.get("description") else []
            if frm:
                details.append(f"Previously: {stage_label(frm)}")
            items.append(DigestItem("stage_change", headline, _date_of(ev), details))
        elif ev.kind == "new_version":
            note = str(p.get("note") or "").strip()
            details = ["The text was re-worded" if p.get("previous_sha256") else "A new version of the text was published"]
            item = DigestItem("new_version", f"New text: {note}" if note else "New text", _date_of(ev), details)
            url = http_url(p.get("url"))  # the site's rule: never a javascript: link
            if url:  # a recorded javascript: or data: link is never a link in an email
                item.link_label, item.link_url = "Read the text", url
            items.append(item)
            version_items.append(item)
        elif ev.kind == "reclassified":
            frm, to = p.get("policy_type_from"), p.get("policy_type_to")
            prov = _provision_details(p)
            if frm != to:
                items.append(DigestItem("reclassified", f"Now classified as: {policy_label(to)}", _date_of(ev),
                                        [f"Previously: {policy_label(frm)}", *prov]))
            elif prov:
                pending_provisions.extend(prov)
        elif ev.kind == "reintroduced":
            prev_id, prev_sess = p.get("previous_identifier"), p.get("previous_session")
            item = DigestItem("reintroduced", "Reintroduced",
                              ev.first_action_date[:10] if ev.first_action_date else _date_of(ev))
            if prev_id and prev_sess:
                item.details.append(f"Carries on {prev_id} of the {session_noun(str(prev_sess), ev.state)}")
                item.link_label = f"{prev_id} ({session_label(str(prev_sess), ev.state)})"
                item.link_url = bill_url(root, ev.state, str(prev_sess), str(prev_id))
            items.append(item)
    if pending_provisions:
        if version_items:
            version_items[-1].details.extend(pending_provisions)
        else:
            items.append(DigestItem("reclassified", "What the bill provides changed", None, pending_provisions))
    return items


def build_digest(events: Sequence[EventRow], filters: Filters, first_event_id: int, last_event_id: int,
                 root: str, hearings: Sequence[HearingRow] = (), now: datetime | None = None) -> Digest:
    """Group selected events by state, then bill; each bill links to its page under `root`.
    `hearings` are the upcoming ones already selected for these filters, listed first."""
    by_bill: dict[tuple[str, str, str], list[EventRow]] = defaultdict(list)
    for ev in events:
        by_bill[(ev.state, ev.session, ev.identifier)].append(ev)
    sections: dict[str, StateSection] = {}
    for (st, sess, ident), evs in by_bill.items():
        items = _items_for_bill(evs, root)
        if not items:
            continue
        last = evs[-1]
        block = BillBlock(st, sess, ident, last.title, bill_url(root, st, sess, ident),
                          policy_label(last.policy_type),
                          route_stage_label(last.stage, last.policy_type, None, ident, st), items)
        sections.setdefault(st, StateSection(st, state_name(st))).bills.append(block)
    ordered = sorted(sections.values(), key=lambda s: s.name)
    for s in ordered:
        s.bills.sort(key=lambda b: (b.session, b.identifier))
    upcoming = [HearingItem(h.state, h.session, h.identifier, h.title,
                            bill_url(root, h.state, h.session, h.identifier), h.date, h.words(now))
                for h in hearings]
    return Digest(filters, first_event_id, last_event_id, ordered, upcoming)


class Selector:
    """Answers "what is in this subscriber's digest" for a whole run, sharing work between equals."""

    def __init__(self, index: EventIndex, searches: SavedSearches | None, root: str,
                 hearings: Sequence[HearingRow] = (), now: datetime | None = None) -> None:
        self.index = index
        self.searches = searches
        self.root = root
        self.hearings = list(hearings)
        self.now = now
        self._cache: dict[tuple[Filters, int, int], Digest] = {}

    def digest(self, filters: Filters, after_id: int, upto_id: int) -> Digest:
        key = (filters, after_id, upto_id)
        hit = self._cache.get(key)
        if hit is None:
            search_ids = self.searches.matching(filters.saved_search) if self.searches else None
            events = self.index.select(filters, after_id, upto_id, search_ids)
            states, types = filters.states, filters.effective_types
            # a hearing once per subscriber: in the digest whose range holds its first announcement
            hearings = [h for h in self.hearings if (not states or h.state in states) and h.policy_type in types
                        and (search_ids is None or h.bill_id in search_ids)
                        and h.announced_id is not None and after_id < h.announced_id <= upto_id]
            hit = build_digest(events, filters, after_id + 1, upto_id, self.root, hearings, self.now)
            self._cache[key] = hit
        return hit

    @property
    def distinct(self) -> int:
        return len(self._cache)
