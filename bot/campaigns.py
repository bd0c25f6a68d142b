"""Department campaigns: who is in the audience, freezing it into recipient rows, feeding the outbox at pace."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import string
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from multiprocessing.connection import wait as wait_for
from typing import Any, TypeVar

from sqlalchemy import Engine, Integer, and_, cast, exists, func, insert, literal, not_, null, or_, select, text, update
from sqlalchemy.orm import aliased
from sqlmodel import Session

from api.db import is_postgres, make_engine, transaction, upsert
from api.models import (
    Campaign,
    CampaignRecipient,
    ChannelIdentity,
    ConversationState,
    DeepLink,
    OutboxMessage,
    Seller,
    SuppressedPhone,
    VendorListEntry,
)
from bot.channels.base import OutboundPayload, Template
from bot.engine.context import Env
from bot.engine.conversation import ALL_STEPS
from bot.engine.districts import by_code
from bot.engine.model import STAGES, Button

log = logging.getLogger(__name__)

REAL_CHANNELS = ("telegram", "whatsapp")
VARIABLES = ("name", "district", "next_step")
AUDIENCE_KEYS = frozenset({"districts", "categories", "offerings", "stages", "languages", "channels", "vendor_list", "attributed"})
BROADCAST_PRIORITY = 9
ACTIVE = frozenset({"scheduled", "sending"})
# Recipient statuses that mean the message reached the person, in order; "replied"/"progressed" come after.
DELIVERY_RANK = {"queued": 0, "outboxed": 1, "sent": 2, "delivered": 3, "read": 4, "replied": 5, "progressed": 6}


class CampaignError(ValueError):
    """A campaign that cannot be saved or sent as it is; the message says what to fix."""


def check_campaign(campaign: Campaign) -> None:
    """Raise CampaignError when the audience, messages or template pair don't fit together."""
    unknown = set(campaign.audience) - AUDIENCE_KEYS
    if unknown:
        raise CampaignError(f"unknown audience filters: {', '.join(sorted(unknown))}")
    if not campaign.message_hi.strip() or not campaign.message_en.strip():
        raise CampaignError("the message is needed in both Hindi and English")
    fields = {}
    for lang, message in (("hi", campaign.message_hi), ("en", campaign.message_en)):
        fields[lang] = _fields(message, lang)
        bad = fields[lang] - set(VARIABLES)
        if bad:
            raise CampaignError(f"the {lang} message uses unknown variables: {', '.join(sorted(bad))} (allowed: {', '.join(VARIABLES)})")
    if fields["hi"] != fields["en"]:
        raise CampaignError("the Hindi and English messages must use the same variables")
    if campaign.department_id is None and (campaign.audience.get("vendor_list") or campaign.audience.get("attributed")):
        raise CampaignError("vendor_list and attributed audiences belong to a department; give the campaign one")
    sids = campaign.template_sids or {}
    if sids and set(sids) != {"hi", "en"}:
        raise CampaignError("a WhatsApp template pair needs one Content SID for Hindi and one for English")
    bad_vars = set(campaign.template_variables) - set(VARIABLES)
    if bad_vars:
        raise CampaignError(f"template variables must be among {', '.join(VARIABLES)}")
    if campaign.target_stage is not None and campaign.target_stage not in STAGES:
        raise CampaignError(f"target stage must be one of {', '.join(STAGES)}")


def _fields(text: str, lang: str) -> set[str]:
    """Return the variable names a message uses, refusing anything str.format would choke on."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise CampaignError(f"the {lang} message has a stray brace ({error}); write {{{{ or }}}} for a literal brace") from None
    names = set()
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise CampaignError(f"the {lang} message uses {shown}: write variables plainly, like {{name}}")
        names.add(name)
    return names


def _stages_from(stage: str) -> list[str]:
    return list(STAGES[STAGES.index(stage) :])


def listed_vendor(department_id: int) -> Any:
    """Return the condition that a vendor-list row is the department's and its number is not on the suppression list."""
    suppressed = exists().where(SuppressedPhone.phone_digest == VendorListEntry.phone_digest)
    return and_(VendorListEntry.department_id == department_id, not_(suppressed))


