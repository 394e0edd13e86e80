"""The action classifier as a spaCy component on spacy.blank("en")."""

from __future__ import annotations

from pathlib import Path

import spacy

from statecare.nlp.actions.component import COMPONENT, build_action_pipeline


def test_component_sets_labels_committee_and_cats() -> None:
    nlp = build_action_pipeline()
    assert nlp.pipe_names == [COMPONENT] and nlp.lang == "en"
    doc = nlp.make_doc("First reading, referred to Health Care & Wellness.")
    doc._.state, doc._.chamber = "wa", "lower"
    doc = nlp(doc)
    assert doc._.action_labels == ["reading-1"]
    assert doc._.committee == "Health Care & Wellness"
    assert doc.cats["reading-1"] == 1.0 and doc.cats["referral-committee"] == 0.0


def test_pipe_batches_by_state_and_never_seen_states_read_plainly() -> None:
    nlp = build_action_pipeline()
    docs = []
    for text, st in [("First reading, referred to Finance.", "wa"), ("First reading, referred to Finance.", "ut")]:
        d = nlp.make_doc(text)
        d._.state = st
        docs.append(d)
    out = list(nlp.pipe(docs))
    assert [d._.action_labels for d in out] == [["reading-1"], ["reading-1", "referral-committee"]]


def test_pipeline_round_trips_through_disk(tmp_path: Path) -> None:
    nlp = build_action_pipeline(state="mn", learned=True)
    nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / COMPONENT / "weights.npz").is_file()
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded(loaded.make_doc("Comm report: To pass"))._.action_labels == ["committee-passage"]
