"""The single-payer estimate for one baseline: the steps of steps.py run in order, plus the
10-year projection, returning every intermediate amount with the parameters used.

`run(baseline, params)` works on floats or on numpy arrays of parameter draws (Monte Carlo);
`project(...)` adds the 10-year path with separate growth for spending (the baseline table's
status-quo path, slowed by the growth differential) and for the tax base (the table's
personal-income/wage path).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from statecare.costmodel import steps
from statecare.costmodel.baseline import Baseline

PROJECTION_YEARS = 10


def run(b: Baseline, p: dict[str, Any]) -> dict[str, Any]:
    """One year's estimate for baseline `b` with resolved parameters `p` (see parameters.resolve)."""
    phc0, admin0, sq = b.phc_total, b.admin_total, b.status_quo_total

    use = steps.added_use(phc0, b.uninsured_rate, newly_insured_added_use=p["newly_insured_added_use"],
                          cost_sharing_added_use=p["cost_sharing_added_use"],
                          added_benefits_use=p["added_benefits_use"],
                          utilization_increase_override=p["utilization_increase_override"])
    grow = 1 + use["rate"]  # added use spread over services in proportion
    phc1 = phc0 * grow

    prices = steps.provider_prices(
        b.services["hospital"] * grow, b.services["physician_clinical"] * grow, steps.payer_mix(b.phc),
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

    drugs = steps.drug_prices(b.services["rx_nondurable"] * grow, b.rx_share_of_rx_nondurable,
                              drug_price_reduction=p["drug_price_reduction"])
    phc4 = phc3 - drugs["savings"]

    other = steps.other_savings(phc4, delivery_efficiency_savings=p["delivery_efficiency_savings"],
                                structural_savings_share=p["structural_savings_share"],
                                transition_cost_share=p["transition_cost_share"])
    benefits = phc4 - other["delivery_efficiency"] - other["structural"]

    admin = steps.single_payer_admin(benefits, admin0, phc0, single_payer_admin_rate=p["single_payer_admin_rate"])
    ongoing = benefits + admin["cost"] + b.other_nhe
    total = ongoing + other["transition_cost"]

    retained = steps.retained_public_funds(
        b.phc, b.admin, medicaid_federal_share=b.medicaid_federal_share,
        chip_federal_share=b.chip_federal_share, aca_subsidies=b.aca_subsidies,
        waiver_risk_factor=p["waiver_risk_factor"], retained_funds_override=p["retained_funds_override"])
    revenue = steps.new_revenue(total, retained["total"], retained["other_private_funds"])
    rates = steps.tax_rates(revenue, wages=b.wages, personal_income=b.personal_income,
                            state_taxes=b.state_taxes)
    admin_savings = admin["savings"] + billing["savings"]
    return {
        "status_quo_total": sq,
        "single_payer_total": total,
        "single_payer_ongoing": ongoing,
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
            "2_added_use": use,
            "3_provider_prices": prices,
            "4_provider_billing_admin": billing,
            "5_single_payer_admin": admin,
            "6_drug_prices": drugs,
            "7_other_savings_and_transition": other,
            "8_single_payer_total": {"benefits": benefits, "administration": admin["cost"],
                                     "transition_cost": other["transition_cost"], "total": total},
            "9_retained_public_funds": retained,
            "10_new_revenue": {"amount": revenue},
            "11_tax_rates": rates,
        },
    }


def project(first: dict[str, Any], b: Baseline, p: dict[str, Any],
            baseline_for_year: Callable[[int], Baseline], last_year: int) -> list[dict[str, Any]]:
    """Ten years from b.year: status quo from the baseline table; single payer = first year's
    ongoing cost grown with the status quo, less `growth_differential` a year (Cai et al.), plus the
    transition cost in year one; retained funds and tax bases from each year's table row."""
    out = []
    g = p["growth_differential"]
    for t in range(PROJECTION_YEARS):
        y = b.year + t
        if y > last_year:
            break
        by = b if t == 0 else baseline_for_year(y)
        sq = by.status_quo_total
        sp = first["single_payer_ongoing"] * (sq / b.status_quo_total) * (1 - g) ** t
        if t == 0:
            sp = first["single_payer_total"]
        retained = steps.retained_public_funds(
            by.phc, by.admin, medicaid_federal_share=by.medicaid_federal_share,
            chip_federal_share=by.chip_federal_share, aca_subsidies=by.aca_subsidies,
            waiver_risk_factor=p["waiver_risk_factor"],
            retained_funds_override=(None if p["retained_funds_override"] is None
                                     else p["retained_funds_override"] * sq / b.status_quo_total))
        rev = steps.new_revenue(sp, retained["total"], retained["other_private_funds"])
        rates = steps.tax_rates(rev, wages=by.wages, personal_income=by.personal_income,
                                state_taxes=by.state_taxes)
        out.append({"year": y, "status_quo_total": sq, "single_payer_total": sp,
                    "change_pct": (sp - sq) / sq * 100, "retained_public_funds": retained["total"],
                    "new_revenue": rev, **rates})
    return out
