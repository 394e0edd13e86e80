"""The `statecare` command: a click group built on Flask's FlaskGroup.

`statecare run` serves the site (Flask's own command); every pipeline stage is a sub-command that
its package contributes through `statecare.<package>.cli.commands`, so the stages stay in their
own folders and this file only wires them together.
"""

from __future__ import annotations

import subprocess
import sys

import click
from flask.cli import FlaskGroup

from statecare.costmodel import cli as costmodel_cli
from statecare.crawler import cli as crawler_cli
from statecare.db import cli as db_cli
from statecare.digest import cli as digest_cli
from statecare.nlp import cli as nlp_cli
from statecare.web import cli as web_cli


def _create_app():
    from statecare.app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
@click.version_option(package_name="statecare")
def main() -> None:
    """statecare: track state bills toward universal health coverage."""


for _mod in (db_cli, crawler_cli, nlp_cli, costmodel_cli, digest_cli, web_cli):
    for _cmd in _mod.commands:
        main.add_command(_cmd)


@main.command("update")
@click.option("--source", "sources", multiple=True, default=("openstates", "legiscan", "wa", "ny_openleg"),
              show_default=True, help="Sources to crawl (repeatable).")
@click.option("--replay", is_flag=True, help="Crawl the loopback replay of recorded responses.")
def update_command(sources: tuple[str, ...], replay: bool) -> None:
    """Crawl every source, reload the people directory if its files changed, then classify (what cron runs)."""
    failed = []
    for src in sources:
        # each crawl in its own process: scrapy's Twisted reactor cannot be restarted in one process
        args = [sys.executable, "-m", "statecare", "crawl", "--source", src] + (["--replay"] if replay else [])
        click.echo(f"update: crawling {src}", err=True)
        if subprocess.call(args) != 0:
            failed.append(src)
    people = _reload_people()
    click.echo("update: classifying", err=True)
    code = subprocess.call([sys.executable, "-m", "statecare", "classify"])
    if failed or code or people:
        raise click.ClickException(f"update finished with failures: crawl {failed or 'ok'}, "
                                   f"people load exit {people}, classify exit {code}")


def _reload_people() -> int:
    """Reload the legislators and committees of states whose shared/people files changed, so the
    pages show today's chairs; 0 when there is no people folder to read (nothing to keep current)."""
    from statecare.config import shared_dir

    shared = shared_dir(required=False)
    if shared is None or not (shared / "people").is_dir():
        click.echo("update: no shared/people folder, people directory left as it is", err=True)
        return 0
    click.echo("update: reloading the people directory where it changed", err=True)
    return subprocess.call([sys.executable, "-m", "statecare", "people", "load", "--if-changed"])
