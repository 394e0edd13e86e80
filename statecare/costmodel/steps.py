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

import numpy as np

Num = Any  # a float, or a numpy array of draws


def added_use(spending: Num, uninsured_rate: float, *, newly_insured_added_use: Num,
              cost_sharing_added_use: Num, added_benefits_use: Num,
              utilization_increase_override: Num | None = None,
              all_spending: Num | None = None) -> dict[str, Num]:
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
    newly = ua / (1 - ua) * (spending if all_spending is None else all_spending)
    amount = newly + spending * (cost_sharing_added_use + added_benefits_use)
    return {"newly_insured": newly, "cost_sharing": spending * cost_sharing_added_use,
            "added_benefits": spending * added_benefits_use, "rate": amount / spending, "amount": amount}


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


def scope_weights(p: dict[str, Any]) -> dict[str, Num]:
    """Share of each payer's status-quo spending that the single payer takes over (1 = all, 0 = none).

    Medicare (and VA/DoD when brought in) joins only with federal approval: `federal_approval_probability`
    is a probability in the point estimate (the weights then average the two outcomes, which is exact
    for every step that is linear in the payer amounts and close for the rest) and 0 or 1 in a Monte
    Carlo draw. Care left out keeps its own prices and its own funding (see scope_split); when Medicare
    is left out its enrollees keep their share of out-of-pocket spending too.
    """
    approval = p["federal_approval_probability"]
    medicare = 1.0 * p["scope_medicare"] * approval
    other = 1.0 * p["scope_other_programs"]
    return {"medicare": medicare, "medicaid": 1.0, "chip": 1.0, "phi": 1.0,
            "oop": 1 - (1 - medicare) * p["medicare_enrollee_share_of_oop"],
            "va_dod": 1.0 * p["scope_va_dod"] * approval, "other_public": other, "other_private": other}


def newly_insured_base(phc: dict[str, Any]) -> Any:
    """The spending the newly insured's added use is measured against: all care except the
    programmes that serve particular populations (VA/DoD, IHS and other public programmes,
    workers' compensation). Why: what an uninsured person would use once covered is like what the
    rest of the population uses, and the size of those programmes, in or out of the plan, should not
    change it (nor move new revenue when they stay outside)."""
    return sum(phc.values()) - phc["va_dod"] - phc["other_public"] - phc["other_private"]


def _other_admin_rate(phc: dict[str, float], admin: dict[str, float]) -> float:
    return admin["other"] / (phc["va_dod"] + phc["other_public"] + phc["other_private"])


def scope_split(phc: dict[str, float], admin: dict[str, float], w: dict[str, Num]) -> dict[str, Any]:
    """Status-quo spending split into the part the single payer takes over and the part that stays
    outside (care and its administration), by payer.

    Why: care outside the plan (VA/DoD, Indian Health Service, workers' compensation, other
    programmes; Medicare when it is left out) keeps today's prices and today's funding, so it adds
    the same amount to the single-payer total and to the funds that pay for it, and never reaches
    new revenue. Repricing it at the uniform fee while its funding stayed at today's level used to
    put the difference on new revenue.
    """
    r = _other_admin_rate(phc, admin)
    admin_by_payer = {"medicare": admin["medicare"], "medicaid": admin["medicaid"], "chip": admin["chip"],
                      "phi": admin["phi"], "oop": 0.0, "va_dod": phc["va_dod"] * r,
                      "other_public": phc["other_public"] * r, "other_private": phc["other_private"] * r}
    phc_in = {k: v * w[k] for k, v in phc.items()}
    admin_in = {k: v * w[k] for k, v in admin_by_payer.items()}
    out = {k: (phc[k] + admin_by_payer[k]) * (1 - w[k]) for k in phc}
    return {"phc_in": phc_in, "admin_in": admin_in, "phc_in_total": sum(phc_in.values()),
            "admin_in_total": sum(admin_in.values()), "out_of_scope": out,
            "out_of_scope_total": sum(out.values()),
            "out_of_scope_public": out["medicare"] + out["va_dod"] + out["other_public"],
            "out_of_scope_private": out["oop"] + out["other_private"]}


