"""The Flask site: map, states, bills, search, JSON API, feeds (app factory + blueprints).

`create_app` here builds the site alone; statecare.app.create_app adds the digest's pages (the site
and the digest never import each other).
"""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; `config` overrides settings (tests pass DATABASE_URL here)."""
    from statecare.web.app import build_app

    return build_app(config)
