"""/api/v1: JSON for states, bills (statecare and Open States shapes), search, events, cost; the
OpenAPI document describes exactly the routes the app serves; feeds are valid Atom."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from flask import Flask
from flask.testing import FlaskClient

from statecare.db.openstates_io import records_in

ATOM = "{http://www.w3.org/2005/Atom}"


def test_api_index_and_openapi_cover_every_api_route(app: Flask, client: FlaskClient) -> None:
    idx = client.get("/api/v1/").get_json()
    assert idx["openapi"].endswith("/api/v1/openapi.json")
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    documented = set(doc["paths"])
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.rule != "/api/v1/":
            served.add(rule.rule.replace("<code>", "{state}").replace("<state>", "{state}")
                       .replace("<session>", "{session}").replace("<path:identifier>", "{identifier}")
                       .replace("<id>", "{id}"))
    assert served == documented


def test_states_api_matches_the_map(client: FlaskClient) -> None:
    data = client.get("/api/v1/states?route=all").get_json()
    assert len(data["states"]) == 52  # 50 states, DC and Puerto Rico
    assert "pr" in {s["state"] for s in data["states"]}
    wa = next(s for s in data["states"] if s["state"] == "wa")
    assert wa["furthest_stage"] == "passed_both" and wa["furthest_bill"]["identifier"] == "SJM 8004"
    # "all routes" names the memorial as what it is (issue 12)
    assert wa["furthest_stage_label"] == "Memorial passed both chambers" and wa["binding"] is False
    assert data["binding_only"] is False
    assert client.get("/api/v1/states?route=x").status_code == 400


def test_states_api_defaults_to_the_binding_routes(client: FlaskClient) -> None:
    data = client.get("/api/v1/states").get_json()
    assert data["route"] == "binding" and data["binding_only"] is True
    assert data["policy_types"] == ["single_payer", "public_option"]
    assert data == client.get("/api/v1/states?route=binding").get_json()
    wa = next(s for s in data["states"] if s["state"] == "wa")
    assert wa["furthest_bill"]["identifier"] == "SB 5233" and wa["furthest_stage_label"] == "In committee"
    assert wa["binding"] is True
    assert all(s["binding"] in (True, None) for s in data["states"])
    tx = next(s for s in data["states"] if s["state"] == "tx")
    assert tx["binding"] is None and tx["furthest_stage_label"] is None
    study = client.get("/api/v1/states?route=study").get_json()
    vt = next(s for s in study["states"] if s["state"] == "vt")
    assert vt["furthest_stage_label"] == "Study introduced" and vt["binding"] is False


def test_state_api(client: FlaskClient) -> None:
    ny = client.get("/api/v1/states/NY").get_json()
    assert "single_payer" in ny["relevant_bills"]
    assert any(len(h["sessions"]) >= 4 for h in ny["history"])
    assert client.get("/api/v1/states/XX").status_code == 404
    assert client.get("/api/v1/states/XX").get_json()["error"]["status"] == 404


def test_bill_api_statecare_and_openstates_shapes(client: FlaskClient) -> None:
    b = client.get("/api/v1/bills/wa/2025-2026/SB5233").get_json()
    assert b["identifier"] == "SB 5233" and b["policy_type"] == "single_payer"
    assert {p["key"] for p in b["provisions"]} == {"provider_payment.global_budget", "financing.payroll_tax",
                                                   "benefits.prescription_drugs"}
    assert "text" not in b["versions"][0] and b["versions"][0]["text_available"] is True
    with_text = client.get("/api/v1/bills/wa/2025-2026/SB%205233?include_text=1").get_json()
    assert len(with_text["versions"][0]["text"]) > 100_000
    os_json = client.get("/api/v1/bills/wa/2025-2026/SJM8004?format=openstates").get_json()
    # the Open States export round-trips through the importer's own recogniser
    kind, items = records_in(os_json)
    assert kind == "bills" and items[0]["identifier"] == "SJM 8004"
    assert len(os_json["actions"]) == 22 and "stage" not in os_json
    assert client.get("/api/v1/bills/wa/2025-2026/SJM8004?format=xml").status_code == 400
    r = client.get("/api/v1/bills/wa/2025-2026/NOPE1")
    assert r.status_code == 404 and "NOPE" in r.get_json()["error"]["message"]


def test_bills_list_api_filters_and_errors(client: FlaskClient) -> None:
    d = client.get("/api/v1/bills?state=ma&policy_type=single_payer").get_json()
    assert {b["identifier"] for b in d["results"]} == {"S 860", "H 1405"}
    assert client.get("/api/v1/bills?stage=nope").status_code == 400
    assert client.get("/api/v1/bills?per_page=0").status_code == 400
    assert client.get("/api/v1/bills?state=zz").status_code == 400


def test_search_api(client: FlaskClient) -> None:
    d = client.get("/api/v1/search?q=%22health+trust%22").get_json()
    assert {"wa HB 1445", "wa SB 5233"} <= {f"{h['state']} {h['identifier']}" for h in d["results"]}
    assert client.get("/api/v1/search?sort=x").status_code == 400


def test_events_api_since(client: FlaskClient) -> None:
    d = client.get("/api/v1/events?limit=5").get_json()
    assert len(d["events"]) == 5
    newest = d["events"][0]["id"]
    assert client.get(f"/api/v1/events?since={newest}").get_json()["events"] == []
    assert client.get("/api/v1/events?state=zz").status_code == 400


def test_cost_api(client: FlaskClient) -> None:
    d = client.get("/api/v1/cost/NY?year=2024").get_json()
    assert d["year"] == 2024
    keys = [s["key"] for s in d["scenarios"]]
    assert keys == ["status_quo", "single_payer", "build_on_aca"]
    sq = d["scenarios"][0]
    assert abs(sum(sq["by_payer"].values()) - sq["total"]) / sq["total"] < 0.01
    assert d["uncertainty"]["low"] < d["uncertainty"]["median"] < d["uncertainty"]["high"]
    assert any("Centers for Medicare" in s for s in d["sources"])
    more = client.get("/api/v1/cost/NY?year=2024&p.newly_insured_added_use=0.8").get_json()
    assert more["scenarios"][1]["total"] > d["scenarios"][1]["total"]
    bad = client.get("/api/v1/cost/NY?p.newly_insured_added_use=5")
    assert bad.status_code == 400 and "Added use by the newly insured" in bad.get_json()["error"]["message"]
    params = client.get("/api/v1/cost/parameters").get_json()["parameters"]
    assert any(p["web_form"] for p in params)


def test_state_and_policy_feeds_are_atom(client: FlaskClient) -> None:
    for url, expect in [("/feeds/states/wa.atom", "SJM 8004"), ("/feeds/policy/federal_resolution.atom", "SJM 8004"),
                        ("/feeds/all.atom", "SJM 8004")]:
        r = client.get(url)
        assert r.status_code == 200 and r.mimetype == "application/atom+xml"
        root = ET.fromstring(r.data)
        titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
        assert any(expect in t for t in titles), url
        ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
        assert len(ids) == len(set(ids))
        for e in root.findall(f"{ATOM}entry"):  # a new bill's title is said once, not twice
            summary = e.findtext(f"{ATOM}summary") or ""
            assert not (summary and " — " in summary and len(set(summary.split(" — "))) == 1), summary
    assert client.get("/feeds/states/zz.atom").status_code == 404
    assert client.get("/feeds/policy/nothing.atom").status_code == 404


def test_json_errors_on_api_paths(client: FlaskClient) -> None:
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404
    assert json.loads(r.data)["error"]["status"] == 404
