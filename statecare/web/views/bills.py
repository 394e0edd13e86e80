"""The bill page: `/bills/<xx>/<session>/<identifier>`.

"HB1445", "HB 1445" and "hb1445" all resolve (statecare.db.normalize.normalize_identifier); any
spelling other than the canonical one redirects there, so a bill has one address to cite.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from sqlalchemy import select

from statecare.db.models import Bill, Version
from statecare.legis.cosponsors import distinct_sponsors
from statecare.legis.sessions import session_end
from statecare.legis.vetoes import VetoEnd, veto_end
from statecare.web import billtext, cosponsors, hearings, people, queries, vocab
from statecare.web import db as webdb
from statecare.web.filters import bill_path, ident_slug

bp = Blueprint("bills", __name__)


def load_bill(state: str, session: str, identifier: str) -> Bill:
    st = state.lower()
    if st not in vocab.STATE_NAMES and st != "us":
        abort(404, f"There is no state {state!r}: use a two-letter postal code such as ny.")
    bill = queries.find_bill(webdb.session(), st, session, identifier)
    if bill is None:
        abort(404, f"No bill {identifier!r} in {st.upper()} session {session!r} is stored. "
                   "Try the search page with the bill number.")
    return bill


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return None
    if not raw.isdigit():
        abort(400, f"{name} must be a version number from the list on the page (got {raw!r}).")
    return int(raw)


def _abstract_text(bill: Bill) -> str:
    parts = []
    for a in bill.abstracts or []:
        if isinstance(a, dict) and a.get("abstract"):
            parts.append(str(a["abstract"]))
        elif isinstance(a, str):
            parts.append(a)
    # classify reads "\n\n".join(abstracts) when a bill has no text: the offsets refer to this string
    return "\n\n".join(parts)


@dataclass
class Passage:
    """One evidence passage as the page shows it: a verbatim quote, and the anchor of its
    highlight in the text on the page (None when that text is not shown or the offsets do not
    match it any more)."""

    quote: str
    anchor: str | None
    where: str  # "the bill text" | "the summary"


@dataclass
class KeyGroup:
    """Everything found for one provision key: the reader sees "Payroll tax" once, with the best
    passage first and the others folded away."""

    key: str
    label: str
    confidence: float
    passages: list[Passage] = field(default_factory=list)


@dataclass
class Evidence:
    """Provisions grouped for reading, and the highlights to draw in the summary and the text."""

    groups: OrderedDict[str, list[KeyGroup]]
    text_spans: list[billtext.HighlightSpan]
    abstract_spans: list[billtext.HighlightSpan]
    scorecard: list[dict[str, Any]]
    scorecard_source: str | None  # "summary" | "text" | None (no scorecard)
    unmatched: int  # provisions whose offsets no longer match the text they were read from


def _passage_at(text: str | None, start: int, end: int, evidence: str, anchor: str, where: str,
                spans: list[billtext.HighlightSpan] | None, label: str) -> Passage:
    """A passage; highlighted in `text` when the stored offsets still point at the stored words.

    The quote is the stored words when they are the evidence (spacing aside), else the evidence as
    classify cleaned it (no margin numbers or page headers inside a quote), still highlighted at its
    span in the text."""
    if text is not None and spans is not None and 0 <= start < end <= len(text):
        if billtext.same_words(text[start:end], evidence):
            a, b = billtext.tidy_span(text, start, end)
            spans.append(billtext.HighlightSpan(anchor, a, b, label))
            return Passage(billtext.quote(text[a:b]), anchor, where)
        if billtext.span_holds(text[start:end], evidence):
            spans.append(billtext.HighlightSpan(anchor, start, end, label))
            return Passage(billtext.quote(evidence), anchor, where)
    return Passage(billtext.quote(evidence), None, where)


def build_evidence(b: Bill, shown: Version | None, abstract: str) -> Evidence:
    """Group the bill's provisions by category and key, and place every evidence passage (of the
    provisions and of the scorecard) in the text it was read from, when that text is on the page."""
    text_spans: list[billtext.HighlightSpan] = []
    abstract_spans: list[billtext.HighlightSpan] = []
    by_key: dict[str, KeyGroup] = {}
    cats: dict[str, list[KeyGroup]] = {}
    unmatched = 0
    placed: dict[tuple[str, int], Passage] = {}  # (key, start) -> highlighted passage, for the scorecard
    for p in sorted(b.provisions, key=lambda p: (-p.confidence, p.start)):
        if p.version_id is None:
            text, spans, where = abstract, abstract_spans, "the summary"
        elif shown is not None and p.version_id == shown.id:
            text, spans, where = shown.text or "", text_spans, "the bill text"
        else:
            text, spans, where = None, None, "another version's text"
        label = f"{vocab.PROVISION_CATEGORIES.get(p.category, p.category)}: {vocab.provision_value_label(p.value)}"
        g = by_key.get(p.key)
        if g is None:
            g = by_key[p.key] = KeyGroup(p.key, vocab.provision_value_label(p.value), p.confidence)
            cats.setdefault(p.category, []).append(g)
        if any(billtext.same_words(q.quote, billtext.quote(p.evidence)) for q in g.passages):
            continue  # the same sentence again (a text that repeats itself): one quote is enough
        psg = _passage_at(text, p.start, p.end, p.evidence, f"p{p.id}", where, spans, label)
        if text is not None and psg.anchor is None:
            unmatched += 1
        if psg.anchor:
            placed[(p.key, p.start)] = psg
        g.passages.append(psg)
    groups: OrderedDict[str, list[KeyGroup]] = OrderedDict()
    for cat in [*vocab.PROVISION_CATEGORIES, *sorted(set(cats) - set(vocab.PROVISION_CATEGORIES))]:
        if cat in cats:
            groups[cat] = sorted(cats[cat], key=lambda g: g.label)
    card, source = _scorecard(b, shown, abstract, text_spans, abstract_spans, placed)
    return Evidence(groups, text_spans, abstract_spans, card, source, unmatched)


def _scorecard_version_id(b: Bill) -> int | None:
    """The version the scorecard was built from: the one its provisions were read from, else the
    newest version with usable text (what classify reads)."""
    ids = {p.version_id for p in b.provisions if p.version_id is not None}
    if ids:
        return max(ids, key=lambda i: next((v.order for v in b.versions if v.id == i), -1))
    ok = [v for v in b.versions if v.text and (v.text_status or "ok") == "ok"]
    return ok[-1].id if ok else None


def _scorecard(b: Bill, shown: Version | None, abstract: str, text_spans: list[billtext.HighlightSpan],
               abstract_spans: list[billtext.HighlightSpan], placed: dict[tuple[str, int], Passage]
               ) -> tuple[list[dict[str, Any]], str | None]:
    """The scorecard as rows: {key, label, value, value_label, sources, passages}.

    statecare.nlp.provisions.scorecard.build_scorecard stores {question: {answer, evidence: [{start, end,
    evidence, key?}], sources?}} plus `_source: "abstract"` when only the summary could be read;
    the evidence offsets are into that same text, so each passage is highlighted there too.
    """
    card = b.scorecard or {}
    if not card:
        return [], None
    from_summary = card.get("_source") == "abstract"
    if from_summary:
        text, spans, where = abstract, abstract_spans, "the summary"
    elif shown is not None and shown.id == _scorecard_version_id(b):
        text, spans, where = shown.text or "", text_spans, "the bill text"
    else:
        text, spans, where = None, None, "the bill text"
    values = vocab.SCORECARD_VALUES_FROM_SUMMARY if from_summary else vocab.SCORECARD_VALUES
    rows = []
    keys = [*vocab.SCORECARD_KEYS, *(k for k in card if k not in vocab.SCORECARD_KEYS and not k.startswith("_"))]
    for k in keys:
        if k not in card:
            continue
        ans = card[k]
        raw_ev: list[Any] = []
        sources: list[str] = []
        if isinstance(ans, dict):
            value = ans.get("answer") or ans.get("value") or ans.get("status")
            ev = ans.get("evidence")
            raw_ev = ev if isinstance(ev, list) else ([ev] if ev else [])
            sources = [vocab.provision_value_label(str(s).split(".", 1)[-1]) for s in ans.get("sources") or []]
        else:
            value = ans
        passages: list[Passage] = []
        if k == "financing":
            # "specified" rests on the sentences that state a rate (no `key`): show those first
            raw_ev = sorted(raw_ev, key=lambda e: bool(isinstance(e, dict) and e.get("key")))
        for i, e in enumerate(raw_ev):
            if isinstance(e, dict) and isinstance(e.get("start"), int) and isinstance(e.get("end"), int):
                words = str(e.get("evidence") or "")
                reuse = placed.get((str(e.get("key")), e["start"])) if e.get("key") else None
                psg = reuse or _passage_at(text, e["start"], e["end"], words, f"sc-{k}-{i}", where, spans,
                                           f"Scorecard: {vocab.SCORECARD_KEYS.get(k, k)}")
            else:
                words = str(e.get("evidence", "") if isinstance(e, dict) else e)
                psg = Passage(billtext.quote(words), None, where)
            if psg.quote and not any(billtext.same_words(psg.quote, q.quote) for q in passages):
                passages.append(psg)
        val = str(value) if value is not None else ""
        rows.append({"key": k, "label": vocab.SCORECARD_KEYS.get(k, k.replace("_", " ")), "value": val,
                     "value_label": values.get(val, val.replace("_", " ")), "sources": sources,
                     "passages": passages})
    return rows, ("summary" if from_summary else "text")


def scorecard_rows(card: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The scorecard as rows with plain-text evidence (for the JSON API and CSV-like uses)."""
    if not card:
        return []
    rows = []
    values = vocab.SCORECARD_VALUES_FROM_SUMMARY if card.get("_source") == "abstract" else vocab.SCORECARD_VALUES
    keys = [*vocab.SCORECARD_KEYS, *(k for k in card if k not in vocab.SCORECARD_KEYS and not k.startswith("_"))]
    for k in keys:
        if k not in card:
            continue
        ans = card[k]
        evidence: list[str] = []
        if isinstance(ans, dict):
            value = ans.get("answer") or ans.get("value") or ans.get("status")
            ev = ans.get("evidence")
            for e in ev if isinstance(ev, list) else ([ev] if ev else []):
                evidence.append(billtext.quote(str(e.get("evidence", "") if isinstance(e, dict) else e)))
        else:
            value = ans
        rows.append({"key": k, "label": vocab.SCORECARD_KEYS.get(k, k.replace("_", " ")),
                     "value": str(value) if value is not None else "",
                     "value_label": values.get(str(value), str(value)), "evidence": evidence})
    return rows


