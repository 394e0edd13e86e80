"""`statecare export openstates` judged by openstates-core itself, not by our idea of its schema.

A separate virtualenv (cached under the repo's ignored test-output/, keyed by the pinned version) gets
the PyPI package `openstates`; tests/db/openstates_reference_runner.py runs in it as a subprocess and
puts every exported file through the pupa scrape model's `validate()`, then imports a state's export
with `BillImporter` into a PostgreSQL database of its own. Nothing of the reference is mocked.

Outside CI the test may skip only when PyPI (or PostgreSQL, for the importer) cannot be reached, and
says so; under CI=true both are required.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from statecare.crawler.normalize import normalize_record
from statecare.crawler.records.openstates_v3 import v3_to_record
from statecare.crawler.replay.openstates_v3 import load_bills
from statecare.db.cli import export_group
from statecare.db.engine import make_engine
from statecare.db.openstates_io import import_paths
from statecare.db.schema import create_all
from statecare.db.store import BillStore

# 6.25.6 is the newest release and installs on Python 3.11 (Django 3.2, psycopg2-binary wheels)
OPENSTATES_VERSION = "6.25.6"
REPO = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("openstates_reference_runner.py")
PIP_TIMEOUT = 600
# the same switches as tests/conftest.py (which is not importable as a module)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get("STATECARE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pypi_reachable() -> bool:
    try:
        with socket.create_connection(("pypi.org", 443), timeout=5):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def reference_python() -> Path:
    """The python of a virtualenv with openstates-core installed (built once per version, then reused).

    It is built in a scratch folder and renamed into place, so an interrupted install is never reused
    and two test runs building at once do not share a half-made venv.
    """
    tag = f"openstates-reference-{OPENSTATES_VERSION}-py{sys.version_info[0]}.{sys.version_info[1]}"
    venv = REPO / "test-output" / tag
    python = venv / "bin" / "python"
    if (venv / ".installed").exists():
        return python
    scratch = venv.with_name(f"{tag}.tmp-{os.getpid()}")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(scratch)], check=True)
    proc = subprocess.run(
        [str(scratch / "bin" / "python"), "-m", "pip", "install", "-q", f"openstates=={OPENSTATES_VERSION}"],
        capture_output=True, text=True, timeout=PIP_TIMEOUT,
    )
    if proc.returncode != 0:
        shutil.rmtree(scratch, ignore_errors=True)
        if not IN_CI and not _pypi_reachable():
            pytest.skip(f"PyPI unreachable: cannot install openstates=={OPENSTATES_VERSION} as the reference")
        pytest.fail(f"pip install openstates=={OPENSTATES_VERSION} failed:\n{proc.stderr[-3000:]}")
    (scratch / ".installed").write_text(OPENSTATES_VERSION + "\n")
    try:
        scratch.rename(venv)
    except OSError:  # another run put its venv in place first: use that one
        shutil.rmtree(scratch, ignore_errors=True)
    return python


def _run_reference(python: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    proc = subprocess.run([str(python), "-W", "ignore", str(RUNNER), *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})
    assert proc.returncode == 0, f"reference runner failed:\n{proc.stderr[-4000:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def exports(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> dict[str, Path]:
    """Every state of the recordings exported with the CLI, one folder per state.

    The database holds the fixtures (pupa files and API v3 items) and Vermont's whole recorded
    health-bill snapshot from national/, so one state has a hundred real bills with full histories.
    """
    base = tmp_path_factory.mktemp("osexport")
    url = f"sqlite:///{base / 'statecare.sqlite3'}"
    engine = make_engine(url)
    create_all(engine)
    national = base / "national-vt"
    national.mkdir()
    with gzip.open(shared / "national" / "vt" / "2025-2026" / "bills.jsonl.gz", "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            (national / f"vt_{i:04d}.json").write_text(line, encoding="utf-8")
    counts = import_paths(engine, [shared / "fixtures" / "openstates", national])
    assert not counts["errors"]
    engine.dispose()
    # the same recorded bills the way a crawl stores them: served by the v3 replay, mapped by the
    # spider's record builder and normalised like the crawl pipeline (v3 organization objects, sponsors
    # as v3 `person` objects, statecare's action keys), in a database of their own
    crawled_url = f"sqlite:///{base / 'crawled.sqlite3'}"
    crawled = make_engine(crawled_url)
    create_all(crawled)
    store = BillStore(crawled)
    for item in load_bills(shared / "fixtures"):
        store.upsert_bill(normalize_record(v3_to_record(item)), source="openstates")
    store.close()
    crawled.dispose()
    out: dict[str, Path] = {}
    for label, db, states in (("", url, ("ca", "co", "ma", "mn", "nj", "nm", "ny", "vt", "wa")),
                              ("crawled-", crawled_url, ("ma", "mn", "ny", "vt"))):
        for state in states:
            folder = base / f"{label}{state}"
            res = CliRunner().invoke(export_group, ["openstates", "--state", state, "--out", str(folder),
                                                    "--database-url", db])
            assert res.exit_code == 0, res.output
            out[f"{label}{state}"] = folder
    return out


def test_reference_validator_accepts_every_exported_file(reference_python: Path, exports: dict[str, Path]) -> None:
    total = 0
    for state, folder in exports.items():
        files = sorted(folder.glob("*.json"))
        assert files and all(p.name.startswith("bill_") for p in files), state
        got = _run_reference(reference_python, "validate", str(folder))
        assert got["files"] == len(files)
        assert got["errors"] == {}, f"{state}: openstates-core rejects {len(got['errors'])} files"
        total += got["valid"]
    assert total > 130  # the fixtures' bills of nine states plus Vermont's snapshot


@pytest.fixture
def reference_database() -> Iterator[str]:
    """An empty PostgreSQL database for openstates-core's Django models, dropped afterwards."""
    name = f"statecare_osref_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server
        if IN_CI:
            raise RuntimeError(f"PostgreSQL at {PG_ADMIN_URL} is required under CI: {exc}") from exc
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}")
    u = admin.url
    try:
        yield f"postgres://{u.username or 'postgres'}@{u.host or '127.0.0.1'}:{u.port or 5432}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("state", ["vt", "ny", "crawled-ma"])
def test_reference_importer_imports_a_states_export(reference_python: Path, exports: dict[str, Path],
                                                   reference_database: str, state: str) -> None:
    """Vermont: pupa-born bills with full histories; New York: API v3 items (no sources, org objects);
    Massachusetts as crawled through the v3 API (sponsors with person pseudo-ids, statecare's keys)."""
    bills = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(exports[state].glob("bill_*.json"))]
    sessions = sorted({b["legislative_session"] for b in bills})
    people = [s for b in bills for s in b["sponsorships"] if s["entity_type"] == "person"]
    assert people and all(str(s["person_id"]).startswith("~{") for s in people) or state == "ny"
    got = _run_reference(reference_python, "import", str(exports[state]), state.rsplit("-", 1)[-1], *sessions,
                         env={"DATABASE_URL": reference_database})
    assert got["failures"] == {}
    assert got["files"] == got["accepted"] == len(bills)
    assert got["import_directory"] == {"insert": len(bills), "update": 0, "noop": 0}
    rows = got["rows"]
    assert rows["bills"] == len(bills)
    for key in ("actions", "sponsorships", "versions", "documents", "sources", "abstracts", "related_bills"):
        assert rows[key] == sum(len(b.get(key) or []) for b in bills), key
