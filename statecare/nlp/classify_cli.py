"""`statecare classify`: the NLP stages over stored bills (see statecare.nlp.classify)."""

from __future__ import annotations

import sys

import click

from statecare.config import database_url


@click.command("classify")
@click.option("--all", "force", is_flag=True, help="Re-classify every bill, changed or not.")
@click.option("--state", default=None, help="Only this state's bills.")
@click.option("--batch", default=100, show_default=True, help="Bills per transaction.")
@click.option("--database-url", envvar="DATABASE_URL", default=None)
def classify_command(force: bool, state: str | None, batch: int, database_url: str | None = None) -> None:
    """Classify actions, stage, policy type, provisions and scorecard of bills that changed."""
    from statecare.db.engine import make_engine
    from statecare.db.migrate import upgrade
    from statecare.nlp.classify import classify_all

    url = database_url or _default_url()
    upgrade(url)
    engine = make_engine(url)
    last = [0]

    def progress(done: int, total: int) -> None:
        if done - last[0] >= 200 or done == total:
            click.echo(f"classify: {done}/{total} bills", err=True)
            last[0] = done

    summary = classify_all(engine, force=force, state=state, batch=batch, progress=progress)
    for err in summary.errors:
        click.echo(f"error: {err}", err=True)
    click.echo(summary.line())
    if summary.errors and not summary.classified:
        sys.exit(1)


def _default_url() -> str:
    return database_url()


commands: list[click.Command] = [classify_command]
