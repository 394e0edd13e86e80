"""Status quo vs single payer vs building on the ACA: who pays, and the plain-language summary."""

from __future__ import annotations

import pytest

from statecare.costmodel import api


@pytest.fixture(scope="module")
def ca() -> dict:
    return api.compare_routes("CA", 2024)


def test_who_pays_adds_up_to_each_total(ca: dict) -> None:
    for name, route in ca["routes"].items():
        w = route["who_pays"]
        parts = w["taxes"] + w["premiums"] + w["out_of_pocket"] + w["other_private"]
        assert parts == pytest.approx(route["total"], rel=1e-9), name


def test_single_payer_moves_premiums_and_out_of_pocket_into_taxes(ca: dict) -> None:
    sq, sp = ca["routes"]["status_quo"], ca["routes"]["single_payer"]
    assert sp["who_pays"]["premiums"] == 0 and sp["who_pays"]["out_of_pocket"] == 0
    assert sp["who_pays"]["taxes"] > sq["who_pays"]["taxes"]
    assert sp["total"] == pytest.approx(api.estimate("CA", 2024)["single_payer_total"])
    assert sp["coverage_rate"] == 1.0


def test_aca_route_covers_nearly_everyone_and_keeps_premiums(ca: dict) -> None:
    aca, sq = ca["routes"]["build_on_aca"], ca["routes"]["status_quo"]
    assert sq["coverage_rate"] < aca["coverage_rate"] < 1.0
    assert aca["who_pays"]["premiums"] > 0.5 * sq["who_pays"]["premiums"]
    assert aca["components"]["new_subsidies"] > 0


def test_all_payer_rate_setting_lowers_the_aca_route() -> None:
    plain = api.compare_routes("NY", 2024)["routes"]["build_on_aca"]["total"]
    capped = api.compare_routes("NY", 2024, {"all_payer_rate_setting": True})["routes"]["build_on_aca"]
    assert capped["total"] < plain and capped["all_payer_rate_setting"]


def test_summary_states_where_routes_are_close_and_where_they_differ(ca: dict) -> None:
    text = " ".join(ca["summary"])
    assert "California" in text and "2024" in text
    assert ("come out close" in text) or ("differ by" in text)
    assert "who pays" in text
    # the summary's numbers are the routes' numbers
    assert f"${ca['routes']['status_quo']['total'] / 1e9:,.1f}B" in text


def test_results_carry_parameters_and_sources(ca: dict) -> None:
    assert "aca_residual_uninsured_rate" in ca["parameters"]
    assert any("Health Expenditures by State of Residence" in c for c in ca["sources"].values())
