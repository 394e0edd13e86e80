"""The `statecare` command loads a stage's CLI module only when one of its commands runs.

Why a test: importing every stage up front (PDF reading, spaCy, Scrapy) cost about a second of CPU
for each `statecare` call, including every crawl and classify subprocess; the table of lazy commands
must also stay complete, or a command would silently vanish from the CLI.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

from click.testing import CliRunner

from statecare.cli import LAZY_COMMANDS, main


def test_lazy_table_names_every_command_of_every_stage() -> None:
    for module in sorted(set(LAZY_COMMANDS.values())):
        names = {cmd.name for cmd in importlib.import_module(module).commands}
        assert names == {n for n, m in LAZY_COMMANDS.items() if m == module}, module


def test_importing_the_cli_loads_no_stage() -> None:
    code = ("import sys, statecare.cli; heavy = [m for m in ('statecare.nlp.cli', 'statecare.documents', "
            "'statecare.crawler.cli', 'scrapy', 'spacy', 'pymupdf') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_lazy_command_answers_help() -> None:
    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0
    for name in LAZY_COMMANDS:
        assert f"  {name} " in top.output, name
        res = runner.invoke(main, [name, "--help"])
        assert res.exit_code == 0 and "Usage:" in res.output, (name, res.output)
    assert runner.invoke(main, ["no-such-command"]).exit_code != 0
