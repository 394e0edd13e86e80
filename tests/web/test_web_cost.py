"""The state page's cost panel: figures, chart, band, assumptions, the CSRF-protected form, and a
clear 'unavailable' panel when the cost model is missing."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from statecare.app import create_app


def soup(r) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(r.get_data(as_text=True), "lxml")


def test_cost_panel_shows_routes_chart_band_and_sources(client: FlaskClient) -> None:
    page = soup(client.get("/states/NY?year=2024"))
    panel = page.select_one("#cost")
    assert "in 2024" in panel.h2.get_text()
    figures = panel.select_one("dl.figures").get_text(" ", strip=True)
    assert "Status quo" in figures and "Single-payer" in figures and "Build on the ACA" in figures
    svg = panel.select_one("svg.whopays")
    assert svg["role"] == "img" and svg.title.get_text()
    assert len(svg.select("rect")) >= 5  # taxes/premiums/out of pocket bars
    assert panel.select_one("svg.band desc").get_text().startswith("In 1000 model runs")
    rows = panel.select("details.assumptions tbody tr")
    assert len(rows) >= 15
    assert "Cai C" in panel.select_one("details.assumptions").get_text()
    assert "Centers for Medicare & Medicaid Services" in panel.get_text()


def test_both_routes_show_their_change_against_the_status_quo(client: FlaskClient) -> None:
    """The single-payer figure carried its change ("$405.6B (-2.5%)") and the ACA figure none, though the
    sentence under them gives both: a reader comparing the boxes had to work the ACA's out."""
    panel = soup(client.get("/states/NY?year=2024")).select_one("#cost")
    boxes = {d.dt.get_text(strip=True): " ".join(d.dd.get_text(" ").split()) for d in panel.select("dl.figures > div")}
    said = " ".join(panel.get_text(" ").split())
    for route, words in (("Single-payer", "Single payer would cost"), ("Build on the ACA", "building on the ACA")):
        m = re.fullmatch(r"(\$[\d.]+B) \(([+-][\d.]+%)\)", boxes[route])
        assert m, boxes
        assert f"{words} {m.group(1)} ({m.group(2)})" in said, (route, m.groups())
    # near miss: the status quo is the baseline and carries no change
    assert re.fullmatch(r"\$[\d.]+B", boxes["Status quo"]), boxes


def test_cost_panel_names_the_assumptions_that_move_the_answer_most(client: FlaskClient) -> None:
    """The movers table lists a few assumptions, largest swing in new revenue first, each with the
    ends of its range; the model's own tornado table decides the order, so the page cannot drift."""
    from statecare.costmodel import api
    from statecare.web.cost import MOVERS_SHOWN

    page = soup(client.get("/states/NY?year=2024"))
    table = page.select_one("#cost table.movers")
    assert table is not None and "move the answer most" in table.caption.get_text()
    labels = [th.get_text(strip=True) for th in table.select("tbody th")]
    expected = [r["label"] for r in api.sensitivity("NY", 2024)["rows"][:MOVERS_SHOWN]]
    assert labels == expected and 1 <= len(labels) <= MOVERS_SHOWN
    assert "Unexplained difference" not in table.get_text()  # the band term is not an assumption


def test_cost_form_requires_csrf_and_redirects_to_a_shareable_url(client: FlaskClient) -> None:
    page = soup(client.get("/states/NY"))
    form = page.select_one("form.cost-form")
    token = form.select_one("input[name=csrf_token]")["value"]
    assert client.post("/states/NY/cost", data={"p.newly_insured_added_use": "0.7"}).status_code == 400
    r = client.post("/states/NY/cost", data={"csrf_token": token, "p.newly_insured_added_use": "70%",
                                             "year": "2025", "p.all_payer_rate_setting": "yes"})
    assert r.status_code == 303
    loc = r.headers["Location"]
    assert "p.newly_insured_added_use=0.7" in loc and "year=2025" in loc and "p.all_payer_rate_setting=yes" in loc
    shown = soup(client.get(loc))
    assert shown.select_one("#f-p-newly_insured_added_use")["value"] == "0.7"
    assert shown.select("details.assumptions tr.changed")


def test_cost_form_errors_name_the_field(client: FlaskClient) -> None:
    token = soup(client.get("/states/NY")).select_one("form.cost-form input[name=csrf_token]")["value"]
    r = client.post("/states/NY/cost", data={"csrf_token": token, "p.newly_insured_added_use": "lots",
                                             "year": "1900", "p.not_a_parameter": "1"})
    assert r.status_code == 400
    errs = soup(r).select_one(".form-errors").get_text(" ", strip=True)
    assert "'lots' is not a number" in errs and "Year must be" in errs and "not_a_parameter" in errs
    assert soup(r).select_one("#f-p-newly_insured_added_use")["aria-invalid"] == "true"
    out_of_range = soup(client.get("/states/NY?p.single_payer_admin_rate=0.5")).select_one(".form-errors")
    assert re.search(r"outside the plausible range", out_of_range.get_text())


class _BrokenModel:
    """A cost model whose baseline cannot be read (as when its table is missing from an install)."""

    def parameter_specs(self) -> None:
        raise FileNotFoundError("state_baseline.csv")


def test_cost_panel_degrades_when_the_model_is_broken(site_sqlite_url: str, tmp_path: Path) -> None:
    app = create_app({"DATABASE_URL": site_sqlite_url, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path),
                      "COST_MODEL_API": _BrokenModel()})
    c = app.test_client()
    r = c.get("/states/WA")
    assert r.status_code == 200
    panel = soup(r).select_one("#cost")
    assert "Cost model unavailable" in panel.get_text()
    assert not panel.select("svg")
    assert c.get("/api/v1/cost/WA").status_code == 503
    assert c.get("/api/v1/cost/parameters").status_code == 503
    app.extensions["statecare_engine"].dispose()


def test_cost_year_outside_the_baseline_is_named(client: FlaskClient) -> None:
    r = client.get("/api/v1/cost/NY?year=2050")
    assert r.status_code == 400 and "2050" in r.get_json()["error"]["message"]


def test_a_tracked_state_without_a_cost_baseline_is_404_naming_it(client: FlaskClient) -> None:
    """Puerto Rico is a legislature statecare tracks, but the cost baseline (CMS, BEA, Census) has no
    row for it: the API says so with a 404, never a 5xx (found by schemathesis)."""
    r = client.get("/api/v1/cost/PR")
    assert r.status_code == 404
    assert "Puerto Rico" in r.get_json()["error"]["message"]
    assert client.get("/api/v1/cost/NY").status_code == 200
