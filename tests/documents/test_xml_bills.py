"""Bills published as XML (Utah SB 300, 2026): markup is layout, never text (issue 13, third held-aside group).

Read as plain text, Utah's XML put tags inside every quote ('<ln numlevel="1" lineno="12"/>') and its
erased words beside the new ones. These tests read the real document from the shared recording.
"""

from __future__ import annotations

import re
from pathlib import Path

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
