"""Map, state and bill pages through the Flask test client: what they show, and every error path."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from statecare.db.engine import make_engine
from statecare.web import queries, vocab


def soup(resp) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(resp.get_data(as_text=True), "lxml")


# -- the map ----------------------------------------------------------------------------------


def test_map_has_51_tiles_coloured_by_furthest_stage(client: FlaskClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    page = soup(r)
    tiles = page.select("ol.tilemap > li.tile")
    assert len(tiles) == 52  # 50 states, DC and Puerto Rico
    by_state = {t.select_one(".abbr").get_text(strip=True): t for t in tiles}
    assert set(by_state) == {s.upper() for s in vocab.STATE_NAMES}
    # the default view is the binding routes (issue 12): WA's memorial to Congress passed both
    # chambers, but its furthest binding bill is SB 5233 in committee -- the memorial is no progress
    assert "st-in_committee" in by_state["WA"]["class"] and "nb" not in by_state["WA"]["class"]
    # the accessible name starts with the words the tile shows (label in name), then says them in full
    assert by_state["WA"].a["aria-label"] == "WA Cmte — Washington: In committee (SB 5233)"
    assert by_state["WA"].a["title"] == "Washington: In committee (SB 5233)"
    assert "SJM 8004" not in str(page.select_one("ol.tilemap"))
    # Texas: nothing stored at all -- "not covered yet", never "no relevant bill" (issue 10)
    assert "st-uncovered" in by_state["TX"]["class"]
    assert "not covered yet" in by_state["TX"].a["aria-label"]
    # a state with bills stored but none relevant this session says so
    covered_none = [t for t in tiles if "st-none" in t["class"]]
    assert covered_none and all("no binding bill this session" in t.a["aria-label"] for t in covered_none)
    assert "Not covered yet" in page.select_one(".legend").get_text()
    assert re.search(r"Bills stored for \d+ of 52 states", page.select_one("p.coverage").get_text())
    assert "last collected" in page.select_one("footer p.collected").get_text()
    # the accessible table says the same
    row = next(tr for tr in page.select("table.data tbody tr") if tr.th.get_text(strip=True) == "Washington")
    assert "In committee" in row.get_text() and "SB 5233" in row.get_text()
    assert "binding bill" in page.select_one("table.data caption").get_text()


def test_map_routes_switch_what_counts(client: FlaskClient) -> None:
    sp = soup(client.get("/?route=single_payer"))
    wa = next(t for t in sp.select("li.tile") if t.select_one(".abbr").get_text() == "WA")
    # only the single-payer bills count now: SB 5233 is in committee, further than HB 1445
    assert "st-in_committee" in wa["class"]
    study = soup(client.get("/?route=study"))
    vt = next(t for t in study.select("li.tile") if t.select_one(".abbr").get_text() == "VT")
    assert "st-introduced" in vt["class"] and "nb" in vt["class"]
    assert vt.a["aria-label"] == "VT Study Intro — Vermont: Study introduced (H 833)"
    assert vt.select_one(".tkind").get_text(strip=True) == "Study"
    current = study.select_one(".routes a[aria-current]")
    assert current.get_text(strip=True) == "Studies (not binding)"


def _tile(page: BeautifulSoup, abbr: str):  # type: ignore[no-untyped-def]
    return next(t for t in page.select("li.tile") if t.select_one(".abbr").get_text() == abbr)


def _row(page: BeautifulSoup, name: str):  # type: ignore[no-untyped-def]
    return next(tr for tr in page.select("table.data tbody tr") if tr.th.get_text(strip=True) == name)


def test_default_map_is_the_binding_routes_and_says_so(client: FlaskClient) -> None:
    page = soup(client.get("/"))
    assert page.select_one(".routes a[aria-current]").get_text(strip=True) == "Single-payer + public option"
    assert soup(client.get("/?route=binding")).select_one("ol.tilemap") == page.select_one("ol.tilemap")
    lede = page.select_one("p.lede").get_text(" ", strip=True)
    assert "binding" in lede and "memorials to Congress" in lede and "Studies" in lede
    # no tile of the default view is a study or a memorial, and no purple legend
    assert not page.select("li.tile.nb") and not page.select(".legend .swatch.nb")
    assert "Memorial" not in page.select_one("ol.tilemap").decode() and "Study" not in page.select_one("table.data").get_text()


def test_memorial_layer_names_the_memorial_everywhere(client: FlaskClient) -> None:
    page = soup(client.get("/?route=federal"))
    wa = _tile(page, "WA")
    assert "nb" in wa["class"] and "st-passed_both" in wa["class"]
    assert wa.a["aria-label"] == "WA Memo Both — Washington: Memorial passed both chambers (SJM 8004)"
    assert wa.select_one(".tkind").get_text(strip=True) == "Memo"
    assert "Memorial passed both chambers" in _row(page, "Washington").get_text(" ", strip=True)
    assert "memorial to Congress (not binding)" in page.select_one("table.data caption").get_text()
    legend = page.select_one(".legend").get_text(" ", strip=True)
    assert "Memorial passed both chambers" in legend and "Memorial enacted" in legend and "not binding" in legend
    assert "changes no one's coverage" in page.select_one("p.route-note").get_text()


def test_all_routes_labels_the_memorial_as_what_it_is(client: FlaskClient) -> None:
    page = soup(client.get("/?route=all"))
    wa = _tile(page, "WA")
    assert "nb" in wa["class"] and wa.a["aria-label"] == "WA Memo Both — Washington: Memorial passed both chambers (SJM 8004)"
    assert "Memorial passed both chambers" in _row(page, "Washington").get_text(" ", strip=True)
    # a binding bill in the same view is not marked
    ny = _tile(page, "NY")
    assert "nb" not in ny["class"] and ny.a["aria-label"] == "NY Cmte — New York: In committee (A 1466)"
    legend = page.select_one(".legend").get_text(" ", strip=True)
    assert "Binding bills" in legend and "Studies and memorials to Congress: not binding" in legend


def test_non_binding_words() -> None:
    assert vocab.route_stage_label("enacted", "universal_coverage_study") == "Study enacted"
    assert vocab.route_stage_label("passed_both", "federal_resolution", [], "SJM 8004", "wa") == \
        "Memorial passed both chambers"
    # a one-house memorial (NY's Senate resolution) that passed is "adopted"
    assert vocab.route_stage_label("passed_both", "federal_resolution", ["resolution"], "J 1075", "ny") == \
        "Memorial adopted"
    assert vocab.route_stage_label("enacted", "single_payer") == "Enacted"
    assert vocab.route_stage_label(None, "federal_resolution") == "Not yet classified"


def test_non_binding_colours_are_purple_not_the_binding_blue() -> None:
    for st in ("introduced", "in_committee", "on_floor", "passed_one_chamber", "passed_both",
               "sent_to_governor", "enacted"):
        assert vocab.NONBINDING_COLOURS[st][0] != vocab.STAGE_COLOURS[st][0], st


def test_map_unknown_route_is_a_400_naming_the_choices(client: FlaskClient) -> None:
    r = client.get("/?route=medicare")
    assert r.status_code == 400
    assert "single_payer" in r.get_data(as_text=True) and "medicare" in r.get_data(as_text=True)


def test_map_shows_what_changed_this_week(client: FlaskClient, site_sqlite_url: str) -> None:
    """The list is the legislatures' latest recorded week, by action date (the recording is older
    than seven days, and the page says so), the same as the query's answer."""
    page = soup(client.get("/"))
    items = page.select("ul.changes li")
    eng = make_engine(site_sqlite_url)
    with Session(eng) as s:
        week = queries.changes_this_week(s, True)
    eng.dispose()
    assert not week.current and items and len(items) == len(week.changes)
    assert [li.time["datetime"] for li in items] == [c.date for c in week.changes]
    assert all(week.start.isoformat() <= li.time["datetime"] <= week.end.isoformat() for li in items)
    note = page.select_one(".week-note").get_text(" ", strip=True)
    assert week.end.isoformat() in note and "latest week with recorded actions" in note


