"""The bill record: an Open States (pupa) bill dict, statecare's additions kept under `extras`.

Every spider and importer hands the store this one shape and it is validated once, where it is
handed over (statecare.crawler.pipelines for crawls, statecare.db.openstates_io for imports): the
store and everything after it can rely on an identifier, a session, a known state and list-valued
child collections.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import orjson

from statecare.legis.chambers import organization_classification, pseudo_id, pseudo_id_fields
from statecare.legis.identifiers import normalize_identifier
from statecare.legis.states import STATE_CODES, jurisdiction, state_from_jurisdiction

# the fields of the Open States bill schema (openstates-core `scrape/schemas/bill.py`); anything
# statecare adds to a record lives under `extras`, which that schema allows, never beside these
OPENSTATES_BILL_FIELDS: frozenset[str] = frozenset({
    "_id", "legislative_session", "identifier", "title", "from_organization", "classification",
    "subject", "abstracts", "other_titles", "other_identifiers", "actions", "sponsorships",
    "related_bills", "versions", "documents", "citations", "sources", "extras", "scraped_at",
    "jurisdiction",
})
# the keys each child item may carry in an Open States scrape file: openstates-core's importer builds
# its Django rows with `Model(**item)`, so any other key makes it reject the whole bill. Versions and
# documents have an `extras` column of their own; actions and sponsorships do not.
OPENSTATES_CHILD_FIELDS: dict[str, frozenset[str]] = {
    "actions": frozenset({"description", "date", "organization_id", "classification", "related_entities"}),
    "sponsorships": frozenset({"name", "classification", "entity_type", "primary", "person_id",
                               "organization_id"}),
    "versions": frozenset({"note", "date", "classification", "links", "extras"}),
    "documents": frozenset({"note", "date", "classification", "links", "extras"}),
    "related_bills": frozenset({"identifier", "legislative_session", "relation_type"}),
}
# where an exported bill keeps what statecare holds beyond the Open States schema (in `extras`, which
# the schema allows): {"record": {...}, "actions": {"3": {...}}, ...}, each the original values of the
# keys the export changed, plus "_absent" naming keys the export added. Import puts them back.
STATECARE_EXTRAS_KEY = "statecare"
_ABSENT = "_absent"
# the scrape schema's `fuzzy_datetime` pattern (openstates-core scrape/schemas/common.py)
_SCRAPED_AT = re.compile(r"^([0-9]{4}((-[0-9]{2}){0,2}|(-[0-9]{2}){2}T[0-9]{2}(:[0-9]{2}){0,2}"
                         r"(Z|[+-][0-9]{2}(:[0-9]{2})?))?)?$")
# bills.identifier, bills.source_identifier and bills.legislative_session are VARCHAR(64)
MAX_IDENTIFIER = 64
CHILD_LISTS: tuple[str, ...] = ("actions", "sponsorships", "versions", "documents", "related_bills", "sources",
                                "abstracts")


class RecordError(ValueError):
    """A record cannot be stored (no identifier, no state, no session): the message says which."""


def state_of(record: dict[str, Any]) -> str:
    """The two-letter state code of a record, from `state` or its jurisdiction id."""
    st = record.get("state")
    if isinstance(st, str) and st.strip():
        code = st.strip().lower()
        if code in STATE_CODES:
            return code
    jur = record.get("jurisdiction")
    jid = jur.get("id", "") if isinstance(jur, dict) else (jur if isinstance(jur, str) else "")
    from_jid = state_from_jurisdiction(jid)
    if from_jid:
        return from_jid
    raise RecordError(f"record {record.get('identifier')!r} has no recognisable state (state/jurisdiction)")


def _strip_nul(value: Any) -> Any:
    """`value` with every NUL character removed from its strings (dict keys included), in place
    where it is a dict or list."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        for k in list(value):
            v = _strip_nul(value[k])
            if isinstance(k, str) and "\x00" in k:
                del value[k]
                value[k.replace("\x00", "")] = v
            else:
                value[k] = v
    elif isinstance(value, list):
        for i, v in enumerate(value):
            value[i] = _strip_nul(v)
    return value


