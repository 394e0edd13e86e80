"""Monte Carlo and the tornado table."""

from __future__ import annotations

import time

import pytest

from statecare.costmodel import api
from statecare.costmodel.uncertainty import OUTPUTS


def test_percentiles_ordered_for_every_output() -> None:
    r = api.monte_carlo("NY", 2022, n=2000, seed=7)
    assert set(OUTPUTS) <= set(r["outputs"])
    assert "ten_year_new_revenue" in r["outputs"]
    for name, v in r["outputs"].items():
        assert v["p10"] <= v["p50"] <= v["p90"], name
    nr = r["outputs"]["new_revenue"]
    assert nr["p10"] < nr["p90"]  # the band is not degenerate
    assert 0.0 <= r["probability_single_payer_costs_less"] <= 1.0
    assert {d["name"] for d in r["drawn_parameters"]} >= {"newly_insured_added_use", "federal_approval_probability",
                                                          "federal_passthrough_share", "growth_differential",
                                                          "taxable_income_elasticity"}


def test_seeded_and_reproducible() -> None:
    a = api.monte_carlo("CA", 2024, n=500, seed=3)["outputs"]["single_payer_total"]
    b = api.monte_carlo("CA", 2024, n=500, seed=3)["outputs"]["single_payer_total"]
    c = api.monte_carlo("CA", 2024, n=500, seed=4)["outputs"]["single_payer_total"]
    assert a == b and a != c


def test_point_estimate_inside_the_band() -> None:
    point = api.estimate("TX", 2024)["single_payer_total"]
    band = api.monte_carlo("TX", 2024, n=2000, seed=0)["outputs"]["single_payer_total"]
    assert band["p10"] < point < band["p90"]


def test_user_fixed_parameters_are_not_drawn() -> None:
    r = api.monte_carlo("NY", 2022, n=200, seed=0, overrides={"federal_passthrough_share": 0.92})
    assert "federal_passthrough_share" not in {d["name"] for d in r["drawn_parameters"]}
    assert r["held_fixed"] == {"federal_passthrough_share": 0.92}


def test_bad_n_is_named() -> None:
    with pytest.raises(api.CostModelError, match="n=3"):
        api.monte_carlo("NY", 2022, n=3)


def test_tornado_sorted_and_signs_make_sense() -> None:
    r = api.sensitivity("NY", 2022)
    rows = r["rows"]
    swings = [x["swing"] for x in rows]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    by = {x["parameter"]: x for x in rows}
    passthrough = by["federal_passthrough_share"]
    assert passthrough["output_at_high"] < passthrough["output_at_low"]  # more federal money arrives
    assert by["drug_price_reduction"]["output_at_high"] < by["drug_price_reduction"]["output_at_low"]
    assert "public_option_takeup" not in by  # a build-on-the-ACA parameter cannot move single payer
    with pytest.raises(api.CostModelError, match="bogus"):
        api.sensitivity("NY", 2022, output="bogus")


def test_fast_enough_for_a_web_request() -> None:
    api.estimate("NY", 2022)
    t = time.perf_counter()
    for _ in range(50):
        api.estimate("NY", 2022)
    assert (time.perf_counter() - t) / 50 < 0.010
    t = time.perf_counter()
    api.monte_carlo("NY", 2022, n=2000, seed=1)
    assert time.perf_counter() - t < 1.0
