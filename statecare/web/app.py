"""Placeholder app so the CLI loads; the web issue replaces this module."""

from __future__ import annotations

from typing import Any

from flask import Flask


def build_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask("statecare.web", instance_relative_config=True)
    app.config.update(config or {})
    return app
