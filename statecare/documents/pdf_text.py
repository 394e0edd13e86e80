"""PDF bill documents -> text as amended, struck passages and inserted passages.

Library choice: PyMuPDF (MuPDF). It is maintained by Artifex alongside MuPDF itself, is several
times faster than pdfminer-based pdfplumber, repairs damaged files the way viewers do, and gives
in one pass what amendment detection needs: every character with its box and baseline
(`rawdict`), the page's vector drawings (`get_drawings`), and the text render mode
(`get_texttrace`) that tells invisible OCR text from printed text.

Strike-through and underline are drawn, not font attributes: Vermont's Word-made PDFs paint a
thin filled rectangle through the middle of deleted words and another just under new words.
We classify each character by where such a horizontal rule crosses it, measured from the
character's baseline in units of its font size: about +0.25 em (through the x-height) is a
strike, about -0.12 em (below the baseline) an underline. MuPDF's own `TEXT_COLLECT_STYLES`
flags do the same per span, but on the fixture bills they mislabel characters at the ends of
rules (")(" between a struck "(A)" and an underlined "(1)") and took a box border in the Act
summary for an underline, so the test is done here per character, on its centre.

Page furniture is dropped where it can be told reliably: margin line numbers (digits standing
left of the body's left edge), and header/footer lines in the top and bottom bands that recur on
most pages once their digits are masked ("Page 4 of 24", "VT LEG #379265 v.1"). Lines are then
joined into paragraphs: a paragraph starts at an indented or centred line, after a larger
vertical gap, and at headings such as "Sec. 1." or "§ 1822.".
"""

from __future__ import annotations

import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field

# pymupdf >= 1.26 imports its optional `pymupdf.layout` (an ONNX layout model: ~120 MB resident and
# 1.5 s to load) whenever the package is installed, and pymupdf 2 installs it. pymupdf 2 also imports
# `pymupdf4llm` whenever it is installed (only for its to_markdown/to_text/to_json helpers), which
# loads numpy, onnxruntime and tabulate: ~34 MB more in every process that reads a PDF (measured:
# `import pymupdf` 80 MB with it, 46 MB without). statecare reads pages through get_text("rawdict")
# and its own line analysis, never the layout model nor those helpers, so both imports are declined
# (pymupdf catches the ImportError; with the layout model declined, pymupdf4llm would only have
# switched the layout off again, so what get_text returns is the same).
sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]
sys.modules.setdefault("pymupdf4llm", None)  # type: ignore[arg-type]
import pymupdf  # noqa: E402

from statecare.documents.model import (  # noqa: E402
    STATUS_EMPTY,
    STATUS_NO_TEXT_LAYER,
    STATUS_OK,
    DocumentError,
)

# rule position relative to a character's baseline, in ems (positive = above the baseline)
STRIKE_BAND = (0.10, 0.45)
UNDERLINE_BAND = (-0.22, 0.05)
MAX_RULE_THICKNESS = 2.5  # points; thicker shapes are boxes or shading, not text decoration
HEADER_BAND = 0.14  # top fraction of the page searched for running headers
FOOTER_BAND = 0.10
# a paragraph starts with these, whatever the indentation
_HEADING = re.compile(
    r"^(?:Sec\.\s*\d|Section\s+\d+[A-Za-z-]*\.\s|SECTION\s+\d|§+\s*\d+[\w-]*\.\s|\*\s\*\s\*|It is hereby enacted|"
    r"BE IT ENACTED|Be it enacted|NEW SECTION|PART\s+[IVXLC\d]|Part\s+[IVXLC\d]|"
    r"Introduced by|Referred to Committee|Date:|Subject:|Statement of purpose|An act relating)"
)
# a paragraph that is only a label ("(5)", "(b)(1)", "Sec. 3.") once struck text is gone
_ENUMERATOR = re.compile(r"^\s*\(\w{1,6}\)")
_LABEL_ONLY = re.compile(r"^(?:\(\w{1,6}\)\s*)+$|^(?:Sec\.|Section|§)\s*[\w.]+$")
_PAGE_LABEL = re.compile(r"\bPage # of #")
# a line ending in one of these words cannot end a paragraph
_DANGLING = {"of", "and", "or", "the", "to", "a", "an", "in", "for", "by", "with", "on", "at", "from"}
_LINE_END = "\x00"  # marks a line end inside a struck/underlined run until the run is joined
_HYPHEN_AT_LINE_END = re.compile(r"(?<=\w)- ?\x00 ?")
_SPACE_BEFORE_PUNCT = re.compile(r" +([;,.:])(?=\s|$)")
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"})
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f]+")

