"""Hearing lists link the hearing's committee to its committee page when the directory has it
(the bill page's own matcher), on the WA slice site; a committee it lacks stays plain text."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from statecare.db.models import Bill, Hearing
from statecare.legis.identifiers import identifier_slug
from statecare.web import hearings
from statecare.web.people import state_index


def test_bill_page_links_the_hearing_committee(people_sqlite: tuple[str, dict[str, Any]],
                                               people_site: tuple[FlaskClient, dict[str, Any]]) -> None:
    client, _ = people_site
    engine = create_engine(people_sqlite[0])
    with Session(engine) as s:
        rows = s.execute(select(Hearing, Bill).join(Bill).where(Hearing.committee.is_not(None))).all()
        assert rows, "the WA slice has no hearing with a committee"
        index = state_index(s, "wa")
        linked = [(h, b) for h, b in rows if index.match(str(h.committee), None) is not None
                  or any(index.match(str(h.committee), ch) for ch in ("upper", "lower"))]
        assert linked, [h.committee for h, _ in rows]
        hearing, bill = linked[0]
        upcoming, past = hearings.for_bill(s, bill)
        view = next(v for v in upcoming + past if v.id == hearing.id)
        assert view.committee_slug, (view.committee, view.chamber)
        path = f"/bills/wa/{bill.legislative_session}/{identifier_slug(bill.identifier)}"
    engine.dispose()
    html = client.get(path).text
    assert re.search(rf'<a href="/committees/{view.committee_slug}">[^<]+</a>', html), html[:200]
    assert client.get(f"/committees/{view.committee_slug}").status_code == 200
