"""`statecare cost ...` through click's CliRunner (and once through the real `statecare` group)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from statecare.costmodel.cli import commands, cost_group
from statecare.costmodel.parameters import SPEC_BY_NAME


def run(*args: str):
    return CliRunner().invoke(cost_group, list(args), catch_exceptions=False)


def test_module_exposes_the_cost_group() -> None:
    assert [c.name for c in commands] == ["cost"]


def test_run_json_has_the_design_keys() -> None:
    res = run("run", "--state", "NY", "--year", "2022", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    for key in ("status_quo_total", "single_payer_total", "change_pct", "retained_public_funds",
                "new_revenue", "parameters"):
        assert key in data, key
    assert data["state"] == "NY" and data["year"] == 2022
    assert data["status_quo_total"] > 1e11  # dollars, not millions
    assert data["parameters"]["single_payer_admin_rate"] == SPEC_BY_NAME["single_payer_admin_rate"].default


def test_run_through_the_statecare_entry_point() -> None:
    from statecare.cli import main

    res = CliRunner().invoke(main, ["cost", "run", "--state", "VT", "--year", "2024", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["state_name"] == "Vermont"


def test_run_human_and_scenario() -> None:
    res = run("run", "--scenario", "galvani_2020_lancet_us")
    assert res.exit_code == 0 and "New revenue needed" in res.output and "-13.1%" in res.output


def test_set_overrides_a_parameter() -> None:
    base = json.loads(run("run", "--state", "CA", "--year", "2024", "--json").output)
    worse = json.loads(run("run", "--state", "CA", "--year", "2024", "--set", "waiver_risk_factor=0.2",
                           "--json").output)
    assert worse["parameters"]["waiver_risk_factor"] == 0.2
    assert worse["new_revenue"] > base["new_revenue"]


def test_compare_human_and_json() -> None:
    res = run("compare", "--state", "CA", "--year", "2024")
    assert res.exit_code == 0
    assert "single payer" in res.output and "build on ACA" in res.output and "who pays" in res.output
    data = json.loads(run("compare", "--state", "CA", "--year", "2024", "--all-payer", "--json").output)
    assert data["routes"]["build_on_aca"]["all_payer_rate_setting"] is True


def test_montecarlo_and_sensitivity() -> None:
    data = json.loads(run("montecarlo", "--state", "NY", "--year", "2022", "--n", "300", "--json").output)
    assert data["n"] == 300 and data["outputs"]["new_revenue"]["p10"] < data["outputs"]["new_revenue"]["p90"]
    res = run("montecarlo", "--state", "NY", "--year", "2022", "--n", "300")
    assert "P10" in res.output and "new_revenue" in res.output
    res = run("sensitivity", "--state", "NY", "--year", "2022")
    assert res.exit_code == 0 and "federal_approval_probability" in res.output


def test_bad_input_exits_2_naming_it() -> None:
    for args, needle in ((("--state", "ZZ", "--year", "2022"), "'ZZ'"),
                         (("--state", "NY", "--year", "1990"), "1990"),
                         (("--state", "NY", "--year", "2022", "--set", "nonsense=1"), "nonsense"),
                         (("--state", "NY", "--year", "2022", "--set", "waiver_risk_factor=lots"), "lots"),
                         (("--scenario", "no_such_study"), "no_such_study")):
        res = CliRunner().invoke(cost_group, ["run", *args])
        assert res.exit_code == 2, (args, res.output)
        assert needle in res.output, (args, res.output)
    res = CliRunner().invoke(cost_group, ["run", "--state", "NY"])
    assert res.exit_code == 2 and "--year" in res.output


def test_params_and_scenarios_listings() -> None:
    specs = json.loads(run("params", "--json").output)
    assert any(s["name"] == "newly_insured_added_use" and s["range"] == [0.2, 0.8] for s in specs)
    assert "peri_2017_healthy_california" in run("scenarios").output


def test_build_baseline_check_matches_committed_table(costdata: Path) -> None:
    res = run("build-baseline", "--costdata", str(costdata), "--check")
    assert res.exit_code == 0 and "up to date" in res.output