N, S, U = 0, 1, 2  # normal, struck, underlined (inserted)


@dataclass(slots=True)
class _Char:
    c: str
    x0: float
    x1: float
    baseline: float
    size: float
    state: int = N


@dataclass
class _Line:
    page: int
    chars: list[_Char]
    baseline: float
    size: float
    furniture: bool = False

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def text(self) -> str:
        return "".join(ch.c for ch in self.chars)


@dataclass
class PdfText:
    text: str
    struck: list[str]
    inserted: list[str]
    status: str
    pages: int
    warnings: list[str] = field(default_factory=list)


def _open(data: bytes, source: str | None) -> pymupdf.Document:
    if b"%%EOF" not in data[-2048:]:
        raise DocumentError(source, f"truncated PDF: no %%EOF marker at the end of {len(data)} bytes")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # noqa: BLE001 - MuPDF raises several types for unreadable files
        raise DocumentError(source, f"unreadable PDF ({exc})") from exc
    if doc.needs_pass:
        raise DocumentError(source, "PDF is encrypted with a password")
    if doc.page_count == 0:
        raise DocumentError(source, "PDF has no pages")
    return doc


def _rules(page: pymupdf.Page) -> list[tuple[float, float, float]]:
    """Thin horizontal rules on the page as (x0, x1, y-middle)."""
    out: list[tuple[float, float, float]] = []
    for path in page.get_drawings():
        for item in path["items"]:
            kind = item[0]
            if kind == "re":
                r = item[1]
                if r.height <= MAX_RULE_THICKNESS and r.width > 1.0:
                    out.append((r.x0, r.x1, (r.y0 + r.y1) / 2))
            elif kind == "l":
                p1, p2 = item[1], item[2]
                if abs(p1.y - p2.y) < 0.5 and abs(p1.x - p2.x) > 1.0:
                    out.append((min(p1.x, p2.x), max(p1.x, p2.x), (p1.y + p2.y) / 2))
            elif kind == "qu":
                r = item[1].rect
                if r.height <= MAX_RULE_THICKNESS and r.width > 1.0:
                    out.append((r.x0, r.x1, (r.y0 + r.y1) / 2))
    return out


def _classify(line: _Line, rules: list[tuple[float, float, float]]) -> None:
    # only rules within the line's strike/underline bands can touch it
    lo = line.baseline - STRIKE_BAND[1] * line.size
    hi = line.baseline - UNDERLINE_BAND[0] * line.size
    rules = [r for r in rules if lo <= r[2] <= hi]
    if not rules:
        return
    for ch in line.chars:
        if ch.c.isspace():
            continue
        cx = (ch.x0 + ch.x1) / 2
        state = N
        for x0, x1, y in rules:
            if x0 - 0.3 <= cx <= x1 + 0.3:
                rel = (ch.baseline - y) / ch.size
                if STRIKE_BAND[0] < rel < STRIKE_BAND[1]:
                    state = S
                    break
                if UNDERLINE_BAND[0] < rel <= UNDERLINE_BAND[1]:
                    state = U
        ch.state = state


