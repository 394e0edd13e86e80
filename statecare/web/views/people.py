"""Legislator and committee pages, and their JSON: `/legislators/<uuid>`, `/committees/<uuid>`.

The address is the uuid of the Open States id (`ocd-person/<uuid>`, `ocd-organization/<uuid>`):
Open States keeps it for a person's whole career, so a link to a legislator never breaks when they
change seat, district or name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, jsonify, render_template, url_for
from sqlalchemy.orm import Session

from statecare.db.models import Bill, Committee, Legislator
from statecare.web import db as webdb
from statecare.web import people
from statecare.web.filters import bill_url, safe_url
from statecare.web.views.bills import stage_text

bp = Blueprint("people", __name__)
T = TypeVar("T")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _links(items: list[Any] | None) -> list[str]:
    """The record's http(s) links, each once (the directory lists some twice in different case)."""
    out: dict[str, str] = {}
    for lk in items or []:
        u = safe_url(lk.get("url")) if isinstance(lk, dict) else None
        if u:
            out.setdefault(u.lower().rstrip("/"), u)
    return list(out.values())


def _by_uuid(slug: str, what: str, id_kind: str, find: Callable[[Session, str], T | None]) -> T:
    """The stored person or committee a page's address names, or a 404 that says why."""
    if not _UUID.match(slug):
        abort(404, f"{slug[:80]!r} is not a {what}'s address: it is the uuid of an Open States "
                   f"{id_kind} id (ocd-{id_kind}/<uuid>).")
    row = find(webdb.session(), slug)
    if row is None:
        abort(404, f"No {what} {slug!r} is stored (load the directory with `statecare people load`).")
    return row


def _legislator(slug: str) -> Legislator:
    return _by_uuid(slug, "legislator", "person", people.legislator)


def _committee(slug: str) -> Committee:
    return _by_uuid(slug, "committee", "organization", people.committee)


@bp.get("/legislators/<slug>")
def legislator(slug: str):  # type: ignore[no-untyped-def]
    leg = _legislator(slug)
    s = webdb.session()
    offices = [o | {"voice_href": people.phone_href(o.get("voice"))} for o in leg.offices or []]
    links = _links(leg.links)
    return render_template("legislator.html", leg=leg, contact=people.contact_of(leg), offices=offices,
                           links=links, seat=people.seat_words(leg), seats=people.committees_of(s, leg.id),
                           sponsored=people.bills_of(s, leg.id), stage_text=stage_text,
                           email_href=people.email_href(leg.email), is_chair=people.is_chair)


@bp.get("/committees/<slug>")
def committee(slug: str):  # type: ignore[no-untyped-def]
    c = _committee(slug)
    s = webdb.session()
    parent = s.get(Committee, c.parent_id) if c.parent_id else None
    links = _links(c.links)
    bills, bills_total = people.bills_referred_to(s, c)
    return render_template("committee.html", view=people.committee_view(s, c), c=c, parent=parent, links=links,
                           bills=bills, bills_total=bills_total,
                           chamber=people.committee_chamber_words(c.chamber, c.state),
                           stage_text=stage_text, is_chair=people.is_chair)


def _bill_json(b: Bill, **extra: Any) -> dict[str, Any]:
    return {"state": b.state, "session": b.legislative_session, "identifier": b.identifier, "title": b.title,
            "policy_type": b.policy_type, "stage": b.stage, "stage_label": stage_text(b, b.stage) if b.stage else None,
            "url": bill_url(b, _external=True), **extra}


@bp.get("/api/v1/legislators/<id>")
def legislator_json(id: str):  # type: ignore[no-untyped-def]  # noqa: A002 - the documented parameter name
    leg = _legislator(id)
    s = webdb.session()
    return jsonify({
        "id": leg.id, "slug": leg.slug, "name": leg.name, "state": leg.state, "party": leg.party,
        "chamber": leg.chamber, "district": leg.district, "current": leg.current,
        "email": leg.email if people.email_href(leg.email) else None,
        "offices": [{k: o.get(k) for k in ("classification", "name", "address", "voice", "fax") if o.get(k)}
                    for o in leg.offices or []],
        "links": _links(leg.links),
        "url": url_for("people.legislator", slug=leg.slug, _external=True),
        "committees": [{"id": x.committee.id, "name": x.committee.name, "chamber": x.committee.chamber,
                        "role": x.role, "url": url_for("people.committee", slug=x.committee.slug, _external=True)}
                       for x in people.committees_of(s, leg.id)],
        "bills": [_bill_json(x.bill, primary=x.primary, classification=x.classification)
                  for x in people.bills_of(s, leg.id)],
    })


@bp.get("/api/v1/committees/<id>")
def committee_json(id: str):  # type: ignore[no-untyped-def]  # noqa: A002 - the documented parameter name
    c = _committee(id)
    s = webdb.session()
    view = people.committee_view(s, c)
    bills, bills_total = people.bills_referred_to(s, c)
    return jsonify({
        "id": c.id, "slug": c.slug, "name": c.name, "state": c.state, "chamber": c.chamber,
        "classification": c.classification, "parent_id": c.parent_id,
        "url": url_for("people.committee", slug=c.slug, _external=True),
        "members": [{"name": m.name, "role": m.role, "person_id": m.person.id if m.person else None,
                     "url": url_for("people.legislator", slug=m.person.slug, _external=True) if m.person else None}
                    for m in view.members],
        "bills": [_bill_json(b) for b in bills],
        "bills_total": bills_total,
    })
