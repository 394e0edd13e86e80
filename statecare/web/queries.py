"""Read-side queries behind the pages, the API and the feeds.

Each function takes a SQLAlchemy Session and returns plain data (dataclasses, dicts), so the HTML
views, the JSON API and the Atom feeds show exactly the same facts. Analysis fields (stage,
policy_type, provisions, scorecard) may be NULL until `statecare classify` has run: every function
here treats "not classified yet" as a normal state, never an error.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, select, text
from sqlalchemy.orm import Session, selectinload

from statecare.db.models import (
    RELEVANT_POLICY_TYPES,
    Action,
    Bill,
    CrawlRun,
    Event,
    Provision,
    RelatedBill,
    Version,
)
from statecare.legis import cosponsors
from statecare.legis.identifiers import normalize_identifier
from statecare.legis.sessions import session_sort_key, sort_sessions
from statecare.legis.timezones import local_day
from statecare.web import vocab

_CACHE: dict[tuple[str, str], tuple[float, Any]] = {}
CACHE_SECONDS = 30.0


def _cached(key: tuple[str, str], fn: Any) -> Any:
    """A short-lived per-process cache for whole-table aggregates (the map's current sessions)."""
    now = time.monotonic()
    hit = _CACHE.get(key)
    if hit and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    val = fn()
    _CACHE[key] = (now, val)
    return val


def clear_cache() -> None:
    _CACHE.clear()


@dataclass
class BillRef:
    """The few fields a list of bills shows."""

    id: int
    state: str
    legislative_session: str
    identifier: str
    title: str
    stage: str | None
    policy_type: str | None
    latest_action_date: str | None = None
    latest_action_description: str | None = None
    source: str | None = None

    @classmethod
    def of(cls, b: Any) -> BillRef:
        return cls(id=b.id, state=b.state, legislative_session=b.legislative_session, identifier=b.identifier,
                   title=b.title or "", stage=b.stage, policy_type=b.policy_type,
                   latest_action_date=b.latest_action_date, latest_action_description=b.latest_action_description,
                   source=b.source)

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state, "legislative_session": self.legislative_session, "identifier": self.identifier,
            "title": self.title, "stage": self.stage, "policy_type": self.policy_type,
            "latest_action_date": self.latest_action_date,
            "latest_action_description": self.latest_action_description, "source": self.source,
        }


_REF_COLS = (Bill.id, Bill.state, Bill.legislative_session, Bill.identifier, Bill.title, Bill.stage,
             Bill.policy_type, Bill.latest_action_date, Bill.latest_action_description, Bill.source)


def any_classified(s: Session) -> bool:
    return s.execute(select(Bill.id).where(Bill.policy_type.is_not(None)).limit(1)).first() is not None


def current_session_key(state: str, session: str) -> tuple[int, int, int, str]:
    """Order for choosing a current session: the newest years first, and of two sessions with the
    same years the regular one (California's first special session of 2025-2026 is not its
    "current session"; its regular session is). statecare.legis.sessions reads the names."""
    start, end, special, label = session_sort_key(state, session)
    return (start, end, -special, label)


def current_sessions(s: Session) -> dict[str, str]:
    """Each state's current session: the latest stored session (by its name's years) with activity.

    Choosing by the most recent action date instead let a stray late action in an old session
    (or an old session alone) stand for "this session"; the session's own years do not drift.
    """

    def compute() -> dict[str, str]:
        rows = s.execute(
            select(Bill.state, Bill.legislative_session, func.max(Bill.latest_action_date))
            .group_by(Bill.state, Bill.legislative_session)
        ).all()
        best: dict[str, tuple[tuple[int, int, int, str], str]] = {}
        for st, sess, latest in rows:
            if not latest:
                continue  # no action at all: not a session with activity
            k = (current_session_key(st, sess), latest or "")
            if st not in best or k > best[st]:
                best[st] = k
        out = {st: k[0][3] for st, k in best.items()}
        undated: dict[str, list[str]] = defaultdict(list)
        for st, sess, _latest in rows:
            if st not in out:
                undated[st].append(sess)
        for st, sessions in undated.items():  # bills without a dated action still have a session
            out[st] = max(sessions, key=lambda x, st=st: current_session_key(st, x))  # type: ignore[misc]
        return out

    return _cached((_bind_key(s), "current_sessions"), compute)