def audience_query(campaign: Campaign, now: datetime) -> Any:
    """Return a SELECT of (seller_id, channel, external_id, language) for every seller the campaign reaches."""
    a = campaign.audience
    channels = [c for c in a.get("channels") or REAL_CHANNELS if c in REAL_CHANNELS]
    inner = aliased(ChannelIdentity)
    preferred = (
        select(inner.id)
        .where(inner.seller_id == Seller.id, inner.reachable.is_(True), inner.channel.in_(channels))
        .order_by(inner.last_inbound_at.desc().nulls_last(), inner.id)
        .limit(1)
        .correlate(Seller)
        .scalar_subquery()
    )
    conditions = [
        ChannelIdentity.id == preferred,
        Seller.erased_at.is_(None),
        Seller.opted_out.is_(False),
        Seller.is_test.is_(False),
    ]
    if a.get("districts"):
        conditions.append(Seller.district_lgd.in_(a["districts"]))
    if a.get("categories"):
        conditions.append(Seller.category.in_(a["categories"]))
    if a.get("offerings"):
        conditions.append(Seller.offering.in_(a["offerings"]))
    if a.get("stages"):
        conditions.append(Seller.stage.in_(a["stages"]))
    if a.get("languages"):
        conditions.append(Seller.language.in_(a["languages"]))
    if campaign.department_id is not None:
        # A department reaches only its own sellers: those who came through its links, or its vendors.
        both = not a.get("attributed") and not a.get("vendor_list")
        sources = []
        if a.get("attributed") or both:
            sources.append(Seller.source_code.in_(select(DeepLink.code).where(DeepLink.department_id == campaign.department_id)))
        if a.get("vendor_list") or both:
            sources.append(Seller.mobile.in_(select(VendorListEntry.phone).where(listed_vendor(campaign.department_id))))
        conditions.append(or_(*sources))
    if campaign.target_stage:
        conditions.append(Seller.stage.not_in(_stages_from(campaign.target_stage)))
    if campaign.exclude_recent_hours:
        cutoff = now - timedelta(hours=campaign.exclude_recent_hours)
        conditions.append(
            not_(exists().where(OutboxMessage.seller_id == Seller.id, OutboxMessage.sent_at.is_not(None), OutboxMessage.sent_at >= cutoff))
        )
    return (
        select(Seller.id, ChannelIdentity.channel, ChannelIdentity.external_id, func.coalesce(Seller.language, "hi"))
        .select_from(Seller)
        .join(ChannelIdentity, ChannelIdentity.seller_id == Seller.id)
        .where(and_(*conditions))
    )


def first_contact_query(campaign: Campaign) -> Any | None:
    """Return a SELECT of uploaded vendors who are not sellers yet (WhatsApp, approved template only), suppressed numbers left out."""
    a = campaign.audience
    if not a.get("vendor_list") or campaign.department_id is None:
        return None
    if a.get("channels") and "whatsapp" not in a["channels"]:
        return None
    known = exists().where(Seller.mobile == VendorListEntry.phone, Seller.erased_at.is_(None))
    conditions = [listed_vendor(campaign.department_id), not_(known)]
    if a.get("districts"):
        conditions.append(VendorListEntry.district_lgd.in_(a["districts"]))
    # A typed NULL: PostgreSQL takes an untyped one in a subquery for text, which the integer seller_id refuses.
    return select(cast(null(), Integer), literal("whatsapp"), VendorListEntry.phone, literal("hi")).where(and_(*conditions))


@dataclass(slots=True)
class AudienceCounts:
    """How many a campaign would reach, on which channel, and why the rest can't be."""

    total: int = 0
    telegram: int = 0
    whatsapp_in_window: int = 0
    whatsapp_template_only: int = 0
    first_contact: int = 0
    unreachable: dict[str, int] = field(default_factory=dict)

    @property
    def reachable(self) -> int:
        """Return how many can actually be sent to with the campaign as it is."""
        return self.telegram + self.whatsapp_in_window + self.whatsapp_template_only + self.first_contact - sum(self.unreachable.values())


