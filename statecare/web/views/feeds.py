"""Atom feeds of changes: per state, per policy type, and everything relevant.

(The feed of a search lives with the search: `/search.atom?q=...`.)
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, request, url_for

from statecare.db.models import POLICY_TYPES, RELEVANT_POLICY_TYPES
from statecare.legis.identifiers import identifier_slug
from statecare.web import atom, queries, vocab
from statecare.web import db as webdb

bp = Blueprint("feeds", __name__, url_prefix="/feeds")
FEED_ENTRIES = 50


def _readable(events: list[queries.EventView]) -> list[queries.EventView]:
    """A new bill's summary is its title, which the entry already carries: say it once."""
    return [replace(ev, summary="") if ev.summary == ev.title else ev for ev in events]


@bp.get("/states/<code>.atom")
def state_feed(code: str):  # type: ignore[no-untyped-def]
    st = code.lower()
    if st not in vocab.STATE_NAMES:
        abort(404, f"There is no state {code!r}: use a two-letter postal code such as NY.")
    s = webdb.session()
    # like the state page: once bills are classified, only coverage bills (not the budget)
    ptypes = (*RELEVANT_POLICY_TYPES, "other_health_coverage") if queries.any_classified(s) else None
    events = queries.recent_events(s, days=None, limit=FEED_ENTRIES, state=st, policy_types=ptypes)
    return atom.events_feed(title=f"statecare: {vocab.state_name(st)}", self_url=request.url,
                            html_url=url_for("pages.state", code=st.upper(), _external=True),
                            events=_readable(events))


@bp.get("/bills/<state>/<session>/<identifier>.atom")
def bill_feed(state: str, session: str, identifier: str):  # type: ignore[no-untyped-def]
    """One bill's changes: stage, hearings, new texts, new co-sponsors (follow it in a feed reader)."""
    b = queries.find_bill(webdb.session(), state.lower(), session, identifier)
    if b is None:
        abort(404, f"No bill {identifier!r} in {state.upper()} session {session!r} is stored.")
    events = queries.recent_events(webdb.session(), days=None, limit=FEED_ENTRIES, bill_id=b.id)
    return atom.events_feed(title=f"statecare: {b.state.upper()} {b.identifier}", self_url=request.url,
                            html_url=url_for("bills.bill", state=b.state, session=b.legislative_session,
                                             identifier=identifier_slug(b.identifier), _external=True),
                            events=_readable(events))


@bp.get("/policy/<ptype>.atom")
def policy_feed(ptype: str):  # type: ignore[no-untyped-def]
    if ptype not in POLICY_TYPES:
        abort(404, f"Unknown policy type {ptype!r}: use one of {', '.join(POLICY_TYPES)}.")
    events = queries.recent_events(webdb.session(), days=None, limit=FEED_ENTRIES, policy_types=(ptype,))
    return atom.events_feed(title=f"statecare: {vocab.policy_label(ptype)} bills", self_url=request.url,
                            html_url=url_for("search.search_page", policy_type=ptype, _external=True),
                            events=_readable(events))


@bp.get("/all.atom")
def all_feed():  # type: ignore[no-untyped-def]
    s = webdb.session()
    ptypes = RELEVANT_POLICY_TYPES if queries.any_classified(s) else None
    events = queries.recent_events(s, days=None, limit=FEED_ENTRIES, policy_types=ptypes)
    return atom.events_feed(title="statecare: changes to universal-coverage bills", self_url=request.url,
                            html_url=url_for("pages.index", _external=True), events=_readable(events))