def _page_chars(page: pymupdf.Page, source: str | None) -> list[list[_Char]]:
    """The page's MuPDF lines as lists of characters (empty lines dropped)."""
    try:
        raw = page.get_text("rawdict", flags=pymupdf.TEXTFLAGS_RAWDICT & ~pymupdf.TEXT_PRESERVE_IMAGES)
    except Exception as exc:  # noqa: BLE001
        raise DocumentError(source, f"cannot read text of page {page.number + 1} ({exc})") from exc
    lines: list[list[_Char]] = []
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            if abs(line["dir"][1]) > 0.2:  # rotated text (stamps, margin notes) is not bill text
                continue
            chars = [
                _Char(ch["c"], ch["bbox"][0], ch["bbox"][2], ch["origin"][1], span["size"] or 1.0)
                for span in line["spans"]
                for ch in span["chars"]
                if ch["c"]
            ]
            if "".join(c.c for c in chars).strip():
                lines.append(chars)
    return lines


def _visual_lines(page_no: int, mupdf_lines: list[list[_Char]]) -> list[_Line]:
    """Merge MuPDF lines sharing a baseline (a margin number and its text line) and order them."""
    mupdf_lines.sort(key=lambda cs: (round(cs[0].baseline, 1), cs[0].x0))
    merged: list[_Line] = []
    for chars in mupdf_lines:
        base = chars[0].baseline
        size = max(c.size for c in chars)
        if merged and abs(merged[-1].baseline - base) < 0.3 * min(size, merged[-1].size):
            merged[-1].chars = sorted(merged[-1].chars + chars, key=lambda c: c.x0)
            merged[-1].size = max(merged[-1].size, size)
            continue
        merged.append(_Line(page_no, chars, base, size))
    for line in merged:
        line.chars = _with_gaps(line.chars)
    return merged


def _with_gaps(chars: list[_Char]) -> list[_Char]:
    """Insert a space where two characters stand apart with none between (separate spans)."""
    out: list[_Char] = []
    for ch in chars:
        if out and not ch.c.isspace() and not out[-1].c.isspace() and ch.x0 - out[-1].x1 > 0.25 * ch.size:
            out.append(_Char(" ", out[-1].x1, ch.x0, ch.baseline, ch.size, N))
        out.append(ch)
    return out


def _text_start(line: _Line) -> float | None:
    """x of the line's first character after any leading number (a margin line number or not)."""
    chars = [c for c in line.chars if not c.c.isspace()]
    i = 0
    while i < len(chars) and chars[i].c.isdigit():
        i += 1
    if i == len(chars):
        return None
    if i and chars[i].x0 - chars[i - 1].x1 < line.size:  # "1825(a)" or "2." starts the text itself
        return chars[0].x0
    return chars[i].x0


def _strip_line_numbers(lines: list[_Line], body_left: float) -> int:
    """Remove leading digit groups that stand in the left margin; returns how many went."""
    removed = 0
    for line in lines:
        i = 0
        while i < len(line.chars) and line.chars[i].c.isspace():
            i += 1
        j = i
        while j < len(line.chars) and line.chars[j].c.isdigit():
            j += 1
        if j == i or j - i > 3:
            continue
        if line.chars[j - 1].x1 < body_left - 4 and (j == len(line.chars) or line.chars[j].c.isspace()
                                                      or line.chars[j].x0 > line.chars[j - 1].x1 + line.size):
            line.chars = line.chars[j:]
            while line.chars and line.chars[0].c.isspace():
                line.chars.pop(0)
            removed += 1
    return removed


def _mark_furniture(pages: list[list[_Line]], heights: list[float], body_size: float) -> int:
    """Flag running headers/footers: top/bottom band lines recurring once digits are masked."""
    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", _SPACES.sub(" ", line.text).strip())

    def in_band(line: _Line, h: float) -> bool:
        return line.baseline < h * HEADER_BAND or line.baseline > h * (1 - FOOTER_BAND)

    counts: Counter[str] = Counter()
    for lines, h in zip(pages, heights, strict=True):
        counts.update({key(ln) for ln in lines if in_band(ln, h)})
    n = len(pages)
    marked = 0
    for lines, h in zip(pages, heights, strict=True):
        # a "Page 1 of 3" label in the header band takes the header lines above it (and the one
        # right under it: "Act No. 173 / 2026") along
        labels = [ln.baseline for ln in lines if ln.baseline < h * HEADER_BAND and _PAGE_LABEL.search(key(ln))]
        label_floor = max(labels) + 1.3 * body_size if labels else -1.0  # and its second line
        for ln in lines:
            if not in_band(ln, h):
                continue
            k = key(ln)
            recurring = n >= 3 and counts[k] >= max(2, 0.5 * n)
            page_label = bool(_PAGE_LABEL.search(k)) or ln.baseline <= label_floor
            small_footer = ln.baseline > h * (1 - FOOTER_BAND) and ln.size < 0.8 * body_size
            if recurring or page_label or small_footer:
                ln.furniture = True
                marked += 1
    return marked


