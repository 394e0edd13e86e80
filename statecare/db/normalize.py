"""Turn a bill record from any source into the canonical shape the store keeps.

A record is an Open States (pupa) bill dict, optionally with Open States API v3 fields. Every
spider and importer hands the store this one shape, so normalising happens once: identifiers
("AB1900" -> "AB 1900", "S.860" -> "S 860"), the state code, the chamber behind pupa's pseudo-ids,
and a content hash that ignores bookkeeping fields so that re-crawling unchanged data is a no-op.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import orjson

STATE_CODES: frozenset[str] = frozenset(
    "al ak az ar ca co ct de dc fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm "
    "ny nc nd oh ok or pa pr ri sc sd tn tx ut vt va wa wv wi wy us".split()
)

_ID_RE = re.compile(r"^\s*([A-Za-z]+(?:\.?\s?[A-Za-z]+)*)[\s.]*0*(\d+[A-Za-z0-9.\-]*)\s*$")
_JURIS_RE = re.compile(r"state:([a-z]{2})|district:([a-z]{2})|territory:([a-z]{2})")
CHAMBERS: frozenset[str] = frozenset({"upper", "lower", "legislature", "executive", "committee", "joint"})


class RecordError(ValueError):
    """A record cannot be stored (no identifier, no state, no session): the message says which."""


def normalize_identifier(raw: str) -> str:
    """Open States' identifier convention: letters, one space, the number without leading zeros.

    "AB1900" -> "AB 1900", "S.860" -> "S 860", "sjm 8004" -> "SJM 8004", "HB0002" -> "HB 2",
    "H.R. 12" -> "HR 12". Anything without that shape is kept, upper-cased and space-collapsed.
    """
    s = " ".join(str(raw).split())
    m = _ID_RE.match(s)
    if not m:
        return s.upper()
    prefix = re.sub(r"[\s.]", "", m.group(1)).upper()
    return f"{prefix} {m.group(2).upper()}"


def state_of(record: dict[str, Any]) -> str:
    """The two-letter state code of a record, from `state` or its jurisdiction id."""
    st = record.get("state")
    if isinstance(st, str) and st.strip():
        code = st.strip().lower()
        if code in STATE_CODES:
            return code
    jur = record.get("jurisdiction")
    jid = jur.get("id", "") if isinstance(jur, dict) else (jur if isinstance(jur, str) else "")
    m = _JURIS_RE.search(jid or "")
    if m:
        return next(g for g in m.groups() if g)
    raise RecordError(f"record {record.get('identifier')!r} has no recognisable state (state/jurisdiction)")


def chamber_of(org: Any) -> str | None:
    """The chamber classification behind pupa's pseudo-id or a v3 organization object."""
    if org is None:
        return None
    if isinstance(org, dict):
        c = org.get("classification")
        return c if isinstance(c, str) else None
    s = str(org)
    if s.startswith("~"):
        try:
            d = json.loads(s[1:])
            c = d.get("classification")
            return c if isinstance(c, str) else None
        except (ValueError, AttributeError):
            return None
    low = s.strip().lower()
    aliases = {"senate": "upper", "house": "lower", "assembly": "lower", "s": "upper", "h": "lower", "a": "lower"}
    if low in CHAMBERS:
        return low
    return aliases.get(low)


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


def validate(record: Any, *, where: str = "record") -> dict[str, Any]:
    """Check the minimum a bill needs; raise RecordError naming what is missing."""
    if not isinstance(record, dict):
        raise RecordError(f"{where}: expected a JSON object, got {type(record).__name__}")
    ident = record.get("identifier")
    if not isinstance(ident, str) or not ident.strip():
        raise RecordError(f"{where}: bill record has no identifier")
    session = record.get("legislative_session") or record.get("session")
    if not isinstance(session, str) or not session.strip():
        raise RecordError(f"{where}: bill {ident!r} has no legislative_session")
    state_of(record)
    for key in ("actions", "sponsorships", "versions", "documents", "related_bills", "sources", "abstracts"):
        val = record.get(key)
        if val is not None and not isinstance(val, list):
            raise RecordError(f"{where}: bill {ident!r}: {key} must be a list")
    return record
