"""Every state, DC and the US, every year 2017-2026: the estimate runs and its numbers are sane."""

from __future__ import annotations

import math

import pytest

from statecare.costmodel import api, baseline

STATES = [s for s in baseline.available_states() if s != "US"]
KEYS = ("status_quo_total", "single_payer_total", "change_pct", "retained_public_funds", "new_revenue")


def test_fifty_states_and_dc() -> None:
    assert len(STATES) == 51


@pytest.mark.parametrize("year", range(2017, 2027))
def test_every_state_runs(year: int) -> None:
    for st in [*STATES, "US"]:
        r = api.estimate(st, year)
        for k in KEYS:
            assert isinstance(r[k], float) and math.isfinite(r[k]), (st, year, k)
        assert r["status_quo_total"] > 0 and r["single_payer_total"] > 0, (st, year)
        assert -25 < r["change_pct"] < 25, (st, year)
        assert 0 < r["retained_public_funds"] < r["single_payer_total"], (st, year)
        assert 0 < r["payroll_tax_rate"] < 0.5, (st, year)
        assert len(r["projection"]) == min(10, 2036 - year + 1)
        assert set(r["parameters"]) >= {"newly_insured_added_use", "waiver_risk_factor"}


def test_states_add_up_to_the_nation_on_spending() -> None:
    total = sum(api.estimate(st, 2024)["status_quo_total"] for st in STATES)
    assert total == pytest.approx(api.estimate("US", 2024)["status_quo_total"], rel=0.01)