def audience_counts(session: Session, campaign: Campaign, now: datetime) -> AudienceCounts:
    """Count the audience by channel and reachability, without writing anything."""
    session.flush()  # set-based SQL below must see rows added in this session
    counts = AudienceCounts()
    window_start = now - timedelta(hours=24)
    recent = func.coalesce(ChannelIdentity.last_inbound_at >= window_start, False).label("recent")
    sub = audience_query(campaign, now).add_columns(recent).subquery()
    for channel, recent, n in session.execute(select(sub.c.channel, sub.c.recent, func.count()).group_by(sub.c.channel, sub.c.recent)):
        if channel == "telegram":
            counts.telegram += n
        elif recent:
            counts.whatsapp_in_window += n
        else:
            counts.whatsapp_template_only += n
    first = first_contact_query(campaign)
    if first is not None:
        counts.first_contact = session.execute(select(func.count()).select_from(first.subquery())).scalar_one()
    counts.total = counts.telegram + counts.whatsapp_in_window + counts.whatsapp_template_only + counts.first_contact
    if not campaign.template_sids:
        outside = counts.whatsapp_template_only + counts.first_contact
        if outside:
            counts.unreachable["whatsapp_needs_approved_template"] = outside
    return counts


def materialize(session: Session, campaign: Campaign, now: datetime) -> int:
    """Freeze the audience into recipient rows (set-based; a person already in the campaign is skipped)."""
    session.flush()  # set-based SQL below must see rows added in this session
    if session.get_bind().dialect.name == "sqlite":
        # Without table statistics SQLite may walk the district index for "every district";
        # this gathers statistics where they are missing or stale (cheap when they are fresh).
        session.execute(text("PRAGMA optimize=0x10002"))
    columns = ["seller_id", "channel", "external_id", "language"]
    before = campaign.audience_size or 0
    for query in (audience_query(campaign, now), first_contact_query(campaign)):
        if query is None:
            continue
        # "WHERE 1 = 1": SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT to parse it.
        source = select(literal(campaign.id), *query.subquery().c, literal("queued"), literal(now)).where(literal(1) == literal(1))
        statement = (
            upsert(session.get_bind(), CampaignRecipient)
            .from_select(["campaign_id", *columns, "status", "updated_at"], source)
            .on_conflict_do_nothing()
        )
        session.execute(statement)
    campaign.audience_size = session.execute(
        select(func.count()).select_from(CampaignRecipient).where(CampaignRecipient.campaign_id == campaign.id)
    ).scalar_one()
    added = campaign.audience_size - before
    campaign.materialized_at = now
    return added


def render(campaign: Campaign, recipient: CampaignRecipient, seller: Seller | None, step: str | None, env: Env) -> OutboundPayload:
    """Render one recipient's message in their language: free text with a button, or the approved template."""
    lang = recipient.language if recipient.language in ("hi", "en") else "hi"
    values = {"name": "", "district": "", "next_step": ""}
    if seller is not None:
        values["name"] = seller.name or ""
        district = by_code(seller.district_lgd) if seller.district_lgd else None
        values["district"] = (district.name_hi if lang == "hi" else district.name_en) if district else ""
        values["next_step"] = env.translations[lang].gettext(ALL_STEPS[step].title) if step in ALL_STEPS else ""
    if recipient.channel == "whatsapp" and campaign.template_sids.get(lang):
        variables = {str(n): values[name] or "-" for n, name in enumerate(campaign.template_variables, start=1)}
        return OutboundPayload(to=recipient.external_id, template=Template(campaign.template_sids[lang], variables))
    text = (campaign.message_hi if lang == "hi" else campaign.message_en).format(**values)
    title = (campaign.button_title_hi if lang == "hi" else campaign.button_title_en) or env.translations[lang].gettext("Continue")
    return OutboundPayload(to=recipient.external_id, text=text, buttons=(Button("cmd:resume", title),))


@dataclass(slots=True)
class FeedRun:
    queued: int = 0
    skipped: int = 0
    finished: int = 0


FEED_CHUNK = 250  # recipients per feeder transaction


