"""The search page's filter fieldset, rendered once per choice of filters and remembered.

Why: the fieldset is five <select> lists -- every state and session with bills, every policy type,
stage and provision category, about 110 options -- and rendering them in Jinja (an escape and a
comparison per option) was the largest part of a search page's CPU after the search itself
(profiled: a third of the page). Only the selected values differ from one search to the next,
and nearly every search selects none, so the rendered HTML is kept per (lists, selected values).
The template is the same `_search_filters.html` it always was; only when it runs changes.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup

from statecare.web.cache import TTLCache

SELECTED = ("state", "session", "policy_type", "stage", "category", "sort")
CACHE_KEY = "statecare_search_filters"


def search_filters(sq: Any, states: list[str], sessions: list[str]) -> Markup:
    """The filter fieldset for a search `sq` (its selected values), with these states and sessions."""
    cache: TTLCache = current_app.extensions[CACHE_KEY]
    chosen = tuple(getattr(sq, k) for k in SELECTED)
    key = (chosen, tuple(states), tuple(sessions))
    html = cache.get(key)
    if html is None:
        # only the selected values reach the template, so a cached fieldset cannot depend on more
        view = SimpleNamespace(**dict(zip(SELECTED, chosen, strict=True)))
        html = Markup(current_app.jinja_env.get_template("_search_filters.html").render(
            sq=view, states=states, sessions=sessions))
        cache.set(key, html)
    return html


def init_app(app: Flask) -> None:
    # the lists change only when a crawl adds a state or session: an hour bounds a stale entry's life,
    # and the states and sessions are part of the key anyway
    app.extensions[CACHE_KEY] = TTLCache(maxsize=256, ttl=3600.0)
    app.jinja_env.globals["search_filters"] = search_filters
