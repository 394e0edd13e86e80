"""Recognise a bill the crawl stored before, exactly as the source sends it now, before its texts are fetched.

A nightly re-crawl mostly meets bills that have not changed. Fetching each version's document again,
extracting its text and handing the whole record to the store only for the store to find the same
content hash was nearly all of a no-change re-crawl's time. So the record is fingerprinted as it
stands before the version texts are fetched (after validation, normalisation and sponsor matching,
so a changed people directory still counts as a change), and the fingerprint is what the store keeps
as the bill's `source_hash` -- but only when every text of the bill was fetched cleanly. A bill whose
stored fingerprint matches is counted unchanged and goes no further.

Why this stays correct:
- anything in the record that changes (a new action, a new version link, a changed title, another
  sponsor match) changes the fingerprint, and the bill then takes the full path, texts and all;
- a bill with a failed text fetch is stored with no fingerprint of this kind (the store hashes the
  completed record instead), so the next crawl tries its texts again;
- `scraped_at`, the one field the crawl itself stamps with the clock, is left out.
What it does assume: a document at an unchanged link, in an unchanged record, has unchanged text (a
legislature publishes a new version under a new link). `statecare crawl` over a bill whose
record changed fetches all of its texts again.

The Open States spider goes one step earlier (`raw_fingerprint`): it hashes the API item as
received, before `v3_to_record`, validation or sponsor matching, together with everything those
depend on -- a digest of the conversion code (`conversion_digest`), of the state's people directory
(`people_digest`) -- and keeps that as the fingerprint instead. An unchanged
item then costs one hash and one set lookup; a change to the code or the directory changes every
fingerprint it touches, so those bills are converted and matched again. Only `updated_at` and
`created_at`, which the conversion never reads, are left out (Open States re-stamps a bill it
re-imports). The same digests are part of the crawl cursor's plan (spiders/openstates.py), so after
such a change a pass asks for every bill, not only those the API says were updated.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

import orjson

# bumped when what a fingerprint covers changes, so old fingerprints stop matching
FINGERPRINT_VERSION = b"statecare-record-before-text/1\n"
# the fields the crawl itself stamps (not the source's content)
_CRAWL_STAMPS = frozenset({"scraped_at"})


def record_fingerprint(record: dict[str, Any]) -> str | None:
    """sha256 of the record without the crawl's own stamps; None when it does not serialise."""
    body = {k: v for k, v in record.items() if k not in _CRAWL_STAMPS}
    try:
        raw = orjson.dumps(body, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return None
    return hashlib.sha256(FINGERPRINT_VERSION + raw).hexdigest()


def texts_clean(record: dict[str, Any], errors: list[tuple[str, str]]) -> bool:
    """True when no version text failed: only then may the fingerprint stand for the stored bill."""
    if errors:
        return False
    return not any(isinstance(v, dict) and v.get("text_status") == "error" for v in record.get("versions") or [])


# --- the API item itself, before any conversion ------------------------------------------------

# bumped when what a raw fingerprint covers changes
RAW_FINGERPRINT_VERSION = b"statecare-api-item/1\n"
# the code a raw API item goes through before it is a record (the spiders, conversion, discovery
# of version links, normalisation, validation, sponsor matching, session dates, this module): any
# edit to it re-processes every bill once
_CONVERSION_CODE = ("crawler/spiders", "crawler/records", "crawler/normalize.py", "crawler/discover.py",
                    "crawler/people.py", "crawler/unchanged.py", "crawler/items.py", "legis")
_PEOPLE_FILES = ("legislators.jsonl.gz", "retired.jsonl.gz")
# what the API stamps on an item and `v3_to_record` never reads: Open States bumps `updated_at` when
# it re-imports a bill, changed or not, and such a bill is still the same record
_API_STAMPS = frozenset({"updated_at", "created_at"})


def code_digest(parts: tuple[str, ...]) -> bytes:
    """sha256 of statecare source files: each part is a path relative to the package, a `.py` file
    or a folder standing for every `.py` file under it. What a cached result was computed by, so a
    code change makes the cache stale (the raw fingerprint here, the replay's loaded recording)."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for part in parts:
        paths = [root / part] if part.endswith(".py") else sorted((root / part).rglob("*.py"))
        for path in paths:
            body = path.read_bytes() if path.is_file() else b""
            h.update(str(path.relative_to(root)).encode() + b"\0" + body + b"\0")
    return h.digest()


@functools.cache
def conversion_digest() -> bytes:
    """sha256 of the code that turns an API item into the record the store keeps (_CONVERSION_CODE).

    Deliberately broad: a change anywhere a record could be shaped makes every raw fingerprint
    stale, so the next crawl re-processes each bill once instead of trusting an old conversion.
    """
    return code_digest(_CONVERSION_CODE)


def conversion_key(people_dir: str | None, state: str) -> str:
    """16 hex digits naming the conversion code and `state`'s people directory: part of a crawl
    cursor's plan, so a change to either starts a pass without `updated_since` (every bill is sent
    again and re-processed; the API would otherwise send none of the bills it changes)."""
    return hashlib.sha256(conversion_digest() + people_digest(people_dir, state)).hexdigest()[:16]


@functools.cache
def people_digest(people_dir: str | None, state: str) -> bytes:
    """sha256 of the directory files sponsor matching reads for `state` (crawler.people), or of nothing.

    A new legislator, a changed party or district changes it, so every bill of that state is
    matched again; another state's change does not.
    """
    h = hashlib.sha256(state.encode())
    if people_dir:
        for name in _PEOPLE_FILES:
            path = Path(people_dir) / state / name
            if path.is_file():
                h.update(name.encode() + b"\0" + path.read_bytes())
    return h.digest()


def raw_fingerprint(item: dict[str, Any], *, people: bytes) -> str | None:
    """sha256 of one API item as received, with everything its conversion depends on.

    `people` is `people_digest` of the item's state. Taken in the spider, before `v3_to_record`,
    sponsor matching or validation: an unchanged item is known for one hash and a set lookup.
    """
    body = {k: v for k, v in item.items() if k not in _API_STAMPS}
    try:
        raw = orjson.dumps(body, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return None
    h = hashlib.sha256(RAW_FINGERPRINT_VERSION)
    h.update(conversion_digest())
    h.update(people)
    h.update(raw)
    return h.hexdigest()