class CampaignFeeder:
    """Moves recipients of sending campaigns into the outbox a little ahead of the sender, never all at once,
    so pause and cancel take effect within seconds and a restart resumes where the rows say."""

    def __init__(self, engine: Engine, env: Env, *, buffer: int = 500, batch: int = 500) -> None:
        self.engine = engine
        self.env = env
        self.buffer = buffer
        self.batch = batch

    def start(self) -> None:
        """Nothing to start: it feeds on the caller's thread (`FeederProcess` starts a child here)."""

    def close(self) -> None:
        """Nothing to stop."""

    def run_once(self, now: datetime) -> FeedRun:
        """Start due campaigns, top up each sending campaign's share of the outbox, close finished ones."""
        run = FeedRun()
        with transaction(self.engine) as session:
            for campaign in session.execute(
                select(Campaign).where(Campaign.status == "scheduled", or_(Campaign.scheduled_at.is_(None), Campaign.scheduled_at <= now))
            ).scalars():
                if campaign.materialized_at is None:
                    materialize(session, campaign, now)
                campaign.status, campaign.updated_at = "sending", now
            session.flush()
            ids = session.execute(select(Campaign.id).where(Campaign.status == "sending")).scalars().all()
        for campaign_id in ids:
            try:
                self._feed(campaign_id, now, run)
            except Exception:  # noqa: BLE001 - one campaign's trouble must not stop the others
                log.exception("feeding campaign %s failed", campaign_id)
        return run

    def _feed(self, campaign_id: int, now: datetime, run: FeedRun) -> None:
        """Top one campaign up, FEED_CHUNK recipients per transaction: the worker's claims and records
        get SQLite's single writer in between (a 1,000-row top-up in one transaction held it for a
        quarter of a second, and the sends it starved were lost pace)."""
        budget = self.batch
        while budget > 0:
            most = min(FEED_CHUNK, budget)
            taken = self._feed_chunk(campaign_id, now, run, most)
            budget -= taken
            if taken < most:
                return

    def _feed_chunk(self, campaign_id: int, now: datetime, run: FeedRun, most: int) -> int:
        """Move up to `most` queued recipients into the outbox; return how many were taken (sent on or skipped).

        Reading and rendering happen outside the write transaction (in WAL mode a reader waits for
        no one), so SQLite's single writer is held only for the few statements that move the rows:
        a top-up rendered under the write lock held the worker's claims back for 100-170 ms when
        the machine was busy, and every one of those milliseconds was a lost send slot.
        """
        with Session(self.engine) as session:
            campaign = session.get(Campaign, campaign_id)
            if campaign is None or campaign.status != "sending":
                return 0
            room = min(most, self.buffer - self._in_flight(session, campaign_id))
            if room <= 0:
                return 0
            rows, skipped = self._render_queued(session, campaign, now, room)
        taken = len(rows) + sum(len(ids) for ids in skipped.values())
        with transaction(self.engine) as session:
            # Locked so a pause committed meanwhile can't be followed by new rows from this pass.
            campaign = session.get(Campaign, campaign_id, with_for_update=is_postgres(self.engine))
            if campaign is None or campaign.status != "sending":
                return 0
            if not taken:
                if self._in_flight(session, campaign_id) == 0 and not self._any_queued(session, campaign_id):
                    campaign.status, campaign.finished_at, campaign.updated_at = "done", now, now
                    run.finished += 1
                return 0
            # Only recipients still queued move: a pause, a cancel or another worker's feeder may
            # have taken some since they were read, and a recipient is never outboxed twice.
            moved = 0
            for error, ids in skipped.items():
                gone = len(_move_queued(session, ids, now, status="skipped", error=error))
                run.skipped += gone
                moved += gone
            outboxed = _move_queued(session, [row["recipient_id"] for row in rows], now, status="outboxed")
            rows = [row for row in rows if row["recipient_id"] in outboxed]
            if rows:
                session.execute(insert(OutboxMessage.__table__), rows)
                reached = [row["seller_id"] for row in rows if row["seller_id"] is not None]
                if reached:
                    session.execute(update(Seller.__table__).where(Seller.__table__.c.id.in_(reached)).values(last_broadcast_at=now))
            run.queued += len(rows)
        return moved + len(rows)

    @staticmethod
    def _in_flight(session: Session, campaign_id: int) -> int:
        return session.execute(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.campaign_id == campaign_id, OutboxMessage.status.in_(("pending", "sending")))
        ).scalar_one()

    @staticmethod
    def _any_queued(session: Session, campaign_id: int) -> bool:
        r = CampaignRecipient.__table__
        return session.execute(select(r.c.id).where(r.c.campaign_id == campaign_id, r.c.status == "queued").limit(1)).first() is not None

    def _render_queued(self, session: Session, campaign: Campaign, now: datetime, room: int) -> tuple[list[dict[str, Any]], dict[str, list[int]]]:
        """Render the next `room` queued recipients' outbox rows; say which are skipped, and why."""
        # Plain rows, not ORM objects: a top-up can be a thousand recipients, and per-object
        # bookkeeping cost more than the rest of the feed.
        r = CampaignRecipient.__table__
        query = select(r.c.id, r.c.seller_id, r.c.channel, r.c.language, r.c.external_id).where(r.c.campaign_id == campaign.id, r.c.status == "queued")
        recipients = session.execute(query.order_by(r.c.id).limit(room)).all()
        seller_ids = [r.seller_id for r in recipients if r.seller_id is not None]
        sellers: dict[int, Any] = {}
        steps: dict[int, str] = {}
        if seller_ids:
            t = Seller.__table__
            wanted = select(t.c.id, t.c.name, t.c.district_lgd, t.c.opted_out, t.c.erased_at).where(t.c.id.in_(seller_ids))
            sellers = {row.id: row for row in session.execute(wanted)}
            steps = dict(session.execute(select(ConversationState.seller_id, ConversationState.step).where(ConversationState.seller_id.in_(seller_ids))).all())
        rows: list[dict[str, Any]] = []
        skipped: dict[str, list[int]] = {}
        for recipient in recipients:
            seller = sellers.get(recipient.seller_id) if recipient.seller_id else None
            if recipient.seller_id is not None and (seller is None or seller.opted_out or seller.erased_at is not None):
                skipped.setdefault("opted out or erased since the audience was taken", []).append(recipient.id)
                continue
            if recipient.seller_id is None and not campaign.template_sids:
                skipped.setdefault("first contact on WhatsApp needs an approved template", []).append(recipient.id)
                continue
            payload = render(campaign, recipient, seller, steps.get(recipient.seller_id), self.env).to_json()
            rows.append(
                {
                    "seller_id": recipient.seller_id,
                    "channel": recipient.channel,
                    "kind": "broadcast",
                    "priority": BROADCAST_PRIORITY,
                    "language": recipient.language,
                    "payload": payload,
                    "status": "pending",
                    "attempts": 0,
                    "due_at": now,
                    "created_at": now,
                    "updated_at": now,
                    "campaign_id": campaign.id,
                    "recipient_id": recipient.id,
                }
            )
        return rows, skipped


