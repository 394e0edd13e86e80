"""`statecare crawl`: collect bills from a source (live, or the recorded replay) into the database."""

from __future__ import annotations

import json
import sys

import click

from statecare.crawler.runner import SOURCES


@click.command("crawl")
@click.option("--source", type=click.Choice(SOURCES), required=True, help="Where the bills come from.")
@click.option("--replay", is_flag=True, help="Crawl the recorded responses in shared/fixtures through a loopback server.")
@click.option("--national/--no-national", default=True, show_default=True,
              help="openstates --replay: serve shared/national (the recorded legislatures) beside the fixtures.")
@click.option("--replay-url", metavar="URL", help="Use an already running replay server (tests, benchmarks).")
@click.option("--state", metavar="XX[,YY]", help="Only these states (two-letter codes).")
@click.option("--session", metavar="S", help="Only this legislative session (as the source names it).")
@click.option("--term", "terms", multiple=True, help="Search term (repeatable); default: search_terms.toml.")
@click.option("--bill", "bills", multiple=True, help="ny_openleg: YEAR/PRINTNO to start from (repeatable).")
@click.option("--database-url", envvar="DATABASE_URL", metavar="URL",
              help="Database to store into [env DATABASE_URL; default: SQLite in the instance folder].")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--live-path", is_flag=True, hidden=True,
              help="Tests: run the live crawl (cursor, quota stop, /events) against --replay-url.")
@click.option("--per-page", type=click.IntRange(1, 20), hidden=True, help="Tests: results per API page.")
def crawl(source: str, replay: bool, national: bool, replay_url: str | None, state: str | None, session: str | None,
          terms: tuple[str, ...], bills: tuple[str, ...], database_url: str | None, as_json: bool,
          live_path: bool, per_page: int | None) -> None:
    """Crawl SOURCE and store every bill found, one transaction per bill; print a summary."""
    from statecare.config import database_url as default_url
    from statecare.crawler.runner import CrawlSetupError, run_crawl
    from statecare.legis.states import check_state

    if state:
        try:
            for s in state.split(","):
                check_state(s)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--state") from exc
    if bills and source != "ny_openleg":
        raise click.BadParameter("--bill is only used by --source ny_openleg", param_hint="--bill")
    args = {"state": state, "session": session, "terms": "|".join(terms) if terms else None,
            "bill": ",".join(bills) if bills else None, "per_page": per_page}
    try:
        summary = run_crawl(source, database_url=database_url or default_url(), replay=replay,
                            replay_url=replay_url, spider_args=args, national=national,
                            live_path=live_path)
    except CrawlSetupError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(json.dumps(summary.as_dict()) if as_json else summary.line())
    if summary.message and as_json:
        click.echo(summary.message, err=True)
    if summary.status != "finished":
        sys.exit(1)


commands: list[click.Command] = [crawl]
