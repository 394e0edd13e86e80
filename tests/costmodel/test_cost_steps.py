"""Each model step on hand-checkable numbers."""

from __future__ import annotations

import numpy as np
import pytest

from statecare.costmodel import steps


def test_added_use_newly_insured_formula() -> None:
    # 10% uninsured using half of what the insured use; covered, they use as much: +0.05/0.95
    r = steps.added_use(1000.0, 0.10, newly_insured_added_use=0.5, cost_sharing_added_use=0.02,
                        added_benefits_use=0.01)
    assert r["newly_insured"] == pytest.approx(1000 * 0.05 / 0.95)
    assert r["rate"] == pytest.approx(0.05 / 0.95 + 0.03)
    assert r["amount"] == pytest.approx(r["newly_insured"] + r["cost_sharing"] + r["added_benefits"])


def test_added_use_override_replaces_components() -> None:
    r = steps.added_use(1000.0, 0.10, newly_insured_added_use=0.5, cost_sharing_added_use=0.02,
                        added_benefits_use=0.01, utilization_increase_override=0.1)
    assert r["amount"] == pytest.approx(100.0) and r["newly_insured"] == 0


def test_uniform_fee_against_payer_mix() -> None:
    mix = {"medicare": 0.4, "medicaid": 0.2, "private": 0.4, "other": 0.0}
    # private pays 2x Medicare, Medicaid 0.8x: quantity per dollar = 0.4 + 0.2/0.8 + 0.4/2 = 0.85
    assert steps.price_change_from_fee(mix, 1.0, 2.0, 0.8) == pytest.approx(0.85 - 1)
    # the fee that keeps spending unchanged
    assert steps.price_change_from_fee(mix, 1 / 0.85, 2.0, 0.8) == pytest.approx(0.0)


def test_payer_mix_leaves_out_of_pocket_out() -> None:
    phc = {"medicare": 30.0, "medicaid": 15.0, "chip": 5.0, "phi": 40.0, "oop": 50.0, "va_dod": 5.0,
           "other_public": 3.0, "other_private": 2.0}
    mix = steps.payer_mix(phc)
    assert sum(mix.values()) == pytest.approx(1.0)
    assert mix["medicaid"] == pytest.approx(0.2) and mix["private"] == pytest.approx(0.4)


def test_single_payer_admin_rate_and_status_quo() -> None:
    r = steps.single_payer_admin(1000.0, 90.0, 900.0, single_payer_admin_rate=0.022)
    assert r["cost"] == pytest.approx(22.0) and r["savings"] == pytest.approx(68.0)
    keep = steps.single_payer_admin(1000.0, 90.0, 900.0, single_payer_admin_rate="status_quo")
    assert keep["cost"] == pytest.approx(100.0)


PHC = {"medicare": 100.0, "medicaid": 80.0, "chip": 0.0, "phi": 200.0, "oop": 50.0, "va_dod": 10.0,
       "other_public": 10.0, "other_private": 20.0}
ADMIN = {"medicare": 5.0, "medicaid": 4.0, "chip": 0.0, "phi": 20.0, "other": 4.0}
FUNDS = {"medicaid_federal_share": 0.6, "chip_federal_share": 0.9, "aca_subsidies": 10.0,
         "federal_passthrough_share": 1.0, "medicaid_federal_kept_if_refused": 0.5, "waiver_risk_factor": 0.0}


def _weights(approval: float, **scope: bool) -> dict[str, float]:
    p = {"federal_approval_probability": approval, "scope_medicare": True, "scope_va_dod": False,
         "scope_other_programs": False, "medicare_enrollee_share_of_oop": 0.3, **scope}
    return steps.scope_weights(p)


