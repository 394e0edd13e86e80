"""The digest's pages: subscribe, confirm, preferences, unsubscribe (RFC 8058 one-click), preview.

Registered by the web app factory (statecare.web.app) when this module exists. Pages extend the
site's `base.html` (blocks `title`, `content`) and fall back to a standalone layout of their own.

Answers never depend on whether an address is subscribed: POST /subscribe shows the same page for
every valid address; which email the address then receives is the only difference, and only its
owner sees that.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.blueprints import BlueprintSetupState
from jinja2 import TemplateNotFound
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from statecare.config import database_url
from statecare.db.engine import get_engine
from statecare.db.models import Event, utcnow
from statecare.digest import subscriptions as subs
from statecare.digest.forms import (
    ConfirmForm,
    PreferencesForm,
    ResubscribeForm,
    SubscribeForm,
    UnsubscribeForm,
)
from statecare.digest.hearings import load_upcoming
from statecare.digest.message import build_message, new_message_id
from statecare.digest.ratelimit import address_key, hit, ip_key
from statecare.digest.render import render_digest, render_notice
from statecare.digest.selection import (
    EventIndex,
    FilterError,
    Filters,
    SavedSearches,
    Selector,
    load_events,
)
from statecare.digest.settings import DigestSettings
from statecare.digest.smtp import Outcome, SmtpTransport, SmtpUnavailable
from statecare.digest.tokens import TokenError, make_token, read_token

log = logging.getLogger(__name__)

bp = Blueprint("digest", __name__, template_folder="templates")

# The site's icon link (statecare/web/templates/base.html; the standalone layout has it too): an
# empty icon, so that a browser asks for no /favicon.ico (a 404 in every log) and shows the same
# tab on every page. The preview serves the email's own HTML, which has no <link> of its own.
FAVICON_LINK = '<link rel="icon" href="data:,">'


def with_favicon(html: str) -> str:
    """The email's HTML as a page of the site: the icon link added to its head (the email as sent is
    unchanged; mail clients ignore it anyway)."""
    head_end = html.find("</head>")
    if head_end == -1 or FAVICON_LINK in html[:head_end]:
        return html
    return f"{html[:head_end]}{FAVICON_LINK}\n{html[head_end:]}"

ONE_CLICK_VIEW = f"{__name__}.unsubscribe_post"
# the follow alerts' one-click endpoints (RFC 8058: the provider POSTs without a CSRF token)
FOLLOW_ONE_CLICK_VIEWS = (f"{__name__}.unfollow", f"{__name__}.stop_alerts")


def _exempt_one_click(app: Any) -> None:
    """RFC 8058: mail providers POST `List-Unsubscribe=One-Click` with no CSRF token. The signed
    token in the URL is the capability, so CSRF protection adds nothing there; every other form
    on these pages carries a csrf_token."""
    csrf = app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(ONE_CLICK_VIEW)
        for view in FOLLOW_ONE_CLICK_VIEWS:
            csrf.exempt(view)


@bp.record_once
def _on_register(state: BlueprintSetupState) -> None:
    _exempt_one_click(state.app)


@bp.before_app_request
def _late_exempt() -> None:
    # for apps that set up CSRFProtect after registering this blueprint
    _exempt_one_click(current_app._get_current_object())  # type: ignore[attr-defined]


@bp.context_processor
def _layout() -> dict[str, str]:
    """Pages extend the site's base.html (blocks title, content) when the app has one."""
    try:
        current_app.jinja_env.get_template("base.html")
        return {"digest_layout": "base.html"}
    except TemplateNotFound:
        return {"digest_layout": "digest/_standalone.html"}


def settings() -> DigestSettings:
    cfg: dict[str, Any] = dict(current_app.config)
    if not cfg.get("BASE_URL"):
        import os

        if not os.environ.get("BASE_URL"):
            cfg["BASE_URL"] = request.url_root.rstrip("/")
    return DigestSettings.load(cfg)


def engine() -> Engine:
    """The web app's engine when it has one (statecare.web.db), else one for DATABASE_URL."""
    eng = current_app.extensions.get("statecare_engine")
    return eng if eng is not None else get_engine(current_app.config.get("DATABASE_URL") or database_url())


