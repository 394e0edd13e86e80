"""One hearing, as its latest announcement has it.

`statecare classify` stores a row per announcing action (table `hearings`), and a legislature may
announce one hearing several times: Massachusetts re-announces it when the room changes ("location
changed"), and a later action may cancel it. Readers -- the bill and state pages, their calendars,
the digest -- want the hearing once, with its latest room and status; this is the one rule they share.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar


class Announcement(Protocol):
    """What the rule reads of a stored hearing row (a `Hearing`, or a Core row of its columns)."""

    @property
    def bill_id(self) -> int: ...

    @property
    def action_order(self) -> int: ...

    @property
    def date(self) -> str: ...

    @property
    def time(self) -> str | None: ...


A = TypeVar("A", bound=Announcement)


def latest_announcements(rows: Iterable[A]) -> list[A]:
    """Each hearing (bill, day, time) once: the row of its latest announcing action, whatever its
    status (a hearing cancelled after it was scheduled is a cancelled hearing, not an upcoming one).
    The result keeps the order of `rows` among the kept ones."""
    rows = list(rows)
    latest: dict[tuple[int, str, str | None], A] = {}
    for r in sorted(rows, key=lambda r: r.action_order):
        latest[(int(r.bill_id), r.date, r.time)] = r
    keep = {id(r) for r in latest.values()}
    return [r for r in rows if id(r) in keep]