def test_legend_lists_every_stage(client: FlaskClient) -> None:
    legend = soup(client.get("/")).select_one(".legend").get_text(" ", strip=True)
    for st in vocab.LEGEND_ORDER:
        assert vocab.STAGE_LABELS[st] in legend


# -- states -----------------------------------------------------------------------------------


def test_state_page_groups_bills_by_policy_type_and_stage(client: FlaskClient) -> None:
    page = soup(client.get("/states/WA"))
    assert page.h1.get_text(strip=True) == "Washington"
    sections = {s.h3.get_text(strip=True): s for s in page.select("section.ptype")}
    assert set(sections) == {"Single-payer", "Memorial to Congress"}
    sp = sections["Single-payer"].get_text(" ", strip=True)
    # in committee (SB 5233) is listed before introduced (HB 1445)
    assert sp.index("In committee") < sp.index("Introduced")
    assert sp.index("SB 5233") < sp.index("HB 1445")
    other = page.select_one("details").get_text(" ", strip=True)
    assert "HB 1009" in other


def test_state_page_shows_ny_health_act_history_across_sessions(client: FlaskClient) -> None:
    page = soup(client.get("/states/NY"))
    lineage = page.select_one("table.lineage")
    assert lineage is not None
    text = lineage.get_text(" ", strip=True)
    for ident in ("S 3577", "S 5474", "S 7590", "S 3425"):
        assert ident in text
    for sess in ("2019-2020", "2021-2022", "2023-2024", "2025-2026"):
        assert sess in text
    # the earlier versions named by Open Legislation but not stored are listed as such
    assert "S3525" in text.replace(" ", "") and "not stored" in text
    # one table in session order, stored or not, and the caption counts every session in it
    sessions = [tr.td.get_text(strip=True) for tr in lineage.select("tbody tr")]
    assert sessions == sorted(sessions) and sessions[0] < "2019"
    assert f"{len(set(sessions))} sessions" in lineage.caption.get_text()
    # within a stage the newest session comes first: this year's NY Health Act before 2019's
    bills = page.select_one("section.ptype").get_text(" ", strip=True)
    assert bills.index("A 1466") < bills.index("S 3577")


