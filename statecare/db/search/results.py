"""What a search gives back: hits (bills with marked title and snippet) and the result page.

Every plan ends the same way: it finds the ids of one page of bills (with scores when sorted by
relevance) and `page_rows` reads those bills and their text once, in rank order, marking hits.
A bill number typed as the query ("AB 1900") is looked up on its own (`find_by_number`), shown
above the full-text results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, text

from statecare.db.search.filters import bill_conditions
from statecare.db.search.parser import ParsedQuery, SearchQuery, parse_bill_numbers
from statecare.db.search.raw import sqlite_rows
from statecare.db.search.snippets import (
    Matcher,
    first_literals,
    make_snippet,
    mark_all,
    marker_regex,
    strip_marks,
)

# how much of a bill's text is searched for a snippet (see page_rows)
SNIPPET_SCAN_CHARS = 40_000
BILL_COLS = (
    "b.id AS bill_id, b.state, b.legislative_session, b.identifier, b.title, b.stage, b.policy_type, "
    "b.latest_action_date, b.latest_action_description, b.source"
)


@dataclass
class SearchHit:
    """One bill in a result list, with its highlighted title and snippet (marker characters).

    The highlighted title is made when first asked for (`title_marked`): the search page shows it,
    /search.json, CSV and Atom do not, and marking twenty titles was a twentieth of a JSON
    request's CPU. `marker` is what marks it (snippets.marker_regex), or None for a title given
    marked already (`marked_title`) or with nothing to mark."""

    bill_id: int
    state: str
    legislative_session: str
    identifier: str
    title: str
    snippet: str
    stage: str | None
    policy_type: str | None
    latest_action_date: str | None
    latest_action_description: str | None
    source: str | None
    score: float | None = None
    exact: bool = False
    marker: Matcher | None = field(default=None, repr=False, compare=False)
    marked_title: str | None = field(default=None, repr=False, compare=False)

    @property
    def title_marked(self) -> str:
        if self.marked_title is None:
            self.marked_title = mark_all(self.title, self.marker)
        return self.marked_title

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "legislative_session": self.legislative_session,
            "identifier": self.identifier,
            "title": self.title,
            "stage": self.stage,
            "policy_type": self.policy_type,
            "latest_action_date": self.latest_action_date,
            "latest_action_description": self.latest_action_description,
            "source": self.source,
            "snippet": strip_marks(self.snippet),
            "snippet_marked": self.snippet,
            "score": self.score,
            "bill_number_match": self.exact,
        }


@dataclass
class SearchResult:
    query: SearchQuery
    parsed: ParsedQuery
    hits: list[SearchHit]
    total: int
    bill_number_matches: list[SearchHit] = field(default_factory=list)
    total_capped: bool = False  # more than `total` (= COUNT_CAP) matched; they were not all counted
    nothing_searchable: bool = False  # the query was typed but had no word to look for: nothing was searched

    @property
    def pages(self) -> int:
        """Pages known to exist; with a capped count, at least one past this page if it is full."""
        n = max(1, -(-self.total // self.query.per_page))
        if self.total_capped and len(self.hits) == self.query.per_page:
            n = max(n, self.query.page + 1)
        return n

    @property
    def has_next(self) -> bool:
        return self.query.page < self.pages

    @property
    def warnings(self) -> list[str]:
        return self.parsed.warnings


def hit_from_row(row: Any, exact: bool = False) -> SearchHit:
    """A hit from a row with BILL_COLS (and maybe title_marked, snippet, score)."""
    m = row._mapping
    has = row._fields  # a RowMapping raises (slowly) for an absent key: ask which columns there are
    title = m["title"] or ""
    score = m["score"] if "score" in has else None
    return SearchHit(
        bill_id=int(m["bill_id"]), state=m["state"], legislative_session=m["legislative_session"],
        identifier=m["identifier"], title=title,
        marked_title=(m["title_marked"] if "title_marked" in has else None) or title,
        snippet=(m["snippet"] if "snippet" in has else None) or "", stage=m["stage"], policy_type=m["policy_type"],
        latest_action_date=m["latest_action_date"], latest_action_description=m["latest_action_description"],
        source=m["source"], score=float(score) if score is not None else None, exact=exact,
    )


def page_rows(conn: Connection, ids: list[int], scores: dict[int, float], pq: ParsedQuery) -> list[SearchHit]:
    """Bills for the ranked ids, in rank order, with titles and snippets marked.

    The snippet is looked for in the abstract and the first SNIPPET_SCAN_CHARS of the text, cut in
    the database: a bill text can be a megabyte, and reading it whole for 30 words was a tenth of a
    search's time. Bill texts put purpose and definitions first, where a search word usually is;
    a bill whose only hit lies deeper gets the text's opening words instead."""
    if not ids:
        return []
    sql = (f"SELECT {BILL_COLS}, d.abstract AS doc_abstract, substr(d.body, 1, {SNIPPET_SCAN_CHARS}) AS doc_body "
           f"FROM bills b LEFT JOIN search_docs d ON d.bill_id = b.id WHERE b.id IN ")
    rows: Sequence[Any]
    if conn.dialect.name == "sqlite":  # every search reads its page: straight through the cursor (raw.py)
        rows = sqlite_rows(conn, sql + "(" + ", ".join("?" * len(ids)) + ")", [int(i) for i in ids])
    else:
        rows = conn.execute(text(sql + ":ids").bindparams(bindparam("ids", expanding=True)), {"ids": ids}).all()
    by_id = {r[0]: r for r in rows}
    rx, lits = marker_regex(pq), first_literals(pq)
    hits = []
    for i in ids:
        r = by_id.get(i)
        if r is None:
            continue
        (bill_id, state, session, ident, title, stage, ptype, date, desc, source, abstract, body) = r
        title = title or ""
        text_ = f"{abstract}\n{body}" if abstract and body else (abstract or body or "")
        hits.append(SearchHit(
            bill_id=int(bill_id), state=state, legislative_session=session, identifier=ident, title=title,
            marker=rx, snippet=make_snippet(text_, rx, lits=lits) if text_ else "", stage=stage,
            policy_type=ptype, latest_action_date=date, latest_action_description=desc, source=source,
            score=scores.get(i)))
    return hits


def find_by_number(conn: Connection, raw: str, sq: SearchQuery) -> list[SearchHit]:
    """Bills whose number is `raw` ("AB 1900", "S.860", "WA SJM 8004"), newest session first,
    within the search's state and session (its other filters do not apply to a number asked for).
    A query listing several numbers ("HB 1445 OR SB 5233", "HB 1445, SB 5233") finds each, in the
    order typed, at most 50 bills in all."""
    hits: list[SearchHit] = []
    seen: set[int] = set()
    for state, ident in parse_bill_numbers(raw):
        params: dict[str, Any] = {"ident": ident}
        conds = ["b.identifier = :ident"]
        if state:
            conds.append("b.state = :st")
            params["st"] = state
        conds += bill_conditions(SearchQuery(state=sq.state, session=sq.session), params)
        rows = conn.execute(text(
            f"SELECT {BILL_COLS}, NULL AS score FROM bills b WHERE {' AND '.join(conds)} "
            "ORDER BY b.latest_action_date DESC, b.state LIMIT 50"), params).all()
        for r in rows:
            hit = hit_from_row(r, exact=True)
            if hit.bill_id not in seen and len(hits) < 50:
                seen.add(hit.bill_id)
                hits.append(hit)
    return hits
