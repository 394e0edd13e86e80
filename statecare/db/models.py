"""SQLAlchemy 2 models for the Open States-compatible data model in DESIGN.md.

Column names follow the Open States bill schema wherever one exists (legislative_session,
identifier, from_organization, classification, subject, abstracts, sources, ...) so a bill can be
imported from and exported to Open States JSON without loss. Lists and objects that Open States
keeps as nested JSON and that nothing queries by are stored as JSON columns; the parts that pages
and the digest filter or join on (actions, sponsorships, versions, provisions, events) are tables.

statecare's own additions: `stage`, `policy_type` (+ score), `scorecard`, `provisions`, `events`,
`crawl_runs` / `crawl_errors`, `subscribers` and the digest's send log.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from statecare.legis.vocabulary import (
    ALL_STAGES,
    END_STAGES,
    EVENT_KINDS,
    POLICY_TYPES,
    RELEVANT_POLICY_TYPES,
    STAGES,
)

# BigInteger ids on PostgreSQL, but SQLite only autoincrements an INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    """Timezone-aware now, so times compare the same on SQLite and PostgreSQL."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}
    # every model here is mapped to a plain Table; saying so lets Core statements (insert(Bill.__table__))
    # type-check, where DeclarativeBase only promises a FromClause
    __table__: ClassVar[Table]  # type: ignore[misc]


# the vocabularies live in statecare.legis.vocabulary; re-exported here for the code that reads them with the models
__all__ = ["ALL_STAGES", "END_STAGES", "EVENT_KINDS", "POLICY_TYPES", "RELEVANT_POLICY_TYPES", "STAGES"]


