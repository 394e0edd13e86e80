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
"""

from __future__ import annotations

import hashlib
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
