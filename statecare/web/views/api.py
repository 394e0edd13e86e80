"""`/api/v1/...`: the same facts as the pages, as JSON, described by `/api/v1/openapi.json`.

Bills come in statecare's shape (Open States field names plus the analysis) or, with
`?format=openstates`, exactly the Open States (pupa) bill JSON that statecare.db.openstates_io
exports -- so a developer can feed them to tools written for Open States.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for

from statecare.db.models import ALL_STAGES, POLICY_TYPES, Bill
from statecare.db.openstates_io import export_bill
from statecare.db.search import SearchError
from statecare.legis.cosponsors import distinct_sponsors
from statecare.web import cosponsors, cost, queries, vocab
from statecare.web import db as webdb
from statecare.web.filters import bill_url, ident_slug
from statecare.web.openapi import openapi_document
from statecare.web.views.bills import final_veto, load_bill, scorecard_rows, stage_text
from statecare.web.views.search import _run, query_from_args, search_json

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 200


def _bad(message: str):  # type: ignore[no-untyped-def]
    return jsonify({"error": {"status": 400, "title": "Bad request", "message": message}}), 400


def _int(name: str, default: int, lo: int, hi: int) -> int:
    raw = request.args.get(name, "")
    if raw == "":
        return default
    if not raw.lstrip("-").isdigit() or not lo <= int(raw) <= hi:
        abort(400, f"{name} must be a whole number from {lo} to {hi} (got {raw!r}).")
    return int(raw)


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    return jsonify({
        "name": "statecare API", "version": "v1",
        "openapi": url_for("api.openapi", _external=True),
        "endpoints": {
            "states": url_for("api.states", _external=True),
            "bills": url_for("api.bills", _external=True),
            "search": url_for("api.search", _external=True),
            "events": url_for("api.events", _external=True),
            "cost_parameters": url_for("api.cost_parameters", _external=True),
        },
        "attribution": "Bill data: Open States and state legislatures; LegiScan data is CC BY 4.0 and marked "
                       "as such; cost baseline: " + cost.CMS_CITATION,
    })


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    return jsonify(openapi_document(request.url_root.rstrip("/")))


@bp.get("/states")
def states():  # type: ignore[no-untyped-def]
    route = request.args.get("route", vocab.DEFAULT_ROUTE)
    if route not in vocab.MAP_ROUTES:
        return _bad(f"route must be one of {', '.join(vocab.MAP_ROUTES)} (got {route!r})")
    tiles = queries.map_tiles(webdb.session(), route)
    return jsonify({"route": route, "route_label": vocab.MAP_ROUTES[route][0],
                    "policy_types": list(vocab.MAP_ROUTES[route][1]),
                    "binding_only": route in vocab.BINDING_ROUTES,
                    "states": [dict(t.as_dict(), url=url_for("api.state", code=t.state.upper(), _external=True))
                               for t in tiles]})


def _ref(b: queries.BillRef) -> dict[str, Any]:
    d = b.as_dict()
    d["url"] = bill_url(b, _external=True)
    d["api_url"] = url_for("api.bill", state=b.state, session=b.legislative_session,
                           identifier=ident_slug(b.identifier), _external=True)
    return d


@bp.get("/states/<code>")
def state(code: str):  # type: ignore[no-untyped-def]
    st = code.lower()
    if st not in vocab.STATE_NAMES:
        abort(404, f"There is no state {code!r}: use a two-letter postal code such as NY.")
    v = queries.state_view(webdb.session(), st)
    return jsonify({
        "state": st, "name": v.name, "current_session": v.current_session, "bills_stored": v.total,
        "unclassified_bills": v.unclassified_count,
        "relevant_bills": {pt: {stage or "unknown": [_ref(b) for b in bills] for stage, bills in by_stage.items()}
                           for pt, by_stage in v.groups.items()},
        "other_health_coverage": [_ref(b) for b in v.other_health],
        "sessions": v.sessions,
        "history": [{"sessions": lg.sessions, "bills": [_ref(b) for b in lg.bills],
                     "not_stored": [{"identifier": i, "legislative_session": s} for i, s in lg.missing]}
                    for lg in v.lineages],
        "cost": url_for("api.cost_estimate", code=st.upper(), _external=True),
        "feed": url_for("feeds.state_feed", code=st, _external=True),
    })


@bp.get("/bills")
def bills():  # type: ignore[no-untyped-def]
    ptype = request.args.get("policy_type") or None
    if ptype and ptype not in (*POLICY_TYPES, "relevant", "unclassified"):
        return _bad(f"policy_type must be one of {', '.join(POLICY_TYPES)}, relevant, unclassified (got {ptype!r})")
    stage = request.args.get("stage") or None
    if stage and stage not in ALL_STAGES:
        return _bad(f"stage must be one of {', '.join(ALL_STAGES)} (got {stage!r})")
    state_arg = (request.args.get("state") or "").lower() or None
    if state_arg and state_arg not in vocab.STATE_NAMES:
        return _bad(f"state must be a two-letter postal code (got {state_arg!r})")
    page = _int("page", 1, 1, 100000)
    per_page = _int("per_page", 50, 1, MAX_PER_PAGE)
    refs, total = queries.bills_page(webdb.session(), state=state_arg, session=request.args.get("session") or None,
                                     policy_type=ptype, stage=stage, page=page, per_page=per_page)
    return jsonify({"total": total, "page": page, "per_page": per_page,
                    "pages": max(1, -(-total // per_page)), "results": [_ref(b) for b in refs]})


def bill_json(b: Bill, include_text: bool = False) -> dict[str, Any]:
    """statecare's bill JSON: Open States field names, plus stage, policy type, provisions, scorecard."""
    s = webdb.session()
    legiscan = b.source == "legiscan"
    return {
        "state": b.state, "legislative_session": b.legislative_session, "identifier": b.identifier,
        "title": b.title, "from_organization": b.from_organization, "classification": b.classification,
        "subject": b.subject, "abstracts": b.abstracts, "sources": b.sources,
        "first_action_date": b.first_action_date, "latest_action_date": b.latest_action_date,
        "latest_action_description": b.latest_action_description, "source": b.source,
        "attribution": "LegiScan (CC BY 4.0)" if legiscan else None,
        "stage": b.stage, "stage_label": stage_text(b, b.stage), "stage_date": b.stage_date,
        "stage_furthest": b.stage_furthest, "stage_chambers_passed": b.stage_chambers_passed,
        "stage_session_ended": b.stage_session_ended, "stage_reason": b.stage_reason,
        "stage_ended": vocab.ended_label(b.stage, b.stage_furthest, b.stage_chambers_passed, b.state),
        "veto_final": asdict(vf) if (vf := final_veto(b)) else None,
        "policy_type": b.policy_type,
        "policy_type_score": b.policy_type_score, "classified": b.nlp_model_version is not None,
        "nlp_model_version": b.nlp_model_version,
        # as statecare.nlp.provisions.scorecard stored it (offsets into the text it was read from), and in words
        "scorecard": b.scorecard,
        "scorecard_readable": scorecard_rows(b.scorecard),
        "sponsorships": [{"name": sp.name, "classification": sp.classification, "primary": sp.primary,
                          "entity_type": sp.entity_type,
                          "person_id": sp.person_id if (sp.person_id or "").startswith("ocd-person/") else None,
                          "party": (sp.extras or {}).get("person_party"),
                          "district": (sp.extras or {}).get("person_district")}
                         for sp in distinct_sponsors(b.sponsorships)],
        # count, party split and growth ("27 co-sponsors (20 D, 7 R), +4 since March"), with its history
        "cosponsors": cosponsors.of_bill(s, b).as_dict(),
        "actions": [{"date": (a.date or "")[:10], "description": a.description, "chamber": a.organization,
                     "classification": list(a.classification or []), "stage_after": a.stage_after,
                     "stage_label": stage_text(b, a.stage_after) if a.stage_after else None}
                    for a in b.actions],
        "versions": [{"id": v.id, "note": v.note, "date": v.date, "links": v.links,
                      "text_available": bool(v.text), "text_sha256": v.text_sha256, "text_status": v.text_status,
                      **({"text": v.text} if include_text else {})} for v in b.versions],
        "documents": [{"note": d.note, "date": d.date, "links": d.links} for d in b.documents],
        "provisions": [{"key": p.key, "category": p.category, "value": p.value, "start": p.start, "end": p.end,
                        "evidence": p.evidence, "confidence": p.confidence, "version_id": p.version_id,
                        "model_version": p.model_version} for p in b.provisions],
        "related_bills": [{"identifier": r.identifier, "legislative_session": r.legislative_session,
                           "relation_type": r.relation_type, "derived": r.derived, "incoming": r.incoming,
                           "url": bill_url(r.bill, _external=True) if r.bill else None}
                          for r in queries.related_views(s, b)],
        "url": bill_url(b, _external=True),
        "openstates_json": url_for("api.bill", state=b.state, session=b.legislative_session,
                                   identifier=ident_slug(b.identifier), format="openstates", _external=True),
    }


