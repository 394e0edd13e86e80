"""The whole application: the site (statecare.web) and the digest's pages (statecare.digest) joined.

It lives above both packages so that neither imports the other (DESIGN.md's import rule): the site
knows nothing of subscriptions, the digest nothing of the map, and this module registers the
digest's blueprint on the site's app. `statecare run` and any WSGI server serve
`statecare.app:create_app()`.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from statecare.digest import views as digest_views
from statecare.web import create_app as create_site


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The site with the digest's /subscribe, /preferences and unsubscribe pages mounted."""
    app = create_site(config)
    app.register_blueprint(digest_views.bp)
    app.config["DIGEST_AVAILABLE"] = True
    return app
