"""Open States API v3 `/bills`: search each universal-coverage term, page through, store each bill.

GET https://api.openstates.org/bills?jurisdiction=..&q=..&include=..&page=..&per_page=20 with the
key in the X-API-KEY header (OPENSTATES_API_KEY). Every state, DC and Puerto Rico is searched on its
own (a slice is just a shorter list). Version texts are fetched by the pipeline.

Two ways to walk the pages:

- all at once (neither `live` nor `cursor`; the wa spider): page 1 tells how many pages there are
  and the rest are requested at once; every recorded session is served.
- a chain per jurisdiction (`live` on, the default without --replay; `cursor` on, the openstates
  replay crawl): one page after the other (the free tier's 10 requests a minute make parallel pages
  pointless), and, after a finished pass, only bills updated since it began (`updated_since`). Its
  cursor (statecare.crawler.cursor) moves past a page only once that page's bills are stored, so a
  killed crawl resumes there; bills whose text failed are asked for again by identifier. Live only:
  the current sessions (`action_since` one year before the pass began, unless --session), then
  `/events` for the jurisdiction's hearings (statecare.crawler.events), and over quota (HTTP 429
  per day, 403) the crawl stops, says when to resume, and loses nothing.

An item whose raw fingerprint (crawler.unchanged.raw_fingerprint) is stored is counted unchanged in
`items_of`, before any conversion.
"""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider
from scrapy.http import Response

from statecare.crawler.cursor import CursorStore, Position, plan_of
from statecare.crawler.events import ApiHearing, hearings_of_event, store_api_hearings
from statecare.crawler.items import BillItem
from statecare.crawler.ledger import ledger_for
from statecare.crawler.people import people_directory
from statecare.crawler.quota import KEY_ENV, classify
from statecare.crawler.records.openstates_v3 import v3_to_record
from statecare.crawler.settings import RATE_ENV
from statecare.crawler.spiders.base import BillSpider
from statecare.crawler.unchanged import conversion_key, people_digest, raw_fingerprint
from statecare.legis.states import STATE_CODES, jurisdiction_id, state_from_jurisdiction

API = "https://api.openstates.org"
INCLUDE = ("actions", "sponsorships", "versions", "abstracts", "sources", "related_bills", "documents",
           "other_titles", "other_identifiers")
EVENT_INCLUDE = ("agenda", "participants")
PER_PAGE = 20  # the API's maximum
CURRENT_DAYS = 365  # "current session": bills with an action in the year before the pass began
QUOTA_STOP = "quota_exceeded"


class MissingApiKey(RuntimeError):
    pass


@dataclass
class Step:
    """One page of a jurisdiction's chain: how many of its bills are still on their way to the
    store, and where the cursor goes once none are (and, for /events pages, the hearings to store)."""

    key: tuple[str, int, int]  # (phase, term index, page)
    outstanding: int
    then: tuple[str, int, int]
    hearings: list[ApiHearing] = field(default_factory=list)
    parsed: bool = False
    # a bills page that could not be had (HTTP error after the retries, unusable JSON): the cursor
    # stops before it, so the next crawl asks for it again instead of missing its bills for good
    failed: bool = False


@dataclass
class Chain:
    pos: Position
    steps: list[Step] = field(default_factory=list)


