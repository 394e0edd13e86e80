"""The OpenAPI 3.1 description of `/api/v1`, built as data so tests can check it against the routes."""

from __future__ import annotations

from typing import Any

from statecare.db.models import ALL_STAGES, POLICY_TYPES
from statecare.db.search import SORTS
from statecare.web import vocab


def _q(name: str, desc: str, schema: dict[str, Any] | None = None, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": desc,
            "schema": schema or {"type": "string"}}


def _p(name: str, desc: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": desc, "schema": {"type": "string"}}


def _ok(desc: str, ref: str | None = None) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{ref}"} if ref else {"type": "object"}
    return {"200": {"description": desc, "content": {"application/json": {"schema": schema}}},
            "400": {"$ref": "#/components/responses/BadRequest"}}


PTYPE = {"type": "string", "enum": [*POLICY_TYPES, "relevant", "unclassified"]}
STAGE = {"type": "string", "enum": list(ALL_STAGES)}
STATE_PARAM = _p("state", "Two-letter postal code, lower or upper case (e.g. wa).")
SEARCH_PARAMS = [
    _q("q", "Words, \"phrases\", prefix*, -excluded, OR; or a bill number such as \"AB 1900\", \"S.860\"."),
    _q("state", "Two-letter postal code."),
    _q("session", "Legislative session as the state names it (e.g. 2025-2026, 194th)."),
    _q("policy_type", "Policy type, `relevant` (the four coverage routes) or `unclassified`.", PTYPE),
    _q("stage", "Stage reached.", STAGE),
    _q("category", "Provision category the bill must contain.",
       {"type": "string", "enum": list(vocab.PROVISION_CATEGORIES)}),
    _q("sort", "Order of results.", {"type": "string", "enum": list(SORTS)}),
    _q("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
    _q("per_page", "Results per page.", {"type": "integer", "minimum": 1, "maximum": 100}),
]


def openapi_document(server: str) -> dict[str, Any]:
    bill_ref = {
        "type": "object",
        "properties": {k: {"type": ["string", "null"]} for k in (
            "state", "legislative_session", "identifier", "title", "stage", "policy_type", "latest_action_date",
            "latest_action_description", "url", "api_url")},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "statecare API", "version": "1",
                 "description": "State bills toward universal health coverage: bills, states, search, cost "
                                "estimates. LegiScan data is CC BY 4.0 and marked with an `attribution` field; "
                                "cost baselines cite the Centers for Medicare & Medicaid Services (2022), "
                                "Health Expenditures by State of Residence."},
        "servers": [{"url": server}],
        "paths": {
            "/api/v1/states": {"get": {
                "summary": "Every state + DC with the furthest stage reached this session by a relevant bill",
                "parameters": [_q("route", "Which route to colour by.",
                                  {"type": "string", "enum": list(vocab.MAP_ROUTES)})],
                "responses": _ok("The map's data")}},
            "/api/v1/states/{state}": {"get": {
                "summary": "A state's relevant bills by policy type and stage, sessions, history across sessions",
                "parameters": [STATE_PARAM], "responses": {**_ok("The state"),
                                                           "404": {"$ref": "#/components/responses/NotFound"}}}},
            "/api/v1/bills": {"get": {
                "summary": "Bills, filtered and paginated, newest action first",
                "parameters": [_q("state", "Two-letter postal code."), _q("session", "Session."),
                               _q("policy_type", "Policy type.", PTYPE), _q("stage", "Stage.", STAGE),
                               _q("page", "Page, from 1.", {"type": "integer", "minimum": 1}),
                               _q("per_page", "Per page.", {"type": "integer", "minimum": 1, "maximum": 200})],
                "responses": _ok("A page of bills", "BillList")}},
            "/api/v1/bills/{state}/{session}/{identifier}": {"get": {
                "summary": "One bill: statecare's JSON, or Open States (pupa) JSON with format=openstates",
                "parameters": [STATE_PARAM, _p("session", "Session."),
                               _p("identifier", "Bill number; HB1445 and HB 1445 both work."),
                               _q("format", "Response shape.", {"type": "string", "enum": ["statecare", "openstates"]}),
                               _q("include_text", "Add the extracted text of each version.",
                                  {"type": "string", "enum": ["1", "0"]})],
                "responses": {**_ok("The bill"), "404": {"$ref": "#/components/responses/NotFound"}}}},
            "/api/v1/search": {"get": {
                "summary": "Full-text search over titles, abstracts and bill text",
                "parameters": SEARCH_PARAMS, "responses": _ok("Results with highlighted snippets", "SearchResult")}},
            "/api/v1/events": {"get": {
                "summary": "Change events (new bills, actions, stage changes), newest first",
                "parameters": [_q("since", "Only events with a larger id.", {"type": "integer", "minimum": 0}),
                               _q("limit", "At most this many.", {"type": "integer", "minimum": 1, "maximum": 500}),
                               _q("state", "Two-letter postal code."),
                               _q("policy_type", "Policy type.", {"type": "string", "enum": list(POLICY_TYPES)})],
                "responses": _ok("Events")}},
            "/api/v1/cost/parameters": {"get": {
                "summary": "The cost model's parameters: defaults, plausible ranges, units, sources",
                "responses": {"200": {"description": "Parameters"},
                              "503": {"description": "Cost model unavailable"}}}},
            "/api/v1/cost/{state}": {"get": {
                "summary": "Cost of status quo vs single-payer vs building on the ACA for one state and year",
                "parameters": [STATE_PARAM, _q("year", "Year of the estimate.", {"type": "integer"}),
                               _q("p.<name>", "Override a model parameter (see /api/v1/cost/parameters).")],
                "responses": {**_ok("Estimate"), "503": {"description": "Cost model unavailable"}}}},
            "/api/v1/openapi.json": {"get": {"summary": "This document", "responses": _ok("OpenAPI document")}},
        },
        "components": {
            "schemas": {
                "BillRef": bill_ref,
                "BillList": {"type": "object", "properties": {
                    "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
                    "pages": {"type": "integer"},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/BillRef"}}}},
                "SearchResult": {"type": "object", "properties": {
                    "query": {"type": "string"}, "understood_as": {"type": "string"},
                    "warnings": {"type": "array", "items": {"type": "string"}},
                    "total": {"type": "integer"},
                    "total_capped": {"type": "boolean", "description":
                                     "true when more than `total` bills matched (counting stops at 1,000)"},
                    "page": {"type": "integer"}, "pages": {"type": "integer"},
                    "bill_number_matches": {"type": "array", "items": {"$ref": "#/components/schemas/BillRef"}},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/BillRef"}},
                    "links": {"type": "object"}}},
                "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                    "status": {"type": "integer"}, "title": {"type": "string"}, "message": {"type": "string"}}}}},
            },
            "responses": {
                "BadRequest": {"description": "A parameter is invalid; the message names it.",
                               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "NotFound": {"description": "No such state or bill.",
                             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        },
    }
