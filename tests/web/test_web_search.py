"""/search on SQLite FTS5 and PostgreSQL tsvector: matching, bill numbers, bad input, filters,
sorting, pagination and the CSV / JSON / Atom exports."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy import text

from statecare.db import search as search_mod
from statecare.db.search import (
    MARK_END,
    MARK_START,
    SearchHit,
    SearchQuery,
    parse_bill_number,
    parse_bill_numbers,
    parse_query,
    search,
)

ATOM = "{http://www.w3.org/2005/Atom}"


def sj(client: FlaskClient, **params: str) -> dict:  # type: ignore[type-arg]
    r = client.get("/search.json", query_string=params)
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def idents(data: dict) -> list[str]:  # type: ignore[type-arg]
    return [f"{h['state']} {h['identifier']}" for h in data["results"]]


def test_phrase_in_bill_text_is_found_with_highlighted_snippet(any_client: FlaskClient) -> None:
    data = sj(any_client, q='"global budget"')
    assert "wa SB 5233" in idents(data)
    hit = next(h for h in data["results"] if h["identifier"] == "SB 5233")
    assert MARK_START in hit["snippet_marked"] and MARK_END in hit["snippet_marked"]
    assert "global budget" in hit["snippet"].lower()


def test_title_words_rank_title_matches_first(any_client: FlaskClient) -> None:
    data = sj(any_client, q="medicare for all")
    assert data["results"][0]["identifier"] in ("S 860", "H 1405")


def test_prefix_exclusion_and_or(any_client: FlaskClient) -> None:
    with_trust = idents(sj(any_client, q="trust", per_page="100"))
    assert "wa HB 1445" in with_trust
    without = idents(sj(any_client, q="health* -trust", per_page="100"))
    assert "wa HB 1445" not in without and "wa SJM 8004" in without
    either = set(idents(sj(any_client, q="toboggan OR snow", per_page="100")))
    assert {"mn HF 4058", "vt H 845"} <= either


@pytest.mark.parametrize("typed,expected", [("AB 1900", "ca AB 1900"), ("S.860", "ma S 860"),
                                            ("sjm 8004", "wa SJM 8004"), ("HB1445", "wa HB 1445"),
                                            ("WA SB 5233", "wa SB 5233")])
def test_bill_number_lookup(any_client: FlaskClient, typed: str, expected: str) -> None:
    data = sj(any_client, q=typed)
    found = [f"{h['state']} {h['identifier']}" for h in data["bill_number_matches"]]
    assert found and found[0] == expected


@pytest.mark.parametrize("q", ['"unbalanced quote', "NEAR(health", "health AND OR", "col:value", "^start",
                               "a*b*", '""', "-", "(((", "health) OR (", "*", "%_'; DROP TABLE bills; --",
                               "x" * 2000, "\x00health"])
def test_malformed_queries_never_fail(any_client: FlaskClient, q: str) -> None:
    r = any_client.get("/search", query_string={"q": q})
    assert r.status_code == 200, q
    j = any_client.get("/search.json", query_string={"q": q})
    assert j.status_code == 200, q


def test_malformed_query_gets_a_helpful_message(any_client: FlaskClient) -> None:
    page = BeautifulSoup(any_client.get("/search", query_string={"q": '"universal health'}).get_data(as_text=True),
                         "lxml")
    notice = page.select_one(".notice").get_text(" ", strip=True)
    assert "unmatched quotation mark" in notice
    assert page.select(".hit")  # and the search still ran
    data = sj(any_client, q="NEAR(health")
    assert any("ignored" in w for w in data["warnings"])
    assert data["total"] > 0


def test_filters_state_policy_stage_category(any_client: FlaskClient) -> None:
    assert set(h["state"] for h in sj(any_client, q="health", state="wa")["results"]) == {"wa"}
    sp = sj(any_client, q="health", policy_type="single_payer", per_page="100")["results"]
    assert sp and all(h["policy_type"] == "single_payer" for h in sp)
    st = sj(any_client, q="", stage="passed_both")["results"]
    assert [h["identifier"] for h in st] == ["SJM 8004"]
    cat = sj(any_client, category="financing")["results"]
    assert [h["identifier"] for h in cat] == ["SB 5233"]
    sess = sj(any_client, state="ny", session="2021-2022")["results"]
    assert {h["identifier"] for h in sess} == {"S 5474", "A 6058"}


def test_bad_filter_values_are_400_naming_the_parameter(any_client: FlaskClient) -> None:
    for params, name in [({"stage": "done"}, "stage"), ({"policy_type": "x"}, "policy_type"),
                         ({"page": "0"}, "page"), ({"page": "two"}, "page"), ({"per_page": "1000"}, "per_page"),
                         ({"sort": "random"}, "sort"), ({"state": "zz"}, "state"), ({"category": "x"}, "category")]:
        r = any_client.get("/search.json", query_string={"q": "health", **params})
        assert r.status_code == 400, params
        assert name in r.get_json()["error"]["message"]
        html = any_client.get("/search", query_string={"q": "health", **params})
        assert html.status_code == 400 and name in html.get_data(as_text=True)


def test_sorting_and_pagination(any_client: FlaskClient) -> None:
    newest = sj(any_client, q="health", sort="newest", per_page="100")["results"]
    dates = [h["latest_action_date"] for h in newest if h["latest_action_date"]]
    assert dates == sorted(dates, reverse=True)
    oldest = sj(any_client, q="health", sort="oldest", per_page="100")["results"]
    assert [h["latest_action_date"] for h in oldest if h["latest_action_date"]] == sorted(dates)
    by_id = sj(any_client, q="health", sort="identifier", per_page="100")["results"]
    keys = [(h["state"], h["legislative_session"], h["identifier"]) for h in by_id]
    assert keys == sorted(keys)
    p1 = sj(any_client, q="health", per_page="3", page="1")
    p2 = sj(any_client, q="health", per_page="3", page="2")
    assert p1["total"] == p2["total"] > 6
    assert not set(idents(p1)) & set(idents(p2))
    assert p1["links"]["next"].endswith("page=2&per_page=3") or "page=2" in p1["links"]["next"]
    html = BeautifulSoup(any_client.get("/search?q=health&per_page=3&page=2").get_data(as_text=True), "lxml")
    assert html.select_one(".pager a[rel=next]") and html.select_one(".pager a[rel=prev]")


def test_csv_export_is_the_whole_result_set(any_client: FlaskClient) -> None:
    total = sj(any_client, q="health")["total"]
    r = any_client.get("/search.csv?q=health&per_page=2")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) == total
    assert all(row["url"].startswith("http://localhost/bills/") for row in rows)
    assert MARK_START not in r.get_data(as_text=True)


def test_atom_feed_of_a_search_is_valid_atom(any_client: FlaskClient) -> None:
    r = any_client.get("/search.atom?q=health+trust")
    assert r.mimetype == "application/atom+xml"
    root = ET.fromstring(r.data)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert entries
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert any("HB 1445" in t for t in titles)
    for e in entries:
        assert e.findtext(f"{ATOM}id") and e.findtext(f"{ATOM}updated")


def test_atom_feed_of_a_bill_number_lists_the_bill(any_client: FlaskClient) -> None:
    """The page and the CSV list CA AB 1900 for "AB 1900"; its Atom feed had no entry (only text hits
    went in), so a reader who subscribed to the number heard nothing."""
    def titles(q: str) -> list[str]:
        root = ET.fromstring(any_client.get("/search.atom", query_string={"q": q}).data)
        return [e.findtext(f"{ATOM}title") or "" for e in root.findall(f"{ATOM}entry")]

    assert [t.split(":")[0] for t in titles("AB 1900")] == ["CA AB 1900"]
    # near miss: a word search's feed is unchanged, each bill once
    words = titles("health trust")
    assert words and len(words) == len(set(words))


def test_empty_search_page_shows_the_form_only(any_client: FlaskClient) -> None:
    page = BeautifulSoup(any_client.get("/search").get_data(as_text=True), "lxml")
    assert page.select_one("form.search-form label[for=q]")
    assert not page.select(".hit")


def test_parser_keeps_user_text_out_of_fts_syntax() -> None:
    pq = parse_query('NEAR(a b) "x y" c* -d OR e')
    expr = pq.fts5()
    assert expr is not None and "NEAR(" not in expr
    assert pq.warnings
    assert parse_query('"open').fts5() == '{title abstract body} : ("open")'
    assert parse_bill_number("covid") is None
    assert parse_bill_number("S.860") == (None, "S 860")
    assert parse_bill_number("zz HB 1") is None


def test_search_cache_answers_repeats_and_notices_new_events(app, client: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import delete, insert

    from statecare.db.models import Event

    cache = app.extensions["statecare_search_cache"]
    first = sj(client, q="toboggan")
    sj(client, q="toboggan")
    assert cache.hits >= 1
    misses = cache.misses
    eng = app.extensions["statecare_engine"]
    with eng.begin() as conn:
        new_id = conn.execute(insert(Event).values(kind="new_action", payload={})).inserted_primary_key[0]
    try:
        again = sj(client, q="toboggan")
        assert cache.misses > misses  # a new event id: computed afresh (the JSON text and the result)
        assert again["total"] == first["total"]
    finally:
        with eng.begin() as conn:
            conn.execute(delete(Event).where(Event.id == new_id))


# --- bounded work for big result sets (statecare.db.search: COUNT_CAP, RANK_CANDIDATES, facets) ---
# The fixture database is small, so the limits are lowered to make the big-set plans run on it;
# each plan's answer is checked against the plain one (limits out of reach).

def _pages(conn, **kw) -> list[SearchHit]:  # type: ignore[no-untyped-def]
    """Every hit of a search, read page by page as a client would (following has_next)."""
    out: list[SearchHit] = []
    for page in range(1, 400):
        res = search(conn, SearchQuery(page=page, per_page=3, **kw))
        out += res.hits
        if not res.has_next:
            return out
    raise AssertionError("pages never ended")


def _engine(client: FlaskClient):  # type: ignore[no-untyped-def]
    return client.application.extensions["statecare_engine"]


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_mod, "COUNT_CAP", 4)
    monkeypatch.setattr(search_mod, "RANK_CANDIDATES", 4)


def test_relevance_past_the_candidates_is_newest_first(any_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    with _engine(any_client).connect() as conn:
        exact = _pages(conn, q="health")
        assert len(exact) > 12
        monkeypatch.setattr(search_mod, "COUNT_CAP", 4)
        monkeypatch.setattr(search_mod, "RANK_CANDIDATES", 4)
        first = search(conn, SearchQuery(q="health", per_page=3))
        capped = _pages(conn, q="health")
    assert first.total == 4 and first.total_capped and first.has_next
    ids = [h.bill_id for h in capped]
    assert sorted(ids) == sorted(h.bill_id for h in exact)  # every match, once
    newest4 = sorted(ids, reverse=True)[:4]
    assert sorted(ids[:4], reverse=True) == newest4  # the candidates are the 4 newest matches ...
    # ... by relevance: bm25 (smaller is better) on SQLite, ts_rank_cd (larger) on PostgreSQL
    scores = [float(h.score) for h in capped[:4] if h.score is not None]
    assert len(scores) == 4
    assert scores == sorted(scores, reverse=conn.dialect.name != "sqlite")
    assert ids[4:] == sorted(ids[4:], reverse=True)  # then the rest, newest first


@pytest.mark.parametrize("kw", [{"q": "health", "sort": "newest"}, {"q": "health", "sort": "oldest"},
                                {"q": "health", "sort": "newest", "state": "ny"}, {"sort": "newest"},
                                {"sort": "oldest", "state": "ny"}, {"q": "health", "sort": "identifier"}])
def test_date_walk_gives_the_same_order_as_sorting_every_match(any_client: FlaskClient,
                                                               monkeypatch: pytest.MonkeyPatch, kw: dict) -> None:  # type: ignore[type-arg]
    with _engine(any_client).connect() as conn:
        plain = [h.bill_id for h in _pages(conn, **kw)]
        monkeypatch.setattr(search_mod, "COUNT_CAP", 4)
        walked = [h.bill_id for h in _pages(conn, **kw)]
    assert len(plain) > 4 and walked == plain


@pytest.mark.parametrize("kw", [{"state": "wa"}, {"state": "ny"}, {"state": "ny", "session": "2021-2022"},
                                {"state": "wa", "policy_type": "single_payer"}, {"policy_type": "relevant"},
                                {"category": "financing"}, {"stage": "passed_both"}])
def test_filters_inside_the_index_find_what_the_bills_table_says(any_client: FlaskClient,
                                                                 monkeypatch: pytest.MonkeyPatch, kw: dict) -> None:  # type: ignore[type-arg]
    with _engine(any_client).connect() as conn:
        everything = search(conn, SearchQuery(q="health OR bill OR act", per_page=100))
        assert not everything.total_capped and everything.total > 20
        expected = {h.bill_id for h in _pages(conn, q="health OR bill OR act", **kw)}
        # the reference: the unfiltered matches, filtered in Python
        want_state = kw.get("state")
        unfiltered = {h.bill_id: h for h in _pages(conn, q="health OR bill OR act")}
        if want_state and len(kw) == 1:
            assert expected == {i for i, h in unfiltered.items() if h.state == want_state}
        for cap in (4, 2):
            monkeypatch.setattr(search_mod, "COUNT_CAP", cap)
            monkeypatch.setattr(search_mod, "RANK_CANDIDATES", cap)
            monkeypatch.setattr(search_mod, "FEW_BILLS", 1000)
            got = _pages(conn, q="health OR bill OR act", **kw)
            assert {h.bill_id for h in got} == expected and len(got) == len(expected)


def test_scoring_by_join_and_inside_the_index_agree(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite (the `client` site) scores state-filtered candidates either with a join or inside the
    index (the facet term has weight 0): the same order and scores either way."""
    with _engine(client).connect() as conn:
        monkeypatch.setattr(search_mod, "COUNT_CAP", 3)
        monkeypatch.setattr(search_mod, "RANK_CANDIDATES", 3)
        runs = []
        for probe_limit in (10_000, 0):  # probe says "few rows between": join; "many": inside the index
            monkeypatch.setattr(search_mod, "PROBE_FACTOR", probe_limit)
            runs.append([(h.bill_id, round(h.score or 0, 9)) for h in _pages(conn, q="health", state="ny")])
    assert runs[0] == runs[1] and len(runs[0]) > 3


