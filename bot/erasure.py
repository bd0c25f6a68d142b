"""Erase a seller at their request: personal data, their numbers on departments' lists, their place in campaigns."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, and_, case, cast, delete, literal, or_, text, update
from sqlmodel import Session, select

from bot.delivery import ERASED
from bot.engine.model import PROFILE_FIELDS
from bot.funnel import cube
from bot.services.suppression import channel_numbers, suppress
from bot.store.digests import Digest
from bot.store.models import (
    AccessLog,
    CallbackRequest,
    Campaign,
    CampaignRecipient,
    ChannelIdentity,
    ConsentRecord,
    ConversationState,
    Lead,
    LeadNote,
    MessageLog,
    OutboxMessage,
    Reminder,
    Seller,
    VendorListEntry,
)


def erase(session: Session, seller: Seller, *, now: datetime, keyed: Digest) -> None:
    """Delete a seller's personal data, keeping only anonymous funnel figures and proof of withdrawal."""
    # The funnel keeps counting the seller, anonymously: their key (and that of anyone sharing a number
    # with them, whose departments change with the vendor lists) is taken out now and put back at the end.
    session.flush()
    if session.get_bind().dialect.name == "sqlite":
        # Deleted and overwritten values are zeroed in the file rather than left in free space (until the end of this erasure).
        session.execute(text("PRAGMA secure_delete = ON"))
    numbers = {seller.mobile} if seller.mobile else set()
    for identity in session.exec(select(ChannelIdentity).where(ChannelIdentity.seller_id == seller.id)):
        numbers |= channel_numbers(identity.channel, identity.external_id, identity.phone)
    cube.claims(session.connection(), phones=numbers)
    counted = sorted({seller.id, *cube.sellers_with_mobiles(session.connection(), numbers)})
    cube.count(session.connection(), counted, -1)
    # Provider ids of inbound messages stay (without text or seller) so a re-delivered
    # webhook is still recognised; everything else the seller said or was told goes.
    session.execute(
        update(MessageLog)
        .where(MessageLog.seller_id == seller.id, MessageLog.direction == "in", MessageLog.provider_message_id.is_not(None))
        .values(seller_id=None, text=None, buttons=None)
    )
    session.execute(delete(MessageLog).where(MessageLog.seller_id == seller.id))
    session.execute(delete(OutboxMessage).where(OutboxMessage.seller_id == seller.id))
    session.execute(delete(ChannelIdentity).where(ChannelIdentity.seller_id == seller.id))
    session.execute(delete(ConversationState).where(ConversationState.seller_id == seller.id))
    session.execute(delete(Reminder).where(Reminder.seller_id == seller.id))
    # Staff notes and follow-up rows are about the person too.
    session.execute(delete(LeadNote).where(LeadNote.seller_id == seller.id))
    session.execute(delete(Lead).where(Lead.seller_id == seller.id))
    # Departments' vendor lists hold the same numbers: erasure covers them too, and the numbers'
    # digests go on the suppression list so a list uploaded again cannot bring them back.
    session.execute(delete(VendorListEntry).where(VendorListEntry.phone.in_(numbers)))
    suppress(session.connection(), keyed, numbers, now)
    withdraw_from_campaigns(session, seller.id, numbers)
    session.execute(
        update(ConsentRecord).where(ConsentRecord.seller_id == seller.id, ConsentRecord.withdrawn_at.is_(None)).values(withdrawn_at=now)
    )
    session.execute(update(CallbackRequest).where(CallbackRequest.seller_id == seller.id, CallbackRequest.status == "open").values(status="cancelled"))
    for name in PROFILE_FIELDS:
        if name != "district_lgd":
            setattr(seller, name, None)
    seller.language = None
    seller.gem_seller_id = None
    seller.opted_out = True
    seller.needs_help = False
    seller.erased_at = now
    seller.updated_at = now
    session.add(AccessLog(action="seller.erase", detail=f"seller {seller.id}, at the seller's request", at=now))  # the audit log shows it
    session.flush()
    cube.count(session.connection(), counted, +1)
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = FAST"))


def withdraw_from_campaigns(session: Session, seller_id: int, numbers: set[str]) -> None:
    """Take a person out of every campaign: their recipient rows (and first contacts to their numbers) lose the address, unsent ones are skipped."""
    # First contacts exist only in department campaigns; naming those lets the unique key find the rows.
    campaigns = session.exec(select(Campaign.id).where(Campaign.department_id.is_not(None))).all()
    first_contact = and_(
        CampaignRecipient.campaign_id.in_(campaigns),
        CampaignRecipient.channel == "whatsapp",
        CampaignRecipient.external_id.in_(numbers),
        CampaignRecipient.seller_id.is_(None),
    )
    rows = session.execute(
        select(CampaignRecipient.id, CampaignRecipient.campaign_id).where(or_(CampaignRecipient.seller_id == seller_id, first_contact))
    ).all()
    if not rows:
        return
    ids = [row.id for row in rows]
    session.execute(delete(OutboxMessage).where(OutboxMessage.campaign_id.in_({row.campaign_id for row in rows}), OutboxMessage.recipient_id.in_(ids)))
    unsent = CampaignRecipient.status.in_(("queued", "outboxed"))
    session.execute(
        update(CampaignRecipient)
        .where(CampaignRecipient.id.in_(ids))
        .values(
            seller_id=None,
            external_id=literal("erased-") + cast(CampaignRecipient.id, String),
            status=case((unsent, "skipped"), else_=CampaignRecipient.status),
            error=case((unsent, ERASED), else_=CampaignRecipient.error),
        )
    )
