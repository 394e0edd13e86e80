"""URLs and HTML fragments a page repeats, worked out once and remembered.

Why: a search page called url_for about fifteen times (the site's navigation, the stylesheet, the
export and pager links) and two badge macros per result, and each call does the same work every
time -- url_for matches the endpoint's rule and encodes it, a Jinja macro call builds its own
frame -- for an answer that depends only on its arguments and the script root. Together they were
a fifth of a search page's CPU (cProfile with a CPU clock, 300 distinct searches).

- `fixed_url(endpoint, **values)`: url_for's answer for those values, remembered per script root
  (the app registers no url_defaults, so nothing else goes into it);
- `query_url(endpoint, **args)`: for an endpoint whose rule takes no arguments (the search views),
  url_for puts every argument in the query string; this joins the remembered path and the query
  encoded as werkzeug encodes it, skipping None as url_for does (tests/web/test_web_urls.py
  compares both with url_for);
- `badge(name, *args)`: the `_macros.html` macro's HTML for these arguments (stage and policy
  badges: a few dozen distinct values), rendered once.

Each memo is a dict per app, emptied when it reaches MEMO_MAX entries: the values come from the
site's own templates, but a Host or script root could vary, so nothing grows without bound.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, request, url_for
from markupsafe import Markup

MEMO_MAX = 1024
_URLS = "statecare_fixed_urls"
_BADGES = "statecare_badges"
# what werkzeug's query encoder leaves unquoted (werkzeug.urls._urlencode, which url_for uses)
QUERY_SAFE = "!$'()*,/:;?@"


def _memo(name: str) -> dict[Any, Any]:
    memo: dict[Any, Any] = current_app.extensions[name]
    if len(memo) >= MEMO_MAX:
        memo.clear()
    return memo


def fixed_url(endpoint: str, **values: Any) -> str:
    """url_for(endpoint, **values), remembered per script root."""
    key = (request.root_path, endpoint, *values.items())
    memo = _memo(_URLS)
    url = memo.get(key)
    if url is None:
        url = memo[key] = url_for(endpoint, **values)
    return url


def query_url(endpoint: str, **args: Any) -> str:
    """url_for(endpoint, **args) for an endpoint whose URL rule has no arguments."""
    base = fixed_url(endpoint)
    items = [(k, v) for k, v in args.items() if v is not None]
    return f"{base}?{urlencode(items, safe=QUERY_SAFE)}" if items else base


def badge(name: str, *args: Any) -> Markup:
    """The HTML of `_macros.html`'s macro `name` for these (hashable) arguments, rendered once."""
    key = (name, *args)
    memo = _memo(_BADGES)
    html = memo.get(key)
    if html is None:
        macro = getattr(current_app.jinja_env.get_template("_macros.html").module, name)
        html = memo[key] = Markup(macro(*args))
    return html


def init_app(app: Flask) -> None:
    app.extensions[_URLS] = {}
    app.extensions[_BADGES] = {}
    app.jinja_env.globals.update(fixed_url=fixed_url, query_url=query_url, badge=badge)
