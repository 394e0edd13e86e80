"""Full-text search over bills: one query language, two engines.

SQLite uses the FTS5 table `search_fts` (external content over `search_docs`, kept in step by
triggers); PostgreSQL uses the weighted `search_docs.tsv` column with its GIN index. Both are created
by `statecare.db.schema`; the store fills `search_docs`.

Why a parser of our own in front of both: people type bill numbers ("S.860"), stray quotes, `*`,
`:` and `NEAR(` into search boxes. Handed raw to FTS5 those are syntax errors (a 500 on the site);
handed to PostgreSQL they mean something else. `parse_query` reduces any input to a small, safe
language -- words, "phrases", prefix*, -exclusions, OR -- and records what it had to drop so that
the page can say so, and each engine gets an expression built from quoted terms only.

Snippets and highlighted titles come back with the markers MARK_START / MARK_END (control
characters that never occur in bill text) around each hit, so the web layer can escape everything
and then turn only those markers into <mark> elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, text

from statecare.db.normalize import STATE_CODES, normalize_identifier

MARK_START = "\x02"
MARK_END = "\x03"
MAX_QUERY_CHARS = 300
MAX_TERMS = 16
MAX_PER_PAGE = 100
SORTS = ("relevance", "newest", "oldest", "identifier")

# a bill number as people type it: "AB 1900", "S.860", "sjm 8004", "H.R. 12", "HB0002"; optional
# two-letter state in front ("WA SJM 8004")
_BILL_NO_RE = re.compile(
    r"^\s*(?:(?P<state>[A-Za-z]{2})\s+)?(?P<ident>[A-Za-z]{1,4}(?:\.\s?[A-Za-z]{1,3})?\.?\s?\.?\s?0*\d{1,6}[A-Za-z]?)\s*$"
)
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_TOKEN_RE = re.compile(r'"[^"]*"?|\S+')
# characters that mean something to FTS5 or tsquery (or nothing at all) outside a word
_SYNTAX_RE = re.compile(r"[^\w.\-'*\u2019]+", re.UNICODE)


class SearchError(ValueError):
    """A search request that cannot run (bad filter value, page out of range): message says which."""


@dataclass(frozen=True)
class Term:
    """One unit of a parsed query: a word or phrase, maybe a prefix, maybe excluded."""

    words: tuple[str, ...]
    prefix: bool = False
    negated: bool = False

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1

    def fts5(self) -> str:
        # every term is a quoted FTS5 string: nothing the user typed is ever parsed as FTS5 syntax
        s = '"' + " ".join(self.words).replace('"', '""') + '"'
        return s + ("*" if self.prefix else "")

    def display(self) -> str:
        s = " ".join(self.words)
        s = f'"{s}"' if self.phrase else s
        return ("-" if self.negated else "") + s + ("*" if self.prefix else "")


@dataclass
class ParsedQuery:
    """A query reduced to AND-ed groups of OR-ed terms, plus exclusions and notes for the reader."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups

    def fts5(self) -> str | None:
        """The FTS5 MATCH expression, or None when there is nothing to match."""
        if self.empty:
            return None
        parts = []
        for g in self.groups:
            parts.append(g[0].fts5() if len(g) == 1 else "(" + " OR ".join(t.fts5() for t in g) + ")")
        expr = " AND ".join(parts)
        for t in self.excluded:
            expr = f"({expr}) NOT {t.fts5()}"
        return expr

    def display(self) -> str:
        """The query as it was understood, for "searched for: ..." messages."""
        out = [" OR ".join(t.display() for t in g) for g in self.groups]
        out += [t.display() for t in self.excluded]
        return " ".join(out)

    def pg_parts(self) -> tuple[str, dict[str, Any]]:
        """A PostgreSQL tsquery SQL expression built from bound parameters, and the parameters."""
        params: dict[str, Any] = {}
        n = 0

        def one(t: Term) -> str:
            nonlocal n
            n += 1
            name = f"tq{n}"
            if t.prefix:
                # to_tsquery needs lexeme syntax: only word characters go in, each as a prefix
                params[name] = " <-> ".join(f"{w}:*" if i == len(t.words) - 1 else w for i, w in enumerate(t.words))
                return f"to_tsquery('english', :{name})"
            params[name] = " ".join(t.words)
            fn = "phraseto_tsquery" if t.phrase else "plainto_tsquery"
            return f"{fn}('english', :{name})"

        groups = ["(" + " || ".join(one(t) for t in g) + ")" for g in self.groups]
        expr = " && ".join(groups)
        for t in self.excluded:
            expr = f"({expr}) && !!{one(t)}"
        return expr, params