@dataclass
class Coverage:
    """What is stored and when it was collected: per state, and for the whole site."""

    last_collected: dict[str, datetime]  # state -> when its data was last collected
    bills: dict[str, int]  # state -> bills stored
    latest_action: str | None  # the newest action date anywhere: how recent the data is

    @property
    def states(self) -> list[str]:
        return sorted(self.bills)

    @property
    def newest(self) -> datetime | None:
        return max(self.last_collected.values(), default=None)

    def covers(self, state: str) -> bool:
        return self.bills.get(state.lower(), 0) > 0


def coverage(s: Session) -> Coverage:
    """Per state: bills stored and when they were last collected.

    "Collected" is the end of the latest finished crawl that covered the state (a crawl's `state`
    argument, or every state its source has bills for); a state only ever written some other way
    (an import) falls back to its bills' newest update time.
    """

    def compute() -> Coverage:
        counts = dict(s.execute(select(Bill.state, func.count()).group_by(Bill.state)).all())
        by_source: dict[str, set[str]] = defaultdict(set)
        fallback: dict[str, datetime] = {}
        for st, src, updated in s.execute(
                select(Bill.state, Bill.source, func.max(Bill.updated_at)).group_by(Bill.state, Bill.source)).all():
            by_source[src or ""].add(st)
            if updated is not None and (st not in fallback or _aware(updated) > fallback[st]):
                fallback[st] = _aware(updated)
        last: dict[str, datetime] = {}
        runs = s.execute(select(CrawlRun.source, CrawlRun.args, CrawlRun.finished_at)
                         .where(CrawlRun.status == "finished", CrawlRun.finished_at.is_not(None))).all()
        for src, args, finished in runs:
            wanted = [x.strip().lower() for x in str((args or {}).get("state") or "").split(",") if x.strip()]
            for st in (set(wanted) if wanted else by_source.get(src, set())) & set(counts):
                when = _aware(finished)
                if st not in last or when > last[st]:
                    last[st] = when
        for st, when in fallback.items():
            last.setdefault(st, when)
        latest = s.execute(select(func.max(Bill.latest_action_date))).scalar()
        return Coverage(last_collected=last, bills={k: int(v) for k, v in counts.items()},
                        latest_action=(latest or "")[:10] or None)

    return _cached((_bind_key(s), "coverage"), compute)