@bp.get("/bills/<state>/<session>/<path:identifier>")
def bill(state: str, session: str, identifier: str):  # type: ignore[no-untyped-def]
    fmt = request.args.get("format", "statecare")
    if fmt not in ("statecare", "openstates"):
        return _bad(f"format must be statecare or openstates (got {fmt!r})")
    include_text = request.args.get("include_text", "") in ("1", "true", "yes")
    b = load_bill(state, session, identifier)
    if fmt == "openstates":
        return jsonify(export_bill(b, include_text=include_text))
    return jsonify(bill_json(b, include_text=include_text))


@bp.get("/search")
def search():  # type: ignore[no-untyped-def]
    try:
        sq = query_from_args(request.args)
    except SearchError as exc:
        return _bad(str(exc))
    return jsonify(search_json(sq, _run(sq)))


@bp.get("/events")
def events():  # type: ignore[no-untyped-def]
    since = _int("since", 0, 0, 2**62)
    limit = _int("limit", 100, 1, 500)
    st = (request.args.get("state") or "").lower() or None
    if st and st not in vocab.STATE_NAMES:
        return _bad(f"state must be a two-letter postal code (got {st!r})")
    ptype = request.args.get("policy_type") or None
    if ptype and ptype not in POLICY_TYPES:
        return _bad(f"policy_type must be one of {', '.join(POLICY_TYPES)} (got {ptype!r})")
    evs = queries.recent_events(webdb.session(), days=None, limit=limit, state=st,
                                policy_types=(ptype,) if ptype else None, since_id=since or None)
    return jsonify({"events": [e.as_dict() for e in evs],
                    "last_id": max((e.id for e in evs), default=since)})