def _is_scanned(page: pymupdf.Page) -> bool:
    """A page whose only text is invisible (render mode 3, OCR) over images covering most of it."""
    try:
        traces = page.get_texttrace()
    except Exception:  # noqa: BLE001
        traces = []
    if any(t["type"] != 3 and t.get("opacity", 1) > 0 for t in traces):
        return False
    area = abs(page.rect)
    covered = 0.0
    for info in page.get_image_info():
        covered += abs(pymupdf.Rect(info["bbox"]) & page.rect)
    return area > 0 and covered >= 0.5 * area


def _line_text(chars: list[_Char], keep) -> str:
    return "".join(ch.c for ch in chars if keep(ch))


def pdf_to_text(data: bytes, source: str | None = None) -> PdfText:
    """Extract a PDF's text as amended plus its struck and underlined passages."""
    doc = _open(data, source)
    warnings: list[str] = []
    if doc.is_repaired:
        warnings.append("PDF structure was damaged and repaired by MuPDF; text may be incomplete")
    try:
        return _extract(doc, source, warnings)
    finally:
        doc.close()


def _extract(doc: pymupdf.Document, source: str | None, warnings: list[str]) -> PdfText:
    pages: list[list[_Line]] = []
    heights: list[float] = []
    scanned: list[int] = []
    for page in doc:  # type: ignore[attr-defined]  # pymupdf.Document iterates its pages (no stub says so)
        try:
            lines = _visual_lines(page.number, _page_chars(page, source))
            rules = _rules(page) if lines else []
        except DocumentError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise DocumentError(source, f"cannot read page {page.number + 1} ({exc})") from exc
        if _is_scanned(page):
            scanned.append(page.number + 1)
        for line in lines:
            _classify(line, rules)
        pages.append(lines)
        heights.append(page.rect.height)

    all_lines = [ln for lines in pages for ln in lines]
    if not all_lines:
        if scanned:
            warnings.append(f"scanned document: {len(scanned)} page image(s) and no text; OCR is not run here")
            return PdfText("", [], [], STATUS_NO_TEXT_LAYER, doc.page_count, warnings)
        return PdfText("", [], [], STATUS_EMPTY, doc.page_count, warnings)

    body_size = statistics.median(ln.size for ln in all_lines)
    _mark_furniture(pages, heights, body_size)
    body = [ln for ln in all_lines if not ln.furniture]
    lefts = Counter(round(x) for x in map(_text_start, body) if x is not None)
    body_left = float(lefts.most_common(1)[0][0]) if lefts else 0.0
    if _strip_line_numbers(body, body_left):
        warnings.append("margin line numbers removed")
    body = [ln for ln in body if ln.chars and ln.text.strip()]
    if not body:
        return PdfText("", [], [], STATUS_EMPTY, doc.page_count, warnings)
    lefts = Counter(round(ln.x0) for ln in body)
    body_left = float(lefts.most_common(1)[0][0])
    right = sorted(ln.x1 for ln in body)[int(0.95 * (len(body) - 1))]

    text, struck, inserted = _assemble(body, body_left, right)
    if scanned:
        if len(scanned) == doc.page_count:
            warnings.append(
                "scanned document: every page is an image; text comes only from an embedded OCR layer"
            )
            return PdfText(text, [], [], STATUS_NO_TEXT_LAYER, doc.page_count, warnings)
        warnings.append(f"pages without a text layer (scanned): {scanned}")
    return PdfText(text, struck, inserted, STATUS_OK if text else STATUS_EMPTY, doc.page_count, warnings)


