"""Fetch and extract the text of a bill version: HTML first, then PDF, then plain text.

HTML is preferred because legislatures' HTML keeps section structure and amendment markup
(strike/insert) in tags, where a PDF keeps them only as drawing; a PDF is the fallback and plain text
the last resort. Extraction itself is statecare.documents' job; this module only chooses the link,
fetches it through scrapy (so politeness, retries and the replay apply) and writes the outcome onto
the version dict in the keys the store understands (text, struck_text, inserted_text, text_url,
text_media_type, text_status, text_error). A failure leaves text_status="error" with the reasons,
and is returned so the crawl records it against the URL; the bill is still stored.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import zlib
from typing import TYPE_CHECKING, Any

from statecare.crawler.fetch import fetch

if TYPE_CHECKING:
    from statecare.documents import ExtractedText

log = logging.getLogger(__name__)

_RANK = {"html": 0, "pdf": 1, "text": 2}


def link_kind(link: dict[str, Any]) -> str | None:
    """'html' | 'pdf' | 'text' from the link's media type, else from its file extension."""
    mt = str(link.get("media_type") or "").lower()
    url = str(link.get("url") or "").lower().split("?")[0]
    if "html" in mt or url.endswith((".htm", ".html")):
        return "html"
    if "pdf" in mt or url.endswith(".pdf"):
        return "pdf"
    if mt.startswith("text/") or url.endswith(".txt"):
        return "text"
    return None


def ranked_links(links: list[Any]) -> list[dict[str, Any]]:
    """The version's links worth fetching for text, best first (stable within a kind)."""
    usable = [lk for lk in links if isinstance(lk, dict) and lk.get("url") and link_kind(lk)]
    return sorted(usable, key=lambda lk: _RANK[link_kind(lk) or "text"])


def _extract_once(crawler: Any, body: bytes, media_type: str | None, url: str,
                  content_encoding: str | None) -> ExtractedText:
    """statecare.documents.extract, run once per distinct document in a crawl.

    Extraction (PDF above all) is the costliest step of a crawl, and the same document is often
    linked many times (several versions, companion bills, a session's shared act text): it is keyed
    by the SHA-256 of its bytes and how they are labelled, so identical bytes are read once. A
    failure is cached too (as the DocumentError), so a bad document is not parsed again either.

    The cache lives as long as the crawl, so a result is kept zlib-packed (pickled): the national
    replay's ~300 documents are ~13 MB of text held for the whole crawl, ~5x less packed; packing
    costs ~1 ms a document and a repeat is unpacked into an equal ExtractedText.
    """
    from statecare.documents import DocumentError, extract

    cache: dict[tuple[str, str | None, str | None], bytes | DocumentError] = (
        crawler.__dict__.setdefault("_statecare_extracted", {}))
    key = (hashlib.sha256(body).hexdigest(), media_type, content_encoding)
    stats = getattr(crawler, "stats", None)
    if key in cache:
        if stats is not None:
            stats.inc_value("statecare/extract_cached")
        found = cache[key]
        if isinstance(found, DocumentError):
            raise found
        return pickle.loads(zlib.decompress(found))  # type: ignore[no-any-return]  # noqa: S301 - packed just above by this process
    if stats is not None:
        stats.inc_value("statecare/extracted")
    try:
        ex = extract(body, media_type=media_type, url=url, content_encoding=content_encoding)
    except DocumentError as exc:
        cache[key] = exc
        raise
    cache[key] = zlib.compress(pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL), 1)
    return ex


def _header(response: Any, name: str) -> str | None:
    raw = response.headers.get(name)
    return raw.decode("latin-1") if raw else None


async def attach_text(crawler: Any, version: dict[str, Any], links: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Fill the version's text fields from the first link that yields a document; return failures."""
    from statecare.documents import DocumentError

    failures: list[tuple[str, str]] = []
    for link in links:
        url = str(link["url"])
        response, reason = await fetch(crawler, url)
        if response is None:
            failures.append((url, reason or "not fetched"))
            continue
        try:
            ex = _extract_once(crawler, response.body, _header(response, "Content-Type"), url,
                               _header(response, "Content-Encoding"))
        except DocumentError as exc:
            failures.append((url, f"unreadable document: {exc}"))
            continue
        version.update(
            text=ex.text,
            struck_text=ex.struck_text or None,
            inserted_text=ex.inserted_text or None,
            text_url=url,
            text_media_type=ex.media_type,
            text_status=ex.status,
            text_error=None,
        )
        note = _header(response, "X-Replay-Note")
        if note:
            version["text_note"] = note  # e.g. the replay served a pipeline's text, not the document
        for w in ex.warnings or []:
            log.info("%s: %s", url, w)
        return failures
    if links:
        version.update(text=None, struck_text=None, inserted_text=None, text_url=str(links[0]["url"]),
                       text_media_type=None, text_status="error",
                       text_error="; ".join(f"{u}: {r}" for u, r in failures))
    return failures
