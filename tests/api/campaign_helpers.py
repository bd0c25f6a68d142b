"""Helpers for campaign API tests: a pinned clock, sellers seeded straight into the database, a draft body."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from bot.funnel import cube
from bot.store.db import transaction
from bot.store.models import ChannelIdentity, ConversationState, Seller

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # 11:30 in India
LUCKNOW, AGRA = 162, 118


def pin_clock(client, now: datetime = NOW) -> None:  # type: ignore[no-untyped-def]
    """Make the app's clock read `now`."""
    client.app.state.saathi.clock.pin(now)


def add_seller(
    db: Engine,
    n: int,
    *,
    district: int = LUCKNOW,
    channel: str = "whatsapp",
    language: str = "hi",
    source: str | None = None,
    last_inbound: datetime | None = NOW,
    stage: str = "profiled",
    category: str = "cleaning",
    mobile: str | None = None,
    step: str = "ask_pan",
) -> int:
    """Add a seller reachable on one channel; return the id."""
    with transaction(db) as session:
        seller = Seller(
            created_at=NOW, updated_at=NOW, stage_changed_at=NOW, name=f"Seller {n}", district_lgd=district, category=category, stage=stage,
            language=language, source_code=source, mobile=mobile or f"+9198000{n:05d}", offering="services", channel=channel,
        )
        session.add(seller)
        session.flush()
        cube.count(session.connection(), [seller.id], +1)  # as every way a seller comes in does
        external = f"+9198000{n:05d}" if channel == "whatsapp" else str(900000 + n)
        session.add(ChannelIdentity(seller_id=seller.id, channel=channel, external_id=external, created_at=NOW, last_inbound_at=last_inbound))
        session.add(ConversationState(seller_id=seller.id, step=step, state={"step": step}, updated_at=NOW))
        return seller.id


def draft(**fields: Any) -> dict[str, Any]:
    """Return a valid campaign body, changed by `fields`."""
    body: dict[str, Any] = {
        "name": "Lucknow cleaning services",
        "audience": {"districts": [LUCKNOW]},
        "message_hi": "नमस्ते {name}! {district} में जेम पंजीकरण पूरा करें।",
        "message_en": "Namaste {name}! Finish your GeM registration in {district}.",
        "button_title_hi": "आगे बढ़ें",
        "button_title_en": "Carry on",
    }
    body.update(fields)
    return body
