"""Open States' answers to a key that asks too much: wait a minute, or stop and say when to resume.

The free tier allows 10 requests a minute and 500 a day. Over the per-minute limit the API answers
HTTP 429 `{"detail": "exceeded limit of 10/min: 11"}`: waiting a minute is enough, and the crawl
goes on. Over the daily limit (`"exceeded limit of 500/day: 501"`), or with a 403 (key refused or
quota), every further request would fail too: the crawl stops politely, its cursors already saved,
and the message says when to run it again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

KEY_ENV = "OPENSTATES_API_KEY"
_LIMIT = re.compile(r"exceeded limit of (\d+)\s*/\s*(sec|second|min|minute|hour|day)", re.I)


@dataclass(frozen=True)
class QuotaAnswer:
    """What to do about one 429/403: `wait` seconds and retry, or `stop` with `message`."""

    action: str  # wait | stop
    wait: float = 0.0
    message: str = ""


def _detail(body: bytes) -> str:
    try:
        obj = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return body[:200].decode("utf-8", "replace").strip()
    detail = obj.get("detail") if isinstance(obj, dict) else None
    return str(detail if detail is not None else obj)[:200]


def resume_time(retry_after: float | None, now: datetime | None = None) -> datetime:
    """When to run the crawl again: after Retry-After if the API sent one, else the next 00:00 UTC
    (the daily quota is counted per calendar day)."""
    now = now or datetime.now(UTC)
    if retry_after:
        return now + timedelta(seconds=retry_after)
    return (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def classify(status: int, body: bytes, retry_after: bytes | str | None, *, max_wait: float = 120.0,
             now: datetime | None = None) -> QuotaAnswer | None:
    """The answer to an Open States 429/403 response; None for any other status."""
    # imported here: middlewares imports twisted's reactor, which must not be installed before
    # scrapy chooses its own (spiders import this module)
    from statecare.crawler.middlewares import retry_after_seconds

    if status not in (403, 429):
        return None
    detail = _detail(body)
    m = _LIMIT.search(detail)
    unit = m.group(2).lower() if m else ""
    asked = retry_after_seconds(retry_after, 7 * 86400) if retry_after else 0.0
    if status == 429 and unit in ("sec", "second", "min", "minute") and asked <= max_wait:
        return QuotaAnswer("wait", wait=asked or (60.0 if unit.startswith("min") else 1.0))
    if status == 429 and not m and asked and asked <= max_wait:
        return QuotaAnswer("wait", wait=asked)
    when = resume_time(asked or None, now).strftime("%Y-%m-%d %H:%M UTC")
    if status == 403 and not m and "quota" not in detail.lower() and "limit" not in detail.lower():
        return QuotaAnswer("stop", message=(
            f"Open States refused the API key (HTTP 403: {detail or 'forbidden'}): check {KEY_ENV}. "
            "Progress is saved; the same command resumes where each jurisdiction stopped."))
    return QuotaAnswer("stop", message=(
        f"Open States API quota exhausted (HTTP {status}: {detail or 'no detail'}). Progress is saved "
        f"per jurisdiction; run the same command again after {when} to resume where it stopped."))
