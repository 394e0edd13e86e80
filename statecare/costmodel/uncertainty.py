"""Uncertainty: Monte Carlo over the parameter ranges and a one-at-a-time (tornado) table.

Monte Carlo draws every uncertain parameter from a triangular distribution (low, default, high):
the published ranges (Cai et al. 2020 and the other sources in parameters.py) give the ends, the
default is the most likely value. All draws go through the model in one vectorised call (numpy
arrays in place of floats), which is why steps.py avoids branching on values. Parameters the user
set explicitly are held at the user's value: the band then shows what remains uncertain given
that choice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from statecare.costmodel import model
from statecare.costmodel.baseline import Baseline
from statecare.costmodel.parameters import ParamSpec, uncertain_specs

OUTPUTS = ("single_payer_total", "change", "change_pct", "retained_public_funds", "new_revenue",
           "payroll_tax_rate", "share_of_personal_income", "multiple_of_state_taxes", "admin_savings_pct",
           "per_capita_single_payer")
PERCENTILES = (10, 50, 90)


SINGLE_PAYER_STEPS = frozenset({"added_use", "provider_prices", "provider_billing_admin", "single_payer_admin",
                                "drug_prices", "other_savings", "retained_public_funds", "projection",
                                "tax_base"})


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


def draw(specs: list[ParamSpec], n: int, seed: int) -> dict[str, np.ndarray]:
    """n triangular draws per parameter, reproducible from the seed."""
    rng = np.random.default_rng(seed)
    out = {}
    for s in specs:
        assert s.low is not None and s.high is not None
        if s.distribution == "bernoulli":
            out[s.name] = (rng.random(n) < s.default).astype(float)
        elif s.high == s.low:
            out[s.name] = np.full(n, s.default)
        else:
            out[s.name] = rng.triangular(s.low, s.default, s.high, size=n)
    return out


def monte_carlo(b: Baseline, params: dict[str, Any], fixed: Mapping[str, Any], n: int, seed: int,
                baseline_for_year: Callable[[int], Baseline], last_year: int) -> dict[str, Any]:
    """P10/P50/P90 of every headline output (and the 10-year sums) over n draws."""
    if n < 10:
        raise ValueError(f"n={n}: a Monte Carlo needs at least 10 draws")
    specs = drawn_specs(fixed)
    draws = draw(specs, n, seed)
    p = {**params, **draws}
    res = model.run(b, p)
    path = model.project(res, b, p, baseline_for_year, last_year)
    values: dict[str, np.ndarray] = {k: np.broadcast_to(np.asarray(res[k], dtype=float), (n,)) for k in OUTPUTS}
    values["ten_year_new_revenue"] = sum(np.asarray(r["new_revenue"], dtype=float) for r in path)
    values["ten_year_single_payer_total"] = sum(np.asarray(r["single_payer_total"], dtype=float) for r in path)
    values[f"payroll_tax_rate_{path[-1]['year']}"] = np.asarray(path[-1]["payroll_tax_rate"], dtype=float)
    summary = {}
    for k, v in values.items():
        pct = np.percentile(v, PERCENTILES)
        summary[k] = {f"p{q}": float(x) for q, x in zip(PERCENTILES, pct, strict=True)}
        summary[k]["mean"] = float(np.mean(v))
    share_savings = float(np.mean(np.asarray(res["change"]) < 0))
    return {
        "n": n, "seed": seed, "outputs": summary,
        "probability_single_payer_costs_less": share_savings,
        "projection_years": [path[0]["year"], path[-1]["year"]],
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
    for s in drawn_specs(fixed, SINGLE_PAYER_STEPS - {"projection"}):
        lo = model.run(b, {**params, s.name: s.low})[output]
        hi = model.run(b, {**params, s.name: s.high})[output]
        rows.append({"parameter": s.name, "label": s.label, "low": s.low, "high": s.high,
                     "value": params[s.name], "output_at_low": lo, "output_at_high": hi,
                     "swing": abs(hi - lo), "base": base})
    rows.sort(key=lambda r: r["swing"], reverse=True)
    return rows