def _words(s: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD_RE.findall(s))


def parse_query(raw: str) -> ParsedQuery:
    """Reduce free text to the safe query language; never raises, explains what it changed."""
    pq = ParsedQuery()
    q = (raw or "").replace("\x00", " ").strip()
    if len(q) > MAX_QUERY_CHARS:
        q = q[:MAX_QUERY_CHARS]
        pq.warnings.append(f"The query was longer than {MAX_QUERY_CHARS} characters; only the start was used.")
    if q.count('"') % 2:
        pq.warnings.append("The query has an unmatched quotation mark; the last quote was treated as closed.")
    dropped: set[str] = set()
    pending_or = False
    terms: list[tuple[Term, bool]] = []  # (term, joined to the previous one by OR)
    tokens: list[str] = []
    for tok in _TOKEN_RE.findall(q):
        if tok.startswith('"'):
            tokens.append(tok)
            continue
        # outside quotes, search-syntax characters split words: "NEAR(health" -> "NEAR", "health"
        parts = [p for p in _SYNTAX_RE.split(tok) if p]
        odd = set("".join(_SYNTAX_RE.findall(tok)))
        if odd:
            dropped.update(odd)
        tokens.extend(parts)
    for tok in tokens:
        if tok in ("OR", "|"):
            pending_or = bool(terms)
            continue
        if tok in ("AND", "NOT", "NEAR"):
            dropped.add(tok)
            continue
        negated = False
        body = tok
        if body.startswith("-") and len(body) > 1:
            negated, body = True, body[1:]
        quoted = body.startswith('"')
        if quoted:
            body = body.strip('"')
        prefix = (not quoted) and body.endswith("*") and len(body.rstrip("*")) > 0
        words = _words(body)
        if not words:
            continue
        if not quoted and len(words) > 1:
            # "S.860" or "co-pay" typed without quotes: keep the pieces together as a phrase
            quoted = True
        terms.append((Term(words, prefix=prefix and not quoted, negated=negated), pending_or))
        pending_or = False
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        pq.warnings.append(f"Only the first {MAX_TERMS} words or phrases were used.")
    for t, joined in terms:
        if t.negated:
            pq.excluded.append(t)
        elif joined and pq.groups:
            pq.groups[-1].append(t)
        else:
            pq.groups.append([t])
    if dropped:
        shown = " ".join(sorted(dropped))[:60]
        pq.warnings.append(f"Search syntax characters were ignored: {shown}")
    if pq.empty and pq.excluded:
        pq.warnings.append("A search needs at least one word to look for, not only words to exclude.")
        pq.excluded = []
    elif pq.empty and q and not dropped:
        pq.warnings.append("There was nothing searchable in the query.")
    return pq


def parse_bill_number(raw: str) -> tuple[str | None, str] | None:
    """("wa", "SJM 8004") for "WA SJM 8004", (None, "S 860") for "S.860"; None if not a bill number."""
    m = _BILL_NO_RE.match(raw or "")
    if not m:
        return None
    state = (m.group("state") or "").lower() or None
    ident = m.group("ident")
    if state and state not in STATE_CODES:
        return None
    if not re.search(r"[A-Za-z]", ident) or not re.search(r"\d", ident):
        return None
    return state, normalize_identifier(ident)


@dataclass
class SearchQuery:
    """What a search asks for: the text plus filters, sorting and the page."""

    q: str = ""
    state: str | None = None
    session: str | None = None
    policy_type: str | None = None  # a policy type, "relevant" (the four) or "unclassified"
    stage: str | None = None
    category: str | None = None  # provision category, e.g. "financing"
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20

    def validate(self) -> None:
        """Raise SearchError naming the bad parameter."""
        if self.sort not in SORTS:
            raise SearchError(f"sort must be one of {', '.join(SORTS)} (got {self.sort!r})")
        if self.page < 1:
            raise SearchError(f"page must be 1 or more (got {self.page})")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise SearchError(f"per_page must be between 1 and {MAX_PER_PAGE} (got {self.per_page})")
        if self.state and self.state.lower() not in STATE_CODES:
            raise SearchError(f"state must be a two-letter state code (got {self.state!r})")


