"""Make deep links: codes a department hands out so the sellers it brings count as its own, and their QR codes."""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

import segno
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.channels.base import Channel
from bot.services.errors import AlreadyExists, NotFound
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import DeepLink, Department

# Telegram's start parameter: up to 64 of A-Z, a-z, 0-9, _ and -.
DEEP_LINK_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")

# A QR code for a poster: ~1800 px wide at 300 dpi prints ~15 cm across on A4 and scans from a few metres.
POSTER_PIXELS = 1800
POSTER_DPI = 300
POSTER_MM = 150


@dataclass(frozen=True, slots=True)
class DeepLinkUrls:
    """Hold where a deep link points on each channel; None where the channel is not configured."""

    telegram: str | None
    whatsapp: str | None

    def of(self, channel: Channel) -> str | None:
        """Return the URL for one channel."""
        return self.telegram if channel == "telegram" else self.whatsapp


def deep_link_urls(*, settings: Settings, code: str) -> DeepLinkUrls:
    """Return t.me/<bot>?start=<code> and wa.me/<number>?text=<code> for the configured bot and number."""
    username = (settings.telegram_bot_username or "").strip().lstrip("@")
    digits = "".join(ch for ch in settings.twilio_whatsapp_from or "" if ch.isascii() and ch.isdigit())
    return DeepLinkUrls(
        telegram=f"https://t.me/{username}?start={quote(code)}" if username else None,
        whatsapp=f"https://wa.me/{digits}?text={quote(code)}" if digits else None,
    )


def create_deep_link(
    *, engine: Engine, department_id: int, campaign_name: str | None = None, code: str | None = None, now: datetime | None = None
) -> DeepLink:
    """Create a deep link for a department, with the given code or `<department code>_<random>`."""
    if code is not None and not DEEP_LINK_CODE.fullmatch(code):
        raise ValueError("a deep-link code is 1 to 64 characters of A-Z, a-z, 0-9, _ and -")
    campaign_name = (campaign_name or "").strip() or None
    if campaign_name and len(campaign_name) > 100:
        raise ValueError("a campaign name is at most 100 characters")
    try:
        with transaction(engine) as session:
            department = session.get(Department, department_id)
            if department is None:
                raise NotFound(f"no department {department_id}")
            if code is None:
                code = f"{department.code}_{secrets.token_hex(4)}"
            if session.exec(select(DeepLink.id).where(DeepLink.code == code)).first() is not None:
                raise AlreadyExists(f"the deep-link code {code!r} is taken")
            link = DeepLink(code=code, department_id=department_id, campaign_name=campaign_name, created_at=now or datetime.now(UTC))
            session.add(link)
            session.flush()
            return link
    except IntegrityError:
        raise AlreadyExists(f"the deep-link code {code!r} is taken") from None


def get_deep_link(*, engine: Engine, code: str) -> DeepLink:
    """Return the deep link with this code or raise NotFound."""
    with Session(engine) as session:
        link = session.exec(select(DeepLink).where(DeepLink.code == code)).first()
    if link is None:
        raise NotFound(f"no deep link {code!r}")
    return link


def list_deep_links(*, engine: Engine, department_id: int | None = None) -> list[DeepLink]:
    """Return deep links, of one department when given, newest first."""
    query = select(DeepLink).order_by(DeepLink.id.desc())
    if department_id is not None:
        query = query.where(DeepLink.department_id == department_id)
    with Session(engine) as session:
        return list(session.exec(query))


def qr_png(url: str) -> bytes:
    """Return a poster-sized PNG QR code of a URL (300 dpi, about 15 cm across)."""
    qr = segno.make(url, error="m", micro=False)
    width, _ = qr.symbol_size(scale=1, border=4)
    out = io.BytesIO()
    qr.save(out, kind="png", scale=max(8, POSTER_PIXELS // width), border=4, dpi=POSTER_DPI)
    return out.getvalue()


def qr_svg(url: str, *, title: str | None = None) -> bytes:
    """Return a QR code of a URL as SVG, sized 15 cm across so it prints true on A4."""
    qr = segno.make(url, error="m", micro=False)
    width, _ = qr.symbol_size(scale=1, border=4)
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=POSTER_MM / width, border=4, unit="mm", title=title)
    return out.getvalue()