def _chronological(dates: list[str]) -> bool:
    return all(a[:10] <= b[:10] for a, b in zip(dates, dates[1:], strict=False))


def timeline(bill: Bill) -> tuple[list[dict[str, Any]], bool]:
    """Actions oldest first, each with the stage the bill had reached after it (when known).

    Returns (entries, in_recorded_order). Some sources list actions newest first (Open States' CO
    HJR 1002); the stages were derived in the recorded order, so when the page has to re-sort by
    date it drops the per-action stage rather than show a stage next to the wrong action. A bill
    that died because its session ended gets a last entry saying so: no action records that.
    """
    actions = list(bill.actions)
    in_order = _chronological([a.date or "" for a in actions])
    if not in_order:
        actions = sorted(actions, key=lambda a: (a.date or "")[:10])
    out = []
    prev = None
    for a in actions:
        st = a.stage_after if in_order else None
        out.append({"date": (a.date or "")[:10], "description": a.description, "chamber": a.organization,
                    "classification": list(a.classification or []),
                    "stage_after": st, "stage_label": stage_text(bill, st),
                    "stage_changed": bool(st and st != prev), "synthetic": False})
        if st:
            prev = st
    if session_ended(bill):
        by = died_by(bill)
        out.append({"date": (bill.stage_date or "")[:10], "date_words": f"by {by}" if by else None,
                    "chamber": None, "classification": [],
                    "description": f"The {vocab.session_noun(bill.legislative_session, bill.state)} ended "
                                   "before the bill passed every house it needed.",
                    "stage_after": "failed", "stage_label": stage_text(bill, "failed"),
                    "stage_changed": True, "synthetic": True})
    return out, in_order


