"""The committed baseline table: rebuildable from shared/costdata, complete, and consistent with its
sources (and with an independent published figure for California)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from statecare.costmodel import baseline
from statecare.costmodel.build_baseline import OUTPUT, STATES, build, build_rows


@pytest.fixture(scope="module")
def rows(costdata: Path) -> list[dict[str, object]]:
    return build_rows(costdata)


def test_committed_table_equals_fresh_build(costdata: Path) -> None:
    assert OUTPUT.read_text() == build(costdata), "run `statecare cost build-baseline` and commit the table"


def test_header_names_sources_and_units() -> None:
    head = "".join(line for line in OUTPUT.read_text().splitlines(keepends=True) if line.startswith("#"))
    assert "Centers for Medicare & Medicaid Services (2022). Health Expenditures by State of Residence" in head
    assert "MILLIONS" in head and "nominal" in head
    for src in ("NHE2023", "ACS S2701", "KFF", "BEA SAINC1", "STC", "CBO"):
        assert src in head, src
    assert "BASE YEAR 2019" in head and "provider relief" in head


def test_every_state_and_year_present() -> None:
    states = baseline.available_states()
    assert len(states) == 52 and "DC" in states and "US" in states
    assert set(states) == {s for s, _, _ in STATES} | {"US"}
    lo, hi = baseline.available_years()
    assert lo <= 2015 and hi >= 2035


def test_actual_years_match_cms_state_files(costdata: Path, rows: list[dict[str, object]]) -> None:
    """2019 rows carry the raw CMS figures: US PHC $3,175,230M, NY $251,696M (US_AGGREGATE20)."""
    folder = costdata / "cms_nhe_state_residence_1991_2020"
    with open(folder / "US_AGGREGATE20.CSV", encoding="latin-1", newline="") as fh:
        cms = {(r["State_Name"] or r["Group"]).strip(): float(r["Y2019"]) for r in csv.DictReader(fh)
               if r["Code"] == "1" and r["Group"] in ("State", "United States")}
    got = {r["state_name"]: r["phc_total"] for r in rows if r["year"] == 2019}
    for name, value in cms.items():
        assert got[name] == pytest.approx(value), name


def test_payers_and_services_add_up(rows: list[dict[str, object]]) -> None:
    payers = ("medicare", "medicaid", "phi", "oop", "chip", "va_dod", "other_public", "other_private")
    services = ("hospital", "physician_clinical", "other_professional", "dental", "home_health",
                "rx_nondurable", "durable", "nursing_home", "other_health")
    for r in rows:
        total = float(r["phc_total"])  # type: ignore[arg-type]
        assert sum(float(r[f"{p}_phc"]) for p in payers) == pytest.approx(total, rel=1e-6), (r["state"], r["year"])
        assert sum(float(r[s]) for s in services) == pytest.approx(total, rel=1e-3), (r["state"], r["year"])
        assert all(float(r[f"{p}_phc"]) >= 0 for p in payers)


def test_states_sum_to_the_nation(rows: list[dict[str, object]]) -> None:
    """Projected state rows keep adding up to the projected US row (shares of national growth)."""
    for year in (2019, 2024, 2030):
        states = sum(float(r["phc_total"]) for r in rows if r["year"] == year and r["state"] != "US")
        us = next(float(r["phc_total"]) for r in rows if r["year"] == year and r["state"] == "US")
        assert states == pytest.approx(us, rel=0.01), year


def test_2020_is_projected_and_keeps_the_cms_actual() -> None:
    b = baseline.load("NY", 2020)
    assert b.basis == "projected_from_2019"
    assert b.cms_actual_phc_total == pytest.approx(270_847e6)
    # the projection leaves out the provider-relief money, so it sits below CMS's actual 2020 figure
    assert b.phc_total < b.cms_actual_phc_total
    assert any("provider relief" in n for n in b.notes)


def test_california_2017_matches_peri_status_quo_independently() -> None:
    """PERI's status quo for California 2017 was $368.5B; our CMS-derived PHC + administration,
    built without looking at PERI, lands within 1%."""
    b = baseline.load("CA", 2017)
    assert (b.phc_total + b.admin_total) == pytest.approx(368.5e9, rel=0.01)


def test_admin_added_explicitly_by_payer() -> None:
    b = baseline.load("US", 2019)
    ratio = b.admin_total / b.phc_total
    assert 0.07 < ratio < 0.11  # NHE 2019: $282.7B admin + net cost of insurance on $3.17T PHC
    assert b.admin["phi"] / b.phc["phi"] > b.admin["medicare"] / b.phc["medicare"]
    assert b.phc["oop"] > 0 and b.admin.get("oop") is None


def test_bad_state_and_year_name_the_input() -> None:
    with pytest.raises(baseline.BaselineError, match="'ZZ'"):
        baseline.load("ZZ", 2020)
    with pytest.raises(baseline.BaselineError, match="1990"):
        baseline.load("NY", 1990)
    with pytest.raises(baseline.BaselineError, match="'twenty'"):
        baseline.load("NY", "twenty")
    assert baseline.load("new york", 2019).state == "NY"
