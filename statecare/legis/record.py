"""The bill record: an Open States (pupa) bill dict, statecare's additions kept under `extras`.

Every spider and importer hands the store this one shape and it is validated once, where it is
handed over (statecare.crawler.pipelines for crawls, statecare.db.openstates_io for imports): the
store and everything after it can rely on an identifier, a session, a known state and list-valued
child collections.
"""

from __future__ import annotations

from typing import Any

from statecare.legis.states import STATE_CODES, state_from_jurisdiction

# the fields of the Open States bill schema (openstates-core `scrape/schemas/bill.py`); anything
# statecare adds to a record lives under `extras`, which that schema allows, never beside these
OPENSTATES_BILL_FIELDS: frozenset[str] = frozenset({
    "_id", "legislative_session", "identifier", "title", "from_organization", "classification",
    "subject", "abstracts", "other_titles", "other_identifiers", "actions", "sponsorships",
    "related_bills", "versions", "documents", "citations", "sources", "extras", "scraped_at",
    "jurisdiction",
})
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
    for key in CHILD_LISTS:
        val = record.get(key)
        if val is not None and not isinstance(val, list):
            raise RecordError(f"{where}: bill {ident!r}: {key} must be a list")
    return record
