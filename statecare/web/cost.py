"""The state page's cost panel: a thin adapter over statecare.costmodel.api.

The cost model is its own stage: a failure inside it (a missing baseline table, a model bug) must not
take the state page down. Every call is guarded, and a failure becomes a panel that says "cost model
unavailable" and why, instead of a 500 on the state page.

Form values arrive as strings: they are parsed and range-checked here against the model's own
parameter specs (`parameter_specs()`), so a bad number gets a message beside its field.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import current_app

from statecare.costmodel import api as costmodel_api

log = logging.getLogger(__name__)
PARAM_PREFIX = "p."
MC_DRAWS = 1000
MC_SEED = 0  # fixed: the same page shows the same band on every load
MIN_YEAR, MAX_YEAR = 2015, 2036  # the years the cost baseline covers


class CostUnavailable(RuntimeError):
    """The cost model package is absent or failed to load."""


def covers(state: str) -> bool:
    """Whether the cost model's baseline has the state (the 50 states and DC; Puerto Rico is tracked
    as a legislature but CMS's state health expenditure series does not cover it)."""
    from statecare.costmodel.baseline import available_states

    return state.upper() in {c.upper() for c in available_states()}


def api() -> Any:
    """The cost model's API (statecare.costmodel.api), or raise CostUnavailable naming the reason.

    The model checks its baseline table when first asked for its parameters; a model that cannot
    answer that is unavailable, and the page says so. An app may set COST_MODEL_API to another
    object with the same functions (an operator's patched model, or a test's failing one).
    """
    parameter_specs()
    return _model()


def _model() -> Any:
    return current_app.config.get("COST_MODEL_API") or costmodel_api


def parameter_specs() -> list[dict[str, Any]]:
    """The model's parameter specs, or CostUnavailable naming why the model cannot answer.

    Asking for them is also the check that the model loads, so callers that need the specs ask
    here once rather than through api() and then again."""
    try:
        return list(_model().parameter_specs())
    except Exception as exc:  # noqa: BLE001 - a broken model must not break the page
        log.exception("cost model failed to load")
        raise CostUnavailable(f"the cost model failed to load: {exc}") from exc


@dataclass
class Spec:
    name: str
    label: str
    default: Any
    low: float | None
    high: float | None
    unit: str
    note: str
    citations: list[str]
    value: Any = None

    @property
    def is_percent(self) -> bool:
        return "fraction" in (self.unit or "")

    @property
    def is_bool(self) -> bool:
        return isinstance(self.default, bool) or self.unit == "yes/no"

    def show(self, v: Any) -> str:
        """A value in words for the page: 0.5 -> "50%" for fractions, yes/no for switches."""
        if v is None:
            return "—"
        if self.is_bool:
            return "yes" if v else "no"
        if self.is_percent:
            return f"{float(v) * 100:.3g}%"
        return f"{float(v):g}"


def _spec(d: Any) -> Spec:
    g = d.get if isinstance(d, dict) else (lambda k, default=None: getattr(d, k, default))
    cites = g("citations") or g("sources") or []
    return Spec(name=str(g("name")), label=str(g("label") or g("name")), default=g("default"), low=g("low"),
                high=g("high"), unit=g("unit") or "", note=g("note") or "",
                citations=[str(c) for c in cites])


def form_specs() -> list[Spec]:
    """The parameters the web form offers (those the model marks web_form)."""
    specs = parameter_specs()
    out = []
    for d in specs:
        wf = d.get("web_form") if isinstance(d, dict) else getattr(d, "web_form", False)
        if wf:
            out.append(_spec(d))
    return out


