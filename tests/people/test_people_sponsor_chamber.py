"""A sponsor is looked for first in the house the record names for them, not the bill's house.

Arkansas, Alaska and Utah write each sponsor's own house into the sponsorship's pupa pseudo id
('~{"chamber": "lower", "name": "L. Johnson"}'). The matcher used the bill's house first, so on
Arkansas's Senate bill SB 221 (shared/national/ar/2025) the House's "L. Johnson" became the Senate's
Blake Johnson (other name "L.B. Johnson"), who then stood twice in the bill's sponsors and had Lee
Johnson's bills on his page; on Utah's House bill HB 494 (shared/national/ut/2026) the Senate's
"Owens, Derrin R." became the House's Doug Owens. 25 sponsorships of the recording were matched to
the other house so (AR 18, UT 7); the number matched stays 92,941 of 93,636.
"""

from __future__ import annotations

import copy
import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from statecare.crawler.people import annotate_sponsors
from statecare.legis.record import state_of


@cache
def _record(shared: str, path: str, ident: str) -> dict[str, Any]:
    with gzip.open(Path(shared) / "national" / path / "bills.jsonl.gz", "rt", encoding="utf-8") as f:
        return next(r for r in map(json.loads, f) if r.get("identifier") == ident)


def _people(shared: Path, state: str) -> dict[str, str]:
    out = {}
    for f in ("legislators", "retired"):
        with gzip.open(shared / "people" / state / f"{f}.jsonl.gz", "rt", encoding="utf-8") as fh:
            out.update({(r := json.loads(line))["id"]: r["name"] for line in fh if line.strip()})
    return out


@pytest.mark.parametrize(("path", "ident", "written", "person"), [
    ("ar/2025", "SB 221", "L. Johnson", "Lee Johnson"),  # the House's, on a Senate bill
    ("ar/2025", "SB 221", "B. Johnson", "Blake Johnson"),  # near miss: the Senate's stays his
    ("ut/2026", "HB 494", "Owens, Derrin R.", "Derrin Owens"),  # the Senate's, on a House bill
    ("ut/2026", "HB 494", "Owens, Doug", "Doug Owens"),  # near miss: the House's stays his
    ("ak/34", "HB108", "Rauscher", "George Rauscher"),  # near miss: named "lower", sits in the Senate now
])
def test_sponsor_matched_in_their_own_house(shared: Path, path: str, ident: str, written: str, person: str) -> None:
    rec = copy.deepcopy(_record(str(shared), path, ident))
    rec["state"] = state_of(rec)
    annotate_sponsors(rec, shared / "people")
    sp = next(s for s in rec["sponsorships"] if s["name"] == written)
    assert _people(shared, rec["state"])[str(sp["person_id"])] == person
