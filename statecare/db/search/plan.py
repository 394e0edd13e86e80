"""Running a text search's plan: count, order and fetch one page, with bounded work.

Both engines describe a text search the same way -- a `Plan`: which documents match, how to score
them, how to test "is this bill a match" -- and this module runs it. What it guarantees is that one
search does a bounded amount of work whatever it matches (the limits are in the package,
statecare.db.search: COUNT_CAP, RANK_CANDIDATES, FEW_BILLS, PROBE_FACTOR):

- results are counted up to COUNT_CAP; past it the page says "more than 1,000";
- relevance ranks at most RANK_CANDIDATES matches, the most recently stored ones; past those,
  results follow newest first;
- date order walks an index checking membership (`by_date_ids`), so a page costs about as many
  rows as it skips, not as many as match;
- when the words alone match few bills (`words_match_many` is false), every match is joined to
  `bills` once and counted and ordered in one statement (`run_small`).

The limits are read from the package at call time (not imported as values), so that there is one
place to change them -- and so the tests can lower them to reach the big-result paths on a small
corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, text

from statecare.db import search as limits  # the package: COUNT_CAP and the other limits
from statecare.db.search.counts import cached_count
from statecare.db.search.filters import bill_conditions
from statecare.db.search.parser import ParsedQuery, SearchQuery
from statecare.db.search.results import BILL_COLS, SearchHit, hit_from_row, page_rows

# hits on this page, how many matched (capped at COUNT_CAP), whether the count was capped
Page = tuple[list[SearchHit], int, bool]
# ids of one page, their scores, the count and whether it was capped (see Plan.rank_and_count)
RankedPage = tuple[list[int], dict[int, float], int, bool]


@dataclass
class Plan:
    """One engine's SQL pieces for a text search.

    `source` + `where` select the matching documents (`key` is their bill id column) for counting
    and for finding the newest candidates; `rank_source` + `rank_where` select the same documents
    for scoring, when that is cheaper another way (see the facet plans of sqlite_plan); `rank` is
    the relevance expression (smaller is better when `rank_asc`); `member` is the match as a
    condition on bills `b`, for walking bills in date order.
    """

    source: str
    where: str
    key: str
    rank: str
    rank_asc: bool
    member: str
    params: dict[str, Any]
    rank_source: str = ""
    rank_where: str = ""
    # PostgreSQL: take the candidates with their tsvectors in one pass (a CTE) and rank those, since
    # a second pass over a range of bill ids is what its planner gets wrong on clustered matches;
    # `cte` is then what the ranking joins to the candidates (the parsed query `q`)
    cte: str = ""
    # PostgreSQL: a page within the first RANK_CANDIDATES by relevance, counted and ranked in one
    # read of the index (postgres_plan.rank_and_count); None when the page is past the end
    rank_and_count: Callable[[Connection, Plan, int, int], RankedPage | None] | None = None
    # SQLite, state/session filter: counts the words-alone matches from a candidate boundary `:lo`
    # on; scoring uses rank_source only if they are few (else the facet-filtered source)
    probe: str = ""

    def __post_init__(self) -> None:
        self.rank_source = self.rank_source or self.source
        self.rank_where = self.rank_where or self.where


def order_by(sq: SearchQuery) -> str:
    """ORDER BY on bills `b` for the sorts that are bills columns (relevance is the plans' business:
    anything but oldest / identifier reads newest first)."""
    if sq.sort == "oldest":
        return "CASE WHEN b.latest_action_date IS NULL THEN 1 ELSE 0 END, b.latest_action_date ASC, b.id"
    if sq.sort == "identifier":
        return "b.state, b.legislative_session, b.identifier"
    return "CASE WHEN b.latest_action_date IS NULL THEN 1 ELSE 0 END, b.latest_action_date DESC, b.id DESC"


def count(conn: Connection, select_sql: str, params: dict[str, Any]) -> tuple[int, bool]:
    """How many rows `select_sql` yields, counted up to COUNT_CAP; (count, whether it was capped).
    Remembered per statement until the data changes (counts.cached_count)."""
    return cached_count(conn, select_sql, params, limits.COUNT_CAP)


def by_date_ids(conn: Connection, sq: SearchQuery, member: str | None, conds: list[str],
                params: dict[str, Any], limit: int, offset: int) -> list[int]:
    """A page of bills in latest-action order (sort newest / oldest), bills without actions last.

    Why two halves: the order is "dated bills by date, then undated ones", which no single index
    gives on both engines (SQLite cannot index NULLS LAST). Each half walks an index -- the dated
    bills along ix_bills_latest_action, the undated ones along the primary key -- checking `member`
    (is this bill a match?) as it goes, so a page costs about as many rows as it skips, not as
    many as match. `member` is a condition on `b`, or None to list bills by the filters alone.
    """
    way = "ASC" if sq.sort == "oldest" else "DESC"
    where = " AND ".join([*([member] if member else []), *conds]) or "1=1"
    # SQLite's planner would rather look up every match and sort; these make it walk the indexes
    # (PostgreSQL's planner weighs the walk itself)
    dated, undated = (("bills b INDEXED BY ix_bills_latest_action", "bills b NOT INDEXED")
                      if conn.dialect.name == "sqlite" else ("bills b", "bills b"))
    p = {**params, "n": offset + limit}
    ids = [int(r[0]) for r in conn.execute(text(
        f"SELECT b.id FROM {dated} WHERE b.latest_action_date IS NOT NULL AND {where} "
        f"ORDER BY b.latest_action_date {way}, b.id {way} LIMIT :n"), p)]
    if len(ids) < offset + limit:  # the dated bills ran out: undated ones follow
        p["n"] = offset + limit - len(ids)
        ids += [int(r[0]) for r in conn.execute(text(
            f"SELECT b.id FROM {undated} WHERE b.latest_action_date IS NULL AND {where} "
            f"ORDER BY b.id {way} LIMIT :n"), p)]
    return ids[offset:offset + limit]


def browse(conn: Connection, sq: SearchQuery, limit: int, offset: int) -> Page:
    """Filters without words: bills in the chosen order, counted up to COUNT_CAP."""
    params: dict[str, Any] = {}
    conds = bill_conditions(sq, params)
    where = " AND ".join(conds) or "1=1"
    total, capped = count(conn, f"SELECT 1 FROM bills b WHERE {where}", params)
    if sq.sort == "identifier" or not capped:
        rows = conn.execute(text(
            f"SELECT {BILL_COLS}, NULL AS score FROM bills b WHERE {where} "
            f"ORDER BY {order_by(sq)} LIMIT :lim OFFSET :off"), {**params, "lim": limit, "off": offset}).all()
        return [hit_from_row(r) for r in rows], total, capped
    ids = by_date_ids(conn, sq, None, conds, params, limit, offset)
    rows = conn.execute(text(f"SELECT {BILL_COLS}, NULL AS score FROM bills b WHERE b.id IN :ids")
                        .bindparams(bindparam("ids", expanding=True)), {"ids": ids}).all() if ids else []
    by_id = {int(r.bill_id): r for r in rows}
    return [hit_from_row(by_id[i]) for i in ids if i in by_id], total, capped


def few_bills(conn: Connection, conds: list[str], params: dict[str, Any]) -> bool:
    """Whether the bills-side filters `conds` (not empty) leave at most FEW_BILLS bills (then look
    those up in the index)."""
    return not cached_count(conn, f"SELECT 1 FROM bills b WHERE {' AND '.join(conds)}", params, limits.FEW_BILLS)[1]


def words_match_many(conn: Connection, plain: Plan) -> bool:
    """Whether the words alone (no filter) match more than COUNT_CAP bills -- a count in the index
    only. With fewer, joining every match to `bills` once is the cheapest way to filter; with more,
    filters on state/session are applied inside the index (the facets)."""
    return count(conn, f"SELECT 1 FROM {plain.source} WHERE {plain.where}", plain.params)[1]


def ranked_ids(conn: Connection, plan: Plan, total: int, capped: bool, limit: int, offset: int
               ) -> tuple[list[int], dict[int, float]]:
    """A page of matches by relevance: exact when there are at most RANK_CANDIDATES matches, else
    the RANK_CANDIDATES most recently stored matches by relevance, then the rest newest first."""
    cands = limits.RANK_CANDIDATES
    order = "score" if plan.rank_asc else "score DESC"
    base = f"SELECT {plan.key} AS id, {plan.rank} AS score FROM {plan.rank_source} WHERE {plan.rank_where}"
    p = dict(plan.params)
    if not capped and total <= cands:
        if plan.probe:  # few facet-filtered matches: scoring them inside the index is cheapest
            base = f"SELECT {plan.key} AS id, {plan.rank} AS score FROM {plan.source} WHERE {plan.where}"
        rows = conn.execute(text(f"{base} ORDER BY {order}, {plan.key} DESC LIMIT :lim OFFSET :off"),
                            {**p, "lim": limit, "off": offset}).all()
        return [int(r.id) for r in rows], {int(r.id): float(r.score) for r in rows}
    if plan.cte and offset + limit <= cands:
        rows = conn.execute(text(
            f"WITH c AS MATERIALIZED (SELECT {plan.key} AS bill_id, d.tsv FROM {plan.source} WHERE {plan.where} "
            f"ORDER BY {plan.key} DESC LIMIT {cands}) "
            f"SELECT d.bill_id AS id, {plan.rank} AS score FROM c AS d {plan.cte}"
            f" ORDER BY {order}, d.bill_id DESC LIMIT :lim OFFSET :off"), {**p, "lim": limit, "off": offset}).all()
        return [int(r.id) for r in rows], {int(r.id): float(r.score) for r in rows}
    # the boundary: the RANK_CANDIDATES-th newest match
    p["lo"] = conn.execute(text(f"SELECT {plan.key} FROM {plan.source} WHERE {plan.where} "
                                f"ORDER BY {plan.key} DESC LIMIT 1 OFFSET {cands - 1}"), p).scalar()
    if plan.probe:
        most = limits.PROBE_FACTOR * cands
        between = conn.execute(text(f"SELECT count(*) FROM ({plan.probe} LIMIT {most + 1}) AS c"), p).scalar_one()
        if between > most:
            base = f"SELECT {plan.key} AS id, {plan.rank} AS score FROM {plan.source} WHERE {plan.where}"
    rows = []
    if offset < cands:
        rows += conn.execute(text(f"{base} AND {plan.key} >= :lo ORDER BY {order}, {plan.key} DESC "
                                  f"LIMIT :lim OFFSET :off"),
                             {**p, "lim": min(limit, cands - offset), "off": offset}).all()
    rest = offset + limit - cands
    if rest > 0:
        rows += conn.execute(text(f"{base} AND {plan.key} < :lo ORDER BY {plan.key} DESC LIMIT :lim OFFSET :off"),
                             {**p, "lim": min(limit, rest), "off": max(0, offset - cands)}).all()
    return [int(r.id) for r in rows], {int(r.id): float(r.score) for r in rows}


def run_small(conn: Connection, sq: SearchQuery, pq: ParsedQuery, joined: Plan, limit: int, offset: int) -> Page:
    """The words match at most COUNT_CAP bills: join them all to `bills` once, counting (a window
    count) and ordering in the same statement."""
    order = (f"score{'' if joined.rank_asc else ' DESC'}, b.id DESC" if sq.sort == "relevance"
             else order_by(sq))
    # the matches first (SQLite allows no bm25() in a statement with a window function), named `b`
    # so that the ORDER BY on bills columns reads the same
    rows = conn.execute(text(
        f"WITH m AS MATERIALIZED (SELECT b.id, {joined.rank} AS score, b.latest_action_date, b.state, "
        f"b.legislative_session, b.identifier FROM {joined.source} WHERE {joined.where}) "
        f"SELECT b.id AS id, b.score AS score, count(*) OVER () AS n FROM m AS b "
        f"ORDER BY {order} LIMIT :lim OFFSET :off"), {**joined.params, "lim": limit, "off": offset}).all()
    if rows:
        total = int(rows[0].n)
    else:  # a page past the end: count on its own
        total = count(conn, f"SELECT 1 FROM {joined.source} WHERE {joined.where}", joined.params)[0]
    scores = {int(r.id): float(r.score) for r in rows} if sq.sort == "relevance" else {}
    return page_rows(conn, [int(r.id) for r in rows], scores, pq), total, False


def run_plan(conn: Connection, sq: SearchQuery, pq: ParsedQuery, plan: Plan, joined: Plan,
             limit: int, offset: int) -> Page:
    """Count, order and fetch one page for a text search, choosing the cheapest way for its size.

    `joined` is the plain plan (every match joined to `bills`), used to sort small result sets by
    a bills column. Scores are given for relevance order only: computing them for a page found in
    date order costs as much as ranking everything."""
    if sq.sort == "relevance" and plan.rank_and_count is not None and offset + limit <= limits.RANK_CANDIDATES:
        found = plan.rank_and_count(conn, plan, limit, offset)
        if found is not None:
            ids, scores, total, capped = found
            return page_rows(conn, ids, scores, pq), total, capped
    total, capped = count(conn, f"SELECT 1 FROM {plan.source} WHERE {plan.where}", plan.params)
    if sq.sort == "relevance":
        ids, scores = ranked_ids(conn, plan, total, capped, limit, offset)
    elif sq.sort in ("newest", "oldest") and capped:
        ids, scores = by_date_ids(conn, sq, plan.member, [], plan.params, limit, offset), {}
    else:
        rows = conn.execute(text(
            f"SELECT b.id AS id FROM {joined.source} "
            f"WHERE {joined.where} ORDER BY {order_by(sq)} LIMIT :lim OFFSET :off"),
            {**joined.params, "lim": limit, "off": offset}).all()
        ids, scores = [int(r.id) for r in rows], {}
    return page_rows(conn, ids, scores, pq), total, capped