@contextmanager
def transaction() -> Iterator[Session]:
    with Session(engine(), expire_on_commit=False) as s, s.begin():
        yield s


def _page(template: str, status: int = 200, /, **ctx: Any) -> tuple[str, int]:
    return render_template(template, **ctx), status


def _token_error(exc: TokenError, status: int | None = None) -> tuple[str, int]:
    code = status or (400 if exc.__class__.__name__ == "TokenInvalid" else 410)
    return _page("digest/link_problem.html", code, reason=exc.reason)


def _send_notice(cfg: DigestSettings, to: str, kind: str, **ctx: Any) -> bool:
    """Send a confirmation / manage-link email now; False if the server would not take it."""
    subject, text, html = render_notice(kind, root=cfg.root, **ctx)
    msg = build_message(mail_from=cfg.mail_from, to=to, subject=subject, text=text, html=html,
                        message_id=new_message_id(cfg.mail_from))
    from email.utils import parseaddr

    try:
        with SmtpTransport.from_url(cfg.smtp_url) as smtp:
            result = smtp.send(msg, from_addr=parseaddr(cfg.mail_from)[1], to_addr=to)
    except SmtpUnavailable as exc:
        log.error("could not send %s email: %s", kind, exc)
        return False
    if result.outcome is not Outcome.SENT:
        log.error("SMTP did not take the %s email: %s", kind, result.detail)
        return False
    return True


def _valid_for(seconds: int) -> str:
    if seconds % 86400 == 0:
        d = seconds // 86400
        return f"{d} day{'s' if d != 1 else ''}"
    h = max(1, round(seconds / 3600))
    return f"{h} hour{'s' if h != 1 else ''}"


@bp.route("/subscribe", methods=["GET", "POST"])
def subscribe() -> Any:
    form = SubscribeForm()
    if request.method == "GET":
        return _page("digest/subscribe.html", form=form)
    cfg = settings()
    if not hit(engine(), ip_key(request.remote_addr), cfg.ip_limit_per_hour):
        return _page("digest/rate_limited.html", 429, form=form)
    if not form.validate_on_submit():
        return _page("digest/subscribe.html", 400, form=form)
    email = form.normalised_email or ""
    try:
        filters = Filters.of(form.states.data, form.policy_types.data, form.saved_search.data)
    except FilterError as exc:  # the choices are checked by the form; this guards the rest
        form.states.errors = [str(exc)]
        return _page("digest/subscribe.html", 400, form=form)
    # the per-address limit answers exactly like a success, so it reveals nothing either
    if hit(engine(), address_key(cfg.secret_key, email), cfg.address_limit_per_hour):
        with transaction() as s:
            result = subs.request_subscription(s, email, filters)
            sub = result.subscriber
            sub_id, version, kind = sub.id, sub.token_version, result.email_kind
        if kind == "confirm":
            token = make_token(cfg.secret_key, "confirm", sub_id, version)
            ok = _send_notice(cfg, email, "confirm", filters=filters, confirm_url=f"{cfg.root}/confirm/{token}",
                              valid_for=_valid_for(cfg.confirm_max_age))
        else:
            token = make_token(cfg.secret_key, "manage", sub_id, version)
            ok = _send_notice(cfg, email, "already_subscribed", preferences_url=f"{cfg.root}/preferences/{token}")
        if not ok:
            return _page("digest/mail_unavailable.html", 503)
    return _page("digest/check_inbox.html", 200)


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str) -> Any:
    cfg = settings()
    form = ConfirmForm()
    try:
        claims = read_token(cfg.secret_key, "confirm", token, cfg.confirm_max_age)
        with transaction() as s:
            sub = subs.subscriber_for(s, claims)
            if request.method == "POST":
                if not form.validate_on_submit():
                    abort(400)
                subs.confirm(s, sub)
            status = sub.status
            manage = make_token(cfg.secret_key, "manage", sub.id, sub.token_version)
    except TokenError as exc:
        return _token_error(exc)
    if status == "confirmed":
        return _page("digest/confirmed.html", preferences_url=f"/preferences/{manage}")
    if status == "unsubscribed":
        return _token_error(subs.TokenSuperseded())
    # GET shows a button: link scanners that open every URL in an email must not confirm for people
    return _page("digest/confirm.html", form=form)


