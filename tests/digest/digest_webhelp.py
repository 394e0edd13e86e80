"""Small helpers to drive the digest pages with Flask's test client like a browser would."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import Engine

from statecare.digest.settings import DigestSettings

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
URL_RE = re.compile(r"https?://[^\s<>\"')]+")


def csrf_token(html: str) -> str:
    m = CSRF_RE.search(html)
    assert m, "the form carries no csrf_token"
    return m.group(1) or m.group(2)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            for k, v in attrs:
                if k == "href" and v:
                    self.hrefs.append(v)


def html_links(html: str) -> list[str]:
    p = _Links()
    p.feed(html)
    return p.hrefs


def text_links(text: str) -> list[str]:
    return URL_RE.findall(text)


def path_of(url: str, base: str) -> str:
    """The path (and query) of an absolute link under `base`, to request from the test client."""
    assert url.startswith(base + "/"), f"{url} is not under {base}"
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class _Checked(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.values = name, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("name") == self.name and "checked" in a:
            self.values.append(a.get("value") or "")


def checked_values(html: str, name: str) -> list[str]:
    """Values of the ticked checkboxes called `name`, as a browser would submit them."""
    p = _Checked(name)
    p.feed(html)
    return p.values


def make_app(engine: Engine, settings: DigestSettings, tmp_path: Path, **extra: object):  # type: ignore[no-untyped-def]
    """The real site (statecare.app.create_app, which mounts the digest blueprint) on `engine`."""
    from statecare.app import create_app

    app = create_app({
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": settings.secret_key,
        "BASE_URL": settings.base_url,
        "SMTP_URL": settings.smtp_url,
        "DIGEST_FROM": settings.mail_from,
        "TESTING": True,
        **extra,
    })
    return app

