"""`statecare evaluate actions|status`, `statecare nlp train actions|actions|stage` end to end."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from statecare.cli import main


def _head(src: Path, dst: Path, n: int) -> Path:
    """The first n rows of a recorded CSV (header kept), written for one test run."""
    csv.field_size_limit(1 << 30)
    with src.open(newline="", encoding="utf-8") as fi, dst.open("w", newline="", encoding="utf-8") as fo:
        r, w = csv.reader(fi), csv.writer(fo)
        for i, row in enumerate(r):
            if i > n:
                break
            w.writerow(row)
    return dst


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_evaluate_actions_last_line_and_predictions(runner: CliRunner, fixtures: Path, tmp_path: Path) -> None:
    src = _head(fixtures / "labels" / "wa_2025-2026_openstates_action_classifications.csv", tmp_path / "wa.csv", 800)
    out = tmp_path / "pred.csv"
    res = runner.invoke(main, ["evaluate", "actions", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-1]
    m = re.fullmatch(r"micro_f1=(\d\.\d+) exact_match=(\d\.\d+) n=(\d+)", last)
    assert m and m.group(3) == "800" and float(m.group(1)) > 0.97
    assert "referral-committee" in res.output  # per-label table
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 800 and {"classification", "predicted"} <= set(rows[0])

    plain = runner.invoke(main, ["evaluate", "actions", str(src), "--no-state-rules", "--labels", "referral-committee"])
    f1 = float(plain.output.strip().splitlines()[-1].split()[0].split("=")[1])
    assert plain.exit_code == 0 and f1 < float(m.group(1))  # WA's first-referral convention unknown


def test_evaluate_actions_rejects_bad_input(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(main, ["evaluate", "actions", str(tmp_path / "none.csv")])
    assert missing.exit_code != 0 and "none.csv" in missing.output
    bad = tmp_path / "bad.csv"
    bad.write_text("state,description\nwa,Introduced.\n", encoding="utf-8")
    res = runner.invoke(main, ["evaluate", "actions", str(bad)])
    assert res.exit_code != 0 and "missing column" in res.output and "bad.csv" in res.output
    res = runner.invoke(main, ["evaluate", "actions", str(bad), "--labels", "pasage"])
    assert res.exit_code != 0


def test_evaluate_status_last_line(runner: CliRunner, fixtures: Path, tmp_path: Path) -> None:
    src = _head(fixtures / "labels" / "ny_health_insurance_bills_status_actions_2019-2023.csv", tmp_path / "ny.csv", 300)
    out = tmp_path / "stages.csv"
    res = runner.invoke(main, ["evaluate", "status", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    m = re.fullmatch(r"accuracy=(\d\.\d+) n=300", res.output.strip().splitlines()[-1])
    assert m and float(m.group(1)) >= 0.97
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 300 and all(r["derived_stage"] for r in rows)


def test_evaluate_status_rejects_other_formats(runner: CliRunner, fixtures: Path) -> None:
    res = runner.invoke(main, ["evaluate", "status", str(fixtures / "labels" / "ny_2025_all_bills_status_titles.csv")])
    assert res.exit_code != 0 and "missing column" in res.output and "actions" in res.output


def test_nlp_stage_and_actions(runner: CliRunner, fixtures: Path) -> None:
    res = runner.invoke(main, ["nlp", "stage", str(fixtures / "openstates/vt/VT_2025-2026_S197_primary_care_reform_signed_metadata.json")])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["stage"] == "enacted"
    res = runner.invoke(main, ["nlp", "stage", str(fixtures / "legiscan/legiscanrr_dataset_bill_HB1.json")])
    assert json.loads(res.output)["stage"] == "passed_one_chamber"
    res = runner.invoke(main, ["nlp", "actions", "Delivered to Governor.", "--state", "wa", "--chamber", "executive"])
    assert json.loads(res.output)["labels"] == ["executive-receipt"]


def test_train_actions_writes_weights(runner: CliRunner, tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        '[model]\nn_features = 4096\n[training]\nfiles = ["fixtures/labels/mn_2025-2026_openstates_action_classifications.csv"]\n',
        encoding="utf-8",
    )
    res = runner.invoke(main, ["nlp", "train", "actions", "--config", str(cfg), "--out-dir", str(tmp_path / "m")])
    assert res.exit_code == 0, res.output
    meta = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))
    assert meta["states"] == ["mn"] and (tmp_path / "m" / "weights.npz").stat().st_size > 1000
