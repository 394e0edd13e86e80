"""The crawl's link to the store: one BillStore and one crawl_runs row per crawl process.

Spiders and pipelines share it through the crawler (`ledger_for(crawler)`), so every failure,
wherever it happens, lands in crawl_errors against its URL, and the progress line counts them.
API keys that travel in query strings (LegiScan's `key=`) are masked before anything is written.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import logging
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError

from statecare.db.engine import make_engine
from statecare.db.store import BillStore, UpsertResult
from statecare.legis.record import RecordError

log = logging.getLogger("statecare.crawl")
BATCH = 100  # bills per hand-over to the writer process (measured: 50/2 in flight 724, 100/3 857, 200/4 844 bills/s)
_KEY_RE = re.compile(r"(?i)([?&](?:key|apikey|api_key)=)[^&#]*")


def redact(url: str) -> str:
    """Mask API keys in a URL so they never reach the database or the log."""
    return _KEY_RE.sub(r"\1REDACTED", url)


def _relaxed_commit(dbapi_conn: Any, _record: Any) -> None:
    """PostgreSQL: don't wait for the WAL flush at each bill's commit.

    Each bill is still its own atomic transaction (a crash can never leave half a bill); what a
    server crash could lose is the last fraction of a second of commits, which the next crawl
    stores again. Without this every bill pays an fsync, which bounds a crawl to ~100 bills/s.
    """
    cur = dbapi_conn.cursor()
    cur.execute("SET synchronous_commit TO off")
    cur.close()
    dbapi_conn.commit()


# The writer process's own store (set by _writer_init in that process).
_WRITER: dict[str, Any] = {}


def _exit_with_parent(parent: int) -> None:
    """A crawl killed outright (SIGKILL) cannot stop its writer; the writer stops itself.

    An unfinished bill's transaction is simply never committed, so nothing half-written remains.
    """
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def _die_with_parent() -> None:
    """Linux: ask the kernel to SIGKILL this process the moment its parent dies (PR_SET_PDEATHSIG).

    The polling thread below covers other systems (and stays as the second line on Linux).
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # no prctl: the polling thread alone
        log.debug("prctl(PR_SET_PDEATHSIG) unavailable")


def _writer_init(database_url: str, source: str, run_id: int, parent: int) -> None:
    """Set up the writer process. `parent` is the crawl's PID, passed at spawn: read here with
    os.getppid() it would already be the adoptive parent's when the crawl was killed while this
    process was still starting, and the writer would then wait for work forever."""
    _die_with_parent()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="exit-with-parent").start()
    engine = make_engine(database_url)
    if engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _relaxed_commit)
    _WRITER.update(store=BillStore(engine), source=source, run_id=run_id)


def _writer_upsert_many(records: list[dict[str, Any]],
                        fingerprints: list[str | None] | None = None) -> list[tuple[str, Any]]:
    """Store a batch (one transaction, a savepoint per bill); ("ok", result) or the failure per bill.

    Every failure is caught per bill, whatever its type: one bad value (a title holding a lone
    UTF-16 surrogate makes the content hash raise TypeError, the driver UnicodeEncodeError) must
    not fail the whole batch, which would leave every later bill of the batch unwritten and
    unrecorded. The failing bill's savepoint rolls back; the others are stored as usual.
    """
    out: list[tuple[str, Any]] = []
    for res in _WRITER["store"].upsert_many(records, source=_WRITER["source"], run_id=_WRITER["run_id"],
                                            source_hashes=fingerprints):
        if isinstance(res, RecordError):
            out.append(("record", str(res)))
        elif isinstance(res, Exception):
            out.append(("database", _reason(res)))
        else:
            out.append(("ok", res))
    return out


def _reason(exc: BaseException) -> str:
    """A one-line reason for crawl_errors: the exception's type and the first line of its message."""
    lines = str(exc).splitlines()
    return f"{type(exc).__name__}: {lines[0][:300] if lines else ''}"


def _writer_flush() -> None:
    _WRITER["store"].flush_counts()


