"""Per-jurisdiction crawl cursors, kept in the database (crawl_cursors) so a crawl can resume.

A live Open States crawl of all 52 jurisdictions takes hours at the free tier's 10 requests a
minute, and its 500-a-day quota ends it long before that: every stop (a kill, a quota answer, a
crash) must lose at most the pages whose bills were not stored yet. The spider saves a cursor only
after a page's bills are in the database; the next crawl with the same plan starts there.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from statecare.db.models import CrawlCursor


@dataclass
class Position:
    """Where one jurisdiction's pass stands: the first page not yet stored (or events / done)."""

    jurisdiction: str
    plan: str
    phase: str = "bills"  # bills | events | done
    term_index: int = 0
    page: int = 1
    pass_started: str = ""
    updated_since: str | None = None


def plan_of(terms: list[str], session: str | None, mode: str = "") -> str:
    """A short stable name for what a pass searches: another term list, session or mode (a replay
    crawl's passes are not a live crawl's) is another pass."""
    text = "\x1f".join([session or "", *terms] + ([f"mode={mode}"] if mode else []))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")


class CursorStore:
    """Read and write crawl_cursors rows for one source (one short transaction per save)."""

    def __init__(self, engine: Engine, source: str) -> None:
        self.engine = engine
        self.source = source

    def start(self, jurisdiction: str, plan: str) -> Position:
        """Where to begin: the saved position of an unfinished pass with the same plan, else a new
        pass (after a finished one, asking only for bills updated since that pass began)."""
        with Session(self.engine) as s:
            row = s.scalars(select(CrawlCursor).where(CrawlCursor.source == self.source,
                                                      CrawlCursor.jurisdiction == jurisdiction)).first()
        if row is not None and row.plan == plan and row.phase != "done":
            return Position(jurisdiction, plan, row.phase, row.term_index, row.page, row.pass_started,
                            row.updated_since)
        since = row.pass_started if row is not None and row.plan == plan and row.phase == "done" else None
        pos = Position(jurisdiction, plan, pass_started=now_iso(), updated_since=since)
        self.save(pos)
        return pos

    def save(self, pos: Position) -> None:
        with Session(self.engine) as s, s.begin():
            row = s.scalars(select(CrawlCursor).where(CrawlCursor.source == self.source,
                                                      CrawlCursor.jurisdiction == pos.jurisdiction)).first()
            if row is None:
                row = CrawlCursor(source=self.source, jurisdiction=pos.jurisdiction)
                s.add(row)
            row.plan, row.phase, row.term_index, row.page = pos.plan, pos.phase, pos.term_index, pos.page
            row.pass_started, row.updated_since = pos.pass_started, pos.updated_since
            row.updated_at = datetime.now(UTC)

    def all(self) -> dict[str, Position]:
        with Session(self.engine) as s:
            rows = s.scalars(select(CrawlCursor).where(CrawlCursor.source == self.source)).all()
            return {r.jurisdiction: Position(r.jurisdiction, r.plan, r.phase, r.term_index, r.page,
                                             r.pass_started, r.updated_since) for r in rows}
