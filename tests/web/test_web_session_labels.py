"""Session ids are shown in words ("2026rs" -> "2026 regular session"), on every page that shows one."""

from __future__ import annotations

import csv
import gzip
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from statecare.legis.sessions import session_label, session_noun


def raw_looking(label: str) -> bool:
    """A label a reader would take for a database key: digits glued to letters ("2026rs", "114S1",
    "20251E"), an underscore, eight digits in a row, or a bare number ("153"); ordinals ("194th")
    are words."""
    s = re.sub(r"\b\d+(?:st|nd|rd|th)\b", "N", label)
    return bool(re.search(r"\d[A-Za-z]|[A-Za-z]\d|_|\d{5,}", s) or re.fullmatch(r"\d{1,3}", s))


def recorded_sessions(shared: Path) -> set[tuple[str, str]]:
    """Every (state, session) of the recording: each national session's label as its actions have
    it (a session with no health bill has no bills.jsonl record), and the fixtures' Open States
    records."""
    out: set[tuple[str, str]] = set()
    for f in sorted((shared / "national").glob("*/*/actions.csv.gz")):
        with gzip.open(f, "rt", encoding="utf-8", newline="") as fh:
            row = next(csv.DictReader(fh))
        out.add((row["state"].lower(), row["session"]))
    for f in sorted((shared / "fixtures" / "openstates").glob("*/*.json")):
        try:
            rec = json.loads(f.read_text(encoding="utf-8"))
        except ValueError:  # a few recorded files are not JSON (an error page the API gave)
            continue
        if isinstance(rec, dict) and rec.get("legislative_session"):
            out.add((f.parent.name, rec["legislative_session"]))
    return out


def test_no_recorded_session_is_shown_raw(shared: Path) -> None:
    sessions = recorded_sessions(shared)
    assert len(sessions) >= 50
    left = sorted((st, s, session_label(s, st)) for st, s in sessions if raw_looking(session_label(s, st)))
    assert left == []
    # and the raw ids were raw-looking to begin with (the test can fail)
    assert sum(raw_looking(s) for _st, s in sessions) >= 15


@pytest.mark.parametrize("state, raw, shown", [
    ("al", "2026rs", "2026 regular session"), ("ky", "2025RS", "2025 regular session"),
    ("nm", "2025S1", "2025 first special session"), ("mo", "2025S2", "2025 second special session"),
    ("sd", "2025s", "2025 special session"), ("ms", "20251E", "2025 first extraordinary session"),
    ("ca", "20252026", "2025-2026"), ("ca", "20252026 Special Session 1", "2025-2026 first special session"),
    ("ga", "2025_26", "2025-2026"), ("co", "2023B", "2023 first special session"),
    ("co", "2026A", "2026 regular session"), ("nv", "2025Special36", "2025 36th special session"),
    ("ma", "194th", "194th Legislature, 2025-2026"), ("de", "153", "153rd Legislature, 2025-2026"),
    ("nj", "221", "221st Legislature, 2024-2025"), ("tn", "114S1", "114th Legislature, 2025-2026, first special session"),
    ("az", "57th-2nd-regular", "57th Legislature, 2025-2026, second regular session"),
])
def test_session_ids_read_as_words(state: str, raw: str, shown: str) -> None:
    assert session_label(raw, state) == shown


@pytest.mark.parametrize("state, raw", [("wa", "2025-2026"), ("ar", "2025"), ("pr", "2025-2028"),
                                        ("ak", "27th Legislature, 2011-2012"), ("xx", "2025Z"), ("xx", "Special")])
def test_readable_or_unknown_names_are_kept(state: str, raw: str) -> None:
    # near misses: already words, or a shape no rule knows (shown as stored rather than guessed)
    assert session_label(raw, state) == raw


def test_session_noun_never_doubles_session() -> None:
    assert session_noun("2026rs", "al") == "2026 regular session"
    assert session_noun("2025-2026", "wa") == "2025-2026 session"


def test_pages_show_session_labels_not_ids(client: FlaskClient) -> None:
    page = BeautifulSoup(client.get("/search", query_string={"q": "health"}).get_data(as_text=True), "lxml")
    options = {o["value"]: o.get_text(strip=True) for o in page.select("#f-session option") if o.get("value")}
    assert options["2025S1"].startswith("2025 first special session (") and options["20252026"] == "2025-2026 (California)"
    assert not [t for t in options.values() if raw_looking(t)]
    bill = BeautifulSoup(client.get("/bills/ma/194th/S860").get_data(as_text=True), "lxml")
    meta = bill.select_one("p.meta").get_text(" ", strip=True)
    assert "Massachusetts, 194th Legislature, 2025-2026 session" in meta
    nm = BeautifulSoup(client.get("/search", query_string={"q": "HB 2", "state": "nm"}).get_data(as_text=True), "lxml")
    assert "(2025 first special session)" in nm.select_one(".hit.exact").get_text(" ", strip=True)


def _session_options(client: FlaskClient, **args: str) -> list[tuple[str, str, bool]]:
    page = BeautifulSoup(client.get("/search", query_string={"q": "health", **args}).get_data(as_text=True), "lxml")
    return [(o["value"], " ".join(o.get_text().split()), o.has_attr("selected"))
            for o in page.select("#f-session option") if o["value"]]


def test_search_session_list_tells_states_sessions_apart(client: FlaskClient) -> None:
    """The session list read "2025-2026" once per id that reads so ("2025-2026", CA's "20252026",
    GA's "2025_26") and "194th Legislature" without its years: a reader could not tell which to pick."""
    opts = _session_options(client)
    words = [w for _, w, _ in opts]
    assert len(words) == len(set(words)), sorted(w for w in words if words.count(w) > 1)
    ids = [v for v, _, _ in opts]
    assert len(ids) == len(set(ids))
    assert ("194th", "194th Legislature, 2025-2026 (Massachusetts)") in [(v, w) for v, w, _ in opts]
    assert ("20252026", "2025-2026 (California)") in [(v, w) for v, w, _ in opts]


def test_search_session_list_with_a_state_lists_its_sessions(client: FlaskClient) -> None:
    opts = _session_options(client, state="ny", session="2023-2024")
    assert {v for v, _, _ in opts} >= {"2023-2024", "2025-2026"}
    assert all("(" not in w for _, w, _ in opts)  # one state: no state names
    assert [v for v, _, sel in opts if sel] == ["2023-2024"]
    assert "194th" not in {v for v, _, _ in opts}  # near miss: another state's session is not offered
