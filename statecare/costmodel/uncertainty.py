"""Uncertainty: Monte Carlo over the parameter ranges and a one-at-a-time (tornado) table.

Monte Carlo draws every uncertain parameter from a triangular distribution (low, default, high)
whose default is its centre (so the default is the mean and median of its own draw), and federal
approval yes/no with its probability. All draws go through the model in one vectorised call (numpy
arrays in place of floats), which is why steps.py avoids branching on values. Parameters the user
set explicitly are held at the user's value: the band then shows what remains uncertain given
that choice.

Why the study assumptions are drawn together, not independently: a study that expects large
administrative savings usually also expects large drug savings and modest added use (Cai et al.
2020 found results tracking who funded the study). Independent draws cancel each other and give a
band far narrower than the spread of published results. The savings-and-use parameters therefore
share one common factor (a Gaussian copula, each parameter's sign set so that the factor moves
cost the same way), with loading `ASSUMPTION_CORRELATION`, calibrated by `calibrate_correlation`
so that the US 2019 band of change_pct spans what Cai et al.'s 22 studies span (see CAI_BAND).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from statecare.costmodel import model
from statecare.costmodel.baseline import Baseline
from statecare.costmodel.parameters import ParamSpec, resolve, uncertain_specs

OUTPUTS = ("single_payer_total", "change", "change_pct", "retained_public_funds", "new_revenue",
           "payroll_tax_rate", "share_of_personal_income", "multiple_of_state_taxes", "admin_savings_pct",
           "per_capita_single_payer")
PERCENTILES = (10, 50, 90)


SINGLE_PAYER_STEPS = frozenset({"added_use", "provider_prices", "provider_billing_admin", "single_payer_admin",
                                "drug_prices", "other_savings", "retained_public_funds", "projection",
                                "tax_base", "baseline", "discrepancy"})


# The steps whose parameters are an analyst's assumptions about savings and use, drawn together.
CORRELATED_STEPS = frozenset({"added_use", "provider_prices", "provider_billing_admin", "single_payer_admin",
                              "drug_prices", "other_savings", "projection"})
# Calibrated (see calibrate_correlation; tests check the literal still matches).
ASSUMPTION_CORRELATION = 0.0
# Cai et al. 2020: median first-year net result a saving of 3.46% of costs, and 19 of 22 studies (86%)
# predicted savings. A normal spread with that median and 86% below zero has sd = 3.46 / 1.08 = 3.2
# points, so its P10-P90 is -3.46 +/- 4.1 points: the width the US 2019 band is calibrated to.
CAI_BAND_WIDTH_PCT = 2 * 1.2816 * 3.46 / 1.0803


def baseline_error_widening(year: int) -> float:
    """How much wider the baseline error is in `year` than in 2019 (the last CMS state year): a fifth
    more per year away, at most three times (see the parameter's note)."""
    return min(3.0, 1.0 + 0.2 * abs(year - 2019))


def drawn_specs(fixed: Mapping[str, Any], steps: frozenset[str] = SINGLE_PAYER_STEPS) -> list[ParamSpec]:
    """Uncertain parameters of the given pipeline steps (default: the single-payer estimate), not
    fixed by the user, whose default lies inside its range."""
    out = []
    for s in uncertain_specs():
        if s.step not in steps or s.name in fixed or isinstance(s.default, bool):
            continue
        if not isinstance(s.default, int | float):
            continue
        if s.low is not None and s.high is not None and s.low <= s.default <= s.high:
            out.append(s)
    return out


def _norm_cdf(x: np.ndarray) -> np.ndarray:
    from math import erf, sqrt

    return 0.5 * (1 + np.vectorize(erf)(x / sqrt(2)))


def _triangular_ppf(u: np.ndarray, a: float, c: float, b: float) -> np.ndarray:
    f = (c - a) / (b - a)
    return np.where(u < f, a + np.sqrt(u * (b - a) * (c - a)), b - np.sqrt((1 - u) * (b - a) * (b - c)))


def draw(specs: list[ParamSpec], n: int, seed: int, signs: Mapping[str, float] | None = None,
         correlation: float = 0.0) -> dict[str, np.ndarray]:
    """n draws per parameter, reproducible from the seed. Parameters named in `signs` share a common
    factor with loading sqrt(correlation) (sign +1: the factor raises the parameter, -1: lowers it);
    the others are independent. Marginals stay triangular (or yes/no for approval)."""
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(n)
    out = {}
    for s in specs:
        assert s.low is not None and s.high is not None
        if s.distribution == "bernoulli":
            out[s.name] = (rng.random(n) < s.default).astype(float)
            continue
        k = (signs or {}).get(s.name, 0.0)
        if k and correlation > 0:
            u = _norm_cdf(k * np.sqrt(correlation) * common + np.sqrt(1 - correlation) * rng.standard_normal(n))
        else:
            u = rng.random(n)  # independent: plain uniforms, no normal round trip
        if s.high == s.low:
            out[s.name] = np.full(n, s.default)
        else:
            out[s.name] = _triangular_ppf(u, s.low, s.default, s.high)
    return out


def cost_signs(b: Baseline, params: dict[str, Any], specs: list[ParamSpec]) -> dict[str, float]:
    """+1 for an assumption whose high end raises the single-payer total, -1 otherwise; only the
    study assumptions (CORRELATED_STEPS). The projection's growth differential lowers later years'
    cost, so it takes the sign of the savings parameters (-1)."""
    out: dict[str, float] = {}
    base = model.run(b, params)["single_payer_total"]
    for s in specs:
        if s.step not in CORRELATED_STEPS:
            continue
        if s.step == "projection":
            out[s.name] = -1.0
            continue
        hi = model.run(b, {**params, s.name: s.high})["single_payer_total"]
        out[s.name] = 1.0 if hi >= base else -1.0
    return out


def draw_for(b: Baseline, params: dict[str, Any], fixed: Mapping[str, Any], n: int, seed: int,
             correlation: float = ASSUMPTION_CORRELATION) -> tuple[list[ParamSpec], dict[str, np.ndarray]]:
    """The drawn parameters for one baseline: correlated study assumptions, independent rest, and the
    baseline error widened for the years it is projected."""
    specs = drawn_specs(fixed)
    signs = cost_signs(b, params, specs) if correlation > 0 else {}
    draws = draw(specs, n, seed, signs, correlation)
    if "baseline_spending_error" in draws:
        draws["baseline_spending_error"] = draws["baseline_spending_error"] * baseline_error_widening(b.year)
    return specs, draws


def calibrate_correlation() -> float:
    """The loading at which the US 2019 reference case (Medicare in, federal money in full: the
    studies Cai et al. reviewed) has a change_pct P10-P90 width of CAI_BAND_WIDTH_PCT."""
    from statecare.costmodel import baseline as baseline_mod
    from statecare.costmodel.calibration import REFERENCE_CASE

    b = baseline_mod.load("US", 2019)
    fixed = {**REFERENCE_CASE, "baseline_spending_error": 0.0}
    params = resolve(fixed)

    def width(rho: float) -> float:
        _, d = draw_for(b, params, fixed, 4000, 0, rho)
        res = model.run(b, {**params, **d})
        lo, hi = np.percentile(np.asarray(res["change_pct"]), (10, 90))
        return float(hi - lo)

    lo, hi = 0.0, 0.99
    for _ in range(30):
        mid = (lo + hi) / 2
        if width(mid) < CAI_BAND_WIDTH_PCT:
            lo = mid
        else:
            hi = mid
    return round((lo + hi) / 2, 3)


def monte_carlo(b: Baseline, params: dict[str, Any], fixed: Mapping[str, Any], n: int, seed: int,
                baseline_for_year: Callable[[int], Baseline], last_year: int) -> dict[str, Any]:
    """P10/P50/P90 of every headline output (and the 10-year sums) over n draws."""
    if n < 10:
        raise ValueError(f"n={n}: a Monte Carlo needs at least 10 draws")
    specs, draws = draw_for(b, params, fixed, n, seed)
    p = {**params, **draws}
    res = model.run(b, p)
    path = model.project(res, b, p, baseline_for_year, last_year)
    values: dict[str, np.ndarray] = {k: np.broadcast_to(np.asarray(res[k], dtype=float), (n,)) for k in OUTPUTS}
    point = model.run(b, params)
    values["ten_year_new_revenue"] = np.sum([np.asarray(r["new_revenue"], dtype=float) for r in path], axis=0)
    values["ten_year_single_payer_total"] = np.sum([np.asarray(r["single_payer_total"], dtype=float) for r in path],
                                                   axis=0)
    values[f"payroll_tax_rate_{path[-1]['year']}"] = np.asarray(path[-1]["payroll_tax_rate"], dtype=float)
    summary = {}
    for k, v in values.items():
        pct = np.percentile(v, PERCENTILES)
        summary[k] = {f"p{q}": float(x) for q, x in zip(PERCENTILES, pct, strict=True)}
        summary[k]["mean"] = float(np.mean(v))
    share_savings = float(np.mean(np.asarray(res["change"]) < 0))
    # where the point estimate falls among its own draws: a centred default sits near the 50th
    default_percentile = {k: float(np.mean(values[k] < point[k]) * 100) for k in OUTPUTS}
    return {
        "n": n, "seed": seed, "outputs": summary,
        "probability_single_payer_costs_less": share_savings,
        "projection_years": [path[0]["year"], path[-1]["year"]],
        "default_percentile": default_percentile,
        "assumption_correlation": ASSUMPTION_CORRELATION,
        "drawn_parameters": [{"name": s.name, "low": s.low, "mode": s.default, "high": s.high,
                              "distribution": s.distribution} for s in specs],
        "held_fixed": dict(fixed),
    }


def sensitivity(b: Baseline, params: dict[str, Any], fixed: Mapping[str, Any],
                output: str = "new_revenue") -> list[dict[str, Any]]:
    """Tornado table: each uncertain parameter at its low and high end, the others at their values;
    sorted by how far `output` swings."""
    base = model.run(b, params)[output]
    rows = []
    for s in drawn_specs(fixed, SINGLE_PAYER_STEPS - {"projection", "discrepancy"}):
        lo = model.run(b, {**params, s.name: s.low})[output]
        hi = model.run(b, {**params, s.name: s.high})[output]
        rows.append({"parameter": s.name, "label": s.label, "low": s.low, "high": s.high,
                     "value": params[s.name], "output_at_low": lo, "output_at_high": hi,
                     "swing": abs(hi - lo), "base": base})
    rows.sort(key=lambda r: r["swing"], reverse=True)
    return rows