def test_retained_funds_refusal_hits_only_federal_money() -> None:
    full = steps.retained_public_funds(PHC, ADMIN, _weights(1.0), federal_approval=1.0, **FUNDS)
    refused = steps.retained_public_funds(PHC, ADMIN, _weights(0.0), federal_approval=0.0, **FUNDS)
    federal = 105 + 84 * 0.6 + 10
    assert full["federal_at_risk"] == pytest.approx(federal)
    assert full["lost_to_waiver_risk"] == pytest.approx(0.0)
    # refused: Medicare stays federal and outside (its money follows it), the ACA subsidies are lost,
    # half the federal Medicaid match is kept
    assert refused["out_of_scope_public"] - full["out_of_scope_public"] == pytest.approx(105)
    assert refused["aca_subsidies"] == 0.0
    assert refused["medicaid_federal"] == pytest.approx(84 * 0.6 * 0.5)
    assert refused["medicaid_state"] == full["medicaid_state"] == pytest.approx(84 * 0.4)
    # VA/DoD, other public and other private programmes fund their own care (admin rate 4/40)
    assert full["out_of_scope_public"] == pytest.approx(20 * 1.1)
    assert full["other_private_funds"] == pytest.approx(20 * 1.1)
    # the extra-loss override still cuts only federal money
    extra = steps.retained_public_funds(PHC, ADMIN, _weights(1.0), federal_approval=1.0,
                                        **{**FUNDS, "waiver_risk_factor": 0.5})
    assert full["total"] - extra["total"] == pytest.approx(federal / 2)


def test_approval_probability_averages_the_two_outcomes() -> None:
    """A probability between 0 and 1 gives the probability-weighted mean of approval and refusal
    (exact here: the funds are linear in the weights)."""
    one = steps.retained_public_funds(PHC, ADMIN, _weights(1.0), federal_approval=1.0, **FUNDS)
    zero = steps.retained_public_funds(PHC, ADMIN, _weights(0.0), federal_approval=0.0, **FUNDS)
    mid = steps.retained_public_funds(PHC, ADMIN, _weights(0.3), federal_approval=0.3, **FUNDS)
    for k in ("total", "other_private_funds", "medicare", "out_of_scope_public"):
        assert mid[k] == pytest.approx(0.3 * one[k] + 0.7 * zero[k]), k


def test_scope_split_keeps_every_dollar() -> None:
    for w in (_weights(1.0), _weights(0.0), _weights(0.5, scope_va_dod=True, scope_other_programs=True)):
        s = steps.scope_split(PHC, ADMIN, w)
        assert s["phc_in_total"] + s["admin_in_total"] + s["out_of_scope_total"] == pytest.approx(
            sum(PHC.values()) + sum(ADMIN.values()))


def test_tax_rates_on_three_bases() -> None:
    r = steps.tax_rates(50.0, wages=500.0, personal_income=1000.0, state_taxes=25.0)
    assert r == {"payroll_tax_rate": 0.1, "payroll_tax_rate_static": 0.1, "share_of_personal_income": 0.05,
                 "multiple_of_state_taxes": 2.0}


def test_payroll_rate_allows_for_the_base_shrinking() -> None:
    """With an elasticity e the rate t raises the revenue from the base left: t * W * (1 - t)^e = R."""
    r = steps.tax_rates(50.0, wages=500.0, personal_income=1000.0, state_taxes=25.0, taxable_income_elasticity=0.4)
    t = r["payroll_tax_rate"]
    assert t > r["payroll_tax_rate_static"]
    assert t * 500.0 * (1 - t) ** 0.4 == pytest.approx(50.0, rel=1e-9)


def test_steps_accept_numpy_arrays() -> None:
    """The Monte Carlo runs every draw at once, so each step must work elementwise on arrays."""
    a = np.array([0.25, 0.5, 0.8])
    r = steps.added_use(1000.0, 0.1, newly_insured_added_use=a, cost_sharing_added_use=0.0,
                        added_benefits_use=0.0)
    assert r["amount"].shape == (3,) and np.all(np.diff(r["amount"]) > 0)
