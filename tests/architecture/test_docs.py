"""Everything a user can type or set is documented (datasette's habit): commands, environment
variables and /api/v1 routes. A new command, variable or route without documentation fails here."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
GEN = runpy.run_path(str(ROOT / "scripts" / "gen_cli_docs.py"))


def _all_docs() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in DOCS)


def test_cli_reference_is_current() -> None:
    """docs/cli.md is exactly what the commands' --help says (regenerate: scripts/gen_cli_docs.py)."""
    text = GEN["render"]()
    # a default that names this checkout's folder would differ on every other machine (and in CI)
    assert str(ROOT) not in text, "a command's help shows a path of this checkout: give show_default a text"
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == text, \
        "docs/cli.md is stale: run `python scripts/gen_cli_docs.py`"


def test_every_command_has_a_section() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    paths = GEN["command_paths"]()
    assert len(paths) > 20
    missing = [p for p in paths if f"`{p}`" not in text]
    assert not missing, f"commands without a section in docs/cli.md: {missing}"


_ENV_PATTERNS = (
    re.compile(r"""os\.environ(?:\.get)?\(\s*["']([A-Z][A-Z0-9_]+)["']"""),
    re.compile(r"""os\.environ\[\s*["']([A-Z][A-Z0-9_]+)["']\s*\]"""),
    re.compile(r"""os\.getenv\(\s*["']([A-Z][A-Z0-9_]+)["']"""),
    re.compile(r"""envvar=["']([A-Z][A-Z0-9_]+)["']"""),
    re.compile(r"""key_env\s*=\s*["']([A-Z][A-Z0-9_]+)["']"""),
)
# read from the environment but not settings of statecare's own (tooling and the test run)
_NOT_SETTINGS = {"CI", "PATH", "HOME", "PYTHONPATH"}


# the digest reads each setting from the app's config, then the environment, by name
_DIGEST_SETTING = re.compile(r"""\bget(?:_int)?\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def environment_variables() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "statecare").rglob("*.py"):
        src = path.read_text(encoding="utf-8")
        for pat in _ENV_PATTERNS:
            found |= set(pat.findall(src))
    found |= set(_DIGEST_SETTING.findall((ROOT / "statecare" / "digest" / "settings.py").read_text("utf-8")))
    return found - _NOT_SETTINGS


def test_every_environment_variable_is_documented() -> None:
    names = environment_variables()
    assert {"DATABASE_URL", "STATECARE_SHARED", "SECRET_KEY", "SMTP_URL"} <= names  # the reader works
    docs = _all_docs()
    missing = sorted(n for n in names if not re.search(rf"`{n}`", docs))
    assert not missing, f"environment variables read by the code but documented nowhere: {missing}"


def _shape(rule: str) -> str:
    """'/api/v1/cost/<code>' and '/api/v1/cost/<XX>' are one route: compare with parameters blanked."""
    return re.sub(r"<[^>]*>", "<>", rule.rstrip("/"))


def test_every_api_route_is_documented() -> None:
    from statecare.app import create_app

    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "docs-test"})
    routes = {_shape(r.rule) for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1")}
    assert "/api/v1/bills" in routes
    documented = {_shape("/api/v1" + m) for m in re.findall(r"`(/[a-z][^`\s?]*)", _all_docs())}
    documented |= {_shape(m) for m in re.findall(r"`(/api/v1[^`\s?]*)", _all_docs())}
    missing = sorted(r for r in routes if r not in documented and r != "/api/v1")
    assert not missing, f"/api/v1 routes documented nowhere: {missing}"
