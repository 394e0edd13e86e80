"""The calibrated defaults in parameters.py still are what they claim to be."""

from __future__ import annotations

import pytest

from statecare.costmodel import api, calibration
from statecare.costmodel.parameters import SPEC_BY_NAME


def test_literals_match_a_fresh_calibration() -> None:
    for name, value in calibration.calibrate().items():
        assert SPEC_BY_NAME[name].default == pytest.approx(value, abs=1e-3), name
        assert "calibrated" in SPEC_BY_NAME[name].sources, name


def test_us_2019_defaults_reproduce_cai_medians() -> None:
    r = api.estimate("US", 2019, overrides=calibration.REFERENCE_CASE)
    # Cai et al. state components as shares of total current spending
    assert r["steps"]["2_added_use"]["amount"] / r["status_quo_total"] == pytest.approx(0.093, abs=0.001)
    assert r["admin_savings_pct"] == pytest.approx(8.8, abs=0.1)
    # Cai et al.: median net result a saving of 3.46% of costs (medians need not add up exactly)
    assert -6.0 < r["change_pct"] < -1.0


def test_every_default_has_a_source_and_a_label() -> None:
    for spec in api.parameter_specs():
        assert spec["sources"] and all(spec["citations"]), spec["name"]
        assert spec["label"] and spec["unit"], spec["name"]
        if spec["low"] is not None and spec["default"] is not None and not isinstance(spec["default"], bool):
            assert spec["low"] <= spec["default"] <= spec["high"], spec["name"]


def test_aca_residual_uninsured_default_is_massachusetts_2018() -> None:
    """The build-on-the-ACA target is a measured rate, not a guess: MA's ACS 2018 uninsured share."""
    from statecare.costmodel import baseline

    assert SPEC_BY_NAME["aca_residual_uninsured_rate"].default == pytest.approx(
        baseline.load("MA", 2018).uninsured_rate, abs=0.0005)
