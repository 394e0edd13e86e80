"""Properties the model must have whatever the parameters (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statecare.costmodel import baseline, model
from statecare.costmodel.parameters import SPEC_BY_NAME, resolve

STATES = [s for s in baseline.available_states()]
YEARS = st.integers(min_value=2015, max_value=2035)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NO_CHANGE = {
    "newly_insured_added_use": 0.0, "cost_sharing_added_use": 0.0, "added_benefits_use": 0.0,
    "hospital_price_change": 0.0, "physician_price_change": 0.0, "provider_billing_admin_reduction": 0.0,
    "single_payer_admin_rate": "status_quo", "drug_price_reduction": 0.0, "delivery_efficiency_savings": 0.0,
    "structural_savings_share": 0.0, "transition_cost_share": 0.0,
}


def in_range(name: str) -> st.SearchStrategy[float]:
    s = SPEC_BY_NAME[name]
    return st.floats(min_value=s.low, max_value=s.high, allow_nan=False)


@SETTINGS
@given(state=st.sampled_from(STATES), year=YEARS, private=in_range("private_hospital_price_vs_medicare"),
       share=in_range("provider_billing_admin_share"))
def test_no_savings_and_no_added_use_means_status_quo(state: str, year: int, private: float, share: float) -> None:
    b = baseline.load(state, year)
    p = resolve({**NO_CHANGE, "private_hospital_price_vs_medicare": private, "provider_billing_admin_share": share})
    r = model.run(b, p)
    assert r["single_payer_total"] == pytest.approx(b.status_quo_total, rel=1e-12)
    assert r["change_pct"] == pytest.approx(0.0, abs=1e-9)


@SETTINGS
@given(state=st.sampled_from(STATES), year=YEARS, lo=in_range("provider_billing_admin_reduction"),
       hi=in_range("provider_billing_admin_reduction"), r1=in_range("single_payer_admin_rate"),
       r2=in_range("single_payer_admin_rate"))
def test_more_admin_savings_never_raises_the_total(state: str, year: int, lo: float, hi: float,
                                                   r1: float, r2: float) -> None:
    lo, hi = sorted((lo, hi))
    cheap, dear = sorted((r1, r2))  # a lower overhead rate is more administrative savings
    b = baseline.load(state, year)
    less = model.run(b, resolve({"provider_billing_admin_reduction": lo, "single_payer_admin_rate": dear}))
    more = model.run(b, resolve({"provider_billing_admin_reduction": hi, "single_payer_admin_rate": cheap}))
    assert more["admin_savings"] >= less["admin_savings"] - 1e-3
    assert more["single_payer_total"] <= less["single_payer_total"] + 1e-3
    assert more["new_revenue"] <= less["new_revenue"] + 1e-3


@SETTINGS
@given(state=st.sampled_from(STATES), year=YEARS, k=st.floats(min_value=0.1, max_value=10.0))
def test_outputs_scale_with_population(state: str, year: int, k: float) -> None:
    """A state k times as large (same per-capita spending and incomes) needs k times the money and the
    same tax rates."""
    b = baseline.load(state, year)
    p = resolve()
    one, big = model.run(b, p), model.run(b.scaled(k), p)
    for key in ("status_quo_total", "single_payer_total", "retained_public_funds", "new_revenue"):
        assert big[key] == pytest.approx(one[key] * k, rel=1e-9), key
    for key in ("change_pct", "payroll_tax_rate", "share_of_personal_income", "multiple_of_state_taxes",
                "per_capita_single_payer"):
        assert big[key] == pytest.approx(one[key], rel=1e-9), key


@SETTINGS
@given(state=st.sampled_from(STATES), year=YEARS, u1=in_range("newly_insured_added_use"),
       u2=in_range("newly_insured_added_use"))
def test_more_added_use_never_lowers_the_total(state: str, year: int, u1: float, u2: float) -> None:
    lo, hi = sorted((u1, u2))
    b = baseline.load(state, year)
    assert (model.run(b, resolve({"newly_insured_added_use": hi}))["single_payer_total"]
            >= model.run(b, resolve({"newly_insured_added_use": lo}))["single_payer_total"] - 1e-3)