def test_capped_count_on_the_page_json_and_csv(any_client: FlaskClient, small_limits: None) -> None:
    data = sj(any_client, q="health", per_page="3")
    assert data["total"] == 4 and data["total_capped"] is True and "next" in data["links"]
    page = BeautifulSoup(any_client.get("/search?q=health&per_page=3").get_data(as_text=True), "lxml")
    assert "More than 4 results" in page.select_one("#results-h").get_text(" ", strip=True)
    assert page.select_one(".pager a[rel=next]")
    rows = list(csv.DictReader(io.StringIO(any_client.get("/search.csv?q=health").get_data(as_text=True))))
    assert len(rows) > 4  # the export reads on past the counted part


def test_index_follows_bill_changes(engine, fixtures) -> None:  # type: ignore[no-untyped-def]
    """State/session tokens in the index stay right when a bill moves session or is deleted."""
    from sqlalchemy import delete, select, update

    from statecare.db.models import Bill
    from statecare.db.openstates_io import import_paths

    import_paths(engine, [fixtures / "openstates" / "wa"], source="openstates")
    with engine.connect() as conn:
        wa = search(conn, SearchQuery(q="washington OR state OR bill OR act", state="wa", per_page=100))
        assert wa.total >= 2
        moved, gone = wa.hits[0].bill_id, wa.hits[1].bill_id
        old_session = wa.hits[0].legislative_session
    with engine.begin() as conn:
        conn.execute(update(Bill).where(Bill.id == moved).values(legislative_session="2099-2100"))
        conn.execute(delete(Bill).where(Bill.id == gone))
    with engine.connect() as conn:
        q = "washington OR state OR bill OR act"
        assert [h.bill_id for h in search(conn, SearchQuery(q=q, state="wa", session="2099-2100")).hits] == [moved]
        assert moved not in {h.bill_id for h in search(conn, SearchQuery(q=q, state="wa", session=old_session)).hits}
        left = {h.bill_id for h in search(conn, SearchQuery(q=q, state="wa", per_page=100)).hits}
        assert gone not in left and moved in left
        n_wa = conn.execute(select(Bill.id).where(Bill.state == "wa")).all()
        if conn.dialect.name == "sqlite":
            # no stale facet tokens: the index holds exactly the stored WA bills
            n_tokens = conn.execute(text("SELECT count(*) FROM search_fts WHERE search_fts MATCH "
                                         "'{facets} : \"stwax\"'")).scalar_one()
            assert n_tokens == len(n_wa)


