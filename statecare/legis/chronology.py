"""A bill's history oldest first, whatever order its source listed it in.

Why one function: the stage machine and the veto reading both walk a bill's actions in time, and
both must agree on what "after" means. Some sources list history newest first (Colorado's Open
States records): such a list is read backwards. Anything else is sorted by day, stably, so one
day's actions keep the legislature's order; a timestamp (with or without a zone) counts by its
date alone.
"""

from __future__ import annotations

from collections.abc import Sequence


def oldest_first(dates: Sequence[object]) -> list[int]:
    """Indexes of the actions whose dates are `dates` (ISO strings, datetimes' text, None), oldest first."""
    days = [str(d or "")[:10] for d in dates]
    if days != sorted(days) and days == sorted(days, reverse=True):
        return list(range(len(days)))[::-1]
    return sorted(range(len(days)), key=lambda i: days[i])