def _aware(when: datetime) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns; they were written in UTC."""
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# -- the map --------------------------------------------------------------------------------


@dataclass
class Tile:
    state: str
    name: str
    row: int
    col: int
    session: str | None = None
    stage: str | None = None
    bill: BillRef | None = None  # the bill that got furthest
    count: int = 0
    bills: list[BillRef] = field(default_factory=list)
    covered: bool = True  # False: nothing stored for the state ("not covered yet", not "no bill")

    @property
    def binding(self) -> bool | None:
        """Whether the furthest bill would be binding (single-payer, public option); None without one."""
        return None if not self.bill else self.bill.policy_type in vocab.BINDING_POLICY_TYPES

    @property
    def kind(self) -> str | None:
        """"Memorial" or "Study" when the furthest bill is not binding, else None."""
        return vocab.NONBINDING_KINDS.get(self.bill.policy_type or "") if self.bill else None

    @property
    def colours(self) -> tuple[str, str]:
        scale = vocab.NONBINDING_COLOURS if self.kind else vocab.STAGE_COLOURS
        return scale.get(self.stage or "", vocab.NO_BILL_COLOURS)

    @property
    def stage_label(self) -> str | None:
        """The furthest stage in words, saying "Memorial"/"Study" for a measure that is not binding."""
        if not self.stage:
            return None
        if not self.bill:
            return vocab.stage_label(self.stage)
        return vocab.route_stage_label(self.stage, self.bill.policy_type, None, self.bill.identifier, self.state)

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state, "name": self.name, "session": self.session, "furthest_stage": self.stage,
            "furthest_stage_label": self.stage_label, "binding": self.binding,
            "relevant_bills": self.count, "furthest_bill": self.bill.as_dict() if self.bill else None,
            "covered": self.covered,
        }


def map_tiles(s: Session, route: str) -> list[Tile]:
    """One tile per state + DC: the furthest stage reached this session by a bill of `route`."""
    _label, ptypes = vocab.MAP_ROUTES[route]
    current = current_sessions(s)
    cov = coverage(s)
    rows = s.execute(select(*_REF_COLS).where(Bill.policy_type.in_(ptypes))).all()
    by_state: dict[str, list[BillRef]] = defaultdict(list)
    for r in rows:
        if current.get(r.state) == r.legislative_session:
            by_state[r.state].append(BillRef.of(r))
    tiles = []
    for st, (row, col) in vocab.TILE_POSITIONS.items():
        bills = sorted(by_state.get(st, []), key=lambda b: (-vocab.STAGE_RANK.get(b.stage or "", -1), b.identifier))
        t = Tile(state=st, name=vocab.state_name(st), row=row, col=col, session=current.get(st),
                 count=len(bills), bills=bills, covered=cov.covers(st))
        if bills:
            t.bill = bills[0]
            t.stage = vocab.furthest([b.stage for b in bills])
        tiles.append(t)
    tiles.sort(key=lambda t: t.name)
    return tiles


# -- events ---------------------------------------------------------------------------------


def event_summary(kind: str, payload: dict[str, Any] | None) -> str:
    """One line saying what an event means, from its self-contained payload."""
    p = payload or {}
    if kind == "stage_change":
        to = p.get("to") or p.get("stage") or p.get("new")
        frm = p.get("from") or p.get("previous") or p.get("old")
        if to and frm:
            return f"{vocab.stage_label(frm)} → {vocab.stage_label(to)}"
        return f"Now: {vocab.stage_label(to)}" if to else "Stage changed"
    if kind == "reclassified":
        to = p.get("to") or p.get("policy_type") or p.get("new")
        return f"Now classified as {vocab.policy_label(to)}" if to else "Classification changed"
    if kind == "new_action":
        return " ".join(x for x in (str(p.get("date") or "")[:10], str(p.get("description") or "")) if x)
    if kind == "new_version":
        return f"New text: {p.get('note') or 'version'}"
    if kind == "new_bill":
        return str(p.get("title") or "New bill")
    if kind in ("sponsors_added", "sponsors_removed"):
        return cosponsors.event_words(kind, p)
    return vocab.EVENT_LABELS.get(kind, kind)


@dataclass
class EventView:
    id: int
    kind: str
    label: str
    summary: str
    created_at: datetime
    state: str | None
    legislative_session: str | None
    identifier: str | None
    title: str | None
    policy_type: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "summary": self.summary,
                "created_at": self.created_at.isoformat() if self.created_at else None, "state": self.state,
                "legislative_session": self.legislative_session, "identifier": self.identifier,
                "title": self.title, "policy_type": self.policy_type}


def recent_events(s: Session, *, days: int | None = 7, limit: int = 30, state: str | None = None,
                  policy_types: tuple[str, ...] | None = None, since_id: int | None = None,
                  bill_id: int | None = None) -> list[EventView]:
    """Newest events first, optionally for one state, some policy types, one bill, or after an event id."""
    q = (select(Event, Bill.title, Bill.policy_type).outerjoin(Bill, Bill.id == Event.bill_id)
         .order_by(Event.id.desc()).limit(limit))
    if bill_id is not None:
        q = q.where(Event.bill_id == bill_id)
    if days is not None:
        q = q.where(Event.created_at >= datetime.now(UTC) - timedelta(days=days))
    if state:
        q = q.where(Event.state == state.lower())
    if policy_types:
        q = q.where(Bill.policy_type.in_(policy_types))
    if since_id is not None:
        q = q.where(Event.id > since_id)
    out = []
    for ev, title, ptype in s.execute(q).all():
        out.append(EventView(
            id=ev.id, kind=ev.kind, label=vocab.EVENT_LABELS.get(ev.kind, ev.kind),
            summary=event_summary(ev.kind, ev.payload), created_at=ev.created_at, state=ev.state,
            legislative_session=ev.legislative_session, identifier=ev.identifier, title=title,
            policy_type=ptype,
        ))
    return out


@dataclass(frozen=True)
class ChangeView:
    """One bill's change in a week, dated by the legislature (the action's date, not the crawl's)."""

    kind: str  # "stage_change" | "introduced" | "new_action"
    label: str
    summary: str
    date: str
    state: str
    legislative_session: str
    identifier: str
    title: str
    policy_type: str | None