def _continues(prev: _Line | None, first: str, right: float) -> bool:
    """An indented line that still continues the previous one (hanging indent, wrapped title).

    Bills open paragraphs with "(a)", a capital or "§", so a line starting in lower case goes on;
    so does one after a line that ran to the right margin without ending its clause.
    """
    if prev is None or not first or _ENUMERATOR.match(first) or _HEADING.match(first):
        return False
    if first[0].islower():
        return True
    last = prev.text.rstrip()
    if not last:
        return False
    if last.rsplit(None, 1)[-1] in _DANGLING:
        return True
    return (last[-1].isalnum() or last[-1] == ",") and prev.x1 > right - 3 * prev.size


def _assemble(body: list[_Line], body_left: float, right: float) -> tuple[str, list[str], list[str]]:
    spacing_by_page: dict[int, float] = {}
    for page_no in {ln.page for ln in body}:
        bases = [ln.baseline for ln in body if ln.page == page_no]
        gaps = [b - a for a, b in zip(bases, bases[1:], strict=False) if b - a > 1]
        spacing_by_page[page_no] = statistics.median(gaps) if gaps else 0.0

    paragraphs: list[list[str]] = []  # amended lines of each paragraph
    runs: dict[int, list[list[str]]] = {S: [], U: []}
    open_run: dict[int, list[str] | None] = {S: None, U: None}
    prev: _Line | None = None
    prev_centred = False

    for line in body:
        first = line.text.lstrip()
        indent = line.x0 - body_left
        indented = indent > 0.6 * line.size and not _continues(prev, first, right)
        new_para = prev is None or indented or prev_centred or bool(_HEADING.match(first))
        if prev is not None and prev.page == line.page:
            spacing = spacing_by_page.get(line.page) or line.size * 1.2
            if line.baseline - prev.baseline > 1.6 * spacing:
                new_para = True
        if new_para:
            paragraphs.append([])
            open_run = {S: None, U: None}
        # a centred title ends its paragraph: both margins wide and about equal
        right_gap = right - line.x1
        prev_centred = (
            indent > 3 * line.size
            and abs(indent - right_gap) < 2 * line.size
            and line.x1 - line.x0 < 0.7 * (right - body_left)
            and not _ENUMERATOR.match(first)
        )
        paragraphs[-1].append(_line_text(line.chars, lambda ch: ch.state != S))
        for state in (S, U):
            run = open_run[state]
            for ch in line.chars:
                if ch.c.isspace():
                    if run is not None:
                        run.append(" ")
                    continue
                if ch.state == state:
                    if run is None:
                        run = []
                        runs[state].append(run)
                    run.append(ch.c)
                else:
                    run = None
            if run is not None:
                run.append(_LINE_END)
            open_run[state] = run
        prev = line

    texts: list[str] = []
    for lines in paragraphs:
        joined = ""
        for piece in lines:
            piece = _SPACES.sub(" ", piece).strip()
            if not piece:
                continue
            if joined.endswith("-") and len(joined) > 1 and joined[-2].isalnum():
                joined += piece  # a compound split at the line end ("high-" / "quality")
            else:
                joined = f"{joined} {piece}" if joined else piece
        if not joined:
            continue
        joined = _SPACE_BEFORE_PUNCT.sub(r"\1", joined.translate(_LIGATURES))
        if texts and _LABEL_ONLY.match(texts[-1]) and not _LABEL_ONLY.match(joined):
            texts[-1] = f"{texts[-1]} {joined}"  # "(5)" + "[Repealed.]" once "(5)"'s words are struck
        else:
            texts.append(joined)

    def passages(state: int) -> list[str]:
        out = []
        for run in runs[state]:
            joined = _SPACES.sub(" ", "".join(run)).strip(" " + _LINE_END)
            joined = _HYPHEN_AT_LINE_END.sub("-", joined).replace(_LINE_END, " ")
            out.append(_SPACES.sub(" ", joined).strip().translate(_LIGATURES))
        return [p for p in out if p]

    return "\n\n".join(texts), passages(S), passages(U)
