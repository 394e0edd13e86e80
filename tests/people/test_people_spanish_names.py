"""Puerto Rico's sponsors are written with both surnames and the site's name ("Jeison  Rosa Ramos -
Sistema Único de Trámite Legislativo"); the directory often keeps one surname or another given name.
Each case is a sponsorship of the recording (checked) and the person it must be matched to."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

import pytest

from statecare.crawler.people import annotate_sponsors


@cache
def _pr(shared: str) -> tuple[dict[str, str], dict[str, dict[str, object]]]:
    """({person id: name} of PR's directory, {sponsor name: an annotated sponsorship} of the recording)."""
    people = {}
    for f in ("legislators", "retired"):
        with gzip.open(Path(shared) / "people" / "pr" / f"{f}.jsonl.gz", "rt", encoding="utf-8") as fh:
            people.update({(r := json.loads(line))["id"]: r["name"] for line in fh if line.strip()})
    sponsors: dict[str, dict[str, object]] = {}
    for path in sorted((Path(shared) / "national" / "pr").glob("*/bills.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                rec.setdefault("state", "pr")
                annotate_sponsors(rec, Path(shared) / "people")
                for sp in rec.get("sponsorships") or []:
                    sponsors.setdefault(sp["name"], sp)
    return people, sponsors


@pytest.mark.parametrize(("written", "person"), [
    ("Jeison  Rosa Ramos - Sistema Único de Trámite Legislativo", "Jeison Rosa"),  # given + first surname
    ("Karen M. Román Rodríguez - Sistema Único de Trámite Legislativo", "Karen Román"),
    ("Luis J. Hernández Ortiz - Sistema Único de Trámite Legislativo", "Javy Hernández Ortiz"),  # both + initial
    ("Rafael   Santos Ortiz - Sistema Único de Trámite Legislativo", "Rafy Santos"),  # first surname + initial
])
def test_two_surnames_match(shared: Path, written: str, person: str) -> None:
    people, sponsors = _pr(str(shared))
    assert written in sponsors, f"{written!r} is not a sponsor in the PR recording"
    sp = sponsors[written]
    assert sp.get("person_match") == "name" and people[str(sp["person_id"])] == person


def test_party_groups_stay_unmatched(shared: Path) -> None:
    """"Miembros PNP" (the party's members) is no person: never matched to one."""
    _, sponsors = _pr(str(shared))
    groups = [sp for name, sp in sponsors.items() if name.startswith("Miembros")]
    assert groups and not any(sp.get("person_match") for sp in groups)
