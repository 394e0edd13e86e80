"""Legislators and committees as pages need them (tables filled by `statecare people load`).

The answers an activist acts on: who this legislator is and how to reach them, which committees
they sit on and which tracked bills they sponsor; which committee holds a bill, who chairs it and
how to call them. Sponsors were matched to people at crawl time (statecare.crawler.people writes
`person_id` onto each sponsorship), so a legislator's bills are one indexed lookup. The committee
of a bill is read from its latest referral action and matched by name (statecare.legis.committees)
against the state's committees: a few dozen rows, read once per request.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Text, cast, func, or_, select
from sqlalchemy.orm import Session, selectinload

from statecare.db.models import Action, Bill, Committee, CommitteeMember, Event, Legislator, Sponsorship
from statecare.legis.committees import (
    CommitteeEntry,
    CommitteeIndex,
    action_committee_names,
    committee_numbers,
    is_referral,
)
from statecare.web import vocab

CHAMBER_WORDS = {"upper": "Senate", "lower": "House", "legislature": "Joint / Legislature"}


def committee_chamber_words(chamber: str, state: str) -> str:
    """A committee's house as its legislature names it ("Assembly" in New York); joint ones as before."""
    if chamber in ("upper", "lower"):
        return vocab.house_name(chamber, state)
    return CHAMBER_WORDS.get(chamber, chamber)
