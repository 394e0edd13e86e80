"""Command-line entry points of statecare.costmodel (collected by statecare.cli)."""

from __future__ import annotations

import click

commands: list[click.Command] = []