class Bill(Base):
    """One bill in one session of one state's legislature; key (state, legislative_session, identifier)."""

    __tablename__ = "bills"
    __table_args__ = (
        UniqueConstraint("state", "legislative_session", "identifier", name="uq_bill_key"),
        Index("ix_bills_state_session", "state", "legislative_session"),
        Index("ix_bills_policy_stage", "policy_type", "stage"),
        # search: bill-number lookup without a state, and results by latest action walked in index
        # order (statecare.db.search)
        Index("ix_bills_identifier", "identifier"),
        Index("ix_bills_latest_action", "latest_action_date", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # two-letter postal code, lower case as in OCD division ids ("ny", "wa")
    state: Mapped[str] = mapped_column(String(2), nullable=False)
    legislative_session: Mapped[str] = mapped_column(String(64), nullable=False)
    # normalised identifier ("AB 1900", "S 860", "SJM 8004"): the key
    identifier: Mapped[str] = mapped_column(String(64), nullable=False)
    # the identifier exactly as the source wrote it ("AB1900"), kept for lossless export
    source_identifier: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # chamber classification of the originating organization: upper | lower | legislature
    from_organization: Mapped[str | None] = mapped_column(String(32))
    # the from_organization exactly as the source gave it (pupa pseudo-id string or v3 object)
    from_organization_ref: Mapped[Any] = mapped_column(JSON, nullable=True)
    classification: Mapped[list[Any]] = mapped_column(JSON, default=list)
    subject: Mapped[list[Any]] = mapped_column(JSON, default=list)
    abstracts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    other_titles: Mapped[list[Any]] = mapped_column(JSON, default=list)
    other_identifiers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    citations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    extras: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    jurisdiction: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # fields the Open States v3 API adds
    openstates_id: Mapped[str | None] = mapped_column(String(128))
    openstates_url: Mapped[str | None] = mapped_column(Text)
    first_action_date: Mapped[str | None] = mapped_column(String(32))
    latest_action_date: Mapped[str | None] = mapped_column(String(32))
    latest_action_description: Mapped[str | None] = mapped_column(Text)
    latest_passage_date: Mapped[str | None] = mapped_column(String(32))
    # when the stored content was scraped (pupa's `scraped_at`, kept for export). Not part of the
    # content hash: re-scraping unchanged content writes nothing, so this is the content's first scrape.
    scraped_at: Mapped[str | None] = mapped_column(String(40))
    # where the record came from: openstates | legiscan | wa | ny_openleg | import
    source: Mapped[str | None] = mapped_column(String(32))
    legiscan_bill_id: Mapped[int | None] = mapped_column(Integer)
    # sha256 of the normalised record as last stored: re-crawling the same data changes nothing
    content_hash: Mapped[str | None] = mapped_column(String(64))
    # sha256 of the record exactly as received (key order aside) when content_hash was last written:
    # the same bytes again are known unchanged before any normalising or hashing of the store's rows
    # (or of the JSON Lines line / one-bill file it was imported from), indexed for `seen_sources`
    source_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # statecare's analysis (written by `statecare classify`)
    stage: Mapped[str | None] = mapped_column(String(32))
    stage_date: Mapped[str | None] = mapped_column(String(32))
    # the rest of the stage machine's outcome, so pages, feeds and the digest never derive it again:
    # the furthest milestone reached (kept after a death), the houses that passed the bill, whether
    # its session is over, and why it is where it is, in words
    stage_furthest: Mapped[str | None] = mapped_column(String(32))
    stage_chambers_passed: Mapped[list[str] | None] = mapped_column(JSON)
    stage_session_ended: Mapped[bool | None] = mapped_column(Boolean)
    stage_reason: Mapped[str | None] = mapped_column(Text)
    # the abstracts joined as classify read them: provisions read from a summary point into this text
    abstract_text: Mapped[str | None] = mapped_column(Text)
    # the version the scorecard (and the provisions) were read from; None = read from the abstracts.
    # A plain id, not a foreign key: versions already reference bills, and classify rewrites this
    # whenever it rewrites the provisions, in the same transaction
    scorecard_version_id: Mapped[int | None] = mapped_column(BigInteger)
    policy_type: Mapped[str | None] = mapped_column(String(32))
    policy_type_score: Mapped[float | None] = mapped_column(Float)
    scorecard: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    nlp_model_version: Mapped[str | None] = mapped_column(String(64))
    # hash of the inputs (actions + texts) the model last saw; unchanged => classify skips the bill
    nlp_input_hash: Mapped[str | None] = mapped_column(String(64))
    classified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    actions: Mapped[list[Action]] = relationship(
        back_populates="bill", cascade="all, delete-orphan", order_by="Action.order"
    )
    sponsorships: Mapped[list[Sponsorship]] = relationship(
        back_populates="bill", cascade="all, delete-orphan", order_by="Sponsorship.order"
    )
    versions: Mapped[list[Version]] = relationship(
        back_populates="bill", cascade="all, delete-orphan", order_by="Version.order"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="bill", cascade="all, delete-orphan", order_by="Document.order"
    )
    related_bills: Mapped[list[RelatedBill]] = relationship(
        back_populates="bill",
        cascade="all, delete-orphan",
        order_by="RelatedBill.order",
        foreign_keys="RelatedBill.bill_id",
    )
    provisions: Mapped[list[Provision]] = relationship(
        back_populates="bill", cascade="all, delete-orphan", order_by="Provision.start"
    )
    vote_events: Mapped[list[VoteEvent]] = relationship(
        back_populates="bill", cascade="all, delete-orphan", order_by="VoteEvent.start_date"
    )

    @property
    def relevant(self) -> bool:
        return self.policy_type in RELEVANT_POLICY_TYPES

    def __repr__(self) -> str:
        return f"<Bill {self.state.upper()} {self.legislative_session} {self.identifier}>"


class Action(Base):
    """One entry of a bill's history, in the Open States vocabulary."""

    __tablename__ = "actions"
    __table_args__ = (Index("ix_actions_bill_order", "bill_id", "order"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), nullable=False)
    order: Mapped[int] = mapped_column(Integer, nullable=False)
    date: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # chamber: upper | lower | legislature | executive | committee
    organization: Mapped[str | None] = mapped_column(String(32))
    # the organization exactly as the source gave it (pupa pseudo-id string or v3 object)
    organization_ref: Mapped[Any] = mapped_column(JSON, nullable=True)
    classification: Mapped[list[Any]] = mapped_column(JSON, default=list)
    related_entities: Mapped[list[Any]] = mapped_column(JSON, default=list)
    extras: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # statecare's own classification (nlp), kept apart from the source's
    nlp_classification: Mapped[list[Any] | None] = mapped_column(JSON)
    committee: Mapped[str | None] = mapped_column(Text)
    stage_after: Mapped[str | None] = mapped_column(String(32))

    bill: Mapped[Bill] = relationship(back_populates="actions")


class Sponsorship(Base):
    __tablename__ = "sponsorships"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), nullable=False, index=True)
    order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    classification: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    entity_type: Mapped[str] = mapped_column(String(32), nullable=False, default="person")
    primary: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    person_id: Mapped[str | None] = mapped_column(Text, index=True)
    organization_id: Mapped[str | None] = mapped_column(Text)
    extras: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    bill: Mapped[Bill] = relationship(back_populates="sponsorships")