def test_state_code_is_case_insensitive_and_unknown_is_404(client: FlaskClient) -> None:
    r = client.get("/states/wa")
    assert r.status_code == 301 and r.headers["Location"].endswith("/states/WA")
    r = client.get("/states/ZZ")
    assert r.status_code == 404
    assert "ZZ" in r.get_data(as_text=True)


def test_state_page_of_a_state_without_bills(client: FlaskClient) -> None:
    page = soup(client.get("/states/WY"))
    assert "Wyoming" in page.h1.get_text()
    # nothing stored: the page cannot know Wyoming's bills, so it says so (issue 10)
    assert "Wyoming is not covered yet" in page.get_text(" ", strip=True)
    assert "No bill toward universal coverage is stored" not in page.get_text()


# -- bills ------------------------------------------------------------------------------------


def test_bill_identifier_spellings_resolve_to_one_address(client: FlaskClient) -> None:
    assert client.get("/bills/wa/2025-2026/SJM8004").status_code == 200
    for spelling in ("SJM%208004", "sjm8004", "SJM.8004"):
        r = client.get(f"/bills/wa/2025-2026/{spelling}")
        assert r.status_code == 301, spelling
        assert r.headers["Location"].endswith("/bills/wa/2025-2026/SJM8004")
    r = client.get("/bills/WA/2025-2026/HB%201445")
    assert r.status_code == 301 and r.headers["Location"].endswith("/bills/wa/2025-2026/HB1445")


def test_bill_page_shows_title_sponsors_timeline_and_stages(client: FlaskClient) -> None:
    page = soup(client.get("/bills/wa/2025-2026/SJM8004"))
    assert "Concerning Universal Health Care." in page.h1.get_text()
    assert page.select(".sponsors li")
    steps = page.select("ol.timeline li")
    assert len(steps) == 22
    reached = [li.select_one(".reached").get_text(" ", strip=True) for li in page.select("ol.timeline li.stage-step")]
    assert any("Passed both chambers" in x for x in reached)
    assert "Memorial to Congress" in page.select_one(".meta").get_text()
    assert "30" in page.select_one("#actions").get_text()  # the roll call 30-19


