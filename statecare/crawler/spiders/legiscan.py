"""LegiScan: getSearch -> getBill -> getBillText, key from LEGISCAN_API_KEY.

https://api.legiscan.com/?key=K&op=getSearch&state=ALL&query=..&page=N lists hits; each new
bill_id is fetched with getBill; each of its texts with getBillText, whose base64 `doc` is decoded
and extracted here (the text comes from the API, not from a link, so the version-text pipeline
leaves these versions alone). Records carry the LegiScan attribution (CC BY 4.0).
LegiScan answers errors as HTTP 200 with {"status": "ERROR"}; those are recorded like HTTP errors.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from statecare.crawler.fetch import fetch
from statecare.crawler.items import BillItem
from statecare.crawler.records.legiscan import legiscan_to_record
from statecare.crawler.spiders.base import BillSpider
from statecare.crawler.spiders.openstates import MissingApiKey

API = "https://api.legiscan.com/"


class LegiScanSpider(BillSpider):
    name = "legiscan"

    def __init__(self, api_key: str | None = None, year: str = "2", **kw: Any) -> None:
        super().__init__(**kw)
        self.api_key = api_key or os.environ.get("LEGISCAN_API_KEY")
        if not self.api_key:
            raise MissingApiKey("LEGISCAN_API_KEY is not set (get a key at https://legiscan.com/legiscan)")
        self.year = year  # LegiScan: 1 all, 2 current (default), 3 recent, 4 prior, or a year

    def api_url(self, op: str, **params: Any) -> str:
        return API + "?" + urlencode({"key": self.api_key, "op": op, **params})

    def search_request(self, state: str, query: str, page: int) -> scrapy.Request:
        return scrapy.Request(self.api_url("getSearch", state=state, query=query, year=self.year, page=page),
                              callback=self.parse_search, errback=self.on_error,
                              cb_kwargs={"state": state, "query": query, "page": page})

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for state in [s.upper() for s in self.states] or ["ALL"]:
            for term in self.terms:
                yield self.search_request(state, term, 1)

    def ok_payload(self, response: Response, key: str) -> Any | None:
        data = self.json_of(response)
        if data is None:
            return None
        if not isinstance(data, dict) or data.get("status") != "OK" or not isinstance(data.get(key), dict):
            alert = (data.get("alert") or {}).get("message") if isinstance(data, dict) else None
            self.record_error(response.url, f"LegiScan error: {alert or f'no {key} object in answer'}")
            return None
        return data[key]

    def parse_search(self, response: Response, state: str, query: str, page: int) -> Iterator[Any]:
        result = self.ok_payload(response, "searchresult")
        if result is None:
            return
        summary = result.get("summary") or {}
        if page == 1:
            for p in range(2, int(summary.get("page_total") or 1) + 1):
                yield self.search_request(state, query, p)
        for k, hit in result.items():
            if k == "summary" or not isinstance(hit, dict) or "bill_id" not in hit:
                continue
            if self.first_time(hit["bill_id"]):
                yield scrapy.Request(self.api_url("getBill", id=hit["bill_id"]), callback=self.parse_bill,
                                     errback=self.on_error)

    async def parse_bill(self, response: Response) -> AsyncIterator[Any]:
        bill = self.ok_payload(response, "bill")
        if bill is None:
            return
        record = legiscan_to_record(bill)
        item = BillItem(record=record, url=response.url)
        for version in record["versions"]:
            await self.attach_text(version, item)
        yield item

    async def attach_text(self, version: dict[str, Any], item: BillItem) -> None:
        """getBillText for one version: decode the base64 document and extract its text."""
        from statecare.documents import DocumentError, extract

        url = self.api_url("getBillText", id=version.get("legiscan_doc_id"))
        text_page = next((lk["url"] for lk in version["links"] if "legiscan.com" in lk["url"]), None)
        response, reason = await fetch(self.crawler, url)
        obj = None
        if response is not None:
            obj = self.ok_payload(response, "text")
            if obj is None:
                reason = "no text object in getBillText answer"
        try:
            if obj is not None:
                data = base64.b64decode(obj.get("doc") or "", validate=True)
                ex = extract(data, media_type=obj.get("mime"), url=text_page)
                version.update(text=ex.text, struck_text=ex.struck_text or None,
                               inserted_text=ex.inserted_text or None, text_url=text_page,
                               text_media_type=ex.media_type, text_status=ex.status, text_error=None)
                return
        except (binascii.Error, ValueError) as exc:
            reason = f"getBillText doc is not valid base64: {exc}"
        except DocumentError as exc:
            reason = f"unreadable document: {exc}"
        item.errors.append((url, reason or "unknown"))
        version.update(text=None, struck_text=None, inserted_text=None, text_url=text_page,
                       text_media_type=None, text_status="error",
                       text_error=f"getBillText doc_id={version.get('legiscan_doc_id')}: {reason}")