def stage_text(bill: Any, stage: str | None) -> str:
    """The stage label for this kind of measure ("Adopted" for a one-house resolution)."""
    return vocab.bill_stage_label(stage, getattr(bill, "classification", None), bill.identifier, bill.state)


def measure_word(bill: Bill) -> str:
    """"memorial" or "resolution": what to call a measure that needs no governor."""
    kinds = " ".join(bill.classification or []).lower()
    prefix = "".join(ch for ch in bill.identifier.split(" ")[0] if ch.isalpha()).upper()
    if "memorial" in kinds or prefix.endswith("M"):
        return "memorial"
    if "constitutional amendment" in kinds or prefix.endswith("CA"):
        return "constitutional amendment"
    return "resolution"


def session_ended(bill: Bill) -> bool:
    """True when the bill is `failed` only because its session ended (no action records a defeat).

    classify stores the machine's answer (`stage_session_ended`); bills classified before it did are
    read from their actions."""
    if bill.stage != "failed":
        return False
    if bill.stage_session_ended is not None:
        return bool(bill.stage_session_ended) and not any(a.stage_after == "failed" for a in bill.actions)
    return not any(a.stage_after == "failed" for a in bill.actions)


def died_by(bill: Bill) -> str | None:
    """The session's last possible day, when that is all the bill's death date is: a bill that died
    because its session ended carries the end its session's name allows (Dec 31 of its last year,
    statecare.legis.sessions.session_end), not the day the legislature adjourned (Kentucky's 2025
    regular session rose in March; 336 of its bills read "Failed since 2025-12-31")."""
    if not session_ended(bill) or not bill.stage_date:
        return None
    end = session_end(bill.state, bill.legislative_session)
    return end if end and bill.stage_date[:10] == end else None