def test_rebuilt_index_finds_the_same(engine, fixtures) -> None:  # type: ignore[no-untyped-def]
    from statecare.db.openstates_io import import_paths
    from statecare.db.search import rebuild_index

    import_paths(engine, [fixtures / "openstates" / "wa"], source="openstates")
    queries = [SearchQuery(q="health OR insurance OR tax", per_page=100),
               SearchQuery(q="health OR insurance OR tax", state="wa", session="2025-2026", per_page=100)]
    with engine.connect() as conn:
        before = [[(h.bill_id, h.score) for h in search(conn, sq).hits] for sq in queries]
    with engine.begin() as conn:
        rebuild_index(conn)
    with engine.connect() as conn:
        after = [[(h.bill_id, h.score) for h in search(conn, sq).hits] for sq in queries]
    assert before[0] and before[1] and after == before


def test_same_bill_across_sessions_and_chambers_is_one_result_with_also(client) -> None:  # type: ignore[no-untyped-def]
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/search?q=%22New+York+Health+Act%22").get_data(as_text=True), "lxml")
    hits = page.select("ol.results-list > li.hit")
    assert hits
    ny = [h for h in hits if h.select_one(".bill-no").get_text().startswith("NY ")]
    also = [h for h in ny if h.select_one("p.also")]
    assert also, "the NY Health Act's companions and earlier sessions are folded into one result"
    shown = [h.select_one(".bill-no").get_text(strip=True) for h in ny]
    folded = [a.get_text(strip=True) for h in also for a in h.select("p.also a")]
    assert not set(shown) & set(folded)  # nothing is listed twice