_PHONE = re.compile(r"^[0-9+()./ -]{7,40}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
REFERRAL = "referral-committee"


def phone_href(voice: str | None) -> str | None:
    """A tel: link for a phone number as the directory writes it, or None when it is not one."""
    if not voice or not _PHONE.match(voice.strip()):
        return None
    digits = re.sub(r"[^0-9+]", "", voice)
    return f"tel:{digits}" if len(digits) >= 7 else None


def email_href(email: str | None) -> str | None:
    """A mailto: link for a plain address, or None (a stored value is never trusted as a URL)."""
    return f"mailto:{email.strip()}" if email and _EMAIL.match(email.strip()) else None


@dataclass
class Contact:
    """The phone and email to show first: the capitol office's, else any office's."""

    phone: str | None
    phone_href: str | None
    email: str | None
    email_href: str | None


def contact_of(leg: Legislator) -> Contact:
    offices = sorted((o for o in leg.offices or [] if isinstance(o, dict)),
                     key=lambda o: (o.get("classification") != "capitol", o.get("classification") != "primary"))
    voice = next((str(o["voice"]) for o in offices if o.get("voice")), None)
    return Contact(voice, phone_href(voice), leg.email, email_href(leg.email))


def seat_words(leg: Legislator) -> str:
    """"Senate, District 10" / "House, District 7th Hampden" / "Assembly, District 88" (New York):
    each house by its legislature's own name."""
    chamber = vocab.house_name(leg.chamber, leg.state) if leg.chamber in ("upper", "lower", "legislature") else ""
    d = leg.district or ""
    district = ("District " + d) if d[:1].isdigit() else d
    return ", ".join(x for x in (chamber, district) if x)


def role_rank(role: str) -> int:
    r = role.lower()
    if "chair" in r and "vice" not in r and "co" != r[:2]:
        return 0
    if r.startswith("co") and "chair" in r:
        return 0
    if "chair" in r:
        return 1
    if "ranking" in r:
        return 2
    return 3


def is_chair(role: str) -> bool:
    return role_rank(role) == 0


def legislator(s: Session, slug: str) -> Legislator | None:
    return s.scalar(select(Legislator).where(Legislator.slug == slug))


def known_people(s: Session, ids: Iterable[str | None]) -> dict[str, str]:
    """{person id: slug} for the ids that have a page (a sponsor link never leads to a 404)."""
    wanted = sorted({i for i in ids if i and i.startswith("ocd-person/")})
    if not wanted:
        return {}
    return dict(s.execute(select(Legislator.id, Legislator.slug).where(Legislator.id.in_(wanted))).all())


@dataclass
class Seat:
    committee: Committee
    role: str


def committees_of(s: Session, person_id: str) -> list[Seat]:
    """The committees a person sits on, each once (with the highest role a directory lists twice),
    so the legislator page counts the seats the committee pages count."""
    rows = s.execute(select(Committee, CommitteeMember.role).join(CommitteeMember)
                     .where(CommitteeMember.person_id == person_id)).all()
    best: dict[str, Seat] = {}
    for c, role in rows:
        if c.id not in best or role_rank(role) < role_rank(best[c.id].role):
            best[c.id] = Seat(c, role)
    return sorted(best.values(), key=lambda x: (role_rank(x.role), x.committee.chamber, x.committee.name))


@dataclass
class Sponsored:
    bill: Bill
    primary: bool
    classification: str


def bills_of(s: Session, person_id: str) -> list[Sponsored]:
    """Every stored bill the person sponsors or co-sponsors: relevant ones first, newest first."""
    rows = s.execute(select(Bill, Sponsorship.primary, Sponsorship.classification).join(Sponsorship)
                     .where(Sponsorship.person_id == person_id)).all()
    seen: dict[int, Sponsored] = {}
    for b, primary, cls in rows:
        if b.id not in seen or (primary and not seen[b.id].primary):
            seen[b.id] = Sponsored(b, bool(primary), cls or "")
    from statecare.legis.vocabulary import RELEVANT_POLICY_TYPES

    return sorted(seen.values(), key=lambda x: (x.bill.policy_type not in RELEVANT_POLICY_TYPES,
                                                 not x.primary, _neg_date(x.bill.latest_action_date),
                                                 x.bill.identifier))


def _neg_date(d: str | None) -> str:
    """A sort key putting the newest date first (string dates, missing last)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in (d or "")[:10]) if d else "\U0010ffff"


@dataclass
class MemberView:
    name: str
    role: str
    person: Legislator | None
    contact: Contact | None


@dataclass
class CommitteeView:
    committee: Committee
    members: list[MemberView]
    chairs: list[MemberView] = field(default_factory=list)
    referred_on: str | None = None  # the referral's date, on a bill page
    referred_as: str | None = None  # the name the action gives
    holds: bool = True  # the bill is still before it (nothing moved it on since the referral)
    ended: str | None = None  # "died" / "was withdrawn": the bill ended after this referral
    ended_here: bool = False  # ...while this committee still had it (it never got past committee)

    @property
    def count(self) -> int:
        """How many people sit on the committee, chairs included: the one number every page shows
        (the committee page's "Chair and members", the bill page's folded list, the JSON)."""
        return len(self.members)

    @property
    def others(self) -> list[MemberView]:
        """The members who are not chairs (listed after the chairs and their phone numbers)."""
        return [m for m in self.members if m not in self.chairs]


def _member_key(m: CommitteeMember) -> str:
    return m.person_id or " ".join(m.name.lower().split())


def committee_view(s: Session, c: Committee) -> CommitteeView:
    """The committee's people, each once: a person the directory lists twice (as chair and as member)
    is one seat, shown with the higher role."""
    ids = [m.person_id for m in c.members if m.person_id]
    people = {p.id: p for p in s.scalars(select(Legislator).where(Legislator.id.in_(ids)))} if ids else {}
    members, seen = [], set()
    for m in sorted(c.members, key=lambda m: (role_rank(m.role), m.order)):
        if _member_key(m) in seen:
            continue
        seen.add(_member_key(m))
        p = people.get(m.person_id or "")
        members.append(MemberView(m.name, m.role, p, contact_of(p) if p else None))
    return CommitteeView(c, members, [m for m in members if is_chair(m.role)])


def committee(s: Session, slug: str) -> Committee | None:
    return s.scalar(select(Committee).where(Committee.slug == slug).options(selectinload(Committee.members)))


def state_index(s: Session, state: str) -> CommitteeIndex:
    rows = s.execute(select(Committee.id, Committee.chamber, Committee.names, Committee.classification,
                            Committee.links).where(Committee.state == state)).all()
    return CommitteeIndex(CommitteeEntry(i, ch, tuple(n or []), cls == "subcommittee", committee_numbers(links))
                          for i, ch, n, cls, links in rows)


class ActionLike(Protocol):
    """What matching reads of an action: an Action, or a row of just these columns (committee pages
    read thousands of actions and skip building ORM objects for them)."""

    date: Any
    description: str
    classification: Any
    nlp_classification: Any
    related_entities: Any
    committee: str | None
    organization: str | None


def _is_referral(a: ActionLike) -> bool:
    return REFERRAL in (a.nlp_classification or []) or is_referral(a.description, a.classification)


def referrals(actions: Iterable[ActionLike]) -> list[tuple[ActionLike, list[str]]]:
    """The bill's referral actions that name a committee, in the legislature's order."""
    out = []
    for a in actions:
        if _is_referral(a):
            names = action_committee_names(a.related_entities, a.committee, a.description)
            if names:
                out.append((a, names))
    return out


def match_action(index: CommitteeIndex, action: ActionLike, names: list[str]) -> str | None:
    for n in names:
        hit = index.match(n, action.organization)
        if hit is not None:
            return hit.id
    return None


def bill_committee(s: Session, bill: Bill) -> tuple[CommitteeView | None, str | None]:
    """(the committee of the bill's latest referral, matched; the name as written when unmatched)."""
    refs = referrals(bill.actions)
    if not refs:
        return None, None
    action, names = refs[-1]
    cid = match_action(state_index(s, bill.state), action, names)
    if cid is None:
        return None, names[-1]
    c = s.scalar(select(Committee).where(Committee.id == cid).options(selectinload(Committee.members)))
    if c is None:
        return None, names[-1]
    view = committee_view(s, c)
    view.referred_on, view.referred_as = (action.date or "")[:10] or None, names[-1]
    view.holds = holds_bill(bill, view.referred_on)
    view.ended, view.ended_here = ended_in_committee(bill)
    return view, None


def ended_in_committee(bill: Bill) -> tuple[str | None, bool]:
    """(how the bill ended, whether its latest committee still had it then). A bill that died with
    committee as its furthest milestone never left committee, so its latest referral's committee had
    it: NY S 7590 (2023-2024) died in Senate Health, which the page used to say it had "moved on" from.
    A bill that got further may have died on a floor or in another house: only its ending is said."""
    if bill.stage not in ("failed", "withdrawn"):
        return None, False
    how = "died" if bill.stage == "failed" else "was withdrawn"
    return how, bill.stage_furthest in ("introduced", "in_committee")


def holds_bill(bill: Bill, referred_on: str | None) -> bool:
    """Whether the committee of the latest referral still has the bill: the bill has not ended and
    its stage has not changed since that referral (a bill referred in the second house is held again)."""
    if bill.stage in ("passed_both", "enacted", "vetoed", "withdrawn", "failed"):
        return False
    since = (bill.stage_date or "")[:10]
    return not (referred_on and since and since > referred_on)


# {(database, state): (version, made at, {committee id: bill ids})}; see referral_map
_REFERRALS: dict[tuple[str, str], tuple[tuple[Any, ...], float, dict[str, set[int]]]] = {}
REFERRAL_CACHE_SECONDS = 60.0


def referral_map(s: Session, state: str) -> dict[str, set[int]]:
    """{committee id: ids of the state's stored bills with a referral to it}, matched as on the bill page.

    Reading every referral of a state costs about a second at national scale (Illinois: 25,000
    actions), so the answer is kept per process until a crawl stores anything (the newest event id),
    the state's directory changes size, or a minute has passed (classify rewrites action committees
    without an event)."""
    bind = s.get_bind()
    key = (str(bind.engine.url), state)
    version = (s.scalar(select(func.max(Event.id))),
               s.scalar(select(func.count()).select_from(Committee).where(Committee.state == state)))
    hit = _REFERRALS.get(key)
    now = time.monotonic()
    if hit and hit[0] == version and now - hit[1] < REFERRAL_CACHE_SECONDS:
        return hit[2]
    index = state_index(s, state)
    # candidates narrowed in SQL (a referral names a committee somewhere), decided by _is_referral
    q = (select(Action.bill_id, Action.date, Action.description, Action.classification, Action.nlp_classification,
                Action.related_entities, Action.committee, Action.organization)
         .join(Bill, Bill.id == Action.bill_id).where(Bill.state == state)
         .where(or_(Action.committee.is_not(None), cast(Action.classification, Text).like(f"%{REFERRAL}%"),
                    cast(Action.related_entities, Text).like("%organization%"))))
    out: dict[str, set[int]] = {}
    cache: dict[tuple[Any, ...], str | None] = {}
    for a in s.execute(q):
        if not _is_referral(a):
            continue
        names = action_committee_names(a.related_entities, a.committee, a.description)
        if not names:
            continue
        k = (tuple(names), a.organization)
        if k not in cache:
            cache[k] = match_action(index, a, names)
        if cache[k] is not None:
            out.setdefault(str(cache[k]), set()).add(a.bill_id)
    _REFERRALS[key] = (version, now, out)
    return out


# a committee page lists at most this many of its bills (Illinois' House Rules had 1,148)
REFERRED_LISTED = 500


def bills_referred_to(s: Session, c: Committee, limit: int | None = None) -> tuple[list[Bill], int]:
    """Stored bills of the committee's state with a referral to it, relevant ones first, newest first (at most
    `limit`, by default REFERRED_LISTED), and how many there are in all: the count a page gives, however
    many it lists (both from one reading of the state's referral map)."""
    limit = REFERRED_LISTED if limit is None else limit
    ids = referral_map(s, c.state).get(c.id, set())
    if not ids:
        return [], 0
    bills = list(s.scalars(select(Bill).where(Bill.id.in_(sorted(ids)))))
    from statecare.legis.vocabulary import RELEVANT_POLICY_TYPES

    bills.sort(key=lambda b: (b.policy_type not in RELEVANT_POLICY_TYPES, _neg_date(b.latest_action_date)))
    return bills[:limit], len(ids)
