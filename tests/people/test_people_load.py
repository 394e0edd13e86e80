"""Loading shared/people into the database (statecare.db.people_io / `statecare people load`), on
SQLite and PostgreSQL: counts agree with the directory's manifest, a second load changes nothing,
members without a usable person id are matched by name, and bad input names itself."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from statecare.db.models import Committee, CommitteeMember, Legislator
from statecare.db.people_io import PeopleError, load_people


def _manifest(shared: Path) -> dict[str, dict[str, str]]:
    with (shared / "people" / "manifest.csv").open(encoding="utf-8") as f:
        return {row["state"]: row for row in csv.DictReader(f)}


def _counts(engine: Engine, st: str) -> tuple[int, int, int, int]:
    with Session(engine) as s:
        current = s.scalar(select(func.count()).select_from(Legislator)
                           .where(Legislator.state == st, Legislator.current.is_(True)))
        everyone = s.scalar(select(func.count()).select_from(Legislator).where(Legislator.state == st))
        committees = s.scalar(select(func.count()).select_from(Committee).where(Committee.state == st))
        seats = s.scalar(select(func.count()).select_from(CommitteeMember).join(Committee)
                         .where(Committee.state == st))
    return int(current or 0), int(everyone or 0), int(committees or 0), int(seats or 0)


def test_load_matches_the_manifest_and_is_idempotent(engine: Engine, shared: Path) -> None:
    manifest = _manifest(shared)
    first = load_people(engine, shared / "people", ["oh", "vt"])
    assert first.states == 2
    before = {st: _counts(engine, st) for st in ("oh", "vt")}
    for st in ("oh", "vt"):
        current, everyone, committees, _ = before[st]
        assert committees == int(manifest[st]["committees"])
        # the two README exceptions (role ended, still in the file) are not in oh or vt
        assert current == int(manifest[st]["legislators"])
        assert everyone > current  # former members with a seat in this state (sponsors of older bills)
    again = load_people(engine, shared / "people", ["oh", "vt"])
    assert (again.legislators, again.committees, again.members) == (first.legislators, first.committees, first.members)
    assert {st: _counts(engine, st) for st in ("oh", "vt")} == before


def test_members_without_a_usable_id_are_matched_by_name(engine: Engine, shared: Path) -> None:
    """README: Kyle Koehler (oh) x6 points at an id no file holds; 8 vt members carry no id at all."""
    load_people(engine, shared / "people", ["oh", "vt"])
    with Session(engine) as s:
        koehler = s.execute(select(CommitteeMember.person_id, Legislator.name)
                            .join(Legislator, Legislator.id == CommitteeMember.person_id, isouter=True)
                            .where(CommitteeMember.name == "Kyle Koehler")).all()
        assert len(koehler) == 6
        assert all(pid is None or name == "Kyle Koehler" for pid, name in koehler)
        # every member with an id points at a loaded person: pages never link to a missing legislator
        dangling = s.scalar(select(func.count()).select_from(CommitteeMember)
                            .join(Legislator, Legislator.id == CommitteeMember.person_id, isouter=True)
                            .where(CommitteeMember.person_id.is_not(None), Legislator.id.is_(None)))
        assert dangling == 0
        chairs = s.scalar(select(func.count()).select_from(CommitteeMember).join(Committee)
                          .where(Committee.state == "oh", CommitteeMember.role == "chair"))
        assert chairs and chairs > 10


def test_bad_folder_or_state_is_named(sqlite_engine: Engine, shared: Path, tmp_path: Path) -> None:
    with pytest.raises(PeopleError, match="zz"):
        load_people(sqlite_engine, shared / "people", ["zz"])
    with pytest.raises(PeopleError, match=str(tmp_path / "nowhere")):
        load_people(sqlite_engine, tmp_path / "nowhere")


def test_cli_people_load(shared: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from statecare.db.cli import people_group

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    env = {"DATABASE_URL": url, "STATECARE_SHARED": str(shared)}
    done = runner.invoke(people_group, ["load", "--state", "wa"], env=env)
    assert done.exit_code == 0, done.output
    assert "1 states" in done.output and "50 committees" in done.output
    bad = runner.invoke(people_group, ["load", "--state", "zz"], env=env)
    assert bad.exit_code != 0 and "zz" in bad.output


def test_load_if_changed_reloads_only_changed_states(shared: Path, tmp_path: Path) -> None:
    """What `statecare update` runs: the first run loads every state, a second finds nothing changed,
    and rewriting one state's file (a new snapshot) reloads that state alone."""
    import os
    import shutil

    from click.testing import CliRunner

    from statecare.db.cli import people_group

    people = tmp_path / "people"
    for st in ("vt", "de"):
        shutil.copytree(shared / "people" / st, people / st)
    url = f"sqlite:///{tmp_path / 'changed.sqlite3'}"
    runner = CliRunner()
    args = ["load", "--if-changed", "--people-dir", str(people)]
    env = {"DATABASE_URL": url, "STATECARE_SHARED": str(shared)}
    first = runner.invoke(people_group, args, env=env)
    assert first.exit_code == 0 and "people: 2 states" in first.output, first.output
    again = runner.invoke(people_group, args, env=env)
    assert again.exit_code == 0 and "no state's files changed" in again.output, again.output
    committees = people / "de" / "committees.jsonl.gz"
    stat = committees.stat()
    os.utime(committees, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    third = runner.invoke(people_group, args, env=env)
    assert third.exit_code == 0 and "people: 1 states" in third.output, third.output


def test_a_member_whose_term_ends_later_is_current(engine: Engine, shared: Path) -> None:
    """Iowa's Bill Dotzler is in legislators.jsonl with his Senate seat ending 2027-01-02 (the end of his
    term): his page read "Former member" above his eight committee seats. Near miss, the README's
    exception: Doni Crawford (dc) is still in the file with a role that ended on 2026-07-01, a former
    member. (Five current legislators of the directory carry a future end: IA 2, CO, MI, UT.)"""
    load_people(engine, shared / "people", ["ia", "dc"], today="2026-12-08")  # the day it was found
    with Session(engine) as s:
        def current(name: str) -> bool:
            return bool(s.scalar(select(Legislator.current).where(Legislator.name == name)))
        assert current("Bill Dotzler")
        assert not current("Doni Crawford")