class OpenStatesSpider(BillSpider):
    name = "openstates"

    def __init__(self, api_key: str | None = None, per_page: int | str = PER_PAGE, live: str | bool = False,
                 cursor: str | bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.api_key = api_key or os.environ.get(KEY_ENV)
        if not self.api_key:
            raise MissingApiKey(f"{KEY_ENV} is not set (get a key at https://open.pluralpolicy.com/accounts/profile/)")
        self.per_page = int(per_page)
        self.live = live in (True, "1", "true", "yes")
        # walk with cursors and updated_since (always when live; the replay crawl does it too)
        self.cursor_mode = self.live or cursor in (True, "1", "true", "yes")
        self.api = (os.environ.get("OPENSTATES_API_URL") or API).rstrip("/")
        self.chains: dict[str, Chain] = {}
        self.item_step: dict[int, tuple[str, tuple[str, int, int]]] = {}
        self.stop_message = ""
        self.hearings_stored = 0

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> OpenStatesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        for sig in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider._item_done, signal=sig)
        return spider

    def jurisdictions(self) -> list[str]:
        return self.states or sorted(STATE_CODES)

    # --- replay: every page of every search at once -------------------------------------------

    def search_params(self) -> Iterator[dict[str, str]]:
        """One parameter set per (state, term); no --state = every state, DC and Puerto Rico in turn."""
        for state in self.jurisdictions():
            for term in self.terms:
                p = {"q": term, "jurisdiction": jurisdiction_id(state)}
                if self.session:
                    p["session"] = self.session
                yield p

    def page_request(self, params: dict[str, str], page: int) -> scrapy.Request:
        query = urlencode([*params.items(), *(("include", i) for i in INCLUDE),
                           ("page", str(page)), ("per_page", str(self.per_page))])
        return scrapy.Request(f"{self.api}/bills?{query}", headers={"X-API-KEY": self.api_key},
                              callback=self.parse_page, errback=self.on_error,
                              cb_kwargs={"params": params, "page": page})

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.cursor_mode:
            cursors = self.cursors()
            mode = "live" if self.live else "replay"
            for code in self.jurisdictions():
                # the conversion code and the state's people directory are part of the plan: after
                # a change to either, the pass asks for every bill again (not only updated ones)
                plan = plan_of(self.terms, self.session, f"{mode}:{conversion_key(self.people_dir, code)}")
                chain = Chain(cursors.start(code, plan))
                self.chains[code] = chain
                if chain.pos.updated_since:
                    for retry in self.retry_requests(code):
                        yield retry
                yield self.step_request(code, (chain.pos.phase, chain.pos.term_index, chain.pos.page))
            return
        for params in self.search_params():
            yield self.page_request(params, 1)

    def parse_page(self, response: Response, params: dict[str, str], page: int) -> Iterator[Any]:
        data = self.v3_page(response)
        if data is None:
            return
        results, max_page = data
        if page == 1:
            for p in range(2, max_page + 1):
                yield self.page_request(params, p)
        yield from self.items_of(results, response.url)

    # --- shared --------------------------------------------------------------------------------

    def v3_page(self, response: Response) -> tuple[list[Any], int] | None:
        data = self.json_of(response)
        if data is None:
            return None
        results = data.get("results") if isinstance(data, dict) else None
        pagination = data.get("pagination") if isinstance(data, dict) else None
        if not isinstance(results, list) or not isinstance(pagination, dict):
            self.record_error(response.url, "not an Open States v3 page: no results/pagination")
            return None
        try:
            max_page = max(1, int(pagination.get("max_page") or 1))
        except (TypeError, ValueError):
            max_page = 1
        return results, max_page

    def items_of(self, results: list[Any], url: str) -> list[BillItem]:
        out = []
        for item in results:
            if not isinstance(item, dict):
                self.record_error(url, f"result is not an object: {item!r:.80}")
                continue
            key = item.get("id") or ((item.get("jurisdiction") or {}).get("id"), item.get("session"),
                                     item.get("identifier"))
            if not self.first_time(key):
                continue
            fingerprint = self.fingerprint_of(item)
            if fingerprint is not None and ledger_for(self.crawler).stored_before(fingerprint):
                # stored from this very item, by this very code and people directory: nothing to do
                ledger_for(self.crawler).count_unchanged()
                continue
            bill = self.make_item(v3_to_record(item), url)
            bill.fingerprint = fingerprint
            out.append(bill)
        return out

    @functools.cached_property
    def people_dir(self) -> str | None:
        """shared/people, which SponsorPipeline matches sponsors against (None: no directory)."""
        folder = people_directory()
        return str(folder) if folder is not None else None

    def fingerprint_of(self, item: dict[str, Any]) -> str | None:
        """The raw item's fingerprint (crawler.unchanged.raw_fingerprint) with its state's directory."""
        jur = item.get("jurisdiction")
        state = state_from_jurisdiction(str(jur.get("id") or "")) if isinstance(jur, dict) else None
        people = people_digest(self.people_dir, state or "")
        # not the spider's name: the wa spider builds the same record from the same item (it only
        # fetches texts from other links), so a bill either stored is the other's unchanged bill
        return raw_fingerprint(item, people=people)

    def make_item(self, record: dict[str, Any], url: str) -> BillItem:
        # the API does not say when Open States scraped the bill; when statecare fetched it is the
        # honest `scraped_at` of the stored copy (the export's Open States files carry it)
        record.setdefault("scraped_at", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00"))
        return BillItem(record=record, url=url)

    # --- live: one chain per jurisdiction, with a cursor ---------------------------------------

    def cursors(self) -> CursorStore:
        return CursorStore(ledger_for(self.crawler).engine, "openstates")

    def step_request(self, code: str, key: tuple[str, int, int]) -> scrapy.Request:
        phase, term_index, page = key
        pos = self.chains[code].pos
        params: list[tuple[str, str]] = [("jurisdiction", jurisdiction_id(code))]
        if phase == "events":
            path = "events"
            params += [("require_bills", "true"), *(("include", i) for i in EVENT_INCLUDE)]
            since = self.since(pos)
            if since:
                params.append(("after", since))
        else:
            path = "bills"
            params.append(("q", self.terms[term_index]))
            if self.session:
                params.append(("session", self.session))
            elif self.live:  # the replay serves every recorded session
                params.append(("action_since", self.since(pos)))
            if pos.updated_since:
                params.append(("updated_since", pos.updated_since))
            params += [("include", i) for i in INCLUDE]
        params += [("page", str(page)), ("per_page", str(self.per_page))]
        meta = {"handle_httpstatus_list": [403, 429], "autothrottle_dont_adjust_delay": True, "statecare_api": True}
        return scrapy.Request(f"{self.api}/{path}?{urlencode(params)}", headers={"X-API-KEY": self.api_key},
                              callback=self.parse_step, errback=self.on_step_error, meta=meta,
                              cb_kwargs={"code": code, "key": key}, dont_filter=True)

    def retry_requests(self, code: str) -> list[scrapy.Request]:
        """One `/bills?identifier=` request per stored bill of `code` whose text failed last time.

        A pass with `updated_since` is only sent bills that changed; a bill stored with a version
        text in error did not change at the source, yet its text must be tried again (its record
        was stored without a fingerprint, so it then takes the whole path). Read from the database
        on every run, so a killed crawl asks for them again too.
        """
        from sqlalchemy import exists, select
        from sqlalchemy.orm import Session

        from statecare.db.models import Bill, Version

        failed = exists().where(Version.bill_id == Bill.id, Version.text_status == "error")
        source = self.settings.get("STATECARE_SOURCE") or self.name
        query = (select(Bill.legislative_session, Bill.source_identifier, Bill.identifier)
                 .where(Bill.state == code, Bill.source == source, failed)
                 .order_by(Bill.legislative_session, Bill.identifier))
        if self.session:
            query = query.where(Bill.legislative_session == self.session)
        with Session(ledger_for(self.crawler).engine) as s:
            rows = s.execute(query).all()
        out = []
        for session, source_ident, ident in rows:
            params = [("jurisdiction", jurisdiction_id(code)), ("session", session),
                      ("identifier", source_ident or ident), *(("include", i) for i in INCLUDE),
                      ("page", "1"), ("per_page", str(self.per_page))]
            meta = {"autothrottle_dont_adjust_delay": True, "statecare_api": True}
            out.append(scrapy.Request(f"{self.api}/bills?{urlencode(params)}", headers={"X-API-KEY": self.api_key},
                                      callback=self.parse_retry, errback=self.on_error, meta=meta,
                                      dont_filter=True))
        if out:
            self.logger.info("%s: %d bills whose text failed last time are asked for again", code, len(out))
        return out

    def parse_retry(self, response: Response) -> Iterator[Any]:
        data = self.v3_page(response)
        if data is not None:
            yield from self.items_of(data[0], response.url)

    @staticmethod
    def since(pos: Position) -> str:
        """The earliest action date of a current-session bill: a year before the pass began."""
        try:
            began = date.fromisoformat(pos.pass_started[:10])
        except ValueError:
            began = datetime.now(UTC).date()
        return (began - timedelta(days=CURRENT_DAYS)).isoformat()

    def next_key(self, key: tuple[str, int, int], max_page: int) -> tuple[str, int, int]:
        phase, term_index, page = key
        if page < max_page:
            return (phase, term_index, page + 1)
        if phase == "bills" and term_index + 1 < len(self.terms):
            return ("bills", term_index + 1, 1)
        if phase == "bills" and self.live:  # no events were recorded: the replay's pass ends here
            return ("events", 0, 1)
        return ("done", 0, 0)

    def parse_step(self, response: Response, code: str, key: tuple[str, int, int]) -> Iterator[Any]:
        if response.status in (403, 429):
            self.quota_stop(response)
        chain = self.chains[code]
        data = self.v3_page(response)
        results, max_page = data if data is not None else ([], 1)  # unusable page: recorded, skipped
        then = self.next_key(key, max_page)
        step = Step(key, 0, then, failed=data is None and key[0] == "bills")
        chain.steps.append(step)
        items: list[BillItem] = []
        if key[0] == "events":
            for event in results:
                step.hearings.extend(hearings_of_event(event))
        else:
            items = self.items_of(results, response.url)
            step.outstanding = len(items)
            for it in items:
                self.item_step[id(it)] = (code, key)
        step.parsed = True
        yield from items
        if then[0] != "done":
            yield self.step_request(code, then)
        self.advance(code)

    def on_step_error(self, failure: Any) -> Iterator[Any]:
        """A page that failed for good (network, HTTP 5xx after retries): recorded and skipped, so one
        bad page does not stall the jurisdiction this run; the cursor stops before a failed bills
        page, so the next crawl asks for it again (an `updated_since` pass would not resend its bills)."""
        self.on_error(failure)
        code, key = failure.request.cb_kwargs["code"], failure.request.cb_kwargs["key"]
        if key[0] == "events" and "HTTP 404" in str(self.last_reason(failure)):
            then: tuple[str, int, int] = ("done", 0, 0)  # no events recorded/offered for it
        else:
            then = self.next_key(key, key[2])
        self.chains[code].steps.append(Step(key, 0, then, parsed=True, failed=key[0] == "bills"))
        if then[0] != "done":
            yield self.step_request(code, then)
        self.advance(code)

    @staticmethod
    def last_reason(failure: Any) -> str:
        from statecare.crawler.fetch import failure_reason

        return failure_reason(failure)

    def _item_done(self, item: Any, **_: Any) -> None:
        where = self.item_step.pop(id(item), None)
        if where is None:
            return
        code, key = where
        for step in self.chains[code].steps:
            if step.key == key:
                step.outstanding -= 1
                break
        self.advance(code)

    def advance(self, code: str) -> None:
        """Move the cursor past every leading page whose bills are all stored (storing an /events
        page's hearings when it comes up: every bill of the jurisdiction is in by then)."""
        chain = self.chains[code]
        moved = False
        while chain.steps and chain.steps[0].parsed and chain.steps[0].outstanding <= 0 and not chain.steps[0].failed:
            step = chain.steps.pop(0)
            if step.hearings:
                got = store_api_hearings(ledger_for(self.crawler).engine, code, step.hearings)
                self.hearings_stored += got.stored
                self.logger.info("%s events page %d: %d hearings stored, %d already known from action text, "
                                 "%d for bills not tracked", code, step.key[2], got.stored, got.duplicates,
                                 got.unmatched)
            phase, term_index, page = step.then
            chain.pos.phase, chain.pos.term_index, chain.pos.page = phase, term_index, max(page, 1)
            moved = True
        if moved:
            self.cursors().save(chain.pos)

    def quota_stop(self, response: Response) -> None:
        answer = classify(response.status, response.body, response.headers.get("Retry-After"))
        if answer is not None and answer.action == "stop":
            self.stop_message = answer.message
        else:  # the per-minute limit, still answered after the retries
            self.stop_message = (f"Open States kept answering HTTP {response.status} (rate limit) after the "
                                 "retries. Progress is saved per jurisdiction; run the same command again in a "
                                 f"few minutes, or lower {RATE_ENV}.")
        self.record_error(response.url, self.stop_message)
        self.logger.error("%s", self.stop_message)
        raise CloseSpider(QUOTA_STOP)