@dataclass(frozen=True)
class WeekChanges:
    """The changes of the seven days ending `end`; `current` is False when nothing was recorded in
    the last seven days and the week shown is the latest one with recorded actions."""

    changes: list[ChangeView]
    start: date | None
    end: date | None
    current: bool


def changes_this_week(s: Session, classified: bool, limit: int = 25, today: date | None = None, *,
                      state: str | None = None,
                      policy_types: tuple[str, ...] = tuple(RELEVANT_POLICY_TYPES)) -> WeekChanges:
    """The home page's "what changed this week" (with `state`, a state page's recent changes): what
    the legislatures did in the seven days to `today` (UTC), by action date -- a first crawl of a
    2019 bill is not this week's news. Once bills are classified, bills of `policy_types` only (the
    relevant ones unless told). One line per bill: its stage change in the week when it
    had one, named for what the measure is ("Memorial passed both chambers", "Study enacted"),
    else its introduction, else its latest action. When nothing is recorded in the last seven days
    (a stale recording), the latest week that has recorded actions, said so."""
    day = today or datetime.now(UTC).date()
    st = state.lower() if state else None
    conds: list[ColumnElement[bool]] = [Bill.policy_type.in_(policy_types)] if classified else []
    if st:
        conds.append(Bill.state == st)
    # a whole-table question (before classification it reads every action of the week): cached briefly
    key = f"week:{classified}:{limit}:{day.isoformat()}:{st}:{','.join(sorted(policy_types))}"
    return _cached((_bind_key(s), key), lambda: _changes_in_week(s, conds, limit, day))


def _changes_in_week(s: Session, conds: list[ColumnElement[bool]], limit: int, today: date) -> WeekChanges:
    horizon = (today + timedelta(days=1)).isoformat()
    newest = s.execute(select(func.max(Bill.latest_action_date)).where(
        *conds, Bill.latest_action_date < horizon)).scalar()
    if not newest:
        return WeekChanges([], None, None, True)
    newest_day = date.fromisoformat(str(newest)[:10])
    # the last seven days when anything happened in them; else the latest week that has actions
    end = today if newest_day > today - timedelta(days=7) else newest_day
    start = end - timedelta(days=6)
    rows = s.execute(
        select(Action.bill_id, Action.order, Action.date, Action.description, Action.stage_after)
        .join(Bill, Bill.id == Action.bill_id)
        .where(*conds, Action.date >= start.isoformat(), Action.date < (end + timedelta(days=1)).isoformat())
    ).all()
    in_week: dict[int, set[int]] = defaultdict(set)
    for r in rows:
        in_week[r.bill_id].add(r.order)
    ids = sorted(in_week)
    bills: dict[int, Any] = {}
    acts: dict[int, list[Any]] = defaultdict(list)
    for i in range(0, len(ids), 500):  # whole histories of the week's bills, a few queries in all
        chunk = ids[i:i + 500]
        for b in s.execute(select(Bill.id, Bill.state, Bill.legislative_session, Bill.identifier, Bill.title,
                                  Bill.policy_type, Bill.classification).where(Bill.id.in_(chunk))):
            bills[b.id] = b
        for a in s.execute(select(Action.bill_id, Action.order, Action.date, Action.description, Action.stage_after)
                           .where(Action.bill_id.in_(chunk)).order_by(Action.bill_id, Action.order)):
            acts[a.bill_id].append(a)
    changes = [c for c in (_week_change(bills[i], acts[i], in_week[i]) for i in ids) if c]
    changes.sort(key=lambda c: (c.date, c.kind == "stage_change", c.state, c.identifier), reverse=True)
    return WeekChanges(changes[:limit], start, end, end == today)


