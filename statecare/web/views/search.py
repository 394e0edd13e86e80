"""`/search`: full-text search with filters, bill-number lookup, and CSV / JSON / Atom output.

Search is GET-only and changes nothing, so its form carries no CSRF token (a token in a URL would
leak through Referer headers and logs). A malformed query never fails: statecare.db.search reduces
it to something runnable and the page says what was changed; bad filter values get a 400 page that
names the parameter.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import orjson
from flask import Blueprint, Flask, Response, current_app, g, jsonify, render_template, request, url_for
from sqlalchemy import func, select

from statecare.db.models import ALL_STAGES, POLICY_TYPES, Event
from statecare.db.search import (
    MAX_PER_PAGE,
    SORTS,
    SearchError,
    SearchQuery,
    SearchResult,
    search,
    strip_marks,
)
from statecare.db.search.counts import data_version
from statecare.web import atom, queries, vocab
from statecare.web import db as webdb
from statecare.web.cache import TTLCache
from statecare.web.filters import bill_path, bill_url

bp = Blueprint("search", __name__)
EXPORT_MAX = 5000
DEFAULT_PER_PAGE = 20
FILTER_KEYS = ("q", "state", "session", "policy_type", "stage", "category", "sort")
# Pages past this are refused with a 400: the search's OFFSET is page * per_page, and a page number
# such as 99999999999999999999999 overflows the databases' 64-bit integers (a 500 on both). Checked
# here rather than in statecare.db.search so that every view (page, JSON, CSV, Atom, API) shares it.
MAX_PAGE = 100_000


def query_from_args(args: Any) -> SearchQuery:
    """Build a SearchQuery from request args; raises SearchError naming a bad parameter."""
    # a plain dict: MultiDict.get raises and catches a KeyError for every absent parameter
    args = args.to_dict() if hasattr(args, "to_dict") else dict(args)

    def int_arg(name: str, default: int) -> int:
        raw = (args.get(name) or "").strip()
        if not raw:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise SearchError(f"{name} must be a whole number (got {raw[:40]!r})") from None
        if name == "page" and value > MAX_PAGE:
            raise SearchError(f"page must be between 1 and {MAX_PAGE} (got {raw[:40]})")
        return value

    def choice(name: str, allowed: tuple[str, ...] | list[str]) -> str | None:
        raw = (args.get(name) or "").strip()
        if not raw:
            return None
        if raw not in allowed:
            raise SearchError(f"{name} must be one of: {', '.join(allowed)} (got {raw!r})")
        return raw

    sq = SearchQuery(
        q=(args.get("q") or "")[:1000],
        state=(args.get("state") or "").strip().lower() or None,
        session=(args.get("session") or "").strip() or None,
        policy_type=choice("policy_type", (*POLICY_TYPES, "relevant", "unclassified")),
        stage=choice("stage", ALL_STAGES),
        category=choice("category", tuple(vocab.PROVISION_CATEGORIES)),
        sort=choice("sort", SORTS) or ("relevance" if (args.get("q") or "").strip() else "newest"),
        page=int_arg("page", 1),
        per_page=int_arg("per_page", DEFAULT_PER_PAGE),
    )
    sq.validate()
    return sq


def _version(conn: Any) -> Any:
    """The newest event id: part of every cache key, so anything a crawl stores is seen at once.
    Asked once per request."""
    if "search_data_version" not in g:
        g.search_data_version = conn.execute(select(func.max(Event.id))).scalar()
    return g.search_data_version


def _run(sq: SearchQuery) -> SearchResult:
    """Run a search, answering repeats from the worker's cache while the data is unchanged."""
    return run_search(current_app, sq, _version)


def run_search(app: Flask, sq: SearchQuery, version_of: Callable[[Any], Any] = data_version) -> SearchResult:
    """`_run` without Flask's request globals (the lean /search.json path, search_fast.py, has none):
    `version_of(conn)` gives the data version for the cache key."""
    cache: TTLCache | None = app.extensions.get("statecare_search_cache")
    with app.extensions["statecare_engine"].connect() as conn:
        if cache is None:
            return search(conn, sq)
        version = version_of(conn)
        key = (version, sq.q, sq.state, sq.session, sq.policy_type, sq.stage, sq.category, sq.sort, sq.page,
               sq.per_page)
        hit = cache.get(key)
        if hit is None:
            hit = search(conn, sq, version)
            cache.set(key, hit)
        return hit


def _args_for(sq: SearchQuery, **over: Any) -> dict[str, Any]:
    d = {k: getattr(sq, k) for k in FILTER_KEYS}
    d.update(over)
    return {k: v for k, v in d.items() if v not in (None, "")}


