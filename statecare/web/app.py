"""The Flask application factory: settings, database, security, blueprints, error pages.

Settings come from the environment through statecare.config (DATABASE_URL, SECRET_KEY) and can be
overridden by the `config` mapping (tests pass a DATABASE_URL of their own). A missing SECRET_KEY is
generated once and kept in the instance folder, so sessions and CSRF tokens survive a restart of
`statecare run` without anyone having to invent a key.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.exc import OperationalError, ProgrammingError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from statecare.config import database_url, default_instance_dir, secret_key
from statecare.web import compress, search_fast, search_form, urls
from statecare.web import db as webdb
from statecare.web.cache import TTLCache
from statecare.web.filters import register_filters
from statecare.web.security import HttpsAwareSessionInterface, apply_security_headers, refuse_nul

log = logging.getLogger(__name__)
csrf = CSRFProtect()


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else the instance folder's key (statecare.config.secret_key,
    the same function `statecare digest send` uses, so links it signs verify here)."""
    return secret_key(instance)


def build_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the site. `config` overrides settings (DATABASE_URL, SECRET_KEY, TESTING, ...)."""
    config = dict(config or {})
    instance = Path(config.pop("INSTANCE_PATH", None) or default_instance_dir())
    app = Flask("statecare.web", instance_path=str(instance), instance_relative_config=True)
    app.config.update(
        DATABASE_URL=config.get("DATABASE_URL") or database_url(),
        JSON_SORT_KEYS=False,
        WTF_CSRF_TIME_LIMIT=None,  # a cost form left open over lunch still submits
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=256 * 1024,
        # style.css and app.js: a browser keeps them an hour (then revalidates by ETag) instead of
        # asking again on every page (Flask's default answer is "no-cache")
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        # 0 turns the per-worker search cache off (the benchmark measures both ways)
        SEARCH_CACHE_SECONDS=float(os.environ.get("STATECARE_SEARCH_CACHE_SECONDS", "60")),
        SEARCH_CACHE_SIZE=512,
        # how many reverse proxies stand in front (0: none): their X-Forwarded-Proto/-For/-Host
        # are trusted only then, so that an https request through them gets a Secure cookie
        TRUSTED_PROXIES=int(os.environ.get("STATECARE_TRUSTED_PROXIES", "0") or 0),
    )
    app.config.update(config)
    app.session_interface = HttpsAwareSessionInterface()
    search_fast.init_app(app)  # inside ProxyFix: it sees the forwarded scheme and host
    proxies = int(app.config["TRUSTED_PROXIES"] or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    app.json.sort_keys = False  # type: ignore[attr-defined]

    webdb.init_app(app)
    if float(app.config["SEARCH_CACHE_SECONDS"]) > 0:
        app.extensions["statecare_search_cache"] = TTLCache(int(app.config["SEARCH_CACHE_SIZE"]),
                                                            float(app.config["SEARCH_CACHE_SECONDS"]))
    csrf.init_app(app)
    register_filters(app)
    search_form.init_app(app)
    urls.init_app(app)
    app.before_request(refuse_nul)
    app.after_request(apply_security_headers)
    compress.init_app(app)

    from statecare.web.views import api, bills, feeds, pages, people, search

    app.register_blueprint(pages.bp)
    app.register_blueprint(bills.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(people.bp)
    csrf.exempt(api.bp)  # read-only JSON, GET only

    app.config.setdefault("DIGEST_AVAILABLE", False)  # statecare.app mounts the digest's pages
    _register_errors(app)
    return app


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json")


def _error(status: int, title: str, message: str):  # type: ignore[no-untyped-def]
    if _wants_json():
        return jsonify({"error": {"status": status, "title": title, "message": message}}), status
    return render_template("error.html", status=status, title=title, message=message), status


def _register_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):  # type: ignore[no-untyped-def]
        return _error(400, "Form expired or not sent from this site",
                      f"{exc.description} Reload the page and send the form again.")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        return _error(exc.code or 500, exc.name, exc.description or "")

    @app.errorhandler(OperationalError)
    @app.errorhandler(ProgrammingError)
    def db_error(exc: Exception):  # type: ignore[no-untyped-def]
        msg = str(getattr(exc, "orig", exc))
        if "no such table" in msg or "does not exist" in msg:
            log.error("database not initialised: %s", msg)
            return _error(503, "Database not set up",
                          "The database has no tables yet. Run `statecare db upgrade` and load data "
                          "(`statecare crawl --source openstates --replay`), then reload.")
        log.exception("database error")
        return _error(500, "Database error", "The database could not answer; the error has been logged.")

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):  # type: ignore[no-untyped-def]
        log.exception("unhandled error on %s", request.path)
        return _error(500, "Something went wrong", "The error has been logged. Please try again later.")

    @app.teardown_request
    def _drop(_exc: BaseException | None) -> None:
        g.pop("cost_api", None)
