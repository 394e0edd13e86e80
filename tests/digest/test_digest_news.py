"""The digest tells real changes in the legislature: a first crawl of an old bill is "Newly tracked"
(with the day it was introduced), not a "New bill"; a memorial's progress is named as a memorial's.
Built from the NY Health Act of 2019 as NY Open Legislation recorded it (the crawler's converter)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from statecare.crawler.records.ny_openleg import openleg_to_record
from statecare.digest.selection import EventRow, Filters, build_digest


def _row(rec: dict, kind: str, created: datetime, **kw) -> EventRow:  # type: ignore[type-arg]
    return EventRow(id=kw.pop("id", 1), kind=kind, bill_id=1, state="ny", session=rec["legislative_session"],
                    identifier=rec["identifier"], payload=kw.pop("payload", {}), created_at=created,
                    policy_type=kw.pop("policy_type", "single_payer"), title=rec["title"], stage="in_committee",
                    first_action_date=rec["actions"][0]["date"], latest_action_date=rec["actions"][-1]["date"],
                    latest_action=rec["actions"][-1]["description"])


def test_first_crawl_of_an_old_bill_is_newly_tracked_not_new(fixtures: Path) -> None:
    raw = json.loads((fixtures / "ny_openleg_derived/NY_2019_S3577_NY_Health_Act.json").read_text(encoding="utf-8"))
    rec = openleg_to_record(raw, "https://legislation.nysenate.gov/api/3/bills/2019/S3577")
    introduced = rec["actions"][0]["date"][:10]
    now = datetime(2026, 12, 7, tzinfo=UTC)
    item = build_digest([_row(rec, "new_bill", now)], Filters(), 1, 1, "http://x").sections[0].bills[0].items[0]
    assert item.headline == "Newly tracked" and item.date == introduced
    assert f"Introduced {introduced}" in item.details
    # the same bill stored the week it was filed is news
    fresh = datetime.fromisoformat(introduced).replace(tzinfo=UTC) + timedelta(days=2)
    item = build_digest([_row(rec, "new_bill", fresh)], Filters(), 1, 1, "http://x").sections[0].bills[0].items[0]
    assert item.headline == "New bill"


def test_memorial_stage_change_is_named_a_memorial(fixtures: Path) -> None:
    rec = json.loads((fixtures / "openstates/wa/WA_2025-2026_SJM8004_metadata.json").read_text(encoding="utf-8"))
    rec["identifier"] = "SJM 8004"
    ev = _row(rec, "stage_change", datetime(2025, 4, 19, tzinfo=UTC), policy_type="federal_resolution",
              payload={"from": "passed_one_chamber", "to": "passed_both", "date": "2025-04-18"})
    ev = EventRow(**{**{f: getattr(ev, f) for f in ev.__slots__}, "state": "wa"})
    block = build_digest([ev], Filters(), 1, 1, "http://x").sections[0].bills[0]
    assert block.items[0].headline == "Memorial passed both chambers"
    assert block.items[0].details[-1] == "Previously: Passed one chamber"
