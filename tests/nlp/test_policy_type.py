"""Policy type: rules + learned model on real bills, measured by grouped cross-validation."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from statecare.cli import main
from statecare.nlp.evaluate.bill_types import cross_validate, score
from statecare.nlp.policy_type.classifier import POLICY_TYPES, apply_rules, classify_bill
from statecare.nlp.policy_type.train import DEV_SET, read_rows


def _ny_openleg(fixtures: Path, name: str) -> dict:
    return json.loads(next((fixtures / "ny_openleg_derived").glob(f"{name}*.json")).read_text())


def _openstates(fixtures: Path, state: str, prefix: str) -> dict:
    return json.loads(next((fixtures / "openstates" / state).glob(f"{prefix}_metadata*.json")).read_text())


def test_dev_set_is_large_real_and_reasoned(fixtures: Path) -> None:
    rows = read_rows(DEV_SET)
    assert len(rows) >= 300
    assert {r.label for r in rows} == set(POLICY_TYPES)
    assert all(r.extra.get("reason", "").strip() for r in rows), "every label needs a reason"
    # every row names the shared file its title came from, and that file exists
    for r in rows:
        src = r.extra["source"].replace(" (LegiScan)", "")
        assert (fixtures / src).is_file(), src


def test_new_york_health_act_every_session_is_single_payer(fixtures: Path) -> None:
    for name in ("NY_2019_S3577", "NY_2021_A6058", "NY_2023_S7590", "NY_2025_A1466"):
        d = _ny_openleg(fixtures, name)
        label, score_ = classify_bill(d["Title"], [d["Summary"]], None, identifier=d["PrintNo"])
        assert label == "single_payer", name
        assert 0.5 <= score_ <= 1.0


def test_hard_near_misses(fixtures: Path) -> None:
    hf27 = _openstates(fixtures, "mn", "MN_2025-2026_HF27")
    assert classify_bill(hf27["title"])[0] == "other_health_coverage"  # repeal of public option authority
    hf3057 = _openstates(fixtures, "mn", "MN_2025-2026_HF3057")
    assert classify_bill(hf3057["title"])[0] == "public_option"
    sjm = _openstates(fixtures, "wa", "WA_2025-2026_SJM8004")
    assert classify_bill(sjm["title"], identifier=sjm["identifier"],
                         classification=sjm["classification"])[0] == "federal_resolution"
    h833 = _openstates(fixtures, "vt", "VT_2025-2026_H833")
    assert classify_bill(h833["title"])[0] == "universal_coverage_study"
    # the Essential Plan immigrants bill and the coverage omnibus widen programs; not relevant types
    with (fixtures / "labels" / "ny_health_insurance_bills_status_actions_2019-2023.csv").open() as f:
        ny = {(r["session"], r["print_no"]): r for r in csv.DictReader(f)}
    for key in (("2019", "S3900"), ("2023", "A9302")):
        r = ny[key]
        assert classify_bill(r["title"], [r["summary"]])[0] == "other_health_coverage", key


def test_text_alone_can_decide(fixtures: Path) -> None:
    """A vague title with the bill text: the text head carries the decision."""
    text = (fixtures / "bill_texts" / "wa" / "WA_2025-2026_SB5233_Washington_health_trust_extracted.txt").read_text()
    assert classify_bill("An act relating to health care", [], text)[0] == "single_payer"


def test_rules_have_no_false_alarms_on_all_ny_titles(fixtures: Path) -> None:
    """Every NY 2025 bill title (20k, mostly unlabelled): the relevant rules fire only on bills that
    are relevant by their own words (the NY Health Act and the public-option bill)."""
    with (fixtures / "labels" / "ny_2025_all_bills_status_titles.csv").open() as f:
        hits = {r["print_no"] for r in csv.DictReader(f)
                if (h := apply_rules(r["title"], identifier=r["print_no"])) and h.label not in
                ("other_health_coverage", "unrelated")}
    assert hits == {"S3425", "A1466", "A6273"}


def test_cross_validated_targets() -> None:
    rows = read_rows(DEV_SET)
    pred = cross_validate(rows, folds=5)
    s = score([r.label or "" for r in rows], pred)
    assert s.relevant_recall >= 0.95
    assert s.relevant_precision >= 0.90
    assert s.macro_f1 >= 0.85


def test_evaluate_cli_last_line_and_out(tmp_path: Path) -> None:
    rows = read_rows(DEV_SET)[:40]
    f = tmp_path / "few.csv"
    with f.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["state", "session", "identifier", "title", "summary", "label"])
        for r in rows:
            w.writerow([r.state, r.session, r.identifier, r.title, r.summary, r.label])
    out = tmp_path / "pred.csv"
    res = CliRunner().invoke(main, ["evaluate", "bill-types", str(f), "--out", str(out)])
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-1]
    assert last.startswith("macro_f1=") and last.endswith(f"n={len(rows)}")
    assert "relevant_precision=" in last and "relevant_recall=" in last
    with out.open() as fh:
        assert len(list(csv.DictReader(fh))) == len(rows)
    res = CliRunner().invoke(main, ["evaluate", "bill-types", str(f), "--labels", "single_payer"])
    assert res.exit_code == 0 and "public_option" not in res.output.splitlines()[0]


@pytest.mark.parametrize("content, message", [
    ("state,session,title\nny,2023,x\n", "missing column"),
    ("state,session,identifier,title,summary,label\nny,2023,S1,x,,martian\n", "unknown label"),
])
def test_evaluate_cli_bad_input_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(content)
    res = CliRunner().invoke(main, ["evaluate", "bill-types", str(f)])
    assert res.exit_code != 0
    assert message in res.output and "bad.csv" in res.output


def test_training_is_reproducible(tmp_path: Path) -> None:
    """`statecare nlp train policy-type` rebuilds the shipped weights exactly."""
    res = CliRunner().invoke(main, ["nlp", "train", "policy-type", "--out", str(tmp_path / "m")])
    assert res.exit_code == 0, res.output
    shipped = Path(DEV_SET).parent.parent / "models" / "policy_type" / "statecare_policy_type" / "weights.json"
    rebuilt = tmp_path / "m" / "statecare_policy_type" / "weights.json"
    assert json.loads(rebuilt.read_text()) == json.loads(shipped.read_text())


@pytest.mark.parametrize(
    ("title", "identifier", "want"),
    [
        # one test per phrasing (unitedstates/congress style): the rule layer's reading of titles
        ("Requesting a study of the feasibility of a single-payer health care system", "HCR 50",
         "universal_coverage_study"),
        ("Memorializing Congress to enact the Medicare for All Act", "HR 12", "federal_resolution"),
        ("Urging Congress to enact a national health insurance program", "HJM 4", "federal_resolution"),
        ("Urging Congress to protect Medicare and Medicaid", "SR 5", "other_health_coverage"),
        ("Creating a universal health care commission", "SB 5399", "universal_coverage_study"),
        ("Creates the Medicaid Buy-In Act", "HB 416", "public_option"),
    ],
)
def test_title_phrasings(title: str, identifier: str, want: str) -> None:
    assert classify_bill(title, [], None, identifier=identifier)[0] == want


def test_enacted_universal_primary_care_framework_is_a_study(fixtures: Path) -> None:
    """VT Act 173 (S.197) gathers information to develop a framework for universal primary care."""
    from statecare.documents import extract_file

    doc = extract_file(next((fixtures / "pdf/vt").glob("*S197_ACT173_As_Enacted.pdf")))
    assert classify_bill("An act relating to reform for primary care", [], doc.text)[0] == "universal_coverage_study"
