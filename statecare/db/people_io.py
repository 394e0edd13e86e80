"""Load Open States' directory of legislators and committees (shared/people) into the database.

Why a table and not the files: a legislator page lists the person's committees and bills, a bill
page its committee's chair and members; reading 52 gzip files per request would cost seconds, and
at national scale pages must stay a few indexed lookups. The load is idempotent: a state's rows are
replaced as a whole in one transaction, so a second load changes nothing and a new snapshot of the
directory is picked up by loading again (`statecare people load`, part of `make pipeline`).

Who is loaded: every current legislator (`legislators.jsonl.gz`) and every former one with a
legislative seat in the state (`retired.jsonl.gz`; mayors and governors are not legislators),
because sponsors of older sessions are matched to them. Committee members the directory left
without a person id, or with an id no file of the state holds (README: Kyle Koehler, oh), are
matched by name among the state's people (statecare.legis.names.norm_name), never guessed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.orm import Session

from statecare.db.models import Committee, CommitteeMember, Legislator, PeopleLoad
from statecare.legis.names import LEGISLATIVE_ROLES, norm_name


class PeopleError(ValueError):
    """The people folder or a state in it is not what the loader needs (the message names it)."""


@dataclass
class LoadCounts:
    states: int = 0
    legislators: int = 0
    committees: int = 0
    members: int = 0
    members_unmatched: int = 0


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        return
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except ValueError as exc:
                    raise PeopleError(f"{path}: line {n} is not JSON ({exc})") from exc


def _jurisdiction_part(state: str) -> str:
    return {"dc": "/district:dc/", "pr": "/territory:pr/"}.get(state, f"/state:{state}/")


def slug_of(ocd_id: str) -> str:
    """The uuid of "ocd-person/<uuid>" / "ocd-organization/<uuid>": the page's address."""
    return ocd_id.rsplit("/", 1)[-1]


def _party(rec: dict[str, Any]) -> str | None:
    parties = [p for p in rec.get("party") or [] if isinstance(p, dict) and p.get("name")]
    open_ = [p for p in parties if not p.get("end_date")]
    chosen = (open_ or parties)[-1:]
    return str(chosen[0]["name"]) if chosen else None


def legislator_row(rec: dict[str, Any], state: str, listed_current: bool,
                   today: str | None = None) -> dict[str, Any] | None:
    """The `legislators` row for one directory record, or None when it held no seat in `state`."""
    part = _jurisdiction_part(state)
    seats = [{"chamber": str(r["type"]), "district": str(r.get("district") or ""),
              "start": str(r.get("start_date") or ""), "end": str(r.get("end_date") or "")}
             for r in rec.get("roles") or []
             if isinstance(r, dict) and r.get("type") in LEGISLATIVE_ROLES and part in str(r.get("jurisdiction") or "")]
    if not seats or not rec.get("id"):
        return None
    # a seat is held while it has no end or its end is still to come: Open States writes the end of
    # the present term on some current members (Iowa's Bill Dotzler, 1997-2027-01-02; Colorado, Michigan,
    # Utah), whom the page called "Former member" beside their committee seats
    today = today or date.today().isoformat()
    open_seats = [s for s in seats if not s["end"] or s["end"][:10] >= today]
    seat = open_seats[-1] if open_seats else max(seats, key=lambda s: s["end"])
    name = str(rec.get("name") or "").strip() or str(rec["id"])
    return {"id": str(rec["id"]), "slug": slug_of(str(rec["id"])), "state": state, "name": name,
            "family_name": str(rec.get("family_name") or name.split()[-1]), "party": _party(rec),
            "chamber": seat["chamber"], "district": seat["district"] or None,
            "current": listed_current and bool(open_seats), "email": rec.get("email") or None,
            "offices": [o for o in rec.get("offices") or rec.get("contact_details") or [] if isinstance(o, dict)],
            "links": [lk for lk in rec.get("links") or [] if isinstance(lk, dict) and lk.get("url")],
            "seats": seats}


def _committee_rows(rec: dict[str, Any], state: str, people: dict[str, str],
                    by_name: dict[str, list[str]]) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    others = [str(o["name"]) for o in rec.get("other_names") or [] if isinstance(o, dict) and o.get("name")]
    cid = str(rec["id"])
    row = {"id": cid, "slug": slug_of(cid), "state": state, "name": str(rec.get("name") or cid),
           "chamber": str(rec.get("chamber") or "legislature"),
           "classification": str(rec.get("classification") or "committee"),
           "parent_id": rec.get("parent") if isinstance(rec.get("parent"), str) else None,
           "names": [str(rec.get("name") or ""), *others],
           "links": [lk for lk in rec.get("links") or [] if isinstance(lk, dict) and lk.get("url")]}
    members, unmatched = [], 0
    for i, m in enumerate(rec.get("members") or []):
        if not isinstance(m, dict) or not m.get("name"):
            continue
        pid = m.get("person_id") if m.get("person_id") in people else None
        if pid is None:
            found = by_name.get(norm_name(str(m["name"])), [])
            pid = found[0] if len(set(found)) == 1 else None
            unmatched += pid is None
        members.append({"committee_id": cid, "order": i, "name": str(m["name"]),
                        "role": str(m.get("role") or "member"), "person_id": pid})
    return row, members, unmatched


