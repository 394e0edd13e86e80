"""The single-payer estimate for one baseline: the steps of steps.py run in order, plus the
10-year projection, returning every intermediate amount with the parameters used.

`run(baseline, params)` works on floats or on numpy arrays of parameter draws (Monte Carlo);
`project(...)` adds the 10-year path.

Scope first: the steps price, administer and fund only the care the plan takes over
(steps.scope_split). Care left outside (VA/DoD, Indian Health Service, workers' compensation and
other programmes by default; Medicare when it is left out or federal approval is refused) is added
to the total at today's cost and to the funds at today's funding, so it never reaches new revenue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from statecare.costmodel import steps
from statecare.costmodel.baseline import Baseline

PROJECTION_YEARS = 10


def with_spending_error(b: Baseline, error: Any) -> Baseline:
    """The baseline with every spending amount (care, administration, ACA subsidies) times 1 + error:
    the uncertainty in the status quo itself. Funds are computed from these amounts, so they move
    with spending; tax bases do not. error = 0 returns the same amounts."""
    f = 1 + error
    return replace(b, phc={k: v * f for k, v in b.phc.items()}, services={k: v * f for k, v in b.services.items()},
                   admin={k: v * f for k, v in b.admin.items()}, aca_subsidies=b.aca_subsidies * f,
                   other_nhe=b.other_nhe * f)


def _funds(b: Baseline, p: dict[str, Any], w: dict[str, Any], override: Any) -> dict[str, Any]:
    return steps.retained_public_funds(
        b.phc, b.admin, w, medicaid_federal_share=b.medicaid_federal_share,
        chip_federal_share=b.chip_federal_share, aca_subsidies=b.aca_subsidies,
        federal_approval=p["federal_approval_probability"],
        federal_passthrough_share=p["federal_passthrough_share"],
        medicaid_federal_kept_if_refused=p["medicaid_federal_kept_if_refused"],
        waiver_risk_factor=p["waiver_risk_factor"], retained_funds_override=override)


def _rates(revenue: Any, b: Baseline, p: dict[str, Any]) -> dict[str, Any]:
    return steps.tax_rates(revenue, wages=b.wages, personal_income=b.personal_income,
                           state_taxes=b.state_taxes, taxable_income_elasticity=p["taxable_income_elasticity"])


def run(b: Baseline, p: dict[str, Any]) -> dict[str, Any]:
    """One year's estimate for baseline `b` with resolved parameters `p` (see parameters.resolve)."""
    b = with_spending_error(b, p["baseline_spending_error"])
    phc0, admin0, sq = b.phc_total, b.admin_total, b.status_quo_total
    w = steps.scope_weights(p)
    split = steps.scope_split(b.phc, b.admin, w)
    phc_in, admin_in = split["phc_in_total"], split["admin_in_total"]

    use = steps.added_use(phc_in, b.uninsured_rate, newly_insured_added_use=p["newly_insured_added_use"],
                          cost_sharing_added_use=p["cost_sharing_added_use"],
                          added_benefits_use=p["added_benefits_use"],
                          utilization_increase_override=p["utilization_increase_override"],
                          all_spending=steps.newly_insured_base(b.phc))
    phc1 = phc_in + use["amount"]  # added use spread over services in proportion
    share = {k: v / phc0 for k, v in b.services.items()}  # service mix, the same for every payer

    prices = steps.provider_prices(
        share["hospital"] * phc1, share["physician_clinical"] * phc1, steps.payer_mix(split["phc_in"]),
        **{k: p[k] for k in (
            "hospital_fee_vs_medicare", "physician_fee_vs_medicare", "private_hospital_price_vs_medicare",
            "private_physician_price_vs_medicare", "medicaid_hospital_price_vs_medicare",
            "medicaid_physician_price_vs_medicare", "hospital_price_change", "physician_price_change")})
    phc2 = phc1 + prices["delta"]

    billing = steps.provider_billing_admin(
        phc2, provider_billing_admin_share=p["provider_billing_admin_share"],
        provider_billing_admin_reduction=p["provider_billing_admin_reduction"],
        provider_billing_admin_base=p["provider_billing_admin_base"])
    phc3 = phc2 - billing["savings"]

    drugs = steps.drug_prices(share["rx_nondurable"] * phc1, b.rx_share_of_rx_nondurable,
                              drug_price_reduction=p["drug_price_reduction"])
    phc4 = phc3 - drugs["savings"]

    other = steps.other_savings(phc4, delivery_efficiency_savings=p["delivery_efficiency_savings"],
                                structural_savings_share=p["structural_savings_share"],
                                transition_cost_share=p["transition_cost_share"])
    benefits = phc4 - other["delivery_efficiency"] - other["structural"]

    admin = steps.single_payer_admin(benefits, admin_in, phc_in, single_payer_admin_rate=p["single_payer_admin_rate"])
    plan = benefits + admin["cost"] + b.other_nhe
    ongoing = plan + split["out_of_scope_total"]
    total = ongoing + other["transition_cost"]

    retained = _funds(b, p, w, p["retained_funds_override"])
    # study_discrepancy is zero in the estimate; in the Monte Carlo it carries the spread between
    # published studies that the parameters do not explain (parameters.py)
    revenue = steps.new_revenue(total, retained["total"], retained["other_private_funds"]) * (
        1 + p["study_discrepancy"])
    rates = _rates(revenue, b, p)
    admin_savings = admin["savings"] + billing["savings"]
    return {
        "status_quo_total": sq,
        "single_payer_total": total,
        "single_payer_ongoing": ongoing,
        "plan_ongoing": plan,
        "out_of_scope_total": split["out_of_scope_total"],
        "change": total - sq,
        "change_pct": (total - sq) / sq * 100,
        "retained_public_funds": retained["total"],
        "other_private_funds": retained["other_private_funds"],
        "new_revenue": revenue,
        **rates,
        "per_capita_status_quo": sq / b.population,
        "per_capita_single_payer": total / b.population,
        "admin_savings": admin_savings,
        "admin_savings_pct": admin_savings / sq * 100,
        "steps": {
            "1_status_quo": {"personal_health_care": phc0, "payer_administration": admin0,
                             "other_national_health_spending": b.other_nhe, "total": sq},
            "1b_scope": {"share_taken_over_by_payer": w, "personal_health_care_taken_over": phc_in,
                         "administration_taken_over": admin_in,
                         "outside_the_plan": split["out_of_scope_total"],
                         "outside_by_payer": split["out_of_scope"]},
            "2_added_use": use,
            "3_provider_prices": prices,
            "4_provider_billing_admin": billing,
            "5_single_payer_admin": admin,
            "6_drug_prices": drugs,
            "7_other_savings_and_transition": other,
            "8_single_payer_total": {"benefits": benefits, "administration": admin["cost"],
                                     "outside_the_plan": split["out_of_scope_total"],
                                     "transition_cost": other["transition_cost"], "total": total},
            "9_retained_public_funds": retained,
            "10_new_revenue": {"amount": revenue},
            "11_tax_rates": rates,
        },
    }


