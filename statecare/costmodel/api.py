"""The cost model's public API, small on purpose: what the web site's state page and the CLI call.

    estimate(state, year, overrides=None, scenario=None) -> dict
    compare_routes(state, year, overrides=None) -> dict
    monte_carlo(state, year, n=2000, seed=0, overrides=None) -> dict
    sensitivity(state, year, overrides=None, output="new_revenue") -> dict
    parameter_specs() -> list[dict]
    scenario_names() -> list[str]
    assumptions(params, fixed) -> list[dict]      (grouped, with source and published/judgement)
    reproduce_studies() -> list[dict]             (scenario files beside their published figures)
    study_band_check() -> list[dict]              (published state studies vs default and band)

`state` is a postal code (or name) of the 50 states, DC or "US"; `year` a calendar year in the
baseline table (2015-2036). Money is in dollars, nominal, for that year; rates are fractions;
`change_pct` is in percent. Every result carries `parameters` (every value used), their sources,
the data sources and notes, so a page can show "how we got this number". Bad input raises
`CostModelError` (a ValueError) whose message names the bad state, year, parameter or file.

Speed: the baseline table is read once per process; an estimate takes well under a millisecond and
a 2,000-draw Monte Carlo a few milliseconds, so the state page can call these per request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from statecare.costmodel import baseline as baseline_mod
from statecare.costmodel import model, routes, uncertainty
from statecare.costmodel.baseline import Baseline, BaselineError
from statecare.costmodel.parameters import SPEC_BY_NAME, SPECS, STEP_GROUPS, ParameterError, resolve
from statecare.costmodel.scenarios import Scenario, ScenarioError, list_scenarios, load_scenario
from statecare.costmodel.sources import SOURCES

DATA_SOURCES = ("cms_state", "nhe_hist", "nhe_proj", "nhe_proj_2025", "acs_s2701", "kff_coverage",
                "bea_sainc1", "bea_sainc4", "census_stc", "cbo2019_subsidies")
# Dollar amounts that describe one study's geography; dropped when its parameters are applied elsewhere.
_STUDY_ONLY = ("retained_funds_override", "provider_billing_admin_base")
UNITS = ("dollars, nominal, calendar year; *_rate, *_share and multiple_of_state_taxes are ratios; "
         "change_pct and admin_savings_pct are percent")


class CostModelError(ValueError):
    """Any bad input to the cost model; the message names it."""


def _context(state: str | None, year: int | str | None, overrides: Mapping[str, Any] | None,
             scenario: str | None) -> tuple[Baseline, dict[str, Any], Callable[[int], Baseline],
                                              Scenario | None, list[str]]:
    """Resolve inputs into (baseline, parameters, baseline for later years, scenario, notes)."""
    notes: list[str] = []
    try:
        sc = load_scenario(scenario) if scenario else None
        if sc is None and (state is None or year is None):
            raise CostModelError("state and year are required (or a scenario file that names them)")
        st = baseline_mod.normalize_state(state) if state else sc.state  # type: ignore[union-attr]
        y = baseline_mod.check_year(year) if year is not None else sc.year  # type: ignore[union-attr]
        params_in: dict[str, Any] = {}
        if sc is not None:
            params_in.update(sc.parameters)
            if (st, y) != (sc.state, sc.year):
                for k in _STUDY_ONLY:
                    if params_in.pop(k, None) is not None:
                        notes.append(f"scenario parameter {k} describes {sc.state} {sc.year} and was not "
                                     f"applied to {st} {y}")
        params_in.update(overrides or {})
        params = resolve(params_in)
    except (BaselineError, ParameterError, ScenarioError) as exc:
        raise CostModelError(str(exc)) from None

    b = baseline_mod.load(st, y)
    factor, other0 = 1.0, 0.0
    if sc is not None and (st, y) == (sc.state, sc.year):
        b = sc.baseline()
        own = baseline_mod.load(st, y)
        factor = (b.phc_total + b.admin_total) / (own.phc_total + own.admin_total)
        other0 = b.other_nhe
        notes.append(f"baseline scaled to {sc.study.get('title', sc.name)}'s own status quo")
    own0 = baseline_mod.load(st, y)

    def later(year_: int) -> Baseline:
        by = baseline_mod.load(st, year_)
        if factor == 1.0 and not other0:
            return by
        g = (by.phc_total + by.admin_total) / (own0.phc_total + own0.admin_total)
        return replace(by, phc={k: v * factor for k, v in by.phc.items()},
                       services={k: v * factor for k, v in by.services.items()},
                       admin={k: v * factor for k, v in by.admin.items()},
                       aca_subsidies=by.aca_subsidies * factor, other_nhe=other0 * g)

    return b, params, later, sc, notes + list(b.notes)


def _provenance(params: Mapping[str, Any], fixed: Mapping[str, Any]) -> dict[str, Any]:
    keys = set(DATA_SOURCES)
    for name in params:
        keys.update(SPEC_BY_NAME[name].sources)
    return {
        "parameters": dict(params),
        "parameters_set_by_user_or_scenario": sorted(fixed),
        "parameter_sources": {n: list(SPEC_BY_NAME[n].sources) for n in params},
        "sources": {k: SOURCES[k] for k in sorted(keys)},
        "units": UNITS,
    }


def assumptions(params: Mapping[str, Any], fixed: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every single-payer assumption used, grouped as the steps run, each with its value, range,
    source keys and whether it is a published figure, a calibration or a judgement: the plain CLI
    output and the page print this so a reader sees what the number rests on without --json.
    Study-only overrides that are unset (None) and the build-on-the-ACA route's own parameters are
    left out."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for s in SPECS:
        if s.step == "aca_route" or s.name not in params:
            continue
        value = params[s.name]
        if value is None:
            continue
        groups.setdefault(STEP_GROUPS.get(s.step, s.step), []).append({
            "name": s.name, "label": s.label, "value": value, "unit": s.unit, "low": s.low, "high": s.high,
            "sources": list(s.sources), "basis": s.basis, "drawn_in_band": s.uncertain and s.low is not None,
            "set_by_user_or_scenario": s.name in (fixed or {})})
    order = list(dict.fromkeys(STEP_GROUPS.values()))
    return [{"group": g, "assumptions": groups[g]} for g in sorted(groups, key=order.index)]


def reproduce_studies() -> list[dict[str, Any]]:
    """Each scenario file (a study's own parameters) run through the same functions, beside the
    study's published figures and the difference in percent."""
    from statecare.costmodel import studies

    return studies.reproduce()


def study_band_check(n: int = 4000, seed: int = 0) -> list[dict[str, Any]]:
    """Published state studies' new-revenue figures beside the default estimate and the P10-P90
    band for the same state and year (studies.STUDIES; role says calibration or kept aside)."""
    from statecare.costmodel import studies

    return studies.band_check(n=n, seed=seed)


def _baseline_summary(b: Baseline) -> dict[str, Any]:
    return {"basis": b.basis, "population": b.population, "personal_health_care": b.phc_total,
            "payer_administration": b.admin_total, "other_national_health_spending": b.other_nhe,
            "personal_health_care_by_payer": dict(b.phc), "personal_health_care_by_service": dict(b.services),
            "administration_by_payer": dict(b.admin), "uninsured_rate": b.uninsured_rate,
            "aca_subsidies": b.aca_subsidies, "medicaid_federal_share": b.medicaid_federal_share,
            "wages": b.wages, "personal_income": b.personal_income, "state_taxes": b.state_taxes}


def _fixed(overrides: Mapping[str, Any] | None, sc: Scenario | None) -> dict[str, Any]:
    return {**(sc.parameters if sc else {}), **(overrides or {})}


def estimate(state: str | None, year: int | str | None, overrides: Mapping[str, Any] | None = None,
             scenario: str | None = None) -> dict[str, Any]:
    """Status quo vs single payer for a state and year: totals, retained public funds, new revenue,
    tax rates, every step, the 10-year projection, who pays, and the parameters and sources used."""
    b, p, later, sc, notes = _context(state, year, overrides, scenario)
    r = model.run(b, p)
    last = baseline_mod.available_years()[1]
    out: dict[str, Any] = {
        "state": b.state, "state_name": b.state_name, "year": b.year,
        "scenario": sc.name if sc else None,
        **{k: v for k, v in r.items() if k != "steps"},
        "steps": r["steps"],
        "projection": model.project(r, b, p, later, last),
        "who_pays": {"status_quo": routes.who_pays_status_quo(b), "single_payer": routes.who_pays_single_payer(r)},
        "baseline": _baseline_summary(b),
        "notes": notes,
        "assumptions": assumptions(p, _fixed(overrides, sc)),
        **_provenance(p, _fixed(overrides, sc)),
    }
    if sc is not None:
        out["study"] = {**sc.study, "citation": SOURCES[sc.study["source"]], "expected": sc.expected}
    return out


def compare_routes(state: str, year: int | str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Status quo, single payer and building on the ACA for a state: total burden, who pays it
    (taxes, premiums, out of pocket, other private) and a plain-language comparison."""
    b, p, _, _, notes = _context(state, year, overrides, None)
    r = model.run(b, p)
    aca = routes.build_on_aca(b, p)
    sq = routes.who_pays_status_quo(b)
    result = {
        "status_quo": {"total": b.status_quo_total, "who_pays": sq, "coverage_rate": 1 - b.uninsured_rate},
        "single_payer": {"total": r["single_payer_total"], "who_pays": routes.who_pays_single_payer(r),
                         "coverage_rate": 1.0},
        "build_on_aca": {"total": aca["total"], "who_pays": aca["who_pays"],
                         "coverage_rate": aca["coverage_rate"], "components": aca["components"],
                         "all_payer_rate_setting": bool(p["all_payer_rate_setting"])},
    }
    return {"state": b.state, "state_name": b.state_name, "year": b.year, "routes": result,
            "summary": routes.summarize(b.state_name, b.year, result), "notes": notes,
            **_provenance(p, dict(overrides or {}))}


def monte_carlo(state: str, year: int | str, n: int = 2000, seed: int = 0,
                overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """P10/P50/P90 of every headline output over `n` seeded draws of the uncertain parameters."""
    b, p, later, _, notes = _context(state, year, overrides, None)
    if not 10 <= int(n) <= 200_000:
        raise CostModelError(f"n={n}: use between 10 and 200000 draws")
    mc = uncertainty.monte_carlo(b, p, dict(overrides or {}), int(n), int(seed), later,
                                 baseline_mod.available_years()[1])
    return {"state": b.state, "state_name": b.state_name, "year": b.year,
            "status_quo_total": b.status_quo_total, **mc, "notes": notes, **_provenance(p, dict(overrides or {}))}


def sensitivity(state: str, year: int | str, overrides: Mapping[str, Any] | None = None,
                output: str = "new_revenue") -> dict[str, Any]:
    """Tornado table: which parameter moves `output` (default new revenue) the most."""
    if output not in uncertainty.OUTPUTS:
        raise CostModelError(f"output {output!r} unknown; choose from {', '.join(uncertainty.OUTPUTS)}")
    b, p, _, _, notes = _context(state, year, overrides, None)
    rows = uncertainty.sensitivity(b, p, dict(overrides or {}), output)
    return {"state": b.state, "state_name": b.state_name, "year": b.year, "output": output, "rows": rows,
            "notes": notes, **_provenance(p, dict(overrides or {}))}


def parameter_specs() -> list[dict[str, Any]]:
    """Name, default, range, unit, step, sources (keys and citations), label and note of every
    parameter; `web_form` marks the main ones a page should let readers change."""
    return [s.as_dict() for s in SPECS]


def scenario_names() -> list[str]:
    """Built-in scenario files (published studies)."""
    return list_scenarios()
