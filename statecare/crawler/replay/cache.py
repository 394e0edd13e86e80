"""Keep the loaded national recording between replay crawls (instance folder), keyed by what it was built from.

Loading shared/national (decompressing 51 sessions' bills, texts and indexes, matching and sniffing
the documents, packing 20,639 bills) costs ~7 s of CPU, which was half of what a no-change replay
re-crawl cost once the crawl itself asked only for updated bills. The loaded `NationalRecording` is
pickled under the instance folder and used again while nothing it was built from changed: the key
covers the size and modification time of every recorded file it read (bills, texts, index and
document listings, every document file), the slice asked for, and the code that builds it. Any
change, or an unreadable cache file, and the recording is loaded from the files again; a damaged
recording's errors are kept with it, so a cached load reports them just the same.

The cache is the crawl's own file in its own instance folder (the same trust as the database next
to it); nothing else is read from there.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from statecare.crawler.replay.national import NationalRecording, session_dirs
from statecare.crawler.unchanged import code_digest

log = logging.getLogger(__name__)
CACHE_VERSION = b"statecare-national-replay-cache/1\n"
_PREFIX = "national-replay-"
# the code whose output is cached (documents are sniffed, identifiers keyed, URLs keyed at load)
_CODE = ("crawler/replay/national.py", "crawler/replay/recorded_documents.py", "crawler/replay/cache.py",
         "documents/sniff.py", "legis/identifiers.py", "legis/states.py")


def cache_key(root: Path, states: Iterable[str] | None, session: str | None, texts: str) -> str:
    """sha256 naming one load: the slice, the code, and (name, size, mtime) of every file it reads."""
    h = hashlib.sha256(CACHE_VERSION)
    h.update(repr((str(root.resolve()), sorted(s.lower() for s in states or []), session, texts)).encode())
    h.update(code_digest(_CODE))
    for folder in session_dirs(root, states, session):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            st = path.stat()
            h.update(f"{path.relative_to(root)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def load_national(root: Path, cache_dir: Path | None, *, states: Iterable[str] | None = None,
                  session: str | None = None, texts: str = "candidates",
                  errors: list[tuple[Path, str]] | None = None) -> NationalRecording:
    """`NationalRecording(root, ...)`, from `cache_dir` when a load of the same files was kept there."""
    errors = errors if errors is not None else []
    if cache_dir is None:
        return NationalRecording(root, states=states, session=session, texts=texts, errors=errors)
    states = list(states) if states is not None else None
    path = cache_dir / f"{_PREFIX}{cache_key(root, states, session, texts)[:32]}.pickle"
    try:
        with path.open("rb") as f:
            rec = pickle.load(f)  # noqa: S301 - written by this code into the crawl's own instance folder
        if isinstance(rec, NationalRecording):
            errors.extend(rec.errors)
            rec.errors = errors
            return rec
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - a bad cache file is only a slower start
        log.warning("replay cache %s unreadable (%s): loading the recording", path, exc)
    start = len(errors)
    rec = NationalRecording(root, states=states, session=session, texts=texts, errors=errors)
    _store(path, rec, errors[start:])
    return rec


def _store(path: Path, rec: NationalRecording, own_errors: list[tuple[Path, str]]) -> None:
    """Write the cache atomically (a crawl killed meanwhile leaves no half file) and drop older loads."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        shared_errors, rec.errors = rec.errors, own_errors
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            with tmp.open("wb") as f:
                pickle.dump(rec, f, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            rec.errors = shared_errors
        os.replace(tmp, path)
        for old in path.parent.glob(f"{_PREFIX}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("replay cache not written (%s): the next crawl loads the recording again", exc)
