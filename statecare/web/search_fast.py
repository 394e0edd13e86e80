"""A lean path for GET /search.json: the same answer without Flask's per-request machinery.

Why: once the search itself was trimmed, what was left of a /search.json request's CPU was largely
Flask and werkzeug around it -- a Request and a Response object, the request and app contexts,
URL matching, the before/after hooks walking their lists, header objects -- about half a
millisecond of a ~2.5 ms request (cProfile on a CPU clock, 500 distinct searches on the national
database), which on two cores is a fifth of the throughput. The view's own work is kept as it is:
this calls the same functions (views.search.query_from_args, search_json_body) and adds the same
headers the site's after-request hooks add (compress.py's gzip and Vary, security.py's headers),
so the bytes and headers are the view's.

It sits inside the Flask app (`app.wsgi_app`, under ProxyFix when proxies are trusted), and hands
a request to Flask untouched whenever it is not the plain case, so that every rule of the site still
applies there: another path or method, a NUL in the query (security.refuse_nul's 400), a session
cookie (Flask may refresh it), a host not yet seen (the view works out its link bases and
remembers them), TRUSTED_HOSTS / SERVER_NAME set, a bad parameter (the view's 400), and any error
(the view's error pages). Searches change nothing, so a request handed over after a failed try is
simply answered again.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

import werkzeug.urls  # noqa: F401 - registers the "werkzeug.url_quote" codec error handler args use
from flask import Flask
from werkzeug.http import parse_accept_header
from werkzeug.sansio.utils import get_host

from statecare.db.search import SearchError
from statecare.web.compress import COMPRESS_LEVEL, COMPRESS_MIN_BYTES
from statecare.web.security import SECURITY_HEADERS

if TYPE_CHECKING:
    from statecare.web.views.search import JsonBody

PATH = "/search.json"
_HEADERS_PLAIN: tuple[tuple[str, str], ...] = (("Vary", "Accept-Encoding"), *SECURITY_HEADERS)
_HEADERS_GZIP: tuple[tuple[str, str], ...] = (("Vary", "Accept-Encoding"), ("Content-Encoding", "gzip"), *SECURITY_HEADERS)
StartResponse = Callable[..., Any]


class SearchJsonFastPath:
    """WSGI middleware answering plain GET /search.json requests; everything else goes to `inner`."""

    def __init__(self, app: Flask, inner: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.app, self.inner = app, inner
        self._gzip_ok: dict[str, bool] = {}

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == PATH and environ.get("REQUEST_METHOD") == "GET":
            try:
                body = self.answer(environ)
            except Exception:  # noqa: BLE001 - Flask answers it again, with the site's error pages
                body = None
            if body is not None:
                out: bytes = body
                extra = _HEADERS_PLAIN
                if len(body) >= COMPRESS_MIN_BYTES and self.accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING")):
                    packed = body.gzipped
                    if packed is None:  # made once per body: a cached body is sent again and again
                        packed = body.gzipped = gzip.compress(body, compresslevel=COMPRESS_LEVEL, mtime=0)
                    out, extra = packed, _HEADERS_GZIP
                start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(out))),
                                          *extra])
                return [out]
        return self.inner(environ, start_response)

    def accepts_gzip(self, header: str | None) -> bool:
        """request.accept_encodings["gzip"] > 0 (compress.accepts_gzip), remembered per header value."""
        value = header or ""
        ok = self._gzip_ok.get(value)
        if ok is None:
            if len(self._gzip_ok) >= 64:
                self._gzip_ok.clear()
            ok = self._gzip_ok[value] = parse_accept_header(value)["gzip"] > 0
        return ok

    def answer(self, environ: dict[str, Any]) -> JsonBody | None:
        """The JSON body, or None to let Flask answer (see the module's docstring for when)."""
        from statecare.web.views.search import link_memo, query_from_args, search_json_body

        app = self.app
        raw = environ.get("QUERY_STRING", "")
        if "%00" in raw or "\x00" in raw:
            return None
        config = app.config
        if config.get("TRUSTED_HOSTS") or config.get("SERVER_NAME"):
            return None
        cookie = environ.get("HTTP_COOKIE")
        if cookie and config["SESSION_COOKIE_NAME"] in cookie:
            return None
        scheme = environ["wsgi.url_scheme"]
        server = _server(environ)
        # request.scheme / .host / .root_path, as werkzeug works them out (_link_bases' memo key)
        root_path = (environ.get("SCRIPT_NAME") or "").encode("latin1").decode("utf-8", "replace")
        bases = link_memo(app).get((scheme, get_host(scheme, environ.get("HTTP_HOST"), server), root_path))
        if bases is None:
            return None
        query = raw.encode("latin1").decode()  # request.args' own decoding, then its parser
        args: dict[str, str] = {}
        for k, v in parse_qsl(query, keep_blank_values=True, errors="werkzeug.url_quote"):
            args.setdefault(k, v)  # MultiDict.to_dict(): the first value of each
        try:
            sq = query_from_args(args)
        except SearchError:
            return None
        path = environ["PATH_INFO"].encode("latin1").decode("utf-8", "replace")
        return search_json_body(app, sq, bases, f"{path}?{query}")


def _server(environ: dict[str, Any]) -> tuple[str, int | None] | None:
    """werkzeug's Request.server: (SERVER_NAME, SERVER_PORT as a number or None)."""
    name = environ.get("SERVER_NAME")
    if name is None:
        return None
    try:
        port: int | None = int(environ.get("SERVER_PORT"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        port = None
    return name, port


def init_app(app: Flask) -> None:
    """Put the lean path in front of the app's WSGI callable (call before ProxyFix wraps it)."""
    app.wsgi_app = SearchJsonFastPath(app, app.wsgi_app)  # type: ignore[method-assign]