@bp.route("/preferences/<token>", methods=["GET", "POST"])
def preferences(token: str) -> Any:
    """Change filters (reached from every email); an unsubscribed reader can subscribe again here."""
    cfg = settings()
    links = {"unsubscribe_url": f"/unsubscribe/{token}", "preferences_url": f"/preferences/{token}",
             "preview_url": f"/digest/preview?token={token}"}
    try:
        claims = read_token(cfg.secret_key, "manage", token, cfg.manage_max_age)
        with transaction() as s:
            sub = subs.subscriber_for(s, claims)
            notice = None
            if sub.status == "unsubscribed":
                resub = ResubscribeForm()
                if not (request.method == "POST" and resub.validate_on_submit()):
                    return _page("digest/unsubscribed.html", resubscribe_form=resub, **links)
                subs.resubscribe(s, sub)
                notice = "You are subscribed again."
            elif request.method == "POST":
                form = PreferencesForm()
                if not form.validate_on_submit():
                    return _page("digest/preferences.html", 400, form=form, sub_status=sub.status,
                                 filters=subs.filters_of(sub), notice=None, **links)
                filters = Filters.of(form.states.data, form.policy_types.data, form.saved_search.data)
                subs.update_preferences(s, sub, filters, form.send_empty.data)
                notice = "Your preferences are saved."
            form = PreferencesForm(formdata=None, states=list(sub.states or []),
                                   policy_types=list(sub.policy_types or []),
                                   saved_search=sub.saved_search or "", send_empty=bool(sub.send_empty))
            return _page("digest/preferences.html", form=form, sub_status=sub.status,
                         filters=subs.filters_of(sub), notice=notice, **links)
    except TokenError as exc:
        return _token_error(exc)


@bp.get("/unsubscribe/<token>")
def unsubscribe_page(token: str) -> Any:
    """The plain link: a page with a button (GET never unsubscribes; scanners prefetch links)."""
    cfg = settings()
    try:
        claims = read_token(cfg.secret_key, "manage", token, cfg.manage_max_age)
        with transaction() as s:
            sub = subs.subscriber_for(s, claims)
            status = sub.status
    except TokenError as exc:
        return _token_error(exc)
    if status == "unsubscribed":
        return _page("digest/unsubscribed.html", resubscribe_form=ResubscribeForm(),
                     preferences_url=f"/preferences/{token}")
    return _page("digest/unsubscribe.html", form=UnsubscribeForm(), preferences_url=f"/preferences/{token}")


@bp.post("/unsubscribe/<token>")
def unsubscribe_post(token: str) -> Any:
    """RFC 8058 one-click (body `List-Unsubscribe=One-Click`) and the page's button: both unsubscribe."""
    cfg = settings()
    try:
        claims = read_token(cfg.secret_key, "manage", token, cfg.manage_max_age)
        with transaction() as s:
            sub = subs.subscriber_for(s, claims)
            subs.unsubscribe(s, sub)
    except TokenError as exc:
        return _token_error(exc)
    return _page("digest/unsubscribed.html", resubscribe_form=ResubscribeForm(),
                 preferences_url=f"/preferences/{token}")


