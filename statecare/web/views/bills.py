"""The bill page: `/bills/<xx>/<session>/<identifier>`.

"HB1445", "HB 1445" and "hb1445" all resolve (statecare.db.normalize.normalize_identifier); any
spelling other than the canonical one redirects there, so a bill has one address to cite.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request

from statecare.db.models import Bill, Provision, Version
from statecare.web import billtext, queries, vocab
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


def _grouped(provs: list[Provision]) -> OrderedDict[str, list[Provision]]:
    groups: OrderedDict[str, list[Provision]] = OrderedDict()
    for cat in vocab.PROVISION_CATEGORIES:
        mine = [p for p in provs if p.category == cat]
        if mine:
            groups[cat] = sorted(mine, key=lambda p: (p.value, p.start))
    for p in provs:
        if p.category not in vocab.PROVISION_CATEGORIES:
            groups.setdefault(p.category, []).append(p)
    return groups


def scorecard_rows(card: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The scorecard as rows (key, label, value, evidence), whatever shape the NLP stored each answer in."""
    if not card:
        return []
    rows = []
    keys = list(vocab.SCORECARD_KEYS) + [k for k in card if k not in vocab.SCORECARD_KEYS and not k.startswith("_")]
    for k in keys:
        if k not in card:
            continue
        ans = card[k]
        evidence = None
        if isinstance(ans, dict):
            value = ans.get("value") or ans.get("status") or ans.get("answer")
            evidence = ans.get("evidence")
            if isinstance(evidence, list):
                evidence = " … ".join(str(e.get("evidence", e) if isinstance(e, dict) else e) for e in evidence[:2])
        else:
            value = ans
        rows.append({"key": k, "label": vocab.SCORECARD_KEYS.get(k, k.replace("_", " ")),
                     "value": str(value) if value is not None else "",
                     "value_label": vocab.SCORECARD_VALUES.get(str(value), str(value)),
                     "evidence": evidence})
    return rows


def timeline(bill: Bill) -> list[dict[str, Any]]:
    """Actions oldest first, each with the stage the bill had reached after it (when known)."""
    out = []
    prev = None
    for a in bill.actions:
        st = a.stage_after
        out.append({"date": a.date[:10], "description": a.description, "chamber": a.organization,
                    "classification": list(a.classification or []),
                    "nlp_classification": list(a.nlp_classification or []) if a.nlp_classification else [],
                    "stage_after": st, "stage_changed": bool(st and st != prev)})
        if st:
            prev = st
    return out


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
    abstract = _abstract_text(b)
    text_provs = [p for p in b.provisions if shown is not None and p.version_id == shown.id]
    abstract_provs = [p for p in b.provisions if p.version_id is None]
    text_segments, bad_text = billtext.segments(shown.text or "", text_provs) if shown else ([], [])
    abstract_segments, bad_abs = billtext.segments(abstract, abstract_provs) if abstract else ([], [])
    where: dict[int, str] = {}
    for p in text_provs:
        if p.id not in bad_text:
            where[p.id] = f"p{p.id}"
    for p in abstract_provs:
        if p.id not in bad_abs:
            where[p.id] = f"p{p.id}"
    diff_ctx = _diff_context(b, related)
    legiscan = b.source == "legiscan" or bool((b.extras or {}).get("legiscan_bill_id"))
    return render_template(
        "bill.html", b=b, related=related, timeline=timeline(b), provision_groups=_grouped(list(b.provisions)),
        scorecard=scorecard_rows(b.scorecard), scorecard_source=(b.scorecard or {}).get("_source"),
        shown=shown, text_segments=text_segments, abstract=abstract, abstract_segments=abstract_segments,
        anchors=where, text_versions=text_versions, legiscan=legiscan, **diff_ctx,
    )


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
