"""Bills published as XML (Utah SB 300, 2026): markup is layout, never text (issue 13, third held-aside group).

Read as plain text, Utah's XML put tags inside every quote ('<ln numlevel="1" lineno="12"/>') and its
erased words beside the new ones. These tests read the real document from the shared recording.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from statecare.documents import extract_file
from statecare.documents.xml_text import looks_like_xml, xml_to_text

UT_SB300 = "national/ut/2026/documents/SB_300/SB0300_Introduced.xml"


def test_utah_xml_has_no_markup_and_keeps_sentences_whole(shared: Path) -> None:
    r = extract_file(shared / UT_SB300)
    assert r.status == "ok"
    assert not re.search(r"</?[a-zA-Z][^>]*>", r.text), "a tag reached the text"
    assert "lineno=" not in r.text
    # a sentence the XML breaks with a line marker (<ln .../>) reads as one line, its enumerator first
    assert ("(b) lives in Utah as evidenced by an intent to continue to live in Utah and to return to Utah "
            "if temporarily absent") in r.text
    assert "(1) There is created the Utah Health Services Commission." in r.text


def test_utah_erased_words_are_struck_not_text(shared: Path) -> None:
    r = extract_file(shared / UT_SB300)
    # 17-63-706 (2)(e)(ii)(A): the Public Employees' program is erased, the Utah Cares program inserted
    assert "Public Employees' Benefit and Insurance Program" in r.struck_text
    assert "under the Utah Cares Health Financing Program, created in Title 26C, Utah Cares Act" in r.text
    assert "Benefit and Insurance ProgramUtah Cares" not in r.text


def test_xml_reader_on_markup_kinds() -> None:
    # containers (a subsection: its number and its words, no text of its own) start lines
    xml = ('<?xml version="1.0" encoding="UTF-16"?><leg><sec><p><n>(1)</n><t>The plan <ln no="2"/>shall pay'
           ' under Section <xref>26C-1-103</xref>.</t></p><p><n>(2)</n><t><del>old words</del>new words;</t></p>'
           '</sec></leg>')
    assert looks_like_xml(xml)
    assert not looks_like_xml('<?xml version="1.0"?><html><body>x</body></html>')
    out = xml_to_text(xml)
    assert out.text.splitlines() == ["(1) The plan shall pay under Section 26C-1-103.", "(2) new words;"]
    assert out.struck == ["old words"]


# --- every word of the bill as amended (issue 13: citations and erased subdivisions lost or cut off) ---

_MARKS = ("ea", "deltag", "amendtag")


def _recorded_xml_bills(shared: Path) -> list[Path]:
    found = sorted(p for p in (shared / "national").rglob("*.xml") if looks_like_xml(p.read_text("utf-8")))
    assert found, "no XML bill in the recording"
    return found


def _tree(path: Path) -> etree._Element:
    raw = re.sub(r"^\s*<\?xml[^>]*\?>", "", path.read_text("utf-8"), count=1)
    return etree.fromstring(raw.encode("utf-8"), etree.XMLParser(recover=True, huge_tree=True))


def _struck(el: etree._Element) -> bool:
    """The markup's own marks of struck words, written out from the format (not from xml_text):
    a deltag, or an erase mark with no change marks inside it."""
    if "deltag" in el.attrib:
        return True
    return el.get("ea") == "erase" and not any(
        isinstance(d.tag, str) and any(m in d.attrib for m in _MARKS) for d in el.iterdescendants())


def _kept_and_struck(root: etree._Element) -> tuple[list[str], list[str]]:
    """Text nodes in document order: kept (the law as amended) and struck (outermost struck elements)."""
    kept: list[str] = []
    struck: list[str] = []

    def walk(el: etree._Element) -> None:
        if _struck(el):
            struck.append("".join(el.itertext()))
            return
        kept.append(el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            kept.append(child.tail or "")  # the words after a struck element stay

    walk(root)
    return kept, struck


def test_no_word_of_an_xml_bill_is_lost_or_invented(shared: Path) -> None:
    # the text holds every non-blank character of every kept text node, in document order, and nothing
    # else but whitespace; struck elements go to struck text, whole
    for path in _recorded_xml_bills(shared):
        r = xml_to_text(path.read_text("utf-8"))
        kept, struck = _kept_and_struck(_tree(path))
        assert re.sub(r"\s+", "", r.text) == re.sub(r"\s+", "", "".join(kept)), path.name
        assert [re.sub(r"\s+", "", s) for s in r.struck] == [re.sub(r"\s+", "", s) for s in struck if s.strip()]
        assert len(r.struck) > 100, path.name  # both Utah documents amend existing law throughout


def test_a_citation_in_a_change_mark_stays_in_its_sentence(shared: Path) -> None:
    # an inserted citation (<amend ea="amend"><xref>26C-2-106</xref></amend>) in the middle of a sentence:
    # it is read on the same line as the words before it, one space apart, as a reader sees the bill
    for path in _recorded_xml_bills(shared):
        root = _tree(path)
        text = xml_to_text(path.read_text("utf-8")).text
        checked = 0
        for xref in root.iter("xref"):
            mark = xref.getparent()
            if mark is None or mark.get("ea") != "amend" or len(mark) != 1 or (mark.text or "").strip():
                continue
            before = (mark.getprevious().tail if mark.getprevious() is not None else mark.getparent().text) or ""
            if not before.strip():  # preceded by markers only: the words before are further back
                prev = [s.tail for s in mark.itersiblings(preceding=True) if (s.tail or "").strip()]
                before = prev[0] if prev else (mark.getparent().text or "")
            words = before.split()[-3:]
            if not words:
                continue
            pattern = r"\s".join(map(re.escape, words)) + " " + re.escape("".join(xref.itertext()).strip())
            assert re.search(pattern, text), (path.name, pattern)
            checked += 1
        assert checked >= 15, (path.name, checked)
    r = extract_file(shared / UT_SB300)
    assert "regarding Utah's health workforce as defined in Section 26C-2-106.\n" in r.text
    assert "in accordance with Sections 26B-3-131 and 26C-5-102. (3) A controlled substance prescriber" in r.text


def test_struck_citations_and_erased_subdivisions_read_as_the_law_as_amended(shared: Path) -> None:
    r = extract_file(shared / UT_SB300)
    # near miss: the citation replaced beside it is struck, so the sentence cites only the new section
    assert "26B-4-705" in r.struck_text
    assert "defined in Section 26B-4-705" not in r.text
    assert "26B-4-70526C-2-106" not in r.text
    # a subsection whose number is struck but whose words go on (<subsection ea="erase"> with change marks
    # inside): its words join the sentence above, its struck enumerator and struck item stay out
    assert '(d) "Qualified individual" means an individual eligible for maternity benefits under the program.\n' \
        in r.text
    assert "covered within the state risk pool; and" in r.struck_text
    assert "covered within the state risk pool" not in r.text
    assert ("shall receive the proceeds of a $50,000 group term life insurance policy paid for by the state and "
            "administered and provided as part of the group life insurance program under this chapter. (3)") in r.text
    # erased punctuation before an inserted full stop: no stray space ("plans ." / "who :")
    assert "(b) Subsection (2) applies to all health benefit plans. (2)" in r.text
    assert '"Qualified individual" means an enrollee who:\n(i) is pregnant; or\n(ii) was pregnant' in r.text
    # a renumbered section's old number (<amend ea="erase">26B-1-425</amend>) is struck, the new one heads it
    assert "Section 26C-2-105, which is renumbered from Section 26B-1-425" in r.text
    assert "26B-1-425 26C-2-105" not in r.text and "26B-1-42526C-2-105" not in r.text


def test_provision_offsets_point_into_the_xml_text(shared: Path) -> None:
    from statecare.nlp.provisions.extract import extract_provisions

    text = extract_file(shared / UT_SB300).text
    provs = extract_provisions(text)
    assert len(provs) >= 20
    assert all(text[p.start:p.end] == p.evidence for p in provs)


def test_markup_that_is_not_text_never_reaches_it() -> None:
    # bill text is untrusted: comments, processing instructions, scripts and attributes are not text;
    # their tails are
    xml = ('<?xml version="1.0"?><leg><p><n>(1)</n>Words<!-- hidden note --> stay<?pi hidden?> here'
           '<script>alert(1)</script> and<style>p{}</style> on.<x a="hidden attribute"/></p></leg>')
    out = xml_to_text(xml)
    assert out.text == "(1) Words stay here and on.\n"
    assert out.struck == []
