"""Issue 10 in a real chromium: an Illinois activist finds the single-payer bills of this session.

The database is built the way `make pipeline` builds it, on a slice: `statecare crawl --source
openstates --replay --state il` (real scrapy against the loopback replay of shared/national), then
`statecare classify`. The walk: map -> Illinois -> its single-payer bill, whose sponsors show party
and district (matched to shared/people). Screenshots at 1280 and 390 px go to test-output/screenshots.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from statecare.app import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]
STATECARE = [sys.executable, "-m", "statecare"]


@pytest.fixture(scope="module")
def il_site(shared: Path, tmp_path_factory: pytest.TempPathFactory,
            serve_app: Callable[[Flask], Iterator[str]]) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("national-il")
    url = f"sqlite:///{tmp / 'il.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "STATECARE_SHARED": str(shared), "OPENSTATES_API_KEY": ""}
    for args in (["crawl", "--source", "openstates", "--replay", "--state", "il"], ["classify", "--state", "il"]):
        done = subprocess.run([*STATECARE, *args], env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser-national", "INSTANCE_PATH": str(tmp / "inst")})
    yield from serve_app(app)


def test_map_to_illinois_single_payer_bill_with_sponsors_party_and_district(  # type: ignore[no-untyped-def]
        page, il_site: str, screenshots: Path) -> None:
    page.goto(il_site + "/?route=single_payer")
    il = page.locator("li.tile", has=page.locator(".abbr", has_text="IL")).first
    label = il.locator("a").get_attribute("aria-label") or ""
    assert "Illinois" in label and "not covered" not in label and "no relevant bill" not in label
    tx = page.locator("li.tile", has=page.locator(".abbr", has_text="TX")).first
    assert "not covered yet" in (tx.locator("a").get_attribute("aria-label") or "")
    assert "last collected" in page.locator("footer p.collected").inner_text()
    page.screenshot(path=str(screenshots / f"n1-map-{page.viewport_name}.png"), full_page=False)

    il.locator("a").click()
    page.wait_for_url(re.compile(r"/states/IL$"))
    assert "104th" in page.locator("p.lede").inner_text()  # the current session, not an old one
    sp = page.locator("#pt-single_payer").locator("xpath=..")
    assert sp.is_visible()
    links = sp.locator("ul.bills a")
    texts = [links.nth(i).inner_text() for i in range(links.count())]
    assert any("HB 3287" in t for t in texts) and any("HB 3780" in t for t in texts), texts
    page.screenshot(path=str(screenshots / f"n2-illinois-{page.viewport_name}.png"), full_page=False)

    sp.locator("ul.bills a", has_text="HB 3287").first.click()
    page.wait_for_url(re.compile(r"/bills/il/104th/HB3287"))
    sponsors = page.locator("ul.sponsors li")
    assert sponsors.count() > 0
    first = sponsors.first.inner_text()
    assert re.search(r"\((D|R|[A-Z][a-z]+), District \d+\)", first), first
    page.locator("#sponsors-h").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / f"n3-bill-{page.viewport_name}.png"), full_page=False)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page is {overflow}px wider than the screen"