def _move_queued(session: Session, ids: list[int], now: datetime, **values: Any) -> set[int]:
    """Set `values` on those of these recipients that are still queued; return the ids that moved."""
    if not ids:
        return set()
    r = CampaignRecipient.__table__
    statement = update(r).where(r.c.id.in_(ids), r.c.status == "queued").values(updated_at=now, **values).returning(r.c.id)
    return set(session.execute(statement).scalars())


def pause(session: Session, campaign: Campaign, now: datetime, *, cancel: bool = False) -> int:
    """Stop a campaign within seconds: messages not yet handed to a provider go back to the queue (or are cancelled)."""
    held = select(OutboxMessage.recipient_id).where(OutboxMessage.campaign_id == campaign.id, OutboxMessage.status == "pending")
    back = "cancelled" if cancel else "queued"
    session.execute(
        update(CampaignRecipient)
        .where(CampaignRecipient.id.in_(held.scalar_subquery()))
        .values(status=back, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    withdrawn = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.campaign_id == campaign.id, OutboxMessage.status == "pending")
        .values(status="cancelled", updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if cancel:
        session.execute(
            update(CampaignRecipient)
            .where(CampaignRecipient.campaign_id == campaign.id, CampaignRecipient.status == "queued")
            .values(status="cancelled", updated_at=now)
            .execution_options(synchronize_session=False)
        )
    campaign.status, campaign.updated_at = ("cancelled" if cancel else "paused"), now
    if cancel:
        campaign.finished_at = now
    return withdrawn or 0


def resume(campaign: Campaign, now: datetime) -> None:
    """Carry on a paused campaign from the rows that are still queued."""
    if campaign.status != "paused":
        raise CampaignError(f"only a paused campaign can resume (this one is {campaign.status})")
    not_yet = campaign.scheduled_at is not None and campaign.scheduled_at > now
    campaign.status, campaign.updated_at = ("scheduled" if not_yet else "sending"), now


def sync_recipient(session: Session, row: OutboxMessage, now: datetime) -> None:
    """Carry an outbox row's delivery status over to its campaign recipient, never backwards."""
    if row.recipient_id is None:
        return
    recipient = session.get(CampaignRecipient, row.recipient_id)
    if recipient is None:
        return
    status = row.status
    if status in ("failed", "undelivered", "skipped"):
        if DELIVERY_RANK.get(recipient.status, 0) < DELIVERY_RANK["sent"]:
            recipient.status, recipient.error = ("skipped" if status == "skipped" else "failed"), (row.error or row.error_code or "")[:200]
    elif status in DELIVERY_RANK and DELIVERY_RANK[status] > DELIVERY_RANK.get(recipient.status, -1):
        recipient.status = status
    recipient.updated_at = now


def mark_engaged(session: Session, seller_id: int, now: datetime, *, progressed: bool, within: timedelta = timedelta(days=14)) -> None:
    """Record that a seller a campaign reached replied (or moved forward a stage) soon after it."""
    status = "progressed" if progressed else "replied"
    below = [s for s, rank in DELIVERY_RANK.items() if 2 <= rank < DELIVERY_RANK[status]]
    session.execute(
        update(CampaignRecipient)
        .where(CampaignRecipient.seller_id == seller_id, CampaignRecipient.status.in_(below), CampaignRecipient.updated_at >= now - within)
        .values(status=status, updated_at=now)
        .execution_options(synchronize_session=False)
    )


def progress(session: Session, campaign_id: int) -> dict[str, int]:
    """Return recipient counts by status for one campaign."""
    return dict(
        session.execute(
            select(CampaignRecipient.status, func.count()).where(CampaignRecipient.campaign_id == campaign_id).group_by(CampaignRecipient.status)
        ).all()
    )


# -- feeding from a process of its own -----------------------------------------------------------

T = TypeVar("T")
FEEDER_NICENESS = 5  # added to the feeding process's scheduling niceness: the send loop and the web go first
_child_feeder: CampaignFeeder | None = None


def _start_child_feeder(database_url: str, make_env: Callable[[], Env], buffer: int, batch: int) -> None:
    """In the feeding process: build the feeder once. Ctrl-C is the parent's to act on, the child
    yields the CPU to the rest, and it ends with its parent, even one killed outright (which never
    gets to shut it down)."""
    global _child_feeder  # noqa: PLW0603 - one feeder per child process, built once
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Feeding runs seconds ahead of the sending: on a busy machine it is the one that should wait.
    os.nice(FEEDER_NICENESS)
    parent = multiprocessing.parent_process()
    if parent is not None:
        sentinel = parent.sentinel
        threading.Thread(target=lambda: (wait_for([sentinel]), os._exit(0)), name="parent-watch", daemon=True).start()
    _child_feeder = CampaignFeeder(make_engine(database_url), make_env(), buffer=buffer, batch=batch)


def _child_ready() -> None:
    assert _child_feeder is not None, "the feeding process was not started"


def _child_feed(now: datetime) -> FeedRun:
    assert _child_feeder is not None, "the feeding process was not started"
    return _child_feeder.run_once(now)


class FeederProcess:
    """A CampaignFeeder that runs in a process of its own, with the same `run_once`.

    Rendering a thousand messages a second and writing them to the outbox is pure Python: in the
    worker's process it takes turns with the send loop for the one interpreter lock, and every
    turn the send loop waits is a late send slot. In a child process it runs on the other core.
    The child is started on first use (spawned, not forked: the worker has threads and open
    connections) and started again should it die; what it had not committed is simply fed again.
    """

    def __init__(self, database_url: str, make_env: Callable[[], Env], *, buffer: int = 500, batch: int = 500) -> None:
        self.buffer, self.batch = buffer, batch
        self._args = (database_url, make_env, buffer, batch)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        """The feeding process's id, once it runs."""
        with self._lock:
            processes = list(self._pool._processes or {}) if self._pool is not None else []  # noqa: SLF001 - the pool's one child
        return processes[0] if processes else None

    def start(self) -> None:
        """Start the child now rather than at the first feed (it takes a second or two to import);
        one already running is left as it is."""
        with self._lock:
            if self._pool is not None:
                return
        self._call(_child_ready)
        log.info("campaigns are fed from process %s", self.pid)

    def run_once(self, now: datetime) -> FeedRun:
        """Feed once in the child (blocking: the worker calls it from a thread)."""
        return self._call(_child_feed, now)

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_start_child_feeder, initargs=self._args)
            pool = self._pool
        try:
            return pool.submit(fn, *args).result()
        except BrokenProcessPool:
            log.warning("the feeding process died; a new one is started next time")
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise

    def close(self) -> None:
        """Stop the child (after a feed under way finishes)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
