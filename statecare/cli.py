"""The `statecare` command: a click group built on Flask's FlaskGroup.

`statecare run` serves the site (Flask's own command); every pipeline stage is a sub-command that
its package contributes through `statecare.<package>.cli.commands`, so the stages stay in their
own folders and this file only wires them together.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import click
from flask.cli import FlaskGroup

# Which package contributes each sub-command. A package's CLI module is imported only when one of
# its commands runs (or help lists them all): importing every stage up front cost ~1 s of CPU per
# `statecare` call (PDF reading, spaCy, Scrapy), paid again by every crawl and classify subprocess.
# tests/architecture checks this table against each module's `commands`.
LAZY_COMMANDS: dict[str, str] = {
    "db": "statecare.db.cli", "import": "statecare.db.cli", "export": "statecare.db.cli",
    "people": "statecare.db.cli",
    "crawl": "statecare.crawler.cli",
    "nlp": "statecare.nlp.cli", "evaluate": "statecare.nlp.cli", "classify": "statecare.nlp.cli",
    "cost": "statecare.costmodel.cli",
    "digest": "statecare.digest.cli", "alerts": "statecare.digest.cli",
    "search": "statecare.web.cli", "search-reindex": "statecare.web.cli",
}


class StatecareGroup(FlaskGroup):
    """Flask's group (`run`, `shell`, `routes`) plus the stages' commands, loaded on first use."""

    def _load_lazy(self, name: str) -> None:
        module = LAZY_COMMANDS.get(name)
        if module is not None and name not in self.commands:
            for cmd in importlib.import_module(module).commands:
                self.add_command(cmd)

    def load_all(self) -> None:
        """Register every stage's commands now (the CLI reference walks them all)."""
        for name in LAZY_COMMANDS:
            self._load_lazy(name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        self._load_lazy(name)
        return super().get_command(ctx, name)


def _create_app():
    from statecare.app import create_app

    return create_app()


@click.group(cls=StatecareGroup, create_app=_create_app, add_version_option=False)
@click.version_option(package_name="statecare")
def main() -> None:
    """statecare: track state bills toward universal health coverage."""


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
