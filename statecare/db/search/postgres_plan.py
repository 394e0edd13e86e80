"""The PostgreSQL plans: the weighted tsvector `search_docs.tsv` and its GIN index.

The parsed query becomes a tsquery built from bound parameters only (parser.ParsedQuery.pg_parts),
evaluated once per statement. The tsvector also holds each bill's state and session as lexemes
with a colon ("st:ny", "ss:2025"), which the English parser never produces (statecare.db.schema),
so a state/session filter is one more tsquery term intersected inside the index.

Which plan, by the size of the match (see plan.py for the limits): no filters, count and rank in
the index; few matches, join them all to `bills` once; many matches with a state/session filter,
filter inside the index; otherwise join every match to `bills`. Ranking takes the newest
candidates with their tsvectors in one pass (`rank_and_count`), since a second pass over a range
of bill ids is what PostgreSQL's planner gets wrong on clustered matches.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from statecare.db import search as limits  # the package: COUNT_CAP and the other limits
from statecare.db.schema import pg_session_lexeme, pg_state_lexeme
from statecare.db.search.filters import bill_conditions
from statecare.db.search.parser import ParsedQuery, SearchQuery
from statecare.db.search.plan import Page, Plan, RankedPage, browse, run_plan, run_small, words_match_many

# weights of the D, C, B, A labels (body C, abstract B, title A); normalisation 1 divides by the log of
# the document length, so a long bill mentioning a word often does not outrank a title about it
WEIGHTS = "'{0.02, 0.05, 0.4, 1.0}'"

# Per search transaction (SET LOCAL): index lookups cost about what sequential reads do when the
# data is in memory (the default 4:1 made the planner hash-join all of `bills` to check a state on
# 900 matches); no parallel workers (concurrent requests already use the cores); and a plan made for
# this query's words, never a generic one (psycopg prepares repeated statements, and a generic
# plan cannot know whether a word matches ten bills or fifty thousand); no JIT compilation, which
# costs tens of milliseconds to save less on statements this short.
SETTINGS = ("SELECT set_config('random_page_cost', '1.1', true), "
            "set_config('max_parallel_workers_per_gather', '0', true), "
            "set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true)")


def quote_lexeme(lexeme: str) -> str:
    """One lexeme in tsquery input syntax: quoted, so ':' and spaces are part of it."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def rank_and_count(conn: Connection, plan: Plan, limit: int, offset: int) -> RankedPage | None:
    """A page within the first RANK_CANDIDATES results by relevance: one pass takes the newest
    matches (one more than COUNT_CAP and RANK_CANDIDATES) with their tsvectors; their number is
    the (capped) count, and the newest RANK_CANDIDATES of them are ranked -- the same answer as
    counting, then ranking, in one read of the index instead of two. None when the page is past
    the end (then count separately)."""
    cap, cands = limits.COUNT_CAP, limits.RANK_CANDIDATES
    rows = conn.execute(text(
        f"WITH c AS MATERIALIZED (SELECT {plan.key} AS bill_id, d.tsv FROM {plan.source} WHERE {plan.where} "
        f"ORDER BY {plan.key} DESC LIMIT {max(cap, cands) + 1}), "
        f"n AS (SELECT count(*) AS n FROM c), "
        f"top AS (SELECT * FROM c ORDER BY bill_id DESC LIMIT {cands}) "
        f"SELECT d.bill_id AS id, {plan.rank} AS score, n.n AS n FROM top AS d CROSS JOIN n {plan.cte} "
        f"ORDER BY score DESC, d.bill_id DESC LIMIT :lim OFFSET :off"), {**plan.params, "lim": limit, "off": offset}
    ).all()
    if not rows:
        return None
    n = int(rows[0].n)
    total, capped = (cap, True) if n > cap else (n, False)
    return [int(r.id) for r in rows], {int(r.id): float(r.score) for r in rows}, total, capped


def search_pg(conn: Connection, sq: SearchQuery, pq: ParsedQuery, limit: int, offset: int) -> Page:
    conn.exec_driver_sql(SETTINGS)
    if pq.empty:
        return browse(conn, sq, limit, offset)
    tsq, params = pq.pg_parts()
    # the parsed query once per statement, as a one-row subquery the planner folds to a constant
    q = f"CROSS JOIN (SELECT {tsq} AS query) q"
    rank = f"ts_rank_cd({WEIGHTS}, d.tsv, q.query, 1)"
    conds = bill_conditions(sq, params)
    in_match = f"EXISTS (SELECT 1 FROM search_docs d WHERE d.bill_id = b.id AND d.tsv @@ ({tsq}))"
    member = " AND ".join([in_match, *conds])
    joined = Plan(f"search_docs d JOIN bills b ON b.id = d.bill_id {q}", " AND ".join(["d.tsv @@ q.query", *conds]),
                  "d.bill_id", rank, False, member, params, cte=q, rank_and_count=rank_and_count)
    plain = Plan(f"search_docs d {q}", "d.tsv @@ q.query", "d.bill_id", rank, False, in_match, params, cte=q,
                 rank_and_count=rank_and_count)
    if not conds:
        return run_plan(conn, sq, pq, plain, joined, limit, offset)
    if not words_match_many(conn, plain):
        return run_small(conn, sq, pq, joined, limit, offset)
    if not (sq.state or sq.session):
        return run_plan(conn, sq, pq, joined, joined, limit, offset)
    lexemes = [pg_state_lexeme(sq.state)] if sq.state else []
    if sq.session:
        lexemes.append(pg_session_lexeme(sq.session))
    params["facets"] = " & ".join(quote_lexeme(x) for x in lexemes)
    other = bill_conditions(sq, params, facets=False)
    fmatch = "d.tsv @@ (q.query && CAST(:facets AS tsquery))"
    src = f"search_docs d JOIN bills b ON b.id = d.bill_id {q}" if other else f"search_docs d {q}"
    faceted = Plan(src, " AND ".join([fmatch, *other]), "d.bill_id", rank, False, member, params, cte=q,
                   rank_and_count=rank_and_count)
    return run_plan(conn, sq, pq, faceted, joined, limit, offset)