def load_state(s: Session, folder: Path, state: str, today: str | None = None) -> LoadCounts:
    """Replace one state's legislators and committees with what `folder/<state>/` holds."""
    base = folder / state
    if not (base / "legislators.jsonl.gz").is_file():
        raise PeopleError(f"{base}: no legislators.jsonl.gz (is {folder} shared/people, and {state!r} a state in it?)")
    rows: dict[str, dict[str, Any]] = {}
    for name, current in (("retired.jsonl.gz", False), ("legislators.jsonl.gz", True)):
        for rec in _lines(base / name):
            row = legislator_row(rec, state, current, today)
            if row is not None:
                rows[row["id"]] = row  # current wins over a retired copy of the same person
    by_name: dict[str, list[str]] = {}
    for row in rows.values():
        if row["current"]:
            by_name.setdefault(norm_name(row["name"]), []).append(row["id"])
    people = {i: r["name"] for i, r in rows.items()}
    committees, members, unmatched = [], [], 0
    for rec in _lines(base / "committees.jsonl.gz"):
        if rec.get("id"):
            c, ms, u = _committee_rows(rec, state, people, by_name)
            committees.append(c)
            members += ms
            unmatched += u
    old_committees = select(Committee.id).where(Committee.state == state)
    s.execute(delete(CommitteeMember).where(CommitteeMember.committee_id.in_(old_committees)))
    s.execute(delete(Committee).where(Committee.state == state))
    s.execute(delete(Legislator).where(Legislator.state == state))
    ids = list(rows)
    for i in range(0, len(ids), 500):  # the same person filed under another state before
        s.execute(delete(Legislator).where(Legislator.id.in_(ids[i:i + 500])))
    if rows:
        s.execute(insert(Legislator), list(rows.values()))
    if committees:
        s.execute(insert(Committee), committees)
    if members:
        s.execute(insert(CommitteeMember), members)
    s.execute(delete(PeopleLoad).where(PeopleLoad.state == state))
    s.execute(insert(PeopleLoad), [{"state": state, "fingerprint": fingerprint(folder, state)}])
    return LoadCounts(1, len(rows), len(committees), len(members), unmatched)


_FILES = ("legislators.jsonl.gz", "retired.jsonl.gz", "committees.jsonl.gz")


def fingerprint(folder: Path, state: str) -> str:
    """A hash of the state's directory files' names, sizes and modification times.

    Reading the files' bytes would cost a second per run for all 52 states; a new snapshot of the
    directory rewrites the files, which changes their times (a copy that only touches them costs one
    idempotent reload, nothing worse)."""
    h = hashlib.sha256()
    for name in _FILES:
        path = folder / state / name
        st = path.stat() if path.is_file() else None
        h.update(f"{name}:{st.st_size if st else -1}:{st.st_mtime_ns if st else -1};".encode())
    return h.hexdigest()


def changed_states(engine: Engine, folder: Path) -> list[str]:
    """The states of `folder` whose files differ from (or were never) loaded."""
    with Session(engine) as s:
        stored = {st: fp for st, fp in s.execute(select(PeopleLoad.state, PeopleLoad.fingerprint))}
    return [st for st in states_in(folder) if stored.get(st) != fingerprint(folder, st)]


def states_in(folder: Path) -> list[str]:
    """The states of a people folder (sub-folders holding a legislators file)."""
    if not folder.is_dir():
        raise PeopleError(f"{folder}: not a folder (expected shared/people)")
    return sorted(p.name for p in folder.iterdir() if (p / "legislators.jsonl.gz").is_file())


def load_people(engine: Engine, folder: Path, states: list[str] | None = None, today: str | None = None) -> LoadCounts:
    """Load the given states (default: all) in one transaction; returns what was loaded."""
    wanted = [st.lower() for st in states] if states else states_in(folder)
    total = LoadCounts()
    with Session(engine) as s, s.begin():
        for st in wanted:
            c = load_state(s, folder, st, today)
            for f in ("states", "legislators", "committees", "members", "members_unmatched"):
                setattr(total, f, getattr(total, f) + getattr(c, f))
    return total