def _week_change(b: Any, acts: list[Any], orders: set[int]) -> ChangeView | None:
    """The one line a bill gets: its last stage change among the week's actions (`orders`), else its
    introduction, else its latest action of the week (`acts`: the bill's whole history, in order)."""
    if not acts:
        return None
    prev: str | None = None
    moved = None
    for a in acts:
        if a.stage_after and a.stage_after != prev:
            if a.order in orders:
                moved = a
            prev = a.stage_after
    week = [a for a in acts if a.order in orders]

    def view(kind: str, label: str, summary: str, when: str) -> ChangeView:
        return ChangeView(kind, label, summary, local_day(when, b.state), b.state, b.legislative_session,
                          b.identifier, b.title or "", b.policy_type)

    if moved is not None:
        words = vocab.route_stage_label(moved.stage_after, b.policy_type, b.classification, b.identifier, b.state)
        return view("stage_change", vocab.EVENT_LABELS["stage_change"], f"{words} ({moved.description})",
                    moved.date)
    if acts[0].order in orders:
        return view("introduced", vocab.STAGE_LABELS["introduced"], b.title or acts[0].description, acts[0].date)
    last = week[-1]
    return view("new_action", vocab.EVENT_LABELS["new_action"], last.description, last.date)


# -- a state --------------------------------------------------------------------------------


@dataclass
class Lineage:
    """Bills linked across sessions (reintroductions, companions), oldest session first."""

    bills: list[BillRef]
    missing: list[tuple[str, str]]  # (identifier, session) named by a link but not stored

    @property
    def sessions(self) -> list[str]:
        seen: list[str] = []
        for b in self.bills:
            if b.legislative_session not in seen:
                seen.append(b.legislative_session)
        return seen


@dataclass
class StateView:
    state: str
    name: str
    current_session: str | None
    groups: dict[str, dict[str, list[BillRef]]]  # policy type -> stage -> bills
    other_health: list[BillRef]
    unclassified_count: int
    total: int
    sessions: list[dict[str, Any]]
    lineages: list[Lineage]
    classified: bool
    # how many of `other_health` the page lists (the heading counts them all; search lists the rest)
    other_listed: int = field(default_factory=lambda: OTHER_HEALTH_LISTED)


OTHER_HEALTH_LISTED = 100


def _session_sort_key(sess: str, state: str | None = None) -> tuple[int, int, int, str]:
    """One session ordering for every page: statecare.legis.sessions reads the name."""
    return session_sort_key(state, sess)


def _bind_key(s: Session) -> str:
    """The database a session talks to, as a cache key (a bound Connection answers through its engine)."""
    bind = s.get_bind()
    return str(bind.engine.url)


def state_view(s: Session, state: str) -> StateView:
    st = state.lower()
    total = s.execute(select(func.count()).select_from(Bill).where(Bill.state == st)).scalar_one()
    rows = s.execute(select(*_REF_COLS).where(
        Bill.state == st, Bill.policy_type.in_((*RELEVANT_POLICY_TYPES, "other_health_coverage")))).all()
    refs = [BillRef.of(r) for r in rows]
    groups: dict[str, dict[str, list[BillRef]]] = {}
    for ptype in RELEVANT_POLICY_TYPES:
        mine = [b for b in refs if b.policy_type == ptype]
        if not mine:
            continue
        by_stage: dict[str, list[BillRef]] = {}
        for b in sorted(mine, key=lambda b: (-vocab.STAGE_RANK.get(b.stage or "", -1),
                                             _session_sort_key(b.legislative_session, b.state), b.identifier)):
            by_stage.setdefault(b.stage or "", []).append(b)
        groups[ptype] = by_stage
    other = sorted((b for b in refs if b.policy_type == "other_health_coverage"),
                   key=lambda b: (b.latest_action_date or ""), reverse=True)
    unclassified = s.execute(select(func.count()).select_from(Bill).where(
        Bill.state == st, Bill.policy_type.is_(None))).scalar_one()
    sess_rows = s.execute(
        select(Bill.legislative_session, func.count(), func.max(Bill.latest_action_date))
        .where(Bill.state == st).group_by(Bill.legislative_session)).all()
    relevant_by_session: dict[str, list[BillRef]] = defaultdict(list)
    for b in refs:
        if b.policy_type in RELEVANT_POLICY_TYPES:
            relevant_by_session[b.legislative_session].append(b)
    sessions = []
    for sess, n, latest in sorted(sess_rows, key=lambda r: (r[2] or "", r[0]), reverse=True):
        top = _furthest_bill(relevant_by_session.get(sess, []))
        sessions.append({
            "session": sess, "bills": n, "latest_action_date": latest,
            "relevant": len(relevant_by_session.get(sess, [])),
            "furthest_stage": top.stage if top else None,
            # said with the kind of measure when the furthest is not binding, as on the map: a
            # memorial to Congress that passed reads "Memorial passed both chambers", not as if a
            # single-payer bill had
            "furthest_label": (vocab.route_stage_label(top.stage, top.policy_type, None, top.identifier, st)
                               if top else None),
        })
    return StateView(
        state=st, name=vocab.state_name(st), current_session=current_sessions(s).get(st), groups=groups,
        other_health=other, unclassified_count=int(unclassified), total=int(total), sessions=sessions,
        lineages=lineages(s, st, [b for b in refs if b.policy_type in RELEVANT_POLICY_TYPES] or None),
        classified=any_classified(s),
    )


