"""Runs axe-core (the npm package pinned in tests/browser/package.json, installed by `make test`
through `npm ci`) inside a page Playwright has open, and reports what it finds.

Only violations of impact serious or critical fail a test: those are the ones issue 14 names,
and the ones that lock someone out (no accessible name, unreachable by keyboard, unreadable contrast).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA: the standard US state sites and Section 508 refer to
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Every overflowing box (overflow auto/scroll that really scrolls) must be reachable by keyboard and
# named, so that a keyboard user can scroll it and a screen-reader user hears what it holds.
SCROLL_BOXES_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(el);
    const sx = /(auto|scroll)/.test(cs.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const sy = /(auto|scroll)/.test(cs.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if (!(sx || sy) || el.offsetParent === null) continue;
    const name = el.getAttribute('aria-label') ||
      (el.getAttribute('aria-labelledby') || '').split(/\\s+/).map(id => document.getElementById(id))
        .filter(Boolean).map(n => n.textContent.trim()).join(' ');
    out.push({tag: el.tagName.toLowerCase(), cls: el.className && String(el.className),
              tabindex: el.tabIndex, role: el.getAttribute('role'), name: name});
  }
  return out;
}"""


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now (the script is injected once per document)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS)
    return list(result["violations"])


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v.get("impact") in BLOCKING]


def describe(where: str, violations: list[dict[str, Any]]) -> list[str]:
    """One line per failing element: page, rule id, impact, CSS target, and axe's help text."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"{where}: {v['id']} ({v['impact']}) at {target}: {v['help']}")
    return lines


def scroll_box_problems(page: Any, where: str) -> list[str]:
    """Scroll boxes a keyboard cannot reach, or that have no role=region and name."""
    bad = []
    for box in page.evaluate(SCROLL_BOXES_JS):
        if box["tabindex"] < 0 or box["role"] != "region" or not box["name"]:
            bad.append(f"{where}: scroll box <{box['tag']} class={box['cls']!r}> tabindex={box['tabindex']} "
                       f"role={box['role']} name={box['name']!r}")
    return bad
