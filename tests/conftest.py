"""Shared pytest fixtures: the recorded data folder and fresh databases on SQLite and PostgreSQL.

Rules (shared/README.md): tests find the recorded data through one helper, `shared`; outside CI a
test may skip when it is missing, under CI=true that is an error. The PostgreSQL tests likewise
never skip under CI: `.ci/run` starts the server and a missing server fails the run.

`make test` runs the suite on every core with pytest-xdist (`-n auto --dist loadgroup`);
`pytest_collection_modifyitems` below decides which tests must share a worker (see its docstring).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from statecare.config import shared_dir
from statecare.db.engine import make_engine
from statecare.db.schema import create_all

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get(
    "STATECARE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _fixturedefs(items: list[pytest.Item]) -> Iterator[Any]:
    """Every fixture definition the items request, directly or through other fixtures."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        for defs in (info.name2fixturedefs.values() if info else ()):
            yield from defs


def _xdist_group(module_items: list[pytest.Item], root: str, session_dirs: set[str]) -> str:
    """The work unit of one test module under `--dist loadgroup`.

    A session fixture defined in a directory's conftest (the site databases, chromium, the pipeline)
    or a module-scoped one is built once per worker that runs a test using it, so every module that
    uses one goes with the outermost folder (or module) defining it: the expensive setup is then
    built once, exactly as in a serial run. Any fixture of a conftest that defines session fixtures
    binds too, since it may ask for them by `request.getfixturevalue` (`site_url`, `people_site`),
    which no static closure shows. The root conftest's session fixtures (the recorded data, one
    PostgreSQL database per worker) are cheap and do not bind. A module using none of these is a
    unit of its own (its tests stay together, in their order).
    """
    owners: set[str] = set()
    for fd in _fixturedefs(module_items):
        if fd.baseid in session_dirs or (fd.scope == "module" and fd.baseid not in ("", root)):
            owners.add(fd.baseid)
    module = module_items[0].nodeid.split("::", 1)[0]
    return min(owners, key=len) if owners else module


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which turns the marks into nodeid suffixes
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `--dist loadgroup` (make test): put each test module into its xdist group (`_xdist_group`),
    and hand out the groups holding a `slow` test first, so that the longest work never starts last
    and leaves one core idle at the end. Without xdist nothing changes: same tests, same order."""
    # an xdist worker sees `dist` reset to "no" and `loadgroup` set instead (xdist/remote.py)
    if not (getattr(config.option, "loadgroup", False) or getattr(config.option, "dist", "no") == "loadgroup"):
        return
    root = Path(__file__).parent.relative_to(config.rootpath).as_posix()
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    session_dirs = {fd.baseid for fd in _fixturedefs(items)
                    if fd.scope == "session" and fd.baseid not in ("", root) and not fd.baseid.endswith(".py")}
    group_of = {mod: _xdist_group(its, root, session_dirs) for mod, its in modules.items()}
    slow_groups = {group_of[mod] for mod, its in modules.items()
                   if any(it.get_closest_marker("slow") for it in its)}
    for item in items:
        item.add_marker(pytest.mark.xdist_group(group_of[item.nodeid.split("::", 1)[0]]))
    items.sort(key=lambda it: group_of[it.nodeid.split("::", 1)[0]] not in slow_groups)  # stable


def _scheduling_unit(rootpath: Path, nodeid: str) -> str:
    """The xdist work unit of a test, from its path alone (the controller collects nothing): the
    outermost folder under tests/ whose conftest defines a session fixture, else the test's module
    (so module fixtures are built once too). The same binding `_xdist_group` finds per fixture."""
    path = nodeid.split("::", 1)[0]
    parts = path.split("/")
    for depth in range(2, len(parts)):
        conftest = rootpath.joinpath(*parts[:depth], "conftest.py")
        if conftest.is_file() and 'scope="session"' in conftest.read_text(encoding="utf-8"):
            return "/".join(parts[:depth])
    return path


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadgroup` with the units of `_scheduling_unit`: pytest-xdist 3.8 groups by a nodeid
    suffix that pytest 9 no longer reads, so its own loadgroup runs every test as a unit of its own."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FixtureGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _scheduling_unit(config.rootpath, nodeid)

    return FixtureGroupScheduling(config, log)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The recorded real data (../shared or $STATECARE_SHARED)."""
    d = shared_dir(required=IN_CI)
    if d is None:
        pytest.skip("recorded data not found: set STATECARE_SHARED or put shared/ beside the checkout")
    return d


@pytest.fixture(scope="session")
def fixtures(shared: Path) -> Path:
    return shared / "fixtures"


@pytest.fixture(scope="session")
def costdata(shared: Path) -> Path:
    return shared / "costdata"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database of its own for this test run, dropped at the end."""
    name = f"statecare_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server
        if IN_CI:
            raise RuntimeError(f"PostgreSQL at {PG_ADMIN_URL} is required under CI: {exc}") from exc
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _fresh_pg_schema(pg_url: str) -> Iterator[str]:
    """A fresh schema inside the run's PostgreSQL database, dropped after the test."""
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{pg_url}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'statecare.sqlite3'}"
    else:
        pg_url = request.getfixturevalue("pg_database")
        yield from _fresh_pg_schema(pg_url)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a freshly created schema (both dialects)."""
    eng = make_engine(db_url)
    create_all(eng)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """SQLite only, for tests that are about something other than the database."""
    eng = make_engine(f"sqlite:///{tmp_path / 'statecare.sqlite3'}")
    create_all(eng)
    try:
        yield eng
    finally:
        eng.dispose()