def params_from_form(form: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Parse the posted form (year + p.<name> fields): (values, errors by field name)."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    year = (form.get("year") or "").strip()
    if year:
        if not year.isdigit() or not MIN_YEAR <= int(year) <= MAX_YEAR:
            errors["year"] = f"Year must be a whole number from {MIN_YEAR} to {MAX_YEAR} (got {year!r})."
        else:
            values["year"] = int(year)
    try:
        specs = {s.name: s for s in form_specs()}
    except CostUnavailable:
        specs = {}
    for key, raw in form.items():
        if not key.startswith(PARAM_PREFIX):
            continue
        name = key[len(PARAM_PREFIX):]
        raw = (raw or "").strip()
        if not raw:
            continue
        spec = specs.get(name)
        if spec is None:
            errors[key] = f"Unknown parameter {name!r}." if specs else "The cost model is unavailable."
            continue
        if spec.is_bool:
            if raw.lower() not in ("yes", "no", "true", "false", "1", "0"):
                errors[key] = f"{spec.label}: answer yes or no (got {raw!r})."
            else:
                values[name] = raw.lower() in ("yes", "true", "1")
            continue
        try:
            # "50%" is a percentage; a plain number is in the model's own unit (0.5 = 50%)
            val = float(raw[:-1]) / 100.0 if raw.endswith("%") else float(raw)
        except ValueError:
            errors[key] = f"{spec.label}: {raw!r} is not a number."
            continue
        lo, hi = spec.low, spec.high
        if val != val or (lo is not None and val < lo) or (hi is not None and val > hi):
            errors[key] = (f"{spec.label}: {raw} is outside the plausible range "
                           f"{spec.show(lo)} to {spec.show(hi)}.")
            continue
        values[name] = val
    return values, errors


def as_query(values: dict[str, Any]) -> dict[str, str]:
    """Form values as URL query parameters (year=..., p.name=...), in the model's units."""
    out = {}
    for k, v in values.items():
        if isinstance(v, bool):
            out[PARAM_PREFIX + k] = "yes" if v else "no"
        else:
            out["year" if k == "year" else PARAM_PREFIX + k] = f"{v:g}" if isinstance(v, float) else str(v)
    return out


@dataclass
class Bar:
    """One scenario in the who-pays chart: dollar amounts by payer group."""

    key: str
    label: str
    total: float
    parts: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class Panel:
    state: str
    available: bool
    message: str = ""
    year: int | None = None
    bars: list[Bar] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    band: dict[str, float] | None = None
    assumptions: list[dict[str, Any]] = field(default_factory=list)
    specs: list[Spec] = field(default_factory=list)
    overrides: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    movers: list[dict[str, Any]] = field(default_factory=list)


MOVERS_SHOWN = 5  # the page names the few assumptions that move new revenue most, not all of them
CMS_CITATION = ("Centers for Medicare & Medicaid Services (2022). Health Expenditures by State of Residence.")


def panel_from_args(state: str, args: Any) -> Panel:
    """The panel for a GET request (parameters in the query string)."""
    values, errors = params_from_form(args)
    year = values.pop("year", None)
    return panel(state, year, values, errors=errors)


def panel(state: str, year: int | None, overrides: dict[str, Any], errors: dict[str, str] | None = None) -> Panel:
    """Compute the panel; any failure of the model becomes an 'unavailable' panel with the reason."""
    p = Panel(state=state, available=False, overrides=dict(overrides), errors=dict(errors or {}))
    try:
        mod = api()
    except CostUnavailable as exc:
        p.message = f"Cost model unavailable: {exc}."
        return p
    good = {k: v for k, v in overrides.items() if PARAM_PREFIX + k not in p.errors}
    try:
        p.specs = form_specs()
        _fill(p, mod, state, year or default_year(), good)
        p.available = True
    except CostUnavailable as exc:
        p.message = f"Cost model unavailable: {exc}."
    except ValueError as exc:  # CostModelError: the model names the bad state, year or parameter
        p.message = f"No cost estimate for {state.upper()}: {exc}"
    except Exception as exc:  # noqa: BLE001 - the page must survive a model bug
        log.exception("cost model failed for %s", state)
        p.message = f"Cost model unavailable: it failed for {state.upper()} ({type(exc).__name__})."
    for s in p.specs:
        s.value = overrides.get(s.name)
    return p


def default_year() -> int:
    """This calendar year, within the years the baseline covers."""
    return min(max(datetime.now(UTC).year, MIN_YEAR), MAX_YEAR)


ROUTES = (("status_quo", "Status quo"), ("single_payer", "Single-payer"), ("build_on_aca", "Build on the ACA"))
PAYERS = (("taxes", "Taxes"), ("premiums", "Premiums"), ("out_of_pocket", "Out of pocket"),
          ("other_private", "Other private"))


def _fill(p: Panel, mod: Any, state: str, year: int, overrides: dict[str, Any]) -> None:
    """Ask the model for the three routes, the single-payer estimate and its uncertainty."""
    routes = mod.compare_routes(state, year, overrides)
    est = mod.estimate(state, year, overrides)
    mc = mod.monte_carlo(state, year, n=MC_DRAWS, seed=MC_SEED, overrides=overrides)
    p.year = int(routes.get("year", year))
    for key, label in ROUTES:
        r = routes["routes"][key]
        who = r.get("who_pays") or {}
        p.bars.append(Bar(key=key, label=label, total=float(r["total"]),
                          parts=[(plabel, float(who.get(pk) or 0.0)) for pk, plabel in PAYERS]))
    cov = {k: routes["routes"][k].get("coverage_rate") for k, _ in ROUTES}
    p.summary = {
        "sentences": list(routes.get("summary") or []),
        "status_quo_total": est["status_quo_total"], "single_payer_total": est["single_payer_total"],
        "build_on_aca_total": routes["routes"]["build_on_aca"]["total"], "change_pct": est["change_pct"],
        # the ACA route's change against the status quo, as the sentences below give it ("$421.0B (+1.2%)")
        "build_on_aca_change_pct": (routes["routes"]["build_on_aca"]["total"] / est["status_quo_total"] - 1) * 100
        if est["status_quo_total"] else None,
        "retained_public_funds": est["retained_public_funds"], "new_revenue": est["new_revenue"],
        "payroll_tax_rate": est.get("payroll_tax_rate"), "coverage": cov,
        "notes": list(dict.fromkeys([*routes.get("notes", []), *est.get("notes", [])])),
    }
    out = (mc.get("outputs") or {}).get("single_payer_total") or {}
    if out:
        p.band = {"low": float(out["p10"]), "median": float(out["p50"]), "high": float(out["p90"]),
                  "status_quo": float(est["status_quo_total"]), "draws": float(mc.get("n", MC_DRAWS)),
                  "probability_less": float(mc.get("probability_single_payer_costs_less", float("nan")))}
        pct = (mc.get("outputs") or {}).get("change_pct") or {}
        if pct:
            p.band.update(change_low=float(pct["p10"]), change_high=float(pct["p90"]))
    specs = {s.name: s for s in (_spec(d) for d in mod.parameter_specs())}
    srcs = routes.get("sources") or {}
    used = routes.get("parameters") or {}
    set_by_user = set(routes.get("parameters_set_by_user_or_scenario") or [])
    for name, val in used.items():
        sp = specs.get(name)
        keys = (routes.get("parameter_sources") or {}).get(name, [])
        p.assumptions.append({
            "name": name, "label": sp.label if sp else name, "value": val,
            "shown": sp.show(val) if sp and (val is None or isinstance(val, (int, float))) else str(val),
            "unit": sp.unit if sp else "", "note": sp.note if sp else "",
            "sources": [srcs.get(k, k) for k in keys], "changed": name in set_by_user,
        })
    p.sources = [str(v) for v in srcs.values()]
    p.movers = movers(mod, state, year, overrides, specs)
    p.raw = {"routes": routes["routes"], "estimate": {k: est[k] for k in (
        "status_quo_total", "single_payer_total", "change_pct", "retained_public_funds", "new_revenue",
        "payroll_tax_rate") if k in est}, "monte_carlo": mc.get("outputs"), "parameters": used}


def movers(mod: Any, state: str, year: int, overrides: dict[str, Any], specs: dict[str, Spec]) -> list[dict[str, Any]]:
    """The assumptions that move the new-revenue figure most: the model's one-at-a-time table
    (each assumption alone at the ends of its range), largest swing first. A reader who doubts the
    number learns which few assumptions to argue about; the rest barely matter."""
    try:
        rows = mod.sensitivity(state, year, overrides, output="new_revenue").get("rows") or []
    except Exception:  # noqa: BLE001 - the table is an aid; the panel stands without it
        log.exception("cost sensitivity failed for %s", state)
        return []
    out = []
    for r in rows[:MOVERS_SHOWN]:
        sp = specs.get(r["parameter"])
        if not r.get("swing"):
            continue
        out.append({"name": r["parameter"], "label": r.get("label") or r["parameter"],
                    "low": sp.show(r["low"]) if sp else str(r["low"]),
                    "high": sp.show(r["high"]) if sp else str(r["high"]),
                    "at_low": float(r["output_at_low"]), "at_high": float(r["output_at_high"]),
                    "swing": float(r["swing"])})
    return out