@bp.get("/digest/preview")
def preview() -> Any:
    """What a digest looks like: for `?token=` the subscriber's next one, otherwise a sample for the
    filters in the query string (`states`, `policy_types`, `q`) over the last `days` days."""
    cfg = settings()
    fmt = request.args.get("format", "html")
    if fmt not in ("html", "text"):
        abort(400, description=f"format must be html or text (got {fmt!r})")
    token = request.args.get("token")
    eng = engine()
    with eng.connect() as conn:
        upto = int(conn.execute(select(func.coalesce(func.max(Event.id), 0))).scalar_one())
        if token:
            try:
                claims = read_token(cfg.secret_key, "manage", token, cfg.manage_max_age)
                with Session(eng) as s:
                    sub = subs.subscriber_for(s, claims)
                    filters = subs.filters_of(sub)
                    after = sub.last_event_id or 0
            except TokenError as exc:
                return _token_error(exc)
            prefs, unsub = f"{cfg.root}/preferences/{token}", f"{cfg.root}/unsubscribe/{token}"
        else:
            try:
                days = int(request.args.get("days", "7"))
            except ValueError:
                abort(400, description="days must be a whole number")
            if not 1 <= days <= 62:
                abort(400, description="days must be between 1 and 62")
            try:
                filters = Filters.of(request.args.getlist("states"), request.args.getlist("policy_types"),
                                     request.args.get("q"))
            except FilterError as exc:
                abort(400, description=str(exc))
            first = conn.execute(select(func.min(Event.id)).where(Event.created_at >= utcnow() - timedelta(days=days))
                                 ).scalar()
            after = int(first) - 1 if first is not None else upto
            prefs = unsub = f"{cfg.root}/subscribe"
        events = load_events(conn, after, upto)
        index = EventIndex(events)
        hearings = load_upcoming(conn)
        selector = Selector(index, SavedSearches(conn, index.bill_ids | {h.bill_id for h in hearings}), cfg.root,
                            hearings)
        digest = selector.digest(filters, after, upto)
    rendered = render_digest(digest, cfg.root)
    text, html = rendered.personalise(prefs, unsub)
    if fmt == "text":
        return Response(text, mimetype="text/plain")
    resp = Response(with_favicon(html), mimetype="text/html")
    # the email's own inline styles must apply here as they do in a mail client; `data:` for the icon
    resp.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"
    return resp


# -- follow one bill ----------------------------------------------------------------------------


def _bill_page(bill: Any) -> tuple[str, str]:
    from urllib.parse import quote

    path = (f"/bills/{bill.state}/{quote(bill.legislative_session, safe='')}/"
            f"{quote(bill.identifier.replace(' ', ''), safe='')}")
    return path, f"{bill.state.upper()} {bill.identifier}"


def _follow_page(heading: str, message: str, status: int = 200, **ctx: Any) -> tuple[str, int]:
    return _page("digest/follow_page.html", status, heading=heading, message=message, **ctx)


@bp.post("/follow")
def follow() -> Any:
    """The bill page's "Follow this bill" form: record the request and mail a confirmation link.
    The answer is the same whatever the address's state (see statecare.digest.follows)."""
    from statecare.db.models import Bill
    from statecare.digest import follows as fol
    from statecare.digest.forms import FollowForm

    cfg = settings()
    form = FollowForm()
    if not hit(engine(), ip_key(request.remote_addr), cfg.ip_limit_per_hour):
        return _page("digest/rate_limited.html", 429, form=form)
    if not form.validate_on_submit():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        return _follow_page("Follow this bill", f"Please check the form: {errors}", 400)
    email = form.normalised_email or ""
    with transaction() as s:
        bill = s.get(Bill, int(form.bill_id.data or 0))
        if bill is None:
            abort(404, "There is no such bill.")
        bill_url, bill_name = _bill_page(bill)
        if not hit(engine(), address_key(cfg.secret_key, email), cfg.address_limit_per_hour):
            return _page("digest/check_inbox.html", 200)
        f, outcome = fol.request_follow(s, email, bill)
        fid, version = f.id, f.token_version
    if outcome == "confirm":
        token = make_token(cfg.secret_key, "follow_confirm", fid, version)
        subject = f"Confirm: follow {bill_name} on statecare"
        body = (f"Someone (we hope you) asked to be emailed when {bill_name} moves, gets a hearing, a new text "
                f"or new co-sponsors.\n\nConfirm here (valid for {_valid_for(cfg.confirm_max_age)}):\n"
                f"{cfg.root}/follow/confirm/{token}\n\nIf it was not you, ignore this email.\n")
    else:
        token = make_token(cfg.secret_key, "follow_manage", fid, version)
        subject = f"You already follow {bill_name} on statecare"
        body = (f"You already get alerts for {bill_name}. To stop them:\n"
                f"{cfg.root}/follow/unsubscribe/{token}\n")
    if not _send_plain(cfg, email, subject, body):
        return _page("digest/mail_unavailable.html", 503)
    return _page("digest/check_inbox.html", 200)