def lineages(s: Session, state: str, seeds: list[BillRef] | None) -> list[Lineage]:
    """Groups of the state's bills joined by related-bill links that span more than one session.

    Seeds are the relevant bills; before classification every linked bill of the state is a seed,
    so the NY Health Act's reintroductions show up even on an unclassified database.
    """
    links = s.execute(
        select(RelatedBill.bill_id, RelatedBill.related_bill_id, RelatedBill.identifier,
               RelatedBill.legislative_session)
        .join(Bill, Bill.id == RelatedBill.bill_id).where(Bill.state == state)
    ).all()
    adj: dict[int, set[int]] = defaultdict(set)
    missing: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for src, dst, ident, sess in links:
        if dst is not None:
            adj[src].add(dst)
            adj[dst].add(src)
        elif sess:
            missing[src].append((normalize_identifier(ident), sess))
    seed_ids = {b.id for b in seeds} if seeds is not None else set(adj) | set(missing)
    seen: set[int] = set()
    comps: list[set[int]] = []
    for sid in sorted(seed_ids):
        if sid in seen:
            continue
        comp, stack = set(), [sid]
        while stack:
            n = stack.pop()
            if n in comp:
                continue
            comp.add(n)
            stack.extend(adj.get(n, ()))
        seen |= comp
        comps.append(comp)
    all_ids = set().union(*comps) if comps else set()
    refs = {r.id: BillRef.of(r) for r in s.execute(select(*_REF_COLS).where(Bill.id.in_(all_ids))).all()} if all_ids else {}
    out = []
    for comp in comps:
        bills = sorted((refs[i] for i in comp if i in refs),
                       key=lambda b: (_session_sort_key(b.legislative_session, b.state), b.identifier))
        miss = sorted({m for i in comp for m in missing.get(i, [])
                       if not any(b.identifier == m[0] and b.legislative_session == m[1] for b in bills)},
                      key=lambda m: _session_sort_key(m[1]))
        sessions = {b.legislative_session for b in bills} | {m[1] for m in miss}
        if len(sessions) > 1:
            out.append(Lineage(bills=bills, missing=miss))
    out.sort(key=lambda lg: -len(lg.sessions))
    return out


# -- a bill ---------------------------------------------------------------------------------


def find_bill(s: Session, state: str, session: str, identifier: str) -> Bill | None:
    """The bill with everything its page shows, or None. `identifier` in any spelling."""
    ident = normalize_identifier(identifier)
    q = (select(Bill).where(Bill.state == state.lower(), Bill.legislative_session == session,
                            Bill.identifier == ident)
         .options(selectinload(Bill.actions), selectinload(Bill.sponsorships), selectinload(Bill.versions),
                  selectinload(Bill.documents), selectinload(Bill.related_bills), selectinload(Bill.provisions),
                  selectinload(Bill.vote_events)))
    return s.scalars(q).first()


@dataclass
class RelatedView:
    identifier: str
    legislative_session: str
    relation_type: str
    derived: bool
    bill: BillRef | None
    incoming: bool = False

    @property
    def words(self) -> str:
        """The relation as this page's bill stands to the other one. A link made by the other bill reads
        the other way round: NY S 3425 (2025-2026) names S 7590 as its prior-session bill, so on S 7590's
        page it is the later session, not "prior-session"."""
        if self.incoming:
            return _INCOMING_WORDS.get(self.relation_type, self.relation_type.replace("_", " ").replace("-", " "))
        return (self.relation_type or "related").replace("_", " ").replace("-", " ")