def test_bill_page_highlights_evidence_at_its_offsets(client: FlaskClient) -> None:
    page = soup(client.get("/bills/wa/2025-2026/SB5233"))
    links = page.select("ul.provisions a[href^='#p']")
    assert len(links) == 3
    for a in links:
        anchor = page.select_one(a["href"])
        assert anchor is not None, a["href"]
        mark = anchor.find_next_sibling("mark")
        bq = a.find_parent("li").select_one("blockquote")
        for summary in bq.select("summary"):  # a long passage's "… the rest" opener is not quoted text
            summary.decompose()
        quote = bq.get_text()
        assert mark.get_text().strip() == quote.strip()
    cats = [h.get_text() for h in page.select("#provisions h3")]
    assert cats == ["Benefits", "Financing", "Provider payment"]
    card = page.select_one("dl.scorecard")
    score = card.get_text(" ", strip=True)
    assert "Specified (sources and rates)" in score and "ERISA" in score and "Absent" in score
    assert "Sources: Payroll tax" in score
    # a scorecard answer's evidence links to the same highlight as the provision it rests on
    fin = next(r for r in card.select(".sc-row") if r.dt.get_text() == "Financing")
    target = fin.select_one("a.show-ev")["href"]
    payroll = next(li for li in page.select("ul.provisions > li") if "Payroll tax" in li.strong.get_text())
    assert payroll.select_one("a.show-ev")["href"] == target
    # every provision says how sure its passage is, in words that follow the percentage shown
    for li in page.select("ul.provisions > li"):
        said = li.select_one("strong + span").get_text()
        pct = int(re.search(r"(\d+)% confident", said).group(1))
        words = "strong evidence" if pct > 85 else "likely" if pct > 60 else "weak evidence"
        if pct not in (60, 85):  # a shown 85% may be 84.6% (likely): the words follow the unrounded value
            assert said.startswith("(" + words), said


