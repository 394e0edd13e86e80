"""NY Open Legislation records via the jehiah/ny_legislation mirror, following bill lineages.

The mirror keeps one JSON file per bill (bills/<year>/<PrintNo>.json) refreshed nightly from the
NY Senate Open Legislation API, and needs no key. Starting from seed bills (the latest NY Health
Act versions, from search_terms.toml, or --bill YEAR/PRINTNO), the spider follows each record's
`SameAsPrintNo` (other chamber) and `PreviousVersions` (earlier sessions), so a bill reintroduced
every session arrives with its whole lineage and the links between the versions.
"""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from statecare.crawler.items import BillItem
from statecare.crawler.records.ny_openleg import openleg_to_record, split_print_no
from statecare.crawler.spiders.base import BillSpider
from statecare.crawler.terms import TERMS_FILE

MIRROR = "https://raw.githubusercontent.com/jehiah/ny_legislation/main/bills"


def default_seeds() -> list[str]:
    data = tomllib.loads(TERMS_FILE.read_text(encoding="utf-8"))
    return list(data.get("ny_openleg", {}).get("seeds", []))


class NYOpenLegSpider(BillSpider):
    name = "ny_openleg"

    def __init__(self, bill: str | None = None, depth: int | str = 6, **kw: Any) -> None:
        super().__init__(**kw)
        seeds = bill.split(",") if bill else default_seeds()
        self.seeds = []
        for s in seeds:
            year, _, pn = s.strip().partition("/")
            if not (year.isdigit() and pn):
                raise ValueError(f"bad NY bill reference {s!r}: expected YEAR/PRINTNO such as 2025/S3425")
            self.seeds.append((int(year), pn.upper()))
        self.depth = int(depth)

    def bill_request(self, year: int, print_no: str, depth: int) -> scrapy.Request:
        return scrapy.Request(f"{MIRROR}/{year}/{print_no}.json", callback=self.parse_bill,
                              errback=self.on_error, cb_kwargs={"depth": depth})

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for year, pn in self.seeds:
            if self.first_time((year, pn)):
                yield self.bill_request(year, pn, 0)

    def parse_bill(self, response: Response, depth: int) -> Iterator[Any]:
        rec = self.json_of(response)
        if rec is None:
            return
        if not isinstance(rec, dict):
            self.record_error(response.url, "not a bill object")
            return
        yield BillItem(record=openleg_to_record(rec, response.url), url=response.url)
        if depth >= self.depth:
            return
        for ref in [rec.get("SameAsPrintNo") or "", *(rec.get("PreviousVersions") or [])]:
            p = split_print_no(ref)
            if p and self.first_time((p[1], p[0])):
                yield self.bill_request(p[1], p[0], depth + 1)
