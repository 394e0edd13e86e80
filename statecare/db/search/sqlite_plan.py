"""The SQLite plans: FTS5 over the contentless table `search_fts`.

Every user term reaches FTS5 as a quoted string (parser.ParsedQuery.fts5) restricted to the text
columns; the `facets` column holds each bill's state and session as tokens no query can produce
(statecare.db.schema), which `facet_match` addresses for a state/session filter.

Which plan, by the size of the match (see plan.py for the limits):
- no filters: count and rank inside the index;
- the words alone match at most COUNT_CAP bills: join them all to `bills` once (plan.run_small);
- many matches and a state/session filter: count and pick candidates inside the index, the facet
  being one more term intersected there, instead of a B-tree lookup in `bills` per match;
- many matches and few bills passing the other filters: drive from `bills`, each bill looked up
  in the index;
- otherwise join every match to `bills`.

bm25 weights: title 10, abstract 4, body 1, facets 0.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from statecare.db import search as limits  # the package: COUNT_CAP and the other limits
from statecare.db.schema import sqlite_session_token, sqlite_state_token
from statecare.db.search.filters import bill_conditions
from statecare.db.search.parser import ParsedQuery, SearchQuery
from statecare.db.search.plan import (
    Page,
    Plan,
    RankedPage,
    browse,
    few_bills,
    run_plan,
    run_small,
    words_match_many,
)
from statecare.db.search.raw import sqlite_rows

RANK = "bm25(search_fts, 10.0, 4.0, 1.0, 0.0)"
KEY = "search_fts.rowid"
SQLITE_MMAP_BYTES = 1 << 30


def map_sqlite_file(conn: Connection) -> None:
    """Read the database through mmap on this connection (once per pooled connection).

    Why: a search joins thousands of index hits to `bills` rows, and with SQLite's default 2 MB
    page cache per connection each lookup is a read() system call (measured: 1,856 lookups 4.2 ms
    with the default cache, 1.2 ms mapped). A mapping is shared by every connection and worker
    through the OS page cache, where a bigger cache_size would be held once per connection.
    """
    info = conn.connection.info
    if not info.get("statecare_mmap"):
        conn.exec_driver_sql(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        info["statecare_mmap"] = True


def rank_and_count(conn: Connection, plan: Plan, limit: int, offset: int) -> RankedPage | None:
    """A page within the first RANK_CANDIDATES results by relevance, for the words alone (no filter):
    one walk of the index, newest first, takes one more than COUNT_CAP and RANK_CANDIDATES matches
    with their bm25 scores; their number is the (capped) count and the newest RANK_CANDIDATES of
    them are ordered by score. The same answer as counting, finding the RANK_CANDIDATES-th newest
    match and ranking from there (plan.ranked_ids), in one read of the index instead of three.
    None when the page is past the end (then count separately)."""
    cap, cands = limits.COUNT_CAP, limits.RANK_CANDIDATES
    rows = sqlite_rows(conn,  # the hottest statement of all: straight through the cursor (raw.py)
        f"WITH c AS MATERIALIZED (SELECT {plan.key} AS id, {plan.rank} AS score FROM {plan.source} "
        f"WHERE {plan.where} ORDER BY {plan.key} DESC LIMIT {max(cap, cands) + 1}) "
        f"SELECT t.id AS id, t.score AS score, (SELECT count(*) FROM c) AS n "
        f"FROM (SELECT id, score FROM c ORDER BY id DESC LIMIT {cands}) AS t "
        f"ORDER BY t.score, t.id DESC LIMIT :lim OFFSET :off", {**plan.params, "lim": limit, "off": offset})
    if not rows:
        return None
    n = int(rows[0][2])
    total, capped = (cap, True) if n > cap else (n, False)
    return [int(i) for i, _, _ in rows], {int(i): float(score) for i, score, _ in rows}, total, capped


def facet_match(sq: SearchQuery) -> str:
    """The FTS5 expression for the state/session filter, on the `facets` column only."""
    tokens = []
    if sq.state:
        tokens.append(sqlite_state_token(sq.state))
    if sq.session:
        tokens.append(sqlite_session_token(sq.session))
    return "{facets} : (" + " AND ".join(f'"{t}"' for t in tokens) + ")"


def search_sqlite(conn: Connection, sq: SearchQuery, pq: ParsedQuery, limit: int, offset: int) -> Page:
    map_sqlite_file(conn)
    match = pq.fts5()
    if match is None:
        return browse(conn, sq, limit, offset)
    params: dict[str, Any] = {"m": match}
    conds = bill_conditions(sq, params)
    # "+b.id": not a key lookup per match, a test while walking bills in date order (plan.by_date_ids)
    in_match = "+b.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH :m)"
    member = " AND ".join([in_match, *conds])
    where = " AND ".join(["search_fts MATCH :m", *conds])
    joined = Plan("search_fts JOIN bills b ON b.id = search_fts.rowid", where, KEY, RANK, True, member, params)
    plain = Plan("search_fts", "search_fts MATCH :m", KEY, RANK, True, in_match, params,
                 rank_and_count=rank_and_count)
    if not conds:
        return run_plan(conn, sq, pq, plain, joined, limit, offset)
    other = bill_conditions(sq, params, facets=False)  # the filters that are not facets
    if not words_match_many(conn, plain):
        return run_small(conn, sq, pq, joined, limit, offset)
    if sq.state or sq.session:
        # many matches, filtered by state/session: count and pick candidates inside the index
        params["mf"] = facet_match(sq) + " AND " + match
        src, fwhere = "search_fts", "search_fts MATCH :mf"
        if other:
            src, fwhere = "search_fts JOIN bills b ON b.id = search_fts.rowid", " AND ".join([fwhere, *other])
        # scoring: bm25 inside the index reads the facet term's whole list (for its weight), which
        # for a big state costs more than joining some thousands of matches to `bills`; so when
        # the words alone have few matches among the candidates' ids, score those with a join
        probe = f"SELECT 1 FROM search_fts WHERE search_fts MATCH :m AND {KEY} >= :lo"
        faceted = Plan(src, fwhere, KEY, RANK, True, member, params,
                       rank_source=joined.source, rank_where=joined.where, probe=probe)
        return run_plan(conn, sq, pq, faceted, joined, limit, offset)
    if other and few_bills(conn, conds, params):
        # few bills pass the filters: count them from `bills`, each looked up in the index (CROSS
        # JOIN fixes that order); scoring stays FTS-first, since bm25 looked up per bill re-reads
        # each term's whole list every time
        few = Plan("bills b CROSS JOIN search_fts ON search_fts.rowid = b.id", where, "b.id", RANK, True,
                   member, params, rank_source=joined.source, rank_where=joined.where)
        return run_plan(conn, sq, pq, few, joined, limit, offset)
    return run_plan(conn, sq, pq, joined, joined, limit, offset)
