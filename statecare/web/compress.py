"""gzip for the site's text responses (pages, JSON, CSV, feeds), when the client accepts it.

Why here and not in a proxy: `statecare run` and gunicorn serve the site directly, and a search
result page or its JSON is 10-60 kB of repetitive text that gzip shrinks five to ten times. Why
not a library: the standard library's gzip does it in a few lines, and two decisions need the
application's knowledge anyway:

- a response that carries a CSRF token is never compressed (BREACH: a secret and reflected input
  compressed together leak the secret through the size); flask_wtf keeps the token it issued for
  this request in `g.csrf_token`, so the check is exact;
- level 3, the strongest of zlib's fast levels (1-3 use its quick match finder): on /search.json
  bodies (national database, 400 searches, ~11 kB each) 0.10 ms against level 5's 0.15 ms, for
  responses 6 % larger (2,617 against 2,465 bytes; 116k bench 0.046 against 0.082 ms, 1,101 against
  1,018 bytes) -- the compression was a twentieth of a search's CPU, on a 2-core machine shared
  with the database, and a few hundred bytes are nothing on the wire.
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, g, request

COMPRESS_MIN_BYTES = 500  # below this the gzip header and a round of CPU cost more than they save
COMPRESS_LEVEL = 3
COMPRESSIBLE = ("text/", "application/json", "application/atom+xml", "application/xml",
                "application/javascript", "image/svg+xml", "text/calendar")


def accepts_gzip() -> bool:
    """Whether the request's Accept-Encoding allows gzip (q=0 refuses it)."""
    return request.accept_encodings["gzip"] > 0


def compress_response(resp: Response) -> Response:
    """gzip `resp` in place if the client accepts it and it is worth it; always say that the
    answer varies with Accept-Encoding when it could have been compressed."""
    if (request.method not in ("GET", "HEAD") or resp.direct_passthrough or resp.is_streamed
            or not resp.mimetype or not resp.mimetype.startswith(COMPRESSIBLE)):
        return resp
    resp.vary.add("Accept-Encoding")
    if (resp.status_code != 200 or "Content-Encoding" in resp.headers or "csrf_token" in g
            or not accepts_gzip()):
        return resp
    body = resp.get_data()
    if len(body) < COMPRESS_MIN_BYTES:
        return resp
    resp.set_data(gzip.compress(body, compresslevel=COMPRESS_LEVEL, mtime=0))
    resp.headers["Content-Encoding"] = "gzip"
    etag, weak = resp.get_etag()
    if etag and not weak:  # the bytes differ from the uncompressed form's
        resp.set_etag(etag, weak=True)
    return resp


def init_app(app: Flask) -> None:
    app.after_request(compress_response)
