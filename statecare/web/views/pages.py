"""The map (`/`) and the state pages (`/states/<XX>`), with the state's cost panel."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for

from statecare.db.models import RELEVANT_POLICY_TYPES
from statecare.web import cost, hearings, queries, vocab
from statecare.web import db as webdb

bp = Blueprint("pages", __name__)


def route_arg() -> str:
    """The map's `route` parameter, checked: a wrong value is a 400 naming the valid ones."""
    route = request.args.get("route", vocab.DEFAULT_ROUTE)
    if route not in vocab.MAP_ROUTES:
        abort(400, f"Unknown route {route!r}: use one of {', '.join(vocab.MAP_ROUTES)}.")
    return route


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    s = webdb.session()
    route = route_arg()
    tiles = queries.map_tiles(s, route)
    classified = queries.any_classified(s)
    changes = queries.changes_this_week(s, classified)
    return render_template("index.html", tiles=tiles, route=route, routes=vocab.MAP_ROUTES,
                           default_route=vocab.DEFAULT_ROUTE, binding_routes=vocab.BINDING_ROUTES,
                           classified=classified, changes=changes,
                           used_stages=[st for st in vocab.LEGEND_ORDER])


def _state_code(code: str) -> str:
    st = code.lower()
    if st not in vocab.STATE_NAMES:
        abort(404, f"There is no state {code!r}: use a two-letter postal code such as NY or WA.")
    return st


def _newest_first(view: queries.StateView) -> queries.StateView:
    """Within each stage, the newest session first: a reader looks for this year's bill, and the
    NY Health Act's six dead predecessors should not push it down the list."""
    for by_stage in view.groups.values():
        for stage, bills in by_stage.items():
            by_stage[stage] = sorted(bills, key=lambda b: b.identifier)
            by_stage[stage].sort(key=lambda b: queries._session_sort_key(b.legislative_session, b.state), reverse=True)
    return view


def lineage_rows(lg: queries.Lineage) -> list[dict[str, Any]]:
    """One table row per bill of a lineage, stored or only named, in session order (oldest first)."""
    rows: list[dict[str, Any]] = [{"session": b.legislative_session, "bill": b, "identifier": b.identifier}
                                  for b in lg.bills]
    rows += [{"session": sess, "bill": None, "identifier": ident} for ident, sess in lg.missing]
    rows.sort(key=lambda r: (queries._session_sort_key(r["session"]), r["identifier"]))
    return rows


def _state_changes(s: Any, st: str, view: queries.StateView) -> queries.WeekChanges:
    """The state's recent changes, by the legislature's action dates like the home page's (a first
    crawl of an old bill is not news); once bills are classified, only coverage bills (a
    congratulatory resolution or the budget is news to nobody reading this page)."""
    return queries.changes_this_week(s, view.classified, limit=10, state=st,
                                     policy_types=(*RELEVANT_POLICY_TYPES, "other_health_coverage"))


@bp.get("/states/<code>")
def state(code: str):  # type: ignore[no-untyped-def]
    st = _state_code(code)
    if code != st.upper():
        return redirect(url_for("pages.state", code=st.upper(), **request.args.to_dict()), 301)  # type: ignore[arg-type]
    s = webdb.session()
    view = _newest_first(queries.state_view(s, st))
    panel = cost.panel_from_args(st, request.args)
    return render_template("state.html", v=view, panel=panel, changes=_state_changes(s, st, view),
                           lineage_rows=lineage_rows, upcoming_hearings=hearings.upcoming_in_state(s, st))


@bp.post("/states/<code>/cost")
def state_cost(code: str):  # type: ignore[no-untyped-def]
    """The cost form (CSRF-checked): validate, then redirect to a shareable URL of the result."""
    st = _state_code(code)
    params, errors = cost.params_from_form(request.form)
    if errors:
        s = webdb.session()
        view = _newest_first(queries.state_view(s, st))
        panel = cost.panel(st, params.pop("year", None), params, errors=errors)
        return render_template("state.html", v=view, panel=panel, changes=_state_changes(s, st, view),
                               lineage_rows=lineage_rows), 400
    return redirect(url_for("pages.state", code=st.upper(), **cost.as_query(params)) + "#cost", 303)  # type: ignore[arg-type]  # Flask types **values as its own flags


@bp.get("/about")
def about():  # type: ignore[no-untyped-def]
    return render_template("about.html")
