"""DESIGN.md's import rule, checked on the source: imports flow down only.

Every `import statecare.X` / `from statecare.X import` (module level or inside a function, since a
lazy import is still a dependency) is read from the syntax tree of each module, so the test needs no
import side effects and names the file and line that breaks the rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "statecare"

# what each package may import of statecare (besides itself). The flow: legis at the bottom; db on
# legis; documents on legis; crawler, nlp on legis, db, documents; costmodel on legis (it computes
# from its own data); web and digest read db and legis (web also draws the cost model's answers),
# never nlp and never each other; the application (app.py, cli.py) sits on top and joins them.
ALLOWED: dict[str, set[str]] = {
    "legis": set(),
    "config": set(),
    "db": {"legis", "config"},
    "documents": {"legis", "config"},
    "crawler": {"legis", "config", "db", "documents"},
    "nlp": {"legis", "config", "db", "documents"},
    "costmodel": {"legis", "config"},
    "web": {"legis", "config", "db", "costmodel"},
    "digest": {"legis", "config", "db"},
}
TOP = {"app", "cli", "__main__", "__init__"}  # the application: may import anything


def _imports(path: Path, source: str | None = None) -> list[tuple[str, int]]:
    text = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text, filename=str(path))
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    is_pkg = path.name == "__init__.py"
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts[: len(parts) - node.level + (1 if is_pkg else 0)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.append((name, node.lineno))
    return [(n, line) for n, line in out if n == "statecare" or n.startswith("statecare.")]


def _package_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py") if rel.parts else ""


def violations(extra: dict[Path, str] | None = None) -> list[str]:
    """Upward imports in the package; `extra` adds modules (path -> source) that exist only in memory."""
    found = []
    sources: dict[Path, str | None] = {p: None for p in sorted(PACKAGE.rglob("*.py"))}
    sources.update(extra or {})
    for path, source in sources.items():
        pkg = _package_of(path)
        if pkg in TOP:
            continue
        allowed = ALLOWED.get(pkg)
        assert allowed is not None, f"{path}: package {pkg!r} has no place in the import rule (add it to ALLOWED)"
        for name, line in _imports(path, source):
            target = name.split(".")[1] if "." in name else ""
            if target and target != pkg and target not in allowed:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line} ({pkg}) imports {name}")
    return found


def test_imports_flow_down_only() -> None:
    bad = violations()
    assert not bad, "imports running up the flow:\n" + "\n".join(bad)


def test_production_code_never_imports_evaluation_code() -> None:
    bad = []
    for path in sorted((PACKAGE / "nlp").rglob("*.py")):
        if "evaluate" in path.relative_to(PACKAGE).parts or path.name == "cli.py" and path.parent.name == "nlp":
            continue
        for name, line in _imports(path):
            if name.startswith("statecare.nlp.evaluate"):
                bad.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    assert not bad, "production code importing evaluation code:\n" + "\n".join(bad)


def test_legis_imports_nothing_of_statecare_but_itself() -> None:
    for path in sorted((PACKAGE / "legis").rglob("*.py")):
        for name, line in _imports(path):
            assert name.startswith("statecare.legis"), f"{path}:{line} imports {name}"


@pytest.mark.parametrize("bad_source, package", [
    ("from statecare.nlp.stage import outcome\n", "web"),
    ("import statecare.web.vocab\n", "digest"),
    ("from statecare.db import models\n", "legis"),
])
def test_the_rule_catches_an_upward_import(bad_source: str, package: str) -> None:
    """The checker itself: a planted upward import is found (so a green run means something). The
    probe module exists only in memory: an interrupted run leaves nothing in the package."""
    probe = PACKAGE / package / "_import_rule_probe.py"
    assert any("_import_rule_probe.py" in v for v in violations({probe: bad_source}))
    assert not any("_import_rule_probe.py" in v for v in violations({probe: "import json\n"}))
