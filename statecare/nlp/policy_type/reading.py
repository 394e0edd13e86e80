"""What a careful reader takes from a bill's text: its purpose clause, findings and definitions.

Why: titles are sometimes thin ("Universal Healthcare.", "Constitutional amendment, healthcare"), and the
bill text then says what the bill does. Read naively, though, extracted texts mislead: the pipelines
prepend a header (Title/Source/Media Type/Strikethrough Detection), PDFs carry line numbers, sponsor lists,
page headers and "EXPLANATION: CAPITALS INDICATE ..." footers, and the body of a long bill cites other
programs. So the classifier reads only the prepared *purpose view* built here: the text with page
furniture stripped, cut to the opening (AN ACT concerning ... FOR the purpose of ...) plus the sentences
that state purpose, intent, findings or definitions.
"""

from __future__ import annotations

import re

# the extraction header the recording's pipelines write before the document text
_HEADER = re.compile(
    r"\A\s*Title:.*?(?:={20,}\s*(?:Section \d+:\s*)?|\Z)", re.S)
_SECTION_MARK = re.compile(r"^\s*={10,}\s*$|^\s*Section \d+:\s*$", re.M)
_LINE_NO = re.compile(r"^[ \t]*\d{1,3}[ \t]+(?=\S)", re.M)
_FURNITURE = [
    re.compile(p, re.I | re.M)
    for p in (
        r"^.*\bEXPLANATION:.*$",
        r"^.*\[Brackets\] indicate matter deleted.*$",
        r"^.*\bMatter (?:in|underlined).*(?:new|deleted|omitted).*$",
        r"^\s*(?:By|Sponsored by|Co-Sponsored by|Introduced by|Prefiled by)\s*:.*$",
        r"^\s*(?:Introduced and read first time|Assigned to|Referred to|Read first time)\s*:.*$",
        r"^\s*Page \d+(?: of \d+)?\s*$",
        r"^\s*(?:HOUSE|SENATE|ASSEMBLY) (?:BILL|RESOLUTION|JOINT RESOLUTION)(?: NO\.)? \d+\s*$",
        r"^\s*\*\w+\*\s*$",
        r"https?://\S+",
        r"^\s*(?:LRB|LC|LSO|LSB)\s*[\w.-]+\s*$",
    )
]
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_PURPOSE = re.compile(
    r"\b(?:for the purpose of|purpose of (?:this|the) (?:act|bill|chapter|commission|task force|"
    r"resolution)|the purposes? (?:of|is)|intent of the legislature|legislature (?:finds|declares|intends)|"
    r"it is the intent|is intended to|shall be known (?:and may be cited )?as|may be cited as|"
    r"\"[^\"]{2,60}\" means|synopsis|declaration of policy|findings|por cuanto|exposici[oó]n de motivos|"
    r"se establece|se crea)\b",
    re.I,
)
_SENTENCE = re.compile(r"[^.;]+[.;]?")
HEAD_CHARS = 2500
PURPOSE_CHARS = 2500
# purpose sections come early; a 100-page bill's later sections are not read (and cost time)
SCAN_CHARS = 40000


def strip_furniture(text: str) -> str:
    """The document's own words: no extraction header, line numbers, sponsors or page marks."""
    s = _HEADER.sub("", text or "", count=1)
    s = _SECTION_MARK.sub("", s)
    s = _LINE_NO.sub("", s)
    for p in _FURNITURE:
        s = p.sub(" ", s)
    s = _DASHES.sub("-", s).translate(_QUOTES)
    return re.sub(r"\s+", " ", s).strip()


def purpose_view(text: str | None) -> str:
    """The opening of the stripped text plus its purpose/intent/findings/definition sentences.

    The opening holds the enacting title and purpose clause in every state's format; the later
    sentences catch purpose sections that follow a long list of amended sections.
    """
    if not text:
        return ""
    s = strip_furniture(text)
    head = s[:HEAD_CHARS]
    extra, n = [], 0
    for m in _SENTENCE.finditer(s, HEAD_CHARS, SCAN_CHARS):
        sentence = m.group(0)
        if len(sentence) < 600 and _PURPOSE.search(sentence):
            extra.append(sentence.strip())
            n += len(extra[-1])
            if n > PURPOSE_CHARS:
                break
    return " ".join([head, *extra])
