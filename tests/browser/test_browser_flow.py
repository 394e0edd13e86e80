"""A person's path through the site in a real chromium, at desktop and phone widths:
map -> state -> bill -> search -> CSV, asserting on what is visible, with screenshots saved under
test-output/screenshots/ for a human to look at."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from statecare.web import vocab

pytestmark = pytest.mark.browser


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page is {overflow}px wider than the screen"


def _shot(page, screenshots: Path, name: str, full: bool = True) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(screenshots / f"{name}-{page.viewport_name}.png"), full_page=full)


def test_map_state_bill_search_csv(page, site_server: str, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    # 1. the map
    page.goto(site_server + "/")
    wa = page.locator("li.tile", has=page.locator(".abbr", has_text="WA")).first
    assert wa.is_visible()
    # the default view is the binding routes: WA's furthest binding bill is in committee (its memorial
    # to Congress, which passed, is on its own layer -- see test_map_layers_name_studies_and_memorials)
    bg, fg = vocab.STAGE_COLOURS["in_committee"]
    assert wa.evaluate("el => getComputedStyle(el).backgroundColor") == _rgb(bg)
    assert wa.locator("a").evaluate("el => getComputedStyle(el).color") == _rgb(fg)
    # nothing is stored for Texas: its tile is hatched "not covered yet", never "no relevant bill"
    tx = page.locator("li.tile", has=page.locator(".abbr", has_text="TX")).first
    assert "st-uncovered" in (tx.get_attribute("class") or "")
    assert "repeating-linear-gradient" in tx.evaluate("el => getComputedStyle(el).backgroundImage")
    assert "not covered yet" in (tx.locator("a").get_attribute("aria-label") or "")
    # the 52 tiles sit in a grid: Washington left of Idaho on one row, Alaska above Washington
    boxes = {s: page.locator("li.tile", has=page.locator(".abbr", has_text=s)).first.bounding_box()
             for s in ("WA", "ID", "AK", "ME", "FL")}
    assert abs(boxes["WA"]["y"] - boxes["ID"]["y"]) < 1 and boxes["WA"]["x"] < boxes["ID"]["x"]
    assert boxes["AK"]["y"] < boxes["WA"]["y"] and boxes["ME"]["x"] > boxes["WA"]["x"]
    assert boxes["FL"]["y"] > boxes["WA"]["y"]
    assert boxes["WA"]["width"] >= 24, "tiles too small to tap"
    assert page.get_by_role("heading", name="Legend: furthest stage").is_visible()
    assert page.get_by_role("heading", name="What changed this week").is_visible()
    assert page.locator("table.data").is_visible()
    _no_sideways_scroll(page)
    _shot(page, screenshots, "1-map")

    # switching the route recolours the map: a study is drawn in the non-binding purple
    page.get_by_role("link", name="Studies (not binding)", exact=True).click()
    vt = page.locator("li.tile", has=page.locator(".abbr", has_text="VT")).first
    assert vt.evaluate("el => getComputedStyle(el).backgroundColor") == _rgb(vocab.NONBINDING_COLOURS["introduced"][0])
    page.get_by_role("link", name="All routes").click()

    # 2. the state page
    page.locator("li.tile a", has_text="WA").first.click()
    page.wait_for_url("**/states/WA")
    assert page.get_by_role("heading", name="Washington", exact=True).is_visible()
    assert page.get_by_role("heading", name="Single-payer", exact=True).is_visible()
    chart = page.locator("svg.whopays")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box and box["width"] > 250 and box["height"] > 80
    assert page.locator("svg.band").is_visible()
    assert page.get_by_label("Added use by the newly insured").is_visible()
    _no_sideways_scroll(page)
    _shot(page, screenshots, "2-state")

    # recompute with another assumption: the page comes back with the value kept and marked changed
    page.get_by_label("Added use by the newly insured").fill("80%")
    page.get_by_role("button", name="Recompute").click()
    page.wait_for_url("**p.newly_insured_added_use=0.8**")
    assert page.get_by_label("Added use by the newly insured").input_value() == "0.8"

    # 3. the bill page, and an evidence link landing on its highlighted sentence
    page.locator("#bills a", has_text="SB 5233").first.click()
    page.wait_for_url("**/bills/wa/2025-2026/SB5233")
    assert "Developing the Washington health trust" in page.locator("h1").inner_text()
    link = page.locator("ul.provisions a", has_text="Show in the bill text").first
    link.click()
    mark = page.locator(link.get_attribute("href") + " + mark")
    page.wait_for_timeout(300)
    assert mark.is_visible()
    assert mark.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    # the sentence is scrolled into view inside the text box
    in_view = mark.evaluate("""el => { const r = el.getBoundingClientRect();
        const box = el.closest('.billtext').getBoundingClientRect();
        return r.top >= box.top - 2 && r.top <= box.bottom; }""")
    assert in_view
    _no_sideways_scroll(page)
    _shot(page, screenshots, "3-bill", full=False)

    # 4. search from the header box
    page.get_by_label("Search bills").fill('"global budget"')
    page.get_by_label("Search bills").press("Enter")
    page.wait_for_url("**/search?q=*")
    assert page.get_by_role("heading", name="results for").first.is_visible() or page.locator("#results-h").is_visible()
    first = page.locator("li.hit").first
    assert first.locator("mark").first.is_visible()
    assert "global budget" in first.locator("mark").first.inner_text().lower() or \
        first.locator(".snippet mark").count() > 0
    _no_sideways_scroll(page)
    _shot(page, screenshots, "4-search")

    # 5. the result set as CSV
    with page.expect_download() as dl:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert any(r["identifier"] == "SB 5233" for r in rows)
    assert not page.js_errors, page.js_errors


def _map_shot(page, screenshots: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    """The switch, the map and its legend (on a phone the intro pushes the map below the fold)."""
    top = page.locator("nav.routes").bounding_box()
    legend = page.locator(".legend").bounding_box()
    assert top and legend
    page.screenshot(path=str(screenshots / f"{name}-{page.viewport_name}.png"), full_page=True,
                    clip={"x": 0, "y": top["y"] + page.evaluate("window.scrollY") - 8,
                          "width": page.viewport_size["width"],
                          "height": legend["y"] + legend["height"] - top["y"] + 16})


def _tile(page, abbr: str):  # type: ignore[no-untyped-def]
    return page.locator("li.tile", has=page.locator(".abbr", has_text=abbr)).first


def _colours(tile) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    return (tile.evaluate("el => getComputedStyle(el).backgroundColor"),
            tile.locator("a").evaluate("el => getComputedStyle(el).color"))


def test_map_layers_name_studies_and_memorials(page, site_server: str, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: the default map is the binding routes; a memorial's passage or a study is its own
    layer, drawn in purple and named as what it is in the tile, its accessible name and the table."""
    page.goto(site_server + "/")
    current = page.locator(".routes a[aria-current]")
    assert current.inner_text() == "Single-payer + public option"
    wa = _tile(page, "WA")
    assert _colours(wa) == tuple(_rgb(c) for c in vocab.STAGE_COLOURS["in_committee"])
    assert page.get_by_role("link", name="Washington: In committee (SB 5233)").is_visible()
    assert page.locator("li.tile.nb").count() == 0
    _no_sideways_scroll(page)
    _map_shot(page, screenshots, "1b-map-binding")

    # the memorials layer: WA's joint memorial that passed, in purple, saying "Memorial"
    page.get_by_role("link", name="Memorials to Congress (not binding)").click()
    page.wait_for_url("**route=federal")
    wa = _tile(page, "WA")
    assert _colours(wa) == tuple(_rgb(c) for c in vocab.NONBINDING_COLOURS["passed_both"])
    link = page.get_by_role("link", name="Washington: Memorial passed both chambers (SJM 8004)")
    assert link.is_visible()
    kind = wa.locator(".tkind")
    if page.viewport_name == "desktop":
        assert kind.is_visible() and kind.inner_text().lower() == "memo"
    assert "Memorial passed both chambers" in page.locator("table.data tr", has_text="Washington").first.inner_text()
    assert page.locator(".legend .swatch.nb").first.is_visible()
    _no_sideways_scroll(page)
    _map_shot(page, screenshots, "1c-map-memorials")

    # the studies layer
    page.get_by_role("link", name="Studies (not binding)").click()
    page.wait_for_url("**route=study")
    assert page.get_by_role("link", name="Vermont: Study introduced (H 833)").is_visible()
    assert _colours(_tile(page, "VT")) == tuple(_rgb(c) for c in vocab.NONBINDING_COLOURS["introduced"])

    # all routes: binding blue and the memorial purple side by side, each named
    page.get_by_role("link", name="All routes").click()
    page.wait_for_url("**route=all")
    assert page.get_by_role("link", name="Washington: Memorial passed both chambers (SJM 8004)").is_visible()
    assert _colours(_tile(page, "WA"))[0] == _rgb(vocab.NONBINDING_COLOURS["passed_both"][0])
    assert page.get_by_role("link", name="New York: In committee (A 1466)").is_visible()
    assert _colours(_tile(page, "NY"))[0] == _rgb(vocab.STAGE_COLOURS["in_committee"][0])
    _no_sideways_scroll(page)
    _map_shot(page, screenshots, "1d-map-all")
    assert not page.js_errors, page.js_errors


