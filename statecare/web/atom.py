"""Atom 1.0 feeds (RFC 4287), written with ElementTree so every value is escaped by the XML library.

Two kinds: a feed of bills (a saved search) and a feed of events (a state, a policy type). Event
entries have ids built from the event's monotonic id, so a feed reader never shows one twice.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from flask import Response, request

from statecare.db.search import strip_marks
from statecare.web import vocab
from statecare.web.filters import bill_path

ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(s: Any) -> str:
    return _XML_BAD.sub("", "" if s is None else str(s))


def _iso(d: Any) -> str:
    """An RFC 3339 timestamp from a datetime or a stored 'YYYY-MM-DD...' string."""
    if isinstance(d, datetime):
        dt = d if d.tzinfo else d.replace(tzinfo=UTC)
        return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    s = str(d or "")
    if re.match(r"^\d{4}-\d{2}-\d{2}", s):
        return s[:10] + "T00:00:00Z"
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: Any = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _clean(text)
    return el


def _feed(title: str, self_url: str, html_url: str, updated: str) -> ET.Element:
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _sub(feed, "title", title)
    _sub(feed, "id", self_url)
    _sub(feed, "updated", updated)
    _sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=html_url, type="text/html")
    author = _sub(feed, "author")
    _sub(author, "name", "statecare")
    _sub(feed, "generator", "statecare")
    return feed


def _response(feed: ET.Element) -> Response:
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + body,
                    mimetype="application/atom+xml", headers={"Cache-Control": "public, max-age=300"})


def bills_feed(*, title: str, self_url: str, html_url: str, hits: Iterable[Any]) -> Response:
    hits = list(hits)
    updated = max((_iso(h.latest_action_date) for h in hits), default=_iso(None))
    feed = _feed(title, self_url, html_url, updated)
    root = request.url_root.rstrip("/")
    for h in hits:
        url = root + bill_path(h.state, h.legislative_session, h.identifier)
        e = _sub(feed, "entry")
        _sub(e, "title", f"{h.state.upper()} {h.identifier}: {h.title}")
        _sub(e, "id", url)
        _sub(e, "updated", _iso(h.latest_action_date))
        _sub(e, "link", rel="alternate", href=url, type="text/html")
        summary = " · ".join(x for x in (
            vocab.policy_label(h.policy_type) if h.policy_type else "",
            vocab.stage_label(h.stage) if h.stage else "",
            h.latest_action_description or "", strip_marks(getattr(h, "snippet", "")),
            "Data: LegiScan (CC BY 4.0)" if h.source == "legiscan" else "") if x)
        _sub(e, "summary", summary, type="text")
        if h.policy_type:
            _sub(e, "category", term=h.policy_type, label=vocab.policy_label(h.policy_type))
    return _response(feed)


def events_feed(*, title: str, self_url: str, html_url: str, events: Iterable[Any]) -> Response:
    events = list(events)
    updated = _iso(events[0].created_at) if events else _iso(None)
    feed = _feed(title, self_url, html_url, updated)
    root = request.url_root.rstrip("/")
    host = request.host.split(":")[0] or "statecare"
    for ev in events:
        e = _sub(feed, "entry")
        who = f"{(ev.state or '').upper()} {ev.identifier or ''}".strip()
        _sub(e, "title", f"{who}: {ev.label}" if who else ev.label)
        _sub(e, "id", f"tag:{host},2025:statecare/event/{ev.id}")
        _sub(e, "updated", _iso(ev.created_at))
        if ev.state and ev.identifier and ev.legislative_session:
            _sub(e, "link", rel="alternate", type="text/html",
                 href=root + bill_path(ev.state, ev.legislative_session, ev.identifier))
        _sub(e, "summary", " — ".join(x for x in (ev.title or "", ev.summary) if x), type="text")
        _sub(e, "category", term=ev.kind, label=ev.label)
    return _response(feed)