# several bill numbers in one query, and a query with nothing searchable in it

def numbers(data: dict) -> list[str]:  # type: ignore[type-arg]
    return [f"{h['state']} {h['identifier']}" for h in data["bill_number_matches"]]


@pytest.mark.parametrize("typed", ["HB 1445 OR SB 5233", "HB1445 OR SB5233", "HB 1445, SB 5233",
                                   "HB 1445 SB 5233", "HB 1445; SB 5233", "WA HB 1445 OR WA SB 5233"])
def test_several_bill_numbers_find_each(any_client: FlaskClient, typed: str) -> None:
    assert numbers(sj(any_client, q=typed)) == ["wa HB 1445", "wa SB 5233"]


def test_several_bill_numbers_page_heading_names_both(any_client: FlaskClient) -> None:
    page = BeautifulSoup(any_client.get("/search", query_string={"q": "HB 1445 OR SB 5233"}).get_data(as_text=True),
                         "lxml")
    assert page.select_one("#numbers-h").get_text(strip=True) == "Bill numbers HB 1445, SB 5233"
    assert len(page.select(".hit.exact")) == 2
    one = BeautifulSoup(any_client.get("/search", query_string={"q": "HB 1445"}).get_data(as_text=True), "lxml")
    assert one.select_one("#numbers-h").get_text(strip=True) == "Bill number HB 1445"


