"""Derive the cost model's one per-state baseline table from the recorded public data.

Run as `statecare cost build-baseline` (or `python -m statecare.costmodel.build_baseline`). It reads
shared/costdata (never copies it) and writes statecare/costmodel/data/state_baseline.csv: one row per
geography (50 states, DC, US) and calendar year 2015-2036, dollars in MILLIONS, nominal.

Why these choices (the same text goes into the table's header):
- Base year 2019. CMS state estimates end in 2020, but 2020 carries the COVID-era federal provider
  relief (Provider Relief Fund, PPP loans) booked as "Other Federal Programs" ($180B in national
  personal health care, against $14B in 2019) and a one-off fall in use. Projecting from 2020 would
  bake that money into every later year, so years after 2019 are projected from 2019, and the
  actual CMS 2020 total is kept beside the projection (column cms_actual_phc_total) for comparison.
- Growth after 2019: national NHE by payer, 2020-2023 actual (NHE2023) with "Other Federal
  Programs" left out, then the CMS projections (Fiore et al. 2024, by payer) scaled to the newer
  national totals of Keehan et al. 2025; a state keeps its 2019 level relative to the nation, adjusted
  for its own population growth (BEA).
- Personal health care (PHC) excludes administration and the net cost of insurance. They are added
  by payer with the national NHE ratio of (administration + net cost of insurance) to PHC for each
  payer and year, applied to the state's PHC for that payer.
- The CMS state files give Medicare, Medicaid (Title XIX) and private insurance; the rest (out of
  pocket, CHIP, VA/DoD, other public and private programmes) is split with the national NHE shares of
  that year.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from statecare.config import costdata_dir
from statecare.legis.states import JURISDICTIONS

FIRST_YEAR = 2015
BASE_YEAR = 2019
LAST_YEAR = 2036
OUTPUT = Path(__file__).resolve().parent / "data" / "state_baseline.csv"

# (postal code, name, FIPS) of the 50 states and DC, from the ground floor (statecare.legis.states:
# the Census names and FIPS codes every input file uses). Puerto Rico is a legislature statecare
# tracks, but the CMS, BEA and Census series the baseline is built from do not cover it.
STATES: list[tuple[str, str, str]] = [
    (j.abbr, j.name, j.fips) for j in sorted(JURISDICTIONS.values(), key=lambda j: j.fips) if j.code != "pr"
]
GEOS: list[tuple[str, str, str]] = STATES + [("US", "United States", "00")]

SERVICES = [
    ("hospital", 2), ("physician_clinical", 3), ("other_professional", 4), ("dental", 5),
    ("home_health", 6), ("rx_nondurable", 7), ("durable", 8), ("nursing_home", 9), ("other_health", 10),
]
RESIDUAL_PAYERS = ["oop", "chip", "va_dod", "other_public", "other_private"]
PAYERS = ["medicare", "medicaid", "phi"] + RESIDUAL_PAYERS

# NHE2023.csv line numbers (1-based) of the panels used: personal health care (73-101) and
# "Total Administration and Net Cost of Health Insurance" (403-431), by source of funds.
NHE_PHC = {"total": 73, "oop": 74, "phi": 76, "medicare": 77, "medicaid": 78, "medicaid_fed": 79,
           "chip": 81, "chip_fed": 82, "dod": 84, "va": 85, "other_tp": 86, "worksite": 87,
           "other_private_rev": 88, "workers_comp": 90, "other_federal": 98}
NHE_ADMIN = {"phi": 406, "medicare": 407, "medicaid": 408, "medicaid_fed": 409, "chip": 411,
             "chip_fed": 412, "dod": 414, "va": 415, "other_tp": 416}
NHE_RX, NHE_NONDURABLE, NHE_TOTAL = 283, 253, 3

CBO_2019_NONGROUP_SUBSIDY_MUSD = 62_000.0  # CBO May 2019: nongroup coverage + BHP subsidies, 2019

COLUMNS = [
    "state", "state_name", "year", "basis", "population",
    "phc_total", *[s for s, _ in SERVICES],
    *[f"{p}_phc" for p in PAYERS],
    "medicare_admin", "medicaid_admin", "chip_admin", "phi_admin", "other_admin",
    "medicaid_federal_share", "chip_federal_share", "rx_share_of_rx_nondurable",
    "aca_subsidies", "uninsured_rate", "nongroup_share", "nongroup_share_of_private",
    "personal_income", "wages", "state_taxes", "state_taxes_imputed", "cms_actual_phc_total",
]

HEADER = """\
# statecare cost-model baseline: one row per geography (50 states + DC + US) x calendar year.
# Built by statecare/costmodel/build_baseline.py (`statecare cost build-baseline`) from ../shared/costdata.
# UNITS: dollars in MILLIONS, nominal (current) dollars; population in persons; *_share and *_rate are fractions.
# SOURCES: Centers for Medicare & Medicaid Services (2022). Health Expenditures by State of Residence (1991-2020);
#   CMS National Health Expenditures 1960-2023 (NHE2023); CMS NHE projections 2023-32 (Fiore et al., Health Affairs 2024)
#   scaled to the 2024-33 totals (Keehan et al., Health Affairs 2025); Census ACS S2701 uninsured 2015-2018;
#   KFF coverage of the total population 2016 (non-group shares of population and of private coverage); BEA SAINC1 personal income & population (2025 vintage),
#   BEA SAINC4 wages & salaries share of personal income, put on a residence basis (2022 vintage); Census STC state tax collections FY2015-2024;
#   CBO (May 2019) nongroup/BHP subsidies $62B in 2019.
# METHOD: basis=cms_actual rows (2015-2019) are the CMS state estimates. Later rows are projected from BASE YEAR 2019
#   (2020 contains COVID-era provider relief, ~$180B nationally as "Other Federal Programs"; cms_actual_phc_total keeps the
#   actual 2020 CMS figure for comparison) with national NHE growth by payer (2020-2023 actual without Other Federal
#   Programs; 2024+ projected) and the state's BEA population growth relative to the nation.
#   oop/chip/va_dod/other_* split the CMS residual (total - Medicare - Medicaid - private insurance) with national NHE
#   shares of that year. *_admin = payer PHC x national NHE ratio of (administration + net cost of insurance) to PHC
#   for that payer (held at 2023 after 2023). medicaid_federal_share: national NHE (held at 2019 after 2023).
#   aca_subsidies = CBO 2019 $62B x state share of non-group enrollees (KFF 2016), grown with private insurance.
#   uninsured_rate: ACS (2019-2020 held at 2018; later scaled by the national uninsured share of the CMS projections).
#   wages = personal income x RESIDENTS' wage share (2022-vintage SAINC4 line 50 x (1 + line 42 adjustment for residence /
#   line 35 earnings by place of work); 2019 share used for 2022+ because pandemic transfers
#   inflated 2020-21 income). state_taxes: state fiscal year ending in that calendar year; DC before FY2021 imputed
#   (state_taxes_imputed=1) from its FY2021 ratio to personal income; after FY2024 grown with personal income.
#   Personal income after 2024 grows with nominal GDP in the CMS projections (4.3%/yr after 2032).
"""


# ---------------------------------------------------------------------------------------------
# readers (each returns plain dicts; numbers as floats)
# ---------------------------------------------------------------------------------------------

def _num(text: str) -> float | None:
    """Parse '1,234', ' -   ', 'X', '(NA)' as a float or None: the input files mix all of these."""
    s = text.replace(",", "").replace('"', "").strip()
    if s in ("", "-", "X", "(NA)", "N/A", "(D)"):
        return None
    return float(s)


def read_cms_state(costdata: Path) -> dict[tuple[str, str, int], dict[int, float]]:
    """(file, geography name, code) -> {year: $M} from the raw CMS state-of-residence CSVs."""
    out: dict[tuple[str, str, int], dict[int, float]] = {}
    folder = costdata / "cms_nhe_state_residence_1991_2020"
    for key, fname in (("all", "US_AGGREGATE20.CSV"), ("medicare", "MEDICARE_AGGREGATE20.CSV"),
                       ("medicaid", "MEDICAID_AGGREGATE20.CSV"), ("phi", "PHI_AGGREGATE20.CSV")):
        with open(folder / fname, encoding="latin-1", newline="") as fh:
            for row in csv.DictReader(fh):
                geo = row["State_Name"].strip() if row["Group"] == "State" else row["Group"].strip()
                if row["Group"] not in ("State", "United States"):
                    continue
                years = {int(k[1:]): v for k, v in row.items() if k and k.startswith("Y") and v}
                out[(key, geo, int(row["Code"]))] = {y: float(v) for y, v in years.items()}
    return out


def read_nhe(costdata: Path) -> dict[int, dict[int, float]]:
    """NHE2023.csv as {line number: {year: $M}} (blank and '-' cells become 0)."""
    with open(costdata / "nhe" / "NHE2023.csv", encoding="cp1252", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[1]
    years = {i: int(h) for i, h in enumerate(header) if h.strip().isdigit()}
    return {n + 1: {y: (_num(r[i]) or 0.0) for i, y in years.items() if i < len(r)}
            for n, r in enumerate(rows) if n >= 2}


def read_nhe_projections(costdata: Path) -> dict[str, dict[int, float]]:
    """The transcribed CMS projection exhibits: {series: {year: value}}."""
    out: dict[str, dict[int, float]] = {}
    path = costdata / "nhe" / "nhe_projections_2023_2032_transcribed_from_HealthAffairs_exhibits.csv"
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["series"]] = {int(k): float(v) for k, v in row.items() if k.isdigit() and v}
    return out


def read_keehan_growth(costdata: Path) -> dict[str, float]:
    """Keehan et al. 2025 national NHE growth: {'2024': 8.2, '2025': 7.1, '2026-2027': 5.6, ...} (%)."""
    out: dict[str, float] = {}
    with open(costdata / "nhe" / "nhe_projected_growth_rates_transcribed.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["projection_vintage"].startswith("NHE Projections 2024-2033") and row["series"] == "NHE":
                out[row["period"]] = float(row["avg_annual_growth_pct"])
    return out


def read_acs(costdata: Path) -> dict[tuple[str, int], tuple[float, float]]:
    """(FIPS, year) -> (civilian noninstitutional population, uninsured count)."""
    out: dict[tuple[str, int], tuple[float, float]] = {}
    with open(costdata / "acs_uninsured_by_state_2010_2018.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            out[(row["state_fips"], int(row["year"]))] = (float(row["civilian_noninst_pop"]),
                                                          float(row["uninsured_count"]))
    return out


def read_kff_nongroup(costdata: Path) -> dict[str, tuple[float, float, float]]:
    """State name -> (non-group, employer, total persons) in 2016 (KFF, CPS-ASEC)."""
    path = costdata / "kff_coverage_2013_2016" / "kff_health_insurance_coverage_total_population_2013_2016.csv"
    with open(path, newline="", encoding="utf-8-sig") as fh:
        lines = fh.read().splitlines()[2:]
    out: dict[str, tuple[float, float, float]] = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        name = (row.get("Location") or "").strip()
        if not name or row.get("2016__Total") in (None, ""):
            continue
        ng, emp, tot = (_num(row[f"2016__{c}"]) for c in ("Non-Group", "Employer", "Total"))
        if ng is not None and emp is not None and tot:
            out[name] = (ng, emp, tot)
    return out


def read_bea_sainc1(costdata: Path) -> dict[tuple[str, int], dict[int, float]]:
    """(FIPS, line) -> {year: value}; line 1 personal income $M, line 2 population."""
    out: dict[tuple[str, int], dict[int, float]] = {}
    with open(costdata / "bea" / "SAINC1__ALL_AREAS_1929_2024.csv", encoding="latin-1", newline="") as fh:
        for row in csv.DictReader(fh):
            fips = (row.get("GeoFIPS") or "").replace('"', "").strip()
            if len(fips) != 5 or not row.get("LineCode"):
                continue
            vals = {int(k): _num(v) for k, v in row.items() if k and k.isdigit() and v is not None}
            out[(fips[:2], int(row["LineCode"]))] = {y: v for y, v in vals.items() if v is not None}
    return out


def read_bea_wage_share(costdata: Path) -> dict[tuple[str, int], float]:
    """(postal, year) -> wages and salaries of RESIDENTS / personal income (SAINC4, 2022 vintage).

    Why the adjustment: SAINC4 line 50 counts wages where people work, personal income (line 10) where
    they live. A payroll tax on residents' wages divided by the one and paid from the other made DC's
    rate an artefact (most of its wages are earned by Maryland and Virginia residents) and overstated
    rates in commuter states (NJ, MD, NH, CT). BEA's own bridge is line 42, the adjustment for
    residence (net earnings of commuters), against line 35, earnings by place of work: wages are put
    on a residence basis with the same ratio, wages x (1 + line 42 / line 35), i.e. commuters'
    earnings are assumed to have the state's own wage share of earnings.
    """
    lines: dict[tuple[str, str], dict[int, float]] = {}
    path = costdata / "bea" / "bea_sainc4_state_annual_2010_2021_from_donboyd5_BEAData.csv"
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            if row["line"] in ("10", "35", "42", "50"):
                lines[(row["stabbr"], row["line"])] = {int(k): float(v) for k, v in row.items()
                                                       if k.isdigit() and v}
    out: dict[tuple[str, int], float] = {}
    for (st, line), vals in lines.items():
        if line == "50":
            for y, w in vals.items():
                residence = 1 + lines[(st, "42")][y] / lines[(st, "35")][y]
                out[(st, y)] = w * residence / lines[(st, "10")][y]
    return out


def read_stc(costdata: Path) -> dict[tuple[str, int], float]:
    """(postal, fiscal year) -> total state taxes, $ thousands."""
    out: dict[tuple[str, int], float] = {}
    with open(costdata / "stc" / "state_tax_collections_by_state_fy2010_2024_thousands.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            v = _num(row["total_taxes"])
            if v is not None:
                out[(row["stabbr"], int(row["fiscal_year"]))] = v
    return out


# ---------------------------------------------------------------------------------------------
# national growth indexes
# ---------------------------------------------------------------------------------------------

def _geo_path(points: dict[int, float], years: Iterable[int], tail_rate: float | None = None) -> dict[int, float]:
    """Fill years between known points geometrically; beyond the last point grow at tail_rate
    (or the last segment's rate). Why geometric: the published projections are average annual rates."""
    known = sorted(points)
    out: dict[int, float] = {}
    for y in years:
        if y in points:
            out[y] = points[y]
            continue
        lo = max((k for k in known if k < y), default=None)
        hi = min((k for k in known if k > y), default=None)
        if lo is not None and hi is not None:
            r = (points[hi] / points[lo]) ** (1 / (hi - lo))
            out[y] = points[lo] * r ** (y - lo)
        elif lo is not None:
            if tail_rate is None:
                a, b = known[-2], known[-1]
                r = (points[b] / points[a]) ** (1 / (b - a))
            else:
                r = 1 + tail_rate
            out[y] = points[lo] * r ** (y - lo)
        else:
            raise ValueError(f"cannot extend series backwards to {y}")
    return out


def national_payer_levels(nhe: dict[int, dict[int, float]], proj: dict[str, dict[int, float]],
                          keehan: dict[str, float]) -> dict[str, dict[int, float]]:
    """National PHC by payer ($M), 2015-2036, without COVID provider relief after 2019.

    2015-2023: NHE2023 actual ("Other Federal Programs" removed from other_public from 2020 on).
    2024+: growth of the matching projected series (Fiore et al. 2024), each year's rates scaled so
    total NHE growth equals Keehan et al. 2025 (8.2% 2024, 7.1% 2025, 5.6% 2026-27, 5.8% avg 2024-33).
    """
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    ph = {k: nhe[v] for k, v in NHE_PHC.items()}
    actual: dict[str, dict[int, float]] = {p: {} for p in PAYERS}
    for y in range(FIRST_YEAR, 2024):
        actual["medicare"][y] = ph["medicare"][y]
        actual["medicaid"][y] = ph["medicaid"][y]
        actual["phi"][y] = ph["phi"][y]
        actual["oop"][y] = ph["oop"][y]
        actual["chip"][y] = ph["chip"][y]
        actual["va_dod"][y] = ph["dod"][y] + ph["va"][y]
        priv = ph["worksite"][y] + ph["other_private_rev"][y] + ph["workers_comp"][y]
        pub = ph["other_tp"][y] - priv
        if y > BASE_YEAR:
            pub -= ph["other_federal"][y] - ph["other_federal"][BASE_YEAR]
        actual["other_public"][y] = pub
        actual["other_private"][y] = priv
    # projected growth by series (exhibit values at 2023, 2024, 2026, 2032)
    series = {"medicare": "Medicare", "medicaid": "Medicaid", "phi": "Private health insurance",
              "oop": "Out of pocket"}
    fiore_total = _geo_path({y: proj["NHE"][y] for y in (2023, 2024, 2026, 2032)}, range(2023, LAST_YEAR + 1))
    k_rates = {2024: keehan["2024"], 2025: keehan["2025"], 2026: keehan["2026-2027"], 2027: keehan["2026-2027"]}
    later = ((1 + keehan["2024-2033"] / 100) ** 10 / math.prod(1 + r / 100 for r in k_rates.values())) ** (1 / 6) - 1
    for y in range(2028, LAST_YEAR + 1):
        k_rates[y] = later * 100
    scale = {y: (1 + k_rates[y] / 100) / (fiore_total[y] / fiore_total[y - 1]) for y in range(2024, LAST_YEAR + 1)}
    out: dict[str, dict[int, float]] = {}
    for p in PAYERS:
        name = series.get(p)
        path = (_geo_path({y: proj[name][y] for y in (2023, 2024, 2026, 2032)}, range(2023, LAST_YEAR + 1))
                if name else fiore_total)
        level = dict(actual[p])
        for y in range(2024, LAST_YEAR + 1):
            level[y] = level[y - 1] * path[y] / path[y - 1] * scale[y]
        out[p] = {y: level[y] for y in years}
    return out


def national_ratios(nhe: dict[int, dict[int, float]]) -> dict[str, dict[int, float]]:
    """Admin-to-PHC ratios by payer, federal shares and the Rx share, by year (held at the last
    actual year after 2023; Medicaid/CHIP federal shares held at 2019 because the pandemic's
    enhanced federal match ended in 2023)."""
    ph, ad = NHE_PHC, NHE_ADMIN
    out: dict[str, dict[int, float]] = {k: {} for k in (
        "medicare_admin", "medicaid_admin", "chip_admin", "phi_admin", "other_admin",
        "medicaid_federal_share", "chip_federal_share", "rx_share_of_rx_nondurable")}
    for y in range(FIRST_YEAR, LAST_YEAR + 1):
        a = min(y, 2023)
        out["medicare_admin"][y] = nhe[ad["medicare"]][a] / nhe[ph["medicare"]][a]
        out["medicaid_admin"][y] = nhe[ad["medicaid"]][a] / nhe[ph["medicaid"]][a]
        out["chip_admin"][y] = nhe[ad["chip"]][a] / nhe[ph["chip"]][a]
        out["phi_admin"][y] = nhe[ad["phi"]][a] / nhe[ph["phi"]][a]
        other_phc = nhe[ph["other_tp"]][a] + nhe[ph["dod"]][a] + nhe[ph["va"]][a]
        if a > BASE_YEAR:
            other_phc -= nhe[ph["other_federal"]][a] - nhe[ph["other_federal"]][BASE_YEAR]
        out["other_admin"][y] = (nhe[ad["other_tp"]][a] + nhe[ad["dod"]][a] + nhe[ad["va"]][a]) / other_phc
        f = y if y <= BASE_YEAR else BASE_YEAR
        out["medicaid_federal_share"][y] = ((nhe[ph["medicaid_fed"]][f] + nhe[ad["medicaid_fed"]][f])
                                            / (nhe[ph["medicaid"]][f] + nhe[ad["medicaid"]][f]))
        out["chip_federal_share"][y] = ((nhe[ph["chip_fed"]][f] + nhe[ad["chip_fed"]][f])
                                        / (nhe[ph["chip"]][f] + nhe[ad["chip"]][f]))
        out["rx_share_of_rx_nondurable"][y] = nhe[NHE_RX][a] / (nhe[NHE_RX][a] + nhe[NHE_NONDURABLE][a])
    return out


def residual_shares(nhe: dict[int, dict[int, float]], year: int) -> dict[str, float]:
    """National shares of the CMS residual (total - Medicare - Medicaid - PHI) by payer in a year."""
    ph = NHE_PHC
    priv = nhe[ph["worksite"]][year] + nhe[ph["other_private_rev"]][year] + nhe[ph["workers_comp"]][year]
    parts = {"oop": nhe[ph["oop"]][year], "chip": nhe[ph["chip"]][year],
             "va_dod": nhe[ph["dod"]][year] + nhe[ph["va"]][year],
             "other_public": nhe[ph["other_tp"]][year] - priv, "other_private": priv}
    tot = sum(parts.values())
    return {k: v / tot for k, v in parts.items()}


def payers_actual(cms: dict[tuple[str, str, int], dict[int, float]], nhe: dict[int, dict[int, float]],
                  geo: str, year: int) -> dict[str, float]:
    """A geography's PHC by payer in an actual CMS year: Medicare, Medicaid and private insurance as
    CMS gives them, the residual split with that year's national shares."""
    mcr, mcd, phi = (cms[(k, geo, 1)][year] for k in ("medicare", "medicaid", "phi"))
    resid = cms[("all", geo, 1)][year] - mcr - mcd - phi
    shares = residual_shares(nhe, year)
    out = {"medicare": mcr, "medicaid": mcd, "phi": phi}
    out.update({k: resid * shares[k] for k in RESIDUAL_PAYERS})
    return out


def national_uninsured_factor(proj: dict[str, dict[int, float]]) -> dict[int, float]:
    """Uninsured share of population in the CMS projections relative to 2021 (held after 2032)."""
    unins = _geo_path({y: proj["Uninsured"][y] for y in (2021, 2022, 2023, 2024, 2026, 2032)},
                      range(2021, 2033))
    pop = _geo_path({y: proj["Population"][y] for y in (2021, 2022, 2023, 2024, 2026, 2032)},
                    range(2021, 2033))
    base = unins[2021] / pop[2021]
    out = {y: 1.0 for y in range(FIRST_YEAR, 2021)}
    for y in range(2021, LAST_YEAR + 1):
        a = min(y, 2032)
        out[y] = (unins[a] / pop[a]) / base
    return out


# ---------------------------------------------------------------------------------------------
# the table
# ---------------------------------------------------------------------------------------------

def build_rows(costdata: Path) -> list[dict[str, object]]:
    """Every row of the baseline table, in order (geography in GEOS order, then year)."""
    cms = read_cms_state(costdata)
    nhe = read_nhe(costdata)
    proj = read_nhe_projections(costdata)
    keehan = read_keehan_growth(costdata)
    acs = read_acs(costdata)
    kff = read_kff_nongroup(costdata)
    bea = read_bea_sainc1(costdata)
    wshare = read_bea_wage_share(costdata)
    stc = read_stc(costdata)

    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    nat = national_payer_levels(nhe, proj, keehan)
    ratios = national_ratios(nhe)
    unins_factor = national_uninsured_factor(proj)

    # US population and personal income paths: BEA to 2024, then CMS-projection population growth
    # and nominal GDP growth (4.3%/yr after 2032, Keehan et al. 2025).
    us_pop_proj = _geo_path({y: proj["Population"][y] for y in (2024, 2026, 2032)}, range(2024, LAST_YEAR + 1))
    gdp = _geo_path({y: proj["GDP"][y] for y in (2024, 2026, 2032)}, range(2024, LAST_YEAR + 1), tail_rate=0.043)

    def pop(fips: str, y: int) -> float:
        line = bea[(fips, 2)]
        if y <= 2024:
            return line[y]
        return line[2024] * us_pop_proj[y] / us_pop_proj[2024]

    def pinc(fips: str, y: int) -> float:
        line = bea[(fips, 1)]
        if y <= 2024:
            return line[y]
        return line[2024] * gdp[y] / gdp[2024]

    nongroup_us = sum(kff[name][0] for _, name, _ in STATES)
    # ACS national = sum of 50 states + DC
    acs_us = {y: (sum(acs[(f, y)][0] for _, _, f in STATES), sum(acs[(f, y)][1] for _, _, f in STATES))
              for y in range(FIRST_YEAR, 2019)}

    # DC taxes before FY2021: FY2021 ratio to personal income
    dc_ratio = stc[("DC", 2021)] / 1000.0 / bea[("11", 1)][2021]

    def taxes(st: str, fips: str, y: int) -> tuple[float, int]:
        if y <= 2024:
            if (st, y) in stc:
                base = stc[(st, y)] / 1000.0
                if st == "US" and y < 2021:
                    base += dc_ratio * bea[("11", 1)][y]
                return base, int(st == "US" and y < 2021)
            return dc_ratio * pinc(fips, y), 1
        last, imp = taxes(st, fips, 2024)
        return last * pinc(fips, y) / pinc(fips, 2024), imp

    rows: list[dict[str, object]] = []
    for st, name, fips in GEOS:
        cms_name = name
        phc_year = {y: cms[("all", cms_name, 1)][y] for y in range(FIRST_YEAR, 2021)}
        base_payers = payers_actual(cms, nhe, cms_name, BASE_YEAR)
        base_services = {s: cms[("all", cms_name, c)][BASE_YEAR] / phc_year[BASE_YEAR] for s, c in SERVICES}
        if st == "US":
            kff_ng, kff_emp, kff_tot = (sum(kff[n][i] for _, n, _ in STATES) for i in range(3))
        else:
            kff_ng, kff_emp, kff_tot = kff[name]
        nongroup_share = kff_ng / kff_tot
        aca_base = CBO_2019_NONGROUP_SUBSIDY_MUSD * (kff_ng / nongroup_us)

        for y in years:
            if y <= BASE_YEAR:
                basis = "cms_actual"
                payers = payers_actual(cms, nhe, cms_name, y)
                phc = phc_year[y]
                services = {s: cms[("all", cms_name, c)][y] for s, c in SERVICES}
            else:
                basis = "projected_from_2019"
                popadj = (pop(fips, y) / pop(fips, BASE_YEAR)) / (pop("00", y) / pop("00", BASE_YEAR))
                payers = {p: base_payers[p] * nat[p][y] / nat[p][BASE_YEAR] * popadj for p in PAYERS}
                phc = sum(payers.values())
                services = {s: phc * base_services[s] for s, _ in SERVICES}
            if y <= 2018:
                a_pop, a_un = acs_us[y] if st == "US" else acs[(fips, y)]
                unins = a_un / a_pop
            else:
                a_pop, a_un = acs_us[2018] if st == "US" else acs[(fips, 2018)]
                unins = a_un / a_pop * unins_factor[y]
            wy = y if y <= 2021 else BASE_YEAR
            wage_share = wshare[(st, wy)]
            tax, imputed = taxes(st, fips, y)
            row: dict[str, object] = {
                "state": st, "state_name": name, "year": y, "basis": basis, "population": pop(fips, y),
                "phc_total": phc, **services,
                **{f"{p}_phc": payers[p] for p in PAYERS},
                "medicare_admin": payers["medicare"] * ratios["medicare_admin"][y],
                "medicaid_admin": payers["medicaid"] * ratios["medicaid_admin"][y],
                "chip_admin": payers["chip"] * ratios["chip_admin"][y],
                "phi_admin": payers["phi"] * ratios["phi_admin"][y],
                "other_admin": (payers["va_dod"] + payers["other_public"] + payers["other_private"])
                * ratios["other_admin"][y],
                "medicaid_federal_share": ratios["medicaid_federal_share"][y],
                "chip_federal_share": ratios["chip_federal_share"][y],
                "rx_share_of_rx_nondurable": ratios["rx_share_of_rx_nondurable"][y],
                "aca_subsidies": aca_base * nat["phi"][y] / nat["phi"][BASE_YEAR]
                * (pop(fips, y) / pop(fips, BASE_YEAR)) / (pop("00", y) / pop("00", BASE_YEAR)),
                "uninsured_rate": unins,
                "nongroup_share": nongroup_share,
                "nongroup_share_of_private": kff_ng / (kff_ng + kff_emp),
                "personal_income": pinc(fips, y),
                "wages": pinc(fips, y) * wage_share,
                "state_taxes": tax,
                "state_taxes_imputed": imputed,
                "cms_actual_phc_total": cms[("all", cms_name, 1)][2020] if y == 2020 else "",
            }
            rows.append(row)
    return rows


def _fmt(col: str, v: object) -> str:
    """Fixed formatting so a rebuild is byte-identical: $M to 0.1, shares to 6 decimals."""
    if isinstance(v, str):
        return v
    if isinstance(v, int):
        return str(v)
    assert isinstance(v, float), (col, v)
    if "_share" in col or col.endswith("_rate"):
        return f"{v:.6f}"
    if col == "population":
        return f"{v:.0f}"
    return f"{v:.1f}"


def render(rows: list[dict[str, object]]) -> str:
    """The table as text: the commented header, then CSV."""
    buf = io.StringIO()
    buf.write(HEADER)
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([_fmt(c, r[c]) for c in COLUMNS])
    return buf.getvalue()


def build(costdata: Path | None = None) -> str:
    """Derive the table text from shared/costdata (default: the configured shared folder)."""
    return render(build_rows(costdata or costdata_dir()))


@click.command("build-baseline")
@click.option("--costdata", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder with the recorded cost data (default: $STATECARE_SHARED/costdata).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=OUTPUT,
              show_default="statecare/costmodel/data/state_baseline.csv in the package",
              help="Where the table is written.")
@click.option("--check", is_flag=True, help="Do not write; exit 1 if the committed table differs.")
def build_baseline_command(costdata: Path | None, output: Path, check: bool) -> None:
    """Derive the per-state cost baseline table from shared/costdata."""
    text = build(costdata)
    if check:
        same = output.exists() and output.read_text() == text
        click.echo(f"{output}: {'up to date' if same else 'DIFFERS from a fresh build'}")
        sys.exit(0 if same else 1)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text)
    n = text.count("\n") - HEADER.count("\n") - 1
    click.echo(f"wrote {n} rows to {output}")


if __name__ == "__main__":
    build_baseline_command()
