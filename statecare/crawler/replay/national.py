"""The national recording (shared/national) served through the Open States v3 `/bills` shape.

shared/national holds, per `<st>/<session>/`, what the official Open States scrapers emitted for
the health-related bills (`bills.jsonl.gz`, pupa JSON), the documents the recording pipelines
downloaded for candidate bills (`documents/<identifier>/`, listed in `documents.csv`) and the text
those pipelines extracted (`texts.jsonl.gz`). This module turns that into what the replay server
answers:

- bills: every pupa bill converted by `openstates_v3.pupa_to_v3`, kept zlib-packed (the whole
  country is ~110 MB of JSON; packed it is ~15 MB, so the crawl process stays small) and unpacked
  one page at a time;
- documents: each recorded file is matched to the version it belongs to (by the version's note or
  its link's file name, never by guessing between several) and served at that version's original
  link URL, with the Content-Type its bytes say (sniffed: some `.pdf` files hold text);
- texts: where a version has no recorded document, the pipeline's extracted text may stand in, served
  as text/plain with an `X-Replay-Note` saying so (stored as the version's `text_note`). By default
  only candidate bills' texts are served (they are whole; other bills' texts were cut at 12,000
  characters by the recording, and storing 350 MB of partial text would not make the replay truer).

Everything else a version links to was not recorded: `recorded_urls()` lists what is, so the
crawl marks the rest "not recorded" without asking for it.
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from statecare.crawler.replay.openstates_v3 import pupa_to_v3, recorded_updated_at
from statecare.crawler.replay.recorded_documents import PIPELINE_TEXT, url_key
from statecare.documents.sniff import HTML, PDF, sniff
from statecare.legis.identifiers import identifier_key
from statecare.legis.states import state_from_jurisdiction

log = logging.getLogger(__name__)
# what a cut or damaged .gz / JSON Lines file raises while it is read
DAMAGED = (EOFError, OSError, zlib.error, ValueError, UnicodeDecodeError, csv.Error, KeyError, AttributeError,
           TypeError)
_TEXT_ID = re.compile(r'^\{"identifier":\s*("(?:[^"\\]|\\.)*")')
MISLABELLED_TEXT = "the recording stored pipeline-extracted text under this document's name (sniffed: text)"


@dataclass(frozen=True)
class PackedBill:
    """One recorded pupa bill, zlib-packed, with the keys the search filters on kept open.

    It is converted to the v3 shape when a page is served, not at load time, so that the replay is
    ready in seconds and the conversion work runs alongside the crawl.
    """

    jurisdiction_id: str
    session: str
    identifier: str
    richness: tuple[int, ...]
    packed: bytes
    updated_at: str | None = None  # kept open for `updated_since` (openstates_v3.recorded_updated_at)

    def unpack(self) -> dict[str, Any]:
        raw = zlib.decompress(self.packed)
        try:
            return pupa_to_v3(orjson.loads(raw))
        except orjson.JSONDecodeError:  # a lone surrogate escape, NaN: json read it at load time
            return pupa_to_v3(json.loads(raw))


@dataclass(frozen=True)
class ServedFile:
    """What answers one original URL: a recorded file, or a recorded text (`text` set)."""

    content_type: str
    path: Path | None = None
    text: bytes | None = None  # zlib-packed UTF-8
    note: str | None = None

    def body(self) -> bytes:
        if self.text is not None:
            return zlib.decompress(self.text)
        assert self.path is not None
        return self.path.read_bytes()


def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


def _file_stem(file: str, identifier: str) -> str:
    """'bill_content_House_Amendment_001.html' -> 'houseamendment001'; 'H1246_Bill_Text.pdf' -> 'billtext'."""
    stem = re.sub(r"_extracted\.txt$", "", file)
    stem = stem.rsplit(".", 1)[0] if "." in stem[-6:] else stem
    stem = re.sub(r"^bill_content_", "", stem)
    n = _norm(stem)
    ident = _norm(identifier)
    return n[len(ident):] if ident and n.startswith(ident) and len(n) > len(ident) else n


def _link_stem(url: str) -> str:
    last = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return _norm(last.rsplit(".", 1)[0])


def match_version(versions: list[dict[str, Any]], file: str, identifier: str) -> int | None:
    """Index of the version a recorded file belongs to, or None when it cannot be told.

    By note first ("Introduced" <- bill_content_Introduced.html), then by the file name of one of
    the version's links; a bill with a single version takes its single file. Never a guess among
    several candidates.
    """
    stem = _file_stem(file, identifier)
    if not stem:
        return None
    by_note = [i for i, v in enumerate(versions) if _norm(str(v.get("note") or "")) == stem]
    if len(by_note) == 1:
        return by_note[0]
    by_link = [i for i, v in enumerate(versions)
               if any(_link_stem(str(lk.get("url") or "")) in (stem, _norm(file.rsplit(".", 1)[0]))
                      for lk in v.get("links") or [] if isinstance(lk, dict) and lk.get("url"))]
    if len(by_link) == 1:
        return by_link[0]
    by_suffix = [i for i, v in enumerate(versions)
                 if _norm(str(v.get("note") or "")) and stem.endswith(_norm(str(v.get("note") or "")))]
    if len(by_suffix) == 1:
        return by_suffix[0]
    if len(versions) == 1:
        return 0
    return None


def _kind(media_type: str | None) -> str:
    mt = (media_type or "").lower()
    return "pdf" if "pdf" in mt else "html" if "html" in mt else "text" if mt.startswith("text/") else ""


def _link_for(version: dict[str, Any], kind: str) -> str | None:
    """The version's link that the served bytes stand for: same kind if there is one, else the first."""
    links = [lk for lk in version.get("links") or [] if isinstance(lk, dict) and lk.get("url")]
    if not links:
        return None
    for lk in links:
        url = str(lk["url"])
        lk_kind = _kind(lk.get("media_type")) or ("pdf" if url.lower().split("?")[0].endswith(".pdf") else "")
        if lk_kind == kind:
            return url
    return str(links[0]["url"])


