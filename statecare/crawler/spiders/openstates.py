"""Open States API v3 `/bills`: search each universal-coverage term, page through, store each bill.

GET https://api.openstates.org/bills?jurisdiction=..&session=..&q=..&include=..&page=..&per_page=20
with the key in the X-API-KEY header (OPENSTATES_API_KEY). Without --state one search per term
covers every jurisdiction; with --state each state is searched separately. Page 1 tells how many
pages there are; the rest are requested at once. Version texts are fetched by the pipeline.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from statecare.crawler.items import BillItem
from statecare.crawler.records.openstates_v3 import v3_to_record
from statecare.crawler.spiders.base import BillSpider
from statecare.legis.states import STATE_CODES, jurisdiction_id

API = "https://api.openstates.org"
INCLUDE = ("actions", "sponsorships", "versions", "abstracts", "sources", "related_bills", "documents",
           "other_titles", "other_identifiers")
PER_PAGE = 20  # the API's maximum


class MissingApiKey(RuntimeError):
    pass


class OpenStatesSpider(BillSpider):
    name = "openstates"

    def __init__(self, api_key: str | None = None, per_page: int | str = PER_PAGE, **kw: Any) -> None:
        super().__init__(**kw)
        self.api_key = api_key or os.environ.get("OPENSTATES_API_KEY")
        if not self.api_key:
            raise MissingApiKey("OPENSTATES_API_KEY is not set (get a key at https://open.pluralpolicy.com/accounts/profile/)")
        self.per_page = int(per_page)

    def search_params(self) -> Iterator[dict[str, str]]:
        """One parameter set per (state, term); no --state = every state, DC and Puerto Rico in turn.

        Each jurisdiction is searched on its own (rather than one nationwide search per term) so a
        crawl's progress and failures are per legislature, and a slice is just a shorter list.
        """
        for state in self.states or sorted(STATE_CODES):
            for term in self.terms:
                p = {"q": term}
                if state:
                    p["jurisdiction"] = jurisdiction_id(state)
                if self.session:
                    p["session"] = self.session
                yield p

    def page_request(self, params: dict[str, str], page: int) -> scrapy.Request:
        query = urlencode([*params.items(), *(("include", i) for i in INCLUDE),
                           ("page", str(page)), ("per_page", str(self.per_page))])
        return scrapy.Request(f"{API}/bills?{query}", headers={"X-API-KEY": self.api_key},
                              callback=self.parse_page, errback=self.on_error,
                              cb_kwargs={"params": params, "page": page})

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for params in self.search_params():
            yield self.page_request(params, 1)

    def parse_page(self, response: Response, params: dict[str, str], page: int) -> Iterator[Any]:
        data = self.json_of(response)
        if data is None:
            return
        results = data.get("results") if isinstance(data, dict) else None
        pagination = data.get("pagination") if isinstance(data, dict) else None
        if not isinstance(results, list) or not isinstance(pagination, dict):
            self.record_error(response.url, "not an Open States v3 page: no results/pagination")
            return
        if page == 1:
            for p in range(2, int(pagination.get("max_page") or 1) + 1):
                yield self.page_request(params, p)
        for item in results:
            if not isinstance(item, dict):
                self.record_error(response.url, f"result is not an object: {item!r:.80}")
                continue
            key = item.get("id") or ((item.get("jurisdiction") or {}).get("id"), item.get("session"),
                                     item.get("identifier"))
            if self.first_time(key):
                yield self.make_item(v3_to_record(item), response.url)

    def make_item(self, record: dict[str, Any], url: str) -> BillItem:
        # the API does not say when Open States scraped the bill; when statecare fetched it is the
        # honest `scraped_at` of the stored copy (the export's Open States files carry it)
        record.setdefault("scraped_at", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00"))
        return BillItem(record=record, url=url)
