"""Status-quo spending for one state and year, read from the committed baseline table.

The table (data/state_baseline.csv) is derived by build_baseline.py from shared/costdata; this
module only reads it, once per process, so an estimate costs a dictionary lookup. Dollar columns
in the table are millions; the Baseline returned here is in dollars, which is what every result
reports.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "data" / "state_baseline.csv"

PAYERS = ("medicare", "medicaid", "phi", "oop", "chip", "va_dod", "other_public", "other_private")
SERVICES = ("hospital", "physician_clinical", "other_professional", "dental", "home_health",
            "rx_nondurable", "durable", "nursing_home", "other_health")
ADMIN = ("medicare", "medicaid", "chip", "phi", "other")
_MONEY = {"phc_total", "aca_subsidies", "personal_income", "wages", "state_taxes", *SERVICES,
          *(f"{p}_phc" for p in PAYERS), *(f"{a}_admin" for a in ADMIN)}

STATE_NAMES: dict[str, str] = {}  # filled from the table: postal code -> name


class BaselineError(ValueError):
    """A state or year the baseline does not cover; the message names it and what is available."""


@dataclass(frozen=True)
class Baseline:
    """Status-quo spending and tax bases for one geography and year, in dollars (nominal).

    phc: personal health care by payer; services: the same total by type of service;
    admin: payer administration and net cost of insurance by payer.
    """

    state: str
    state_name: str
    year: int
    basis: str
    population: float
    phc: dict[str, float]
    services: dict[str, float]
    admin: dict[str, float]
    medicaid_federal_share: float
    chip_federal_share: float
    rx_share_of_rx_nondurable: float
    aca_subsidies: float
    uninsured_rate: float
    nongroup_share: float
    nongroup_share_of_private: float
    personal_income: float
    wages: float
    state_taxes: float
    state_taxes_imputed: bool
    cms_actual_phc_total: float | None = None
    other_nhe: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def phc_total(self) -> float:
        return sum(self.phc.values())

    @property
    def admin_total(self) -> float:
        return sum(self.admin.values())

    @property
    def status_quo_total(self) -> float:
        """Personal health care + administration and net cost of insurance (+ any non-personal
        spending a study counted, zero for the states)."""
        return self.phc_total + self.admin_total + self.other_nhe

    def scaled(self, factor: float) -> Baseline:
        """Every spending and tax-base amount times `factor` (population too): the property tests
        use it, and scenario files use it to match a study's own status-quo total."""
        return replace(
            self,
            population=self.population * factor,
            phc={k: v * factor for k, v in self.phc.items()},
            services={k: v * factor for k, v in self.services.items()},
            admin={k: v * factor for k, v in self.admin.items()},
            aca_subsidies=self.aca_subsidies * factor,
            personal_income=self.personal_income * factor,
            wages=self.wages * factor,
            state_taxes=self.state_taxes * factor,
            other_nhe=self.other_nhe * factor,
        )


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, int], dict[str, str]]:
    if not TABLE.exists():
        raise BaselineError(f"baseline table missing: {TABLE}; run `statecare cost build-baseline`")
    with open(TABLE, newline="") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    rows = {(r["state"], int(r["year"])): r for r in csv.DictReader(lines)}
    for (st, _), r in rows.items():
        STATE_NAMES.setdefault(st, r["state_name"])
    return rows


@lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    return frozenset(st for st, _ in _table())


def available_states() -> list[str]:
    """Postal codes in the table (50 states, DC, US)."""
    return sorted(_codes())


@lru_cache(maxsize=1)
def available_years() -> tuple[int, int]:
    """First and last calendar year in the table."""
    years = [y for _, y in _table()]
    return min(years), max(years)


def normalize_state(state: str) -> str:
    """'ny', 'New York', ' NY ' -> 'NY'; raises BaselineError naming the input otherwise."""
    s = (state or "").strip()
    if s.upper() in _codes():
        return s.upper()
    by_name = {name.lower(): code for code, name in STATE_NAMES.items()}
    if s.lower() in by_name:
        return by_name[s.lower()]
    raise BaselineError(
        f"unknown state {state!r}: use a postal code of the 50 states, DC or US "
        f"(e.g. NY, CA, DC, US)"
    )


def check_year(year: int | str) -> int:
    """The year as int if the table covers it; else BaselineError naming it and the range."""
    lo, hi = available_years()
    try:
        y = int(year)
    except (TypeError, ValueError):
        raise BaselineError(f"year {year!r} is not a calendar year; use {lo}-{hi}") from None
    if not lo <= y <= hi:
        raise BaselineError(f"year {y} is outside the baseline ({lo}-{hi})")
    return y


def load(state: str, year: int | str) -> Baseline:
    """The baseline for a state (postal code or name) and calendar year. Cached: a Baseline is
    immutable by convention (callers use dataclasses.replace, never mutate its dicts)."""
    return _load(normalize_state(state), check_year(year))


@lru_cache(maxsize=4096)
def _load(st: str, y: int) -> Baseline:
    r = _table()[(st, y)]

    def money(col: str) -> float:
        return float(r[col]) * 1e6 if col in _MONEY else float(r[col])

    notes = []
    if r["basis"] != "cms_actual":
        notes.append(f"{y} projected from the 2019 CMS state estimate with national NHE growth by payer")
    if r["state_taxes_imputed"] == "1":
        notes.append("state taxes include an imputed District of Columbia figure (no STC data before FY2021)")
    if r["cms_actual_phc_total"]:
        notes.append(
            f"CMS's actual {y} figure (${float(r['cms_actual_phc_total']) / 1e3:,.1f}B personal health care) "
            "includes COVID-era provider relief, left out here"
        )
    return Baseline(
        state=st, state_name=r["state_name"], year=y, basis=r["basis"], population=float(r["population"]),
        phc={p: money(f"{p}_phc") for p in PAYERS},
        services={s: money(s) for s in SERVICES},
        admin={a: money(f"{a}_admin") for a in ADMIN},
        medicaid_federal_share=money("medicaid_federal_share"),
        chip_federal_share=money("chip_federal_share"),
        rx_share_of_rx_nondurable=money("rx_share_of_rx_nondurable"),
        aca_subsidies=money("aca_subsidies"),
        uninsured_rate=money("uninsured_rate"),
        nongroup_share=money("nongroup_share"),
        nongroup_share_of_private=money("nongroup_share_of_private"),
        personal_income=money("personal_income"),
        wages=money("wages"),
        state_taxes=money("state_taxes"),
        state_taxes_imputed=r["state_taxes_imputed"] == "1",
        cms_actual_phc_total=float(r["cms_actual_phc_total"]) * 1e6 if r["cms_actual_phc_total"] else None,
        notes=tuple(notes),
    )