def _may_hold_nul(record: dict[str, Any]) -> bool:
    """False only when no string of the record (keys included) holds a NUL: orjson writes one as
    `\\u0000`, and serialising in C is much cheaper than walking the record in Python. A record
    orjson cannot serialise (a lone surrogate, a non-JSON value) is walked as before."""
    try:
        return b"\\u0000" in orjson.dumps(record, option=orjson.OPT_NON_STR_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return True


def validate(record: Any, *, where: str = "record") -> dict[str, Any]:
    """Check the minimum a bill needs; raise RecordError naming what is missing.

    Checked here, once, are also the limits one database enforces and the other does not, so that
    SQLite and PostgreSQL accept or refuse the same record with the same message: NUL characters
    (PostgreSQL text and jsonb cannot hold them; SQLite can) are removed from every string of the
    record, in place, and an identifier or session longer than the columns hold (PostgreSQL
    refuses it, SQLite would store it whole) is refused naming the bill.
    """
    if not isinstance(record, dict):
        raise RecordError(f"{where}: expected a JSON object, got {type(record).__name__}")
    if _may_hold_nul(record):
        _strip_nul(record)
    ident = record.get("identifier")
    if not isinstance(ident, str) or not ident.strip():
        raise RecordError(f"{where}: bill record has no identifier")
    session = record.get("legislative_session") or record.get("session")
    if not isinstance(session, str) or not session.strip():
        raise RecordError(f"{where}: bill {ident!r} has no legislative_session")
    state_of(record)
    longest = max(len(ident.strip()), len(normalize_identifier(ident)))
    if longest > MAX_IDENTIFIER:
        raise RecordError(f"{where}: bill {ident[:80]!r} (session {session[:80]!r}): identifier is {longest} "
                          f"characters, at most {MAX_IDENTIFIER} are stored")
    if len(session.strip()) > MAX_IDENTIFIER:
        raise RecordError(f"{where}: bill {ident!r}: legislative_session {session[:80]!r} is "
                          f"{len(session.strip())} characters, at most {MAX_IDENTIFIER} are stored")
    for key in CHILD_LISTS:
        val = record.get(key)
        if val is not None and not isinstance(val, list):
            raise RecordError(f"{where}: bill {ident!r}: {key} must be a list")
    return record


def _diff(original: dict[str, Any], conformed: dict[str, Any]) -> dict[str, Any]:
    """What turns `conformed` back into `original`: changed/dropped keys' values, keys to remove."""
    out = {k: v for k, v in original.items() if k not in conformed or conformed[k] != v}
    absent = sorted(k for k in conformed if k not in original)
    if absent:
        out[_ABSENT] = absent
    return out


def _undiff(conformed: dict[str, Any], diff: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in conformed.items() if k not in (diff.get(_ABSENT) or [])}
    out.update({k: v for k, v in diff.items() if k != _ABSENT})
    return out


def _org_pseudo_id(value: Any, *, default: str | None) -> str | None:
    """An organization reference as the pupa pseudo-id the importer resolves (objects, ids, names)."""
    if isinstance(value, str) and pseudo_id_fields(value) is not None:
        return value
    if isinstance(value, str) and value.startswith("ocd-organization/"):
        return "~" + json.dumps({"id": value})
    cls = organization_classification(value)
    if cls:
        return pseudo_id(cls)
    return pseudo_id(default) if default else None


def _person_pseudo_id(value: Any, name: Any) -> str | None:
    """A sponsor's person as a pupa pseudo-id: Open States person ids by id, otherwise by name."""
    if value is None or (isinstance(value, str) and pseudo_id_fields(value) is not None):
        return value
    if isinstance(value, str) and value.startswith("ocd-person/"):
        return "~" + json.dumps({"id": value})
    return "~" + json.dumps({"name": str(name or value)})


def _conform_child(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    fields = OPENSTATES_CHILD_FIELDS[kind]
    out = {k: v for k, v in item.items() if k in fields}
    if kind == "actions":
        org = item.get("organization_id", item.get("organization"))
        out["organization_id"] = _org_pseudo_id(org, default="legislature")
        out["classification"] = list(item.get("classification") or [])
        out["related_entities"] = list(item.get("related_entities") or [])
    elif kind == "sponsorships":
        out["person_id"] = _person_pseudo_id(item.get("person_id"), item.get("name"))
        out["organization_id"] = _org_pseudo_id(item.get("organization_id"), default=None)
        out["classification"] = item.get("classification") or "cosponsor"
        out["entity_type"] = item.get("entity_type") or "person"
        out["primary"] = bool(item.get("primary"))
    elif kind in ("versions", "documents"):
        out["links"] = [{k: v for k, v in link.items() if k in ("url", "media_type")}
                        for link in item.get("links") or [] if isinstance(link, dict)]
        out["note"] = item.get("note") or ("Bill text" if kind == "versions" else "Document")
    return out


def openstates_id(state: str, session: str, identifier: str) -> str:
    """A stable pupa `_id` for a bill: the same bill exports under the same id and file name every time."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"statecare:{state}/{session}/{identifier}"))


def to_openstates(record: dict[str, Any], *, state: str | None = None) -> dict[str, Any]:
    """A bill record as an Open States scrape file that openstates-core validates and imports unchanged.

    Keys outside the Open States schema, values it spells differently (v3 organization objects,
    Open States person ids, empty sources of v3 search results) are conformed, and what they were is
    kept under `extras["statecare"]`, so `from_openstates` gives the record back exactly.
    """
    state = state or state_of(record)
    session = str(record.get("legislative_session") or record.get("session") or "")
    out: dict[str, Any] = {k: v for k, v in record.items() if k in OPENSTATES_BILL_FIELDS}
    out["legislative_session"] = session
    out["from_organization"] = _org_pseudo_id(record.get("from_organization"), default=None)
    jur = jurisdiction(state)
    raw_jur = record.get("jurisdiction")
    given: dict[str, Any] = raw_jur if isinstance(raw_jur, dict) else {}
    out["jurisdiction"] = {"id": jur.jurisdiction_id, "name": jur.name,
                           "classification": "state" if jur.kind == "state" else jur.kind,
                           "division_id": jur.division_id, **{k: v for k, v in given.items() if v}}
    if "scraped_at" in out and not (isinstance(out["scraped_at"], str) and _SCRAPED_AT.match(out["scraped_at"])):
        del out["scraped_at"]  # a time the schema's pattern refuses (fractions of seconds): kept in extras
    if not record.get("sources") and isinstance(record.get("openstates_url"), str):
        out["sources"] = [{"url": record["openstates_url"], "note": "Open States"}]
    extras = dict(record.get("extras") or {})
    kept: dict[str, Any] = {}
    for kind in OPENSTATES_CHILD_FIELDS:
        items = [x for x in record.get(kind) or [] if isinstance(x, dict)]
        conformed = [_conform_child(kind, x) for x in items]
        diffs = {str(i): d for i, (x, c) in enumerate(zip(items, conformed, strict=True)) if (d := _diff(x, c))}
        out[kind] = conformed
        if diffs:
            kept[kind] = diffs
    top = _diff({k: v for k, v in record.items() if k not in ("extras", "_id", *OPENSTATES_CHILD_FIELDS)},
                {k: v for k, v in out.items() if k not in ("extras", "_id", *OPENSTATES_CHILD_FIELDS)})
    if top:
        kept["record"] = top
    if kept:
        extras[STATECARE_EXTRAS_KEY] = kept
    out["extras"] = extras
    out["_id"] = openstates_id(state, session, str(record.get("identifier") or ""))
    return out


def from_openstates(record: dict[str, Any]) -> dict[str, Any]:
    """The inverse of `to_openstates`: a record with what statecare kept under extras put back.

    A scrape file without statecare's extras (anything Open States wrote) is returned as it is.
    """
    extras = record.get("extras")
    if not isinstance(extras, dict) or not isinstance(extras.get(STATECARE_EXTRAS_KEY), dict):
        return record
    extras = dict(extras)
    kept = extras.pop(STATECARE_EXTRAS_KEY)
    out = dict(record)
    out["extras"] = extras
    for kind in OPENSTATES_CHILD_FIELDS:
        diffs = kept.get(kind) or {}
        if diffs and isinstance(out.get(kind), list):
            out[kind] = [_undiff(x, diffs[str(i)]) if str(i) in diffs and isinstance(x, dict) else x
                         for i, x in enumerate(out[kind])]
    body = {k: v for k, v in out.items() if k not in ("extras", *OPENSTATES_CHILD_FIELDS)}
    restored = _undiff(body, kept.get("record") or {})
    return {**restored, **{k: out[k] for k in ("extras", *OPENSTATES_CHILD_FIELDS) if k in out}}


_HTTP_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def http_url(u: Any) -> str | None:
    """A link from a record that may be shown as a link: an http(s) URL, else None.

    Records are untrusted: javascript:, data: and the like never become links, on a page or in an
    email (the site and the digest both ask here)."""
    if not isinstance(u, str):
        return None
    u = u.strip()
    return u if _HTTP_URL.match(u) else None

