"""Write docs/cli.md from the `statecare` command's own --help (datasette's habit).

Run `python scripts/gen_cli_docs.py` after changing a command; tests/architecture/test_docs.py fails
when docs/cli.md differs from what this prints, so the reference can never drift from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import ScriptInfo

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "cli.md"

HEADER = """# statecare command reference

Generated from each command's `--help` by `scripts/gen_cli_docs.py`; do not edit by hand
(`tests/architecture/test_docs.py` fails when this file and the commands disagree).
"""

# Flask's own commands (run, shell, routes) are documented by Flask; their help text names this file's
# path and Flask's version, so it is left out of the generated reference
FLASK_COMMANDS = {"run", "shell", "routes"}
# FlaskGroup lists plugin commands of an app; an empty app keeps the listing independent of settings
_SCRIPT_INFO = ScriptInfo(create_app=lambda: Flask("statecare"))


def _walk(cmd: click.Command, path: list[str]) -> list[tuple[list[str], click.Command]]:
    out = [(path, cmd)]
    if isinstance(cmd, click.Group):
        # the registered commands themselves: FlaskGroup.list_commands would try to load an app
        for name, sub in sorted(cmd.commands.items()):
            if len(path) == 1 and name in FLASK_COMMANDS:
                continue
            if not sub.hidden:
                out += _walk(sub, [*path, name])
    return out


def command_paths() -> list[str]:
    """Every documented command, as typed: 'statecare crawl', 'statecare nlp train actions', ..."""
    from statecare.cli import main

    main.load_all()
    return [" ".join(p) for p, _ in _walk(main, ["statecare"])]


def render() -> str:
    from statecare.cli import main

    main.load_all()  # the stages' commands are registered on first use
    parts = [HEADER]
    for path, cmd in _walk(main, ["statecare"]):
        parent: click.Context | None = None
        c: click.Command = main
        for i, name in enumerate(path):
            if i:
                assert isinstance(c, click.Group)
                c = c.commands[name]
            parent = click.Context(c, info_name=name, parent=parent, terminal_width=100, max_content_width=100,
                                   obj=_SCRIPT_INFO if i == 0 else None)
        assert parent is not None
        text = cmd.get_help(parent).rstrip()
        level = "#" * min(len(path) + 1, 4)
        parts.append(f"{level} `{' '.join(path)}`\n\n```\n{text}\n```\n")
    return "\n".join(parts)


def main() -> int:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(command_paths())} commands)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
