"""A re-crawl asks only for what changed and skips an unchanged API item before converting it --
without missing a changed record or a changed people directory (crawler.unchanged, spiders/openstates).

Real recorded bills (the first twelve of a Kansas or Alaska session of shared/national, copied under
the test's tmp folder, never an edit of shared/), through the replay and real scrapy, on SQLite and
PostgreSQL. Alaska's bills name sponsors the people directory knows (Kansas' records list none).
"""

from __future__ import annotations

import gzip
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from crawlhelp import run_crawl, table_count
from livehelp import SESSION, STATE, national_slice
from sqlalchemy import Engine, select

from statecare.crawler.replay import ReplayServer
from statecare.db.models import Bill, Event, Sponsorship
from statecare.legis.identifiers import normalize_identifier

pytestmark = pytest.mark.slow

PEOPLE_STATE, PEOPLE_SESSION = "ak", "34"


def _bills_file(national: Path) -> Path:
    return national / STATE / SESSION / "bills.jsonl.gz"


def _slice(shared: Path, dest: Path, state: str, session: str, lines: int = 12) -> Path:
    """dest/national/<state>/<session>/bills.jsonl.gz: the session's first `lines` recorded bills."""
    out = dest / "national" / state / session
    out.mkdir(parents=True)
    with gzip.open(shared / "national" / state / session / "bills.jsonl.gz", "rb") as f, \
            gzip.open(out / "bills.jsonl.gz", "wb") as g:
        for _ in range(lines):
            g.write(f.readline())
    return dest / "national"


def _read(national: Path) -> list[dict[str, Any]]:
    with gzip.open(_bills_file(national), "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _write(national: Path, bills: list[dict[str, Any]]) -> None:
    with gzip.open(_bills_file(national), "wt", encoding="utf-8") as f:
        for b in bills:
            f.write(json.dumps(b) + "\n")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _crawl(db_url: str, fixtures: Path, national: Path, state: str = STATE) -> tuple[dict[str, Any], list[str]]:
    with ReplayServer(fixtures, national=national, national_states=[state]) as server:
        summary = run_crawl("openstates", db_url, "--replay-url", server.url, "--state", state,
                            "--term", "single payer")
        return summary, list(server.hits)


def _documents(hits: list[str]) -> list[str]:
    return [u for u in hits if "/bills?" not in u and not u.endswith("/robots.txt") and "/_replay/" not in u]


def _titles(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return dict(conn.execute(select(Bill.identifier, Bill.title).where(Bill.state == STATE)).all())


def test_second_crawl_changes_nothing_and_a_changed_record_is_picked_up(
        db_url: str, db_engine: Engine, fixtures: Path, shared: Path, tmp_path: Path) -> None:
    national = national_slice(shared, tmp_path)
    first, _ = _crawl(db_url, fixtures, national)
    assert first["status"] == "finished" and first["new"] == 12 and first["errors"] == 0, first
    events = table_count(db_engine, Event)

    second, hits = _crawl(db_url, fixtures, national)
    assert (second["seen"], second["new"], second["updated"], second["events"]) == (0, 0, 0, 0), second
    assert not _documents(hits)
    assert all("updated_since=" in u for u in hits if "/bills?" in u)

    # the source changes one record (its title) and re-stamps another without changing it, as Open
    # States does when it re-imports a bill: both are sent again, one is stored, the other skipped
    bills = _read(national)
    changed, touched = bills[0], bills[1]
    changed["title"] = changed["title"] + " (as amended)"
    for b in (changed, touched):
        b["_processing"]["logs_latest_update"] = _now()
    _write(national, bills)
    before = _titles(db_engine)
    third, hits = _crawl(db_url, fixtures, national)
    assert (third["seen"], third["new"], third["updated"], third["unchanged"]) == (2, 0, 1, 1), third
    after = _titles(db_engine)
    ident = normalize_identifier(changed["identifier"])
    assert after[ident] == changed["title"] and {k for k in after if after[k] != before[k]} == {ident}
    touched_links = {lk["url"] for v in touched.get("versions") or [] for lk in v.get("links") or []}
    assert not [u for u in _documents(hits) if u in touched_links]  # the re-stamped bill fetched nothing
    assert table_count(db_engine, Event) - events == third["events"]


def _people_copy(shared: Path, tmp_path: Path, national: Path) -> Path:
    """tmp/shared: the recorded fixtures (linked), the slice and a copy of the state's people files."""
    root = tmp_path / "shared"
    (root / "people").mkdir(parents=True)
    os.symlink(shared / "fixtures", root / "fixtures")
    os.symlink(national, root / "national")
    (root / "people" / PEOPLE_STATE).mkdir()
    for f in (shared / "people" / PEOPLE_STATE).iterdir():
        (root / "people" / PEOPLE_STATE / f.name).write_bytes(f.read_bytes())
    return root


def test_a_changed_people_directory_matches_sponsors_again(
        db_url: str, db_engine: Engine, fixtures: Path, shared: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    national = _slice(shared, tmp_path, PEOPLE_STATE, PEOPLE_SESSION)
    root = _people_copy(shared, tmp_path, national)
    monkeypatch.setenv("STATECARE_SHARED", str(root))
    first, _ = _crawl(db_url, fixtures, national, PEOPLE_STATE)
    assert first["new"] == 12, first
    with db_engine.connect() as conn:
        rows = conn.execute(select(Sponsorship.person_id, Sponsorship.bill_id, Sponsorship.extras)
                            .where(Sponsorship.person_id.like("ocd-person/%"))).all()
    matched = [r for r in rows if (r.extras or {}).get("person_party")]
    assert matched, "no sponsor of the slice was matched to the people directory"
    person = matched[0].person_id
    old_party = matched[0].extras["person_party"]
    sponsored = {r.bill_id for r in rows if r.person_id == person}

    # the directory now says this legislator sits for another party
    path = root / "people" / PEOPLE_STATE / "legislators.jsonl.gz"
    if not any(json.loads(line)["id"] == person for line in gzip.open(path, "rt", encoding="utf-8")):
        path = root / "people" / PEOPLE_STATE / "retired.jsonl.gz"
    people = [json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8")]
    for p in people:
        if p["id"] == person:
            p["party"] = [{"name": "Independent" if old_party != "Independent" else "Libertarian"}]
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(p) + "\n" for p in people)

    second, _ = _crawl(db_url, fixtures, national, PEOPLE_STATE)
    # every bill of the state is sent again (a new pass: the directory is part of its plan) and matched again;
    # those sponsored by that legislator change, the others are found unchanged by the store
    assert second["seen"] == 12 and second["new"] == 0 and second["updated"] == len(sponsored), second
    with db_engine.connect() as conn:
        parties = {(r.extras or {}).get("person_party") for r in conn.execute(
            select(Sponsorship.extras).where(Sponsorship.person_id == person))}
    assert parties and old_party not in parties

    third, _ = _crawl(db_url, fixtures, national, PEOPLE_STATE)
    assert (third["seen"], third["updated"], third["events"]) == (0, 0, 0), third
