"""Text of a bill published as XML (Utah's legislative XML, and any schema built the same way).

Why: some legislatures publish the bill itself as XML, not HTML or PDF. Read as plain text, its
markup ends up inside every sentence and quote (issue 13: Utah SB 300 scored key F1 0.63 with
tags in the evidence). Here the markup becomes layout, and every word of the bill as amended stays:
the text and the tail of every element are kept, in document order, unless the element is struck.

Layout:

* a block starts on a new line, so its enumerator opens the line as in a printed bill. A block is
  a container (child elements and no text of its own) that groups two or more parts holding text
  (a subsection's number and its words, a list of items), or that holds one such part where no
  words of its parent come before it (a section's heading line, an enumerator opening its
  subsection). A container with one part inside a sentence (a change mark around a citation:
  `defined in Section <amend><xref>26C-2-106</xref></amend>.`) is inline unless that part is
  itself a block: the citation stays in its sentence;
* any other tag boundary, an element without text among them (a line-break marker such as
  `<ln lineno="12"/>`: line numbers live in attributes and never reach the text), is a space (two
  sibling elements' texts never run together), except before closing punctuation and after an
  opening bracket, so "<display>(1)</display>There is" reads "(1) There is",
  "<xref>53-2d-703</xref>." keeps its full stop, and "plans<amend ea="erase">; and</amend>
  <amendoutend/>." reads "plans.";
* comments, processing instructions and script/style elements are not text (their tails are);
  attributes never are.

Struck and inserted text (how the format marks amendments): inserted words are `<amend ea="amend"
amendtag=...>` or `<amend ea="insert">` and are kept like any text. Struck words are an element
named del/strike/delete/deleted/s, an element with a `deltag` attribute, or an element marked
`ea="erase"` that carries no change marks inside it (`<amend ea="erase">26B-1-425</amend>`, the old
number of a renumbered section). These are left out of the text and returned as struck text, as the
HTML and PDF extractors do with strike-through: the text is the law as amended. An `ea="erase"`
element that has change marks inside (a subsection whose number is struck and whose words go on as
part of the sentence above it: `"Qualified individual" means an individual<subsection ea="erase">
<display><amend ea="erase" deltag="both">(ii)</amend></display><amend ea="amend"> </amend>eligible
for maternity benefits under the program.</subsection>`) is a subdivision taken away, not words:
its marked parts decide what is struck, its unmarked words stay, and it no longer starts a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

_DELETED_TAGS = {"del", "strike", "delete", "deleted", "s"}
_NOT_TEXT = {"script", "style"}  # never bill text: dropped whole, not struck
_CHANGE_MARKS = ("ea", "deltag", "amendtag")
_NO_SPACE_BEFORE = set(".,;:)]")
_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)


@dataclass
class XmlText:
    text: str
    struck: list[str] = field(default_factory=list)


def looks_like_xml(text: str) -> bool:
    """An XML document that is not (X)HTML: an XML declaration, and no <html> root."""
    head = text.lstrip("\ufeff \t\r\n")[:2000].lower()
    return head.startswith("<?xml") and "<html" not in head


def _local(el: etree._Element) -> str:
    return el.tag.rsplit("}", 1)[-1].lower() if isinstance(el.tag, str) else ""


def _erased(el: etree._Element) -> bool:
    """Marked as an erase the way amendment markup does (`ea="erase"`)."""
    return el.get("ea") == "erase"


def _marked_inside(el: etree._Element) -> bool:
    return any(
        isinstance(d.tag, str) and any(m in d.attrib for m in _CHANGE_MARKS) for d in el.iterdescendants()
    )


def _deleted(el: etree._Element) -> bool:
    """Struck words (see the module docstring): left out of the text, returned as struck."""
    if _local(el) in _DELETED_TAGS or "deltag" in el.attrib:
        return True
    return _erased(el) and not _marked_inside(el)


def _join(parts: list[str], piece: str) -> None:
    """Append `piece` after a tag boundary: a space between two non-blank sides, except before
    closing punctuation and after an opening bracket ("Section <xref>53-2d-703</xref>." stays one
    word and its full stop; "plans<amend ea="erase">; and</amend><amendoutend/>." reads "plans.")."""
    if not piece:
        return
    if parts:
        prev = parts[-1]
        if prev and not prev[-1].isspace() and not piece[0].isspace():
            if piece[0] not in _NO_SPACE_BEFORE and prev[-1] not in "([":
                parts.append(" ")
    parts.append(piece)


class _Layout:
    """Which elements hold text that stays (not struck), and which are blocks; each worked out once."""

    def __init__(self) -> None:
        self._visible: dict[etree._Element, bool] = {}
        self._block: dict[etree._Element, bool] = {}

    def visible(self, el: etree._Element) -> bool:
        """Holds text that reaches the output: its own, a tail of a child, or a kept child's."""
        if not isinstance(el.tag, str) or _local(el) in _NOT_TEXT or _deleted(el):
            return False
        got = self._visible.get(el)
        if got is None:
            got = _own_text(el) or any(self.visible(c) for c in el)
            self._visible[el] = got
        return got

    def block(self, el: etree._Element) -> bool:
        got = self._block.get(el)
        if got is None:
            got = self._is_block(el)
            self._block[el] = got
        return got

    def _is_block(self, el: etree._Element) -> bool:
        children = [c for c in el if isinstance(c.tag, str)]
        if not children or _erased(el):  # a subdivision taken away no longer starts a line
            return False
        if _own_text(el):
            return False  # a run of text, not a container
        parts = [c for c in children if self.visible(c)]
        if len(parts) >= 2:  # a number and its words, a list of items
            return True
        if not parts:
            return False
        return not _after_text(el) or self.block(parts[0])  # a wrapper inside a sentence is inline


def _after_text(el: etree._Element) -> bool:
    """Words of its parent come before it: it stands inside a sentence, not at a line's start."""
    parent = el.getparent()
    if parent is None:
        return False
    return bool((parent.text or "").strip()) or any((s.tail or "").strip() for s in el.itersiblings(preceding=True))


def _own_text(el: etree._Element) -> bool:
    """Text of its own: the element's text or a child's tail (where its sentence runs)."""
    return bool((el.text or "").strip()) or any((c.tail or "").strip() for c in el)


def xml_to_text(text: str) -> XmlText:
    """Plain text of an XML bill (see the module docstring); struck text kept apart."""
    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(_DECL.sub("", text, count=1).encode("utf-8"), parser=parser)
    parts: list[str] = []
    struck: list[str] = []
    if root is None:
        return XmlText("")
    layout = _Layout()

    def walk(el: etree._Element) -> None:
        if not isinstance(el.tag, str) or _local(el) in _NOT_TEXT:  # comments, PIs: the caller adds the tail
            return
        if _deleted(el):
            gone = "".join(el.itertext()).strip()
            if gone:
                struck.append(gone)
            return
        if layout.block(el):  # a subsection, an item of a list: starts a line
            parts.append("\n")
        _join(parts, el.text or "")
        for child in el:
            walk(child)
            _join(parts, child.tail or "")

    walk(root)
    text = "".join(parts)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" *\n[ \n]*", "\n", text)
    return XmlText(text.strip() + "\n", struck)
