"""The store: the one way bills get into the database.

Every crawler and importer calls `BillStore.upsert_many` (or `upsert_bill` for one record) with
Open States-shaped records. A batch is one transaction with a SAVEPOINT per bill: a bill is stored
whole or not at all (its savepoint is rolled back on any failure, so a killed crawl never leaves half
a bill and one bad bill never takes its neighbours), bills upsert by (state, legislative_session,
identifier), and events are appended only for real changes. The batch's stored content hashes are
read in one query before anything is written, so re-storing identical content costs that one
indexed read and writes nothing.

It is written on SQLAlchemy Core rather than ORM objects because ingest speed matters (thousands
of bills a second on SQLite) and the work is plain row shuffling.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from statecare.db.models import (
    Action,
    Bill,
    CrawlError,
    CrawlRun,
    Document,
    Event,
    RelatedBill,
    SearchDoc,
    Sponsorship,
    Version,
    utcnow,
)
from statecare.db.normalize import VOLATILE_KEYS, content_hash, strip_volatile, text_sha256
from statecare.legis.chambers import organization_classification as chamber_of
from statecare.legis.cosponsors import distinct_sponsors, tally
from statecare.legis.identifiers import normalize_identifier
from statecare.legis.record import RecordError, state_of, validate

log = logging.getLogger(__name__)

bills_t = Bill.__table__
actions_t = Action.__table__
spons_t = Sponsorship.__table__
versions_t = Version.__table__
docs_t = Document.__table__
related_t = RelatedBill.__table__
events_t = Event.__table__
runs_t = CrawlRun.__table__
errors_t = CrawlError.__table__
search_t = SearchDoc.__table__

# keys of a version dict that carry statecare's extracted text rather than Open States data
TEXT_KEYS = ("text", "struck_text", "inserted_text", "text_url", "text_media_type", "text_status", "text_error")
_ACTION_KEYS = {"description", "date", "organization_id", "organization", "classification", "related_entities", "order"}
_SPONSOR_KEYS = {"name", "classification", "entity_type", "primary", "person_id", "organization_id"}
_VERSION_KEYS = {"note", "date", "classification", "links", *TEXT_KEYS}
_DOC_KEYS = {"note", "date", "classification", "links"}
# the pupa bill schema's own keys (plus our `state`); any other key a source sends (API v3 fields
# such as id, session, openstates_url, created_at) is kept verbatim in extras["_record"] for export
_BILL_KEYS = {
    "state", "legislative_session", "identifier", "title", "from_organization", "classification",
    "subject", "abstracts", "other_titles", "other_identifiers", "sources", "citations", "extras",
    "jurisdiction", "actions", "sponsorships", "versions", "documents", "related_bills",
}
_BOOKKEEPING = {"_processing", "_id", "scraped_at"}
MAX_SEARCH_BODY = 1_000_000

# Statements built once: SQLAlchemy caches their compiled form, and values travel as parameters.
# Building a fresh `.values(...)` statement per bill cost more than the database work itself.
_FIND_BILL = select(bills_t.c.id, bills_t.c.content_hash).where(
    bills_t.c.state == bindparam("k_state"),
    bills_t.c.legislative_session == bindparam("k_session"),
    bills_t.c.identifier == bindparam("k_ident"),
)
_FIND_BILL_LOCKED = _FIND_BILL.with_for_update()
_UPDATE_BILL = update(bills_t).where(bills_t.c.id == bindparam("b_id"))
_SET_SOURCE_HASH = update(bills_t).where(bills_t.c.id == bindparam("b_id")).values(source_hash=bindparam("s_hash"))
# what the batch read knows of a stored bill: (id, content_hash, source_hash)
_Stored = tuple[int, str | None, str | None]
_UPDATE_SEARCH = update(search_t).where(search_t.c.bill_id == bindparam("b_id"))
_FIND_TARGET = select(bills_t.c.id).where(
    bills_t.c.state == bindparam("k_state"),
    bills_t.c.legislative_session == bindparam("k_session"),
    bills_t.c.identifier == bindparam("k_ident"),
)
# links stored earlier that name a bill just inserted: same session (or none given) / that session
_RESOLVE_INCOMING = (
    update(related_t)
    .where(
        related_t.c.related_bill_id.is_(None),
        related_t.c.target_identifier == bindparam("k_ident"),
        related_t.c.legislative_session.in_([bindparam("k_session"), ""]),
        # correlated, so the planner starts from the target_identifier index: an IN over all the
        # state's bill ids was materialised on every insert and made ingest quadratic
        select(bills_t.c.id)
        .where(bills_t.c.id == related_t.c.bill_id, bills_t.c.state == bindparam("k_state"))
        .exists(),
    )
    .values(related_bill_id=bindparam("b_id"))
)
_COUNTER_COLUMNS = ("bills_new", "bills_updated", "bills_unchanged", "bills_seen", "events_written")
_ADD_COUNTS = update(runs_t).where(runs_t.c.id == bindparam("r_id")).values(
    {col: runs_t.c[col] + bindparam(f"n_{col}") for col in _COUNTER_COLUMNS}
)
# counts reach crawl_runs at most this often (and at finish_run): a bill that is unchanged then
# costs a read, not a write transaction
COUNT_FLUSH_SECONDS = 1.0


_CHAMBERS: dict[str, str | None] = {}


def _chamber(org: Any) -> str | None:
    """chamber_of, remembered for strings: a pupa pseudo-id is parsed as JSON each time, and a
    state's few spellings came back on every action (a tenth of ingest's time)."""
    if not isinstance(org, str):
        return chamber_of(org)
    try:
        return _CHAMBERS[org]
    except KeyError:
        if len(_CHAMBERS) > 4096:
            _CHAMBERS.clear()
        found = _CHAMBERS[org] = chamber_of(org)
        return found


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class UpsertResult:
    """What one upsert did: `status` is new | updated | unchanged."""

    status: str
    bill_id: int
    key: tuple[str, str, str]
    events: int = 0
    event_kinds: list[str] = field(default_factory=list)


_DEFERRED = "statecare_deferred_inserts"


@contextmanager
def _savepoint(conn: Connection) -> Iterator[None]:
    """One bill's SAVEPOINT, issued on the driver's cursor: SQLAlchemy's begin_nested compiled its
    SAVEPOINT and RELEASE clauses anew for every bill (a tenth of the store's time on SQLite). The
    bill is rolled back to it on any failure, and the batch's transaction goes on."""
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute("SAVEPOINT statecare_bill")
        try:
            yield
        except BaseException:
            cur.execute("ROLLBACK TO SAVEPOINT statecare_bill")
            cur.execute("RELEASE SAVEPOINT statecare_bill")
            raise
        cur.execute("RELEASE SAVEPOINT statecare_bill")
    finally:
        cur.close()


class _BulkInsert:
    """An executemany straight on the driver's cursor, for the child rows of a bill.

    Through SQLAlchemy each executemany paid its statement set-up again (execution context,
    parameter construction): on the national recording that was half the store's time, more than
    the database work. The SQL and the columns' own bind processors (JSON serialisation, SQLite's
    datetime format) are taken once per table, column set and dialect from SQLAlchemy itself, so
    the stored values are the ones `conn.execute(insert(table), rows)` stores. Python-side column
    defaults are applied as SQLAlchemy would.
    """

    _plans: dict[tuple[str, str, tuple[str, ...]], tuple[str, list[tuple[str, Any, Any]]]] = {}

    @classmethod
    def run(cls, conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
        """Insert `rows` now, or at `flush` when the connection is collecting a bill's inserts."""
        if not rows:
            return
        deferred = conn.info.get(_DEFERRED)
        if deferred is not None:
            deferred.append((table, rows))
            return
        cls._execute(conn, table, rows)

    @classmethod
    @contextmanager
    def collecting(cls, conn: Connection) -> Iterator[None]:
        """Collect the inserts made inside, then send them together: on PostgreSQL in one pipeline
        (one round trip for all of a bill's child rows, where each executemany was one), any
        failure raised here, inside the bill's savepoint."""
        conn.info[_DEFERRED] = []
        try:
            yield
            deferred = conn.info.pop(_DEFERRED)
            if conn.dialect.name == "postgresql" and len(deferred) > 1:
                with conn.connection.driver_connection.pipeline():  # type: ignore[union-attr]
                    for table, rows in deferred:
                        cls._execute(conn, table, rows)
            else:
                for table, rows in deferred:
                    cls._execute(conn, table, rows)
        finally:
            conn.info.pop(_DEFERRED, None)

    @classmethod
    def _execute(cls, conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
        dialect = conn.dialect
        keys = tuple(rows[0])
        plan_key = (dialect.name, table.name, keys)
        plan = cls._plans.get(plan_key)
        if plan is None:
            plan = cls._plans[plan_key] = cls._plan(dialect, table, keys)
        sql, cols = plan
        params = []
        for r in rows:
            vals = []
            for key, proc, default in cols:
                v = r[key] if key else default()
                vals.append(proc(v) if proc is not None else v)
            params.append(tuple(vals))
        cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cur.executemany(sql, params)
        finally:
            cur.close()

    @classmethod
    def one(cls, conn: Connection, table: Any, row: dict[str, Any]) -> int:
        """Insert one row the same way and return its new id (RETURNING on PostgreSQL)."""
        dialect = conn.dialect
        plan_key = (dialect.name, table.name + "+id", tuple(row))
        plan = cls._plans.get(plan_key)
        if plan is None:
            sql, cols = cls._plan(dialect, table, tuple(row))
            plan = cls._plans[plan_key] = (sql + (" RETURNING id" if dialect.name == "postgresql" else ""), cols)
        sql, cols = plan
        params = tuple(
            proc(v) if proc is not None else v
            for proc, v in ((proc, row[key] if key else default()) for key, proc, default in cols)
        )
        cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cur.execute(sql, params)
            if dialect.name == "postgresql":
                returned = cur.fetchone()
                assert returned is not None  # INSERT ... RETURNING id answers one row
                return int(returned[0])
            return int(cur.lastrowid)
        finally:
            cur.close()

    @staticmethod
    def _plan(dialect: Any, table: Any, keys: tuple[str, ...]) -> tuple[str, list[tuple[str, Any, Any]]]:
        cols: list[tuple[str, Any, Any]] = []
        names = []
        for c in table.columns:
            if c.key in keys:
                cols.append((c.key, c.type.dialect_impl(dialect).bind_processor(dialect), None))
            elif c.default is not None and not c.primary_key and c.default.is_scalar:
                value = c.default.arg
                cols.append(("", c.type.dialect_impl(dialect).bind_processor(dialect), lambda v=value: v))
            elif c.default is not None and not c.primary_key and c.default.is_callable:
                fn = c.default.arg
                cols.append(("", c.type.dialect_impl(dialect).bind_processor(dialect), lambda fn=fn: fn(None)))
            else:
                continue
            names.append(c.name)
        unknown = set(keys) - {c.key for c in table.columns}
        if unknown:
            raise KeyError(f"{table.name} has no column(s) {sorted(unknown)}")
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        quote = dialect.identifier_preparer.quote
        sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
               f"VALUES ({', '.join([mark] * len(names))})")
        return sql, cols


def _extras(d: dict[str, Any], known: set[str]) -> dict[str, Any]:
    if d.keys() <= known:  # the common case: nothing beyond the schema
        return {}
    # the same as stripping the whole dict first, without walking the values that are dropped anyway
    return {k: strip_volatile(v) for k, v in d.items() if k not in known and k not in VOLATILE_KEYS}


def _session_of(record: dict[str, Any]) -> str:
    return str(record.get("legislative_session") or record.get("session")).strip()


def _action_rows(bill_id: int, actions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for i, a in enumerate(actions):
        org = a.get("organization_id", a.get("organization"))
        extras = _extras(a, _ACTION_KEYS)
        if "organization" in a and "organization_id" in a:
            extras["organization"] = a["organization"]
        rows.append(
            {
                "bill_id": bill_id,
                "order": i,
                "date": str(a.get("date") or ""),
                "description": str(a.get("description") or ""),
                "organization": _chamber(org),
                "organization_ref": org,
                "classification": list(a.get("classification") or []),
                "related_entities": list(a.get("related_entities") or []),
                "extras": extras,
            }
        )
    return rows


def _sponsor_rows(bill_id: int, spons: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "bill_id": bill_id,
            "order": i,
            "name": str(s.get("name") or ""),
            "classification": str(s.get("classification") or ""),
            "entity_type": str(s.get("entity_type") or "person"),
            "primary": bool(s.get("primary")),
            "person_id": s.get("person_id"),
            "organization_id": s.get("organization_id"),
            "extras": _extras(s, _SPONSOR_KEYS),
        }
        for i, s in enumerate(spons)
        if isinstance(s, dict)
    ]


def _sponsor_events(conn: Connection, bill_id: int, rows: Sequence[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Names added to (co-sponsors signing on) or gone from a stored bill's sponsors, with the
    co-sponsor count before and after and the new party split: the history of a bill's co-sponsors
    where the legislature records none in its actions (statecare.legis.cosponsors), and the
    followers' alert. A first store writes none (nothing was there to change)."""
    old = conn.execute(select(spons_t.c.name, spons_t.c.primary, spons_t.c.person_id, spons_t.c.entity_type)
                       .where(spons_t.c.bill_id == bill_id)).all()
    if not old:
        return []
    before = {str(r.name).strip().lower() for r in old}
    after = {str(sp.get("name") or "").strip().lower() for sp in rows}
    added = [sp["name"] for sp in rows if str(sp.get("name") or "").strip().lower() not in before]
    removed = [r.name for r in old if str(r.name).strip().lower() not in after]
    if not added and not removed:
        return []
    # each sponsor once (a record may list one twice), as the pages count them
    count_after, parties = tally((bool(sp.get("primary")), (sp.get("extras") or {}).get("person_party"))
                                 for sp in distinct_sponsors(rows))
    count_before = tally((bool(r.primary), None) for r in distinct_sponsors(old))[0]
    payload: dict[str, Any] = {"names": added, "removed": removed, "count_before": count_before,
                               "count_after": count_after, "parties": parties}
    return [("sponsors_added" if added else "sponsors_removed", payload)]


def _doc_rows(bill_id: int, docs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "bill_id": bill_id,
            "order": i,
            "note": str(d.get("note") or ""),
            "date": str(d.get("date") or ""),
            "classification": str(d.get("classification") or ""),
            "links": list(d.get("links") or []),
            "extras": _extras(d, _DOC_KEYS),
        }
        for i, d in enumerate(docs)
        if isinstance(d, dict)
    ]


def _version_key(v: dict[str, Any]) -> tuple[str, str, str]:
    links = v.get("links") or []
    url = links[0].get("url", "") if links and isinstance(links[0], dict) else ""
    return (str(v.get("note") or ""), str(v.get("date") or ""), url)


def _version_row(bill_id: int, order: int, v: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "bill_id": bill_id,
        "order": order,
        "note": str(v.get("note") or ""),
        "date": str(v.get("date") or ""),
        "classification": str(v.get("classification") or ""),
        "links": list(v.get("links") or []),
        "extras": _extras(v, _VERSION_KEYS),
    }
    if "text" in v or "text_status" in v:
        text = v.get("text")
        row.update(
            text=text,
            struck_text=v.get("struck_text"),
            inserted_text=v.get("inserted_text"),
            text_sha256=text_sha256(text),
            text_url=v.get("text_url"),
            text_media_type=v.get("text_media_type"),
            text_status=v.get("text_status") or ("ok" if text else None),
            text_error=v.get("text_error"),
            fetched_at=utcnow(),
        )
    return row


@dataclass
class _Rows:
    """A record's child rows, built once: hashed first, then written (bill_id filled in)."""

    actions: list[dict[str, Any]]
    sponsorships: list[dict[str, Any]]
    documents: list[dict[str, Any]]

    @classmethod
    def of(cls, record: dict[str, Any]) -> _Rows:
        return cls(
            _action_rows(0, [a for a in record.get("actions") or [] if isinstance(a, dict)]),
            _sponsor_rows(0, record.get("sponsorships") or []),
            _doc_rows(0, record.get("documents") or []),
        )

    def for_bill(self, bill_id: int) -> _Rows:
        for rows in (self.actions, self.sponsorships, self.documents):
            for r in rows:
                r["bill_id"] = bill_id
        return self


@dataclass
class _Prepared:
    """A validated record with its key, bill values, child rows and content hash: everything
    computed before the database is touched, so an unchanged bill costs no write at all."""

    record: dict[str, Any]
    key: tuple[str, str, str]
    values: dict[str, Any]
    rows: _Rows
    chash: str

    @classmethod
    def of(cls, record: Any, source: str, raw_hash: str | None = None) -> _Prepared:
        record = validate(record, where=f"{source} record")
        state = state_of(record)
        session = _session_of(record)
        raw_ident = str(record["identifier"]).strip()
        ident = normalize_identifier(raw_ident)
        rows = _Rows.of(record)
        values = BillStore._bill_values(record, state, session, ident, raw_ident, source, "")
        chash = values["content_hash"] = canonical_hash(record, state, session, ident, raw_ident, rows, values)
        values["source_hash"] = raw_hash
        return cls(record, (state, session, ident), values, rows, chash)


def _quick_key(record: Any) -> tuple[tuple[str, str, str], str] | None:
    """The key and raw hash of a record as received, before validation: None when it has no usable
    key or does not serialise (the full path then decides, and says what is wrong)."""
    try:
        ident = record["identifier"]
        key = (state_of(record), _session_of(record), normalize_identifier(str(ident).strip()))
        raw = orjson.dumps(record, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except Exception:  # noqa: BLE001 - anything odd goes the full, validating path
        return None
    return key, hashlib.sha256(raw).hexdigest()


def canonical_hash(record: dict[str, Any], state: str, session: str, ident: str, raw_ident: str,
                   rows: _Rows | None = None, values: dict[str, Any] | None = None) -> str:
    """Hash what the store would keep, not the record's shape.

    Two records that store the same rows (a pupa file and the same bill exported and re-imported,
    or an API item with keys in another order) hash the same, so neither writes anything.
    """
    if values is None:
        values = BillStore._bill_values(record, state, session, ident, raw_ident, "", "")
    values = {k: v for k, v in values.items()
              if k not in ("source", "content_hash", "source_hash", "legiscan_bill_id", "scraped_at")}
    versions = []
    for i, v in enumerate(x for x in record.get("versions") or [] if isinstance(x, dict)):
        row = _version_row(0, i, v)
        row.pop("fetched_at", None)
        row.pop("text", None)
        versions.append(row)
    rows = rows or _Rows.of(record)
    canon = {
        "bill": values,
        "actions": rows.actions,
        "sponsorships": rows.sponsorships,
        "versions": versions,
        "documents": rows.documents,
        "related": [r for r in record.get("related_bills") or [] if isinstance(r, dict)],
    }
    return content_hash(canon)


def _abstract_text(abstracts: Iterable[Any]) -> str:
    out = []
    for a in abstracts or []:
        if isinstance(a, dict):
            out.append(str(a.get("abstract") or ""))
        elif isinstance(a, str):
            out.append(a)
    return "\n\n".join(x for x in out if x)


class BillStore:
    """Upserts bills, appends events, and keeps the crawl_runs ledger."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._pending: dict[int, dict[str, int]] = {}
        self._last_flush = time.monotonic()
        self._conn: Connection | None = None
        self._grown = 0  # bills inserted since the last ANALYZE (PostgreSQL), and before it
        self._analyzed = 0

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A transaction on the store's own connection: one batch = one transaction, without a pool
        checkout and reset per batch.

        SQLite: the driver (pysqlite) starts its implicit transaction only at the first write, so a
        SAVEPOINT issued before it would open and RELEASE would commit a transaction of its own;
        the store's connection therefore runs with the driver's autocommit and issues BEGIN
        IMMEDIATE / COMMIT itself (IMMEDIATE: the write lock is taken up front, so a batch never
        fails half-way on a lock upgrade; readers are not blocked under WAL).
        """
        if self._conn is None or self._conn.closed or self._conn.invalidated:
            conn = self.engine.connect()
            if conn.dialect.name == "sqlite":
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            self._conn = conn
        conn = self._conn
        if conn.dialect.name != "sqlite":
            with conn.begin():
                yield conn
            return
        with conn.begin():  # SQLAlchemy's bookkeeping; the driver commits nothing in autocommit
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise
            conn.exec_driver_sql("COMMIT")

    def close(self) -> None:
        """Give the store's connection back (counts not yet written are written first)."""
        self.flush_counts()
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- crawl runs ------------------------------------------------------------------------
    def start_run(self, source: str, args: dict[str, Any] | None = None) -> int:
        """Open a crawl_runs row; runs of this host whose process has died are closed as interrupted."""
        args = {**(args or {}), "_host": socket.gethostname(), "_pid": os.getpid()}
        with self.engine.begin() as conn:
            self._close_dead_runs(conn)
            res = conn.execute(
                insert(runs_t).values(source=source, args=args, status="running", started_at=utcnow())
            )
            key = res.inserted_primary_key
            assert key is not None  # an INSERT of one row always has its key
            return int(key[0])

    @staticmethod
    def _close_dead_runs(conn: Connection) -> None:
        """A crawl killed midway leaves its run 'running'; say what happened once its process is gone."""
        host = socket.gethostname()
        for run in conn.execute(select(runs_t.c.id, runs_t.c.args).where(runs_t.c.status == "running")).all():
            a = run.args or {}
            if a.get("_host") == host and isinstance(a.get("_pid"), int) and not _alive(a["_pid"]):
                conn.execute(update(runs_t).where(runs_t.c.id == run.id).values(
                    status="interrupted", finished_at=utcnow()))

    def record_error(self, run_id: int | None, url: str, reason: str) -> None:
        """Record a failure against its URL; the crawl goes on."""
        log.warning("crawl error %s: %s", url, reason)
        if run_id is None:
            return
        with self.engine.begin() as conn:
            conn.execute(insert(errors_t).values(run_id=run_id, url=url or "", reason=str(reason)[:4000], at=utcnow()))
            conn.execute(update(runs_t).where(runs_t.c.id == run_id).values(error_count=runs_t.c.error_count + 1))

    def finish_run(self, run_id: int, status: str = "finished") -> dict[str, Any]:
        with self.engine.begin() as conn:
            self._flush(conn)
            conn.execute(update(runs_t).where(runs_t.c.id == run_id).values(status=status, finished_at=utcnow()))
            row = conn.execute(select(runs_t).where(runs_t.c.id == run_id)).mappings().one()
            return dict(row)

    # -- bills ------------------------------------------------------------------------------
    def upsert_bill(self, record: dict[str, Any], *, source: str, run_id: int | None = None) -> UpsertResult:
        """Store one bill in one transaction; raises RecordError for a record that cannot be stored."""
        result = self.upsert_many([record], source=source, run_id=run_id)[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def seen_sources(self, digests: Sequence[str], *, run_id: int | None = None) -> dict[str, UpsertResult]:
        """The inputs stored before byte for byte: {digest: its bill, unchanged}, each counted as an
        unchanged bill of the run.

        `digests` are sha256 hex digests of whole inputs that each held one bill (a JSON Lines line,
        a one-bill file), which `upsert_many(..., source_hashes=...)` stored as the bill's
        source_hash. The same bytes give the same record, so an importer need not even parse them:
        a no-change re-import is then reading, hashing and one indexed query per batch.
        """
        found: dict[str, UpsertResult] = {}
        uniq = list(dict.fromkeys(d for d in digests if d))
        if not uniq:
            return found
        with self._transaction() as conn:
            for start in range(0, len(uniq), 500):
                q = select(bills_t.c.id, bills_t.c.state, bills_t.c.legislative_session, bills_t.c.identifier,
                           bills_t.c.source_hash).where(bills_t.c.source_hash.in_(uniq[start:start + 500]))
                for r in conn.execute(q):
                    found[r.source_hash] = UpsertResult("unchanged", r.id,
                                                        (r.state, r.legislative_session, r.identifier))
            for d in digests:
                if d in found:
                    self._count(conn, run_id, "bills_unchanged")
        return found

    def upsert_many(self, records: Sequence[Any], *, source: str, run_id: int | None = None,
                    source_hashes: Sequence[str | None] | None = None) -> list[UpsertResult | Exception]:
        """Store a batch of bills in one transaction, each bill in its own SAVEPOINT.

        Returns, in order, an UpsertResult or the exception that bill raised (RecordError for a
        record that cannot be stored): a failing bill's savepoint is rolled back and its neighbours
        are stored as usual. Nothing of the batch is visible before the one commit at its end, so a
        killed process loses at most the uncommitted batch, whole bills only, which the next crawl
        stores again. Why batches: a commit per bill (and, on PostgreSQL, a round trip per statement
        of an unchanged bill) was most of the time of a re-import that changes nothing.

        `source_hashes`, when given, are digests of the inputs the records were parsed from (one
        bill each; see seen_sources), stored as their source_hash instead of a hash of the record.
        """
        out: list[UpsertResult | Exception] = [RecordError("not stored")] * len(records)  # all replaced
        quick = [_quick_key(r) for r in records]
        if source_hashes is not None:
            quick = [(q[0], h or q[1]) if q is not None else None for q, h in zip(quick, source_hashes, strict=True)]
        pending = {run: dict(c) for run, c in self._pending.items()}
        try:
            with self._transaction() as conn:
                known = self._stored_hashes(conn, [q[0] for q in quick if q is not None])
                prepared: dict[int, _Prepared] = {}
                for i, record in enumerate(records):
                    q = quick[i]
                    stored = known.get(q[0]) if q is not None else None
                    if q is not None and stored is not None and stored[2] == q[1]:
                        # the very record stored last time: nothing to validate, hash or write
                        out[i] = UpsertResult("unchanged", stored[0], q[0])
                        self._count(conn, run_id, "bills_unchanged")
                        continue
                    try:
                        raw = q[1] if q is not None else (source_hashes[i] if source_hashes is not None else None)
                        prepared[i] = _Prepared.of(record, source, raw)
                    except Exception as exc:  # noqa: BLE001 - RecordError, or a value the hash cannot take
                        out[i] = exc
                missing = [p.key for p in prepared.values() if p.key not in known]
                if missing:  # validation changed a key (NUL removed) or the quick key failed
                    known.update(self._stored_hashes(conn, missing))
                refreshed: list[dict[str, Any]] = []
                for i, p in prepared.items():
                    stored = known.get(p.key)
                    if stored is not None and stored[1] == p.chash:
                        out[i] = UpsertResult("unchanged", stored[0], p.key)
                        self._count(conn, run_id, "bills_unchanged")
                        if p.values["source_hash"] and stored[2] != p.values["source_hash"]:
                            refreshed.append({"b_id": stored[0], "s_hash": p.values["source_hash"]})
                            known[p.key] = (stored[0], stored[1], p.values["source_hash"])
                        continue
                    try:
                        out[i] = self._write_one(conn, p, stored)
                    except IntegrityError:
                        # another process inserted the same key since the batch read: store it as an update
                        try:
                            out[i] = self._write_one(conn, p, None, reread=True)
                        except Exception as exc:  # noqa: BLE001 - one bad bill never takes its neighbours
                            out[i] = exc
                    except Exception as exc:  # noqa: BLE001 - one bad bill never takes its neighbours
                        out[i] = exc
                    res = out[i]
                    if isinstance(res, UpsertResult):
                        known[p.key] = (res.bill_id, p.chash, p.values["source_hash"])
                        self._count(conn, run_id, "bills_new" if res.status == "new" else "bills_updated",
                                    res.events)
                if refreshed:
                    # same content, new bytes (bookkeeping fields, key spelling): the next time is one read
                    conn.execute(_SET_SOURCE_HASH, refreshed)
        except Exception as exc:  # noqa: BLE001 - the commit failed: no bill of the batch was stored
            self._pending = pending  # counts flushed inside the rolled-back transaction were lost with it
            return [r if isinstance(r, Exception) else exc for r in out]
        self._note_growth(sum(1 for r in out if isinstance(r, UpsertResult) and r.status == "new"))
        return out

    def _note_growth(self, new_bills: int) -> None:
        """PostgreSQL: ANALYZE bills each time this store has doubled what it inserted (from 1,000).

        A table filled faster than autovacuum looks at it keeps the statistics of the empty table,
        and the planner then answered the batch reads (source_hash IN ..., key IN ...) with a
        sequential scan: a no-change re-import right after a first import of 20,639 bills took 20 s
        instead of 1. Geometric, so a first import runs it a handful of times.
        """
        if not new_bills or self.engine.dialect.name != "postgresql":
            return
        self._grown += new_bills
        if self._grown >= max(1000, self._analyzed):
            with self._transaction() as conn:
                conn.exec_driver_sql("ANALYZE bills")
            self._analyzed += self._grown
            self._grown = 0

    @staticmethod
    def _stored_hashes(conn: Connection, keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], _Stored]:
        """(id, content_hash, source_hash) of the batch's bills already stored, in one indexed query."""
        found: dict[tuple[str, str, str], _Stored] = {}
        uniq = list(dict.fromkeys(keys))
        for start in range(0, len(uniq), 300):  # stays far below SQLite's bound-parameter limit
            chunk = uniq[start:start + 300]
            # three IN lists, not a row-value IN: SQLite scans the whole table for the latter, and
            # walks the identifier index for these; the few extra rows are dropped here
            q = select(bills_t.c.id, bills_t.c.content_hash, bills_t.c.source_hash, bills_t.c.state,
                       bills_t.c.legislative_session, bills_t.c.identifier).where(
                bills_t.c.identifier.in_({k[2] for k in chunk}),
                bills_t.c.state.in_({k[0] for k in chunk}),
                bills_t.c.legislative_session.in_({k[1] for k in chunk}))
            wanted = set(chunk)
            for r in conn.execute(q):
                key = (r.state, r.legislative_session, r.identifier)
                if key in wanted:
                    found[key] = (r.id, r.content_hash, r.source_hash)
        return found

    def _write_one(self, conn: Connection, p: _Prepared, stored: _Stored | None, *,
                   reread: bool = False) -> UpsertResult:
        """Write one changed or new bill inside its own savepoint: whole, or rolled back entirely."""
        keyp = {"k_state": p.key[0], "k_session": p.key[1], "k_ident": p.key[2]}
        with _savepoint(conn), _BulkInsert.collecting(conn):
            if (conn.dialect.name == "postgresql" and stored is not None) or reread:
                # PostgreSQL: lock the row (a concurrent writer may have changed it since the batch
                # read). A bill the read did not find is inserted straight away: a concurrent insert
                # of the same key fails on the unique key, and the caller stores it again as an update.
                find = _FIND_BILL_LOCKED if conn.dialect.name == "postgresql" else _FIND_BILL
                row = conn.execute(find, keyp).first()
                stored = (row.id, row.content_hash, None) if row is not None else None
                if stored is not None and stored[1] == p.chash:
                    return UpsertResult("unchanged", stored[0], p.key)
            record, values, rows = p.record, p.values, p.rows
            if stored is None:
                bill_id = _BulkInsert.one(conn, bills_t, values)
                self._write_children(conn, bill_id, record, rows.for_bill(bill_id), new=True)
                events = [("new_bill", {"title": values["title"], "source": values["source"],
                                        "classification": values["classification"]})]
                conn.execute(_RESOLVE_INCOMING, {**keyp, "b_id": bill_id})
                status = "new"
            else:
                bill_id = stored[0]
                conn.execute(_UPDATE_BILL, {**values, "updated_at": utcnow(), "nlp_input_hash": None,
                                            "b_id": bill_id})
                events = self._write_children(conn, bill_id, record, rows.for_bill(bill_id), new=False)
                status = "updated"
            self._write_search_doc(conn, bill_id, values["title"], record, new=status == "new")
            if events:
                now = utcnow()
                _BulkInsert.run(conn, events_t, [
                    {"kind": kind, "bill_id": bill_id, "state": p.key[0], "legislative_session": p.key[1],
                     "identifier": p.key[2], "payload": payload, "created_at": now}
                    for kind, payload in events
                ])
            return UpsertResult(status, bill_id, p.key, len(events), [k for k, _ in events])

    def _count(self, conn: Connection, run_id: int | None, column: str, events: int = 0) -> None:
        """Count a bill toward its run; the counts are written with a bill at most once a second."""
        if run_id is None:
            return
        pending = self._pending.setdefault(run_id, dict.fromkeys(_COUNTER_COLUMNS, 0))
        pending[column] += 1
        pending["bills_seen"] += 1
        pending["events_written"] += events
        if time.monotonic() - self._last_flush >= COUNT_FLUSH_SECONDS:
            self._flush(conn)

    def _flush(self, conn: Connection) -> None:
        for run_id, pending in self._pending.items():
            conn.execute(_ADD_COUNTS, {"r_id": run_id, **{f"n_{c}": n for c, n in pending.items()}})
        self._pending.clear()
        self._last_flush = time.monotonic()

    def count_unchanged(self, run_id: int | None, n: int = 1) -> None:
        """Count `n` bills found unchanged without the store (the crawl's fingerprint check); written
        to crawl_runs at most once a second and by flush_counts."""
        if run_id is None or n <= 0:
            return
        pending = self._pending.setdefault(run_id, dict.fromkeys(_COUNTER_COLUMNS, 0))
        pending["bills_unchanged"] += n
        pending["bills_seen"] += n
        if time.monotonic() - self._last_flush >= COUNT_FLUSH_SECONDS:
            self.flush_counts()

    def source_hashes(self) -> set[str]:
        """Every stored bill's source_hash (what the bill was last written from)."""
        with self.engine.connect() as conn:
            return set(conn.execute(select(bills_t.c.source_hash).where(bills_t.c.source_hash.is_not(None))).scalars())

    def flush_counts(self) -> None:
        """Write counts not yet written (finish_run does this itself)."""
        if self._pending:
            with self.engine.begin() as conn:
                self._flush(conn)

    @staticmethod
    def _bill_values(
        record: dict[str, Any], state: str, session: str, ident: str, raw_ident: str, source: str, chash: str
    ) -> dict[str, Any]:
        actions = [a for a in record.get("actions") or [] if isinstance(a, dict)]
        dates = [str(a.get("date") or "") for a in actions if a.get("date")]
        jur = record.get("jurisdiction")
        osid = record.get("id") if isinstance(record.get("id"), str) and str(record["id"]).startswith("ocd-bill") else None
        extras = dict(record.get("extras") or {})
        unknown = {k: v for k, v in record.items() if k not in _BILL_KEYS and k not in _BOOKKEEPING}
        if unknown:
            extras["_record"] = unknown  # keys outside the schema, kept for export
        return {
            "state": state,
            "legislative_session": session,
            "identifier": ident,
            "source_identifier": raw_ident,
            "title": str(record.get("title") or ""),
            "from_organization": _chamber(record.get("from_organization")),
            "from_organization_ref": record.get("from_organization"),
            "classification": list(record.get("classification") or []),
            "subject": list(record.get("subject") or []),
            "abstracts": list(record.get("abstracts") or []),
            "other_titles": list(record.get("other_titles") or []),
            "other_identifiers": list(record.get("other_identifiers") or []),
            "sources": list(record.get("sources") or []),
            "citations": list(record.get("citations") or []),
            "extras": extras,
            "jurisdiction": jur if isinstance(jur, dict) else ({"id": jur} if jur else {}),
            "openstates_id": osid,
            "openstates_url": record.get("openstates_url"),
            "first_action_date": record.get("first_action_date") or (min(dates) if dates else None),
            "latest_action_date": record.get("latest_action_date") or (max(dates) if dates else None),
            "latest_action_description": record.get("latest_action_description")
            or (str(actions[-1].get("description") or "") if actions else None),
            "latest_passage_date": record.get("latest_passage_date") or None,
            "scraped_at": str(record["scraped_at"])[:40] if record.get("scraped_at") else None,
            "source": source,
            "legiscan_bill_id": extras.get("legiscan_bill_id"),
            "content_hash": chash,
        }

    def _write_children(
        self, conn: Connection, bill_id: int, record: dict[str, Any], prepared: _Rows, *, new: bool
    ) -> list[tuple[str, dict[str, Any]]]:
        """Write actions, sponsors, versions, documents, related bills; return change events."""
        events: list[tuple[str, dict[str, Any]]] = []
        rows = prepared.actions
        if not new:
            old = conn.execute(
                select(actions_t.c.date, actions_t.c.description, actions_t.c.organization).where(
                    actions_t.c.bill_id == bill_id
                )
            ).all()
            seen: dict[tuple[str, str, str | None], int] = {}
            for o in old:
                k = (o.date, o.description, o.organization)
                seen[k] = seen.get(k, 0) + 1
            for r in rows:
                k = (r["date"], r["description"], r["organization"])
                if seen.get(k):
                    seen[k] -= 1
                else:
                    events.append(("new_action", {"date": r["date"], "description": r["description"],
                                                  "chamber": r["organization"],
                                                  "classification": r["classification"]}))
            events.extend(_sponsor_events(conn, bill_id, prepared.sponsorships))
            for t in (actions_t, spons_t, docs_t):
                conn.execute(delete(t).where(t.c.bill_id == bill_id))
            conn.execute(delete(related_t).where(related_t.c.bill_id == bill_id, related_t.c.derived.is_(False)))
        _BulkInsert.run(conn, actions_t, rows)
        _BulkInsert.run(conn, spons_t, prepared.sponsorships)
        _BulkInsert.run(conn, docs_t, prepared.documents)
        events.extend(self._sync_versions(conn, bill_id, record.get("versions") or [], new=new))
        self._write_related(conn, bill_id, record)
        return events

    def _sync_versions(
        self, conn: Connection, bill_id: int, versions: Sequence[Any], *, new: bool
    ) -> list[tuple[str, dict[str, Any]]]:
        """Update versions in place (their ids anchor provisions); report new or re-worded versions."""
        events: list[tuple[str, dict[str, Any]]] = []
        incoming = [v for v in versions if isinstance(v, dict)]
        if new:
            rows = [_version_row(bill_id, i, v) for i, v in enumerate(incoming)]
            if rows:
                self._insert_versions(conn, rows)
            return events
        old = {
            _version_key({"note": r.note, "date": r.date, "links": r.links}): r
            for r in conn.execute(select(versions_t).where(versions_t.c.bill_id == bill_id)).all()
        }
        kept: set[int] = set()
        for i, v in enumerate(incoming):
            row = _version_row(bill_id, i, v)
            prev = old.get(_version_key(v))
            if prev is None:
                self._insert_versions(conn, [row])
                events.append(("new_version", {"note": row["note"], "date": row["date"],
                                               "url": _version_key(v)[2], "sha256": row.get("text_sha256")}))
                continue
            kept.add(prev.id)
            if "text_sha256" in row and row["text_sha256"] and prev.text_sha256 and row["text_sha256"] != prev.text_sha256:
                events.append(("new_version", {"note": row["note"], "date": row["date"], "url": _version_key(v)[2],
                                               "sha256": row["text_sha256"], "previous_sha256": prev.text_sha256}))
            if "text" not in row:
                # a record without extracted text (e.g. a plain import) keeps the text already stored
                row = {k: val for k, val in row.items() if k not in TEXT_KEYS and k != "text_sha256"}
            conn.execute(update(versions_t).where(versions_t.c.id == prev.id).values(**row))
        gone = [r.id for r in old.values() if r.id not in kept]
        if gone:
            conn.execute(delete(versions_t).where(versions_t.c.id.in_(gone)))
        return events

    @staticmethod
    def _insert_versions(conn: Connection, rows: list[dict[str, Any]]) -> None:
        # executemany needs the same keys in every row
        cols = set().union(*(r.keys() for r in rows))
        _BulkInsert.run(conn, versions_t, [{c: r.get(c) for c in sorted(cols)} for r in rows])

    def _write_related(self, conn: Connection, bill_id: int, record: dict[str, Any]) -> None:
        rel = [r for r in record.get("related_bills") or [] if isinstance(r, dict) and r.get("identifier")]
        if not rel:
            return
        state = state_of(record)
        rows = []
        for i, r in enumerate(rel):
            sess = str(r.get("legislative_session") or "")
            target_ident = normalize_identifier(str(r["identifier"]))
            target = conn.execute(_FIND_TARGET, {"k_state": state, "k_session": sess or _session_of(record),
                                                 "k_ident": target_ident}).scalar()
            rows.append({"bill_id": bill_id, "order": i, "identifier": str(r["identifier"]),
                         "target_identifier": target_ident, "legislative_session": sess,
                         "relation_type": str(r.get("relation_type") or ""), "derived": False,
                         "related_bill_id": target})
        _BulkInsert.run(conn, related_t, rows)

    @staticmethod
    def _write_search_doc(conn: Connection, bill_id: int, title: str, record: dict[str, Any], *,
                          new: bool) -> None:
        texts = [str(v["text"]) for v in record.get("versions") or [] if isinstance(v, dict) and v.get("text")]
        body: str
        if texts:
            body = texts[-1]
        elif new:
            body = ""
        else:
            body = conn.execute(
                select(versions_t.c.text).where(versions_t.c.bill_id == bill_id, versions_t.c.text.is_not(None))
                .order_by(versions_t.c.order.desc()).limit(1)
            ).scalar() or ""
        values = {"title": title, "abstract": _abstract_text(record.get("abstracts") or []),
                  "body": body[:MAX_SEARCH_BODY]}
        if new or not conn.execute(_UPDATE_SEARCH, {**values, "b_id": bill_id}).rowcount:
            _BulkInsert.run(conn, search_t, [{**values, "bill_id": bill_id}])


def record_from_json(data: bytes | str, *, where: str) -> dict[str, Any]:
    """Parse one bill record, raising RecordError that names `where` on malformed JSON."""
    try:
        obj = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RecordError(f"{where}: malformed JSON ({exc})") from exc
    return validate(obj, where=where)
