"""The national recording kept between replay crawls (replay/cache.py) is the recording itself, and a
changed file, slice or damaged cache means loading the files again.

Real recorded bills: a Kansas slice of shared/national copied under the test's tmp folder.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from livehelp import SESSION, STATE, national_slice

from statecare.crawler.replay.cache import load_national
from statecare.crawler.replay.national import NationalRecording


def _same(a: NationalRecording, b: NationalRecording) -> bool:
    return a.bills == b.bills and a.files == b.files and a.errors == b.errors


def test_cached_load_equals_a_fresh_load_until_a_file_changes(shared: Path, tmp_path: Path) -> None:
    national = national_slice(shared, tmp_path)
    cache = tmp_path / "cache"
    fresh = NationalRecording(national)
    first = load_national(national, cache)
    [kept] = list(cache.glob("*.pickle"))
    written = kept.stat().st_mtime_ns
    again = load_national(national, cache)
    assert _same(first, fresh) and _same(again, fresh) and len(fresh.bills) == 12
    assert kept.stat().st_mtime_ns == written  # read, not rebuilt

    # the recording changes: the cache no longer answers, the new bytes are served
    path = national / STATE / SESSION / "bills.jsonl.gz"
    bills = [json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8")]
    bills[0]["title"] += " (as amended)"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(b) + "\n" for b in bills)
    changed = load_national(national, cache)
    assert changed.bills[0].unpack()["title"] == bills[0]["title"]
    assert _same(changed, NationalRecording(national))
    assert [p.name for p in cache.glob("*.pickle")] != [kept.name] and len(list(cache.glob("*.pickle"))) == 1

    # another slice is another load
    assert load_national(national, cache, states=["vt"]).bills == []


def test_damaged_cache_or_recording_is_handled_like_a_fresh_load(shared: Path, tmp_path: Path) -> None:
    national = national_slice(shared, tmp_path)
    cache = tmp_path / "cache"
    load_national(national, cache)
    [kept] = list(cache.glob("*.pickle"))
    kept.write_bytes(b"not a pickle")
    assert _same(load_national(national, cache), NationalRecording(national))

    # a damaged recording's errors come back from the cache as they came from the files
    path = national / STATE / SESSION / "bills.jsonl.gz"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    errors: list[tuple[Path, str]] = []
    built = load_national(national, cache, errors=errors)
    cached_errors: list[tuple[Path, str]] = []
    cached = load_national(national, cache, errors=cached_errors)
    assert errors and errors == cached_errors == built.errors == cached.errors
    assert cached.bills == built.bills == []