def versions_in_date_order(b: Bill) -> list[Version]:
    """The bill's versions as a reader expects them, oldest first. The dated ones are put in date order
    in the places dated versions hold (Arkansas lists amendments by house -- H1, S1, H2 -- whatever their
    dates; Colorado lists the newest first); a version without a date keeps its place in the
    legislature's list (Arkansas's undated bill as filed first, its Act last), and versions of one day
    keep the legislature's order."""
    versions = list(b.versions)
    slots = [i for i, v in enumerate(versions) if v.date]
    for i, v in zip(slots, sorted((versions[i] for i in slots), key=lambda v: (v.date[:10], v.order)), strict=True):
        versions[i] = v
    return versions


def final_veto(b: Bill) -> VetoEnd | None:
    """For a vetoed bill, what made its veto final (struck from the file, a sustained veto, its
    session over), else None: the page offers a veto-override alert only while one can happen."""
    if b.stage != "vetoed":
        return None
    return veto_end(list(b.actions), b.stage_session_ended, b.state)


def reintroductions(b: Bill, related: list[queries.RelatedView]) -> list[queries.BillRef]:
    """Stored later bills that name this one as their prior-session version (as the digest's
    reintroduction alerts read it): a bill that died or was vetoed and came back, oldest session first."""
    later = {r.bill.id: r.bill for r in related if r.incoming and r.relation_type == "prior-session"
             and r.bill is not None and r.bill.legislative_session != b.legislative_session}
    return sorted(later.values(), key=lambda r: (r.legislative_session, r.identifier))


@bp.get("/bills/<state>/<session>/<path:identifier>")
def bill(state: str, session: str, identifier: str):  # type: ignore[no-untyped-def]
    b = load_bill(state, session, identifier)
    canonical_ident = ident_slug(b.identifier)
    if state != b.state or identifier != canonical_ident:
        return redirect(bill_path(b.state, b.legislative_session, b.identifier, **request.args), 301)
    s = webdb.session()
    related = queries.related_views(s, b)
    text_versions = [v for v in b.versions if v.text]
    # which text to show: ?version=, else the version the provisions were read from, else the newest
    want = _int_arg("version")
    prov_version_ids = {p.version_id for p in b.provisions if p.version_id}
    shown: Version | None = None
    if want is not None:
        shown = next((v for v in text_versions if v.id == want), None)
        if shown is None:
            abort(404, f"Version {want} has no stored text for this bill.")
    elif text_versions:
        shown = next((v for v in reversed(text_versions) if v.id in prov_version_ids), text_versions[-1])
    fmt = request.args.get("format")
    if fmt is not None:  # ?format=text: the version's whole text, where the page shows only a part
        if fmt != "text":
            abort(400, f"format must be text (got {fmt[:40]!r}).")
        if shown is None:
            abort(404, "This bill has no stored text.")
        return Response(shown.text or "", mimetype="text/plain")
    abstract = _abstract_text(b)
    ev = build_evidence(b, shown, abstract)
    labels = {sp.id: sp.label for sp in [*ev.text_spans, *ev.abstract_spans]}
    # a page inlines at most billtext.MAX_INLINE_CHARS of the text; the rest is a link away
    inline = billtext.inline_length(shown.text or "") if shown else 0
    text_segments, _ = billtext.segments((shown.text or "")[:inline], ev.text_spans) if shown else ([], [])
    abstract_segments, _ = billtext.segments(abstract, ev.abstract_spans) if abstract else ([], [])
    diff_ctx = _diff_context(b, related)
    legiscan = b.source == "legiscan" or bool((b.extras or {}).get("legiscan_bill_id"))
    entries, in_order = timeline(b)
    upcoming_hearings, past_hearings = hearings.for_bill(s, b)
    committee, committee_unmatched = people.bill_committee(s, b)
    return render_template(
        "bill.html", b=b, related=related, reintroduced_as=reintroductions(b, related),
        versions_listed=versions_in_date_order(b), timeline=entries, timeline_in_order=in_order,
        stage_label=stage_text(b, b.stage), session_ended=session_ended(b), died_by=died_by(b),
        veto_final=final_veto(b),
        ended=vocab.ended_label(b.stage, b.stage_furthest, b.stage_chambers_passed, b.state),
        complete_without_governor=(measure_word(b) if b.stage == "passed_both"
                                   and vocab.needs_no_governor(b.classification, b.identifier, b.state) else None),
        provision_groups=ev.groups, unmatched=ev.unmatched, scorecard=ev.scorecard,
        scorecard_source=ev.scorecard_source,
        scorecard_applies=b.policy_type in vocab.SCORECARD_POLICY_TYPES,
        shown=shown, text_segments=text_segments, text_inline=inline, abstract=abstract, abstract_segments=abstract_segments,
        span_title=lambda ids: "; ".join(dict.fromkeys(labels[i] for i in ids if i in labels)),
        text_versions=text_versions, legiscan=legiscan, upcoming_hearings=upcoming_hearings,
        past_hearings=past_hearings, cosponsors=cosponsors.of_bill(s, b), committee=committee,
        committee_unmatched=committee_unmatched,
        sponsors=distinct_sponsors(b.sponsorships),
        sponsor_pages=people.known_people(s, (sp.person_id for sp in b.sponsorships)), **diff_ctx,
    )


