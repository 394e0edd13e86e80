"""The `statecare` command: a click group built on Flask's FlaskGroup.

`statecare run` serves the site (Flask's own command); every pipeline stage is a sub-command that
its package contributes through `statecare.<package>.cli.commands`, so the stages stay in their
own folders and this file only wires them together.
"""

from __future__ import annotations

import importlib

import click
from flask.cli import FlaskGroup

_PACKAGES = ("db", "crawler", "nlp", "costmodel", "digest", "web")


def _create_app():
    from statecare.web import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=True)
def main() -> None:
    """statecare: track state bills toward universal health coverage."""


for _name in _PACKAGES:
    _mod = importlib.import_module(f"statecare.{_name}.cli")
    for _cmd in getattr(_mod, "commands", []):
        main.add_command(_cmd)
