"""Downloader middleware: retries that honour Retry-After.

Scrapy's RetryMiddleware retries 429/503 at once; a server that says `Retry-After: 30` means it.
This subclass waits what the server asks (capped by RETRY_AFTER_MAX, so a hostile or broken header
cannot stall a crawl for hours) before the retry is scheduled; other retryable statuses and
network errors behave as in scrapy.
"""

from __future__ import annotations

import email.utils
import logging
import time
from typing import Any
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet import reactor
from twisted.internet.task import deferLater

log = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None, cap: float) -> float:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), within [0, cap]."""
    if not value:
        return 0.0
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    try:
        secs = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return 0.0  # an unreadable header: retry without waiting, as plain scrapy would
        secs = when.timestamp() - time.time()
    return max(0.0, min(secs, cap))


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that sleeps for Retry-After on 429 and 503 before retrying."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        quota = _quota_answer(request, response)
        if quota is not None and quota.action == "stop":
            return response  # over the daily quota: retrying only spends more of it; the spider stops
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if quota is not None:  # Open States over its per-minute limit: wait what it asks, or a minute
            wait = min(quota.wait, self.retry_after_max)
            log.info("%s: Open States rate limit (HTTP 429), waiting %.0fs", request.url, wait)
            await deferred_to_future(deferLater(reactor, wait, lambda: None))
        elif response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get("Retry-After"), self.retry_after_max)
            if wait:
                log.info("%s answered %d, waiting %.1fs as Retry-After asks", request.url, response.status, wait)
                await deferred_to_future(deferLater(reactor, wait, lambda: None))
        return retry


def _quota_answer(request: Request, response: Response) -> Any:
    """statecare.crawler.quota's reading of an Open States 429/403 (None for other hosts/statuses)."""
    if response.status not in (403, 429) or not request.meta.get("statecare_api"):
        return None
    from statecare.crawler.quota import classify

    return classify(response.status, response.body, response.headers.get("Retry-After"))


class ReplayLoopbackOnlyMiddleware:
    """In replay mode, refuse every request the replay handler would not send to loopback.

    Only http and https are rewritten to the replay server; an `ftp://` (or `s3://`, `file://`)
    link in a recording went to scrapy's own handler for that scheme, which looked the host up in
    the real DNS. A replay must never leave the machine, so such a request is refused here, before
    robots.txt (which would itself fetch from that host) and before any download handler.
    """

    def __init__(self, replay_url: str) -> None:
        self.replay_url = replay_url

    @classmethod
    def from_crawler(cls, crawler: Any) -> ReplayLoopbackOnlyMiddleware:
        replay_url = crawler.settings.get("STATECARE_REPLAY_URL")
        if not replay_url:
            raise NotConfigured("only in replay mode")
        return cls(replay_url)

    def process_request(self, request: Request) -> None:
        scheme = urlsplit(request.url).scheme.lower()
        if scheme not in ("http", "https"):
            raise IgnoreRequest(f"replay never leaves loopback: {scheme}: request refused")