def _filter_choices(state: str | None = None) -> dict[str, Any]:
    s = webdb.session()
    # states in the order a reader looks for them, by name: by postal code Alaska came before
    # Alabama and Iowa before Idaho
    states = sorted(queries.states_with_bills(s), key=vocab.state_name)
    return {"states": states, "sessions": queries.session_options(s, state)}


@bp.get("/search")
def search_page():  # type: ignore[no-untyped-def]
    try:
        sq = query_from_args(request.args)
    except SearchError as exc:
        return render_template("search.html", error=str(exc), sq=SearchQuery(q=request.args.get("q", "")),
                               result=None, args_for=lambda **k: {}, **_filter_choices()), 400
    result = _run(sq) if (sq.q.strip() or any(getattr(sq, k) for k in FILTER_KEYS[1:6])) else None
    groups = queries.collapse_hits(webdb.session(), result.hits) if result is not None else []
    # a page size asked for in the URL is kept by the page's own links (previous / next / last page),
    # or "Next" from page 1 of 50 would show rows 21-40 again
    keep = {"per_page": sq.per_page} if sq.per_page != DEFAULT_PER_PAGE else {}
    return render_template("search.html", sq=sq, result=result, error=None, groups=groups,
                           args_for=lambda **k: _args_for(sq, **(keep | k)), **_filter_choices(sq.state))


def _hit_dict(h: Any, root: str) -> dict[str, Any]:
    d = h.as_dict()
    path = bill_path(h.state, h.legislative_session, h.identifier)
    d["url"] = root + path
    d["api_url"] = root + "/api/v1" + path
    if h.source == "legiscan":
        d["attribution"] = "LegiScan (CC BY 4.0)"
    return d


JSON_LINKS = ("search.search_json_view", "search.search_page", "search.search_csv", "search.search_atom")
_LINK_MEMO = "statecare_search_links"
LinkBases = tuple[str, dict[str, str]]


def link_memo(app: Flask) -> dict[Any, LinkBases]:
    """(scheme, host, script root) -> (the site's root URL, each JSON link endpoint's absolute URL
    without a query); at most 64 hosts (the Host header comes from the client)."""
    memo: dict[Any, LinkBases] = app.extensions.setdefault(_LINK_MEMO, {})
    return memo


def _link_bases() -> LinkBases:
    """The link bases for this request's scheme, host and script root, worked out once and remembered.

    Why: werkzeug rebuilds `url_root` / `host_url` for every request (quoting and an IRI
    round trip each) and url_for matches rules and encodes for every link -- for five links and
    a root that are the same on every request. The lean path (search_fast.py) reads the same memo
    under the same key, and leaves a request whose host is not in it to this view."""
    key = (request.scheme, request.host, request.root_path)
    memo = link_memo(current_app)
    hit = memo.get(key)
    if hit is None:
        if len(memo) >= 64:
            memo.clear()
        host = request.host_url.rstrip("/")  # url_for gives the script root, url_root has it too
        hit = (request.url_root.rstrip("/"), {e: host + url_for(e) for e in JSON_LINKS})
        memo[key] = hit
    return hit


def search_json(sq: SearchQuery, result: SearchResult, bases: LinkBases | None = None) -> dict[str, Any]:
    root, links_at = bases or _link_bases()
    # the links differ only in their endpoint and page: the search's own arguments are encoded once
    # (url_for's rule matching and encoding, five links a request, cost more than the search's SQL);
    # the order is _args_for's: filters, then page and per_page
    common = urlencode(_args_for(sq))
    sep = "&" if common else ""

    def link(endpoint: str, extra: str = "") -> str:
        qs = common + (sep + extra if extra else "")
        return links_at[endpoint] + (f"?{qs}" if qs else "")

    links: dict[str, str] = {
        "self": link("search.search_json_view", f"page={sq.page}&per_page={sq.per_page}"),
        "html": link("search.search_page", f"page={sq.page}"),
        "csv": link("search.search_csv"),
        "atom": link("search.search_atom"),
    }
    if result.has_next:
        links["next"] = link("search.search_json_view", f"page={sq.page + 1}&per_page={sq.per_page}")
    return {
        "query": sq.q, "understood_as": result.parsed.display(), "warnings": result.warnings,
        "filters": {k: getattr(sq, k) for k in ("state", "session", "policy_type", "stage", "category")},
        "sort": sq.sort, "page": sq.page, "per_page": sq.per_page, "pages": result.pages, "total": result.total,
        # more than `total` (COUNT_CAP) matched: counting every match of a common word costs more
        # than the search itself, so the count stops there and `pages` grows as pages are read
        "total_capped": result.total_capped,
        "bill_number_matches": [_hit_dict(h, root) for h in result.bill_number_matches],
        "results": [_hit_dict(h, root) for h in result.hits], "links": links,
    }


