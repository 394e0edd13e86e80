"""What a reader sees where the site used to speak in its own terms: each legislature's own name for
its houses, the session as shown elsewhere on the page, states listed by name, and a search page past
the last one that says so instead of "Nothing matched" (found in a user's-eye pass over the site)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from statecare.db.models import Bill, Legislator
from statecare.web.people import committee_chamber_words, ended_in_committee, seat_words
from statecare.web.queries import RelatedView


def soup(resp) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    assert resp.status_code == 200, resp.status_code
    return BeautifulSoup(resp.get_data(as_text=True), "lxml")


def _meta(page: BeautifulSoup) -> str:
    return " ".join(page.select_one("p.meta").get_text(" ").split())


def test_new_york_assembly_bill_names_the_assembly(client: FlaskClient) -> None:
    page = soup(client.get("/bills/ny/2025-2026/A1466"))
    assert "introduced in the Assembly." in _meta(page)
    chambers = {c.get_text(strip=True) for c in page.select("span.chamber")}
    assert "Assembly" in chambers and "House" not in chambers


def test_washington_house_bill_still_says_house(client: FlaskClient) -> None:
    # near miss: Washington's lower house is the House, and it is not lower-cased any more
    page = soup(client.get("/bills/wa/2025-2026/HB1445"))
    assert "introduced in the House." in _meta(page)
    assert "Assembly" not in page.get_text()


def test_breadcrumb_shows_the_session_as_the_page_does(client: FlaskClient) -> None:
    page = soup(client.get("/bills/ca/20252026/AB1900"))
    crumbs = [li.get_text(strip=True) for li in page.select("nav.crumbs li")]
    assert crumbs[2] == "2025-2026" and "California, 2025-2026 session" in _meta(page)
    # the link still filters the search by the stored session key
    assert "session=20252026" in page.select("nav.crumbs a")[2]["href"]


def test_state_filter_lists_states_by_name(client: FlaskClient) -> None:
    page = soup(client.get("/search", query_string={"q": "health"}))
    names = [o.get_text(strip=True) for o in page.select("#f-state option") if o.get("value")]
    assert len(names) > 5 and names == sorted(names)


def test_page_past_the_end_says_so_and_links_the_last_page(client: FlaskClient) -> None:
    first = client.get("/search.json", query_string={"q": '"single payer"', "per_page": "3"}).get_json()
    total = first["total"]
    assert 3 < total and not first["total_capped"]
    last = -(-total // 3)
    page = soup(client.get("/search", query_string={"q": '"single payer"', "per_page": "3", "page": "999"}))
    text = " ".join(page.get_text(" ").split())
    assert "Page 999 is past the end of these results" in text and "Nothing matched" not in text
    link = page.find("a", string="Go to the last page")
    assert link is not None and f"page={last}" in link["href"] and "per_page=3" in link["href"]
    landed = soup(client.get(link["href"]))
    hits = landed.select("ol.results-list li.hit")
    assert hits and int(landed.select_one("ol.results-list")["start"]) == (last - 1) * 3 + 1


def test_pager_keeps_a_page_size_from_the_url(client: FlaskClient) -> None:
    page = soup(client.get("/search", query_string={"q": '"single payer"', "per_page": "3"}))
    nxt = page.find("a", rel="next")
    assert nxt is not None and "page=2" in nxt["href"] and "per_page=3" in nxt["href"]
    # near miss: the default size is not written into links
    plain = soup(client.get("/search", query_string={"q": "health"}))
    assert "per_page" not in plain.find("a", rel="next")["href"]


def test_no_match_still_says_nothing_matched(client: FlaskClient) -> None:
    page = soup(client.get("/search", query_string={"q": "zzzzqqqxv", "page": "3"}))
    text = page.get_text(" ")
    assert "Nothing matched" in text and "past the end" not in text


@pytest.mark.parametrize("stage,furthest,expected", [
    ("failed", "in_committee", ("died", True)),  # NY S 7590 (2023-2024): died in Senate Health
    ("withdrawn", "introduced", ("was withdrawn", True)),
    ("failed", "passed_one_chamber", ("died", False)),  # AR HB 1004: passed the House first
    ("failed", "on_floor", ("died", False)),
    # near misses: a bill alive or past its last vote did not end in a committee
    ("enacted", "enacted", (None, False)),  # VT S 197
    ("in_committee", "in_committee", (None, False)),  # MA S 860
])
def test_how_a_bill_ended_after_its_last_referral(stage: str, furthest: str, expected: tuple[str | None, bool]
                                                  ) -> None:
    bill = Bill(state="ny", legislative_session="2023-2024", identifier="S 7590", title="t",
                stage=stage, stage_furthest=furthest)
    assert ended_in_committee(bill) == expected



def _session_row(client: FlaskClient, state: str, session: str) -> str:
    page = soup(client.get(f"/states/{state}"))
    table = page.find("caption", string=f"Sessions stored for {page.h1.get_text(strip=True)}").find_parent("table")
    row = next(tr for tr in table.select("tbody tr") if tr.th.get_text(strip=True) == session)
    return row.select_one("span.badge").get_text(strip=True)


def test_sessions_table_names_a_memorial_as_a_memorial(client: FlaskClient) -> None:
    # WA 2025-2026: SJM 8004 (memorial to Congress) passed both chambers; the single-payer bills are
    # in committee. The furthest stage must not read as if a binding bill had passed.
    assert _session_row(client, "WA", "2025-2026") == "Memorial passed both chambers"
    api = client.get("/api/v1/states/WA").get_json()
    row = next(r for r in api["sessions"] if r["session"] == "2025-2026")
    assert row["furthest_stage"] == "passed_both" and row["furthest_label"] == "Memorial passed both chambers"


def test_sessions_table_binding_bill_keeps_the_plain_stage(client: FlaskClient) -> None:
    # near miss: New York's furthest relevant bill is a single-payer bill (A 1466, in committee)
    assert _session_row(client, "NY", "2025-2026") == "In committee"


@pytest.mark.parametrize("state,chamber,district,expected", [
    ("ny", "lower", "88", "Assembly, District 88"),  # Amy Paulin (shared/people), sponsor of NY A 1466
    ("ca", "lower", "25", "Assembly, District 25"),  # Kalra, author of CA AB 1900
    # near misses: a House and a Senate keep their names, one-house legislatures say Legislature
    ("wa", "lower", "11", "House, District 11"),
    ("ny", "upper", "33", "Senate, District 33"),  # Gustavo Rivera
    ("ne", "legislature", "2", "Legislature, District 2"),
    ("ma", "lower", "7th Hampden", "House, District 7th Hampden"),
])
def test_a_seat_is_named_as_its_legislature_names_it(state: str, chamber: str, district: str, expected: str) -> None:
    leg = Legislator(id="x", slug="x", state=state, name="n", chamber=chamber, district=district)
    assert seat_words(leg) == expected


def test_committee_house_words() -> None:
    assert committee_chamber_words("lower", "ny") == "Assembly"
    assert committee_chamber_words("lower", "wa") == "House"
    assert committee_chamber_words("legislature", "ny") == "Joint / Legislature"


def test_california_session_reads_as_years_in_search_and_title(client: FlaskClient) -> None:
    page = soup(client.get("/search", query_string={"q": "AB 1900"}))
    number = page.select_one("ul.numbers a.hit-title").get_text(" ", strip=True)
    assert number == "CA AB 1900 (2025-2026)"
    page = soup(client.get("/search", query_string={"q": '"Guaranteed Health Care for All"'}))
    metas = [" ".join(m.get_text(" ").split()) for m in page.select("p.hit-meta")]
    assert any(m.startswith("California · 2025-2026 ·") for m in metas) and not any("20252026" in m for m in metas)
    bill = soup(client.get("/bills/ca/20252026/AB1900"))
    assert bill.title.get_text().startswith("CA AB 1900 (2025-2026)")


@pytest.mark.parametrize("rtype,incoming,expected", [
    ("prior-session", True, "later session"),  # NY S 3425 (2025-2026) names S 7590 as its prior session
    ("replaces", True, "replaced by"),
    # near misses: links this bill makes read as recorded, and a companion is one either way
    ("prior-session", False, "prior session"),
    ("replaces", False, "replaces"),
    ("companion", True, "companion"),
    ("companion", False, "companion"),
])
def test_related_bill_words_read_from_this_bill(rtype: str, incoming: bool, expected: str) -> None:
    view = RelatedView(identifier="S 3425", legislative_session="2025-2026", relation_type=rtype, derived=False,
                       bill=None, incoming=incoming)
    assert view.words == expected


def test_related_bill_made_by_a_later_bill_reads_later_session(client: FlaskClient) -> None:
    page = soup(client.get("/bills/ny/2023-2024/S7590"))
    rows = {" ".join(li.a.get_text().split()): li.select_one("span.rel").get_text(" ", strip=True)
            for li in page.select("ul.related li") if li.a}
    assert rows.get("NY S 3425") == "later session (links here)", rows
    assert rows.get("NY S 5474") == "prior session", rows


def test_week_note_says_which_bills_had_no_actions(client: FlaskClient) -> None:
    """The footer's "newest action" counts every stored bill; the week's list follows the relevant ones
    only, so its note must not read as if the legislatures did nothing at all that week (the home page
    said "latest week with recorded actions, 2026-05-23 to 2026-05-29" under "newest action 2026-06-29")."""
    note = " ".join(soup(client.get("/")).select_one(".week-note").get_text(" ").split())
    assert "on the bills this list follows" in note and "latest week with recorded actions on them" in note


def _follow_box(client: FlaskClient, path: str) -> str:
    page = soup(client.get(path))
    form = page.select_one("form.follow-form")
    assert form is not None, path
    return form.get_text(" ", strip=True)


def _site_with_dead_bills(site_sqlite_url: str, tmp_path, where: str) -> FlaskClient:  # type: ignore[no-untyped-def]
    """A copy of the site's database in which the bills matched by `where` are marked as `statecare
    classify` marks a bill whose session ended before it passed: failed, session ended."""
    return _site_copy(site_sqlite_url, tmp_path,
                      f"UPDATE bills SET stage = 'failed', stage_session_ended = 1 WHERE {where}")


def _site_copy(site_sqlite_url: str, tmp_path, sql: str) -> FlaskClient:  # type: ignore[no-untyped-def]
    """The site on a copy of its database changed by one UPDATE statement."""
    import shutil

    from sqlalchemy import create_engine, text

    from statecare.app import create_app
    from statecare.web import queries as web_queries

    db = tmp_path / "dead.sqlite3"
    shutil.copy(site_sqlite_url.removeprefix("sqlite:///"), db)
    eng = create_engine(f"sqlite:///{db}")
    with eng.begin() as conn:
        conn.execute(text(sql))
    eng.dispose()
    web_queries.clear_cache()
    app = create_app({"DATABASE_URL": f"sqlite:///{db}", "TESTING": True, "SECRET_KEY": "t",
                      "INSTANCE_PATH": str(tmp_path / "inst")})
    return app.test_client()


NY_HEALTH_2019_ASSEMBLY = "(state = 'ny' AND legislative_session = '2019-2020' AND identifier = 'A 5248')"


@pytest.fixture
def dead_bill_client(site_sqlite_url: str, tmp_path) -> FlaskClient:  # type: ignore[no-untyped-def]
    """The site with the NY Health Act of 2019-2020 (A 5248) dead, its session over."""
    return _site_with_dead_bills(site_sqlite_url, tmp_path, NY_HEALTH_2019_ASSEMBLY)


def test_follow_on_a_dead_bill_says_what_following_means(dead_bill_client: FlaskClient) -> None:
    box = _follow_box(dead_bill_client, "/bills/ny/2019-2020/A5248")
    assert "This bill is dead: it will not move again (its session is over)." in box
    assert "Follow this bill: email me if it is reintroduced" in box
    assert "email me when it moves" not in box
    # near miss: a bill still alive keeps the plain offer
    alive = _follow_box(dead_bill_client, "/bills/ny/2025-2026/A1466")
    assert "email me when it moves, gets a hearing" in alive and "dead" not in alive


def test_follow_on_a_law_and_a_vetoed_bill(client: FlaskClient) -> None:
    law = _follow_box(client, "/bills/vt/2025-2026/S197")
    assert "This bill is already law: it will not move again." in law and "email me when it moves" not in law
    vetoed = _follow_box(client, "/bills/vt/2025-2026/S190")
    assert "The governor vetoed this bill." in vetoed and "overrides the veto" in vetoed


@pytest.fixture
def reintroduced_client(site_sqlite_url: str, tmp_path) -> FlaskClient:  # type: ignore[no-untyped-def]
    """The site with two dead bills: the NY Health Act of 2019-2020 (A 5248), which later Assembly bills
    name as their prior-session version, and WA SB 5233, which no stored bill names."""
    return _site_with_dead_bills(site_sqlite_url, tmp_path, NY_HEALTH_2019_ASSEMBLY + " OR "
                                 "(state = 'wa' AND legislative_session = '2025-2026' AND identifier = 'SB 5233')")


def test_a_dead_bill_already_reintroduced_says_as_what(reintroduced_client: FlaskClient) -> None:
    """A journalist on a dead bill's page was told "Bills are often reintroduced: see related bills" and
    offered an alert for a reintroduction that had already happened (NY A 1466 names A 5248's line)."""
    page = soup(reintroduced_client.get("/bills/ny/2019-2020/A5248"))
    later = {a.get_text(strip=True): a["href"] for r in page.select("section#related li")
             if "later session" in r.get_text() for a in r.select("a")[:1]}
    assert later, "the fixtures no longer hold a later bill naming A 5248"
    note = " ".join(page.select_one("p.stage-note").get_text(" ").split())
    assert "It was reintroduced as" in note and "Bills are often reintroduced" not in note, note
    links = {a.get_text(strip=True): a["href"] for a in page.select("p.stage-note a")}
    assert links == later
    box = _follow_box(reintroduced_client, "/bills/ny/2019-2020/A5248")
    assert "To hear when the reintroduced bill moves, follow" in box, box
    assert "email me if it is reintroduced again" in box
    # near miss: a dead bill no later bill names keeps the general note and the plain offer
    other = soup(reintroduced_client.get("/bills/wa/2025-2026/SB5233"))
    other_note = " ".join(other.select_one("p.stage-note").get_text(" ").split())
    assert "Bills are often reintroduced: see related bills" in other_note and "It was reintroduced" not in other_note
    other_box = _follow_box(reintroduced_client, "/bills/wa/2025-2026/SB5233")
    assert "email me if it is reintroduced Follow" in other_box and "reintroduced again" not in other_box


def _versions_listed(page: BeautifulSoup) -> list[str]:
    return [" ".join(li.get_text(" ").split()) for li in page.select("ul.versions > li")]


def test_versions_are_listed_oldest_first(client: FlaskClient) -> None:
    """Colorado lists a bill's versions newest first (HJR 1002 of 2026A: Signed Act ... Introduced);
    the page read them bottom up, unlike every other state's."""
    notes = [v.split(" 2026-")[0] for v in _versions_listed(soup(client.get("/bills/co/2026A/HJR1002")))]
    assert notes[:2] == ["Introduced", "Engrossed"], notes
    assert set(notes[2:]) == {"Signed Act", "Resolution/Memorial", "Revised"}


def test_versions_out_of_date_order_keep_undated_ones_in_place(shared) -> None:  # type: ignore[no-untyped-def]
    """Arkansas lists amendments by house (H1, S1, H2) whatever their dates, with the bill as filed and
    the Act undated: AR HB 1079 (2025) as recorded."""
    import gzip
    import json

    from statecare.db.models import Version
    from statecare.web.views.bills import versions_in_date_order

    with gzip.open(shared / "national/ar/2025/bills.jsonl.gz", "rt", encoding="utf-8") as f:
        rec = next(r for r in map(json.loads, f) if r.get("identifier") == "HB 1079")
    bill = Bill(state="ar", legislative_session="2025", identifier="HB 1079", title=rec["title"],
                versions=[Version(order=i, note=v["note"], date=v["date"], classification=v["classification"],
                                  links=v["links"], extras={}) for i, v in enumerate(rec["versions"])])
    assert [v.note for v in bill.versions][:4] == ["HB 1079", "Amendment H1", "Amendment S1", "Amendment H2"]
    listed = [v.note for v in versions_in_date_order(bill)]
    assert listed[:4] == ["HB 1079", "Amendment H1", "Amendment H2", "Amendment S1"], listed
    assert listed[-1] == bill.versions[-1].note  # the undated Act stays last
    # near miss: versions already in date order are listed as stored
    in_order = Bill(state="ar", legislative_session="2025", identifier="HB 1079", title="t",
                    versions=[bill.versions[1], bill.versions[3]])
    assert versions_in_date_order(in_order) == in_order.versions


def test_a_version_whose_text_is_not_stored_says_so_in_plain_words(site_sqlite_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """45,643 versions of the national database read "the document is not in the recording" (the
    crawler's replay data, a word no reader knows)."""
    c = _site_copy(site_sqlite_url, tmp_path, "UPDATE versions SET text_status = 'not_recorded' WHERE bill_id = "
                   "(SELECT id FROM bills WHERE state = 'co' AND legislative_session = '2026A' AND identifier = 'HJR 1002')")
    listed = _versions_listed(soup(c.get("/bills/co/2026A/HJR1002")))
    assert listed and all(v.endswith("text not stored here") for v in listed), listed
    assert not any("recording" in v for v in listed)


def test_a_death_dated_by_the_session_name_says_by_not_since(site_sqlite_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A bill that died with its session carries the last day the session's name allows (classify:
    NY S 7590 of 2023-2024 failed on 2024-12-31; Kentucky's 2025 regular session, which rose in March,
    336 bills "Failed since 2025-12-31"). The page gave that day as the day it failed."""
    c = _site_copy(site_sqlite_url, tmp_path, "UPDATE bills SET stage = 'failed', stage_session_ended = 1, "
                   "stage_date = '2020-12-31' WHERE " + NY_HEALTH_2019_ASSEMBLY)
    page = soup(c.get("/bills/ny/2019-2020/A5248"))
    meta, note = _meta(page), " ".join(page.select_one("p.stage-note").get_text(" ").split())
    assert "when its session ended, by 2020-12-31" in meta and "since 2020-12-31" not in meta, meta
    assert "so it died when the session ended, by 2020-12-31 (its last action: " in note, note
    assert page.select("li.synthetic time")[0].get_text() == "by 2020-12-31"


def test_how_far_a_dead_bill_got_is_set_apart_from_when_it_died(site_sqlite_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """NY S 7590's header read "Failed when its session ended, by 2024-12-31 Died in committee": two
    statements run together as one sentence. They are set apart; the stored outcome's words are unchanged."""
    c = _site_copy(site_sqlite_url, tmp_path, "UPDATE bills SET stage = 'failed', stage_session_ended = 1, "
                   "stage_date = '2020-12-31', stage_furthest = 'in_committee' WHERE " + NY_HEALTH_2019_ASSEMBLY)
    meta = _meta(soup(c.get("/bills/ny/2019-2020/A5248")))
    assert "when its session ended, by 2020-12-31 · Died in committee" in meta, meta


@pytest.mark.parametrize(("stage_date", "session_ended", "expected"), [
    ("2025-12-31", True, "2025-12-31"),  # KY HB 793 (2025RS): the end the session's name allows
    ("2025-05-05", True, None),  # near miss: a death on a recorded day (Arkansas adjourned sine die 2025-05-05)
    ("2025-12-31", False, None),  # near miss: a bill defeated on Dec 31 failed that day
])
def test_died_by(stage_date: str, session_ended: bool, expected: str | None) -> None:
    from statecare.web.views.bills import died_by

    bill = Bill(state="ky", legislative_session="2025RS", identifier="HB 793", title="t", stage="failed",
                stage_session_ended=session_ended, stage_date=stage_date, actions=[])
    assert died_by(bill) == expected


def test_state_page_says_when_it_lists_only_some_other_health_bills(client: FlaskClient,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """California's page read "Other health-coverage bills (183)" and listed 100 of them without a word
    (MA 407, NJ 565, IL 325, MN 266, MD 125 in the national database). Here Vermont's two (S 197, S 190)
    with the list cut to one: the page says so and links the search that lists them all."""
    from statecare.web import queries as web_queries

    def other_box() -> BeautifulSoup:
        web_queries.clear_cache()
        page = soup(client.get("/states/VT"))
        return next(d for d in page.select("details") if "Other health-coverage bills" in d.summary.get_text())

    whole = other_box()
    assert whole.summary.get_text(strip=True) == "Other health-coverage bills (2)"
    assert len(whole.select("li.bill-item")) == 2 and "Listed:" not in whole.get_text()  # near miss
    monkeypatch.setattr(web_queries, "OTHER_HEALTH_LISTED", 1)
    cut = other_box()
    assert cut.summary.get_text(strip=True) == "Other health-coverage bills (2)"
    assert len(cut.select("li.bill-item")) == 1
    link = cut.find("a", string="All 2 in search")
    assert link is not None and "policy_type=other_health_coverage" in link["href"] and "state=vt" in link["href"]
    assert client.get(link["href"].replace("/search", "/search.json")).get_json()["total"] == 2


def test_the_text_heading_does_not_repeat_bill_text(site_sqlite_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The NY Open Legislation crawler notes each version "Bill text" (crawler/records/ny_openleg.py; 2,746
    national versions read "Bill Text"), and the text's heading read "Bill text: Bill text"."""
    where = "bill_id = (SELECT id FROM bills WHERE state = 'ny' AND identifier = 'S 7590' AND legislative_session = '2023-2024')"
    for note in ("Bill text", "Bill Text"):
        c = _site_copy(site_sqlite_url, tmp_path, f"UPDATE versions SET note = '{note}' WHERE {where}")
        heading = " ".join(soup(c.get("/bills/ny/2023-2024/S7590")).select_one("h2#text-h").get_text(" ").split())
        assert heading.lower().count("bill text") == 1 and heading.startswith("Bill text"), heading
    # near miss: a version's own name still follows
    c = _site_copy(site_sqlite_url, tmp_path, f"UPDATE versions SET note = 'Amended' WHERE {where}")
    heading = " ".join(soup(c.get("/bills/ny/2023-2024/S7590")).select_one("h2#text-h").get_text(" ").split())
    assert heading.startswith("Bill text: Amended"), heading
