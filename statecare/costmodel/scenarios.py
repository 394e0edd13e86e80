"""Scenario files: a published study's assumptions as TOML, run through the same model.

One file per study in statecare/costmodel/scenarios/. Format:

    [study]        title, source (a key of sources.SOURCES), url, note
    [baseline]     state, year (the table row that gives the composition by payer and service);
                   optional status_quo_total (dollars: the study's own status quo, to which personal
                   care and administration are scaled), other_nhe (dollars of national spending the
                   study counted beyond personal care and administration), population
    [parameters]   any parameter of parameters.SPECS (unknown names are errors)
    [expected]     the study's published figures (dollars), checked by tests: single_payer_total
                   (required), status_quo_total, new_revenue, per_capita_*; tolerance (fraction)

A scenario reproduces a study only if the model, fed the study's own parameters, lands within
`tolerance` of its headline single-payer total - tests/costmodel/test_scenarios.py checks that.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from statecare.costmodel import baseline as baseline_mod
from statecare.costmodel.baseline import Baseline
from statecare.costmodel.parameters import ParameterError, resolve
from statecare.costmodel.sources import SOURCES

SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"
_SECTIONS = {"study", "baseline", "parameters", "expected"}


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Scenario:
    """A parsed scenario file."""

    path: Path
    study: dict[str, Any]
    state: str
    year: int
    status_quo_total: float | None
    other_nhe: float
    population: float | None
    parameters: dict[str, Any]
    expected: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.stem

    def baseline(self) -> Baseline:
        """The table row for (state, year), with spending scaled to the study's own status quo."""
        b = baseline_mod.load(self.state, self.year)
        return apply_study_baseline(b, self.status_quo_total, self.other_nhe, self.population)


def apply_study_baseline(b: Baseline, status_quo_total: float | None, other_nhe: float,
                         population: float | None) -> Baseline:
    """Scale personal care and administration so that, with other_nhe, they sum to the study's
    status quo; tax bases are left as they are (they are the state's, not the study's)."""
    if status_quo_total is not None:
        own = b.phc_total + b.admin_total
        f = (status_quo_total - other_nhe) / own
        b = replace(b, phc={k: v * f for k, v in b.phc.items()},
                    services={k: v * f for k, v in b.services.items()},
                    admin={k: v * f for k, v in b.admin.items()},
                    aca_subsidies=b.aca_subsidies * f, other_nhe=other_nhe,
                    notes=(*b.notes, f"spending scaled by {f:.4f} to the study's status quo"))
    elif other_nhe:
        b = replace(b, other_nhe=other_nhe)
    if population is not None:
        b = replace(b, population=population)
    return b


def load_scenario(path: str | Path) -> Scenario:
    """Parse and validate a scenario file; every problem raises ScenarioError naming the file."""
    p = Path(path)
    if not p.exists():
        named = SCENARIO_DIR / f"{p.name}" if p.suffix else SCENARIO_DIR / f"{p.name}.toml"
        if named.exists():
            p = named
        else:
            raise ScenarioError(f"scenario file {str(path)!r} not found (built-in: {', '.join(list_scenarios())})")
    try:
        data = tomllib.loads(p.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"scenario {p}: not valid TOML: {exc}") from None
    unknown = set(data) - _SECTIONS
    if unknown:
        raise ScenarioError(f"scenario {p}: unknown section(s) {sorted(unknown)}; allowed {sorted(_SECTIONS)}")
    study = data.get("study", {})
    if study.get("source") not in SOURCES:
        raise ScenarioError(f"scenario {p}: [study] source must be one of {sorted(SOURCES)}, "
                            f"got {study.get('source')!r}")
    base = data.get("baseline", {})
    for key in ("state", "year"):
        if key not in base:
            raise ScenarioError(f"scenario {p}: [baseline] needs {key!r}")
    try:
        state = baseline_mod.normalize_state(str(base["state"]))
        year = baseline_mod.check_year(base["year"])
        params = data.get("parameters", {})
        resolve(params)
    except (baseline_mod.BaselineError, ParameterError) as exc:
        raise ScenarioError(f"scenario {p}: {exc}") from None
    expected = data.get("expected", {})
    if "single_payer_total" not in expected:
        raise ScenarioError(f"scenario {p}: [expected] needs the study's single_payer_total")
    return Scenario(path=p, study=study, state=state, year=year,
                    status_quo_total=_opt_float(base.get("status_quo_total")),
                    other_nhe=float(base.get("other_nhe", 0.0)),
                    population=_opt_float(base.get("population")),
                    parameters=dict(params), expected=dict(expected))


def _opt_float(v: Any) -> float | None:
    return None if v is None else float(v)


def list_scenarios() -> list[str]:
    """Names of the built-in scenario files."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))