@dataclass
class SearchHit:
    """One bill in a result list, with its highlighted title and snippet (marker characters)."""

    bill_id: int
    state: str
    legislative_session: str
    identifier: str
    title: str
    title_marked: str
    snippet: str
    stage: str | None
    policy_type: str | None
    latest_action_date: str | None
    latest_action_description: str | None
    source: str | None
    score: float | None = None
    exact: bool = False

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

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))

    @property
    def warnings(self) -> list[str]:
        return self.parsed.warnings


def strip_marks(s: str | None) -> str:
    return (s or "").replace(MARK_START, "").replace(MARK_END, "")


_BILL_COLS = (
    "b.id AS bill_id, b.state, b.legislative_session, b.identifier, b.title, b.stage, b.policy_type, "
    "b.latest_action_date, b.latest_action_description, b.source"
)


def _filters(sq: SearchQuery, params: dict[str, Any]) -> list[str]:
    """SQL conditions on bills `b` for the filters (values always bound, never interpolated)."""
    conds: list[str] = []
    if sq.state:
        conds.append("b.state = :f_state")
        params["f_state"] = sq.state.lower()
    if sq.session:
        conds.append("b.legislative_session = :f_session")
        params["f_session"] = sq.session
    if sq.policy_type == "relevant":
        conds.append("b.policy_type IN ('single_payer', 'public_option', 'universal_coverage_study', "
                     "'federal_resolution')")
    elif sq.policy_type == "unclassified":
        conds.append("b.policy_type IS NULL")
    elif sq.policy_type:
        conds.append("b.policy_type = :f_ptype")
        params["f_ptype"] = sq.policy_type
    if sq.stage:
        conds.append("b.stage = :f_stage")
        params["f_stage"] = sq.stage
    if sq.category:
        conds.append("EXISTS (SELECT 1 FROM provisions p WHERE p.bill_id = b.id AND p.category = :f_cat)")
        params["f_cat"] = sq.category
    return conds


def _order(sq: SearchQuery, rank_sql: str | None) -> str:
    if sq.sort == "relevance" and rank_sql:
        return f"{rank_sql}, b.id DESC"
    if sq.sort == "oldest":
        return "CASE WHEN b.latest_action_date IS NULL THEN 1 ELSE 0 END, b.latest_action_date ASC, b.id"
    if sq.sort == "identifier":
        return "b.state, b.legislative_session, b.identifier"
    return "CASE WHEN b.latest_action_date IS NULL THEN 1 ELSE 0 END, b.latest_action_date DESC, b.id DESC"


def _hit(row: Any, exact: bool = False) -> SearchHit:
    m = row._mapping
    return SearchHit(
        bill_id=int(m["bill_id"]), state=m["state"], legislative_session=m["legislative_session"],
        identifier=m["identifier"], title=m["title"] or "", title_marked=m.get("title_marked") or m["title"] or "",
        snippet=m.get("snippet") or "", stage=m["stage"], policy_type=m["policy_type"],
        latest_action_date=m["latest_action_date"], latest_action_description=m["latest_action_description"],
        source=m["source"], score=float(m["score"]) if m.get("score") is not None else None, exact=exact,
    )


_STEM_SUFFIXES = ("ing", "ies", "ied", "es", "ed", "ly", "s")


def _stem(w: str) -> str:
    """A light stem for highlighting only: enough that "budgeting" lights up for "budget"."""
    for suf in _STEM_SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def _term_pattern(t: Term) -> str:
    parts = [re.escape(_stem(w)) + r"\w*" for w in t.words]
    return r"\b" + r"\W+".join(parts)


def _marker_regex(pq: ParsedQuery) -> re.Pattern[str] | None:
    pats = [_term_pattern(t) for g in pq.groups for t in g]
    return re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE) if pats else None


def _mark_all(text_: str, rx: re.Pattern[str] | None) -> str:
    return rx.sub(lambda m: MARK_START + m.group(0) + MARK_END, text_) if rx else text_


SNIPPET_WORDS = 30


