"""`statecare cost ...`: the cost model from the command line (collected by statecare.cli).

    statecare cost run --state NY --year 2022 [--scenario FILE] [--set name=value ...] [--json]
    statecare cost compare --state CA --year 2024 [--all-payer] [--json]
    statecare cost montecarlo --state NY --year 2022 [--n 2000] [--seed 0] [--json]
    statecare cost sensitivity --state NY --year 2022 [--output new_revenue] [--json]
    statecare cost params [--json]          statecare cost scenarios
    statecare cost studies [--json]         (reproduce the studies; published studies vs the band)
    statecare cost build-baseline [--check]

Human output is a short table; --json prints the full result (every step, parameter and source).
Bad input exits with status 2 (usage) and a message naming the bad state, year, parameter or file.
"""

from __future__ import annotations

import json
import math
from typing import Any

import click

from statecare.costmodel import api
from statecare.costmodel.build_baseline import build_baseline_command

B = 1e9


def _parse_sets(values: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in values:
        if "=" not in item:
            raise click.BadParameter(f"{item!r}: expected name=value", param_hint="--set")
        name, raw = item.split("=", 1)
        raw = raw.strip()
        val: Any = raw
        if raw.lower() in ("true", "false"):
            val = raw.lower() == "true"
        else:
            try:
                val = float(raw)
            except ValueError:
                val = raw
        out[name.strip()] = val
    return out


def _call(fn, *args, **kwargs) -> Any:
    try:
        return fn(*args, **kwargs)
    except api.CostModelError as exc:
        raise click.UsageError(str(exc)) from None


def _json(obj: Any) -> str:
    def default(o: Any) -> Any:
        if hasattr(o, "tolist"):
            return o.tolist()
        raise TypeError(f"not JSON serializable: {type(o).__name__}")

    def clean(o: Any) -> Any:
        if isinstance(o, float) and not math.isfinite(o):
            return None
        if isinstance(o, dict):
            return {k: clean(v) for k, v in o.items()}
        if isinstance(o, list | tuple):
            return [clean(v) for v in o]
        return o

    return json.dumps(clean(obj), indent=2, default=default)


def _money(x: float) -> str:
    return f"${x / B:,.1f}B"


_state = click.option("--state", "state", default=None, help="Postal code: 50 states, DC or US.")
_year = click.option("--year", "year", type=int, default=None, help="Calendar year (2015-2036).")
_sets = click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
                     help="Override a parameter (see `statecare cost params`); repeatable.")
_as_json = click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")


@click.group("cost")
def cost_group() -> None:
    """Cost model: status quo vs single payer vs building on the ACA, per state."""


@cost_group.command("run")
@_state
@_year
@click.option("--scenario", default=None, help="Scenario TOML file or built-in name (see `cost scenarios`).")
@_sets
@_as_json
def run_command(state: str | None, year: int | None, scenario: str | None, sets: tuple[str, ...],
                as_json: bool) -> None:
    """Single-payer estimate for one state and year."""
    if scenario is None and (state is None or year is None):
        raise click.UsageError("--state and --year are required unless --scenario names them")
    r = _call(api.estimate, state, year, _parse_sets(sets), scenario=scenario)
    if as_json:
        click.echo(_json(r))
        return
    click.echo(f"{r['state_name']} {r['year']}" + (f" - scenario {r['scenario']}" if r["scenario"] else ""))
    rows = [("Status quo spending", _money(r["status_quo_total"])),
            ("Single-payer spending", _money(r["single_payer_total"])),
            ("Change", f"{_money(r['change'])} ({r['change_pct']:+.1f}%)"),
            ("Public funds retained", _money(r["retained_public_funds"])),
            ("New revenue needed", _money(r["new_revenue"])),
            ("  as payroll tax on wages", f"{r['payroll_tax_rate'] * 100:.1f}%"),
            ("  as share of personal income", f"{r['share_of_personal_income'] * 100:.1f}%"),
            ("  as multiple of state taxes", f"{r['multiple_of_state_taxes']:.2f}x")]
    for k, v in rows:
        click.echo(f"  {k:<32}{v:>18}")
    last = r["projection"][-1]
    click.echo(f"  {'Payroll tax rate in ' + str(last['year']):<32}{last['payroll_tax_rate'] * 100:>17.1f}%")
    for n in r["notes"]:
        click.echo(f"  note: {n}")
    click.echo("")
    click.echo("Assumptions (value; range drawn for the band; basis; sources; * = set by you or the scenario)")
    for group in r["assumptions"]:
        click.echo(f"  {group['group']}")
        for a in group["assumptions"]:
            rng = f"[{_fmt_value(a, a['low'])} to {_fmt_value(a, a['high'])}]" if a["drawn_in_band"] else "fixed"
            star = "*" if a["set_by_user_or_scenario"] else " "
            click.echo(f"   {star}{a['label']:<52}{_fmt_value(a, a['value']):>10}  {rng:<20} "
                       f"{a['basis']}" + "".join(f"; {k}" for k in a["sources"]
                                                 if k not in ("judgement", "calibrated", "calibrated_studies")))


