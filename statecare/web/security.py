"""Security headers on every response.

Bill text is untrusted input: the templates escape it (Jinja autoescape) and the CSP below is the
second wall -- no inline script or style, nothing from another origin, no framing -- so even a
rendering mistake cannot run someone else's script on the site.
"""

from __future__ import annotations

from flask import Flask, Request, Response, abort, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "geolocation=(), camera=(), microphone=(), interest-cohort=()"),
)


def apply_security_headers(resp: Response) -> Response:
    """Add each header the view did not set itself (as Headers.setdefault would, in this order).

    One look at the names already there instead of a setdefault per header: each setdefault
    scans and lower-cases every header of the response, a visible share of a quick JSON answer."""
    extra = list(SECURITY_HEADERS)
    path = request.path
    if path.startswith("/api/"):
        # public, read-only data: any site may fetch it
        extra.append(("Access-Control-Allow-Origin", "*"))
    if path.startswith("/static/"):
        extra.append(("Cache-Control", "public, max-age=3600"))
    present = {k.lower() for k in resp.headers.keys()}
    resp.headers.extend([(k, v) for k, v in extra if k.lower() not in present])
    return resp


FREE_TEXT_PARAMS = frozenset({"q"})


def refuse_nul() -> None:
    """404 for a NUL in the path, 400 for one in a query parameter, before any view runs.

    SQLite compares a NUL like any character, but PostgreSQL refuses it in text and the view
    answered 500; refusing it here gives both databases the same clear answer for every view.
    The search words `q` are the exception: free text, which the search cleans of NUL itself, so a
    pasted query with a stray NUL still searches (tests/web/test_web_search.py holds it to that).
    """
    if "\x00" in request.path:
        abort(404, "There is no page at an address containing a NUL character (%00).")
    for key, value in request.args.items(multi=True):
        if "\x00" in key or ("\x00" in value and key not in FREE_TEXT_PARAMS):
            abort(400, f"Parameter {key.replace(chr(0), '')!r} contains a NUL character (%00), "
                       f"which no value can hold.")


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is marked Secure whenever the request came over HTTPS.

    SESSION_COOKIE_SECURE is one setting for every request, so a site served over HTTPS with the
    default (False) sent its session (and CSRF token) cookie without Secure; turning it on always
    would break plain-http development. Deciding per request gives both. Behind a reverse proxy
    the request is seen as https only through X-Forwarded-Proto, which `build_app` trusts when
    TRUSTED_PROXIES says how many proxies stand in front (werkzeug's ProxyFix).
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """An empty session without building the signing serializer when the request has no session
        cookie -- most requests (searches, JSON, feeds) -- since building it (a key derivation
        set-up per request) was a visible share of a search request's CPU. The same answer as
        Flask's own, which returns an empty session for an absent cookie too."""
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure when configured so, when the request is https, or when https is the preferred scheme."""
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure or (
            app.config.get("PREFERRED_URL_SCHEME") == "https")
