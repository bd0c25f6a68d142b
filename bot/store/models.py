"""Define the database tables: sellers and how they reach us, conversation state, message log, funnel, consent."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    TypeDecorator,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator):
    """Store a moment in UTC and read it back timezone-aware, on SQLite (which keeps no zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give the time zone (the app works in UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _when(**kwargs: Any) -> Any:
    return Field(sa_column=Column(UTCDateTime(), **kwargs))


class Seller(SQLModel, table=True):
    """Record an MSME owner going through the journey; PAN kept only masked plus a keyed digest."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = _when(nullable=False)
    updated_at: datetime = _when(nullable=False)
    is_test: bool = Field(default=False, description="Simulated seller, kept out of real figures")
    language: str | None = Field(default=None, max_length=2)
    stage: str = Field(default="engaged", max_length=32, index=True)
    stage_changed_at: datetime = _when(nullable=False)
    opted_out: bool = False
    needs_help: bool = Field(default=False, index=True)  # few are: the home page counts them by this index
    erased_at: datetime | None = _when(nullable=True)

    name: str | None = Field(default=None, max_length=100)
    business_name: str | None = Field(default=None, max_length=100)
    district_lgd: int | None = Field(default=None, index=True)
    offering: str | None = Field(default=None, max_length=16)
    category: str | None = Field(default=None, max_length=32)
    makes_products: bool | None = None
    enterprise_type: str | None = Field(default=None, max_length=16)
    women_owned: bool | None = None
    sc_st_owned: bool | None = None
    turnover_band: str | None = Field(default=None, max_length=16)
    udyam: str | None = Field(default=None, max_length=19)
    pan_masked: str | None = Field(default=None, max_length=10)
    pan_digest: str | None = Field(default=None, max_length=64, index=True)
    gstin: str | None = Field(default=None, max_length=15)
    mobile: str | None = Field(default=None, max_length=16, index=True)
    email: str | None = Field(default=None, max_length=254)
    has_bank_account: bool | None = None
    aadhaar_mobile_linked: bool | None = None
    source_code: str | None = Field(default=None, max_length=64, index=True, description="Deep-link code the seller first arrived with")
    last_broadcast_at: datetime | None = _when(nullable=True)
    gem_seller_id: str | None = Field(default=None, max_length=64, description="The seller's id on GeM, when a department or GeM report gave it")
    clock_offset_seconds: int = Field(default=0, description="Simulated sellers only: how far the simulator moved their clock ahead")
    channel: str | None = Field(default=None, max_length=16, description="The channel the seller first wrote on; kept through erasure for the figures")
    campaign_id: int | None = Field(default=None, description="The broadcast campaign the seller first answered, for the figures per campaign")


class ChannelIdentity(SQLModel, table=True):
    """Record how one seller is reached on one channel: Telegram chat id, WhatsApp number, simulator user."""

    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_identity_channel_external"),)

    id: int | None = Field(default=None, primary_key=True)
    seller_id: int = Field(foreign_key="seller.id", index=True)
    channel: str = Field(max_length=16)
    external_id: str = Field(max_length=64)
    phone: str | None = Field(default=None, max_length=16)
    reachable: bool = True
    created_at: datetime = _when(nullable=False)
    last_inbound_at: datetime | None = _when(nullable=True)


class ConversationState(SQLModel, table=True):
    """Keep where a seller's conversation stands, as the engine's JSON; one row per seller."""

    seller_id: int = Field(foreign_key="seller.id", primary_key=True)
    step: str = Field(max_length=32)
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = _when(nullable=False)


class MessageLog(SQLModel, table=True):
    """Log every message in and out, with Aadhaar and PAN redacted; inbound provider ids are unique."""

    __table_args__ = (
        UniqueConstraint("channel", "direction", "provider_message_id", name="uq_message_provider_id"),
        Index("ix_messagelog_seller_created", "seller_id", "created_at"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True))
    seller_id: int | None = Field(default=None, foreign_key="seller.id")
    channel: str = Field(max_length=16)
    direction: str = Field(max_length=3)  # in | out
    kind: str = Field(default="text", max_length=16)
    provider_message_id: str | None = Field(default=None, max_length=64)
    text: str | None = None
    buttons: list[dict[str, str]] | None = Field(default=None, sa_column=Column(JSON(none_as_null=True), nullable=True))
    created_at: datetime = _when(nullable=False)


class FunnelEvent(SQLModel, table=True):
    """Record a seller reaching a funnel stage, with the time, so time between stages can be measured."""

    id: int | None = Field(default=None, primary_key=True)
    seller_id: int = Field(foreign_key="seller.id", index=True)
    stage: str = Field(max_length=32, index=True)
    previous_stage: str | None = Field(default=None, max_length=32)
    is_test: bool = False
    at: datetime = _when(nullable=False)


class FunnelCount(SQLModel, table=True):
    """Count real sellers by arrival week, department, where, who and stage: folded rows plus +1/-1 rows added with each change."""

    # One seller counts once with department 0 (all sellers) and once for each department that may claim them
    # (its deep link brought them, or they are on its vendor list). bot.funnel.cube writes and folds these rows.
    __table_args__ = (
        Index("ix_funnelcount_department_week", "department_id", "week"),
        Index("ix_funnelcount_department_district", "department_id", "district_lgd"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True))
    week: date = Field(sa_column=Column(Date(), nullable=False))  # Monday of the seller's first week, India time
    department_id: int = 0
    district_lgd: int = 0
    channel: str = Field(default="", max_length=16)
    language: str = Field(default="", max_length=2)
    category: str = Field(default="", max_length=32)
    offering: str = Field(default="", max_length=16)
    women_owned: int = -1  # 1 yes, 0 no, -1 not told
    sc_st_owned: int = -1
    campaign_id: int = 0
    stage: str = Field(max_length=32)
    n: int


class FunnelTiming(SQLModel, table=True):
    """Count real sellers' stage changes by who they are, the stage reached, its week and how long it took: folded rows plus +1/-1 rows."""

    # Kept like FunnelCount (bot.funnel.cube): `bucket` i holds waits shorter than cube.BUCKETS[i] and not shorter than the bucket before.
    __table_args__ = (
        Index("ix_funneltiming_department_week", "department_id", "week"),
        Index("ix_funneltiming_department_district", "department_id", "district_lgd"),
        Index("ix_funneltiming_department_campaign", "department_id", "campaign_id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True))
    department_id: int = 0
    district_lgd: int = 0
    channel: str = Field(default="", max_length=16)
    language: str = Field(default="", max_length=2)
    category: str = Field(default="", max_length=32)
    offering: str = Field(default="", max_length=16)
    women_owned: int = -1
    sc_st_owned: int = -1
    campaign_id: int = 0
    stage: str = Field(max_length=32)  # the stage reached
    week: date = Field(sa_column=Column(Date(), nullable=False))  # Monday of the week it was reached, India time
    bucket: int
    n: int


class FunnelTimingTotal(SQLModel, table=True):
    """Count stage changes as FunnelTiming does, summed over everything but the department: the table unfiltered views read."""

    __table_args__ = (Index("ix_funneltimingtotal_department_week", "department_id", "week"),)

    id: int | None = Field(default=None, sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True))
    department_id: int = 0
    stage: str = Field(max_length=32)
    week: date = Field(sa_column=Column(Date(), nullable=False))
    bucket: int
    n: int


class FunnelStall(SQLModel, table=True):
    """Count, as of the last hourly count, real sellers by who they are and the question waiting for their answer: gone quiet, needing help, waiting for a call."""

    __table_args__ = (Index("ix_funnelstall_department_week", "department_id", "week"),)

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = 0
    district_lgd: int = 0
    channel: str = Field(default="", max_length=16)
    language: str = Field(default="", max_length=2)
    category: str = Field(default="", max_length=32)
    offering: str = Field(default="", max_length=16)
    women_owned: int = -1
    sc_st_owned: int = -1
    campaign_id: int = 0
    week: date = Field(sa_column=Column(Date(), nullable=False))  # Monday of the seller's first week, India time
    step: str = Field(max_length=32)
    quiet: int  # silent for longer than the first reminder waits
    needs_help: int
    callbacks: int  # call-back requests still open
    taken_at: datetime = _when(nullable=False)


class FunnelSnapshot(SQLModel, table=True):
    """Record, once a day, how many sellers each department had registered on GeM, so a week's change can be shown."""

    day: date = Field(sa_column=Column(Date(), primary_key=True))  # India time
    department_id: int = Field(primary_key=True)  # 0: all sellers
    registered: int


class ConsentRecord(SQLModel, table=True):
    """Record consent given to a notice version for a purpose, and its withdrawal."""

    id: int | None = Field(default=None, primary_key=True)
    seller_id: int = Field(foreign_key="seller.id", index=True)
    notice_version: str = Field(max_length=32)
    purpose: str = Field(max_length=64)
    channel: str = Field(max_length=16)
    given_at: datetime = _when(nullable=False)
    withdrawn_at: datetime | None = _when(nullable=True)


class CallbackRequest(SQLModel, table=True):
    """Record a seller asking to talk to a person; staff see and close these."""

    id: int | None = Field(default=None, primary_key=True)
    seller_id: int = Field(foreign_key="seller.id", index=True)
    step: str = Field(max_length=32)
    status: str = Field(default="open", max_length=16, index=True)
    is_test: bool = False
    requested_at: datetime = _when(nullable=False)
    expected_by: datetime = _when(nullable=False)


class Reminder(SQLModel, table=True):
    """Schedule the next status reminder a stalled seller is due; one row per seller, rescheduled on every message."""

    seller_id: int = Field(foreign_key="seller.id", primary_key=True)
    stage: str = Field(max_length=32)  # the stage these reminders are about
    sent: int = 0  # reminders already sent while at this stage
    last_activity_at: datetime = _when(nullable=False)
    due_at: datetime | None = _when(nullable=True, index=True)
    updated_at: datetime = _when(nullable=False)


class EarlyStatus(SQLModel, table=True):
    """Keep a provider's delivery status that came before its message's id was written, until it is."""

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    provider_message_id: str = Field(max_length=64, index=True)
    status: str = Field(max_length=16)
    error_code: str | None = Field(default=None, max_length=16)
    received_at: datetime = _when(nullable=False)


class OutboxMessage(SQLModel, table=True):
    """Queue a message decided in a committed transaction, waiting to be sent or already sent."""

    __table_args__ = (
        Index("ix_outbox_claim_order", "status", "priority", "due_at", "id"),  # the worker takes due rows in this order
        Index("ix_outbox_campaign_status", "campaign_id", "status"),
        UniqueConstraint("channel", "provider_message_id", name="uq_outbox_provider_id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True))
    seller_id: int | None = Field(default=None, foreign_key="seller.id", index=True)
    channel: str = Field(max_length=16)
    kind: str = Field(default="reply", max_length=16)  # reply | reminder | broadcast
    priority: int = 0  # lower goes first: replies before reminders before broadcasts
    language: str | None = Field(default=None, max_length=2)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    due_at: datetime = _when(nullable=False)
    claimed_at: datetime | None = _when(nullable=True)
    claimed_by: str | None = Field(default=None, max_length=64)
    provider_message_id: str | None = Field(default=None, max_length=64)
    error_code: str | None = Field(default=None, max_length=16)
    error: str | None = Field(default=None, max_length=500)
    created_at: datetime = _when(nullable=False)
    sent_at: datetime | None = _when(nullable=True)
    updated_at: datetime = _when(nullable=False)
    campaign_id: int | None = None
    recipient_id: int | None = Field(default=None, sa_column=Column(BigInteger(), nullable=True))


class DepartmentBase(SQLModel):
    name: str = Field(max_length=200, unique=True, description="The department's name, e.g. District Industries Centre, Lucknow")
    code: str = Field(max_length=24, unique=True, description="Short slug of a-z, 0-9 and _ used in deep-link codes, e.g. dic_lucknow")


class Department(DepartmentBase, table=True):
    """Record a government office that brings sellers in through its deep links and follows them up."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = _when(nullable=False)


class ApiToken(SQLModel, table=True):
    """Keep a bearer token for the REST API only as a SHA-256 digest; no department means an MSME-department admin."""

    __table_args__ = (
        CheckConstraint(
            "(role = 'admin' AND department_id IS NULL) OR (role = 'staff' AND department_id IS NOT NULL)",
            name="ck_apitoken_role_department",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    role: str = Field(max_length=8)  # staff | admin
    label: str = Field(max_length=100)
    token_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=8, index=True)
    created_at: datetime = _when(nullable=False)
    last_used_at: datetime | None = _when(nullable=True)
    revoked_at: datetime | None = _when(nullable=True)


class DeepLink(SQLModel, table=True):
    """Record a code a department hands out (t.me/…?start=<code>, wa.me/…?text=<code>) so sellers it brings are its own."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    campaign_name: str | None = Field(default=None, max_length=100)
    created_at: datetime = _when(nullable=False)


class AccessLog(SQLModel, table=True):
    """Record who read, changed or exported sellers' data through the API, and when (the DPDP access record)."""

    __table_args__ = (
        Index("ix_accesslog_token_at", "token_id", "at"),
        Index("ix_accesslog_account_at", "account_id", "at"),
        Index("ix_accesslog_action_at", "action", "at"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True))
    token_id: int | None = Field(default=None, foreign_key="apitoken.id")  # an API token's call
    account_id: int | None = Field(default=None, foreign_key="staffaccount.id")  # a signed-in person's action
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)  # whose data, when it is one department's
    action: str = Field(max_length=32)  # seller.status | sellers.status_import | deeplink.create | signin | signin.failed | …
    detail: str = ""
    address: str | None = Field(default=None, max_length=64)  # the client's address, for sign-ins
    at: datetime = _when(nullable=False)


class StaffAccount(SQLModel, table=True):
    """Record a person who signs in to the staff app: an admin, staff of one department, or a viewer of figures."""

    __table_args__ = (
        CheckConstraint(
            "(role = 'admin' AND department_id IS NULL) OR (role IN ('staff', 'viewer'))",
            name="ck_staffaccount_role_department",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)  # kept lower-case
    name: str = Field(max_length=100)
    role: str = Field(max_length=8)  # admin | staff | viewer
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    password_hash: str = Field(max_length=255)
    language: str = Field(default="hi", max_length=2)
    created_at: datetime = _when(nullable=False)
    updated_at: datetime = _when(nullable=False)
    disabled_at: datetime | None = _when(nullable=True)


class StaffSession(SQLModel, table=True):
    """Keep a signed-in session only as the SHA-256 digest of its cookie's secret, so it can be ended from the server."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="staffaccount.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _when(nullable=False)
    last_seen_at: datetime = _when(nullable=False)
    expires_at: datetime = _when(nullable=False)
    revoked_at: datetime | None = _when(nullable=True)


class SetupLink(SQLModel, table=True):
    """Keep a one-time link that creates an admin account: only its digest, valid once and for a short time."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _when(nullable=False)
    expires_at: datetime = _when(nullable=False)
    used_at: datetime | None = _when(nullable=True)
    account_id: int | None = Field(default=None, foreign_key="staffaccount.id")


class Lead(SQLModel, table=True):
    """Track a department's follow-up of one seller: who has it and how far the follow-up went."""

    __table_args__ = (UniqueConstraint("department_id", "seller_id", name="uq_lead_department_seller"),)

    id: int | None = Field(default=None, primary_key=True)
    department_id: int | None = Field(default=None, foreign_key="department.id")  # None: the MSME department's admins
    seller_id: int = Field(foreign_key="seller.id", index=True)
    assigned_account_id: int | None = Field(default=None, foreign_key="staffaccount.id", index=True)
    status: str = Field(default="new", max_length=16)  # new | contacted | resolved
    updated_at: datetime = _when(nullable=False)


class LeadNote(SQLModel, table=True):
    """Record a staff member's note on a seller, seen by their department and admins."""

    id: int | None = Field(default=None, primary_key=True)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    seller_id: int = Field(foreign_key="seller.id", index=True)
    account_id: int = Field(foreign_key="staffaccount.id")
    text: str = Field(max_length=2000)
    created_at: datetime = _when(nullable=False)


class VendorListEntry(SQLModel, table=True):
    """Record a vendor a department already buys from, uploaded so it can bring them onto GeM."""

    __table_args__ = (UniqueConstraint("department_id", "phone", name="uq_vendor_department_phone"),)

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    phone: str = Field(max_length=16, index=True)
    name: str | None = Field(default=None, max_length=100)
    business_name: str | None = Field(default=None, max_length=100)
    district_lgd: int | None = None
    category: str | None = Field(default=None, max_length=32)
    created_at: datetime = _when(nullable=False)
    phone_digest: str | None = Field(
        default=None, max_length=64, description="bot.store.digests.phone_digest of the phone, so SQL can match it to the suppression list"
    )


class SuppressedPhone(SQLModel, table=True):
    """Bar a phone number from any further contact, kept only as its keyed digest: its owner had their data erased."""

    phone_digest: str = Field(primary_key=True, max_length=64, description="bot.store.digests.phone_digest of the number; never the number")
    reason: str = Field(max_length=16)  # erased
    suppressed_at: datetime = _when(nullable=False)


class Campaign(SQLModel, table=True):
    """Describe a department's registration broadcast: audience, message in both languages, schedule, life cycle."""

    id: int | None = Field(default=None, primary_key=True)
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    name: str = Field(max_length=120)
    status: str = Field(default="draft", max_length=20, index=True)  # draft | pending_approval | scheduled | sending | paused | done | cancelled
    audience: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    target_stage: str | None = Field(default=None, max_length=32)
    exclude_recent_hours: int = 0
    message_hi: str = Field(default="", max_length=1000)
    message_en: str = Field(default="", max_length=1000)
    button_title_hi: str | None = Field(default=None, max_length=20)
    button_title_en: str | None = Field(default=None, max_length=20)
    template_sids: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    template_variables: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    scheduled_at: datetime | None = _when(nullable=True)
    approved_at: datetime | None = _when(nullable=True)
    approved_by_token_id: int | None = None
    audience_size: int | None = None
    materialized_at: datetime | None = _when(nullable=True)
    finished_at: datetime | None = _when(nullable=True)
    created_at: datetime = _when(nullable=False)
    updated_at: datetime = _when(nullable=False)


class CampaignRecipient(SQLModel, table=True):
    """Track one person a campaign goes to and where their message stands; unique per campaign."""

    __table_args__ = (
        UniqueConstraint("campaign_id", "channel", "external_id", name="uq_recipient_campaign_address"),
        Index("ix_recipient_campaign_status", "campaign_id", "status"),
        Index("ix_recipient_seller", "seller_id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True))
    campaign_id: int = Field(foreign_key="campaign.id")
    seller_id: int | None = Field(default=None)
    channel: str = Field(max_length=16)
    external_id: str = Field(max_length=64)
    language: str = Field(default="hi", max_length=2)
    status: str = Field(default="queued", max_length=16)  # queued | outboxed | sent | delivered | read | failed | skipped | replied | progressed | cancelled
    error: str | None = Field(default=None, max_length=200)
    updated_at: datetime = _when(nullable=False)


class VendorImport(SQLModel, table=True):
    """Track one upload of a vendor list from the staff app: how far it got and what it found, so any process can show it."""

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    account_id: int | None = Field(default=None, foreign_key="staffaccount.id")
    file_name: str = Field(default="", max_length=200)
    status: str = Field(default="running", max_length=16)  # running | done | failed
    stage: str = Field(default="reading", max_length=16)  # reading | saving
    rows_read: int = 0
    vendors_total: int = 0  # distinct good rows to save, known once the file is read
    vendors_saved: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    suppressed: int = 0
    error_count: int = 0
    errors: list[list[Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # [row, msgid, values], the first ones
    failure: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON(none_as_null=True), nullable=True))  # {msgid, values}
    created_at: datetime = _when(nullable=False)
    updated_at: datetime = _when(nullable=False)
    finished_at: datetime | None = _when(nullable=True)
