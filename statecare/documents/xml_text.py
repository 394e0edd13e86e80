"""Text of a bill published as XML (Utah's legislative XML, and any schema built the same way).

Why: some legislatures publish the bill itself as XML, not HTML or PDF. Read as plain text, its
markup ends up inside every sentence and quote (issue 13: Utah SB 300 scored key F1 0.63 with
tags in the evidence). Here the markup becomes layout:

* a container element (child elements and no text of its own: a subsection, an item of a list)
  starts on a new line, so its enumerator opens the line as in a printed bill;
* an empty element (a line-break marker such as `<ln lineno="12"/>`) is a space: line numbers live
  in attributes and never reach the text;
* any other tag boundary is a space (two sibling elements' texts never run together), except before
  closing punctuation, so "<display>(1)</display>There is" reads "(1) There is" and
  "<xref>53-2d-703</xref>." keeps its full stop;
* deleted text (an element named del/strike/delete, or marked as an erase the way amendment markup
  does: `deltag=...` or `ea="erase"`) is left out of the text and returned as struck text, as the
  HTML and PDF extractors do with strike-through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

_DELETED_TAGS = {"del", "strike", "delete", "deleted", "s"}
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


def _deleted(el: etree._Element) -> bool:
    tag = el.tag.rsplit("}", 1)[-1].lower() if isinstance(el.tag, str) else ""
    return tag in _DELETED_TAGS or "deltag" in el.attrib or el.get("ea") == "erase"


def _join(parts: list[str], piece: str) -> None:
    """Append `piece` after a tag boundary: a space between two non-blank sides, except before
    closing punctuation and after an opening bracket ("Section <xref>53-2d-703</xref>." stays one
    word and its full stop)."""
    if not piece:
        return
    if parts:
        prev = parts[-1]
        if prev and not prev[-1].isspace() and not piece[0].isspace():
            if piece[0] not in _NO_SPACE_BEFORE and prev[-1] not in "([":
                parts.append(" ")
    parts.append(piece)


def xml_to_text(text: str) -> XmlText:
    """Plain text of an XML bill (see the module docstring); struck text kept apart."""
    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(_DECL.sub("", text, count=1).encode("utf-8"), parser=parser)
    parts: list[str] = []
    struck: list[str] = []
    if root is None:
        return XmlText("")

    def walk(el: etree._Element) -> None:
        if not isinstance(el.tag, str):  # comments, processing instructions: the caller adds the tail
            return
        if _deleted(el):
            gone = "".join(el.itertext()).strip()
            if gone:
                struck.append(gone)
            return
        children = list(el)
        own_text = (el.text or "").strip() or any((c.tail or "").strip() for c in children)
        if children and not own_text:  # a container (subsection, list item): starts a line
            parts.append("\n")
        elif not children and not (el.text or "").strip():
            parts.append(" ")
        _join(parts, el.text or "")
        for child in children:
            walk(child)
            _join(parts, child.tail or "")

    walk(root)
    out = "".join(parts)
    out = re.sub(r"[ \t\u00a0]+", " ", out)
    out = re.sub(r" *\n[ \n]*", "\n", out)
    return XmlText(out.strip() + "\n", struck)
