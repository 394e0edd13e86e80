"""Render a Digest (and the confirmation emails) as plain text and HTML from the same data.

Both parts come from one `Digest` object through two Jinja templates, so they cannot disagree about
what happened. The HTML is written for narrow mail clients: one column, tables for layout, every
style inline (many clients drop <style>), max-width 600px.

A run renders each distinct digest once with placeholder markers where the per-subscriber links go
and then substitutes each subscriber's links: tokens are URL-safe, so a plain string replacement is
safe in both parts and keeps rendering 100,000 digests cheap.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from statecare.digest.selection import Digest
from statecare.legis.sessions import session_label

PREFS_MARK = "@@STATECARE_PREFERENCES_URL@@"
UNSUB_MARK = "@@STATECARE_UNSUBSCRIBE_URL@@"


def _wrap(s: str, width: int = 72, indent: str = "", first: str | None = None) -> str:
    """Wrap plain text for the text part (mail clients show it as-is, 72 columns reads well)."""
    return textwrap.fill(" ".join(str(s).split()), width=width, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The digest's own Jinja environment: usable from the CLI without a Flask app."""
    env = Environment(
        loader=PackageLoader("statecare.digest", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wrap"] = _wrap
    env.filters["session_label"] = session_label  # "20252026" (CA's id) reads "2025-2026", as on the site
    return env


@dataclass(frozen=True)
class Rendered:
    """Subject and both parts, still carrying the link markers."""

    subject: str
    text: str
    html: str

    def personalise(self, preferences_url: str, unsubscribe_url: str) -> tuple[str, str]:
        """(text, html) with this subscriber's links in place of the markers."""
        def sub(s: str) -> str:
            return s.replace(PREFS_MARK, preferences_url).replace(UNSUB_MARK, unsubscribe_url)

        return sub(self.text), sub(self.html)


def render_digest(digest: Digest, root: str) -> Rendered:
    """Both parts of one digest, with markers for the subscriber's own links."""
    env = environment()
    ctx: dict[str, Any] = {
        "digest": digest,
        "subject": digest.subject(),
        "root": root,
        "preferences_url": PREFS_MARK,
        "unsubscribe_url": UNSUB_MARK,
    }
    return Rendered(
        subject=ctx["subject"],
        text=env.get_template("digest/email/digest.txt").render(ctx),
        html=env.get_template("digest/email/digest.html").render(ctx),
    )


def render_notice(name: str, **ctx: Any) -> tuple[str, str, str]:
    """(subject, text, html) of a one-off email: `confirm` or `already_subscribed`."""
    env = environment()
    subjects = {
        "confirm": "Confirm your statecare weekly digest subscription",
        "already_subscribed": "Your statecare weekly digest subscription",
    }
    if name not in subjects:
        raise ValueError(f"unknown notice template {name!r} (known: {', '.join(subjects)})")
    ctx = {"subject": subjects[name], **ctx}
    return (subjects[name], env.get_template(f"digest/email/{name}.txt").render(ctx),
            env.get_template(f"digest/email/{name}.html").render(ctx))
