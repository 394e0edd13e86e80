"""Legislator and committee pages on a slice of the national recording (real WA bills, real
directory), on SQLite and PostgreSQL: a bill page links its sponsors to their pages and shows the
committee that holds it with its chair's phone and email; the legislator page lists the bill with
its stage; the committee page lists its members and the bill; the JSON says the same."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import peoplesite
from flask.testing import FlaskClient

from statecare.legis.identifiers import identifier_slug

SPONSOR_LINK = re.compile(r'<a class="sponsor-name" href="(/legislators/[0-9a-f-]{36})"[^>]*>([^<]+)</a>')


def _bill_path(rec: dict[str, Any]) -> str:
    return f"/bills/wa/{rec['legislative_session']}/{identifier_slug(rec['identifier'])}"


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start:html.index("</section>", start)]


def test_bill_page_links_sponsors_and_shows_the_committee_chair(people_site: tuple[FlaskClient, dict[str, Any]]
                                                               ) -> None:
    client, rec = people_site
    page = client.get(_bill_path(rec))
    assert page.status_code == 200
    html = page.text
    links = SPONSOR_LINK.findall(html)
    primary = next(sp["name"] for sp in rec["sponsorships"] if sp.get("primary"))
    assert primary in [unescape(name) for _, name in links], links

    # the committee box: the latest referral is "First reading, referred to Health Care & Wellness."
    box = _section(html, "committee-h")
    assert "Health Care and Wellness" in box and "Health Care &amp; Wellness" in box
    assert "The bill is before this committee" in box  # stored up to its hearing: still in committee
    chair = re.search(r'<span class="role chair">Chair</span> <a href="(/legislators/[^"]+)">([^<]+)</a>', box)
    assert chair, box[:2000]
    assert re.search(r'href="tel:\d{10}"', box) and re.search(r'href="mailto:[^"@]+@leg\.wa\.gov"', box)

    # sponsor -> legislator page: name, party, seat, contact, committees, and this bill with its stage
    href, _ = next((h, n) for h, n in links if unescape(n) == primary)
    leg = client.get(href)
    assert leg.status_code == 200
    assert re.search(r"Washington (House|Senate), District \d+", leg.text)
    bills = _section(leg.text, "bills-h")
    item = next(li for li in bills.split('<li class="bill-item">')[1:] if rec["identifier"] in li)
    assert "Sponsor" in item and re.search(r'class="badge st-[a-z_]+">[A-Z][a-z ]+<', item), item
    assert 'href="' + _bill_path(rec) + '"' in item
    assert "/committees/" in _section(leg.text, "committees-h")

    # chair -> their page says they chair it
    chair_page = client.get(chair.group(1)).text
    assert chair.group(2) in chair_page and re.search(r'class="role chair">Chair<', chair_page)


def test_unmatched_sponsor_is_shown_as_written_not_linked(people_site: tuple[FlaskClient, dict[str, Any]],
                                                          shared: Any) -> None:
    client, _ = people_site
    _, others = peoplesite.slice_records(shared)
    rec = others[-1]
    name = peoplesite.unmatched_names(peoplesite.annotated(rec, shared))[0]
    html = client.get(_bill_path(rec)).text
    sponsors = _section(html, "sponsors-h")
    assert f'<span class="sponsor-name">{name}</span>' in sponsors
    assert name not in [n for _, n in SPONSOR_LINK.findall(sponsors)]
    assert SPONSOR_LINK.search(sponsors), "the bill's other sponsors are matched and linked"


def test_committee_page_lists_chair_members_and_referred_bills(people_site: tuple[FlaskClient, dict[str, Any]]
                                                              ) -> None:
    client, rec = people_site
    box = _section(client.get(_bill_path(rec)).text, "committee-h")
    href = re.search(r'href="(/committees/[0-9a-f-]{36})"', box).group(1)  # type: ignore[union-attr]
    page = client.get(href)
    assert page.status_code == 200
    assert "<h1>Health Care and Wellness" in page.text
    members = _section(page.text, "members-h")
    assert members.count("/legislators/") >= 10
    referred = _section(page.text, "cbills-h")
    assert rec["identifier"] in referred

    data = client.get("/api/v1" + href).get_json()
    assert data["name"] == "Health Care and Wellness" and data["chamber"] == "lower"
    chairs = [m for m in data["members"] if m["role"] == "chair"]
    assert len(chairs) == 1 and chairs[0]["url"].endswith(chairs[0]["person_id"].split("/")[-1])
    assert rec["identifier"] in [b["identifier"] for b in data["bills"]]


def test_legislator_json_and_bad_addresses(people_site: tuple[FlaskClient, dict[str, Any]]) -> None:
    client, rec = people_site
    href = SPONSOR_LINK.search(client.get(_bill_path(rec)).text).group(1)  # type: ignore[union-attr]
    data = client.get("/api/v1" + href).get_json()
    assert data["state"] == "wa" and data["party"] in ("Democratic", "Republican")
    assert any(b["identifier"] == rec["identifier"] and b["stage_label"] for b in data["bills"])
    assert data["committees"] and all(c["url"].startswith("http://localhost/committees/") for c in data["committees"])
    bad = client.get("/legislators/not-a-uuid")
    assert bad.status_code == 404 and "ocd-person/&lt;uuid&gt;" in bad.text
    missing = client.get("/api/v1/committees/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and "statecare people load" in missing.get_json()["error"]["message"]