class Version(Base):
    """A version of the bill text; `text` is the bill as amended, `struck_text` what it deletes."""

    __tablename__ = "versions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), nullable=False, index=True)
    order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    date: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    classification: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    links: Mapped[list[Any]] = mapped_column(JSON, default=list)
    extras: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # extracted text (as amended: struck language removed), and what was struck, kept apart
    text: Mapped[str | None] = mapped_column(Text)
    struck_text: Mapped[str | None] = mapped_column(Text)
    # the language an amendment inserts (underlined / marked new), for the reader's benefit
    inserted_text: Mapped[str | None] = mapped_column(Text)
    text_sha256: Mapped[str | None] = mapped_column(String(64))
    text_url: Mapped[str | None] = mapped_column(Text)
    text_media_type: Mapped[str | None] = mapped_column(String(128))
    # ok | no_text_layer (scanned) | error | not_fetched
    text_status: Mapped[str | None] = mapped_column(String(32))
    text_error: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    bill: Mapped[Bill] = relationship(back_populates="versions")


class Document(Base):
    """A document attached to a bill that is not its text: reports, fiscal notes, amendments."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), nullable=False, index=True)
    order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    date: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    classification: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    links: Mapped[list[Any]] = mapped_column(JSON, default=list)
    extras: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    bill: Mapped[Bill] = relationship(back_populates="documents")


class RelatedBill(Base):
    """A link to another bill (companion, prior session, replaces); `related_bill_id` once resolved."""

    __tablename__ = "related_bills"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), nullable=False, index=True)
    order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    identifier: Mapped[str] = mapped_column(String(64), nullable=False)
    # the identifier normalised like Bill.identifier, so links resolve with one indexed lookup
    target_identifier: Mapped[str] = mapped_column(String(64), nullable=False, default="", index=True)
    legislative_session: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    relation_type: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    # statecare-derived links (prior-session reintroductions found by nlp) are marked so
    derived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    related_bill_id: Mapped[int | None] = mapped_column(ForeignKey("bills.id", ondelete="SET NULL"))

    bill: Mapped[Bill] = relationship(back_populates="related_bills", foreign_keys=[bill_id])


class VoteEvent(Base):
    """A roll call (Open States vote_event)."""

    __tablename__ = "vote_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), nullable=False, index=True)
    identifier: Mapped[str] = mapped_column(Text, nullable=False, default="")
    motion_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    motion_classification: Mapped[list[Any]] = mapped_column(JSON, default=list)
    start_date: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    result: Mapped[str] = mapped_column(String(16), nullable=False, default="")
    organization: Mapped[str | None] = mapped_column(String(32))
    counts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    votes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    extras: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    bill: Mapped[Bill] = relationship(back_populates="vote_events")


class Provision(Base):
    """A design provision found in a bill version, with the evidence span that supports it."""

    __tablename__ = "provisions"
    __table_args__ = (Index("ix_provisions_key", "key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), nullable=False, index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(96), nullable=False)  # "financing.payroll_tax"
    category: Mapped[str] = mapped_column(String(48), nullable=False)
    value: Mapped[str] = mapped_column(String(48), nullable=False)
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    evidence: Mapped[str] = mapped_column(Text, nullable=False)
    confidence: Mapped[float] = mapped_column(Float, nullable=False)
    model_version: Mapped[str] = mapped_column(String(64), nullable=False)

    bill: Mapped[Bill] = relationship(back_populates="provisions")


class Event(Base):
    """Append-only change log (GovTrack style): feeds and the digest read it by monotonic id."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_bill", "bill_id"), Index("ix_events_state_kind", "state", "kind"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    bill_id: Mapped[int | None] = mapped_column(ForeignKey("bills.id", ondelete="SET NULL"))
    state: Mapped[str | None] = mapped_column(String(2))
    legislative_session: Mapped[str | None] = mapped_column(String(64))
    identifier: Mapped[str | None] = mapped_column(String(64))
    # what happened, self-contained so a digest can be written without re-reading the bill
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Hearing(Base):
    """A hearing or committee meeting announced in one of the bill's actions (`statecare classify`
    parses the action text with statecare.nlp.hearings; pages, .ics calendars and alerts read this).

    One row per announcing action (key: bill, action order), so re-classifying rewrites the same
    rows. `date` is the day of the hearing (not of the announcement); `time` is "HH:MM" (24-hour)
    when the text gives one; `status` is scheduled | held | canceled.
    """

    __tablename__ = "hearings"
    __table_args__ = (
        UniqueConstraint("bill_id", "action_order", name="uq_hearing_action"),
        Index("ix_hearings_state_date", "state", "date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), nullable=False, index=True)
    state: Mapped[str] = mapped_column(String(2), nullable=False)
    action_order: Mapped[int] = mapped_column(Integer, nullable=False)
    action_date: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    date: Mapped[str] = mapped_column(String(10), nullable=False)
    time: Mapped[str | None] = mapped_column(String(5))
    end_time: Mapped[str | None] = mapped_column(String(5))
    committee: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32), nullable=False, default="hearing")
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="scheduled")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")

    def same_hearing(self, day: str, time: str | None) -> bool:
        """This row and another announcement name one hearing: same day, and the same time unless
        one of them gives none. Rows from action text (action_order >= 0) and from Open States
        /events (negative action_order, statecare.crawler.events) are deduplicated with it."""
        return self.date == day and (self.time is None or time is None or self.time == time)


