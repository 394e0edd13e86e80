"""Pure functions behind the pages: highlighting segments, diffs, provision changes, safe output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from statecare.db.search import MARK_END, MARK_START
from statecare.web import vocab
from statecare.web.billtext import diff_texts, provision_changes, quote, segments, tidy_span
from statecare.web.filters import ident_slug, marks, safe_url, split_quote


@dataclass
class Sp:
    id: int
    start: int
    end: int
    key: str = "k.v"
    evidence: str = ""


def test_segments_cut_at_every_boundary_and_keep_text_whole(fixtures: Path) -> None:
    text = (fixtures / "bill_texts/wa/WA_2025-2026_SJM8004_universal_health_care_memorial_extracted.txt").read_text()
    i = text.index("universal")
    spans = [Sp(1, i, i + 40), Sp(2, i + 20, i + 80), Sp(3, len(text) - 5, len(text) + 10)]
    segs, bad = segments(text, spans)
    assert bad == [3]
    assert "".join(s.text for s in segs) == text
    covered = {s.start: s.covered_by for s in segs}
    assert covered[i] == (1,) and covered[i + 20] == (1, 2) and covered[i + 40] == (2,)
    assert [s.starts_here for s in segs if s.starts_here] == [(1,), (2,)]


def test_marks_escape_everything_but_the_markers() -> None:
    out = marks(f"<script>x</script> {MARK_START}global{MARK_END} budget {MARK_START}open")
    assert isinstance(out, Markup)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert out.count("<mark>") == 2 and out.count("</mark>") == 2


def test_safe_url_only_allows_http() -> None:
    assert safe_url("https://lawfilesext.leg.wa.gov/x.htm") == "https://lawfilesext.leg.wa.gov/x.htm"
    for bad in ("javascript:alert(1)", "data:text/html,x", " JAVASCRIPT:x", "//evil", None, 3, 'http://a"b'):
        assert safe_url(bad) is None


def test_ident_slug_round_trips() -> None:
    assert ident_slug("SJM 8004") == "SJM8004"
    assert ident_slug("HR 12") == "HR12"


def test_diff_of_the_ny_health_act_senate_and_assembly_texts(fixtures: Path) -> None:
    s = (fixtures / "bill_texts/ny/NY_2023_S7590.md.txt").read_text()
    a = (fixtures / "bill_texts/ny/NY_2023_A7897.md.txt").read_text()
    d = diff_texts(s, a)
    assert not d.identical and d.lines_added and d.lines_removed
    kinds = {b.kind for b in d.blocks}
    assert "skip" in kinds  # long unchanged stretches are folded
    inserted = " ".join(t for b in d.blocks for op, t in b.pieces if op == "insert")
    inserted += " ".join(ln for b in d.blocks if b.kind == "insert" for ln in b.new)
    assert "Paulin" in inserted
    assert diff_texts(s, s).identical


def test_provision_changes_by_key_and_by_evidence(fixtures: Path) -> None:
    s = (fixtures / "bill_texts/ny/NY_2023_S7590.md.txt").read_text()
    a = (fixtures / "bill_texts/ny/NY_2023_A7897.md.txt").read_text()
    sentence = "New York Health Trust Fund"
    i = s.index(sentence)
    old = [Sp(1, i, i + len(sentence), "financing.trust_fund", s[i:i + len(sentence)])]
    only_one_side = provision_changes(old, s, [], a)
    assert [(c.key, c.status) for c in only_one_side] == [("financing.trust_fund", "evidence_kept")]
    gone = provision_changes([Sp(2, 0, 5, "x.y", "a sentence found in neither bill text at all")], s, [], a)
    assert gone[0].status == "evidence_gone"
    new = [Sp(3, 0, 5, "financing.trust_fund", s[i:i + len(sentence)]), Sp(4, 0, 5, "governance.board", "board")]
    both = {c.key: c.status for c in provision_changes(old, s, new, a)}
    assert both == {"financing.trust_fund": "unchanged", "governance.board": "added"}
    # a key found in several passages is one line: kept when any of its passages is still there
    several = old + [Sp(5, 0, 5, "financing.trust_fund", "a sentence found in neither bill text at all")]
    assert [(c.key, c.status) for c in provision_changes(several, s, [], a)] == [
        ("financing.trust_fund", "evidence_kept")]
    reworded = [Sp(6, 0, 5, "financing.trust_fund", "another wording of the trust fund clause")]
    assert [c.status for c in provision_changes(several, s, reworded, a)] == ["reworded"]


def test_stage_label_fits_the_measure() -> None:
    # NY "J" is a one-house Senate resolution; WA SJM a joint memorial; NE has one house
    assert vocab.bill_stage_label("passed_both", ["resolution"], "J 1075", "ny") == "Adopted"
    assert vocab.bill_stage_label("passed_both", [], "SR 12", "ca") == "Adopted"
    assert vocab.bill_stage_label("passed_both", ["joint memorial"], "SJM 8004", "wa") == "Passed both chambers"
    assert vocab.bill_stage_label("passed_both", ["bill"], "LB 1", "ne") == "Passed the legislature"
    assert vocab.bill_stage_label("in_committee", ["resolution"], "J 1075", "ny") == "In committee"
    assert vocab.needs_no_governor(["joint memorial"], "SJM 8004", "wa")
    assert not vocab.needs_no_governor(["bill"], "SB 5233", "wa")


def test_version_notes_and_sessions_read_cleanly() -> None:
    assert vocab.version_note("As IntroducedOpens in a new window") == "As Introduced"
    assert vocab.version_note("As Passed by Both House and Senate (opens in a new window)") == \
        "As Passed by Both House and Senate"
    assert vocab.version_note("Opens in a new window") == ""
    assert vocab.version_note("As Passed By the Senate (OfficialOpens in a new window)") == \
        "As Passed By the Senate (Official)"
    assert vocab.version_note("Engrossed Substitute") == "Engrossed Substitute"
    assert vocab.session_label("20252026") == "2025-2026"
    assert vocab.session_label("194th") == "194th Legislature" and vocab.session_label("2025S1") == \
        "2025 first special session"
    assert vocab.session_label("194th", "ma") == "194th Legislature, 2025-2026"


def test_tidy_span_restores_cut_list_markers(fixtures: Path) -> None:
    text = (fixtures / "bill_texts/wa/WA_2025-2026_SB5233_Washington_health_trust_extracted.txt").read_text()
    i = text.index("(23) \"Resident\" means")
    end = text.index("(", i + 5) + 1  # a span cut as the provision finder cuts it: "23) ... .("
    a, b = tidy_span(text, i + 1, end)
    assert (a, text[a:b].endswith("(")) == (i, False) and text[a:b].startswith("(23) ")
    # a span that already starts cleanly is left alone; offsets outside the text are returned as given
    assert tidy_span(text, i, i + 10) == (i, i + 10)
    assert tidy_span(text, len(text) - 2, len(text) + 5) == (len(text) - 2, len(text) + 5)


def test_quote_drops_printed_line_numbers_only_when_they_run_in_sequence(fixtures: Path) -> None:
    text = (fixtures / "bill_texts/ma/MA_194th_S860_medicare_for_all_extracted.txt").read_text()
    i = text.index("It is hereby declared that the Trust shall guarantee")
    start = text.rindex("\n", 0, i) + 1  # the line as printed, with its number ("42 It is ...")
    passage = text[start:text.index("location.", i) + len("location.")]
    assert passage.count("\n") >= 3 and passage[:3].strip().isdigit()
    q = quote(passage)
    assert q.startswith("It is hereby declared") and q.endswith("or geographic location.")
    assert not any(w.isdigit() for w in q.split())
    assert quote("(1) tax increases;\n2026 budget\n15 things") == "(1) tax increases; 2026 budget 15 things"


def test_a_cleaned_quote_is_found_at_its_span() -> None:
    """A quote without the margin numbers and page header the stored PDF text carries (IL HB 3287's
    shape) is still the passage at its offsets; a different sentence is not."""
    from statecare.web.billtext import span_holds

    text = "Sec. 5. The Program shall pay for\n 26 all medically necessary\nHB3287 - 5 - LRB104 care."
    start = text.index("The")
    quote = "The Program shall pay for all medically necessary care."
    assert span_holds(text[start:], quote)
    assert not span_holds(text[start:], "The Program shall study care.")
    assert not span_holds(text, quote)  # a span wider than the quote is not its span


def test_split_quote_keeps_every_word_of_a_long_passage() -> None:
    """A long passage is split, never shortened: the words that decide a provision often end it."""
    q = ("(3) a provision that, for the purposes of this chapter, the terms domicile and dwelling place "
         "are not limited to any particular structure ") * 6 + "and undocumented individuals."
    head, rest = split_quote(q, 400)
    assert head + rest == q and len(head) <= 400 and rest.startswith(" ")
    assert rest.endswith("undocumented individuals.")
    assert split_quote("(15) prescription drugs;", 400) == ("(15) prescription drugs;", "")
    assert "".join(split_quote("x" * 900, 300)) == "x" * 900  # no space: cut at the limit
