"""Download handler that sends every http(s) request to the replay server instead of the network.

Installed for http and https only when a crawl runs with --replay. It works below every
middleware: robots.txt, retries, AutoThrottle's per-host slots and the HTTP cache all see the real
URL (https://api.openstates.org/...), only the socket goes to 127.0.0.1. The response gets the real
URL back, so everything stored names the real source.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response


def replay_url(base: str, url: str) -> str:
    """'https://host/p?q' -> '<base>/host/p?q'."""
    parts = urlsplit(url)
    path = parts.path or "/"
    return f"{base.rstrip('/')}/{parts.netloc}{path}" + (f"?{parts.query}" if parts.query else "")


class ReplayDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Any) -> None:
        base = crawler.settings.get("STATECARE_REPLAY_URL")
        if not base:
            raise NotConfigured("STATECARE_REPLAY_URL is not set")
        host = urlsplit(base).hostname or ""
        if host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("127."):
            # the replay is a loopback server; any other address would make a replay crawl a live one
            raise ValueError(f"STATECARE_REPLAY_URL must be a loopback address (got {base!r})")
        super().__init__(crawler)
        self.base = base

    async def download_request(self, request: Request) -> Response:
        response = await super().download_request(request.replace(url=replay_url(self.base, request.url)))
        return response.replace(url=request.url)