class Follow(Base):
    """One address following one bill ("Follow this bill"): double opt-in and one-click
    unsubscribe like the digest's subscribers, but its own row, so following a bill never signs
    anyone up for the weekly digest. `last_event_id` is the newest event of the bill already alerted.
    """

    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("email", "bill_id", name="uq_follow_email_bill"),
                      Index("ix_follows_status_email", "status", "email"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320), nullable=False)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), nullable=False, index=True)
    # pending | confirmed | unsubscribed
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unsubscribed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_event_id: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    token_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class AlertSend(Base):
    """One alert email (all of an address's followed bills at once): "pending" with its Message-ID
    and per-follow event ranges before the SMTP hand-off, "sent" in the transaction that moves the
    follows' `last_event_id` (the digest's claim / record scheme, statecare.digest.sender)."""

    __tablename__ = "alert_sends"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320), nullable=False, index=True)
    # {"<follow id>": [after_event_id, upto_event_id], ...}
    ranges: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    item_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    message_id: Mapped[str] = mapped_column(String(255), nullable=False)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")


class Legislator(Base):
    """A person of Open States' directory (shared/people) who held a seat in a state legislature.

    Loaded by `statecare people load` (statecare.db.people_io), one row per person, current members
    and former ones (sponsors of older sessions). `slug` is the uuid of the `ocd-person/<uuid>` id:
    stable across the person's whole career, so /legislators/<slug> never changes. `chamber`,
    `district` and `party` are of the present seat (the last one for a former member)."""

    __tablename__ = "legislators"
    __table_args__ = (Index("ix_legislators_state_chamber", "state", "chamber"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    state: Mapped[str] = mapped_column(String(2), nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    family_name: Mapped[str] = mapped_column(Text, nullable=False, default="")
    party: Mapped[str | None] = mapped_column(String(64))
    chamber: Mapped[str | None] = mapped_column(String(16))
    district: Mapped[str | None] = mapped_column(String(64))
    current: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    email: Mapped[str | None] = mapped_column(Text)
    # [{"classification", "address"?, "voice"?, "fax"?, "name"?}] as the directory writes them
    offices: Mapped[list[Any]] = mapped_column(JSON, default=list)
    links: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # legislative seats: [{"chamber", "district", "start", "end"}]
    seats: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Committee(Base):
    """A legislative committee of the directory (shared/people/<st>/committees.jsonl.gz).

    `names` holds `name` and every `other_names` spelling, which statecare.legis.committees matches
    against the committee an action names."""

    __tablename__ = "committees"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    state: Mapped[str] = mapped_column(String(2), nullable=False, index=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    chamber: Mapped[str] = mapped_column(String(16), nullable=False)
    classification: Mapped[str] = mapped_column(String(32), nullable=False, default="committee")
    parent_id: Mapped[str | None] = mapped_column(String(80))
    names: Mapped[list[Any]] = mapped_column(JSON, default=list)
    links: Mapped[list[Any]] = mapped_column(JSON, default=list)

    members: Mapped[list[CommitteeMember]] = relationship(
        back_populates="committee", order_by="CommitteeMember.order", cascade="all, delete-orphan")


class CommitteeMember(Base):
    """One seat on a committee. `person_id` is the directory's person id, or the one found by name
    when the directory left it out or named a person no file holds; None when nobody fits."""

    __tablename__ = "committee_members"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    committee_id: Mapped[str] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    role: Mapped[str] = mapped_column(String(64), nullable=False, default="member")
    person_id: Mapped[str | None] = mapped_column(String(64), index=True)

    committee: Mapped[Committee] = relationship(back_populates="members")


class PeopleLoad(Base):
    """When a state's directory files (shared/people/<st>/) were last loaded, and their fingerprint
    (names, sizes, modification times): `statecare update` reloads a state only when it differs."""

    __tablename__ = "people_loads"

    state: Mapped[str] = mapped_column(String(2), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class CrawlRun(Base):
    """One crawl of one source: when, with what arguments, what it counted."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(32), nullable=False)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # running | finished | failed | interrupted
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="running")
    args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    bills_seen: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    bills_new: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    bills_updated: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    bills_unchanged: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    events_written: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    error_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    errors: Mapped[list[CrawlError]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="CrawlError.id"
    )


class CrawlCursor(Base):
    """Where a live crawl of one jurisdiction stands, so a killed or over-quota crawl resumes there.

    One row per (source, jurisdiction). `plan` names what the pass searches (terms, session); a
    different plan starts a new pass. `phase` is bills | events | done; `term_index` and `page` are
    the first search page whose bills are not all stored yet (the crawl saves it only after they
    are). `pass_started` is when the current pass began; a finished pass's start becomes the next
    pass's `updated_since`, so later crawls ask only for bills changed since.
    """

    __tablename__ = "crawl_cursors"
    __table_args__ = (UniqueConstraint("source", "jurisdiction", name="uq_crawl_cursor"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(32), nullable=False)
    jurisdiction: Mapped[str] = mapped_column(String(8), nullable=False)
    plan: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    phase: Mapped[str] = mapped_column(String(16), nullable=False, default="bills")
    term_index: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    page: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    pass_started: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    updated_since: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class CrawlError(Base):
    """One failure during a crawl, recorded against the URL that caused it."""

    __tablename__ = "crawl_errors"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    url: Mapped[str] = mapped_column(Text, nullable=False, default="")
    reason: Mapped[str] = mapped_column(Text, nullable=False)

    run: Mapped[CrawlRun] = relationship(back_populates="errors")


class Subscriber(Base):
    """A digest subscriber; `last_event_id` is the newest event already mailed (GovTrack style)."""

    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320), nullable=False, unique=True)
    # pending | confirmed | unsubscribed
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    states: Mapped[list[Any]] = mapped_column(JSON, default=list)
    policy_types: Mapped[list[Any]] = mapped_column(JSON, default=list)
    saved_search: Mapped[str | None] = mapped_column(Text)
    send_empty: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unsubscribed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_event_id: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    # bumped on unsubscribe/re-subscribe so that older signed tokens stop working
    token_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class DigestSend(Base):
    """What was handed to SMTP for whom: written in the same transaction as last_event_id moves."""

    __tablename__ = "digest_sends"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), nullable=False, index=True
    )
    first_event_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    last_event_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    item_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    message_id: Mapped[str] = mapped_column(String(255), nullable=False)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # digest: "pending" is written (with the Message-ID) before the SMTP hand-off and becomes "sent"
    # in the transaction that moves last_event_id, so a crash in between is seen and retried
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="sent", server_default="sent")


class RateLimitHit(Base):
    """digest: a fixed-window counter (per client IP or per address hash) shared by every web worker."""

    __tablename__ = "rate_limit_hits"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Lock(Base):
    """A named lock row, so that two processes on any hosts never run the same job at once."""

    __tablename__ = "locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(128))
    acquired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SearchDoc(Base):
    """The text a bill is found by: title, abstracts, latest version text.

    Kept in its own table so the full-text index (SQLite FTS5 / PostgreSQL tsvector + GIN) can be
    rebuilt from it without touching the bills. See statecare.db.search.
    """

    __tablename__ = "search_docs"

    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), primary_key=True)
    title: Mapped[str] = mapped_column(Text, nullable=False, default="")
    abstract: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
