"""A small thread-safe LRU cache with a time limit.

The site keeps recent search results, rendered filter forms and search counts for a short time:
searches repeat, and the data changes only when a crawl or `classify` runs. It lives in db so that
the search package's count cache (db.search.counts) and the site's caches (web) share one class.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class TTLCache(Generic[V]):
    """A thread-safe LRU with a time limit: entries older than `ttl` seconds are misses."""


    def __init__(self, maxsize: int = 512, ttl: float = 60.0) -> None:
        self.maxsize, self.ttl = maxsize, ttl
        self._data: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> V | None:
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

    def set(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._data[key] = (time.monotonic(), value)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)