@pytest.mark.parametrize("typed", ["HB 1445 OR health", "HB 1445 and SB 5233", "HB 1445, trust", "single payer",
                                   "HB 1445 OR", "OR SB 5233 HB"])
def test_near_misses_are_not_number_lists(typed: str) -> None:
    # a word among the numbers, or a dangling OR: not a list of bill numbers (a full-text search)
    assert parse_bill_numbers(typed) == []


def test_one_number_reads_as_before() -> None:
    assert parse_bill_numbers("WA SB 5233") == [("wa", "SB 5233")]
    assert parse_bill_numbers("S.860") == [(None, "S 860")]


@pytest.mark.parametrize("typed", ["!!!", '""', "(:)", "OR", "-medicare", "***"])
def test_nothing_searchable_lists_no_bills_and_says_so(any_client: FlaskClient, typed: str) -> None:
    data = sj(any_client, q=typed)
    assert data["results"] == [] and data["total"] == 0 and data["bill_number_matches"] == []
    assert any(f"“{typed}” has no searchable words" in w for w in data["warnings"]), data["warnings"]
    # with a filter too: the filter alone is not what was asked for
    assert sj(any_client, q=typed, state="wa")["results"] == []
    page = BeautifulSoup(any_client.get("/search", query_string={"q": typed}).get_data(as_text=True), "lxml")
    assert not page.select(".hit")
    assert f"“{typed}” has no searchable words" in page.select_one(".results").get_text(" ")
    assert "Nothing matched" not in page.get_text(" ")


def test_near_miss_filters_alone_still_list_bills(any_client: FlaskClient) -> None:
    # no query at all (browsing by filter) and a query with one word in it are unchanged
    assert sj(any_client, q="", state="wa")["results"]
    assert sj(any_client, q="!!! trust")["results"]


def test_a_bill_found_by_its_number_is_not_followed_by_zero_results(any_client: FlaskClient) -> None:
    """`AB 1900` listed CA AB 1900 under "Bill number AB 1900", then "0 results for AB 1900": the page
    contradicted itself (the words "AB" and "1900" appear in no other bill's text)."""
    page = BeautifulSoup(any_client.get("/search", query_string={"q": "AB 1900"}).get_data(as_text=True), "lxml")
    assert len(page.select(".hit.exact")) == 1
    heading = " ".join(page.select_one("#results-h").get_text(" ").split())
    assert heading == "No other bill mentions AB 1900", heading
    # near miss: a word search that finds nothing still counts its results
    none = BeautifulSoup(any_client.get("/search", query_string={"q": "zzzzqqq"}).get_data(as_text=True), "lxml")
    assert " ".join(none.select_one("#results-h").get_text(" ").split()) == "0 results for zzzzqqq"
