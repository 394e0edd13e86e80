"""The store's content hash: re-crawling unchanged data must be a no-op.

The record itself (its schema, validation, identifier and state) is the ground floor's business
(statecare.legis.record, statecare.legis.identifiers); what is left here is how the store decides
that a record has not changed: a hash that ignores bookkeeping fields and key order.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

# keys that are bookkeeping, not content: never part of the hash, never exported
_VOLATILE = {"_processing", "_id", "scraped_at", "created_at", "updated_at"}


def strip_volatile(obj: Any) -> Any:
    """Remove bookkeeping keys (pipeline timestamps, pupa ids) recursively."""
    if isinstance(obj, dict):
        return {k: strip_volatile(v) for k, v in obj.items() if k not in _VOLATILE}
    if isinstance(obj, list):
        return [strip_volatile(v) for v in obj]
    return obj


def content_hash(record: dict[str, Any]) -> str:
    """sha256 over the record's content, stable under key order and bookkeeping fields."""
    canon = orjson.dumps(strip_volatile(record), option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(canon).hexdigest()


def text_sha256(text: str | None) -> str | None:
    if text is None:
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
