"""The search package's parts on their own: the query parser and the filters.

The parser is pure (text in, ParsedQuery out); the filters are checked both as SQL text and by
running their conditions against a small set of bills on SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from statecare.db.models import Bill, Provision
from statecare.db.search import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    SearchError,
    SearchQuery,
    parse_bill_number,
    parse_query,
)
from statecare.db.search.filters import (
    CategoryFilter,
    PolicyTypeFilter,
    SessionFilter,
    StageFilter,
    StateFilter,
    bill_conditions,
    filters_for,
)
from statecare.db.search.parser import Term
from statecare.legis.vocabulary import RELEVANT_POLICY_TYPES

# --- parser ---


def test_words_phrases_prefixes_exclusions_and_or() -> None:
    pq = parse_query('"Global Budget" hospital* OR clinic -Medicare')
    assert pq.groups == [[Term(("global", "budget"))], [Term(("hospital",), prefix=True), Term(("clinic",))]]
    assert pq.excluded == [Term(("medicare",), negated=True)]
    assert pq.warnings == []
    assert pq.display() == '"global budget" hospital* OR clinic -medicare'
    assert pq.fts5() == '{title abstract body} : (("global budget" AND ("hospital"* OR "clinic")) NOT "medicare")'


def test_search_syntax_is_dropped_and_reported_never_passed_on() -> None:
    pq = parse_query("NEAR(health: care) AND col:umn")
    assert [t.words for g in pq.groups for t in g] == [("health",), ("care",), ("col",), ("umn",)]
    assert pq.warnings == ["Search syntax characters were ignored: ( ) : AND NEAR"]
    # every term reaches FTS5 quoted, so nothing typed is FTS5 syntax
    assert pq.fts5() == '{title abstract body} : ("health" AND "care" AND "col" AND "umn")'


def test_bill_numbers_and_hyphenated_words_stay_together_as_phrases() -> None:
    pq = parse_query("S.860 co-pay")
    assert [t.words for g in pq.groups for t in g] == [("s", "860"), ("co", "pay")]
    assert all(t.phrase for g in pq.groups for t in g)


def test_typographic_quotes_make_a_phrase_as_straight_quotes_do() -> None:
    """Why: a phrase copied from a word processor or typed on a phone comes in curly quotes."""
    straight = parse_query('"single payer" trust')
    for raw in ("\u201csingle payer\u201d trust", "\u201esingle payer\u201c trust", "\u00absingle payer\u00bb trust"):
        pq = parse_query(raw)
        assert pq.groups == straight.groups and pq.warnings == []
    # near miss: an apostrophe, straight or curly, is no quotation mark and opens no phrase
    for raw in ("people\u2019s plan", "people's plan"):
        pq = parse_query(raw)
        assert [(t.words, t.phrase) for g in pq.groups for t in g] == [(("people", "s"), True), (("plan",), False)]
        assert pq.warnings == []


def test_unmatched_quote_long_query_and_too_many_terms_are_explained() -> None:
    assert parse_query('"open').warnings == [
        "The query has an unmatched quotation mark; the last quote was treated as closed."]
    long = parse_query("a" * (MAX_QUERY_CHARS + 50))
    assert long.groups[0][0].words == ("a" * MAX_QUERY_CHARS,)
    assert long.warnings[0].startswith(f"The query was longer than {MAX_QUERY_CHARS} characters")
    many = parse_query(" ".join(f"w{i}" for i in range(MAX_TERMS + 4)))
    assert len(many.groups) == MAX_TERMS
    assert f"Only the first {MAX_TERMS} words or phrases were used." in many.warnings


@pytest.mark.parametrize("raw, warning", [
    ("-medicare", "A search needs at least one word to look for, not only words to exclude."),
    ("(:)", "Search syntax characters were ignored: ( ) :"),
    ("***", "There was nothing searchable in the query."),
    ("OR", "There was nothing searchable in the query."),
])
def test_nothing_to_look_for_is_empty_and_says_why(raw: str, warning: str) -> None:
    pq = parse_query(raw)
    assert pq.empty and pq.fts5() is None and pq.excluded == []
    assert pq.warnings == [warning]


def test_nul_and_none_never_raise() -> None:
    assert parse_query("\x00health").groups == [[Term(("health",))]]
    assert parse_query(None).empty  # type: ignore[arg-type]


def test_postgres_expression_binds_every_word() -> None:
    expr, params = parse_query('"single payer" hosp* OR clinic -medicare').pg_parts()
    assert expr == ("((phraseto_tsquery('english', :tq1)) && (to_tsquery('english', :tq2) || "
                    "plainto_tsquery('english', :tq3))) && !!plainto_tsquery('english', :tq4)")
    assert params == {"tq1": "single payer", "tq2": "hosp:*", "tq3": "clinic", "tq4": "medicare"}


@pytest.mark.parametrize("raw, want", [
    ("WA SJM 8004", ("wa", "SJM 8004")),
    ("S.860", (None, "S 860")),
    ("hb0002", (None, "HB 2")),
    ("zz HB 1", None),  # not a state
    ("covid", None),
    ("1900", None),
])
def test_bill_numbers(raw: str, want: tuple[str | None, str] | None) -> None:
    assert parse_bill_number(raw) == want


@pytest.mark.parametrize("kw, names", [
    ({"sort": "best"}, "sort must be one of"),
    ({"page": 0}, "page must be 1 or more"),
    ({"per_page": 101}, "per_page must be between 1 and 100"),
    ({"state": "zz"}, r"state must be the two-letter code of a US state, DC or Puerto Rico \(got 'zz'\)"),
])
def test_a_request_that_cannot_run_names_the_parameter(kw: dict[str, Any], names: str) -> None:
    with pytest.raises(SearchError, match=names):
        SearchQuery(**kw).validate()
    SearchQuery(state="NY", per_page=100).validate()  # upper-case state codes are fine


# --- filters ---


def test_each_filter_gives_its_condition_and_bound_values() -> None:
    assert StateFilter("NY").sql() == ("b.state = :f_state", {"f_state": "ny"})
    assert SessionFilter("2025").sql() == ("b.legislative_session = :f_session", {"f_session": "2025"})
    assert StageFilter("passed_both").sql() == ("b.stage = :f_stage", {"f_stage": "passed_both"})
    assert PolicyTypeFilter("single_payer").sql() == ("b.policy_type = :f_ptype", {"f_ptype": "single_payer"})
    assert PolicyTypeFilter("unclassified").sql() == ("b.policy_type IS NULL", {})
    sql, params = PolicyTypeFilter("relevant").sql()
    assert params == {} and sql == "b.policy_type IN (" + ", ".join(f"'{t}'" for t in RELEVANT_POLICY_TYPES) + ")"
    sql, params = CategoryFilter("financing").sql()
    assert "provisions" in sql and params == {"f_cat": "financing"}


def test_a_filter_value_is_never_spliced_into_the_sql() -> None:
    evil = "x' OR '1'='1"
    for f in (StateFilter(evil), SessionFilter(evil), StageFilter(evil), PolicyTypeFilter(evil), CategoryFilter(evil)):
        sql, params = f.sql()
        assert evil not in sql and evil.lower() in {str(v).lower() for v in params.values()}


def test_facets_are_state_and_session_only() -> None:
    sq = SearchQuery(state="ny", session="2025", policy_type="relevant", stage="introduced", category="financing")
    assert [type(f) for f in filters_for(sq)] == [StateFilter, SessionFilter, PolicyTypeFilter, StageFilter,
                                                 CategoryFilter]
    assert [type(f) for f in filters_for(sq, facets=False)] == [PolicyTypeFilter, StageFilter, CategoryFilter]
    params: dict[str, Any] = {}
    assert bill_conditions(SearchQuery(state="ny", stage="introduced"), params, facets=False) == ["b.stage = :f_stage"]
    assert params == {"f_stage": "introduced"}
    assert filters_for(SearchQuery()) == []


BILLS = [  # state, session, identifier, policy type, stage, provision categories
    ("ny", "2025", "S 1", "single_payer", "introduced", ["financing"]),
    ("ny", "2023", "S 2", "public_option", "passed_both", []),
    ("wa", "2025", "HB 3", None, "introduced", ["eligibility"]),
    ("wa", "2025", "HB 4", "other_health_coverage", None, ["financing", "eligibility"]),
]


@pytest.fixture
def bills(engine: Engine) -> Engine:
    with Session(engine) as s, s.begin():
        for state, session, ident, ptype, stage, cats in BILLS:
            b = Bill(state=state, legislative_session=session, identifier=ident, title=ident, policy_type=ptype,
                     stage=stage)
            s.add(b)
            s.flush()
            for c in cats:
                s.add(Provision(bill_id=b.id, key=f"{c}.x", category=c, value="yes", start=0, end=1,
                                evidence="", confidence=1.0, model_version="test"))
    return engine


def _matching(engine: Engine, sq: SearchQuery) -> list[str]:
    params: dict[str, Any] = {}
    where = " AND ".join(bill_conditions(sq, params)) or "1=1"
    with engine.connect() as conn:
        return sorted(r[0] for r in conn.execute(text(f"SELECT b.identifier FROM bills b WHERE {where}"), params))


@pytest.mark.parametrize("kw, want", [
    ({}, ["HB 3", "HB 4", "S 1", "S 2"]),
    ({"state": "NY"}, ["S 1", "S 2"]),
    ({"state": "ny", "session": "2025"}, ["S 1"]),
    ({"policy_type": "relevant"}, ["S 1", "S 2"]),
    ({"policy_type": "unclassified"}, ["HB 3"]),
    ({"policy_type": "other_health_coverage"}, ["HB 4"]),
    ({"stage": "introduced"}, ["HB 3", "S 1"]),
    ({"category": "financing"}, ["HB 4", "S 1"]),
    ({"state": "wa", "category": "eligibility", "stage": "introduced"}, ["HB 3"]),
])
def test_filter_conditions_select_the_right_bills(bills: Engine, kw: dict[str, Any], want: list[str]) -> None:
    assert {"single_payer", "public_option"} <= set(RELEVANT_POLICY_TYPES) and "other_health_coverage" not in \
        RELEVANT_POLICY_TYPES  # what the "relevant" rows above assume
    assert _matching(bills, SearchQuery(**kw)) == want


@pytest.mark.parametrize("q", ["global budget", '"global budget"', "health* trust", "premium OR deductible",
                               "Washington", "zzzz", "residents -trust", "definitions", "section 5"])
def test_snippets_found_by_literals_are_those_a_plain_regex_search_finds(fixtures: Path, q: str) -> None:
    from statecare.db.search.snippets import first_hit, first_literals, make_snippet, marker_regex

    body = (fixtures / "bill_texts/wa/WA_2025-2026_SB5233_Washington_health_trust_extracted.txt").read_text(
        encoding="utf-8")
    pq = parse_query(q)
    rx, lits = marker_regex(pq), first_literals(pq)
    assert rx is not None and lits
    for text_ in (body, body[20_000:], body.upper(), body[:1500]):
        fast, plain = first_hit(text_, rx, lits), rx.search(text_)
        assert (fast and (fast.start(), fast.end())) == (plain and (plain.start(), plain.end())), q
        assert make_snippet(text_, rx, lits=lits) == make_snippet(text_, rx), q


@pytest.mark.parametrize("chunk", [61, 256, 4096])
def test_first_hit_in_pieces_is_what_a_plain_regex_search_finds(fixtures: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 chunk: int) -> None:
    """first_hit lower-cases the start of a long text first (snippets._SCAN_CHUNK characters):
    wherever the first hit lies relative to a piece's end -- before it, across it, past it --
    it is the hit rx.search finds. Small pieces put many first hits at a boundary of a real text."""
    from statecare.db.search import snippets

    monkeypatch.setattr(snippets, "_SCAN_CHUNK", chunk)
    body = (fixtures / "bill_texts/wa/WA_2025-2026_SB5233_Washington_health_trust_extracted.txt").read_text(
        encoding="utf-8")
    ascii_body = body.encode("ascii", "replace").decode()
    # the text with letters whose lower case differs in kind: a Kelvin sign (lower case "k"), Greek
    # capitals (final sigma depends on what follows) and, in the last, the one longer lower case
    greek = body.replace("the ", "the \u212a\u03a3\u03a3 ")
    assert greek.count("\u03a3") > 100
    at_edge = 0
    for q in ("global budget", "health* trust", "premium OR deductible", "definitions", "zzzz", "section 5",
              "federal waiver", "appropriation", "k*"):
        pq = parse_query(q)
        rx, lits = snippets.marker_regex(pq), snippets.first_literals(pq)
        assert rx is not None and lits
        cuts = [(s, t[s:12_000 + 4 * chunk]) for t in (ascii_body, body, greek) for s in range(0, 12_000, 37)]
        for start, text_ in [*cuts, *((s, "\u0130" + greek[s:]) for s in range(0, 12_000, 1999))]:
            fast, plain = snippets.first_hit(text_, rx, lits), rx.search(text_)
            assert (fast and fast.span()) == (plain and plain.span()), (q, start)
            at_edge += plain is not None and chunk - max(map(len, lits)) < plain.start() <= chunk + 16
    assert at_edge > 0  # some first hits did lie across or just past a piece's end


def test_the_ascii_shadow_is_the_lower_case_where_that_is_ascii() -> None:
    """snippets.ascii_shadow, character by character over all of Unicode (U+0130 aside, which
    first_hit never shadows): the lower case where it is ASCII, "?" elsewhere; and the letters
    re.IGNORECASE matches with an ASCII letter are those first_hit knows of."""
    import re
    import sys

    from statecare.db.search import snippets

    chars = "".join(chr(i) for i in range(sys.maxunicode + 1) if i != 0x130 and not 0xD800 <= i < 0xE000)
    shadow = snippets.ascii_shadow(chars)
    assert len(shadow) == len(chars)
    want = "".join(c.lower() if c.lower().isascii() else "?" for c in chars)
    assert shadow == want
    letter = re.compile("[a-z]", re.IGNORECASE)
    odd = {chr(i) for i in range(0x80, sys.maxunicode + 1) if letter.fullmatch(chr(i))}
    assert odd == {"\u0130", snippets._DOTLESS_I, snippets._KELVIN, snippets._LONG_S}
    assert [c for c in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(c, snippets._DOTLESS_I, re.IGNORECASE)] == ["i"]
    assert [c for c in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(c, snippets._LONG_S, re.IGNORECASE)] == ["s"]


def test_first_hit_in_texts_that_are_not_ascii_is_what_a_plain_regex_search_finds(fixtures: Path) -> None:
    """Texts with curly quotes, a section sign, Greek capitals, a Kelvin sign, the dotless i and long
    s that re.IGNORECASE takes for "i" and "s": first_hit's shadow scan finds what it found before
    -- rx.search's hit in a short text, the first place the lower-cased text has a literal and rx
    matches in a long one (which, as before, does not see a dotless i or long s as "i" or "s")."""
    import random

    from statecare.db.search import snippets

    body = (fixtures / "bill_texts/wa/WA_2025-2026_SB5233_Washington_health_trust_extracted.txt").read_text(
        encoding="utf-8")
    rng = random.Random(3)
    odd = ["\u201chealth\u201d ", "\u00a7 ", "\u03a3\u03a3 ", "\u212aey ", "\u0131nsurance ", "\u017fection ",
           "tru\u017ft ", "H\u0131gh ", "\u00e9t\u00e9 "]
    words = body.split()
    texts = []
    for _ in range(400):
        n = rng.choice((5, 40, 300, 1200))
        start = rng.randrange(len(words) - n)
        piece = words[start:start + n]
        for _ in range(rng.randrange(1, 4)):
            piece.insert(rng.randrange(len(piece) + 1), rng.choice(odd).strip())
        texts.append(" ".join(piece))
    hits = 0
    for q in ("health", "insurance trust", "section 5", "key*", "high OR sick", "trust", "\u00e9t\u00e9", "zzzz"):
        pq = parse_query(q)
        rx, lits = snippets.marker_regex(pq), snippets.first_literals(pq)
        assert rx is not None
        for text_ in texts:
            assert not text_.isascii()
            fast = snippets.first_hit(text_, rx, lits)
            short = len(text_) < snippets._SCAN_DIRECT or not lits
            plain = rx.search(text_) if short else snippets._first_candidate(text_, text_.lower(), rx, lits)
            assert (fast and fast.span()) == (plain and plain.span()), (q, text_[:80])
            hits += plain is not None and not text_[plain.start():plain.end()].isascii()
    assert hits > 0  # some hits were on the odd letters themselves (Kelvin sign, dotless i, long s)


def test_only_one_character_has_a_longer_lower_case() -> None:
    """first_hit lines up positions in a text and its lower case unless the text holds
    snippets._LONGER_LOWER, which must then be the only such character in Unicode."""
    import sys

    from statecare.db.search import snippets

    assert [chr(i) for i in range(sys.maxunicode + 1) if len(chr(i).lower()) != 1] == [snippets._LONGER_LOWER]


def test_per_term_marker_gives_what_one_alternation_gives() -> None:
    """marker_regex compiles each term once (snippets.AnyTerm) instead of one pattern per
    combination of terms: search, match, marking and snippets must be exactly what the single
    alternation `(?:A)|(?:B)|...` gives -- leftmost match, the first term's at a tie."""
    import random
    import re

    from statecare.db.search.snippets import (
        AnyTerm,
        _term_pattern,
        first_literals,
        make_snippet,
        mark_all,
        marker_regex,
    )

    rng = random.Random(5)
    words = ["health", "healthy", "care", "carey", "insurance", "insur", "tax", "taxes", "a", "ab", "ba", "ß",
             "İstanbul", '"health care"', "OR", "care*", "-tax", '"a b"']
    seen_multi = 0
    for _ in range(3000):
        pq = parse_query(" ".join(rng.choice(words) for _ in range(rng.randint(1, 4))))
        pats = [_term_pattern(t) for g in pq.groups for t in g]
        new = marker_regex(pq)
        if not pats:
            assert new is None
            continue
        old = re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)
        assert new is not None
        seen_multi += isinstance(new, AnyTerm)
        for _ in range(3):
            t = " ".join(rng.choice([*words, ",", "-", "x", "HEALTH", "Care", "\n"]) for _ in range(rng.randint(0, 30)))
            assert mark_all(t, new) == mark_all(t, old)
            assert make_snippet(t, new, words=8) == make_snippet(t, old, words=8)
            # short texts, ASCII or not, with the literal scan first_hit uses on ASCII ones
            assert make_snippet(t, new, words=8, lits=first_literals(pq)) == make_snippet(t, old, words=8)
            big = t * 80  # long enough for first_hit's literal scan
            assert make_snippet(big, new, lits=first_literals(pq)) == make_snippet(big, old, lits=first_literals(pq))
            for pos in range(0, len(t), 5):
                for a, b in ((new.search(t, pos), old.search(t, pos)), (new.match(t, pos), old.match(t, pos))):
                    assert (a and a.span()) == (b and b.span())
    assert seen_multi > 500  # the combined case was exercised, not only single terms
