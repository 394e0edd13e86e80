"""The app factory: settings from the environment, a persisted generated SECRET_KEY, a clear 503
on a database without tables, and the CLI's search command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from statecare.app import create_app
from statecare.web.cli import search_cmd


def test_database_url_and_secret_key_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                       site_sqlite_url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", site_sqlite_url)
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["DATABASE_URL"] == site_sqlite_url
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.test_client().get("/bills/wa/2025-2026/SJM8004").status_code == 200
    app.extensions["statecare_engine"].dispose()


def test_generated_secret_key_is_persisted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                           site_sqlite_url: str) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    a1 = create_app({"DATABASE_URL": site_sqlite_url, "INSTANCE_PATH": str(tmp_path)})
    a2 = create_app({"DATABASE_URL": site_sqlite_url, "INSTANCE_PATH": str(tmp_path)})
    assert a1.config["SECRET_KEY"] == a2.config["SECRET_KEY"] and len(a1.config["SECRET_KEY"]) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    for a in (a1, a2):
        a.extensions["statecare_engine"].dispose()


def test_empty_database_gets_a_503_that_says_what_to_run(tmp_path: Path) -> None:
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "SECRET_KEY": "x",
                      "INSTANCE_PATH": str(tmp_path)})
    r = app.test_client().get("/")
    assert r.status_code == 503 and "statecare db upgrade" in r.get_data(as_text=True)
    app.extensions["statecare_engine"].dispose()


def test_cli_search(site_sqlite_url: str) -> None:
    res = CliRunner().invoke(search_cmd, ["global budget", "--database-url", site_sqlite_url])
    assert res.exit_code == 0, res.output
    assert "SB 5233" in res.output
    res = CliRunner().invoke(search_cmd, ["S.860", "--database-url", site_sqlite_url, "--json"])
    assert '"identifier": "S 860"' in res.output
