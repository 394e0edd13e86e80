"""The loopback replay server: real recorded responses, served over real HTTP.

Spiders reach it through `ReplayRewriteMiddleware`, which sends a request for
`https://api.openstates.org/bills?...` to `http://127.0.0.1:PORT/api.openstates.org/bills?...` and
puts the original URL back on the response, so stored URLs stay the real ones and a live run needs
no code change, only API keys.

Routes (by original host):
- api.openstates.org  /bills                  Open States v3 search (see openstates_v3.py)
- api.openstates.org  /events                 v3 events given to the server (none were recorded)
- api.legiscan.com    /?op=getSearch|getBill|getBillText   (see legiscan.py)
- raw.githubusercontent.com /jehiah/ny_legislation/<ref>/bills/<year>/<print>.json
                                               NY Open Legislation mirror files, as recorded
- any host            /robots.txt              permissive (no robots.txt was recorded)
- any other URL in recorded_documents.DOCUMENTS  the recorded bytes with the original headers
- a version link of a shared/national bill whose document (or extracted text) was recorded
                                               (see national.py; sniffed Content-Type)
- _replay /recorded                            the list of document URLs above (the crawl's
                                               "not recorded" check)
Everything else is 404: the replay never makes anything up.

Failure injection for tests is a server option (`faults`), never an edit of a recording: a fault
matches by substring of the original URL and answers with an HTTP error (404/429 with
Retry-After/500/503), a body cut short (`truncate`: valid HTTP, half the bytes — malformed JSON,
truncated HTML), a connection that dies mid-body (`dataloss`), a charset header that lies
(`wrong_charset`), a v3/LegiScan record with its identifier removed (`missing_identifier`), or
Open States' answer to a key over its daily quota (`quota`: 429 "exceeded limit of 500/day").
`delay` slows every response, so that a test can kill a crawl midway.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson

from statecare.crawler.replay import legiscan, openstates_v3
from statecare.crawler.replay.cache import load_national
from statecare.crawler.replay.national import NationalRecording
from statecare.crawler.replay.recorded_documents import body_of, document_index, url_key

REPLAY_HOST = "_replay"  # {replay}/_replay/recorded: the replay's own listing, not a recorded host
ROBOTS_TXT = b"User-agent: *\nAllow: /\n"
FAULT_KINDS = frozenset({"404", "429", "500", "503", "truncate", "dataloss", "wrong_charset",
                         "missing_identifier", "quota"})
# what Open States answers a free-tier key past its daily quota (HTTP 429, no Retry-After)
QUOTA_BODY = b'{"detail":"exceeded limit of 500/day: 501"}'
_OPENLEG_RE = re.compile(r"^/jehiah/ny_legislation/[^/]+/bills/(\d{4})/([A-Z]\d+[A-Z]?)\.json$")


@dataclass
class Fault:
    """Answer requests whose original URL contains `match` with `kind`, `times` times (None: always)."""

    match: str
    kind: str
    times: int | None = None
    retry_after: int = 1
    used: int = 0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {sorted(FAULT_KINDS)}")

    def take(self, url: str) -> bool:
        if self.match not in url or (self.times is not None and self.used >= self.times):
            return False
        self.used += 1
        return True


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def original_url(path_and_query: str) -> str:
    """'/api.openstates.org/bills?x=1' -> 'https://api.openstates.org/bills?x=1' (scheme not kept)."""
    rest = path_and_query.lstrip("/")
    return "https://" + rest


class Recordings:
    """Everything the replay can answer, loaded once from shared/fixtures (and shared/national).

    `national` (a folder laid out as shared/national) adds the recorded legislatures; `national_states`
    and `national_session` load a slice of it (tests). A bill recorded in both places is served once.
    """

    def __init__(self, fixtures: Path, *, national: Path | None = None,
                 national_states: list[str] | None = None, national_session: str | None = None,
                 events: list[dict[str, Any]] | None = None, national_cache: Path | None = None) -> None:
        self.fixtures = fixtures
        # v3 /events results to serve (None: no events were recorded, /events is 404 like any
        # unrecorded URL); tests pass events built as the API documents them
        self.events = events
        # recordings that could not be read (file, reason): skipped, and recorded by the crawl
        self.load_errors: list[tuple[Path, str]] = []
        self.documents = document_index()
        recorded = openstates_v3.load_bills(fixtures, self.load_errors)
        self.national: NationalRecording | None = None
        if national is not None:
            # `national_cache`: a folder where the loaded recording is kept between crawls (cache.py)
            self.national = load_national(national, national_cache, states=national_states,
                                          session=national_session, errors=self.load_errors)
            self.openstates: list[Any] = openstates_v3.merge(
                recorded, self.national.bills, set(self.documents), url_key)
        else:
            self.openstates = list(recorded)
        self._search_cache: dict[tuple[Any, ...], list[Any]] = {}
        self.legiscan = legiscan.LegiscanRecordings(fixtures, self.load_errors)
        self.openleg: dict[tuple[str, str], Path] = {}
        for p in sorted((fixtures / "ny_openleg_derived").glob("NY_*.json")):
            _, year, print_no = p.stem.split("_")[:3]
            self.openleg[(year, print_no)] = p

    def answer(self, url: str) -> Reply:
        parts = urlsplit(url)
        host = parts.netloc.lower()
        params = parse_qs(parts.query, keep_blank_values=True)
        if parts.path == "/robots.txt":
            return Reply(200, ROBOTS_TXT, {"Content-Type": "text/plain"})
        if host == REPLAY_HOST and parts.path == "/recorded":
            return _json(200, {"documents": self.recorded_keys()}, None)
        if host == "api.openstates.org" and parts.path.rstrip("/") == "/bills":
            status, obj = openstates_v3.search(self.openstates, params, self._search_cache)
            return _json(status, obj, openstates_v3.Q_NOTE if params.get("q") else None)
        if host == "api.openstates.org" and parts.path.rstrip("/") == "/events" and self.events is not None:
            status, obj = openstates_v3.search_events(self.events, params)
            return _json(status, obj, None)
        if host == "api.legiscan.com" and parts.path in ("", "/"):
            status, obj = self.legiscan.answer(params)
            note = legiscan.Q_NOTE if params.get("op", [""])[-1] == "getSearch" else None
            return _json(status, obj, note)
        if host == "raw.githubusercontent.com":
            m = _OPENLEG_RE.match(parts.path)
            if m and (m.group(1), m.group(2)) in self.openleg:
                body = self.openleg[(m.group(1), m.group(2))].read_bytes()
                return Reply(200, body, {"Content-Type": "text/plain; charset=utf-8"})
        served = self.national.files.get(url_key(url)) if self.national is not None else None
        if served is not None and url_key(url) not in self.documents:
            headers = {"Content-Type": served.content_type}
            if served.note:
                headers["X-Replay-Note"] = served.note
            return Reply(200, served.body(), headers)
        doc = self.documents.get(url_key(url))
        if doc is not None:
            headers = {"Content-Type": doc.content_type}
            if doc.content_encoding:
                headers["Content-Encoding"] = doc.content_encoding
            if doc.note:
                headers["X-Replay-Note"] = doc.note
            return Reply(200, body_of(doc, self.fixtures), headers)
        return Reply(404, b"not recorded: " + url.encode("utf-8", "replace"), {"Content-Type": "text/plain"})


    def recorded_keys(self) -> list[list[str]]:
        """Every document URL the replay can answer, as `url_key` triples (host, path, query).

        The crawl asks once (GET {replay}/_replay/recorded, on the loopback, outside the API's
        shape) and marks versions linking nowhere in this list "not recorded" without requesting them.
        """
        keys = set(self.documents)
        if self.national is not None:
            keys |= set(self.national.files)
        return sorted([list(k) for k in keys])


def _json(status: int, obj: Any, note: str | None) -> Reply:
    headers = {"Content-Type": "application/json"}
    if note:
        headers["X-Replay-Note"] = note
    try:  # orjson: a national page is ~100 kB of JSON, and the stdlib encoder was a tenth of a crawl's CPU
        body = orjson.dumps(obj)
    except (TypeError, orjson.JSONEncodeError):  # what orjson refuses (huge integers) json still writes
        body = json.dumps(obj).encode("utf-8")
    return Reply(status, body, headers)


def _drop_identifier(reply: Reply) -> Reply:
    """Remove the identifier of the first record in a v3 page or a LegiScan getBill answer."""
    try:
        obj = json.loads(reply.body)
    except ValueError:
        return reply
    if isinstance(obj.get("results"), list) and obj["results"]:
        obj["results"][0].pop("identifier", None)
    elif isinstance(obj.get("bill"), dict):
        obj["bill"].pop("bill_number", None)
    elif "PrintNo" in obj:
        obj.pop("PrintNo")
    return Reply(reply.status, json.dumps(obj).encode("utf-8"), reply.headers)


class ReplayServer:
    """A ThreadingHTTPServer on 127.0.0.1 serving `Recordings`; use as a context manager."""

    def __init__(self, fixtures: Path, *, port: int = 0, faults: list[Fault] | None = None,
                 delay: float = 0.0, national: Path | None = None, national_states: list[str] | None = None,
                 national_session: str | None = None, events: list[dict[str, Any]] | None = None,
                 national_cache: Path | None = None) -> None:
        self.recordings = Recordings(fixtures, national=national, national_states=national_states,
                                     national_session=national_session, events=events,
                                     national_cache=national_cache)
        self.faults = list(faults or [])
        self.delay = delay
        self.hits: Counter[str] = Counter()
        # (monotonic time, original URL) of every request, for tests that check retry timing
        self.requests: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def load_errors(self) -> list[tuple[Path, str]]:
        """Recorded files the replay could not read and skipped (file, reason)."""
        return self.recordings.load_errors

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        return f"http://{name}:{port}"

    def start(self) -> ReplayServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="replay", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _fault_for(self, url: str) -> Fault | None:
        with self._lock:
            self.hits[url] += 1
            self.requests.append((time.monotonic(), url))
            for f in self.faults:
                if f.take(url):
                    return f
        return None

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
                pass  # the crawl logs what matters; a line per request would drown it

            def do_GET(self) -> None:  # noqa: N802 - stdlib name
                url = original_url(self.path)
                if server.delay:
                    time.sleep(server.delay)
                fault = server._fault_for(url)
                if fault and fault.kind in ("404", "429", "500", "503"):
                    headers = {"Content-Type": "text/plain"}
                    if fault.kind in ("429", "503"):
                        headers["Retry-After"] = str(fault.retry_after)
                    self._send(Reply(int(fault.kind), f"injected {fault.kind}".encode(), headers))
                    return
                if fault and fault.kind == "quota":
                    self._send(Reply(429, QUOTA_BODY, {"Content-Type": "application/json"}))
                    return
                reply = server.recordings.answer(url)
                if fault is None or reply.status != 200:
                    self._send(reply)
                elif fault.kind == "truncate":
                    self._send(Reply(200, reply.body[: len(reply.body) // 2], reply.headers))
                elif fault.kind == "wrong_charset":
                    ctype = reply.headers.get("Content-Type", "text/html").split(";")[0]
                    self._send(Reply(200, reply.body, {**reply.headers, "Content-Type": f"{ctype}; charset=utf-8"}))
                elif fault.kind == "missing_identifier":
                    self._send(_drop_identifier(reply))
                else:  # dataloss: announce the full length, send half, hang up
                    self._send(reply, cut=len(reply.body) // 2)

            def _send(self, reply: Reply, cut: int | None = None) -> None:
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(reply.body)))
                if cut is not None:
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(reply.body if cut is None else reply.body[:cut])
                if cut is not None:
                    self.wfile.flush()
                    self.close_connection = True

        return Handler
