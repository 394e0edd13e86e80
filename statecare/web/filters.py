"""Template filters and globals: labels, bill URLs, and search highlights made safe.

`marks` is the one place where search output becomes HTML: the text is escaped first, and only
then are the engine's marker characters turned into <mark> elements, so a bill title containing
"<script>" stays text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from flask import Flask, url_for
from markupsafe import Markup, escape

from statecare.db.search import MARK_END, MARK_START
from statecare.legis import cosponsors
from statecare.legis.identifiers import identifier_slug
from statecare.legis.record import http_url
from statecare.legis.words import confidence_words
from statecare.web import svg, vocab

_CTRL = re.compile(r"[\x00-\x01\x04-\x08\x0b\x0c\x0e-\x1f]")
# what urllib.parse.quote(s, safe="") leaves as it is (RFC 3986 unreserved characters)
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


_MARKERS = re.compile(f"([{MARK_START}{MARK_END}])")


def marks(s: str | None) -> Markup:
    """Escape `s`, then turn search markers into balanced <mark> elements.

    The text is escaped whole, once (escaping is per character and leaves the marker characters
    alone, so this is the same as escaping each piece between markers); a text without markers
    -- most snippets' surroundings, titles without a hit -- is only escaped."""
    text_ = str(escape(_CTRL.sub("", s or "")))
    if MARK_START not in text_ and MARK_END not in text_:
        return Markup(text_)
    out: list[str] = []
    depth = 0
    for chunk in _MARKERS.split(text_):
        if chunk == MARK_START:
            if depth == 0:
                out.append("<mark>")
            depth += 1
        elif chunk == MARK_END:
            if depth == 1:
                out.append("</mark>")
            depth = max(0, depth - 1)
        else:
            out.append(chunk)
    if depth:
        out.append("</mark>")
    return Markup("".join(out))


def ident_slug(identifier: str) -> str:
    """The URL form of a bill number: "HB 1445" -> "HB1445" (statecare.legis.identifiers)."""
    return identifier_slug(identifier)


def bill_path(state: str, session: str, identifier: str, **kw: Any) -> str:
    """/bills/<xx>/<session>/<identifier> (built directly: search results list thousands of these)."""
    if kw:
        return url_for("bills.bill", state=state.lower(), session=session, identifier=ident_slug(identifier), **kw)
    return _plain_bill_path(state, session, identifier)


@lru_cache(maxsize=1 << 16)
def _plain_bill_path(state: str, session: str, identifier: str) -> str:
    """Remembered: the same bills come back in search after search, and quoting three parts for
    every hit was a tenth of a search page's time (a path is ~80 bytes; 65,536 of them ~10 MB)."""
    return f"/bills/{_path_part(state.lower())}/{_path_part(session)}/{_path_part(ident_slug(identifier))}"


def _path_part(s: str) -> str:
    """quote(s, safe=""), skipping the quoting when there is nothing to quote (nearly always: a
    state code, "2025-2026", "HB1445"): a search page's bills are mostly new to the cache above,
    and quote's per-character work was most of building their paths."""
    return s if _UNRESERVED.fullmatch(s) else quote(s, safe="")


def bill_url(bill: Any, **kw: Any) -> str:
    """URL of a bill page from a Bill, a SearchHit or a mapping with state/session/identifier."""
    if isinstance(bill, dict):
        return bill_path(bill["state"], bill["legislative_session"], bill["identifier"], **kw)
    return bill_path(bill.state, bill.legislative_session, bill.identifier, **kw)


def short_date(s: str | None) -> str:
    """'2025-01-27T00:00:00+00:00' -> '2025-01-27' (dates are stored as ISO strings)."""
    return (s or "")[:10]


def safe_url(u: Any) -> str | None:
    """An http(s) URL from untrusted data, or None: javascript:, data: and the like never become links."""
    return http_url(u)


def bill_stage_label(stage: str | None, bill: Any) -> str:
    """A bill's (or BillRef's) stage in words for its kind of measure: "Adopted" for a one-house
    resolution that passed, where a bill would read "Passed both chambers"."""
    return vocab.bill_stage_label(stage, getattr(bill, "classification", None), bill.identifier, bill.state)


def _coverage_context() -> dict[str, Any]:
    """`collected(state)` for every page's footer: when the data shown was last collected.

    A function, not a value, so pages that never show it (feeds, JSON) cost no query.
    """
    from statecare.web import db as webdb
    from statecare.web import queries

    def collected(state: str | None = None) -> dict[str, Any]:
        try:
            cov = queries.coverage(webdb.session())
        except Exception:  # noqa: BLE001 - an error page must still render without the database
            return {"when": None, "covered": False, "states": [], "latest_action": None}
        when = cov.last_collected.get(state.lower()) if state else cov.newest
        return {"when": when, "covered": cov.covers(state) if state else bool(cov.bills),
                "states": cov.states, "latest_action": cov.latest_action}

    return {"collected": collected}


def party_letter(party: str) -> str:
    """"Democratic" -> "D", "Republican" -> "R"; other parties keep their name (the abbr's title says
    it). The co-sponsor party split uses the same letters (statecare.legis.cosponsors)."""
    return cosponsors.party_letter(party)


def split_quote(text: Any, limit: int) -> tuple[str, str]:
    """A long passage cut at the last space before `limit` into (shown, rest). The page shows the
    rest behind a "…" the reader can open, instead of dropping it: the words that decide a provision
    ("... and undocumented individuals") are often at the end of a long sentence."""
    q = str(text or "")
    if len(q) <= limit:
        return q, ""
    cut = q.rfind(" ", 0, limit)
    cut = cut if cut > limit // 2 else limit
    return q[:cut], q[cut:]


def register_filters(app: Flask) -> None:
    app.jinja_env.filters.update(
        marks=marks,
        stage_label=vocab.stage_label,
        policy_label=vocab.policy_label,
        state_name=vocab.state_name,
        short_date=short_date,
        urlquote=lambda s: quote(str(s), safe=""),
        ident_slug=ident_slug,  # the one URL form of a bill number, which every link to a bill uses
        money=svg.money,
        safe_url=safe_url,
        words=lambda s: str(s or '').replace('_', ' '),
        version_note=vocab.version_note,
        provision_label=lambda key: "{}: {}".format(
            vocab.PROVISION_CATEGORIES.get(str(key).split(".")[0], str(key).split(".")[0].replace("_", " ")),
            vocab.provision_value_label(str(key).split(".", 1)[-1])),
        session_label=vocab.session_label,  # {{ session|session_label(state) }}
        session_noun=vocab.session_noun,  # "The {{ session|session_noun(state) }} ended"
        house_name=vocab.house_name,  # {{ chamber|house_name(state) }}: "Assembly" in New York
        confidence_words=confidence_words,
        split_quote=split_quote,
    )
    app.jinja_env.globals.update(
        party_letter=party_letter,
        bill_url=bill_url,
        bill_path=bill_path,
        bill_stage_label=bill_stage_label,
        vocab=vocab,
        STAGE_LABELS=vocab.STAGE_LABELS,
        POLICY_LABELS=vocab.POLICY_LABELS,
        STATE_NAMES=vocab.STATE_NAMES,
        stacked_bars=svg.stacked_bars,
        band_chart=svg.band,
    )
    app.context_processor(_coverage_context)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
