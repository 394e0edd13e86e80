"""The learned complement: how it is combined with the rules, and its files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from statecare.nlp.actions.classifier import ActionClassifier, actions_model_version
from statecare.nlp.actions.labelled import load_action_csv
from statecare.nlp.actions.learned import LearnedComplement, LearnedConfig, ModelFileError


class RecordingModel:
    """Stands in for the learned part to show when the classifier consults it."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str | None, str | None]] = []

    def predict(self, texts, chambers, states):  # noqa: ANN001, ANN201
        self.seen.extend(zip(texts, chambers, states, strict=True))
        return [["deferral"] for _ in texts]


def test_learned_part_is_consulted_only_where_rules_are_silent() -> None:
    rec = RecordingModel()
    clf = ActionClassifier(learned=rec)  # type: ignore[arg-type]
    out = clf.classify_actions(
        ["Referred to Finance.", "Public hearing in the House Committee on Finance at 1:30 PM.",
         "Public hearing in the House Committee on Finance at 3:30 PM."], "wa", ["lower"] * 3)
    assert out == [["referral-committee"], ["deferral"], ["deferral"]]
    # one call for the one unlabelled phrasing (times are numbers: both hearings normalise alike)
    assert rec.seen == [("public hearing in the house committee on finance at 0:0 pm.", "lower", "wa")]


def test_never_seen_state_gets_no_state_token() -> None:
    rec = RecordingModel()
    ActionClassifier(learned=rec, exclude_state_rules=["wa"]).classify("Author added Smith", "wa", "lower")  # type: ignore[arg-type]
    ActionClassifier(learned=rec, use_state_rules=False).classify("Author added Jones", "mn", "lower")  # type: ignore[arg-type]
    assert [s for _, _, s in rec.seen] == [None, None]


def test_train_save_load_round_trip(fixtures: Path, tmp_path: Path) -> None:
    rows = load_action_csv(fixtures / "labels" / "mn_2025-2026_openstates_action_classifications.csv")[:3000]
    model = LearnedComplement.train(rows, LearnedConfig(n_features=2**12))
    model.save(tmp_path)
    again = LearnedComplement.load(tmp_path)
    texts = ["introduction and first reading, referred to taxes", "author added smith"]
    assert np.allclose(model.scores(texts, ["lower", "lower"]), again.scores(texts, ["lower", "lower"]), atol=1e-5)
    assert again.labels == model.labels and "introduction" in again.labels
    assert again.predict(texts, ["lower", "lower"], ["mn", "mn"])[1] == []


def test_missing_model_files_say_how_to_rebuild(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="statecare nlp train actions"):
        LearnedComplement.load(tmp_path)
    with pytest.raises(ModelFileError, match="training config not found"):
        LearnedConfig.from_toml(tmp_path / "nope.toml")
    with pytest.raises(ValueError, match="no labelled actions"):
        LearnedComplement.train([], LearnedConfig())


def test_model_version_is_stable_and_names_the_stage() -> None:
    v = actions_model_version()
    assert v.startswith("actions-") and len(v) == len("actions-") + 12
    assert v == actions_model_version()