def _fmt_value(a: dict[str, Any], v: Any) -> str:
    """A parameter value for the plain output: fractions as percent, switches as yes/no."""
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, str):
        return v
    if a["unit"].startswith("fraction") or a["unit"] == "probability":
        return f"{v * 100:.3g}%"
    return f"{v:.4g}"


@cost_group.command("compare")
@_state
@_year
@click.option("--all-payer", is_flag=True, help="Add all-payer rate setting to the build-on-the-ACA route.")
@_sets
@_as_json
def compare_command(state: str | None, year: int | None, all_payer: bool, sets: tuple[str, ...],
                    as_json: bool) -> None:
    """Status quo vs single payer vs building on the ACA: total burden and who pays."""
    if state is None or year is None:
        raise click.UsageError("--state and --year are required")
    overrides = _parse_sets(sets)
    if all_payer:
        overrides["all_payer_rate_setting"] = True
    r = _call(api.compare_routes, state, year, overrides)
    if as_json:
        click.echo(_json(r))
        return
    click.echo(f"{r['state_name']} {r['year']}: total burden and who pays ($ billions, nominal)")
    head = f"  {'route':<16}{'total':>10}{'taxes':>10}{'premiums':>10}{'out of pocket':>15}{'other':>9}{'covered':>9}"
    click.echo(head)
    names = {"status_quo": "status quo", "single_payer": "single payer", "build_on_aca": "build on ACA"}
    for key, label in names.items():
        route = r["routes"][key]
        w = route["who_pays"]
        click.echo(f"  {label:<16}{route['total'] / B:>10.1f}{w['taxes'] / B:>10.1f}{w['premiums'] / B:>10.1f}"
                   f"{w['out_of_pocket'] / B:>15.1f}{w['other_private'] / B:>9.1f}"
                   f"{route['coverage_rate'] * 100:>8.1f}%")
    click.echo("")
    for line in r["summary"]:
        click.echo(line)


@cost_group.command("montecarlo")
@_state
@_year
@click.option("--n", "n", type=int, default=2000, show_default=True, help="Number of draws.")
@click.option("--seed", type=int, default=0, show_default=True)
@_sets
@_as_json
def montecarlo_command(state: str | None, year: int | None, n: int, seed: int, sets: tuple[str, ...],
                       as_json: bool) -> None:
    """P10/P50/P90 of every output over the parameter ranges."""
    if state is None or year is None:
        raise click.UsageError("--state and --year are required")
    r = _call(api.monte_carlo, state, year, n=n, seed=seed, overrides=_parse_sets(sets))
    if as_json:
        click.echo(_json(r))
        return
    click.echo(f"{r['state_name']} {r['year']}: {r['n']} draws (seed {r['seed']}), status quo "
               f"{_money(r['status_quo_total'])}")
    click.echo(f"  {'output':<34}{'P10':>12}{'P50':>12}{'P90':>12}")
    for k, v in r["outputs"].items():
        if "rate" in k or "share" in k:
            fmt = [f"{v[q] * 100:.1f}%" for q in ("p10", "p50", "p90")]
        elif k.endswith("pct") or "multiple" in k or "per_capita" in k:
            fmt = [f"{v[q]:,.2f}" for q in ("p10", "p50", "p90")]
        else:
            fmt = [_money(v[q]) for q in ("p10", "p50", "p90")]
        click.echo(f"  {k:<34}{fmt[0]:>12}{fmt[1]:>12}{fmt[2]:>12}")
    click.echo(f"  probability single payer costs less than the status quo: "
               f"{r['probability_single_payer_costs_less'] * 100:.0f}%")


