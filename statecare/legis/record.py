"""The bill record: an Open States (pupa) bill dict, statecare's additions kept under `extras`.

Every spider and importer hands the store this one shape and it is validated once, where it is
handed over (statecare.crawler.pipelines for crawls, statecare.db.openstates_io for imports): the
store and everything after it can rely on an identifier, a session, a known state and list-valued
child collections.
"""

from __future__ import annotations

from typing import Any

from statecare.legis.identifiers import normalize_identifier
from statecare.legis.states import STATE_CODES, state_from_jurisdiction

# the fields of the Open States bill schema (openstates-core `scrape/schemas/bill.py`); anything
# statecare adds to a record lives under `extras`, which that schema allows, never beside these
OPENSTATES_BILL_FIELDS: frozenset[str] = frozenset({
    "_id", "legislative_session", "identifier", "title", "from_organization", "classification",
    "subject", "abstracts", "other_titles", "other_identifiers", "actions", "sponsorships",
    "related_bills", "versions", "documents", "citations", "sources", "extras", "scraped_at",
    "jurisdiction",
})
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
    code = state_from_jurisdiction(jid)
    if code:
        return code
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