def _calendar_response(hs: list[hearings.HearingView], name: str) -> Response:
    s = webdb.session()
    ids = {h.bill_id for h in hs}
    bills = {b.id: b for b in s.scalars(select(Bill).where(Bill.id.in_(ids)))} if ids else {}
    urls = {i: url_for("bills.bill", state=b.state, session=b.legislative_session,
                       identifier=ident_slug(b.identifier), _external=True) for i, b in bills.items()}
    body = hearings.calendar(hs, name=name, host=request.host.split(":")[0] or "statecare", url_of=urls)
    return Response(body, mimetype="text/calendar", headers={"Content-Disposition": "inline"})


@bp.get("/hearings/<state>/<session>/<identifier>.ics")
def bill_calendar(state: str, session: str, identifier: str):  # type: ignore[no-untyped-def]
    """One bill's hearings (upcoming and past) as an iCalendar file."""
    b = load_bill(state, session, identifier)
    upcoming, past = hearings.for_bill(webdb.session(), b)
    return _calendar_response(upcoming + past, f"statecare: {b.state.upper()} {b.identifier} hearings")


@bp.get("/hearings/<code>.ics")
def state_calendar(code: str):  # type: ignore[no-untyped-def]
    """A state's upcoming hearings on tracked bills as an iCalendar file."""
    st = code.lower()
    if st not in vocab.STATE_NAMES:
        abort(404, f"There is no state {code!r}: use a two-letter postal code such as NY.")
    return _calendar_response(hearings.upcoming_in_state(webdb.session(), st),
                              f"statecare: {vocab.state_name(st)} hearings")


def _diff_context(b: Bill, related: list[queries.RelatedView]) -> dict[str, Any]:
    s = webdb.session()
    choices = queries.versions_for_diff(s, b, related)
    ctx: dict[str, Any] = {"diff_choices": choices, "diff": None, "diff_from": None, "diff_to": None,
                           "prov_changes": []}
    a_id, b_id = _int_arg("diff_from"), _int_arg("diff_to")
    if a_id is None and b_id is None:
        return ctx
    if a_id is None or b_id is None:
        abort(400, "Choose two versions to compare (diff_from and diff_to).")
    by_id = {v.id: (v, ref) for v, ref in choices}
    for vid in (a_id, b_id):
        if vid not in by_id:
            abort(400, f"Version {vid} is not a text version of this bill or of a related bill.")
    (va, ra), (vb, rb) = by_id[a_id], by_id[b_id]
    ctx.update(diff=billtext.diff_texts(va.text or "", vb.text or ""), diff_from=(va, ra), diff_to=(vb, rb),
               prov_changes=billtext.provision_changes(
                   queries.provisions_of_version(s, va.id), va.text or "",
                   queries.provisions_of_version(s, vb.id), vb.text or ""))
    return ctx
