"""Fetch a URL from inside a pipeline or callback through scrapy's download stack.

`engine.download_async` applies the downloader middlewares (robots.txt, retry with Retry-After,
HTTP cache, decompression) and the download handler (the replay in replay mode), but not the spider
middlewares, so HTTP errors come back as responses and are turned into a reason string here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response


async def fetch(crawler: Any, url: str, **kw: Any) -> tuple[Response | None, str | None]:
    """(response, None) on HTTP 200, else (None, reason) — never raises for network trouble.

    A link that is not an absolute http(s) URL (relative, "www.…", "javascript:", "ftp://") is a
    reason too, not an exception: raised from a pipeline it would drop the whole bill unrecorded.
    """
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme not in ("http", "https"):
        return None, f"not an http(s) link: {url[:200]!r}"
    try:
        request = scrapy.Request(url.strip(), dont_filter=True, **kw)
    except ValueError as exc:  # scrapy's own URL checks
        return None, f"bad link {url[:200]!r}: {exc}"
    try:
        response = await crawler.engine.download_async(request)
    except IgnoreRequest as exc:  # robots.txt forbids, or a middleware dropped it
        return None, f"not fetched: {exc or type(exc).__name__}"
    except DownloadCancelledError:  # scrapy stopped reading at DOWNLOAD_MAXSIZE
        cap = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        return None, f"not fetched: larger than the download size cap ({cap} bytes, DOWNLOAD_MAXSIZE)"
    except Exception as exc:  # noqa: BLE001 - any transport failure is a reason, not a crash
        return None, _describe(exc)
    if response.status != 200:
        return None, f"HTTP {response.status}"
    return response, None


def failure_reason(failure: Any) -> str:
    """A short reason for a scrapy errback failure (HTTP status or exception)."""
    from scrapy.spidermiddlewares.httperror import HttpError

    exc = failure.value
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    if isinstance(exc, DownloadCancelledError):  # its message names the replay URL, not the real one
        return "not fetched: larger than the download size cap (DOWNLOAD_MAXSIZE)"
    return _describe(exc)


def _describe(exc: BaseException) -> str:
    """'ResponseDataLossError' or 'TimeoutError: took too long' (class name, message if any)."""
    msg = str(exc).strip()
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__
