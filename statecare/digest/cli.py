"""`statecare digest send` (for cron) and `statecare digest preview EMAIL`."""

from __future__ import annotations

import sys
import time

import click

from statecare.config import database_url as default_database_url

db_url_option = click.option(
    "--database-url", envvar="DATABASE_URL", default=None,
    help="SQLAlchemy URL (default: DATABASE_URL, else SQLite in the instance folder).",
)
EX_TEMPFAIL = 75  # sysexits.h: "try again later" -- another run holds the lock, or SMTP is down


def _settings():  # type: ignore[no-untyped-def]
    from statecare.digest.settings import DigestSettings, SettingsError

    try:
        return DigestSettings.load()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


class _Progress:
    """Progress on stderr for big batches: a line every few seconds (works in cron logs and
    terminals alike, unlike a redrawn bar)."""

    def __init__(self, every: float = 5.0, min_total: int = 200) -> None:
        self.every, self.min_total = every, min_total
        self.t0 = self.last = time.monotonic()

    def __call__(self, done: int, total: int, report) -> None:  # type: ignore[no-untyped-def]
        now = time.monotonic()
        if total < self.min_total or (now - self.last < self.every and done != total):
            return
        self.last = now
        rate = report.sent / max(now - self.t0, 1e-9)
        click.echo(f"  {done}/{total} subscribers, {report.sent} sent ({rate:.0f}/s), "
                   f"{len(report.refused)} refused, {len(report.ambiguous)} ambiguous", err=True)


@click.group("digest")
def digest_group() -> None:
    """The weekly email digest."""


@digest_group.command("send")
@click.option("--dry-run", is_flag=True, help="Select and render, print who would get what; send and change nothing.")
@click.option("--since", default=None, metavar="EVENT_ID|DATE",
              help="Ignore events before this id or date (e.g. on a first run over old data).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Send at most N digests this run.")
@click.option("--settle", type=click.IntRange(min=0), default=None,
              help="Leave events younger than this many seconds for the next run (default DIGEST_SETTLE_SECONDS or 60).")
@db_url_option
def send_command(dry_run: bool, since: str | None, limit: int | None, settle: int | None,
                 database_url: str | None) -> None:
    """Send each confirmed subscriber the events since their last digest that match their filters."""
    from dataclasses import replace

    from statecare.db.engine import make_engine
    from statecare.digest.sender import SinceError, run_send
    from statecare.digest.smtp import SmtpUrlError

    settings = _settings()
    if settle is not None:
        settings = replace(settings, settle_seconds=settle)
    engine = make_engine(database_url or default_database_url())
    try:
        report = run_send(engine, settings, dry_run=dry_run, since=since, limit=limit, progress=_Progress())
    except (SinceError, SmtpUrlError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        engine.dispose()
    if dry_run:
        for p in report.planned:
            click.echo(f"would send to {p.email}: {p.items} items, events {p.first_event_id}..{p.last_event_id}"
                       f"{' (retry of a pending send)' if p.retry else ''}: {p.subject}")
    for email, detail in report.refused:
        click.echo(f"refused: {email}: {detail} (will retry next run)", err=True)
    for email, detail in report.ambiguous:
        click.echo(f"connection lost: {email}: {detail} (will retry with the same Message-ID)", err=True)
    click.echo(report.line())
    if report.locked_by is not None or (report.stopped and "limit" not in report.stopped):
        click.echo(f"stopped early: {report.stopped}", err=True)
        sys.exit(EX_TEMPFAIL)


@digest_group.command("preview")
@click.argument("email")
@click.option("--html", "as_html", is_flag=True, help="Print the HTML part instead of the text part.")
@click.option("--since", default=None, metavar="EVENT_ID|DATE", help="Start from this event instead of the last one mailed.")
@db_url_option
def preview_command(email: str, as_html: bool, since: str | None, database_url: str | None) -> None:
    """Print the digest EMAIL would get if `send` ran now (any status; nothing is sent or changed)."""
    from statecare.db.engine import make_engine
    from statecare.digest.sender import Planner, SinceError, load_subscribers, manage_urls, resolve_since
    from statecare.digest.subscriptions import InvalidAddress, normalise_email

    settings = _settings()
    try:
        addr = normalise_email(email)
    except InvalidAddress as exc:
        raise click.ClickException(f"EMAIL {email!r}: {exc}") from exc
    engine = make_engine(database_url or default_database_url())
    try:
        subs = load_subscribers(engine, email=addr)
        if not subs:
            raise click.ClickException(f"no subscriber with the address {addr!r}")
        sub = subs[0]
        try:
            floor = resolve_since(engine, since)
        except SinceError as exc:
            raise click.ClickException(str(exc)) from exc
        if floor is not None:
            from dataclasses import replace

            sub = replace(sub, last_event_id=floor)
        from statecare.digest.sender import settled_max_event_id

        upto = settled_max_event_id(engine, 0)
        planner = Planner(engine, settings, [sub], {}, upto, None)
        digest, _ = planner.digest_for(sub)
        rendered = planner.rendered(digest)
    finally:
        engine.dispose()
    text, html = rendered.personalise(*manage_urls(settings, sub.id, sub.token_version))
    click.echo(f"Subject: {rendered.subject}", err=True)
    click.echo(f"Events {digest.first_event_id}..{digest.last_event_id}: {digest.item_count} items", err=True)
    click.echo(html if as_html else text)


@click.group("alerts")
def alerts_group() -> None:
    """Same-day alerts to people who follow a bill ("Follow this bill")."""


@alerts_group.command("send")
@click.option("--settle", type=click.IntRange(min=0), default=None,
              help="Leave events younger than this many seconds for the next run (default DIGEST_SETTLE_SECONDS or 60).")
@db_url_option
def alerts_send_command(settle: int | None, database_url: str | None) -> None:
    """Email each follower, one message per address, what happened today to the bills they follow
    (stage change, hearing scheduled, new text, co-sponsors added); for cron, never twice."""
    from dataclasses import replace

    from statecare.db.engine import make_engine
    from statecare.digest.alerts import run_alerts
    from statecare.digest.smtp import SmtpUrlError

    settings = _settings()
    if settle is not None:
        settings = replace(settings, settle_seconds=settle)
    engine = make_engine(database_url or default_database_url())
    try:
        report = run_alerts(engine, settings)
    except SmtpUrlError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        engine.dispose()
    for email, detail in report.refused:
        click.echo(f"refused: {email}: {detail} (will retry next run)", err=True)
    for email, detail in report.ambiguous:
        click.echo(f"connection lost: {email}: {detail} (will retry with the same Message-ID)", err=True)
    click.echo(report.line())
    if report.stopped:
        click.echo(f"stopped early: {report.stopped}", err=True)
        sys.exit(EX_TEMPFAIL)


commands: list[click.Command] = [digest_group, alerts_group]