def make_snippet(text_: str, rx: re.Pattern[str] | None, words: int = SNIPPET_WORDS) -> str:
    """About `words` words around the first hit in `text_`, hits marked; the start if no hit.

    Done in Python on the page's rows rather than by FTS5 snippet() / ts_headline(): those re-tokenize
    the whole document, and a bill text can be a megabyte, while one regex search over it is quick.
    """
    if not text_:
        return ""
    m = rx.search(text_) if rx else None
    if m is None:
        head = text_[:400].split()
        return " ".join(head[:words]) + ("…" if len(head) > words else "")
    a, b = m.start(), m.end()
    left = text_[max(0, a - 200):a].split()[-(words // 3):]
    right = text_[b:b + 400].split()
    out = " ".join(left) + (" " if left else "") + text_[a:b]
    tail = right[: words - len(left)]
    if tail:
        out += (" " if text_[b:b + 1].isspace() else "") + " ".join(tail)
    out = " ".join(out.split())
    pre = "…" if a > 200 or (left and len(text_[:a].split()) > len(left)) else ""
    post = "…" if len(right) > len(tail) else ""
    return pre + _mark_all(out, rx) + post


def _page_rows(conn: Connection, ids: list[int], scores: dict[int, float], pq: ParsedQuery) -> list[SearchHit]:
    """Bills for the ranked ids, in rank order, with titles and snippets marked."""
    if not ids:
        return []
    rows = conn.execute(text(
        f"SELECT {_BILL_COLS}, d.abstract AS doc_abstract, d.body AS doc_body "
        f"FROM bills b LEFT JOIN search_docs d ON d.bill_id = b.id WHERE b.id IN :ids"
    ).bindparams(bindparam("ids", expanding=True)), {"ids": ids}).all()
    by_id = {r.bill_id: r for r in rows}
    rx = _marker_regex(pq)
    hits = []
    for i in ids:
        r = by_id.get(i)
        if r is None:
            continue
        h = _hit(r)
        h.score = scores.get(i)
        h.title_marked = _mark_all(h.title, rx)
        body = "\n".join(x for x in (r.doc_abstract, r.doc_body) if x)
        h.snippet = make_snippet(body, rx) if body else ""
        hits.append(h)
    return hits


def _search_sqlite(conn: Connection, sq: SearchQuery, pq: ParsedQuery, limit: int, offset: int
                   ) -> tuple[list[SearchHit], int]:
    params: dict[str, Any] = {"lim": limit, "off": offset}
    conds = _filters(sq, params)
    match = pq.fts5()
    if match is None:
        where = " AND ".join(conds) or "1=1"
        total = conn.execute(text(f"SELECT count(*) FROM bills b WHERE {where}"), params).scalar_one()
        rows = conn.execute(text(
            f"SELECT {_BILL_COLS}, NULL AS score FROM bills b WHERE {where} "
            f"ORDER BY {_order(sq, None)} LIMIT :lim OFFSET :off"), params).all()
        return [_hit(r) for r in rows], int(total)
    params["match"] = match
    if not conds:
        # no filter on bills: count and rank on the FTS table alone, no join per match
        total = conn.execute(text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :match"),
                             params).scalar_one()
    else:
        where = " AND ".join(["search_fts MATCH :match", *conds])
        total = conn.execute(text(
            f"SELECT count(*) FROM search_fts JOIN bills b ON b.id = search_fts.rowid WHERE {where}"),
            params).scalar_one()
    if sq.sort == "relevance" and not conds:
        ranked = conn.execute(text(
            "SELECT rowid AS id, bm25(search_fts, 10.0, 4.0, 1.0) AS score FROM search_fts "
            "WHERE search_fts MATCH :match ORDER BY score, rowid DESC LIMIT :lim OFFSET :off"), params).all()
    else:
        where = " AND ".join(["search_fts MATCH :match", *conds])
        ranked = conn.execute(text(
            f"SELECT b.id AS id, bm25(search_fts, 10.0, 4.0, 1.0) AS score "
            f"FROM search_fts JOIN bills b ON b.id = search_fts.rowid WHERE {where} "
            f"ORDER BY {_order(sq, 'score')} LIMIT :lim OFFSET :off"), params).all()
    scores = {r.id: float(r.score) for r in ranked}
    return _page_rows(conn, [r.id for r in ranked], scores, pq), int(total)


# weights of the D, C, B, A labels (body C, abstract B, title A); normalisation 1 divides by the log of
# the document length, so a long bill mentioning a word often does not outrank a title about it
_PG_WEIGHTS = "'{0.02, 0.05, 0.4, 1.0}'"


def _search_pg(conn: Connection, sq: SearchQuery, pq: ParsedQuery, limit: int, offset: int
               ) -> tuple[list[SearchHit], int]:
    params: dict[str, Any] = {"lim": limit, "off": offset}
    conds = _filters(sq, params)
    if pq.empty:
        where = " AND ".join(conds) or "TRUE"
        total = conn.execute(text(f"SELECT count(*) FROM bills b WHERE {where}"), params).scalar_one()
        rows = conn.execute(text(
            f"SELECT {_BILL_COLS}, NULL AS score FROM bills b WHERE {where} "
            f"ORDER BY {_order(sq, None)} LIMIT :lim OFFSET :off"), params).all()
        return [_hit(r) for r in rows], int(total)
    tsq, tparams = pq.pg_parts()
    params.update(tparams)
    if not conds:
        total = conn.execute(text(f"SELECT count(*) FROM search_docs d WHERE d.tsv @@ ({tsq})"), params).scalar_one()
    else:
        where = " AND ".join([f"d.tsv @@ ({tsq})", *conds])
        total = conn.execute(text(
            f"SELECT count(*) FROM search_docs d JOIN bills b ON b.id = d.bill_id WHERE {where}"), params).scalar_one()
    if sq.sort == "relevance" and not conds:
        ranked = conn.execute(text(
            f"SELECT d.bill_id AS id, ts_rank_cd({_PG_WEIGHTS}, d.tsv, q.query, 1) AS score "
            f"FROM search_docs d CROSS JOIN (SELECT {tsq} AS query) q WHERE d.tsv @@ q.query "
            f"ORDER BY score DESC, d.bill_id DESC LIMIT :lim OFFSET :off"), params).all()
    else:
        where = " AND ".join(["d.tsv @@ q.query", *conds])
        ranked = conn.execute(text(
            f"SELECT b.id AS id, ts_rank_cd({_PG_WEIGHTS}, d.tsv, q.query, 1) AS score "
            f"FROM search_docs d JOIN bills b ON b.id = d.bill_id CROSS JOIN (SELECT {tsq} AS query) q "
            f"WHERE {where} ORDER BY {_order(sq, 'score DESC')} LIMIT :lim OFFSET :off"), params).all()
    scores = {r.id: float(r.score) for r in ranked}
    return _page_rows(conn, [r.id for r in ranked], scores, pq), int(total)


def find_by_number(conn: Connection, raw: str, sq: SearchQuery | None = None) -> list[SearchHit]:
    """Bills whose number is `raw` ("AB 1900", "S.860", "WA SJM 8004"), newest session first."""
    parsed = parse_bill_number(raw)
    if parsed is None:
        return []
    state, ident = parsed
    params: dict[str, Any] = {"ident": ident}
    conds = ["b.identifier = :ident"]
    if state:
        conds.append("b.state = :st")
        params["st"] = state
    if sq is not None:
        f = _filters(SearchQuery(state=sq.state, session=sq.session), params)
        conds += f
    rows = conn.execute(text(
        f"SELECT {_BILL_COLS}, NULL AS score FROM bills b WHERE {' AND '.join(conds)} "
        "ORDER BY b.latest_action_date DESC, b.state LIMIT 50"), params).all()
    return [_hit(r, exact=True) for r in rows]


def search(conn: Connection, sq: SearchQuery) -> SearchResult:
    """Run a search on whichever engine `conn` is; raises SearchError only for bad parameters."""
    sq.validate()
    pq = parse_query(sq.q)
    limit, offset = sq.per_page, (sq.page - 1) * sq.per_page
    if conn.dialect.name == "sqlite":
        hits, total = _search_sqlite(conn, sq, pq, limit, offset)
    else:
        hits, total = _search_pg(conn, sq, pq, limit, offset)
    numbers = find_by_number(conn, sq.q, sq) if sq.page == 1 else []
    return SearchResult(query=sq, parsed=pq, hits=hits, total=total, bill_number_matches=numbers)


def rebuild_index(conn: Connection) -> None:
    """Rebuild the full-text index from `search_docs` (after a bulk load or a tokenizer change)."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('rebuild')"))
        conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
    else:
        conn.execute(text("REINDEX INDEX ix_search_docs_tsv"))
        conn.execute(text("ANALYZE search_docs"))