def _richness(item: dict[str, Any], recorded: int) -> tuple[int, ...]:
    return (recorded, len(item.get("actions") or []), len(item.get("versions") or []),
            len(item.get("sponsorships") or []), len(item.get("abstracts") or []))


def session_dirs(root: Path, states: Iterable[str] | None, session: str | None) -> list[Path]:
    wanted = {s.lower() for s in states} if states else None
    out = []
    for d in sorted(root.glob("*/*/")):
        if not (d / "bills.jsonl.gz").is_file():
            continue
        if wanted is not None and d.parent.name.lower() not in wanted:
            continue
        if session and d.name != re.sub(r"[^A-Za-z0-9._-]", "_", session):
            continue
        out.append(d)
    return out


def _candidates(folder: Path) -> set[str]:
    index = folder / "index.csv.gz"
    if not index.is_file():
        return set()
    with gzip.open(index, "rt", encoding="utf-8", newline="") as f:
        return {identifier_key(r["identifier"]) for r in csv.DictReader(f) if r.get("candidate") == "1"}


class NationalRecording:
    """The bills, documents and texts of shared/national (optionally a slice of it)."""

    def __init__(self, root: Path, *, states: Iterable[str] | None = None, session: str | None = None,
                 texts: str = "candidates", errors: list[tuple[Path, str]] | None = None) -> None:
        if texts not in ("candidates", "all", "none"):
            raise ValueError("texts must be 'candidates', 'all' or 'none'")
        self.root = root
        self.bills: list[PackedBill] = []
        self.files: dict[tuple[str, str, str], ServedFile] = {}
        # damaged files (path, reason naming the line): skipped whole, the other sessions served
        self.errors: list[tuple[Path, str]] = errors if errors is not None else []
        for folder in session_dirs(root, states, session):
            self._load_session(folder, texts)

    def _damaged(self, path: Path, line: int, exc: BaseException, what: str) -> None:
        where = f"line {line}" if line else "header"
        reason = f"damaged recording, {where}: {type(exc).__name__}: {str(exc)[:200]}; {what}"
        log.warning("%s: %s", path, reason)
        self.errors.append((path, reason))

    def _load_session(self, folder: Path, texts: str) -> None:
        """Load one session folder; a damaged bills file leaves nothing of that session behind."""
        bills_before, files_before = len(self.bills), set(self.files)
        try:
            self._read_session(folder, texts)
        except _Damaged as d:
            del self.bills[bills_before:]
            for k in set(self.files) - files_before:
                del self.files[k]
            self._damaged(d.path, d.line, d.cause, "this session is skipped, the others are served")

    def _read_session(self, folder: Path, texts: str) -> None:
        docs: dict[str, list[str]] = {}
        listing = folder / "documents.csv"
        if listing.is_file():
            with listing.open(encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f):
                    docs.setdefault(identifier_key(row["identifier"]), []).append(row["file"])
        wanted_texts: set[str] | None = None
        if texts == "candidates":
            try:
                wanted_texts = _candidates(folder)
            except DAMAGED as exc:  # texts are extras: the bills are still served, without them
                self._damaged(folder / "index.csv.gz", 0, exc, "no extracted texts served for this session")
                texts = "none"
        extracted: dict[str, list[tuple[str, str]]] = {}
        if texts != "none" and (folder / "texts.jsonl.gz").is_file():
            n = 0
            try:
                with gzip.open(folder / "texts.jsonl.gz", "rt", encoding="utf-8") as f:
                    for line in f:
                        n += 1
                        m = _TEXT_ID.match(line)
                        if wanted_texts is not None and m and identifier_key(json.loads(m.group(1))) not in wanted_texts:
                            continue  # most lines are skipped before the (large) text is decoded
                        t = json.loads(line)
                        key = identifier_key(t["identifier"])
                        if wanted_texts is None or key in wanted_texts:
                            extracted.setdefault(key, []).append((t["file"], t["text"]))
            except DAMAGED as exc:
                extracted = {}  # none of a damaged file's texts, rather than some
                self._damaged(folder / "texts.jsonl.gz", n + 1 if isinstance(exc, (EOFError, OSError, zlib.error)) else n,
                              exc, "no extracted texts served for this session")
        path = folder / "bills.jsonl.gz"
        n = 0  # the line being read (decompressed) or converted
        try:
            with gzip.open(path, "rb") as f:
                while True:
                    n += 1
                    raw = f.readline()
                    if not raw:
                        break
                    self._add_bill(folder, raw, docs, extracted)
        except DAMAGED as exc:
            raise _Damaged(path, n, exc) from exc

    def _add_bill(self, folder: Path, line: bytes, docs: dict[str, list[str]],
                  extracted: dict[str, list[tuple[str, str]]]) -> None:
        bill = json.loads(line)
        ident = str(bill.get("identifier") or "")
        key = identifier_key(ident)
        versions = [v for v in bill.get("versions") or [] if isinstance(v, dict)]
        served = 0
        has_doc: set[int] = set()
        for file in docs.get(key, []):
            i = match_version(versions, file, ident)
            path = folder / "documents" / _doc_dir(folder, ident) / file
            if i is None or not path.is_file():
                continue
            head = path.read_bytes()[:4096]
            ctype = sniff(head) or "application/octet-stream"
            url = _link_for(versions[i], _kind(ctype))
            if url is None or url_key(url) in self.files:
                continue
            note = MISLABELLED_TEXT if ctype not in (PDF, HTML) and _kind(ctype) == "text" else None
            if ctype == "text/plain":
                ctype = "text/plain; charset=utf-8"
            self.files[url_key(url)] = ServedFile(ctype, path=path, note=note)
            has_doc.add(i)
            served += 1
        for file, text in extracted.get(key, []):
            i = match_version(versions, file, ident)
            if i is None or i in has_doc:
                continue
            url = _link_for(versions[i], "html") or None
            if url is None or url_key(url) in self.files:
                continue
            self.files[url_key(url)] = ServedFile("text/plain; charset=utf-8",
                                                  text=zlib.compress(text.encode("utf-8")), note=PIPELINE_TEXT)
            has_doc.add(i)
            served += 1
        jid = str((bill.get("jurisdiction") or {}).get("id") or "")
        self.bills.append(PackedBill(jid, str(bill.get("legislative_session") or ""), ident,
                                     _richness(bill, served), zlib.compress(line, 1), recorded_updated_at(bill)))

    def states(self) -> set[str]:
        return {s for s in (state_from_jurisdiction(b.jurisdiction_id) for b in self.bills) if s}


class _Damaged(Exception):
    """A session's bills file could not be read to its end (which file, which line, why)."""

    def __init__(self, path: Path, line: int, cause: BaseException) -> None:
        super().__init__(f"{path}: line {line}: {cause}")
        self.path, self.line, self.cause = path, line, cause


def _doc_dir(folder: Path, identifier: str) -> str:
    """The documents/ sub-folder of a bill: named by its identifier as written ("HB 289")."""
    if (folder / "documents" / identifier).is_dir():
        return identifier
    alt = re.sub(r"[^A-Za-z0-9._-]", "_", identifier)
    return alt if (folder / "documents" / alt).is_dir() else identifier
