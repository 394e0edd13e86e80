"""A site database from a slice of the national recording with the people directory loaded.

Real Washington health bills (shared/national/wa), their sponsors matched to shared/people at
"crawl" time exactly as the crawl's SponsorPipeline does (statecare.crawler.people.annotate_sponsors),
stored through BillStore, classified by `classify_all`, and Washington's legislators and committees
loaded by statecare.db.people_io. The first bill is one with a public hearing and a later passage
(the one the follow-alert tests use), stored up to its hearing so that a re-crawl can move it.
"""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from statecare.crawler.people import annotate_sponsors
from statecare.db.people_io import load_people
from statecare.db.schema import create_all
from statecare.db.store import BillStore
from statecare.nlp.classify import classify_all

SLICE = 6  # bills besides the followed one: enough for several committees and shared sponsors


def wa_records(shared: Path) -> list[dict[str, Any]]:
    with gzip.open(shared / "national" / "wa" / "2025-2026" / "bills.jsonl.gz", "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def moving_bill(records: list[dict[str, Any]]) -> dict[str, Any]:
    """A recorded WA bill that had a public hearing and later passed its house."""
    for rec in records:
        descs = [a["description"] for a in rec.get("actions") or []]
        if any(d.startswith("Public hearing in the") for d in descs) and any("Third reading, passed" in d
                                                                              for d in descs):
            return rec
    raise AssertionError("no WA bill with a hearing and a passage in the recording")


def before_hearing(rec: dict[str, Any]) -> dict[str, Any]:
    acts = rec["actions"]
    cut = next(i for i, a in enumerate(acts) if a["description"].startswith("Public hearing in the"))
    return dict(rec, actions=acts[:cut])


def annotated(rec: dict[str, Any], shared: Path) -> dict[str, Any]:
    out = copy.deepcopy(rec)
    out.setdefault("state", "wa")
    annotate_sponsors(out, shared / "people")
    return out


def unmatched_names(rec: dict[str, Any]) -> list[str]:
    """Person sponsors of an annotated record that the matcher left without a person."""
    return [sp["name"] for sp in rec.get("sponsorships") or []
            if (sp.get("entity_type") or "person") == "person" and not str(sp.get("person_id") or "").startswith("ocd-")]


def slice_records(shared: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the moving bill, SLICE other WA bills referred to a committee with sponsors, plus the first
    bill with a sponsor the directory cannot tell apart, e.g. "Hunt")."""
    records = wa_records(shared)
    moving = moving_bill(records)
    others = [r for r in records if r is not moving and r.get("sponsorships")
              and any("referred to" in a["description"] for a in r.get("actions") or [])][:SLICE]
    others.append(next(r for r in records if unmatched_names(annotated(r, shared))))
    return moving, others


def build(engine: Engine, shared: Path, moving_whole: bool = False) -> dict[str, Any]:
    """Create the schema, store the slice, classify it, load WA's people; returns the moving bill's record."""
    create_all(engine)
    moving, others = slice_records(shared)
    store = BillStore(engine)
    try:
        store.upsert_bill(annotated(moving if moving_whole else before_hearing(moving), shared), source="openstates")
        for rec in others:
            store.upsert_bill(annotated(rec, shared), source="openstates")
    finally:
        store.close()
    classify_all(engine)
    load_people(engine, shared / "people", ["wa"])
    return moving