def retained_public_funds(phc: dict[str, float], admin: dict[str, float], w: dict[str, Num], *,
                          medicaid_federal_share: float, chip_federal_share: float, aca_subsidies: float,
                          federal_approval: Num, federal_passthrough_share: Num,
                          medicaid_federal_kept_if_refused: Num, waiver_risk_factor: Num,
                          retained_funds_override: Num | None = None) -> dict[str, Num]:
    """Money already spent on the state's residents that keeps flowing: into the plan, or into the
    care that stays outside it.

    Federal money for the plan needs federal consent (1115 and 1332 waivers, new law for Medicare).
    Approved (`federal_approval` = 1), a `federal_passthrough_share` of it arrives; refused, Medicare
    and VA/DoD stay federal and outside the plan (scope_weights), the ACA subsidies are lost and only
    `medicaid_federal_kept_if_refused` of the federal Medicaid/CHIP match is kept. The state's own
    Medicaid/CHIP share keeps paying. Care outside the plan is funded exactly as today
    (`out_of_scope_public`; its private part, with workers' compensation and philanthropy, is in
    `other_private_funds`: not taxes, but not new revenue either).
    """
    r = _other_admin_rate(phc, admin)
    medicare = phc["medicare"] + admin["medicare"]
    medicaid = phc["medicaid"] + admin["medicaid"]
    chip = phc["chip"] + admin["chip"]
    va = phc["va_dod"] * (1 + r)
    other_pub = phc["other_public"] * (1 + r)
    a, pt = federal_approval, federal_passthrough_share
    match = a * pt + (1 - a) * medicaid_federal_kept_if_refused
    federal = {
        "medicare": medicare * w["medicare"] * pt,
        "medicaid_federal": medicaid * medicaid_federal_share * match,
        "chip_federal": chip * chip_federal_share * match,
        "aca_subsidies": aca_subsidies * a * pt,
        "va_dod": va * w["va_dod"] * pt,
    }
    parts = {
        **federal,
        "medicaid_state": medicaid * (1 - medicaid_federal_share),
        "chip_state": chip * (1 - chip_federal_share),
        "other_public": other_pub * w["other_public"],
        "out_of_scope_public": medicare * (1 - w["medicare"]) + va * (1 - w["va_dod"])
        + other_pub * (1 - w["other_public"]),
    }
    at_risk = (medicare * w["medicare"] + medicaid * medicaid_federal_share + chip * chip_federal_share
               + aca_subsidies + va * w["va_dod"])
    extra = sum(federal.values()) * waiver_risk_factor
    total = sum(parts.values()) - extra
    other_private = phc["other_private"] * (1 + r) + phc["oop"] * (1 - w["oop"])
    if retained_funds_override is not None:
        total, other_private = retained_funds_override, 0.0
    return {**parts, "federal_at_risk": at_risk, "lost_to_waiver_risk": at_risk - sum(federal.values()) + extra,
            "total": total, "other_private_funds": other_private}


def new_revenue(single_payer_total: Num, retained_total: Num, other_private_funds: Num) -> Num:
    """New public revenue needed: what the single payer spends less the money already there."""
    return single_payer_total - retained_total - other_private_funds


def tax_rates(revenue: Num, *, wages: float, personal_income: float, state_taxes: float,
              taxable_income_elasticity: Num = 0.0) -> dict[str, Num]:
    """The new revenue on three stated bases: a payroll tax on residents' wages and salaries (BEA),
    a share of personal income (BEA), and a multiple of today's state tax collections (Census STC),
    as RAND 2018 put it for New York.

    The payroll rate allows for the base shrinking under the tax: it solves t * W * (1 - t)^e = R
    (e = elasticity of taxable income), by fixed-point iteration so numpy draws need no branching;
    `payroll_tax_rate_static` is R / W, the rate if wages did not respond.
    """
    static = revenue / wages
    # t * (1 - t)^e peaks at t = 1 / (1 + e): beyond it a higher rate raises less. Where the revenue
    # needs more than that peak (a few Monte Carlo draws in small, high-cost states), the rate shown
    # stops at the peak, i.e. a payroll tax alone cannot raise it.
    peak = 1 / (1 + taxable_income_elasticity)
    t = static
    for _ in range(20):  # contracts by e*t/(1-t), about 0.1 at the rates seen; slow only near the peak
        t = np.minimum(static / (1 - np.minimum(t, peak)) ** taxable_income_elasticity, peak)
    return {"payroll_tax_rate": t, "payroll_tax_rate_static": static,
            "share_of_personal_income": revenue / personal_income,
            "multiple_of_state_taxes": revenue / state_taxes}