_INCOMING_WORDS = {"prior-session": "later session", "replaces": "replaced by", "replaced-by": "replaces"}


def related_views(s: Session, bill: Bill) -> list[RelatedView]:
    """Links from this bill, and links other bills make to it (a later reintroduction, say)."""
    out: list[RelatedView] = []
    ids = [r.related_bill_id for r in bill.related_bills if r.related_bill_id]
    incoming = s.execute(select(RelatedBill.bill_id, RelatedBill.relation_type, RelatedBill.derived)
                         .where(RelatedBill.related_bill_id == bill.id)).all()
    ids += [r.bill_id for r in incoming]
    refs = {r.id: BillRef.of(r) for r in s.execute(select(*_REF_COLS).where(Bill.id.in_(ids))).all()} if ids else {}
    seen: set[int] = set()
    for r in bill.related_bills:
        ref = refs.get(r.related_bill_id) if r.related_bill_id else None
        if ref:
            seen.add(ref.id)
        out.append(RelatedView(identifier=ref.identifier if ref else normalize_identifier(r.identifier),
                               legislative_session=r.legislative_session or bill.legislative_session,
                               relation_type=r.relation_type, derived=r.derived, bill=ref))
    for src, rtype, derived in incoming:
        ref = refs.get(src)
        if ref is None or ref.id in seen:
            continue
        seen.add(ref.id)
        out.append(RelatedView(identifier=ref.identifier, legislative_session=ref.legislative_session,
                               relation_type=rtype, derived=derived, bill=ref, incoming=True))
    return out


def versions_for_diff(s: Session, bill: Bill, related: list[RelatedView]) -> list[tuple[Version, BillRef]]:
    """Text versions of this bill and of its linked bills: any two can be compared."""
    own = BillRef.of(bill)
    out: list[tuple[Version, BillRef]] = [(v, own) for v in bill.versions if v.text]
    other_ids = [r.bill.id for r in related if r.bill is not None]
    if other_ids:
        refs = {r.bill.id: r.bill for r in related if r.bill is not None}
        for v in s.scalars(select(Version).where(Version.bill_id.in_(other_ids), Version.text.is_not(None))
                           .order_by(Version.bill_id, Version.order)):
            out.append((v, refs[v.bill_id]))
    return out


def provisions_of_version(s: Session, version_id: int) -> list[Provision]:
    return list(s.scalars(select(Provision).where(Provision.version_id == version_id).order_by(Provision.start)))


def bills_page(s: Session, *, state: str | None = None, session: str | None = None,
               policy_type: str | None = None, stage: str | None = None, page: int = 1,
               per_page: int = 50) -> tuple[list[BillRef], int]:
    """A filtered, paginated list of bills (API)."""
    conds = []
    if state:
        conds.append(Bill.state == state.lower())
    if session:
        conds.append(Bill.legislative_session == session)
    if policy_type == "relevant":
        conds.append(Bill.policy_type.in_(RELEVANT_POLICY_TYPES))
    elif policy_type == "unclassified":
        conds.append(Bill.policy_type.is_(None))
    elif policy_type:
        conds.append(Bill.policy_type == policy_type)
    if stage:
        conds.append(Bill.stage == stage)
    total = s.execute(select(func.count()).select_from(Bill).where(*conds)).scalar_one()
    rows = s.execute(select(*_REF_COLS).where(*conds)
                     .order_by(Bill.latest_action_date.desc(), Bill.id.desc())
                     .limit(per_page).offset((page - 1) * per_page)).all()
    return [BillRef.of(r) for r in rows], int(total)


def _furthest_bill(bills: list[BillRef]) -> BillRef | None:
    """The bill that got furthest (a binding one on a tie); None when no bill has a known stage."""
    staged = [b for b in bills if b.stage in vocab.STAGE_RANK]
    if not staged:
        return None
    return max(staged, key=lambda b: (vocab.STAGE_RANK[b.stage or ""], b.policy_type in vocab.BINDING_POLICY_TYPES))


