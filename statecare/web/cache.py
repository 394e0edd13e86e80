"""A small thread-safe LRU cache with a time limit, for search results.

Searches repeat (the same few topics are looked up again and again) and the data changes only
when a crawl or `classify` runs, so each worker keeps recent results for a short time. The key
includes the newest event id, so a crawl that stored anything makes old entries unreachable at
once; the time limit covers changes that write no event.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


class TTLCache:
    def __init__(self, maxsize: int = 512, ttl: float = 60.0) -> None:
        self.maxsize, self.ttl = maxsize, ttl
        self._data: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Any | None:
        now = time.monotonic()
        with self._lock:
            item = self._data.get(key)
            if item is None or now - item[0] > self.ttl:
                if item is not None:
                    del self._data[key]
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return item[1]

    def set(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._data[key] = (time.monotonic(), value)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
