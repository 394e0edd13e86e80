"""Run one crawl in this process: schema check, crawl_runs row, replay server, scrapy, summary.

scrapy runs on a Twisted reactor that can be started once per process, so a caller that needs
several crawls (tests, benchmarks) runs each `statecare crawl` in its own subprocess.
"""

from __future__ import annotations

import ctypes
import os
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import inspect

from statecare.db.engine import make_engine
from statecare.db.search import optimize_index
from statecare.db.store import BillStore

SOURCES = ("openstates", "legiscan", "wa", "ny_openleg")
KEYS = {"openstates": "OPENSTATES_API_KEY", "wa": "OPENSTATES_API_KEY", "legiscan": "LEGISCAN_API_KEY"}
KEY_URLS = {"OPENSTATES_API_KEY": "https://open.pluralpolicy.com/accounts/profile/",
            "LEGISCAN_API_KEY": "https://legiscan.com/legiscan"}


class CrawlSetupError(RuntimeError):
    """The crawl cannot start (unknown source, missing API key); the message says what to do."""


@dataclass
class CrawlSummary:
    run_id: int
    source: str
    status: str
    seen: int
    new: int
    updated: int
    unchanged: int
    events: int
    errors: int
    seconds: float
    message: str = ""  # why a crawl stopped early (over quota: when to resume)

    @property
    def changes(self) -> int:
        return self.new + self.updated

    def line(self) -> str:
        return (f"{self.source} crawl run {self.run_id} {self.status} in {self.seconds:.1f}s: "
                f"{self.seen} bills (new {self.new}, updated {self.updated}, unchanged {self.unchanged}), "
                f"{self.events} events, {self.errors} errors" + (f"\n{self.message}" if self.message else ""))

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "changes": self.changes}


def spider_class(source: str) -> type:
    if source == "openstates":
        from statecare.crawler.spiders.openstates import OpenStatesSpider
        return OpenStatesSpider
    if source == "legiscan":
        from statecare.crawler.spiders.legiscan import LegiScanSpider
        return LegiScanSpider
    if source == "wa":
        from statecare.crawler.spiders.wa import WashingtonSpider
        return WashingtonSpider
    if source == "ny_openleg":
        from statecare.crawler.spiders.ny_openleg import NYOpenLegSpider
        return NYOpenLegSpider
    raise CrawlSetupError(f"unknown source {source!r}; choose one of {', '.join(SOURCES)}")


def national_slice(source: str, args: dict[str, Any]) -> dict[str, Any]:
    """ReplayServer arguments that add shared/national to an Open States replay (the slice asked for).

    Only the openstates source serves it; the recording is optional (absent: the fixtures alone).
    """
    from statecare.config import default_instance_dir, shared_dir

    root = shared_dir(required=False)
    if source != "openstates" or root is None or not (root / "national").is_dir():
        return {}
    states = [s.strip().lower() for s in str(args.get("state") or "").split(",") if s.strip()]
    # the loaded recording is kept in the instance folder between crawls (replay/cache.py)
    return {"national": root / "national", "national_states": states or None,
            "national_session": args.get("session") or None,
            "national_cache": default_instance_dir() / "cache"}