@cost_group.command("sensitivity")
@_state
@_year
@click.option("--output", default="new_revenue", show_default=True, help="Output to swing.")
@_sets
@_as_json
def sensitivity_command(state: str | None, year: int | None, output: str, sets: tuple[str, ...],
                        as_json: bool) -> None:
    """Tornado table: which parameter moves new revenue (or --output) the most."""
    if state is None or year is None:
        raise click.UsageError("--state and --year are required")
    r = _call(api.sensitivity, state, year, _parse_sets(sets), output=output)
    if as_json:
        click.echo(_json(r))
        return
    scale = B if abs(r["rows"][0]["base"]) > 1e6 else 1.0
    unit = "$B" if scale == B else ""
    click.echo(f"{r['state_name']} {r['year']}: {output} = {r['rows'][0]['base'] / scale:,.2f}{unit} at the "
               "parameter values; each parameter alone at the ends of its range:")
    click.echo(f"  {'parameter':<38}{'low':>8}{'high':>8}{'at low':>12}{'at high':>12}{'swing':>10}")
    for row in r["rows"]:
        click.echo(f"  {row['parameter']:<38}{row['low']:>8.3g}{row['high']:>8.3g}"
                   f"{row['output_at_low'] / scale:>12.2f}{row['output_at_high'] / scale:>12.2f}"
                   f"{row['swing'] / scale:>10.2f}")


@cost_group.command("params")
@_as_json
def params_command(as_json: bool) -> None:
    """List every parameter with its default, range, unit and source."""
    specs = api.parameter_specs()
    if as_json:
        click.echo(_json(specs))
        return
    for s in specs:
        rng = "" if s["low"] is None else f" [{s['low']}-{s['high']}]"
        click.echo(f"{s['name']} = {s['default']!r}{rng} ({s['unit']}; {', '.join(s['sources'])}): {s['label']}")


@cost_group.command("scenarios")
def scenarios_command() -> None:
    """List the built-in scenario files (published studies)."""
    for name in api.scenario_names():
        click.echo(name)


@cost_group.command("studies")
@click.option("--n", "n", type=int, default=4000, show_default=True, help="Draws for each band.")
@_as_json
def studies_command(n: int, as_json: bool) -> None:
    """Reproduce the studies we have parameters for, and set published state studies beside the band."""
    rep = api.reproduce_studies()
    band = api.study_band_check(n=n)
    if as_json:
        click.echo(_json({"reproduced": rep, "published_vs_band": band}))
        return
    click.echo("Studies re-run from their own parameters through the same functions")
    for sc in rep:
        click.echo(f"  {sc['scenario']} ({sc['state']} {sc['year']}): {sc['citation'][:90]}")
        click.echo(f"    {'figure':<26}{'published':>14}{'model':>14}{'difference':>12}")
        for f in sc["figures"]:
            fmt = _money if abs(f["published"]) > 1e6 else (lambda x: f"{x:,.0f}")
            click.echo(f"    {f['figure']:<26}{fmt(f['published']):>14}{fmt(f['model']):>14}"
                       f"{f['difference_pct']:>+11.2f}%")
    click.echo("")
    click.echo("Published state studies: headline new revenue vs this model's default and P10-P90 band")
    click.echo(f"  {'study':<24}{'state':>6}{'year':>6}{'published':>11}{'default':>10}{'P10':>10}{'P90':>10}"
               f"  {'in band':<8}{'role':<12}figure")
    for r in band:
        click.echo(f"  {r['study']:<24}{r['state']:>6}{r['year']:>6}{_money(r['published']):>11}"
                   f"{_money(r['default']):>10}{_money(r['p10']):>10}{_money(r['p90']):>10}"
                   f"  {'yes' if r['inside'] else 'NO':<8}{r['role']:<12}{r['confidence']}")
    inside = sum(r["inside"] for r in band)
    click.echo(f"  inside the band: {inside} of {len(band)}")


cost_group.add_command(build_baseline_command)

commands: list[click.Command] = [cost_group]
