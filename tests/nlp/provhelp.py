"""Shared readers for the provisions tests: the gold file, a gold document's text, its candidates
and its extracted provisions.

Why one module: five test files each carried their own copies of these readers (and their own
caches, so the same bill was read, parsed and extracted once per file); here each bill is read
and extracted once per test process.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from statecare.nlp.evaluate.provisions import find_document
from statecare.nlp.provisions.clean import CleanText
from statecare.nlp.provisions.cli import read_document
from statecare.nlp.provisions.extract import Provision, candidates, extract_provisions, pipeline
from statecare.nlp.provisions.rank import Candidate

DATA = Path(__file__).resolve().parents[2] / "statecare" / "nlp" / "data"
GOLD: dict[str, dict] = json.loads((DATA / "provisions_gold.json").read_text())


@cache
def document_text(shared: Path, name: str) -> str:
    """The text of the gold document `name` (a file name under shared/national or shared/fixtures)."""
    (path,) = find_document(name, [shared / "national", shared / "fixtures"])
    return read_document(path)


@cache
def candidates_of(shared: Path, name: str) -> tuple[Candidate, ...]:
    """Every candidate passage of the document, before ranking (what the ranker chooses from)."""
    nlp = pipeline()
    doc = nlp.make_doc(CleanText(document_text(shared, name)).norm)
    for _, proc in nlp.pipeline[:-1]:
        doc = proc(doc)
    return tuple(candidates(doc, nlp.get_pipe("statecare_provisions")))  # type: ignore[arg-type]


@cache
def provisions_of(shared: Path, name: str) -> tuple[Provision, ...]:
    """The provisions statecare extracts from the document, ranked as shipped."""
    return tuple(extract_provisions(document_text(shared, name)))


def keys_of(shared: Path, name: str) -> set[str]:
    """The keys statecare shows for the gold document `name`."""
    return {p.key for p in provisions_of(shared, name)}


def shown_evidence(shared: Path, name: str, key: str) -> list[str]:
    """The passages shown for `key`, best first, whitespace collapsed (a quote over a line break reads as one)."""
    return [" ".join(p.evidence.split()) for p in provisions_of(shared, name) if p.key == key]


def first_agrees(shared: Path, name: str, key: str) -> bool:
    """Whether the first passage shown for `key` agrees with the gold sentence (the evaluator's test)."""
    from statecare.nlp.evaluate.provisions import agrees

    shown = next(p.evidence for p in provisions_of(shared, name) if p.key == key)
    return agrees(shown, GOLD[name]["present"][key]["evidence"])
