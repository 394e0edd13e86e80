"""AutoThrottle that never paces a host faster than its DOWNLOAD_SLOTS delay.

Scrapy's AutoThrottle moves every slot's delay towards the server's latency, down to
DOWNLOAD_DELAY. The Open States API's slot must stay at its published rate (6 s a request on the
free tier) whatever the latency: its own requests carry `autothrottle_dont_adjust_delay`, but any
other request to the host (robots.txt) would still lower the delay. Here the configured delay of a
slot is a floor AutoThrottle cannot go below; hosts without one are throttled as before.
"""

from __future__ import annotations

from typing import Any

from scrapy.extensions.throttle import AutoThrottle


def floored(delay: float, key: str | None, slots: dict[str, Any]) -> float:
    """`delay`, raised to the slot's configured delay when DOWNLOAD_SLOTS names one for `key`."""
    conf = slots.get(key or "") if key else None
    if isinstance(conf, dict) and conf.get("delay") is not None:
        return max(delay, float(conf["delay"]))
    return delay


class FlooredAutoThrottle(AutoThrottle):
    """AutoThrottle with each DOWNLOAD_SLOTS delay as a floor."""

    def _response_downloaded(self, response: Any, request: Any, spider: Any) -> None:
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        if slot is not None:
            slot.delay = floored(slot.delay, key, self.crawler.settings.getdict("DOWNLOAD_SLOTS"))
