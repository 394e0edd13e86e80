"""Settings read from the environment, in one place so every stage agrees on them.

The names are the ones DESIGN.md fixes: DATABASE_URL, STATECARE_SHARED, OPENSTATES_API_KEY,
LEGISCAN_API_KEY, SMTP_URL, SECRET_KEY.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROJECT_URL = "https://github.com/statecare/statecare"
USER_AGENT = f"statecare/0.1 (+{PROJECT_URL})"


class SharedDataMissing(RuntimeError):
    """Raised when the recorded data folder (../shared) cannot be found."""


def shared_dir(required: bool = True) -> Path | None:
    """Where the recorded real data lives: $STATECARE_SHARED, else ../shared beside the checkout.

    Returns None when it is missing and not required; raises SharedDataMissing otherwise, naming
    every place looked at so the user knows what to set.
    """
    candidates: list[Path] = []
    env = os.environ.get("STATECARE_SHARED")
    if env:
        candidates.append(Path(env))
    candidates.append(PROJECT_ROOT.parent / "shared")
    candidates.append(Path.cwd().parent / "shared")
    for c in candidates:
        if (c / "fixtures").is_dir():
            return c.resolve()
    if required:
        raise SharedDataMissing(
            "recorded data not found; set STATECARE_SHARED or place it at "
            + " or ".join(str(c) for c in candidates)
        )
    return None


def fixtures_dir() -> Path:
    """The recorded bills, pages and labels (shared/fixtures)."""
    d = shared_dir()
    assert d is not None
    return d / "fixtures"


def costdata_dir() -> Path:
    """The recorded cost-model inputs (shared/costdata)."""
    d = shared_dir()
    assert d is not None
    return d / "costdata"


def default_instance_dir() -> Path:
    """Flask's instance folder for this checkout; the SQLite file lives here by default."""
    return Path(os.environ.get("STATECARE_INSTANCE", PROJECT_ROOT / "instance"))


def database_url() -> str:
    """DATABASE_URL, or a SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL")
    if url:
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://"):]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    inst = default_instance_dir()
    inst.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{inst / 'statecare.sqlite3'}"


def secret_key(instance: Path | None = None) -> str:
    """SECRET_KEY from the environment, else the key kept (0600) in the instance folder, made once.

    The site and `statecare digest send` both call this, because the digest's unsubscribe and
    preferences links are signed by the CLI and checked by the site: two keys (or a constant
    fallback, issue 16.1) means nobody can unsubscribe. There is deliberately no constant default.
    The first process to need a key writes it to a temporary file and hard-links it into place,
    so two processes starting at once cannot end up with different keys.
    """
    env = os.environ.get("SECRET_KEY")
    if env:
        return env
    folder = Path(instance) if instance is not None else default_instance_dir()
    path = folder / "secret_key"
    key = _read_key(path)
    if key:
        return key
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, path)  # atomic, and fails if someone else made the key first
        except FileExistsError:
            if not _read_key(path):  # an empty file left by an older version: replace it
                os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    key = _read_key(path)
    if not key:
        raise RuntimeError(f"could not create a secret key in {path}")
    return key


def _read_key(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""