class JsonBody(bytes):
    """A /search.json body, which also keeps its gzipped form once made (`gzipped`, set by the lean
    path, search_fast.py): a repeated search answered from the search cache is then not
    compressed again (a tenth of a cached answer's CPU)."""

    gzipped: bytes | None = None


def json_bytes(doc: dict[str, Any]) -> JsonBody:
    """/search.json's body: orjson (a tenth of the stdlib encoder's CPU on a result page), UTF-8
    rather than \\u escapes, ended by a newline as Flask's JSON responses are."""
    return JsonBody(orjson.dumps(doc) + b"\n")


def search_json_body(app: Flask, sq: SearchQuery, bases: LinkBases, full_path: str,
                     version_of: Callable[[Any], Any] = data_version) -> JsonBody:
    """The /search.json body for `sq`; with the search cache on, a repeated search is answered with
    the JSON text itself (building it, a URL per hit, cost more than finding the cached result),
    keyed by the data version, the request's path and query, and the link bases."""
    cache: TTLCache | None = app.extensions.get("statecare_search_cache")
    if cache is None:
        return json_bytes(search_json(sq, run_search(app, sq, version_of), bases))
    with app.extensions["statecare_engine"].connect() as conn:
        key = ("json", version_of(conn), full_path, bases[0])
    body: JsonBody | None = cache.get(key)
    if body is None:
        body = json_bytes(search_json(sq, run_search(app, sq, version_of), bases))
        cache.set(key, body)
    return body


def _bad_request_json(exc: SearchError):  # type: ignore[no-untyped-def]
    return jsonify({"error": {"status": 400, "title": "Bad search parameter", "message": str(exc)}}), 400


@bp.get("/search.json")
def search_json_view():  # type: ignore[no-untyped-def]
    """Most requests are answered before they reach Flask (search_fast.SearchJsonFastPath, the same
    body); this view answers the rest: errors, a first request from a host, cookies, HEAD."""
    try:
        sq = query_from_args(request.args)
    except SearchError as exc:
        return _bad_request_json(exc)
    body = search_json_body(current_app, sq, _link_bases(), request.full_path, _version)
    return current_app.response_class(body, mimetype="application/json")


CSV_COLUMNS = ("state", "legislative_session", "identifier", "title", "policy_type", "stage",
               "latest_action_date", "latest_action_description", "url", "snippet", "source")


def _csv_cell(v: Any) -> str:
    s = "" if v is None else str(v)
    # a cell starting with = + - @ is a formula to a spreadsheet: bill titles are untrusted text
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


@bp.get("/search.csv")
def search_csv():  # type: ignore[no-untyped-def]
    """The whole result set (up to EXPORT_MAX rows), not only one page."""
    try:
        sq = query_from_args(request.args)
    except SearchError as exc:
        return Response(f"error: {exc}\n", status=400, mimetype="text/plain")
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    sq.per_page = MAX_PER_PAGE
    sq.page = 1
    seen: set[int] = set()
    while True:
        res = _run(sq)
        for h in [*res.bill_number_matches, *res.hits]:
            if h.bill_id in seen:
                continue
            seen.add(h.bill_id)
            w.writerow([_csv_cell(x) for x in (
                h.state.upper(), h.legislative_session, h.identifier, h.title, h.policy_type, h.stage,
                h.latest_action_date, h.latest_action_description, bill_url(h, _external=True),
                strip_marks(h.snippet), "LegiScan (CC BY 4.0)" if h.source == "legiscan" else h.source)])
        if not res.has_next or len(seen) >= EXPORT_MAX:
            break
        sq.page += 1
    name = "statecare-search.csv"
    return Response(buf.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/search.atom")
def search_atom():  # type: ignore[no-untyped-def]
    try:
        sq = query_from_args(request.args)
    except SearchError as exc:
        return Response(f"error: {exc}\n", status=400, mimetype="text/plain")
    sq.sort, sq.page, sq.per_page = "newest", 1, 50
    res = _run(sq)
    title = f"statecare search: {sq.q}" if sq.q else "statecare search"
    # the bills a number names first, as the page and the CSV list them: a feed of "AB 1900" was empty
    numbered = {h.bill_id for h in res.bill_number_matches}
    hits = [*res.bill_number_matches, *(h for h in res.hits if h.bill_id not in numbered)]
    return atom.bills_feed(title=title, self_url=request.url,
                           html_url=url_for("search.search_page", **_args_for(sq), _external=True),
                           hits=hits)
