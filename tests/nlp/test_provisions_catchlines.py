"""A section's catchline printed on a line of its own is not part of the quote (clean.catchline_words).

The recorded wording, verbatim: MA S 860 (fixtures) "Section 20. Insurance Reforms / Insurers regulated by the
division of insurance ..." was quoted as "Insurance Reforms Insurers regulated ..."; VT S 1 (2025-2026) prints
"§ 1851. MEDICAID-EQUIVALENT COVERAGE FOR ALL VERMONT / RESIDENTS / The Agency of Human Services shall ...".
Near misses that must stay whole: a sentence in capitals wrapped at a joining word (MD HB 697) and a table's row
(ID H 246's appropriation "Idaho Broadband / Fund $59,300 ...")."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from statecare.nlp.provisions.clean import catchline_words, covers
from statecare.nlp.provisions.extract import extract_provisions


def _national(shared: Path, state: str, session: str, identifier: str) -> str:
    with gzip.open(shared / "national" / state / session / "texts.jsonl.gz", "rt") as f:
        for d in map(json.loads, f):
            if d["identifier"] == identifier:
                return str(d["text"])
    raise AssertionError(f"{state} {session} {identifier} not in the recording")


def test_massachusetts_catchlines_leave_the_quote(shared: Path) -> None:
    text = (shared / "fixtures" / "bill_texts" / "ma" / "MA_194th_S860_medicare_for_all_extracted.txt").read_text()
    first: dict[str, str] = {}
    for p in extract_provisions(text, "single_payer"):
        first.setdefault(p.key, p.evidence)
        assert covers(text, p.start, p.end, p.evidence), p
    assert first["private_insurance.duplicative_coverage_barred"].startswith("Insurers regulated by the division")
    assert first["governance.board"].startswith("(a) The Trust shall be governed by a Board of Trustees")
    assert first["benefits.physician"].startswith("(a) The Trust shall pay for all professional services")
    assert not any(e.startswith(("Insurance Reforms", "Composition, Powers", "Covered Benefits")) for e in first.values())


@pytest.mark.parametrize(("state", "session", "identifier", "at", "words"), [
    ("vt", "2025-2026", "S 1", "MEDICAID-EQUIVALENT COVERAGE FOR ALL VERMONT", 5),
    ("vt", "2025-2026", "S 1", "RESIDENTS\n6 The Agency", 1),  # the catchline's second line
    ("md", "2025", "HB0697", "ON A QUARTERLY BASIS, EACH CARRIER SHALL SUBMIT TO THE", 0),  # a sentence, wrapped
    ("id", "2025", "H 0246", "Idaho Broadband\n29 Fund $59,300", 0),  # a table's row
])
def test_catchline_words(shared: Path, state: str, session: str, identifier: str, at: str, words: int) -> None:
    text = _national(shared, state, session, identifier)
    i = text.index(at)
    assert catchline_words(text, i, min(len(text), i + 300)) == words
