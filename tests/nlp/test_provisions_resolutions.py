"""Issue 13, third held-aside group: a resolution (AK SCR 2) read as a bill.

First contact (before any change): its only provision, the call for recommendations on an all-payer model,
was missed, and a section 1115 waiver was claimed from a WHEREAS recital. Kinds fixed, each tested on the
real resolution from the shared recording: recitals never claim a key; "develop recommendations" is a
report the resolution asks for; the resolving formula ("BE IT RESOLVED BY THE LEGISLATURE") stands where a
bill's enacting clause does, so the title and page text before it are not the evidence.
"""

from __future__ import annotations

from pathlib import Path

from statecare.nlp.evaluate.provisions import agrees
from statecare.nlp.provisions.cli import read_document
from statecare.nlp.provisions.extract import extract_provisions
from statecare.nlp.provisions.rank import Zones

AK_SCR2 = "national/ak/34/documents/SCR2/bill_content_SCR_2.html"
GOLD_EVIDENCE = "payers, key stakeholders, and legislative leaders to develop recommendations for an all-payer"


def _first(provs: list, key: str) -> str:
    return next(p.evidence for p in provs if p.key == key)


def test_a_resolution_claims_only_what_it_resolves(shared: Path) -> None:
    provs = extract_provisions(read_document(shared / AK_SCR2))
    keys = {p.key for p in provs}
    # the recitals name a section 1115 waiver and mental-health crisis services: findings, not provisions
    assert "federal_waivers.section_1115" not in keys
    assert keys == {"transition.study_or_report"}
    shown = _first(provs, "transition.study_or_report")
    assert agrees(shown, GOLD_EVIDENCE), shown
    assert "RESOLVED" in shown and "Home" not in shown


def test_the_resolving_formula_is_the_enacting_clause(shared: Path) -> None:
    text = read_document(shared / AK_SCR2)
    z = Zones.of(text)
    title = text.index("SCR 2: Supporting")
    resolved = text.index("FURTHER RESOLVED")
    assert z.summary(title) and not z.summary(resolved)