@bp.get("/cost/parameters")
def cost_parameters():  # type: ignore[no-untyped-def]
    try:
        specs = cost.parameter_specs()
    except cost.CostUnavailable as exc:
        return jsonify({"error": {"status": 503, "title": "Cost model unavailable", "message": str(exc)}}), 503
    # parameter_specs() returns JSON-ready dicts (statecare.costmodel.api)
    return jsonify({"parameters": list(specs)})


@bp.get("/cost/<code>")
def cost_estimate(code: str):  # type: ignore[no-untyped-def]
    st = code.lower()
    if st not in vocab.STATE_NAMES:
        abort(404, f"There is no state {code!r}: use a two-letter postal code such as NY.")
    if not cost.covers(st):
        abort(404, f"No cost estimate for {vocab.state_name(st)}: the cost model's baseline (CMS, BEA, Census) "
                   "covers the 50 states and DC.")
    panel = cost.panel_from_args(st, request.args)
    if panel.errors:
        return _bad("; ".join(panel.errors.values()))
    if not panel.available:
        return jsonify({"error": {"status": 503, "title": "Cost estimate unavailable", "message": panel.message}}), 503
    return jsonify({"state": st, "year": panel.year, "overrides": panel.overrides, "summary": panel.summary,
                    "scenarios": [{"key": b.key, "label": b.label, "total": b.total, "by_payer": dict(b.parts)}
                                  for b in panel.bars],
                    "uncertainty": panel.band, "assumptions": panel.assumptions, "result": panel.raw,
                    "sources": panel.sources or [cost.CMS_CITATION]})
