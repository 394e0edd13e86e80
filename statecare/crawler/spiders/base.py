"""What every statecare spider shares: parsing JSON answers safely and recording failures."""

from __future__ import annotations

import json
from typing import Any

import orjson
import scrapy
from scrapy.http import Response

from statecare.crawler.fetch import failure_reason
from statecare.crawler.ledger import ledger_for
from statecare.crawler.terms import load_terms
from statecare.legis.states import check_state


class BillSpider(scrapy.Spider):
    """Base spider: `state` (comma list), `session`, `terms` (|-separated) arguments."""

    def __init__(self, state: str | None = None, session: str | None = None, terms: str | None = None,
                 **kw: Any) -> None:
        super().__init__(**kw)
        self.states = [check_state(s) for s in state.split(",")] if state else []
        self.session = session or None
        self.terms = [t for t in terms.split("|") if t.strip()] if terms else [t.q for t in load_terms()]
        self.seen: set[Any] = set()

    def record_error(self, url: str, reason: str) -> None:
        self.logger.warning("%s: %s", url, reason)
        ledger_for(self.crawler).record_error(url, reason)

    def on_error(self, failure: Any) -> None:
        """errback: an HTTP error or network failure on a listing/API request."""
        self.record_error(failure.request.url, failure_reason(failure))

    def json_of(self, response: Response) -> Any | None:
        """The decoded JSON body, or None after recording why it is unusable."""
        try:
            return orjson.loads(response.body)
        except orjson.JSONDecodeError:
            pass  # what orjson refuses (NaN, a lone surrogate escape, huge integers) json may still read
        try:
            return json.loads(response.body)
        except (ValueError, UnicodeDecodeError) as exc:
            self.record_error(response.url, f"malformed JSON ({len(response.body)} bytes): {exc}")
            return None

    def first_time(self, key: Any) -> bool:
        """True once per key: a bill found by several searches is processed once."""
        if key in self.seen:
            return False
        self.seen.add(key)
        return True