class Ledger:
    """Stores bills and errors for one crawl run and reports progress every `every` bills."""

    def __init__(self, database_url: str, run_id: int, source: str, every: int = 100) -> None:
        self.engine = make_engine(database_url)
        if self.engine.dialect.name == "postgresql":
            event.listen(self.engine, "connect", _relaxed_commit)
        self.store = BillStore(self.engine)
        self.run_id = run_id
        self.source = source
        self.every = max(1, every)
        self.counts: Counter[str] = Counter()
        self.started = time.monotonic()
        # One writer process: bills are still stored one transaction at a time, in order, but the
        # store's Python work runs on the other core while this process parses the next pages (a
        # thread could not overlap it: the store's time is mostly Python, under the GIL). Spawned,
        # not forked, so it inherits no reactor or open connections.
        self._queue: list[tuple[dict[str, Any], str | None, asyncio.Future]] = []
        self._fingerprints: set[str] | None = None
        self._in_flight = 0
        self._writer_used = False  # a crawl that stores nothing never starts the writer process
        self._writer = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"),
            initializer=_writer_init, initargs=(database_url, source, run_id, os.getpid()),
        )

    def record_error(self, url: str, reason: str) -> None:
        self.counts["errors"] += 1
        self.store.record_error(self.run_id, redact(url), reason)

    def stored_before(self, fingerprint: str) -> bool:
        """Whether a stored bill was last written from a record with this fingerprint (crawler.unchanged).

        The stored fingerprints are read once, when the first bill asks (one indexed scan, ~64 bytes
        a bill): a per-bill query would cost more than everything else an unchanged bill now costs.
        A bill written during this crawl is not in the set; the store still finds it unchanged.
        """
        if self._fingerprints is None:
            self._fingerprints = self.store.source_hashes()
        return fingerprint in self._fingerprints

    def count_unchanged(self) -> None:
        """Count a bill found unchanged before it reached the writer (crawl_runs and the progress line)."""
        self.store.count_unchanged(self.run_id)
        self.counts["unchanged"] += 1
        done = self.counts["new"] + self.counts["updated"] + self.counts["unchanged"]
        if done % self.every == 0:
            self.progress()

    async def upsert(self, record: dict[str, Any], fingerprint: str | None = None) -> UpsertResult:
        """Store one bill (one transaction) in the writer process; raises what upsert_bill raises.

        `fingerprint` (crawler.unchanged), when given, is kept as the bill's source_hash.

        Bills travel to the writer in batches (up to BATCH, three batches in flight), so the writer
        never waits for this process to hand it the next bill; each bill is still its own transaction.
        """
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[tuple[str, Any]] = loop.create_future()
        self._queue.append((record, fingerprint, fut))
        self._dispatch(loop)
        kind, value = await fut
        if kind == "record":
            raise RecordError(value)
        if kind == "database":
            raise SQLAlchemyError(value)
        result: UpsertResult = value
        self.counts[result.status] += 1
        self.counts["events"] += result.events
        done = self.counts["new"] + self.counts["updated"] + self.counts["unchanged"]
        if done % self.every == 0:
            self.progress()
        return result

    def _dispatch(self, loop: asyncio.AbstractEventLoop) -> None:
        while self._queue and self._in_flight < 3:
            batch, self._queue = self._queue[:BATCH], self._queue[BATCH:]
            self._in_flight += 1
            self._writer_used = True
            job = asyncio.wrap_future(self._writer.submit(_writer_upsert_many, [r for r, _, _ in batch],
                                                          [f for _, f, _ in batch]), loop=loop)
            job.add_done_callback(functools.partial(self._done, batch=batch, loop=loop))

    def _done(self, job: asyncio.Future, *, batch: list, loop: asyncio.AbstractEventLoop) -> None:
        self._in_flight -= 1
        exc = job.exception()
        for i, (_, _, fut) in enumerate(batch):
            if fut.done():
                continue
            if exc is not None:
                fut.set_exception(exc)
            else:
                fut.set_result(job.result()[i])
        self._dispatch(loop)

    def progress(self) -> None:
        c = self.counts
        done = c["new"] + c["updated"] + c["unchanged"]
        rate = done / max(time.monotonic() - self.started, 1e-9)
        log.info("%s: %d bills stored (new %d, updated %d, unchanged %d), %d errors, %.0f bills/s",
                 self.source, done, c["new"], c["updated"], c["unchanged"], c["errors"], rate)

    def close(self) -> None:
        try:
            if self._writer_used:  # else there is nothing to flush, and no process to start for it
                self._writer.submit(_writer_flush).result()
        finally:
            self._writer.shutdown(wait=True)
            self.store.flush_counts()
        self.engine.dispose()


def ledger_for(crawler: Any) -> Ledger:
    """The crawl's ledger, created on first use from the crawler's settings."""
    led = getattr(crawler, "_statecare_ledger", None)
    if led is None:
        s = crawler.settings
        led = Ledger(s.get("STATECARE_DATABASE_URL"), s.getint("STATECARE_RUN_ID"),
                     s.get("STATECARE_SOURCE"), s.getint("STATECARE_PROGRESS_EVERY", 100))
        crawler._statecare_ledger = led
    return led
