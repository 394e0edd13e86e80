"""The test database itself: built from the real fixtures through the store, on both dialects."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from statecare.db.engine import make_engine
from statecare.db.models import Bill, Provision, RelatedBill, Version


def test_site_database_holds_real_bills_texts_and_links(site_url: str) -> None:
    eng = make_engine(site_url)
    with Session(eng) as s:
        assert s.scalar(select(func.count()).select_from(Bill)) >= 45
        texts = s.scalars(select(Version).where(Version.text.is_not(None))).all()
        assert len(texts) >= 7
        sb = s.scalars(select(Bill).where(Bill.identifier == "SB 5233")).one()
        for p in s.scalars(select(Provision).where(Provision.bill_id == sb.id)):
            v = s.get(Version, p.version_id)
            assert v.text[p.start:p.end] == p.evidence
        linked = s.scalar(select(func.count()).select_from(RelatedBill).where(RelatedBill.related_bill_id.is_not(None)))
        assert linked >= 10
    eng.dispose()
