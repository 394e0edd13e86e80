"""Full-text search over bills: one query language, two engines.

SQLite uses the contentless FTS5 table `search_fts` (kept in step with `search_docs` by
triggers); PostgreSQL uses the weighted `search_docs.tsv` column with its GIN index. Both are created
by `statecare.db.schema`; the store fills `search_docs`.

The parts, by job:
- parser: the user's text -> ParsedQuery (a small, safe language; never raises), and the request
  SearchQuery whose validate() raises SearchError;
- filters: state, session, policy type, stage, provision category -> SQL conditions and parameters;
- plan: running an engine's plan with bounded work (counting, ranking, date order, one page);
- sqlite_plan / postgres_plan: each engine's plans (FTS5 / tsvector);
- results: SearchHit, SearchResult, the page's rows, bill-number lookups;
- snippets: highlighted titles and snippets (MARK_START / MARK_END);
- index: rebuilding the full-text index.

Bounded work: however many bills a search matches, it does a bounded amount of work. The limits
below are read at call time by the plans (statecare.db.search.COUNT_CAP, ...), so they have one
home, and tests can lower them to reach the big-result paths on a small corpus.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from statecare.db.search.counts import COUNTS, UNKNOWN, counting_at
from statecare.db.search.index import optimize_index, rebuild_index
from statecare.db.search.parser import (
    MAX_PER_PAGE,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    NOTHING_SEARCHABLE,
    SORTS,
    ParsedQuery,
    SearchError,
    SearchQuery,
    Term,
    parse_bill_number,
    parse_bill_numbers,
    parse_query,
)
from statecare.db.search.postgres_plan import search_pg
from statecare.db.search.results import SearchHit, SearchResult, find_by_number
from statecare.db.search.snippets import MARK_END, MARK_START, SNIPPET_WORDS, make_snippet, strip_marks
from statecare.db.search.sqlite_plan import search_sqlite

# How much work one search may do, whatever it matches (see "Bounded work" above and plan.py).
RANK_CANDIDATES = 1000  # relevance ranks at most this many matches: the most recently stored ones
COUNT_CAP = 1000  # results are counted up to here; past it the page says "more than 1,000"
FEW_BILLS = 500  # a bills-side filter this selective drives the count from `bills` instead
PROBE_FACTOR = 4  # SQLite: score by join while at most this many matches per candidate lie between

__all__ = [
    "COUNTS",
    "COUNT_CAP",
    "FEW_BILLS",
    "MARK_END",
    "MARK_START",
    "MAX_PER_PAGE",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "PROBE_FACTOR",
    "RANK_CANDIDATES",
    "SNIPPET_WORDS",
    "SORTS",
    "ParsedQuery",
    "SearchError",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "Term",
    "find_by_number",
    "make_snippet",
    "optimize_index",
    "parse_bill_number",
    "parse_bill_numbers",
    "parse_query",
    "rebuild_index",
    "search",
    "strip_marks",
]


def search(conn: Connection, sq: SearchQuery, version: Any = UNKNOWN) -> SearchResult:
    """Run a search on whichever engine `conn` is; raises SearchError only for bad parameters.

    `version`: the data version (counts.data_version) if the caller has just read it; else it is
    read when a count is first needed."""
    sq.validate()
    pq = parse_query(sq.q)
    if pq.empty and sq.q.strip():
        # typed, but nothing in it to look for ("!!!", '""', "OR", "-medicare"): no bills, and the
        # page says so -- listing every bill (the filters alone) answered a question never asked
        shown = sq.q.strip()
        shown = shown if len(shown) <= 60 else shown[:60] + "…"
        pq.warnings = [w for w in pq.warnings if w != NOTHING_SEARCHABLE]
        pq.warnings.append(f"“{shown}” has no searchable words, so no bills are listed: "
                           "search for a word, a “phrase” or a bill number.")
        return SearchResult(query=sq, parsed=pq, hits=[], total=0, nothing_searchable=True)
    limit, offset = sq.per_page, (sq.page - 1) * sq.per_page
    run = search_sqlite if conn.dialect.name == "sqlite" else search_pg
    with counting_at(conn, version):
        hits, total, capped = run(conn, sq, pq, limit, offset)
    numbers = find_by_number(conn, sq.q, sq) if sq.page == 1 else []
    return SearchResult(query=sq, parsed=pq, hits=hits, total=total, bill_number_matches=numbers,
                        total_capped=capped)