def test_bill_text_is_rendered_inert_and_exact(app, client: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from statecare.db.models import Bill

    page = soup(client.get("/bills/wa/2025-2026/SB5233"))
    shown = page.select_one(".billtext").get_text()
    with Session(app.extensions["statecare_engine"]) as s:
        b = s.scalars(select(Bill).where(Bill.identifier == "SB 5233")).one()
        stored = next(v.text for v in b.versions if v.text)
    assert shown == stored
    assert not page.select(".billtext script, .billtext [onclick]")


def test_bill_versions_diff_and_provision_changes(client: FlaskClient) -> None:
    page = soup(client.get("/bills/vt/2025-2026/S197"))
    opts = page.select("#diff-from option")
    assert len(opts) == 2
    a, b = opts[0]["value"], opts[1]["value"]
    r = client.get(f"/bills/vt/2025-2026/S197?diff_from={a}&diff_to={b}")
    diff = soup(r).select_one("#diff")
    assert diff is not None
    assert diff.select("ins") and diff.select("del")
    assert re.search(r"\d+ lines? added", diff.get_text())


def test_diff_across_companion_bills_lists_provision_changes(client: FlaskClient) -> None:
    page = soup(client.get("/bills/ny/2023-2024/S7590"))
    opts = {o.get_text(): o["value"] for o in page.select("#diff-from option")}
    assert any("A 7897" in k for k in opts) and any("S 7590" in k for k in opts)
    s_id = next(v for k, v in opts.items() if "S 7590" in k)
    a_id = next(v for k, v in opts.items() if "A 7897" in k)
    diff = soup(client.get(f"/bills/ny/2023-2024/S7590?diff_from={s_id}&diff_to={a_id}")).select_one("#diff")
    # the Assembly print names its own sponsor; the Senate's does not
    assert "Paulin" in " ".join(x.get_text() for x in diff.select("ins"))


def test_bill_page_errors(client: FlaskClient) -> None:
    assert client.get("/bills/wa/2025-2026/HB99999").status_code == 404
    assert client.get("/bills/zz/2025-2026/HB1445").status_code == 404
    assert client.get("/bills/wa/1999/HB1445").status_code == 404
    r = client.get("/bills/vt/2025-2026/S197?diff_from=abc&diff_to=1")
    assert r.status_code == 400 and "diff_from" in r.get_data(as_text=True)
    r = client.get("/bills/vt/2025-2026/S197?diff_from=1")
    assert r.status_code == 400
    r = client.get("/bills/vt/2025-2026/S197?diff_from=999999&diff_to=999998")
    assert r.status_code == 400 and "999999" in r.get_data(as_text=True)
    assert client.get("/bills/vt/2025-2026/S197?version=999999").status_code == 404


def test_unclassified_bill_page_says_so(client: FlaskClient) -> None:
    page = soup(client.get("/bills/nj/222/A3624"))
    assert "has not been analysed yet" in page.get_text()
    assert "Stage not yet classified" in page.select_one(".meta").get_text()


def test_legiscan_bill_is_attributed(client: FlaskClient, app) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from statecare.db.models import Bill

    # mark one real bill as LegiScan-sourced, as the LegiScan spider stores it
    with app.extensions["statecare_engine"].begin() as conn:
        conn.execute(update(Bill).where(Bill.identifier == "H 185").values(source="legiscan"))
    try:
        text = soup(client.get("/bills/vt/2025-2026/H185")).get_text()
        assert "LegiScan" in text and "CC BY 4.0" in text
    finally:
        with app.extensions["statecare_engine"].begin() as conn:
            conn.execute(update(Bill).where(Bill.identifier == "H 185").values(source="openstates"))


# -- site-wide ----------------------------------------------------------------------------------


def test_security_headers_on_every_kind_of_response(client: FlaskClient) -> None:
    for url in ("/", "/search?q=health", "/api/v1/states", "/nope", "/feeds/all.atom"):
        h = client.get(url).headers
        csp = h["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["Referrer-Policy"]


def test_pages_have_no_inline_script_or_style(client: FlaskClient) -> None:
    for url in ("/", "/states/WA", "/bills/wa/2025-2026/SB5233", "/search?q=health"):
        page = soup(client.get(url))
        assert not [s for s in page.select("script") if not s.get("src")], url
        assert not page.select("[style]"), url
        assert not page.select("[onclick], [onload]"), url
        # every form control has a label
        for el in page.select("input:not([type=hidden]), select"):
            assert el.get("id") and page.select_one(f"label[for='{el['id']}']"), (url, el)


def test_404_and_405_pages(client: FlaskClient) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "Not Found" in r.get_data(as_text=True)
    r = client.post("/")
    assert r.status_code in (400, 405)


def test_static_assets_are_small_and_local(client: FlaskClient) -> None:
    css = client.get("/static/style.css")
    js = client.get("/static/app.js")
    assert css.status_code == js.status_code == 200
    assert len(css.data) < 20_000 and len(js.data) < 5_000
    assert b"http://" not in css.data and b"https://" not in css.data


def test_css_stage_colours_match_the_vocabulary(client: FlaskClient) -> None:
    css = client.get("/static/style.css").get_data(as_text=True)
    for st, (bg, fg) in vocab.STAGE_COLOURS.items():
        assert f".st-{st} {{ background: {bg}; color: {fg}; }}" in css, st
    for st, (bg, fg) in vocab.NONBINDING_COLOURS.items():
        if (bg, fg) != vocab.STAGE_COLOURS[st]:
            assert f".nb.st-{st} {{ background: {bg}; color: {fg}; }}" in css, st


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_stage_colours_meet_wcag_aa_contrast() -> None:
    for st, (bg, fg) in [*vocab.STAGE_COLOURS.items(), ("none", vocab.NO_BILL_COLOURS),
                         *vocab.NONBINDING_COLOURS.items()]:
        a, b = sorted((_luminance(bg), _luminance(fg)), reverse=True)
        assert (a + 0.05) / (b + 0.05) >= 4.5, st


def test_uncovered_state_page_says_not_covered_yet_and_lists_the_covered(client: FlaskClient) -> None:
    page = soup(client.get("/states/TX"))
    notice = page.select_one("p.uncovered").get_text(" ", strip=True)
    assert "Texas is not covered yet" in notice and "WA" in notice
    assert "No bill toward universal coverage" not in page.get_text()
    assert "Texas is not covered yet" in page.select_one("footer p.collected").get_text(" ", strip=True)


def test_state_and_bill_pages_say_when_their_data_was_collected(client: FlaskClient) -> None:
    page = soup(client.get("/states/WA"))
    footer = page.select_one("footer p.collected").get_text(" ", strip=True)
    assert re.search(r"Washington: data last collected \d{4}-\d{2}-\d{2}", footer)
    # every stored session is listed
    assert page.find("caption", string=re.compile("Sessions stored for Washington"))
