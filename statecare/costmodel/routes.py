"""Three routes to (near-)universal coverage for one state, and who pays under each.

The public debate keeps asking the same question: does single payer cost more or less than
"building on the ACA", and who ends up paying? Both routes move the same money; what differs is
whether premiums and out-of-pocket costs become taxes or stay premiums that are regulated and
subsidised. This module puts the status quo, single payer and a build-on-the-ACA route (public
option + enhanced subsidies reaching near-universal coverage, all-payer rate setting optional)
side by side as total burden split into taxes, premiums, out-of-pocket and other private money.
"""

from __future__ import annotations

from typing import Any

from statecare.costmodel import steps
from statecare.costmodel.baseline import Baseline

CLOSE_PCT = 3.0  # totals within this many percent of status quo spending are called "close"


def _other_admin_rate(b: Baseline) -> float:
    return b.admin["other"] / (b.phc["va_dod"] + b.phc["other_public"] + b.phc["other_private"])


def who_pays_status_quo(b: Baseline) -> dict[str, float]:
    """Today's spending by who pays: taxes (public programmes and ACA subsidies), premiums (private
    insurance net of subsidies), out of pocket, other private (workers' comp, philanthropy)."""
    r = _other_admin_rate(b)
    taxes = (b.phc["medicare"] + b.admin["medicare"] + b.phc["medicaid"] + b.admin["medicaid"]
             + b.phc["chip"] + b.admin["chip"] + (b.phc["va_dod"] + b.phc["other_public"]) * (1 + r)
             + b.aca_subsidies + b.other_nhe)
    premiums = b.phc["phi"] + b.admin["phi"] - b.aca_subsidies
    return {"taxes": taxes, "premiums": premiums, "out_of_pocket": b.phc["oop"],
            "other_private": b.phc["other_private"] * (1 + r)}


def who_pays_single_payer(result: dict[str, Any]) -> dict[str, float]:
    """Single payer: existing public money plus new taxes; no premiums, no cost sharing."""
    return {"taxes": result["retained_public_funds"] + result["new_revenue"], "premiums": 0.0,
            "out_of_pocket": 0.0, "other_private": result["other_private_funds"],
            "of_which_new_taxes": result["new_revenue"]}


def build_on_aca(b: Baseline, p: dict[str, Any]) -> dict[str, Any]:
    """Public option + enhanced subsidies + (optionally) all-payer rate setting.

    Coverage rises until only `aca_residual_uninsured_rate` is left uninsured. The newly covered
    raise their use as in the single-payer added-use step, buy subsidised private/public-option
    coverage (subsidy share paid from taxes) and keep normal cost sharing. The public option cuts
    premiums for its share of the individual market; rate setting caps private insurers' hospital
    and physician prices at a multiple of Medicare.
    """
    sq = who_pays_status_quo(b)
    phc0 = b.phc_total
    u = b.uninsured_rate
    newly = max(u - p["aca_residual_uninsured_rate"], 0.0)
    a = p["newly_insured_added_use"]
    prior = phc0 * newly * (1 - a) / (1 - u * a)  # what the newly covered use today
    added = phc0 * newly * a / (1 - u * a)
    cost_share = b.phc["oop"] / phc0
    phi_admin_rate = b.admin["phi"] / b.phc["phi"]
    new_spend = prior + added
    new_premiums = new_spend * (1 - cost_share) * (1 + phi_admin_rate)
    subsidies = new_premiums * p["enhanced_subsidy_share"]

    po_savings = ((b.phc["phi"] + b.admin["phi"]) * b.nongroup_share_of_private
                  * p["public_option_takeup"] * p["public_option_premium_reduction"])
    rate_savings = 0.0
    if p["all_payer_rate_setting"]:
        mix = steps.payer_mix(b.phc)
        h_cut = 1 - min(1.0, p["all_payer_hospital_cap_vs_medicare"] / p["private_hospital_price_vs_medicare"])
        d_cut = 1 - min(1.0, p["all_payer_physician_cap_vs_medicare"] / p["private_physician_price_vs_medicare"])
        rate_savings = (b.services["hospital"] * mix["private"] * h_cut
                        + b.services["physician_clinical"] * mix["private"] * d_cut) * (1 + phi_admin_rate)
    pays = {
        "taxes": sq["taxes"] + subsidies,
        "premiums": sq["premiums"] + new_premiums - subsidies - po_savings - rate_savings,
        "out_of_pocket": sq["out_of_pocket"] - prior + new_spend * cost_share,
        "other_private": sq["other_private"],
    }
    return {
        "total": sum(pays.values()),
        "who_pays": pays,
        "coverage_rate": 1 - min(u, p["aca_residual_uninsured_rate"]),
        "newly_covered_share": newly,
        "components": {"added_use": added, "admin_on_new_coverage": new_spend * (1 - cost_share) * phi_admin_rate,
                       "new_subsidies": subsidies, "public_option_savings": po_savings,
                       "rate_setting_savings": rate_savings},
    }


def _pct(x: float, base: float) -> float:
    return (x - base) / base * 100


def summarize(state_name: str, year: int, routes: dict[str, dict[str, Any]]) -> list[str]:
    """Plain-language sentences: where the routes come out close, and where they differ."""
    sq = routes["status_quo"]["total"]
    sp, aca = routes["single_payer"]["total"], routes["build_on_aca"]["total"]
    b = 1e9
    lines = [
        f"In {year}, {state_name} spends about ${sq / b:,.1f}B on health care (status quo). Single payer would "
        f"cost ${sp / b:,.1f}B ({_pct(sp, sq):+.1f}%) and building on the ACA ${aca / b:,.1f}B "
        f"({_pct(aca, sq):+.1f}%)."
    ]
    gap = abs(sp - aca) / sq * 100
    if gap <= CLOSE_PCT:
        lines.append(f"On total spending the two routes come out close: {gap:.1f}% of today's spending apart, "
                     "well inside the uncertainty of either estimate.")
    else:
        cheaper = "single payer" if sp < aca else "building on the ACA"
        lines.append(f"On total spending they differ by ${abs(sp - aca) / b:,.1f}B ({gap:.1f}% of today's "
                     f"spending); {cheaper} costs less in this estimate.")
    pay = {k: v["who_pays"] for k, v in routes.items()}
    tax_share = {k: pay[k]["taxes"] / routes[k]["total"] * 100 for k in pay}
    priv_sq = pay["status_quo"]["premiums"] + pay["status_quo"]["out_of_pocket"]
    priv_aca = pay["build_on_aca"]["premiums"] + pay["build_on_aca"]["out_of_pocket"]
    lines.append(
        f"They differ most in who pays: taxes fund {tax_share['single_payer']:.0f}% of spending under single "
        f"payer, against {tax_share['status_quo']:.0f}% today and {tax_share['build_on_aca']:.0f}% building "
        f"on the ACA. Premiums and out-of-pocket costs (${priv_sq / b:,.1f}B today) fall to zero under single "
        f"payer and stay at ${priv_aca / b:,.1f}B building on the ACA."
    )
    cov = routes["build_on_aca"]["coverage_rate"] * 100
    lines.append(f"Coverage: everyone under single payer; about {cov:.1f}% building on the ACA, "
                 f"against {routes['status_quo']['coverage_rate'] * 100:.1f}% today.")
    return lines
