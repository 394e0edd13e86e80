"""Command-line entry points of statecare.web: `statecare search` and `statecare search-reindex`.

`statecare run` (serving the site) is Flask's own command, provided by the FlaskGroup in
statecare/cli.py; these two make the search usable and repairable from a terminal.
"""

from __future__ import annotations

import json

import click

from statecare.config import database_url as default_database_url

db_url_option = click.option("--database-url", envvar="DATABASE_URL", default=None,
                             help="SQLAlchemy URL (default: DATABASE_URL, else SQLite in the instance folder).")


@click.command("search")
@click.argument("query")
@click.option("--state", default=None, help="Two-letter state code.")
@click.option("--session", default=None)
@click.option("--policy-type", default=None)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@db_url_option
def search_cmd(query: str, state: str | None, session: str | None, policy_type: str | None, limit: int,
               as_json: bool, database_url: str | None) -> None:
    """Full-text search of the stored bills (same engine as the site's /search)."""
    from statecare.db.engine import make_engine
    from statecare.db.search import SearchError, SearchQuery, search, strip_marks

    engine = make_engine(database_url or default_database_url())
    sq = SearchQuery(q=query, state=state, session=session, policy_type=policy_type, per_page=limit)
    try:
        with engine.connect() as conn:
            res = search(conn, sq)
    except SearchError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        engine.dispose()
    for w in res.warnings:
        click.echo(f"note: {w}", err=True)
    hits = [*res.bill_number_matches, *res.hits]
    if as_json:
        click.echo(json.dumps({"total": res.total, "total_capped": res.total_capped,
                               "results": [h.as_dict() for h in hits]}, indent=1))
        return
    for h in hits:
        click.echo(f"{h.state.upper()} {h.legislative_session} {h.identifier}\t{h.title[:90]}")
        if h.snippet and not h.exact:
            click.echo(f"    {strip_marks(h.snippet)[:160]}")
    click.echo(f"{'more than ' if res.total_capped else ''}{res.total} results", err=True)


@click.command("search-reindex")
@db_url_option
def reindex_cmd(database_url: str | None) -> None:
    """Rebuild the full-text index from search_docs (after a bulk load or a tokenizer change)."""
    from statecare.db.engine import make_engine
    from statecare.db.search import rebuild_index

    engine = make_engine(database_url or default_database_url())
    with engine.begin() as conn:
        rebuild_index(conn)
    engine.dispose()
    click.echo("search index rebuilt")


commands: list[click.Command] = [search_cmd, reindex_cmd]
