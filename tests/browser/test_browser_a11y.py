"""Issue 14's accessibility acceptance in a real chromium, at 1280 and 390 px: axe-core finds no
serious or critical WCAG 2.0/2.1 A/AA violation on the site's pages, and every scroll box (wide
tables, the bill text, the map on a phone) can be reached by keyboard and is named.

The pages are one list (A11Y_PAGES): a new page gets the same checks by adding its path. The site
is the real-fixture database (websitedata), served once for the session; one browser for all.
Screenshots of every page at both widths go to test-output/screenshots/a11y-*.png.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from axehelp import AXE_JS, IN_CI, blocking, describe, run_axe, scroll_box_problems

pytestmark = pytest.mark.browser


def _compare_two_texts(page: Any) -> None:
    """The bill page's diff view: compare the two texts the form preselects."""
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"diff_from="))


def _open_first_sponsor(page: Any) -> None:
    """From the bill page to its first matched sponsor's legislator page."""
    page.locator("a.sponsor-name").first.click()
    page.wait_for_url(re.compile(r"/legislators/[0-9a-f-]{36}$"))


def _open_committee(page: Any) -> None:
    """From the bill page to its sponsor's page, then to a committee the sponsor sits on."""
    _open_first_sponsor(page)
    page.locator('a[href^="/committees/"]').first.click()
    page.wait_for_url(re.compile(r"/committees/[0-9a-f-]{36}$"))


@dataclass(frozen=True)
class A11yPage:
    name: str
    path: str
    then: Callable[[Any], None] | None = None  # a step to take before checking (submit a form...)


A11Y_PAGES = [
    A11yPage("map", "/"),
    A11yPage("map-all-routes", "/?route=all"),  # blue tiles and purple ones labelled "MEMO"/"STUDY"
    A11yPage("state", "/states/NY"),  # lineage tables, the cost panel: charts, form, wide tables
    A11yPage("bill", "/bills/wa/2025-2026/SB5233"),  # bill text box with evidence marks
    A11yPage("bill-diff", "/bills/ny/2023-2024/S7590", _compare_two_texts),  # the diff box
    A11yPage("search", "/search?q=%22global+budget%22"),
    A11yPage("about", "/about"),
    A11yPage("legislator", "/bills/wa/2025-2026/SB5233", _open_first_sponsor),
    A11yPage("committee", "/bills/wa/2025-2026/SB5233", _open_committee),
]
COUNTS = Path(__file__).resolve().parents[2] / "test-output" / "a11y"


def test_no_serious_axe_violation_and_scroll_boxes_reachable(  # type: ignore[no-untyped-def]
        a11y_page, site_server: str, screenshots: Path) -> None:
    if not AXE_JS.exists():
        msg = f"axe-core not installed at {AXE_JS} (run `make browser-deps`: npm ci in tests/browser)"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    page = a11y_page
    problems: list[str] = []
    counts: dict[str, dict[str, int]] = {}
    for p in A11Y_PAGES:
        resp = page.goto(site_server + p.path)
        assert resp is not None and resp.ok, f"{p.path}: HTTP {resp.status if resp else '?'}"
        if p.then:
            p.then(page)
        found = run_axe(page)
        counts[p.name] = {"serious_or_critical": sum(len(v["nodes"]) for v in blocking(found)),
                          "all": sum(len(v["nodes"]) for v in found)}
        problems += describe(f"{p.name} ({page.viewport_name})", blocking(found))
        problems += scroll_box_problems(page, f"{p.name} ({page.viewport_name})")
        page.screenshot(path=str(screenshots / f"a11y-{p.name}-{page.viewport_name}.png"))
    COUNTS.mkdir(parents=True, exist_ok=True)
    (COUNTS / f"axe-counts-{page.viewport_name}.json").write_text(json.dumps(counts, indent=1))
    assert not problems, "\n".join(problems)
    assert not page.js_errors, page.js_errors


# Focus the focusable element just before the box in document order, so that one Tab must land on it
_FOCUS_BEFORE_JS = """sel => {
  const box = document.querySelector(sel);
  const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
    .filter(el => el.tabIndex >= 0 && !el.disabled && el.offsetParent !== null);
  const before = all.filter(el => el !== box && !box.contains(el) &&
    (el.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING));
  before[before.length - 1].focus();
}"""


@pytest.mark.parametrize(("path", "box", "key", "axis"), [
    ("/bills/wa/2025-2026/SB5233", ".billtext", "PageDown", "scrollTop"),  # the bill text, both widths
    ("/states/WA", "#cost [data-scroll-box].table-scroll", "ArrowRight", "scrollLeft"),  # a wide table
])
def test_scroll_box_is_reached_by_tab_and_scrolls_by_keys(  # type: ignore[no-untyped-def]
        page, site_server: str, screenshots: Path, path: str, box: str, key: str, axis: str) -> None:
    page.goto(site_server + path)
    target = page.locator(box).first
    target.scroll_into_view_if_needed()
    scrolls = target.evaluate("el => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1")
    if axis == "scrollLeft" and page.viewport_name == "desktop":
        # a table that fits is no tab stop (app.js): one Tab goes past it
        assert not scrolls and target.get_attribute("tabindex") is None
        return
    assert scrolls, f"{box} on {path} does not scroll at {page.viewport_name} width"
    page.evaluate(_FOCUS_BEFORE_JS, box)
    page.keyboard.press("Tab")
    assert target.evaluate("el => el === document.activeElement"), f"Tab did not reach {box}"
    assert target.get_attribute("role") == "region" and (target.get_attribute("aria-labelledby")
                                                         or target.get_attribute("aria-label"))
    assert target.evaluate("el => getComputedStyle(el).outlineStyle") != "none"  # the focus ring shows
    page.keyboard.press(key)
    page.wait_for_function(f"sel => document.querySelector(sel).{axis} > 0", arg=box, timeout=3000)
    target.screenshot(path=str(screenshots / f"a11y-focused-{path.strip('/').replace('/', '-')}-{page.viewport_name}.png"))