def fewer_malloc_arenas(limit: int = 2) -> None:
    """glibc: at most `limit` malloc arenas in this process (mallopt M_ARENA_MAX); elsewhere nothing.

    The replay server answers each request on a thread of its own, and glibc gives threads arenas
    of their own (up to 8 per core), each keeping what was freed in it: measured on the national
    replay, the crawl process peaked ~20 MB lower with 2 arenas (337 vs 357 MB). Threads then
    share arenas; what is allocated is the same, so nothing a crawl stores changes.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(-8, limit)  # -8 = M_ARENA_MAX
    except (OSError, AttributeError):  # not glibc: its own allocator, nothing to set
        return


def ensure_schema(database_url: str) -> None:
    """Create the schema through the migrations when the database is empty."""
    engine = make_engine(database_url)
    try:
        if inspect(engine).has_table("bills"):
            return
    finally:
        engine.dispose()
    from statecare.db.migrate import upgrade

    upgrade(database_url)


def run_crawl(source: str, *, database_url: str, replay: bool = False, replay_url: str | None = None,
              spider_args: dict[str, Any] | None = None, settings: dict[str, Any] | None = None,
              national: bool = True, live_path: bool = False) -> CrawlSummary:
    """Crawl `source` into `database_url`; returns the run's counts once the crawl has ended.

    A live openstates crawl walks each jurisdiction with a saved cursor and reads /events
    (spiders/openstates.py); `live_path` does the same against a `replay_url` (tests)."""
    from scrapy.crawler import CrawlerProcess

    from statecare.crawler.settings import build_settings

    fewer_malloc_arenas()  # before the replay server's and scrapy's threads start
    cls = spider_class(source)
    args = {k: v for k, v in (spider_args or {}).items() if v not in (None, "", ())}
    replay = replay or bool(replay_url)
    key_env = KEYS.get(source)
    if replay:
        args.setdefault("api_key", "replay-no-key-needed")
        if source == "openstates" and not args.get("terms"):
            # The replay does not evaluate q (it answers every recorded bill of the jurisdiction),
            # so a second term would only fetch the same pages again.
            from statecare.crawler.terms import load_terms

            args["terms"] = load_terms()[0].q
    elif key_env and not os.environ.get(key_env):
        raise CrawlSetupError(f"{key_env} is not set: a live {source} crawl needs an API key in the "
                              f"environment variable {key_env} (nothing was requested; get a key at "
                              f"{KEY_URLS.get(key_env, 'the source')}, or run against the recordings with --replay)")
    if source == "openstates" and (live_path or not replay):
        args["live"] = "1"
    elif source == "openstates":
        # the replay crawl keeps cursors too and asks only for what was updated since its last
        # finished pass, as the live crawl does (the replay evaluates updated_since)
        args["cursor"] = "1"
    if not replay:
        from statecare.crawler.settings import api_slot

        try:
            api_slot()
        except ValueError as exc:
            raise CrawlSetupError(str(exc)) from exc
    ensure_schema(database_url)
    engine = make_engine(database_url)
    store = BillStore(engine)
    run_id = store.start_run(source, {**{k: v for k, v in args.items() if k != "api_key"}, "replay": replay})
    server = None
    message = ""
    started = time.monotonic()
    status = "failed"
    try:
        if replay and not replay_url:
            from statecare.config import fixtures_dir
            from statecare.crawler.replay import ReplayServer

            server = ReplayServer(fixtures_dir(), **(national_slice(source, args) if national else {})).start()
            replay_url = server.url
            for path, reason in server.load_errors:  # named and counted, the rest is crawled
                store.record_error(run_id, path.resolve().as_uri(), reason)
        process = CrawlerProcess(build_settings(source=source, database_url=database_url, run_id=run_id,
                                                replay_url=replay_url if replay else None, overrides=settings))
        crawler = process.create_crawler(cls)
        process.crawl(crawler, **args)
        process.start()
        finish_reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
        status = {"finished": "finished", "shutdown": "interrupted",
                  "quota_exceeded": "interrupted"}.get(str(finish_reason), "failed")
        message = str(getattr(crawler.spider, "stop_message", "") or "")
    except KeyboardInterrupt:
        status = "interrupted"
    finally:
        if server is not None:
            server.stop()
        row = store.finish_run(run_id, status)
        if row["bills_new"] or row["bills_updated"]:
            # one segment in the full-text index: a search's ranking reads every segment
            # (statecare.db.search.optimize_index)
            with engine.begin() as conn:
                optimize_index(conn)
        engine.dispose()
    return CrawlSummary(
        run_id=run_id, source=source, status=row["status"], seen=row["bills_seen"], new=row["bills_new"],
        updated=row["bills_updated"], unchanged=row["bills_unchanged"], events=row["events_written"],
        errors=row["error_count"], seconds=time.monotonic() - started, message=message,
    )
