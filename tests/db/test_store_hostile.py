"""Hostile values in a real record (issue 16 #8): SQLite and PostgreSQL accept or refuse the same
input with the same message, because the limits are checked once, in statecare.legis.record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from statecare.db.models import Action, Bill
from statecare.db.store import BillStore
from statecare.legis.record import RecordError


@pytest.fixture
def sjm8004(fixtures: Path) -> dict[str, Any]:
    return json.loads((fixtures / "openstates/wa/WA_2025-2026_SJM8004_metadata.json").read_bytes())


def test_nul_in_title_and_children_is_stored_without_it_on_both_databases(
        engine: Engine, sjm8004: dict[str, Any]) -> None:
    """Before: SQLite stored the NUL, PostgreSQL refused the bill (text and jsonb cannot hold it)."""
    title = sjm8004["title"]
    sjm8004["title"] = title[:10] + "\x00" + title[10:]
    sjm8004["actions"][0]["description"] += "\x00"
    sjm8004["extras"] = {**(sjm8004.get("extras") or {}), "note\x00": "a\x00b"}
    result = BillStore(engine).upsert_bill(sjm8004, source="test")
    assert result.status == "new"
    with engine.connect() as conn:
        stored = conn.execute(select(Bill.title).where(Bill.id == result.bill_id)).scalar_one()
        first = conn.execute(select(Action.description).where(Action.bill_id == result.bill_id)
                             .order_by(Action.order)).scalars().first()
    assert stored == title
    assert first is not None and "\x00" not in first


def test_overlong_identifier_is_refused_naming_the_bill_on_both_databases(
        engine: Engine, sjm8004: dict[str, Any]) -> None:
    """Before: SQLite stored a 70-character identifier, PostgreSQL failed on VARCHAR(64)."""
    sjm8004["identifier"] = "SJM 8004" + "-A" * 31
    with pytest.raises(RecordError, match=r"bill 'SJM 8004-A-A.*identifier is 70 characters, at most 64"):
        BillStore(engine).upsert_bill(sjm8004, source="test")
    sjm8004["identifier"] = "SJM 8004"
    sjm8004["legislative_session"] = "2025-2026" * 8
    with pytest.raises(RecordError, match=r"bill 'SJM 8004': legislative_session .* 72 characters"):
        BillStore(engine).upsert_bill(sjm8004, source="test")
    with engine.connect() as conn:
        assert conn.execute(select(Bill.id)).first() is None