def _send_plain(cfg: DigestSettings, to: str, subject: str, body: str) -> bool:
    from email.utils import parseaddr
    from html import escape

    html_part = "<!doctype html><html><body>" + "".join(
        f"<p>{escape(p)}</p>" for p in body.split("\n\n")) + "</body></html>"
    msg = build_message(mail_from=cfg.mail_from, to=to, subject=subject, text=body, html=html_part,
                        message_id=new_message_id(cfg.mail_from))
    try:
        with SmtpTransport.from_url(cfg.smtp_url) as smtp:
            result = smtp.send(msg, from_addr=parseaddr(cfg.mail_from)[1], to_addr=to)
    except SmtpUnavailable as exc:
        log.error("could not send follow email: %s", exc)
        return False
    return result.outcome is Outcome.SENT


def _follow_and_bill(s: Session, purpose: str, token: str, max_age: int) -> tuple[Any, tuple[str, str]]:
    from statecare.db.models import Bill
    from statecare.digest import follows as fol

    claims = read_token(settings().secret_key, purpose, token, max_age)  # type: ignore[arg-type]
    f = fol.follow_for(s, claims)
    bill = s.get(Bill, f.bill_id)
    return f, (_bill_page(bill) if bill is not None else ("/", "the bill"))


@bp.route("/follow/confirm/<token>", methods=["GET", "POST"])
def confirm_follow(token: str) -> Any:
    """GET shows a button (mail scanners open links); POST confirms."""
    from statecare.digest import follows as fol
    from statecare.digest.forms import ButtonForm

    cfg = settings()
    form = ButtonForm()
    try:
        with transaction() as s:
            f, (url, name) = _follow_and_bill(s, "follow_confirm", token, cfg.confirm_max_age)
            if request.method == "POST":
                if not form.validate_on_submit():
                    abort(400)
                fol.confirm_follow(s, f)
            status = f.status
    except TokenError as exc:
        return _token_error(exc)
    if status == "confirmed":
        return _follow_page(f"You follow {name}", "You will get an email the day it moves, gets a hearing, "
                            "a new text or new co-sponsors.", bill_url=url, bill_name=name)
    if status == "unsubscribed":
        return _token_error(subs.TokenSuperseded())
    return _follow_page(f"Follow {name}", "Press the button to start getting alerts for this bill.",
                        form=form, button="Confirm: follow this bill", bill_url=url, bill_name=name)


@bp.route("/follow/unsubscribe/<token>", methods=["GET", "POST"])
def unfollow(token: str) -> Any:
    """Stop alerts for one bill: GET shows the button, POST (also RFC 8058 one-click) stops them."""
    from statecare.digest import follows as fol
    from statecare.digest.forms import ButtonForm

    cfg = settings()
    try:
        with transaction() as s:
            f, (url, name) = _follow_and_bill(s, "follow_manage", token, cfg.manage_max_age)
            if request.method == "POST":
                fol.unfollow(s, f)
            status = f.status
    except TokenError as exc:
        return _token_error(exc)
    if status == "unsubscribed":
        return _follow_page(f"You no longer follow {name}", "No more alerts will be sent for this bill.",
                            bill_url=url, bill_name=name)
    return _follow_page(f"Stop following {name}?", "Press the button to stop alerts for this bill.",
                        form=ButtonForm(), button="Stop following", bill_url=url, bill_name=name)


@bp.route("/follow/stop/<token>", methods=["GET", "POST"])
def stop_alerts(token: str) -> Any:
    """Stop alerts for every bill the address follows (the alert emails' List-Unsubscribe)."""
    from statecare.digest import follows as fol
    from statecare.digest.forms import ButtonForm

    cfg = settings()
    try:
        with transaction() as s:
            f, _ = _follow_and_bill(s, "follow_manage", token, cfg.manage_max_age)
            if request.method == "POST":
                fol.unfollow_all(s, f)
            status = f.status
    except TokenError as exc:
        return _token_error(exc)
    if status == "unsubscribed" and request.method == "POST":
        return _follow_page("Bill alerts stopped", "No more bill alerts will be sent to this address.")
    return _follow_page("Stop every bill alert?", "Press the button to stop alerts for every bill you follow.",
                        form=ButtonForm(), button="Stop all bill alerts")