def test_bill_number_lookup_and_malformed_query(page, site_server: str, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server + "/search?q=S.860")
    exact = page.locator("ul.numbers li.hit").first
    assert exact.is_visible() and "MA S 860" in exact.inner_text()
    page.goto(site_server + '/search?q=%22universal+health')
    notice = page.locator(".notice").first
    assert notice.is_visible() and "unmatched quotation mark" in notice.inner_text()
    assert page.locator("li.hit").count() > 0
    _shot(page, screenshots, "5-search-malformed")


def test_keyboard_skip_link_and_focus(page, site_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server + "/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box and box["x"] >= 0, "skip link must appear when focused"
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"


def test_diff_view_is_readable(page, site_server: str, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server + "/bills/ny/2023-2024/S7590")
    page.get_by_label("Older text").select_option(index=0)
    page.get_by_label("Newer text").select_option(index=1)
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**diff_from=*")
    diff = page.locator("#diff")
    diff.scroll_into_view_if_needed()
    ins = diff.locator("ins").first
    assert ins.is_visible()
    assert ins.evaluate("el => getComputedStyle(el).textDecorationLine").startswith("underline")
    assert diff.locator("del").first.evaluate("el => getComputedStyle(el).textDecorationLine") == "line-through"
    _no_sideways_scroll(page)
    _shot(page, screenshots, "6-diff", full=False)


def test_print_hides_navigation_and_forms(page, site_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server + "/states/NY")
    page.emulate_media(media="print")
    assert not page.locator("form.quicksearch").is_visible()
    assert not page.locator("form.cost-form").is_visible()
    assert page.locator("h1").is_visible() and page.locator("svg.whopays").is_visible()
