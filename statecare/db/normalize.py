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
# how a volatile key looks in serialised JSON: where none occurs, there is nothing to strip
VOLATILE_KEYS = frozenset(_VOLATILE)  # for callers that strip one level themselves
_VOLATILE_MARKS = tuple(f'"{k}":'.encode() for k in _VOLATILE)


def strip_volatile(obj: Any) -> Any:
    """Remove bookkeeping keys (pipeline timestamps, pupa ids) recursively."""
    if isinstance(obj, dict):
        return {k: strip_volatile(v) for k, v in obj.items() if k not in _VOLATILE}
    if isinstance(obj, list):
        return [strip_volatile(v) for v in obj]
    return obj


def content_hash(record: dict[str, Any]) -> str:
    """sha256 over the record's content, stable under key order and bookkeeping fields.

    Serialised first as it is: only when a bookkeeping key shows up in the bytes (or something that
    looks like one, which costs a second pass and nothing else) is the record stripped and
    serialised again. The walk of strip_volatile was a fifth of ingest's time, and the store's
    canonical rows rarely hold such a key. Same bytes, same hash as always.
    """
    canon = orjson.dumps(record, option=orjson.OPT_SORT_KEYS, default=str)
    if any(mark in canon for mark in _VOLATILE_MARKS):
        canon = orjson.dumps(strip_volatile(record), option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(canon).hexdigest()


def text_sha256(text: str | None) -> str | None:
    if text is None:
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
