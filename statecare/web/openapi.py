"""The OpenAPI 3.1 description of `/api/v1`, built as data so tests can check it against the routes."""

from __future__ import annotations

from typing import Any

from statecare.db.models import ALL_STAGES, POLICY_TYPES
from statecare.db.search import SORTS
from statecare.db.search.parser import MAX_PER_PAGE as SEARCH_MAX_PER_PAGE
from statecare.web import vocab


def _q(name: str, desc: str, schema: dict[str, Any] | None = None, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": desc,
            "schema": schema or {"type": "string"}}


def _p(name: str, desc: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": desc, "schema": {"type": "string"}}


def _uuid_p(name: str, desc: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": desc,
            "schema": {"type": "string", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _ok(desc: str, ref: str | None = None, *errors: str) -> dict[str, Any]:
    """A 200 with `ref`'s schema, and the error responses (`BadRequest`, `NotFound`) the operation can give."""
    schema = _ref(ref) if ref else {"type": "object"}
    out: dict[str, Any] = {"200": {"description": desc, "content": {"application/json": {"schema": schema}}}}
    for name in errors:
        code = {"BadRequest": "400", "NotFound": "404", "Unavailable": "503"}[name]
        out[code] = {"$ref": f"#/components/responses/{name}"}
    return out


def _obj(props: dict[str, Any], required: bool = True, extra: bool = True) -> dict[str, Any]:
    """An object with `props`; every listed property is always present when `required`."""
    d: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        d["required"] = list(props)
    if not extra:
        d["additionalProperties"] = False
    return d


STR = {"type": "string"}
STR_N = {"type": ["string", "null"]}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
OBJ = {"type": "object"}
OBJ_N = {"type": ["object", "null"]}


def _arr(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


SEARCH_MAX_PAGE = 100_000  # statecare.web.views.search.MAX_PAGE
STATE_CODES = sorted(vocab.STATE_NAMES)
# either case is accepted; anything else is a 404 (path) or a 400 (query)
STATE_ENUM = {"type": "string", "enum": [*STATE_CODES, *(c.upper() for c in STATE_CODES)]}
PTYPE = {"type": "string", "enum": [*POLICY_TYPES, "relevant", "unclassified"]}
STAGE = {"type": "string", "enum": list(ALL_STAGES)}
STATE_PARAM = {**_p("state", "Two-letter postal code, lower or upper case (e.g. wa)."), "schema": STATE_ENUM}
SEARCH_PARAMS = [
    _q("q", "Words, \"phrases\", prefix*, -excluded, OR; or a bill number such as \"AB 1900\", \"S.860\"."),
    _q("state", "Two-letter postal code.", STATE_ENUM),
    _q("session", "Legislative session as the state names it (e.g. 2025-2026, 194th)."),
    _q("policy_type", "Policy type, `relevant` (the four coverage routes) or `unclassified`.", PTYPE),
    _q("stage", "Stage reached.", STAGE),
    _q("category", "Provision category the bill must contain.",
       {"type": "string", "enum": list(vocab.PROVISION_CATEGORIES)}),
    _q("sort", "Order of results.", {"type": "string", "enum": list(SORTS)}),
    _q("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "maximum": SEARCH_MAX_PAGE}),
    _q("per_page", "Results per page.", {"type": "integer", "minimum": 1, "maximum": SEARCH_MAX_PER_PAGE}),
]

_BILL_REF_PROPS: dict[str, Any] = {
    "state": STR, "legislative_session": STR, "identifier": STR, "title": STR, "stage": STR_N,
    "policy_type": STR_N, "latest_action_date": STR_N, "latest_action_description": STR_N, "source": STR_N,
    "url": STR, "api_url": STR}

SCHEMAS: dict[str, Any] = {
    "BillRef": _obj(_BILL_REF_PROPS),
    "BillSummary": _obj({k: v for k, v in _BILL_REF_PROPS.items() if k not in ("url", "api_url")}),
    "BillList": _obj({"total": INT, "page": INT, "per_page": INT, "pages": INT,
                      "results": _arr(_ref("BillRef"))}),
    "SearchHit": _obj({**_BILL_REF_PROPS, "snippet": STR_N, "snippet_marked": STR_N, "score": {"type": ["number", "null"]},
                       "bill_number_match": BOOL}),
    "SearchResult": _obj({
        "query": STR, "understood_as": STR, "warnings": _arr(STR),
        "filters": _obj({k: STR_N for k in ("state", "session", "policy_type", "stage", "category")}),
        "sort": STR, "page": INT, "per_page": INT, "pages": INT, "total": INT,
        "total_capped": {"type": "boolean", "description":
                         "true when more than `total` bills matched (counting stops at 1,000)"},
        "bill_number_matches": _arr(_ref("SearchHit")), "results": _arr(_ref("SearchHit")),
        "links": {"type": "object", "required": ["self", "html", "csv", "atom"],
                  "additionalProperties": STR}}),
    "StateTile": _obj({"state": STR, "name": STR, "session": STR_N, "furthest_stage": STR_N,
                       "furthest_stage_label": {"type": ["string", "null"], "description":
                                                "the stage in words, naming a measure that is not binding: "
                                                "`Memorial passed both chambers`, `Memorial adopted`, `Study enacted`"},
                       "binding": {"type": ["boolean", "null"], "description":
                                   "true when the furthest bill is single-payer or a public option / buy-in; "
                                   "false for a study or a memorial to Congress; null without a bill"},
                       "relevant_bills": INT, "furthest_bill": {"oneOf": [{"type": "null"}, _ref("BillSummary")]},
                       "covered": BOOL, "url": STR}),
    "StateMap": _obj({"route": STR, "route_label": STR, "policy_types": _arr(STR),
                      "binding_only": {"type": "boolean", "description":
                                       "true when the route counts only binding bills (no study, no memorial)"},
                      "states": _arr(_ref("StateTile"))}),
    "State": _obj({
        "state": STR, "name": STR, "current_session": STR_N, "bills_stored": INT, "unclassified_bills": INT,
        "relevant_bills": {"type": "object", "description": "policy type -> stage (or `unknown`) -> bills",
                           "additionalProperties": {"type": "object",
                                                    "additionalProperties": _arr(_ref("BillRef"))}},
        "other_health_coverage": _arr(_ref("BillRef")),
        "sessions": _arr(_obj({"session": STR, "bills": INT, "latest_action_date": STR_N, "relevant": INT,
                               "furthest_stage": STR_N, "furthest_label": STR_N})),
        "history": _arr(_obj({"sessions": _arr(STR), "bills": _arr(_ref("BillRef")),
                              "not_stored": _arr(_obj({"identifier": STR, "legislative_session": STR}))})),
        "cost": STR, "feed": STR}),
    "Bill": _obj({
        "state": STR, "legislative_session": STR, "identifier": STR, "title": STR_N,
        "from_organization": STR_N, "classification": {"type": ["array", "null"]},
        "subject": {"type": ["array", "null"]}, "abstracts": {"type": ["array", "null"]},
        "sources": {"type": ["array", "null"]}, "first_action_date": STR_N, "latest_action_date": STR_N,
        "latest_action_description": STR_N, "source": STR_N, "attribution": STR_N,
        "stage": STR_N, "stage_label": STR_N, "stage_date": STR_N, "stage_furthest": STR_N,
        "stage_chambers_passed": {"type": ["array", "null"], "items": STR},
        "stage_session_ended": {"type": ["boolean", "null"]}, "stage_reason": STR_N, "stage_ended": STR_N,
        # a vetoed bill whose veto can no longer be overridden: what ended it (statecare.legis.vetoes)
        "veto_final": {"type": ["object", "null"], "properties": {
            "description": STR, "date": STR, "session_ended": BOOL}},
        "policy_type": STR_N, "policy_type_score": {"type": ["number", "null"]}, "classified": BOOL,
        "nlp_model_version": STR_N, "scorecard": OBJ_N,
        "scorecard_readable": _arr(OBJ), "sponsorships": _arr(OBJ),
        "cosponsors": _obj({"count": INT, "parties": OBJ, "growth": {"type": ["integer", "null"]},
                            "since": STR_N, "growth_source": STR_N, "summary": STR, "history": _arr(OBJ)}),
        "actions": _arr(OBJ),
        "versions": _arr(OBJ), "documents": _arr(OBJ), "provisions": _arr(OBJ), "related_bills": _arr(OBJ),
        "url": STR, "openstates_json": STR}),
    "OpenStatesBill": {"type": "object", "description": "The Open States (pupa) bill JSON.",
                       "required": ["identifier", "legislative_session", "actions"]},
    "Event": _obj({"id": INT, "kind": STR, "summary": STR, "created_at": STR_N, "state": STR_N,
                   "legislative_session": STR_N, "identifier": STR_N, "title": STR_N, "policy_type": STR_N}),
    "EventList": _obj({"events": _arr(_ref("Event")), "last_id": INT}),
    "CostParameters": _obj({"parameters": _arr(OBJ)}),
    "CostEstimate": _obj({"state": STR, "year": {"type": ["integer", "null"]}, "overrides": OBJ,
                          "summary": {}, "scenarios": _arr(_obj({"key": STR, "label": STR, "total": {},
                                                                 "by_payer": OBJ})),
                          "uncertainty": {}, "assumptions": {}, "result": {}, "sources": _arr({})}),
    "SponsoredBill": _obj({"state": STR, "session": STR, "identifier": STR, "title": STR, "policy_type": STR_N,
                           "stage": STR_N, "stage_label": STR_N, "url": STR}),
    "Legislator": _obj({"id": STR, "slug": STR, "name": STR, "state": STR, "party": STR_N, "chamber": STR_N,
                        "district": STR_N, "current": BOOL, "email": STR_N, "offices": _arr(OBJ), "links": _arr(STR),
                        "url": STR,
                        "committees": _arr(_obj({"id": STR, "name": STR, "chamber": STR, "role": STR, "url": STR})),
                        "bills": _arr(_ref("SponsoredBill"))}),
    "Committee": _obj({"id": STR, "slug": STR, "name": STR, "state": STR, "chamber": STR, "classification": STR,
                       "parent_id": STR_N, "url": STR,
                       "members": _arr(_obj({"name": STR, "role": STR, "person_id": STR_N, "url": STR_N})),
                       "bills": _arr(_ref("SponsoredBill")), "bills_total": INT}),
    "OpenAPI": {"type": "object", "required": ["openapi", "info", "paths"]},
    "Error": _obj({"error": _obj({"status": INT, "title": STR, "message": STR})}),
}


def openapi_document(server: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "statecare API", "version": "1",
                 "description": "State bills toward universal health coverage: bills, states, search, cost "
                                "estimates. LegiScan data is CC BY 4.0 and marked with an `attribution` field; "
                                "cost baselines cite the Centers for Medicare & Medicaid Services (2022), "
                                "Health Expenditures by State of Residence. Every error is JSON of the shape "
                                "`{\"error\": {\"status\", \"title\", \"message\"}}`."},
        "servers": [{"url": server}],
        "paths": {
            "/api/v1/states": {"get": {
                "summary": "Every state + DC with the furthest stage reached this session by a bill of the chosen route (binding routes by default)",
                "parameters": [_q("route", "Which route to colour by: `binding` (the default: single-payer "
                                  "and public option / buy-in bills), `single_payer`, `public_option`, "
                                  "`study` (universal-coverage studies, not binding), `federal` (memorials "
                                  "to Congress, not binding) or `all` (every relevant bill; a study or "
                                  "memorial is named as such in `furthest_stage_label` and `binding`).",
                                  {"type": "string", "enum": list(vocab.MAP_ROUTES),
                                   "default": vocab.DEFAULT_ROUTE})],
                "responses": _ok("The map's data", "StateMap", "BadRequest")}},
            "/api/v1/states/{state}": {"get": {
                "summary": "A state's relevant bills by policy type and stage, sessions, history across sessions",
                "parameters": [STATE_PARAM], "responses": _ok("The state", "State", "NotFound")}},
            "/api/v1/bills": {"get": {
                "summary": "Bills, filtered and paginated, newest action first",
                "parameters": [_q("state", "Two-letter postal code.", STATE_ENUM), _q("session", "Session."),
                               _q("policy_type", "Policy type.", PTYPE), _q("stage", "Stage.", STAGE),
                               _q("page", "Page, from 1.", {"type": "integer", "minimum": 1, "maximum": 100000}),
                               _q("per_page", "Per page.", {"type": "integer", "minimum": 1, "maximum": 200})],
                "responses": _ok("A page of bills", "BillList", "BadRequest")}},
            "/api/v1/bills/{state}/{session}/{identifier}": {"get": {
                "summary": "One bill: statecare's JSON, or Open States (pupa) JSON with format=openstates",
                "parameters": [STATE_PARAM, _p("session", "Session."),
                               _p("identifier", "Bill number; HB1445 and HB 1445 both work."),
                               _q("format", "Response shape.", {"type": "string", "enum": ["statecare", "openstates"]}),
                               _q("include_text", "Add the extracted text of each version.",
                                  {"type": "string", "enum": ["1", "0"]})],
                "responses": {
                    "200": {"description": "The bill", "content": {"application/json": {"schema": {
                        "anyOf": [_ref("Bill"), _ref("OpenStatesBill")]}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"},
                    "404": {"$ref": "#/components/responses/NotFound"}}}},
            "/api/v1/search": {"get": {
                "summary": "Full-text search over titles, abstracts and bill text",
                "parameters": SEARCH_PARAMS,
                "responses": _ok("Results with highlighted snippets", "SearchResult", "BadRequest")}},
            "/api/v1/events": {"get": {
                "summary": "Change events (new bills, actions, stage changes), newest first",
                "parameters": [_q("since", "Only events with a larger id.",
                                  {"type": "integer", "minimum": 0, "maximum": 2**62}),
                               _q("limit", "At most this many.", {"type": "integer", "minimum": 1, "maximum": 500}),
                               _q("state", "Two-letter postal code.", STATE_ENUM),
                               _q("policy_type", "Policy type.", {"type": "string", "enum": list(POLICY_TYPES)})],
                "responses": _ok("Events", "EventList", "BadRequest")}},
            "/api/v1/cost/parameters": {"get": {
                "summary": "The cost model's parameters: defaults, plausible ranges, units, sources",
                "responses": _ok("Parameters", "CostParameters", "Unavailable")}},
            "/api/v1/cost/{state}": {"get": {
                "summary": "Cost of status quo vs single-payer vs building on the ACA for one state and year",
                "parameters": [STATE_PARAM, _q("year", "Year of the estimate.", {"type": "integer"}),
                               _q("p.<name>", "Override a model parameter (see /api/v1/cost/parameters).")],
                "responses": _ok("Estimate", "CostEstimate", "BadRequest", "NotFound", "Unavailable")}},
            "/api/v1/legislators/{id}": {"get": {
                "summary": "A legislator (Open States directory): party, seat, contact, committees, and every stored "
                           "bill they sponsor or co-sponsor with its stage",
                "parameters": [_uuid_p("id", "The uuid of the person's Open States id (ocd-person/<uuid>).")],
                "responses": _ok("The legislator", "Legislator", "NotFound")}},
            "/api/v1/committees/{id}": {"get": {
                "summary": "A committee: chair and members, and the stored bills referred to it",
                "parameters": [_uuid_p("id", "The uuid of the committee's Open States id (ocd-organization/<uuid>).")],
                "responses": _ok("The committee", "Committee", "NotFound")}},
            "/api/v1/openapi.json": {"get": {"summary": "This document",
                                             "responses": _ok("OpenAPI document", "OpenAPI")}},
        },
        "components": {
            "schemas": SCHEMAS,
            "responses": {
                "BadRequest": {"description": "A parameter is invalid; the message names it.",
                               "content": {"application/json": {"schema": _ref("Error")}}},
                "NotFound": {"description": "No such state, bill, legislator or committee.",
                             "content": {"application/json": {"schema": _ref("Error")}}},
                "Unavailable": {"description": "The cost model or its data is unavailable.",
                                "content": {"application/json": {"schema": _ref("Error")}}},
            },
        },
    }
