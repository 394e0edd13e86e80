"""At 375 px (the narrowest common phone): the search page's filters fit the screen, and the map says
each tile's stage in words as well as in colour (colour-blind readers; the tiles' stage words used to be
hidden on phones)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from statecare.web import vocab

NARROW = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def narrow(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(**NARROW)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def _overflow(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth"))


@pytest.mark.parametrize("query", ["q=health", "q=health&state=wa&session=2025-2026&policy_type=relevant",
                                   "q=HB+1445+OR+SB+5233", "q=%21%21%21"])
def test_search_filters_fit_a_375px_screen(narrow, site_server: str, query: str) -> None:  # type: ignore[no-untyped-def]
    narrow.goto(f"{site_server}/search?{query}")
    assert _overflow(narrow) <= 0, f"/search?{query} is {_overflow(narrow)}px wider than a 375px screen"
    for sel in ("#f-state", "#f-session", "#f-ptype", "#f-stage", "#f-cat", "#f-sort", "#q"):
        box = narrow.locator(sel).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, (sel, box)
    # two filters a row, not six full-width selects stacked (which pushed the results two screens down)
    state, session = (narrow.locator(s).bounding_box() for s in ("#f-state", "#f-session"))
    assert state and session and abs(state["y"] - session["y"]) < 1 and state["x"] < session["x"]
    sort = narrow.locator("#f-sort").bounding_box()
    assert sort and sort["y"] + sort["height"] - state["y"] < 300, "the filters take more than 300px of height"


def _visible_text(tile) -> list[str]:  # type: ignore[no-untyped-def]
    return str(tile.locator("a").evaluate("el => el.innerText")).split()


@pytest.mark.parametrize("width", [375, 1280])
def test_map_tiles_name_their_stage_not_only_by_colour(browser, site_server: str, width: int) -> None:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(f"{site_server}/?route=all")
        staged = page.locator("li.tile:not(.st-none):not(.st-uncovered)")
        assert staged.count() >= 4
        legend = page.locator(".legend").inner_text()
        for i in range(staged.count()):
            tile = staged.nth(i)
            stage = next(c[3:] for c in (tile.get_attribute("class") or "").split() if c.startswith("st-"))
            words = _visible_text(tile)
            code = words[-1]  # what the tile shows after its state (and route kind)
            assert code == vocab.STAGE_SHORT[stage], (stage, words)
            # big enough to read (at least 9 CSS px), and explained by the legend
            size = float(tile.locator("a > .short").evaluate(
                "el => parseFloat(getComputedStyle(el).fontSize)"))
            assert size >= 9, (stage, size)
            assert code in legend, (code, legend)
        # a state with no relevant bill and one not covered differ by more than colour too
        none = page.locator("li.tile.st-none").first
        uncovered = page.locator("li.tile.st-uncovered").first
        assert "repeating-linear-gradient" in uncovered.evaluate("el => getComputedStyle(el).backgroundImage")
        assert "repeating-linear-gradient" not in none.evaluate("el => getComputedStyle(el).backgroundImage")
    finally:
        ctx.close()


def test_a_long_email_address_wraps_on_a_375px_screen(narrow, site_server: str, site_db_url: str) -> None:  # type: ignore[no-untyped-def]
    """A chair's email sat in a no-wrap span, so a long address ran off a phone's screen (KY HB 793's
    committee box: michael.meredith@kylegislature.gov, 5 px too wide; 2,610 legislators nationally have
    an address of 30 characters or more). The committee whose chair has the longest address here."""
    from sqlalchemy import create_engine, text

    eng = create_engine(site_db_url)
    with eng.connect() as conn:
        slug, email = conn.execute(text(
            "SELECT c.slug, l.email FROM committee_members m JOIN committees c ON c.id = m.committee_id "
            "JOIN legislators l ON l.id = m.person_id WHERE lower(m.role) LIKE '%chair%' AND l.email IS NOT NULL "
            "ORDER BY length(l.email) DESC, c.slug LIMIT 1")).one()
    eng.dispose()
    narrow.goto(f"{site_server}/committees/{slug}")
    link = narrow.locator("ul.chairs a.email").first
    assert link.inner_text() == email
    assert _overflow(narrow) <= 0, f"{email}: the page is {_overflow(narrow)}px wider than a 375px screen"
    box = link.bounding_box()
    assert box and box["x"] + box["width"] <= 375, box
    # near miss: a phone number stays on one line
    phone = narrow.locator("ul.chairs .phone").first
    if phone.count():
        pbox = phone.bounding_box()
        assert pbox and pbox["height"] < 2 * float(narrow.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('ul.chairs .phone')).lineHeight) || 24"))
