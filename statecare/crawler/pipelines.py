"""Item pipelines, in flow order: validate + normalize -> sponsors -> unchanged? -> fetch version text -> store.

Each bill is stored by exactly one `BillStore.upsert_bill` call, which is one transaction: a bill
is in the database whole or not at all, so killing the crawl at any moment leaves no partial bill.
A record that cannot be stored (no identifier, no session, no state) is recorded against the URL it
came from and dropped; the crawl goes on.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError

from statecare.crawler.items import BillItem
from statecare.crawler.ledger import ledger_for
from statecare.crawler.normalize import normalize_record
from statecare.crawler.replay.recorded_documents import url_key
from statecare.crawler.unchanged import record_fingerprint, texts_clean
from statecare.crawler.version_text import attach_text, ranked_links
from statecare.legis.record import RecordError, validate

log = logging.getLogger(__name__)


class _Pipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> _Pipeline:
        return cls(crawler)


class ValidatePipeline(_Pipeline):
    """Reject records the store could not key, before any text is fetched for them."""

    async def process_item(self, item: BillItem) -> BillItem:
        try:
            validate(item.record, where="bill record")
            item.record = normalize_record(item.record)
        except RecordError as exc:
            ledger_for(self.crawler).record_error(item.url, str(exc))
            raise DropItem(str(exc)) from exc
        return item


class SponsorPipeline(_Pipeline):
    """Match each person sponsor to Open States' directory (shared/people): id, party, district.

    Without the directory (a checkout with no shared data) sponsors stay as the source wrote them.
    The match counts are kept in the crawl's stats (`statecare/sponsors/matched`, `.../persons`).
    """

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        from statecare.crawler.people import people_directory

        self.people = people_directory()

    async def process_item(self, item: BillItem) -> BillItem:
        if self.people is None:
            return item
        from statecare.crawler.people import annotate_sponsors

        matched, persons = annotate_sponsors(item.record, self.people)
        stats = getattr(self.crawler, "stats", None)
        if stats is not None and persons:
            stats.inc_value("statecare/sponsors/matched", matched)
            stats.inc_value("statecare/sponsors/persons", persons)
        return item


class UnchangedPipeline(_Pipeline):
    """Fingerprint the record before any text is fetched; mark it unchanged when the store holds it.

    An unchanged bill (crawler.unchanged says when that is safe to tell) is counted by the store
    pipeline and costs nothing more: no document fetch, no text extraction, no hand-over to the writer.
    """

    async def process_item(self, item: BillItem) -> BillItem:
        if item.fingerprint is None:  # the spider took none of the raw item (crawler.unchanged)
            item.fingerprint = record_fingerprint(item.record)
        if item.fingerprint is not None and ledger_for(self.crawler).stored_before(item.fingerprint):
            item.unchanged = True
        return item


class VersionTextPipeline(_Pipeline):
    """Fetch every version's document (HTML, else PDF) and attach the extracted text.

    Against the replay, a version none of whose links was recorded is marked "not_recorded" without
    a request: the recording's gap is not the source's error, and asking 40,000 times for documents
    known to be absent would be most of a national replay's time.
    """

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._recorded: set[tuple[str, str, str]] | None = None
        self._asked = False

    def recorded(self) -> set[tuple[str, str, str]] | None:
        """The replay's recorded document URLs (url_key triples); None when not replaying."""
        if not self._asked:
            self._asked = True
            self._recorded = recorded_documents(self.crawler.settings.get("STATECARE_REPLAY_URL"))
        return self._recorded

    async def process_item(self, item: BillItem) -> BillItem:
        if item.unchanged:
            return item
        recorded = self.recorded()
        for i, version in enumerate(item.record.get("versions") or []):
            if not isinstance(version, dict) or "text_status" in version:
                continue  # the spider already attached text (LegiScan getBillText)
            links = item.text_links.get(i) or ranked_links(version.get("links") or [])
            if links and recorded is not None:
                served = [lk for lk in links if url_key(str(lk["url"])) in recorded]
                # a link that is no web address at all is a bad link, recorded or not: attach_text
                # records it as the version's error (a replay never hides a source's broken link)
                if not served and any(_is_web_url(str(lk["url"])) for lk in links):
                    version.update(text=None, struck_text=None, inserted_text=None, text_url=str(links[0]["url"]),
                                   text_media_type=None, text_status="not_recorded", text_error=None)
                    continue
                links = served or links
            if links:
                try:
                    item.errors.extend(await attach_text(self.crawler, version, links))
                except Exception as exc:  # noqa: BLE001 - a bad link costs its text, never the bill
                    url = str(links[0].get("url") or item.url)
                    version.update(text=None, text_status="error", text_error=f"{type(exc).__name__}: {exc}"[:500])
                    item.errors.append((url, f"version text not fetched: {type(exc).__name__}: {exc}"[:500]))
        return item


def _is_web_url(url: str) -> bool:
    return urlsplit(url.strip()).scheme.lower() in ("http", "https") and bool(urlsplit(url.strip()).netloc)


def recorded_documents(replay_url: str | None) -> set[tuple[str, str, str]] | None:
    """Ask the loopback replay once which document URLs it holds (None: not replaying, or it cannot say)."""
    if not replay_url:
        return None
    import json
    import urllib.request

    try:
        with urllib.request.urlopen(f"{replay_url.rstrip('/')}/_replay/recorded", timeout=30) as r:  # noqa: S310
            keys = json.loads(r.read())["documents"]
    except (OSError, ValueError, KeyError) as exc:
        log.warning("the replay did not list its recorded documents (%s): every version link is fetched", exc)
        return None
    return {(str(a), str(b), str(c)) for a, b, c in keys}


class StorePipeline(_Pipeline):
    """Upsert the bill (one transaction) and record what went wrong on the way."""

    async def process_item(self, item: BillItem) -> BillItem:
        ledger = ledger_for(self.crawler)
        if item.unchanged:
            ledger.count_unchanged()
            return item
        for url, reason in item.errors:
            ledger.record_error(url, reason)
        fingerprint = item.fingerprint if texts_clean(item.record, item.errors) else None
        try:
            await ledger.upsert(item.record, fingerprint)
        except RecordError as exc:
            ledger.record_error(item.url, str(exc))
            raise DropItem(str(exc)) from exc
        except SQLAlchemyError as exc:
            # the transaction rolled back: nothing of this bill was written
            ledger.record_error(item.url, f"database error storing {item.record.get('identifier')!r}: "
                                          f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
            raise DropItem(str(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - e.g. the writer process died: recorded, never silent
            ledger.record_error(item.url, f"could not store {item.record.get('identifier')!r}: "
                                          f"{type(exc).__name__}: {str(exc)[:300]}")
            raise DropItem(str(exc)) from exc
        return item

    def close_spider(self) -> None:
        ledger = ledger_for(self.crawler)
        ledger.progress()
        ledger.close()