def state_sessions(s: Session) -> dict[str, list[str]]:
    """Sessions stored per state (search filter choices)."""
    rows = s.execute(select(Bill.state, Bill.legislative_session).distinct()).all()
    out: dict[str, list[str]] = defaultdict(list)
    for st, sess in rows:
        out[st].append(sess)
    return {k: sort_sessions(k, v, newest_first=True) for k, v in out.items()}


def session_options(s: Session, state: str | None = None) -> list[tuple[str, str]]:
    """The search form's sessions as (stored id, words): one state's sessions when a state is chosen,
    each read with that state ("194th Legislature, 2025-2026"); otherwise every id, newest first, its
    words naming the states that use it ("2026 regular session (Alabama)", "2026 regular session
    (Colorado)", "2025-2026 (14 states)"), since several states' ids read alike and a numbered
    legislature's years depend on its state."""
    def compute() -> dict[str, list[str]]:
        pairs = s.execute(select(Bill.legislative_session, Bill.state).distinct()).all()
        out: dict[str, list[str]] = defaultdict(list)
        for sess, st in pairs:
            out[sess].append(st)
        return {k: sorted(v, key=vocab.state_name) for k, v in out.items()}

    by_id = _cached((_bind_key(s), "session_states"), compute)
    st = (state or "").lower()
    if st:
        ids = [k for k, v in by_id.items() if st in v]
        return [(k, vocab.session_label(k, st)) for k in sorted(ids, key=lambda k: _session_sort_key(k, st), reverse=True)]
    opts: list[tuple[str, str]] = []
    for k in sorted(by_id, key=_session_sort_key, reverse=True):
        states = by_id[k]
        if len(states) == 1:
            opts.append((k, f"{vocab.session_label(k, states[0])} ({vocab.state_name(states[0])})"))
        elif len(states) <= 3:
            opts.append((k, f"{vocab.session_label(k)} ({', '.join(vocab.state_name(x) for x in states)})"))
        else:
            opts.append((k, f"{vocab.session_label(k)} ({len(states)} states)"))
    return opts


def states_with_bills(s: Session) -> list[str]:
    def compute() -> list[str]:
        return sorted(s.execute(select(Bill.state).distinct()).scalars().all())

    return _cached((_bind_key(s), "states"), compute)



_RELATED_ON_PAGE = text(
    f"SELECT bill_id, related_bill_id FROM {RelatedBill.__tablename__} "
    "WHERE bill_id IN :ids AND related_bill_id IN :ids "
    "AND relation_type IN ('companion', 'prior-session', 'replaces', 'replaced-by')"
).bindparams(bindparam("ids", expanding=True))


@dataclass
class HitGroup:
    """One search result: the best-ranked bill, and the same bill in other sessions or chambers."""

    lead: Any
    also: list[Any] = field(default_factory=list)


def collapse_hits(s: Session, hits: list[Any]) -> list[HitGroup]:
    """Fold bills linked as companions or reintroductions (stored `related_bills` links, resolved to
    a stored bill) into the best-ranked one of them, so a reader sees "HB 3287 ... also HB 3780"
    instead of the same bill twice. Only bills on the same result page are folded; the page's
    ranking order is kept.
    """
    ids = [h.bill_id for h in hits]
    if len(ids) < 2:
        return [HitGroup(h) for h in hits]
    # on the session's connection, as plain SQL: building this statement through the ORM for every
    # search page cost more than running it (one indexed read for 20 ids)
    rows = s.connection().execute(_RELATED_ON_PAGE, {"ids": ids}).all()
    parent = {i: i for i in ids}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rank = {i: n for n, i in enumerate(ids)}
    for a, b in rows:
        if a is None or b is None:
            continue
        ra, rb = root(a), root(b)
        if ra != rb:  # the better-ranked bill leads the group
            parent[max(ra, rb, key=rank.__getitem__)] = min(ra, rb, key=rank.__getitem__)
    groups: dict[int, HitGroup] = {}
    out: list[HitGroup] = []
    for h in hits:
        r = root(h.bill_id)
        if r in groups:
            groups[r].also.append(h)
        else:
            groups[r] = HitGroup(h)
            out.append(groups[r])
    return out