def project(first: dict[str, Any], b: Baseline, p: dict[str, Any],
            baseline_for_year: Callable[[int], Baseline], last_year: int) -> list[dict[str, Any]]:
    """Ten years from b.year.

    The plan's ongoing cost grows with the status-quo spending it took over (each year's table row),
    less `growth_differential` a year; care outside the plan and every fund are each year's own
    table amounts. So with a zero differential the required revenue grows with health spending, and
    any slower growth is a saving the parameter has to argue for (see its note).
    """
    out = []
    g = p["growth_differential"]
    w = steps.scope_weights(p)
    b = with_spending_error(b, p["baseline_spending_error"])
    split0 = steps.scope_split(b.phc, b.admin, w)
    base_in = split0["phc_in_total"] + split0["admin_in_total"]
    for t in range(PROJECTION_YEARS):
        y = b.year + t
        if y > last_year:
            break
        by = b if t == 0 else with_spending_error(baseline_for_year(y), p["baseline_spending_error"])
        sq = by.status_quo_total
        split = steps.scope_split(by.phc, by.admin, w)
        growth = (split["phc_in_total"] + split["admin_in_total"]) / base_in
        sp = first["plan_ongoing"] * growth * (1 - g) ** t + split["out_of_scope_total"]
        if t == 0:
            sp = first["single_payer_total"]
        override = (None if p["retained_funds_override"] is None
                    else p["retained_funds_override"] * sq / b.status_quo_total)  # b: first year, same error
        retained = _funds(by, p, w, override)
        rev = steps.new_revenue(sp, retained["total"], retained["other_private_funds"]) * (1 + p["study_discrepancy"])
        out.append({"year": y, "status_quo_total": sq, "single_payer_total": sp,
                    "change_pct": (sp - sq) / sq * 100, "retained_public_funds": retained["total"],
                    "new_revenue": rev, **_rates(rev, by, p)})
    return out
