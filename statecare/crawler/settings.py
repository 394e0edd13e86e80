"""Scrapy settings for statecare's crawls: polite to live sources, fast against the replay.

Politeness (live): the Open States API at its published rate (10 requests a minute on the free
tier, OPENSTATES_RATE_LIMIT for other tiers: a download slot of its own, 6 s apart), AutoThrottle, robots.txt obeyed, at most 2 parallel requests per host, retries
that honour Retry-After (429/503), scrapy's HTTP cache under the instance folder (API answers are
re-used for 6 hours, errors never cached), and a user agent that names the project's URL.
Against the replay the same stack runs, minus the cache (the replay is the cache, and a cached
answer would hide the failures tests inject) and with AutoThrottle's delays near zero.
"""

from __future__ import annotations

import os
from typing import Any

from statecare.config import USER_AGENT, default_instance_dir

BASE: dict[str, Any] = {
    "BOT_NAME": "statecare",
    "SPIDER_MODULES": ["statecare.crawler.spiders"],
    "USER_AGENT": USER_AGENT,
    "ROBOTSTXT_OBEY": True,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 1.0,
    "AUTOTHROTTLE_MAX_DELAY": 60.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "DOWNLOAD_DELAY": 0.5,
    "DOWNLOAD_TIMEOUT": 60,
    # A bill's document is rarely over a few MB; a link to a huge file (or an endless body) must not
    # fill memory and the database: larger downloads are cut off and recorded as errors (fetch.py).
    "DOWNLOAD_MAXSIZE": int(os.environ.get("STATECARE_DOWNLOAD_MAXSIZE") or 64 * 1024 * 1024),
    "DOWNLOAD_WARNSIZE": 16 * 1024 * 1024,
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 3,
    "RETRY_HTTP_CODES": [408, 429, 500, 502, 503, 504, 522, 524],
    "RETRY_AFTER_MAX": 120.0,
    # AutoThrottle, with the Open States API slot's delay as a floor (throttle.py)
    "EXTENSIONS": {"scrapy.extensions.throttle.AutoThrottle": None,
                   "statecare.crawler.throttle.FlooredAutoThrottle": 0},
    "DOWNLOADER_MIDDLEWARES": {
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "statecare.crawler.middlewares.RetryAfterMiddleware": 550,
    },
    "ITEM_PIPELINES": {
        "statecare.crawler.pipelines.ValidatePipeline": 100,
        "statecare.crawler.pipelines.SponsorPipeline": 200,
        "statecare.crawler.pipelines.UnchangedPipeline": 250,
        "statecare.crawler.pipelines.VersionTextPipeline": 300,
        "statecare.crawler.pipelines.StorePipeline": 900,
    },
    "HTTPCACHE_ENABLED": True,
    "HTTPCACHE_EXPIRATION_SECS": 6 * 3600,
    "HTTPCACHE_IGNORE_HTTP_CODES": [401, 403, 404, 408, 429, 500, 502, 503, 504],
    "DOWNLOAD_FAIL_ON_DATALOSS": True,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "INFO",
    "LOG_FORMAT": "%(asctime)s %(levelname)s %(name)s: %(message)s",
    "STATECARE_PROGRESS_EVERY": 100,
}

API_HOST = "api.openstates.org"
RATE_ENV = "OPENSTATES_RATE_LIMIT"  # requests a minute the key may make; the free tier's is 10
FREE_TIER_PER_MINUTE = 10


def api_slot(per_minute: float | None = None) -> dict[str, Any]:
    """The download slot of the Open States API: one request at a time, 60/rate seconds apart, no
    jitter (a random shorter gap would break the published limit). Its requests carry
    `autothrottle_dont_adjust_delay`, so AutoThrottle never lowers this delay."""
    if per_minute is None:
        raw = os.environ.get(RATE_ENV) or str(FREE_TIER_PER_MINUTE)
        try:
            per_minute = float(raw)
        except ValueError as exc:
            raise ValueError(f"{RATE_ENV}={raw!r}: expected requests per minute, e.g. 10") from exc
    if per_minute <= 0:
        raise ValueError(f"{RATE_ENV} must be positive (requests per minute), not {per_minute}")
    return {API_HOST: {"concurrency": 1, "delay": 60.0 / per_minute, "jitter": 0.0}}


REPLAY: dict[str, Any] = {
    "HTTPCACHE_ENABLED": False,
    "AUTOTHROTTLE_START_DELAY": 0.0,
    "AUTOTHROTTLE_MAX_DELAY": 1.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 8.0,
    "DOWNLOAD_DELAY": 0.0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "DOWNLOAD_HANDLERS": {
        "http": "statecare.crawler.replay_handler.ReplayDownloadHandler",
        "https": "statecare.crawler.replay_handler.ReplayDownloadHandler",
        # no other scheme may reach the network from a replay (ReplayLoopbackOnlyMiddleware says why)
        "ftp": None, "s3": None, "file": None,
    },
}
# added to BASE's downloader middlewares in replay mode, before robots.txt (100)
REPLAY_MIDDLEWARES: dict[str, int] = {"statecare.crawler.middlewares.ReplayLoopbackOnlyMiddleware": 50}


def build_settings(*, source: str, database_url: str, run_id: int, replay_url: str | None,
                   overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The settings dict for one crawl."""
    s = dict(BASE)
    s["HTTPCACHE_DIR"] = str(default_instance_dir() / "httpcache")
    if replay_url:
        s["DOWNLOAD_SLOTS"] = {}
        s.update(REPLAY)
        s["DOWNLOADER_MIDDLEWARES"] = {**BASE["DOWNLOADER_MIDDLEWARES"], **REPLAY_MIDDLEWARES}
        s["STATECARE_REPLAY_URL"] = replay_url
    else:
        s["DOWNLOAD_SLOTS"] = api_slot()
    s.update(STATECARE_SOURCE=source, STATECARE_DATABASE_URL=database_url, STATECARE_RUN_ID=run_id)
    s.update(overrides or {})
    return s
