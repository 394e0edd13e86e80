"""Open States' rate-limit and quota answers, and the API's download slot (no network needed)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from statecare.crawler.quota import classify, resume_time
from statecare.crawler.settings import API_HOST, api_slot, build_settings
from statecare.crawler.throttle import floored

NOW = datetime(2026, 3, 4, 15, 30, tzinfo=UTC)


def test_per_minute_limit_waits_and_retries() -> None:
    a = classify(429, b'{"detail":"exceeded limit of 10/min: 11"}', None, now=NOW)
    assert a is not None and (a.action, a.wait) == ("wait", 60.0)
    a = classify(429, b'{"detail":"exceeded limit of 10/min: 11"}', b"12", now=NOW)
    assert a is not None and (a.action, a.wait) == ("wait", 12.0)


def test_daily_quota_stops_and_says_when_to_resume() -> None:
    a = classify(429, b'{"detail":"exceeded limit of 500/day: 501"}', None, now=NOW)
    assert a is not None and a.action == "stop"
    assert "500/day" in a.message and "after 2026-03-05 00:00 UTC" in a.message and "Progress is saved" in a.message
    # a Retry-After beyond what a retry may wait is a stop too, resumed when the API said
    a = classify(429, b"slow down", b"7200", now=NOW)
    assert a is not None and a.action == "stop" and "after 2026-03-04 17:30 UTC" in a.message
    assert resume_time(None, NOW) == datetime(2026, 3, 5, tzinfo=UTC)


def test_403_names_the_key_or_the_quota() -> None:
    a = classify(403, b'{"detail":"Invalid API key"}', None, now=NOW)
    assert a is not None and a.action == "stop" and "OPENSTATES_API_KEY" in a.message
    a = classify(403, b'{"detail":"exceeded limit of 500/day: 501"}', None, now=NOW)
    assert a is not None and "quota exhausted" in a.message
    assert classify(500, b"", None) is None


def test_live_settings_space_api_requests_by_the_published_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENSTATES_RATE_LIMIT", raising=False)
    live = build_settings(source="openstates", database_url="sqlite://", run_id=1, replay_url=None)
    assert live["DOWNLOAD_SLOTS"][API_HOST] == {"concurrency": 1, "delay": 6.0, "jitter": 0.0}
    assert live["AUTOTHROTTLE_ENABLED"] is True
    replay = build_settings(source="openstates", database_url="sqlite://", run_id=1, replay_url="http://127.0.0.1:1")
    assert replay["DOWNLOAD_SLOTS"] == {}
    monkeypatch.setenv("OPENSTATES_RATE_LIMIT", "40")
    assert api_slot()[API_HOST]["delay"] == 1.5
    monkeypatch.setenv("OPENSTATES_RATE_LIMIT", "ten")
    with pytest.raises(ValueError, match="OPENSTATES_RATE_LIMIT='ten'"):
        api_slot()


def test_autothrottle_never_paces_the_api_faster_than_its_slot() -> None:
    live = build_settings(source="openstates", database_url="sqlite://", run_id=1, replay_url=None)
    assert live["EXTENSIONS"]["statecare.crawler.throttle.FlooredAutoThrottle"] == 0
    assert live["EXTENSIONS"]["scrapy.extensions.throttle.AutoThrottle"] is None
    slots = live["DOWNLOAD_SLOTS"]
    assert floored(0.7, API_HOST, slots) == 6.0  # a fast robots.txt answer cannot lower it
    assert floored(9.0, API_HOST, slots) == 9.0  # a slow API may still slow it down
    assert floored(0.7, "lawfilesext.leg.wa.gov", slots) == 0.7  # other hosts as AutoThrottle says
