"""The query language: what people type into the search box, reduced to something safe to run.

Why a parser of our own in front of both engines: people type bill numbers ("S.860"), stray quotes,
`*`, `:` and `NEAR(` into search boxes. Handed raw to FTS5 those are syntax errors (a 500 on the
site); handed to PostgreSQL they mean something else. `parse_query` reduces any input to a small,
safe language -- words, "phrases", prefix*, -exclusions, OR -- and records what it had to drop so
that the page can say so, and each engine gets an expression built from quoted terms only
(`ParsedQuery.fts5`, `ParsedQuery.pg_parts`; the digest's saved searches use them too).

`parse_query` never raises. What does raise is a search request that cannot run at all -- a bad
sort, page, page size or state -- as `SearchError` from `SearchQuery.validate`, naming the parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from statecare.legis.identifiers import normalize_identifier
from statecare.legis.states import STATE_CODES

MAX_QUERY_CHARS = 300
MAX_TERMS = 16
MAX_PER_PAGE = 100
NOTHING_SEARCHABLE = "There was nothing searchable in the query."
SORTS = ("relevance", "newest", "oldest", "identifier")

# a bill number as people type it: "AB 1900", "S.860", "sjm 8004", "H.R. 12", "HB0002"; optional
# two-letter state in front ("WA SJM 8004")
_ONE_BILL_NO = (r"(?:(?P<state>[A-Za-z]{2})\s+)?"
                r"(?P<ident>[A-Za-z]{1,4}(?:\.\s?[A-Za-z]{1,3})?\.?\s?\.?\s?0*\d{1,6}[A-Za-z]?)")
_BILL_NO_RE = re.compile(r"^\s*" + _ONE_BILL_NO + r"\s*$")
# several bill numbers: "HB 1445 OR SB 5233", "HB 1445, SB 5233", "HB 1445 SB 5233" -- the list is
# split at OR (the query language's own word for "either"), commas, semicolons and "|", and each
# piece is read as one or more numbers one after another
_BILL_LIST_SPLIT = re.compile(r"\s*(?:,|;|\||\bOR\b)\s*")
_NEXT_BILL_NO = re.compile(r"\s*" + _ONE_BILL_NO + r"(?=\s|$)")
MAX_BILL_NUMBERS = 20
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_TOKEN_RE = re.compile(r'"[^"]*"?|\S+')
# typographic double quotes (what word processors and phones put round a phrase) read as '"'
_QUOTES = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"})
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
        # only the text columns: the index's `facets` column (state, session) is for filters
        return "{title abstract body} : (" + expr + ")"

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
    q = (raw or "").replace("\x00", " ").translate(_QUOTES).strip()
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
        pq.warnings.append(NOTHING_SEARCHABLE)
    return pq


def _bill_number_from(m: re.Match[str]) -> tuple[str | None, str] | None:
    state = (m.group("state") or "").lower() or None
    ident = m.group("ident")
    if state and state not in STATE_CODES:
        return None
    if not re.search(r"[A-Za-z]", ident) or not re.search(r"\d", ident):
        return None
    return state, normalize_identifier(ident)


def parse_bill_number(raw: str) -> tuple[str | None, str] | None:
    """("wa", "SJM 8004") for "WA SJM 8004", (None, "S 860") for "S.860"; None if not a bill number."""
    m = _BILL_NO_RE.match(raw or "")
    return _bill_number_from(m) if m else None


def parse_bill_numbers(raw: str) -> list[tuple[str | None, str]]:
    """Every bill number of a query that is nothing but bill numbers: [(None, "HB 1445"), (None,
    "SB 5233")] for "HB 1445 OR SB 5233", "HB 1445, SB 5233" or "HB 1445 SB 5233"; one for a single
    number (as parse_bill_number); [] when any part of the query is not a bill number. Each number
    keeps its own state prefix ("WA HB 1445 OR SB 5233": only the first is Washington's)."""
    one = parse_bill_number(raw)
    if one is not None:
        return [one]
    out: list[tuple[str | None, str]] = []
    for piece in _BILL_LIST_SPLIT.split((raw or "").strip()):
        if not piece:
            return []
        pos = 0
        while pos < len(piece):
            m = _NEXT_BILL_NO.match(piece, pos)
            number = _bill_number_from(m) if m else None
            if m is None or number is None:
                return []
            out.append(number)
            pos = m.end()
    if len(out) < 2 or len(out) > MAX_BILL_NUMBERS:
        return []
    return list(dict.fromkeys(out))


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
            raise SearchError(f"state must be the two-letter code of a US state, DC or Puerto Rico (got {self.state!r})")
