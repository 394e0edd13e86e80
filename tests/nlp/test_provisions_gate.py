"""The provisions pipeline's shortcuts give the answers of the slow paths they replace, on recorded bill texts.

* gate.Gated: a pattern is tried only when the searched text holds one of its gate words. Every match the bare
  pattern finds in the recorded texts must contain one (else the gate would hide it), and gated and bare
  searches must agree on windows the pipeline reads (sentences and passages).
* extract.doc_text: the kept string equals spaCy's rebuilt `Doc.text`.
* find_in_doc asks `Ranker.shows` before ranking: the answer must be the one given on the ranked list.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from statecare.nlp.provisions import extract, rank
from statecare.nlp.provisions.clean import CleanText
from statecare.nlp.provisions.gate import Gated

GATED = {f"{m.__name__}.{k}": v for m in (extract, rank) for k, v in vars(m).items() if isinstance(v, Gated)}


@pytest.fixture(scope="module")
def texts(shared: Path) -> list[str]:
    """Clean texts of the recorded bill texts, plus the first candidate-bill texts of two national sessions."""
    out = [CleanText(p.read_text(encoding="utf-8")).norm
           for p in sorted((shared / "fixtures" / "bill_texts").rglob("*.txt"))]
    for tf in sorted((shared / "national").glob("*/*/texts.jsonl.gz"))[:2]:
        with gzip.open(tf, "rt", encoding="utf-8") as fh:
            out += [CleanText(json.loads(line)["text"]).norm for _, line in zip(range(15), fh, strict=False)]
    assert len(out) >= 20
    return out


def test_the_gated_patterns_are_found() -> None:
    # the regexes this file guards; losing one from the scan would silently skip its check
    assert {"statecare.nlp.provisions.rank._STUDY", "statecare.nlp.provisions.extract._STUDY_GOVERNS",
            "statecare.nlp.provisions.extract._SUBSECTION_OPEN"} <= GATED.keys()


@pytest.mark.parametrize("name", sorted(GATED))
def test_every_recorded_match_holds_a_gate_word(name: str, texts: list[str]) -> None:
    g = GATED[name]
    n = 0
    for t in texts:
        for m in g.rx.finditer(t):
            s = m.group(0).lower() if g.fold else m.group(0)
            assert any(w in s for w in g.words), f"{name}: match {m.group(0)!r} holds no gate word {g.words}"
            n += 1
    if name.endswith(("_STATEMENT", "_CODIFIED", "_FEDERAL_PRAYER", "_ASIDE", "_PROPOSES_STUDY", "_KRS_HEAD")):
        return  # wordings of a few kinds of bill only (_PROPOSES_STUDY: tests/nlp/test_provisions_heldaside6.py;
        # _KRS_HEAD, Kentucky's section headers: tests/nlp/test_provisions_claims_audit.py)
    assert n > 0, f"{name}: no match in the recorded texts, so nothing was checked"


@pytest.mark.parametrize("name", sorted(GATED))
def test_gated_and_bare_search_agree_on_passages(name: str, texts: list[str]) -> None:
    g = GATED[name]
    for t in texts[:12]:
        # passages as the pipeline reads them: sentence-sized windows at every 150th character
        for a in range(0, len(t), 150):
            b = min(len(t), a + 400)
            want = g.rx.search(t, a, b)
            got = g.search(t, a, b)
            assert (got and got.span()) == (want and want.span()), (name, t[a:b])
        assert [m.span() for m in g.finditer(t)] == [m.span() for m in g.rx.finditer(t)]


def test_fold_odd_letters_still_reach_the_pattern() -> None:
    g = Gated(r"\bstudy\b", ("study",), re.I)
    # U+017F (long s) matches "s" under re.IGNORECASE, but "\u017ftudy".lower() holds no "study"
    assert g.search("the \u017ftudy of coverage") is not None
    assert g.search("the STUDY of coverage") is not None
    assert g.search("the sturdy board") is None and not g.may_match("the sturdy board")  # near miss


def test_gate_window_is_the_searched_part_only() -> None:
    g = Gated(r"\(a\)", ("(a)",))
    t = "(a) first. second (b)"
    assert g.search(t, 4) is None and not g.may_match(t, 4)
    assert g.search(t, 0, 3) is not None


def test_kept_doc_text_equals_spacy_doc_text(texts: list[str]) -> None:
    for t in texts[:5]:
        doc = extract._make_doc(t)
        assert extract.doc_text(doc) is t and t == doc.text
    bare = extract.pipeline().make_doc(texts[0])
    assert extract.doc_text(bare) == texts[0]  # no kept string: rebuilt by spaCy


def test_shows_before_ranking_gives_the_ranked_answer(texts: list[str]) -> None:
    nlp = extract.pipeline()
    comp = nlp.get_pipe(extract.COMPONENT)
    ranker = rank.load_ranker()
    keys = 0
    for t in texts[:12]:
        doc = nlp.get_pipe("sentencizer")(extract._make_doc(t))
        by_key: dict[str, list[rank.Candidate]] = {}
        for c in extract.candidates(doc, comp):  # type: ignore[arg-type]
            by_key.setdefault(c.key, []).append(c)
        for key, cands in by_key.items():
            assert ranker.shows(key, [(c, 0.0) for c in cands]) == ranker.shows(key, ranker.rank(cands))
            keys += 1
    assert keys > 50


# the section markers as first written (look-behind or "^" first); sections.py spells them literal first
_EARLIER_MARKERS = {
    "ny": re.compile(r"(?m)(?:^|(?<=[\s\"]))§{1,2}[ \t]*(\d+(?:-[a-z]+)?(?:\.\d+)?)\.(?=\s)"),
    "mn_subd": re.compile(r"(?m)(?:^|(?<=\s))(?:Subdivision|Subd\.)[ \t]+(\d+[a-z]?)\."),
    "sec": re.compile(r"(?m)(?:^|(?<=[.:\s]))(?:Section|Sec\.)[ \t]+(\d+[A-Za-z]?)\.(?=\s)"),
}


@pytest.mark.parametrize("style", sorted(_EARLIER_MARKERS))
def test_literal_first_markers_find_what_the_earlier_spelling_found(style: str, texts: list[str]) -> None:
    from statecare.nlp.provisions.sections import _MARKERS

    rx = dict(_MARKERS)[style]
    old = _EARLIER_MARKERS[style]
    n = 0
    for t in texts:
        want = [(m.start(), m.group(1), m.end()) for m in old.finditer(t)]
        assert [(m.start(), m.group(1), m.end()) for m in rx.finditer(t)] == want
        n += len(want)
    # the edges: text start, a line break, a quote, and a near miss glued to a word
    probe = 'Sec. 1. A\nSection 2. B "§ 3. C x§ 4. D xSec. 5. E\tSubd. 6. F xSubd. 7. G §§ 8. H'
    assert [m.span() for m in rx.finditer(probe)] == [m.span() for m in old.finditer(probe)]
    assert n > 0 or style == "mn_subd"
