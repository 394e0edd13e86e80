"""What a reader sees in a real chromium, at desktop and phone widths, where a user's-eye pass found
the site speaking in its own terms: New York's Assembly called "the house", a memorial's passage shown
as a session's plain "Passed both chambers", and a stale page link answered with "Nothing matched"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_assembly_memorial_and_past_the_end(page, site_server: str, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server + "/bills/ny/2025-2026/A1466")
    meta = page.locator("p.meta")
    assert "introduced in the Assembly." in meta.inner_text()
    assert page.locator("span.chamber", has_text=re.compile(r"^Assembly$")).first.is_visible()

    page.goto(site_server + "/states/WA")
    row = page.locator("table", has=page.locator("caption", has_text="Sessions stored for Washington")) \
        .locator("tbody tr", has=page.locator("th", has_text="2025-2026"))
    row.scroll_into_view_if_needed()
    assert row.locator("span.badge").inner_text() == "Memorial passed both chambers"

    page.goto(site_server + '/search?q="single+payer"&per_page=3&page=999')
    status = page.get_by_role("status").filter(has_text="is past the end of these results")
    assert status.is_visible()
    assert not page.get_by_text("Nothing matched").count()
    page.screenshot(path=str(screenshots / f"past-the-end-{page.viewport_name}.png"))
    status.get_by_role("link", name="Go to the last page").click()
    page.wait_for_url(re.compile(r"page=\d+"))
    assert "per_page=3" in page.url
    assert page.locator("ol.results-list li.hit").first.is_visible()
    assert page.locator(".pager [aria-current=page]").inner_text().startswith("Page ")
    assert not page.js_errors
