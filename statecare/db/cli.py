"""`statecare db ...`, `statecare import ...`, `statecare export ...`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from statecare.config import database_url

db_url_option = click.option(
    "--database-url", envvar="DATABASE_URL", default=None,
    help="SQLAlchemy URL (default: DATABASE_URL, else SQLite in the instance folder).",
)


@click.group("db")
def db_group() -> None:
    """Create and migrate the database."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@db_url_option
def db_upgrade(revision: str, **kw: str | None) -> None:
    """Apply migrations (creates the SQLite file on first use)."""
    from statecare.db.migrate import upgrade

    url = kw.get("database_url") or database_url()
    upgrade(url, revision)
    click.echo(f"database at revision {revision}: {_safe(url)}")


@db_group.command("downgrade")
@click.option("--revision", default="base", show_default=True)
@db_url_option
def db_downgrade(revision: str, **kw: str | None) -> None:
    """Revert migrations (drops everything at 'base')."""
    from statecare.db.migrate import downgrade

    url = kw.get("database_url") or database_url()
    downgrade(url, revision)
    click.echo(f"database at revision {revision}: {_safe(url)}")


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@db_url_option
def db_revision(message: str, **kw: str | None) -> None:
    """Autogenerate a migration from the models (developers)."""
    from statecare.db.migrate import revision

    revision(message, kw.get("database_url") or database_url())


def _safe(url: str) -> str:
    """The URL without a password, for printing."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@click.group("import")
def import_group() -> None:
    """Import bills from files."""


@import_group.command("openstates")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_url_option
def import_openstates(paths: tuple[Path, ...], **kw: str | None) -> None:
    """Import Open States bill JSON (pupa files, API v3 results, vote events, or folders of them)."""
    from statecare.db.engine import make_engine
    from statecare.db.migrate import upgrade
    from statecare.db.openstates_io import import_paths

    url = kw.get("database_url") or database_url()
    upgrade(url)
    engine = make_engine(url)
    try:
        counts = import_paths(engine, list(paths), source="openstates")
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    for err in counts["errors"]:
        click.echo(f"error: {err}", err=True)
    click.echo(
        f"new={counts['new']} updated={counts['updated']} unchanged={counts['unchanged']} "
        f"events={counts['events']} vote_events={counts['vote_events']} skipped={counts['skipped']} "
        f"errors={len(counts['errors'])}"
    )


@click.group("export")
def export_group() -> None:
    """Export stored bills."""


@export_group.command("openstates")
@click.option("--state", "state", default=None, help="Two-letter state code (all states if omitted).")
@click.option("--session", default=None)
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="A folder (one file per bill) or a .json file (a list); stdout if omitted.")
@click.option("--include-text", is_flag=True, help="Add statecare's extracted version text.")
@db_url_option
def export_openstates(state: str | None, session: str | None, out: Path | None, include_text: bool,
                      **kw: str | None) -> None:
    """Export bills as Open States (pupa) bill JSON."""
    from statecare.db.engine import make_engine
    from statecare.db.openstates_io import export_bills

    engine = make_engine(kw.get("database_url") or database_url())
    bills = list(export_bills(engine, state=state, session=session, include_text=include_text))
    if out is None:
        json.dump(bills, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    elif out.suffix == ".json":
        out.write_text(json.dumps(bills, indent=1, ensure_ascii=False), encoding="utf-8")
    else:
        out.mkdir(parents=True, exist_ok=True)
        for b in bills:
            # pupa's own file naming: openstates-core's importer reads `bill_*.json` from a folder
            name = f"bill_{b['_id']}.json"
            (out / name).write_text(json.dumps(b, indent=1, ensure_ascii=False), encoding="utf-8")
    click.echo(f"exported {len(bills)} bills", err=True)


@click.group("people")
def people_group() -> None:
    """Legislators and committees from Open States' directory (shared/people)."""


@people_group.command("load")
@click.option("--state", "states", multiple=True, help="Two-letter code (repeatable; default: every state).")
@click.option("--people-dir", type=click.Path(path_type=Path), default=None,
              help="The directory's folder (default: shared/people under STATECARE_SHARED).")
@click.option("--if-changed", is_flag=True,
              help="Load only the states whose files changed since they were last loaded (what update runs).")
@db_url_option
def people_load(states: tuple[str, ...], people_dir: Path | None, if_changed: bool, **kw: str | None) -> None:
    """Load (or reload) legislators, committees and their members into the database."""
    from statecare.config import shared_dir
    from statecare.db.engine import make_engine
    from statecare.db.migrate import upgrade
    from statecare.db.people_io import PeopleError, changed_states, load_people

    folder = people_dir or (shared_dir() or Path(".")) / "people"
    url = kw.get("database_url") or database_url()
    upgrade(url)
    engine = make_engine(url)
    try:
        wanted = list(states) or None
        if if_changed:
            changed = changed_states(engine, folder)
            wanted = [st for st in changed if st in {x.lower() for x in states}] if states else changed
            if not wanted:
                click.echo("people: no state's files changed since the last load")
                return
        c = load_people(engine, folder, wanted)
    except PeopleError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        engine.dispose()
    click.echo(f"people: {c.states} states, {c.legislators} legislators, {c.committees} committees, "
               f"{c.members} committee seats ({c.members_unmatched} not matched to a person)")

commands: list[click.Command] = [db_group, import_group, export_group, people_group]
