"""Selection and rendering over the replayed week: filters, grouping, provisions, text/HTML parity."""

from __future__ import annotations

import pytest
from digesthelp import Week, _s860_provisions
from sqlalchemy import Engine

from statecare.digest.render import render_digest
from statecare.digest.selection import (
    EventIndex,
    EventRow,
    FilterError,
    Filters,
    SavedSearches,
    Selector,
    _items_for_bill,
    bill_url,
    load_events,
)

ROOT = "http://digest.test"


@pytest.fixture
def engine(sqlite_engine: Engine) -> Engine:
    return sqlite_engine


def _selector(engine: Engine, week: Week) -> Selector:
    with engine.connect() as conn:
        events = load_events(conn, week.start_after, week.end)
        index = EventIndex(events)
        searches = SavedSearches(conn, index.bill_ids)
        for q in ("Green Mountain", "health trust"):
            searches.matching(q)
    return Selector(index, searches, ROOT)


def _bills(digest) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(s.code, b.identifier) for s in digest.sections for b in s.bills}


def test_filters_states_types_and_saved_search(engine: Engine, week: Week) -> None:
    sel = _selector(engine, week)
    everything = sel.digest(Filters(), week.start_after, week.end)
    states = [s.code for s in everything.sections]
    assert states == sorted(states, key=lambda c: everything.sections[states.index(c)].name)
    # the default is the four relevant types: the vetoed / signed VT bills are "other health coverage"
    assert ("vt", "S 190") not in _bills(everything) and ("wa", "SJM 8004") in _bills(everything)
    other = sel.digest(Filters.of(["vt"], ["other_health_coverage"], None), week.start_after, week.end)
    assert _bills(other) == {("vt", "S 190"), ("vt", "S 197")}
    s197 = next(b for b in other.sections[0].bills if b.identifier == "S 197")
    kinds = [i.kind for i in s197.items]
    assert "stage_change" in kinds and "new_version" in kinds  # enacted, and the "As Enacted" text
    assert any(i.headline == "Enacted" for i in s197.items)
    gm = sel.digest(Filters.of([], [], "Green Mountain"), week.start_after, week.end)
    assert _bills(gm) and all(st == "vt" for st, _ in _bills(gm))
    trust = sel.digest(Filters.of(["wa"], [], "health trust"), week.start_after, week.end)
    assert _bills(trust) == {("wa", "HB 1445"), ("wa", "SB 5233")}
    # the same filters and range are computed once
    assert sel.digest(Filters.of(["wa"], [], "health trust"), week.start_after, week.end) is trust
    # nothing after the end of the week
    assert sel.digest(Filters(), week.end, week.end).empty


def test_filter_errors_name_the_value() -> None:
    with pytest.raises(FilterError, match="zz"):
        Filters.of(["zz"], [], None)
    with pytest.raises(FilterError, match="medicare_for_all"):
        Filters.of([], ["medicare_for_all"], None)
    with pytest.raises(FilterError, match="longer than"):
        Filters.of([], [], "x" * 201)


def test_new_version_carries_the_provision_changes(shared) -> None:  # type: ignore[no-untyped-def]
    """classify re-reads a bill when new text arrives: its provision changes are told with that text."""
    keys = list(_s860_provisions(str(shared)))
    common = dict(bill_id=1, state="ma", session="194th", identifier="S 860", created_at=None,
                  policy_type="single_payer", title="An Act establishing medicare for all in Massachusetts",
                  stage="in_committee")
    version = EventRow(id=10, kind="new_version", payload={
        "note": "Bill Text", "date": "", "sha256": "b" * 64, "previous_sha256": "a" * 64,
        "url": "https://malegislature.gov/Bills/194/S860.pdf"}, **common)
    recl = EventRow(id=11, kind="reclassified", payload={
        "policy_type_from": "single_payer", "policy_type_to": "single_payer",
        "provisions_added": keys[:3], "provisions_removed": keys[3:4]}, **common)
    items = _items_for_bill([version, recl], ROOT)
    assert len(items) == 1 and items[0].kind == "new_version"
    text = " ".join(items[0].details)
    assert "re-worded" in text and "Provisions added:" in text and "Provisions removed:" in text
    assert items[0].link_url == "https://malegislature.gov/Bills/194/S860.pdf"


def test_both_parts_from_the_same_digest(engine: Engine, week: Week) -> None:
    digest = _selector(engine, week).digest(Filters(), week.start_after, week.end)
    r = render_digest(digest, ROOT)
    text, html = r.personalise(f"{ROOT}/preferences/T", f"{ROOT}/unsubscribe/T")
    for section in digest.sections:
        assert f"== {section.name} ==" in text and section.name in html
        for bill in section.bills:
            assert bill.url in text and f'href="{bill.url}"' in html
    assert f"{digest.item_count} updates on {digest.bill_count} bills" in text
    assert max(len(line) for line in text.splitlines() if "http" not in line) <= 72
    assert "<script" not in html and "max-width:600px" in html


def test_bill_url_matches_the_site() -> None:
    assert bill_url(ROOT, "wa", "2025-2026", "SJM 8004") == f"{ROOT}/bills/wa/2025-2026/SJM8004"
    assert bill_url(ROOT, "ny", "2025-2026", "J 1075") == f"{ROOT}/bills/ny/2025-2026/J1075"
    assert bill_url(ROOT, "ma", "194th", "S 860").endswith("/ma/194th/S860")
