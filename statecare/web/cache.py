"""The site's result caches: the key includes the newest event id, so a crawl that stored anything
makes old entries unreachable at once; the time limit covers changes that write no event.
The class is db.ttl_cache's (the search count cache uses the same one)."""

from __future__ import annotations

from statecare.db.ttl_cache import TTLCache

__all__ = ["TTLCache"]
