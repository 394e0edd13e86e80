"""The steps of a single-payer cost estimate, one function each, numbers in and numbers out.

The order is the standard structure of the published analyses (RAND 2018, PERI 2017, Galvani et
al. 2020, and the 22 studies reviewed by Cai et al. 2020):

    status quo by payer and service + payer administration
    -> added use (newly insured, ended cost sharing, added benefits)
    -> provider prices (one fee schedule instead of today's payer mix)
    -> provider billing administration
    -> single-payer administration
    -> drug prices
    -> other savings and one-time transition costs
    -> single-payer total
    -> public funds retained -> new revenue -> tax rates

Every function uses plain arithmetic only, so the same code runs on floats (one estimate) and on
numpy arrays (all Monte Carlo draws at once): no branching on values, no min/max on inputs.
Amounts are dollars; rates are fractions.
"""

from __future__ import annotations

from typing import Any

Num = Any  # a float, or a numpy array of draws


def added_use(spending: float, uninsured_rate: float, *, newly_insured_added_use: Num,
              cost_sharing_added_use: Num, added_benefits_use: Num,
              utilization_increase_override: Num | None = None) -> dict[str, Num]:
    """Extra spending from more use of care once everyone is covered without cost sharing.

    Newly insured: today the uninsured use (1 - a) of what an insured person uses; covered, they use
    as much, so spending rises by u*a/(1 - u*a) of today's total (u = uninsured share, a =
    newly_insured_added_use). Ending cost sharing and adding benefits are fractions of spending.
    """
    if utilization_increase_override is not None:
        rate = utilization_increase_override
        return {"newly_insured": 0.0 * rate, "cost_sharing": 0.0 * rate, "added_benefits": 0.0 * rate,
                "rate": rate, "amount": spending * rate}
    ua = uninsured_rate * newly_insured_added_use
    newly = ua / (1 - ua)
    rate = newly + cost_sharing_added_use + added_benefits_use
    return {"newly_insured": spending * newly, "cost_sharing": spending * cost_sharing_added_use,
            "added_benefits": spending * added_benefits_use, "rate": rate, "amount": spending * rate}


def payer_mix(phc: dict[str, float]) -> dict[str, float]:
    """Shares of insured spending by price group: Medicare, Medicaid/CHIP, private, other.

    Out-of-pocket dollars are cost sharing on the same claims, so they are spread over the payers in
    proportion (left out of the mix); VA/DoD and other programmes are counted at Medicare's prices.
    """
    groups = {
        "medicare": phc["medicare"],
        "medicaid": phc["medicaid"] + phc["chip"],
        "private": phc["phi"],
        "other": phc["va_dod"] + phc["other_public"] + phc["other_private"],
    }
    total = sum(groups.values())
    return {k: v / total for k, v in groups.items()}


def price_change_from_fee(mix: dict[str, float], fee_vs_medicare: Num, private_vs_medicare: Num,
                          medicaid_vs_medicare: Num) -> Num:
    """Change in spending when every payer pays one fee instead of its own price.

    With payer spending shares s_p and prices r_p (x Medicare), the quantity bought is sum(s_p/r_p)
    per dollar spent today; at a uniform fee F the same care costs F * sum(s_p/r_p).
    """
    quantity = (mix["medicare"] + mix["other"] + mix["medicaid"] / medicaid_vs_medicare
                + mix["private"] / private_vs_medicare)
    return fee_vs_medicare * quantity - 1


def provider_prices(hospital: Num, physician: Num, mix: dict[str, float], *, hospital_fee_vs_medicare: Num,
                    physician_fee_vs_medicare: Num, private_hospital_price_vs_medicare: Num,
                    private_physician_price_vs_medicare: Num, medicaid_hospital_price_vs_medicare: Num,
                    medicaid_physician_price_vs_medicare: Num, hospital_price_change: Num | None = None,
                    physician_price_change: Num | None = None) -> dict[str, Num]:
    """Hospital and physician spending under one fee schedule (negative delta = savings)."""
    h = (hospital_price_change if hospital_price_change is not None else price_change_from_fee(
        mix, hospital_fee_vs_medicare, private_hospital_price_vs_medicare, medicaid_hospital_price_vs_medicare))
    p = (physician_price_change if physician_price_change is not None else price_change_from_fee(
        mix, physician_fee_vs_medicare, private_physician_price_vs_medicare,
        medicaid_physician_price_vs_medicare))
    return {"hospital_change": h, "physician_change": p, "hospital_delta": hospital * h,
            "physician_delta": physician * p, "delta": hospital * h + physician * p}


