"""The action classifier as a spaCy pipeline component, on spacy.blank("en").

    nlp = build_action_pipeline()
    doc = nlp.make_doc("Third reading, passed; yeas, 96; nays, 0.")
    doc._.state, doc._.chamber = "wa", "lower"
    doc = nlp(doc)
    doc._.action_labels   # ['passage', 'reading-3'] (general rules; WA's file removes passage)
    doc.cats              # {'passage': 1.0, 'reading-3': 1.0, ...every other label: 0.0}

The component holds an ActionClassifier; with learned=True its learned weights travel with
nlp.to_disk() / spacy.load() like any trained component's. For bulk work call statecare.nlp.actions.
classify_actions directly: tokenising every action would cost more than classifying it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from statecare.nlp.actions.classifier import ActionClassifier, extract_committee
from statecare.nlp.actions.learned import MODEL_DIR, LearnedComplement
from statecare.nlp.actions.rules import ACTION_LABELS

COMPONENT = "statecare_actions"

for _name in ("state", "chamber", "action_labels", "committee"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class ActionCategorizer:
    """spaCy component: sets doc._.action_labels, doc._.committee and doc.cats (1.0 / 0.0)."""

    def __init__(self, nlp: Language, name: str, *, state: str | None, use_state_rules: bool, learned: bool) -> None:
        self.name = name
        self.state = state
        self.use_state_rules = use_state_rules
        self.use_learned = learned
        self.learned = LearnedComplement.load(MODEL_DIR) if learned else None
        self._build()

    def _build(self) -> None:
        self.classifier = ActionClassifier(use_state_rules=self.use_state_rules, learned=self.learned)

    def _set(self, doc: Doc, labels: list[str]) -> Doc:
        doc._.action_labels = labels
        doc._.committee = extract_committee(doc.text)
        doc.cats = {lab: float(lab in labels) for lab in ACTION_LABELS}
        return doc

    def __call__(self, doc: Doc) -> Doc:
        labels = self.classifier.classify(doc.text, doc._.state or self.state, doc._.chamber)
        return self._set(doc, labels)

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 1000) -> Iterator[Doc]:
        """Classify in batches (one classify_actions call per batch and state)."""
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, docs: list[Doc]) -> Iterator[Doc]:
        by_state: dict[str | None, list[int]] = {}
        for i, d in enumerate(docs):
            by_state.setdefault(d._.state or self.state, []).append(i)
        out: list[list[str]] = [[] for _ in docs]
        for st, idx in by_state.items():
            preds = self.classifier.classify_actions([docs[i].text for i in idx], st, [docs[i]._.chamber for i in idx])
            for i, p in zip(idx, preds, strict=True):
                out[i] = p
        for d, labels in zip(docs, out, strict=True):
            yield self._set(d, labels)

    # spaCy serialisation: the learned weights are this component's trained state
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.learned is not None:
            self.learned.save(Path(path))
        else:
            Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ActionCategorizer:
        p = Path(path)
        if self.use_learned and (p / "weights.npz").exists():
            self.learned = LearnedComplement.load(p)
            self._build()
        return self


@Language.factory(
    COMPONENT,
    default_config={"state": None, "use_state_rules": True, "learned": False},
)
def make_action_categorizer(nlp: Language, name: str, state: Any, use_state_rules: bool, learned: bool) -> ActionCategorizer:
    """Factory registered with spaCy under "statecare_actions"."""
    return ActionCategorizer(nlp, name, state=state, use_state_rules=use_state_rules, learned=learned)


def build_action_pipeline(*, state: str | None = None, use_state_rules: bool = True, learned: bool = False) -> Language:
    """spacy.blank("en") with the statecare_actions component (no model download needed)."""
    nlp = spacy.blank("en")
    nlp.add_pipe(COMPONENT, config={"state": state, "use_state_rules": use_state_rules, "learned": learned})
    return nlp
