"""HTML bill pages -> text as amended, struck passages and inserted passages.

BeautifulSoup with the lxml parser does the parsing (it recovers from truncated and malformed
markup instead of failing). The walk over the tree is ours, because what matters for bills is
not generic "get_text": each legislature marks amendments its own way, and deleted words must be
kept out of the bill's text. What the fixture pages show (see ../shared/fixtures/PROVENANCE*.md):

- Minnesota revisor: the bill is `#document`; deleted language is
  `<span style="text-decoration: line-through" class="del">`, new language `<ins>`, each wrapped
  in screen-reader-only "deleted text begin/end" labels; line numbers are `<var class="ln">` in
  `#line_numbers` and `<br class="d-none d-md-inline-block">` ends each printed line.
- New Mexico (WordPerfect HTML): `[<span style="text-decoration: line-through">..</span>]` with
  the brackets outside the struck span, underline spans for new text, "- 7 -" page numbers.
- Washington: `((<span style="text-decoration:line-through;">..</span>))`, underline spans.
- Colorado: `<del>`/`<ins>`/`<u>`, one `<li><p>` per printed line with a hidden
  "Page 2, Line 1" label; the lines are re-joined into paragraphs here.
- New Jersey: Word "filtered" HTML, windows-1252, `&nbsp;` everywhere, `<u>` for new matter.

The result keeps structure as paragraphs separated by blank lines: every block element (p, div,
li, h1-h6, tr, ...) starts a paragraph, so headings like "NEW SECTION. Sec. 1." or "Sec. 2."
start their own line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

NORMAL, STRUCK, INSERTED = "normal", "struck", "inserted"
_BREAK_LINE = "\n"  # <br>: a line break inside a paragraph
_BREAK_PRINTED = "\x1e"  # a printed line of a line-per-element page (Colorado)
_PARA = object()  # paragraph boundary
_LINE_MARKER_TAG = "statecare-printed-line"  # inserted before each Colorado printed line

# The element holding the bill itself on each legislature's page, tried in order.
ROOT_SELECTORS = (
    "#xtend #document",  # MN revisor bill text (not the site chrome around it)
    "#document",
    "main#bill-main-content",  # leg.colorado.gov accessible HTML
    "#WPMainDoc",  # WordPerfect HTML (nmlegis.gov)
    "main",
    "body",
)
_DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "button", "input", "select", "textarea",
    "nav", "iframe", "object", "head", "title", "meta", "link", "map", "canvas",
}
_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
    "table", "thead", "tbody", "tfoot", "section", "article", "aside", "blockquote", "pre",
    "main", "header", "footer", "hr", "center", "address", "caption", "figure", "figcaption",
    "fieldset", "form", "body", "html",
}
_HIDDEN_CLASSES = {"sr-only", "visually-hidden", "hide", "hidden", "screen-reader-text", "invisible"}
_SIMPLE_SELECTOR = re.compile(r"([a-z][a-z0-9]*)?(?:#([\w-]+))?(?:\.([\w-]+))?")
_LINE_NUMBER_SELECTORS = ("#line_numbers", "var.ln", ".page-line-label-style", ".linenumber")
_STRUCK_TAGS = {"del", "s", "strike"}
_STRUCK_CLASSES = {"del", "deleted", "delete", "remove", "removed", "strike", "stricken", "strikethrough"}
_INSERTED_TAGS = {"ins", "u"}
_INSERTED_CLASSES = {"ins", "insert", "inserted", "added", "underline", "underscored"}
# Colorado printed lines: a new paragraph starts at a section, a statute heading or a subdivision
# label followed by two spaces, e.g. "SECTION 2.", "10-16-1205.  Health ...", "(e) (I)  On or".
_PRINTED_PARA_START = re.compile(
    r"^\s*(?:SECTION\s+\d+\.|Section\s+\d+\.|Be it enacted|BE IT ENACTED|"
    r"\d+(?:\.\d+)?-\d+(?:\.\d+)?-\d+(?:\.\d+)*\.\s|(?:\([0-9A-Za-z.]{1,7}\)\s?)+\s{2,}|\*\s\*\s\*)"
)
_SPACED_STYLE = re.compile(r"(?:margin|padding)(?:-left|-right)?:(?!0(?:[a-z%]*)?(?:;|$))|text-indent:")
# Washington underlines the "NEW SECTION." caption by drafting convention: not new language
_CAPTION_ONLY = re.compile(r"^NEW SECTION\.?$")
_SOURCE_BREAKS = re.compile("[\r\n\x1e\u2028\u2029\u0085]+")
_PRE_TAGS = {"pre", "xmp", "listing", "plaintext"}
_BLANK_LINES = re.compile(r"\n[ \t\f\v]*\n\s*")
_PAGE_NUMBER = re.compile(r"^[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]$")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_OPEN_MARK = re.compile(r"(\(\(|\[)\s*$")
_CLOSE_FOR = {"((": re.compile(r"^\s*\)\)"), "[": re.compile(r"^\s*\]")}


@dataclass
class HtmlText:
    text: str
    struck: list[str]
    inserted: list[str]
    warnings: list[str]


def _classes(tag: Tag) -> set[str]:
    cls: Any = tag.get("class") or []
    if isinstance(cls, str):
        cls = cls.split()
    return {c.lower() for c in cls}


def _style(tag: Tag) -> str:
    style = tag.get("style") or ""
    return style.lower().replace(" ", "") if isinstance(style, str) else ""


def _is_hidden(tag: Tag) -> bool:
    classes = _classes(tag)
    if classes & _HIDDEN_CLASSES:
        return True
    # bootstrap "d-none" hides only if no responsive "d-md-block" etc. shows it again
    if "d-none" in classes and not any(re.fullmatch(r"d-(sm|md|lg|xl|xxl)-\w+", c) for c in classes):
        return True
    style = _style(tag)
    if "display:none" in style or "visibility:hidden" in style:
        return True
    return tag.has_attr("hidden")


def _is_struck(tag: Tag) -> bool:
    return (
        tag.name in _STRUCK_TAGS
        or bool(_classes(tag) & _STRUCK_CLASSES)
        or "line-through" in _style(tag)
    )


def _is_inserted(tag: Tag) -> bool:
    if tag.name in _INSERTED_TAGS or bool(_classes(tag) & _INSERTED_CLASSES):
        # an underlined link is a link, not new statutory language
        return not (tag.name == "u" and tag.find_parent("a") is not None)
    return "text-decoration:underline" in _style(tag) and tag.find_parent("a") is None


def _matches(tag: Tag, selector: str) -> bool:
    """Does `tag` match one simple selector of the kinds used here ("tag", "#id", ".class",
    "tag#id", "tag.class")? A hand-written match, because soupsieve's general engine was most of the
    time of extracting a large page (0.5 s for one Illinois bill)."""
    m = _SIMPLE_SELECTOR.fullmatch(selector)
    if m is None:
        raise ValueError(f"not a simple selector: {selector!r}")
    name, ident, cls = m.group(1), m.group(2), m.group(3)
    if name and tag.name != name:
        return False
    if ident and tag.get("id") != ident:
        return False
    if not cls:
        return True
    raw: Any = tag.get("class") or []
    return cls in (raw.split() if isinstance(raw, str) else raw)


def _select(root: Tag | BeautifulSoup, selector: str) -> list[Tag]:
    """`root.select(selector)` for a descendant chain of simple selectors ("#xtend #document")."""
    *outer, last = selector.split()
    found = [t for t in root.find_all(True) if _matches(t, last)]
    for anc_sel in outer:
        found = [t for t in found if any(_matches(p, anc_sel) for p in t.parents if isinstance(p, Tag))]
    return found


def _choose_root(soup: BeautifulSoup) -> Tag | BeautifulSoup:
    for selector in ROOT_SELECTORS:
        hits = _select(soup, selector)
        found = hits[0] if hits else None
        if found is not None and found.get_text(strip=True):
            return found
    return soup


def _prepare_printed_lines(root: Tag | BeautifulSoup, soup: BeautifulSoup) -> bool:
    """Colorado: replace each `<li><p>line</p></li>` by a printed-line marker + its content."""
    contents = _select(root, ".page-line-content-style")
    for span in contents:
        holder = span.find_parent("li") or span.find_parent("p")
        marker = soup.new_tag(_LINE_MARKER_TAG)
        span.insert_before(marker)
        if holder is not None:
            for outer in (span.find_parent("p"), holder):
                if outer is not None and outer.parent is not None:
                    outer.unwrap()
    return bool(contents)


def _preformatted(text: str, mode: str) -> Iterator[tuple[str, str] | object]:
    """Text inside <pre> (LegiScan's California documents): blank lines separate paragraphs,
    other newlines stay line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for i, chunk in enumerate(_BLANK_LINES.split(text)):
        if i:
            yield _PARA
        for j, line in enumerate(chunk.split("\n")):
            if j:
                yield (mode, _BREAK_LINE)
            line = _SOURCE_BREAKS.sub(" ", line)
            if line:
                yield (mode, line)


def _walk(root: Tag | BeautifulSoup, root_mode: str) -> Iterator[tuple[str, str] | object]:
    """Depth-first events over the tree, with an explicit stack so that pathologically deep
    (malformed or hostile) markup cannot exhaust Python's recursion limit."""
    stack: list[tuple[Iterator, str, bool, tuple]] = [(iter(root.children), root_mode, False, ())]
    while stack:
        children, mode, pre, closing = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            yield from closing
            continue
        if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            if pre:
                yield from _preformatted(str(child), mode)
                continue
            # source newlines are just whitespace; our own break markers must not come from text
            text = _SOURCE_BREAKS.sub(" ", str(child))
            if text:
                yield (mode, text)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in _DROP_TAGS or _is_hidden(child):
            continue
        if name == _LINE_MARKER_TAG:
            yield (mode, _BREAK_PRINTED)
            continue
        if name == "br":
            # MN ends each printed line with a desktop-only <br>: a soft wrap, not a line break
            yield (mode, " " if "d-none" in _classes(child) else _BREAK_LINE)
            continue
        child_mode = mode
        if mode != STRUCK and _is_struck(child):
            child_mode = STRUCK
        elif mode == NORMAL and _is_inserted(child):
            child_mode = INSERTED
        block = name in _BLOCK_TAGS
        # inline boxes spaced apart by CSS (WA: "By" + margin + sponsors) need a real space
        spaced = not block and _SPACED_STYLE.search(_style(child)) is not None
        if block:
            yield _PARA
            after: tuple = (_PARA,)
        else:
            if spaced:
                yield (mode, " ")
            after = ((mode, " "),) if spaced or name in ("td", "th") else ()
        stack.append((iter(child.children), child_mode, pre or name in _PRE_TAGS, after))


def _paragraphs(events: Iterator[tuple[str, str] | object]) -> list[list[list[str]]]:
    """Group the event stream into paragraphs of [mode, text] segments (adjacent modes merged)."""
    paras: list[list[list[str]]] = []
    current: list[list[str]] = []
    for ev in events:
        if ev is _PARA:
            if current:
                paras.append(current)
                current = []
            continue
        mode, text = ev  # type: ignore[misc]
        if current and current[-1][0] == mode:
            current[-1][1] += text
        else:
            current.append([mode, text])
    if current:
        paras.append(current)
    return paras


def _drop_amendment_brackets(para: list[list[str]]) -> None:
    """Remove the "[" "]" (NM) or "((" "))" (WA) that enclose a struck run in the plain text."""
    for i, (mode, _text) in enumerate(para):
        if mode != STRUCK or i == 0 or i + 1 >= len(para):
            continue
        before, after = para[i - 1], para[i + 1]
        if before[0] == STRUCK or after[0] == STRUCK:
            continue
        m = _OPEN_MARK.search(before[1])
        if not m:
            continue
        close = _CLOSE_FOR[m.group(1)].match(after[1])
        if close:
            before[1] = before[1][: m.start()]
            after[1] = after[1][close.end():]


def _amended(para: list[list[str]]) -> str:
    """The paragraph without its struck segments; no space is left before punctuation that
    followed a removed passage ("at large((. The public member)) ." -> "at large.")."""
    out = ""
    removed = False
    for mode, text in para:
        if mode == STRUCK:
            removed = True
            continue
        if not text:
            continue
        if removed and text.lstrip()[:1] in (".", ",", ";", ":", ")"):
            out = out.rstrip(" \u00a0")
            text = text.lstrip(" \u00a0")
        out += text
        removed = False
    return out


def _clean(text: str) -> str:
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _split_printed(text: str) -> list[str]:
    """Re-join Colorado's printed lines into paragraphs."""
    out: list[str] = []
    for line in text.split(_BREAK_PRINTED):
        line = line.replace("\u00a0", " ")
        if not line.strip():
            continue
        if not out or _PRINTED_PARA_START.match(line):
            out.append(line)
        else:
            out[-1] = out[-1].rstrip() + " " + line.lstrip()
    return out


def _runs(paras: list[list[list[str]]], wanted: str) -> list[str]:
    """Maximal runs of `wanted` segments; whitespace-only segments between them do not end a run."""
    runs: list[str] = []
    for para in paras:
        current: list[str] = []
        for mode, text in para:
            if mode == wanted:
                current.append(text)
            elif not text.strip() and current:
                current.append(" ")
            elif current:
                runs.append("".join(current))
                current = []
        if current:
            runs.append("".join(current))
    cleaned = (_SPACES.sub(" ", r.replace(_BREAK_PRINTED, " ").replace("\n", " ")).strip() for r in runs)
    return [r for r in cleaned if r]


def html_to_text(markup: str) -> HtmlText:
    """Extract the bill text from a decoded HTML page."""
    warnings: list[str] = []
    soup = BeautifulSoup(markup, "lxml")
    root = _choose_root(soup)
    doomed = [el for el in root.find_all(True) if any(_matches(el, sel) for sel in _LINE_NUMBER_SELECTORS)]
    for el in doomed:
        if not el.decomposed:  # not already gone with a decomposed ancestor
            el.decompose()
    printed = _prepare_printed_lines(root, soup)
    paras = _paragraphs(_walk(root, NORMAL))
    for para in paras:
        _drop_amendment_brackets(para)

    out: list[str] = []
    for para in paras:
        kept = _amended(para)
        pieces = _split_printed(kept) if printed else [kept]
        for piece in pieces:
            piece = _clean(piece.replace(_BREAK_PRINTED, " "))
            if piece and not _PAGE_NUMBER.match(piece):
                out.append(piece)
    if printed:
        warnings.append("printed lines re-joined into paragraphs (line-per-element page)")
    return HtmlText(
        text="\n\n".join(out),
        struck=_runs(paras, STRUCK),
        inserted=[r for r in _runs(paras, INSERTED) if not _CAPTION_ONLY.match(r)],
        warnings=warnings,
    )