def provider_billing_admin(provider_spending: Num, *, provider_billing_admin_share: Num,
                           provider_billing_admin_reduction: Num,
                           provider_billing_admin_base: Num | None = None) -> dict[str, Num]:
    """Savings on providers' billing and insurance-related work with one payer and one rulebook."""
    base = (provider_billing_admin_base if provider_billing_admin_base is not None
            else provider_spending * provider_billing_admin_share)
    return {"base": base, "savings": base * provider_billing_admin_reduction}


def single_payer_admin(benefit_spending: Num, status_quo_admin: float, status_quo_phc: float, *,
                       single_payer_admin_rate: Num | str) -> dict[str, Num]:
    """The single payer's own overhead, against today's payer administration + net cost of insurance.

    'status_quo' keeps today's ratio of administration to care (for studies that fold administrative
    savings into one aggregate instead).
    """
    if isinstance(single_payer_admin_rate, str):
        rate: Num = status_quo_admin / status_quo_phc
    else:
        rate = single_payer_admin_rate
    cost = benefit_spending * rate
    return {"rate": rate, "cost": cost, "savings": status_quo_admin - cost}


def drug_prices(rx_nondurable: Num, rx_share: float, *, drug_price_reduction: Num) -> dict[str, Num]:
    """Savings from lower prescription-drug prices (retail prescriptions only, not other
    non-durable products, which the CMS state category also holds)."""
    rx = rx_nondurable * rx_share
    return {"rx_spending": rx, "savings": rx * drug_price_reduction}


def other_savings(spending: Num, *, delivery_efficiency_savings: Num, structural_savings_share: Num,
                  transition_cost_share: Num) -> dict[str, Num]:
    """Delivery-efficiency and study-level structural savings, and one-time transition costs, each a
    fraction of the spending left after the earlier steps."""
    return {"delivery_efficiency": spending * delivery_efficiency_savings,
            "structural": spending * structural_savings_share,
            "transition_cost": spending * transition_cost_share}


def retained_public_funds(phc: dict[str, float], admin: dict[str, float], *, medicaid_federal_share: float,
                          chip_federal_share: float, aca_subsidies: float, waiver_risk_factor: Num,
                          retained_funds_override: Num | None = None) -> dict[str, Num]:
    """Public money already spent on the state's residents that would keep flowing in.

    Federal Medicare, federal Medicaid/CHIP and ACA subsidies need federal consent (1115 and 1332
    waivers, or new law for Medicare) and are reduced by waiver_risk_factor; the state's own
    Medicaid/CHIP share and other public programmes (VA, DoD, Indian Health Service, state and local
    programmes) keep paying for the care they pay for today. Other private funds (workers'
    compensation, philanthropy) are reported separately: not taxes, but not new revenue either.
    """
    other_admin_rate = admin["other"] / (phc["va_dod"] + phc["other_public"] + phc["other_private"])
    medicaid = phc["medicaid"] + admin["medicaid"]
    chip = phc["chip"] + admin["chip"]
    parts = {
        "medicare": phc["medicare"] + admin["medicare"],
        "medicaid_federal": medicaid * medicaid_federal_share,
        "chip_federal": chip * chip_federal_share,
        "aca_subsidies": aca_subsidies,
        "medicaid_state": medicaid * (1 - medicaid_federal_share),
        "chip_state": chip * (1 - chip_federal_share),
        "other_public": (phc["va_dod"] + phc["other_public"]) * (1 + other_admin_rate),
    }
    at_risk = parts["medicare"] + parts["medicaid_federal"] + parts["chip_federal"] + parts["aca_subsidies"]
    lost = at_risk * waiver_risk_factor
    total = sum(parts.values()) - lost
    other_private = phc["other_private"] * (1 + other_admin_rate)
    if retained_funds_override is not None:
        total, other_private = retained_funds_override, 0.0
    return {**parts, "federal_at_risk": at_risk, "lost_to_waiver_risk": lost, "total": total,
            "other_private_funds": other_private}


def new_revenue(single_payer_total: Num, retained_total: Num, other_private_funds: Num) -> Num:
    """New public revenue needed: what the single payer spends less the money already there."""
    return single_payer_total - retained_total - other_private_funds


def tax_rates(revenue: Num, *, wages: float, personal_income: float, state_taxes: float) -> dict[str, Num]:
    """The new revenue on three stated bases: a payroll tax on wages and salaries (BEA), a share of
    personal income (BEA), and a multiple of today's state tax collections (Census STC), as RAND
    2018 put it for New York."""
    return {"payroll_tax_rate": revenue / wages, "share_of_personal_income": revenue / personal_income,
            "multiple_of_state_taxes": revenue / state_taxes}
