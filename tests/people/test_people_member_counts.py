"""One committee, one member count, on every page that counts its members (SQLite and PostgreSQL).

The committee page said "Chair and members (7)" and a bill page's box for the same committee
"Members (6)": the box counted the members left after the chair (CA Senate Appropriations in the
national database, AB 1032's last committee). Here the WA slice (real bills, real directory): the
bill page's folded list, the committee page, the committee JSON and the legislator pages that list
the committee must agree.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import create_engine, insert, select
from sqlalchemy.orm import Session

from statecare.db.models import Committee, CommitteeMember
from statecare.legis.identifiers import identifier_slug
from statecare.web.people import committee_view, committees_of


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start:html.index("</section>", start)]


def test_every_page_gives_the_committee_the_same_count(people_site: tuple[FlaskClient, dict[str, Any]]) -> None:
    client, rec = people_site
    box = _section(client.get(f"/bills/wa/{rec['legislative_session']}/{identifier_slug(rec['identifier'])}").text,
                   "committee-h")
    href = re.search(r'href="(/committees/[0-9a-f-]{36})"', box).group(1)  # type: ignore[union-attr]
    folded = re.search(r"<summary>Members \((\d+)(, with the chairs?)?\)</summary>", box)
    assert folded, box[:3000]
    page = _section(client.get(href).text, "members-h")
    on_page = int(re.search(r'Chair and members <span class="count">\((\d+)\)', page).group(1))  # type: ignore[union-attr]
    data = client.get("/api/v1" + href).get_json()
    assert int(folded.group(1)) == on_page == len(data["members"]) == page.count("<li>")
    # each matched member's legislator page lists the committee once
    cid = data["id"]
    listed = 0
    for m in data["members"]:
        if m["url"]:
            seats = client.get("/api/v1/legislators/" + m["url"].rsplit("/", 1)[-1]).get_json()["committees"]
            listed += [s["id"] for s in seats].count(cid)
    assert listed == sum(1 for m in data["members"] if m["url"])


def test_a_person_listed_twice_is_one_seat(people_sqlite: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    """A directory that lists the chair a second time as a member must not add a member on the committee
    page nor a second seat on the chair's page (near miss: two people of one name stay two when their
    person ids differ -- not built here; the key is the person id)."""
    url, _ = people_sqlite
    db = tmp_path / "dup.sqlite3"
    shutil.copy(url.removeprefix("sqlite:///"), db)
    eng = create_engine(f"sqlite:///{db}")
    with Session(eng) as s:
        c = s.scalars(select(Committee).where(Committee.state == "wa", Committee.name == "Health Care and Wellness",
                                              Committee.chamber == "lower")).one()
        before = committee_view(s, c)
        chair = before.chairs[0]
        assert chair.person is not None
        seats_before = len(committees_of(s, chair.person.id))
        s.execute(insert(CommitteeMember).values(committee_id=c.id, order=999, name=chair.name, role="member",
                                                 person_id=chair.person.id))
        s.commit()
        s.expire_all()
        c = s.get(Committee, c.id)
        assert c is not None
        after = committee_view(s, c)
        assert after.count == before.count and [m.role for m in after.members if m.name == chair.name] == ["chair"]
        seats = committees_of(s, chair.person.id)
        assert len(seats) == seats_before and next(x for x in seats if x.committee.id == c.id).role == "chair"
    eng.dispose()


def test_a_committee_page_counts_every_referred_bill_not_just_those_listed(
        people_site: tuple[FlaskClient, dict[str, Any]], monkeypatch: Any) -> None:
    """CA Senate Appropriations' page said "Tracked bills referred to this committee (500)": the list's cap,
    not the 587 bills referred to it (five committees of the national database were over the cap, Illinois'
    House Rules with 1,148). Here the cap is lowered to one bill over the WA slice."""
    client, rec = people_site
    box = _section(client.get(f"/bills/wa/{rec['legislative_session']}/{identifier_slug(rec['identifier'])}").text,
                   "committee-h")
    href = re.search(r'href="(/committees/[0-9a-f-]{36})"', box).group(1)  # type: ignore[union-attr]
    full = client.get("/api/v1" + href).get_json()
    total = len(full["bills"])
    assert total >= 2 and full["bills_total"] == total
    page = _section(client.get(href).text, "cbills-h")
    assert f'<span class="count">({total})</span>' in page and "Listed:" not in page  # near miss: all listed
    monkeypatch.setattr("statecare.web.people.REFERRED_LISTED", 1)
    page = _section(client.get(href).text, "cbills-h")
    assert f'<span class="count">({total})</span>' in page, page[:500]
    assert f"Listed: 1 of the {total}" in page and page.count('<li class="bill-item">') == 1
    data = client.get("/api/v1" + href).get_json()
    assert len(data["bills"]) == 1 and data["bills_total"] == total
