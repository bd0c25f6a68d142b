"""Make deep links: codes a department hands out so the sellers it brings count as its own, and their QR codes."""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote
from xml.sax.saxutils import escape

import segno
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.channels.base import Channel
from bot.funnel import cube
from bot.services import department_names
from bot.services.errors import AlreadyExists, NotFound
from bot.services.principal import Principal
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import DeepLink, Department, Seller

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
            # Sellers who arrived with this code before it was handed out become the department's.
            cube.claims(session.connection(), codes=[code])
            arrived = session.exec(select(Seller.id).where(Seller.source_code == code)).all()
            with cube.Tracked(session.connection(), arrived):
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


def link_for(*, engine: Engine, principal: Principal, code: str) -> DeepLink:
    """Return the deep link with this code if the caller's department owns it (an admin: any); else raise NotFound."""
    link = get_deep_link(engine=engine, code=code)
    if not principal.covers(link.department_id):
        raise NotFound(f"no deep link {code!r}")
    return link


def qr_preview_uri(*, url: str) -> str:
    """Return a small QR code of a URL as an SVG data: URI, for a page's preview image."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=3, border=2)


# A printable A4 poster: sizes in millimetres (the viewBox is the page), every line in Hindi and English.
POSTER_FONTS = "Noto Sans Devanagari, Lohit Devanagari, Mangal, sans-serif"
POSTER_CALL = ("जेम पर मुफ़्त पंजीकरण — फ़ोन से स्कैन करें", "Register on GeM for free — scan with your phone")
POSTER_FREE = ("जेम पर पंजीकरण बिल्कुल मुफ़्त है", "GeM registration is free")
POSTER_AADHAAR = ("जेम साथी कभी आधार नंबर नहीं माँगता", "GeM Saathi never asks for your Aadhaar number")
POSTER_OPENS = {
    "telegram": ("स्कैन करते ही टेलीग्राम पर जेम साथी खुलेगा", "Opens GeM Saathi on Telegram"),
    "whatsapp": ("स्कैन करते ही व्हाट्सऐप पर जेम साथी खुलेगा", "Opens GeM Saathi on WhatsApp"),
}
POSTER_BRAND = "जेम साथी · GeM Saathi"
POSTER_COLOUR = "#0b5394"
POSTER_QR_MM = 130
POSTER_QR_TOP = 82


def _qr_path(url: str) -> tuple[str, int]:
    """Return a QR code of a URL as one SVG path in module units (quiet zone included), and its width in modules."""
    qr = segno.make(url, error="m", micro=False)
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=4)]
    parts = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h{start - x}z")
            else:
                x += 1
    return "".join(parts), len(rows)


def _fit(text: str, *, size: float, width: float = 186) -> float:
    """Return a font size (mm) at which a line fits the poster's width, at most the given size."""
    # About 0.55 em a character for Latin text; Devanagari's combining signs take no width of their own.
    letters = sum(1 for ch in text if not ("\u0900" <= ch <= "\u0903" or "\u093a" <= ch <= "\u094f" or "\u0962" <= ch <= "\u0963"))
    return round(min(size, width / max(letters * 0.55, 1)), 2)


def _line(text: str, *, y: float, size: float, weight: str = "normal", fill: str = "#111", lang: str | None = None) -> str:
    """Return one centred line of poster text, escaped, shrunk to fit the page's width."""
    language = f' xml:lang="{lang}"' if lang else ""
    return (f'<text x="105" y="{y}" font-size="{_fit(text, size=size)}" font-weight="{weight}" fill="{fill}" '
            f'text-anchor="middle"{language}>{escape(text)}</text>')


def poster_svg(*, department_name: str, department_code: str | None, url: str, channel: Channel, code: str) -> bytes:
    """Return a printable A4 poster (SVG) with the department's names, a large QR code and a bilingual call to scan it."""
    hindi = department_names.hindi_name(name=department_name, code=department_code)
    path, modules = _qr_path(url)
    scale = POSTER_QR_MM / modules
    left = (210 - POSTER_QR_MM) / 2
    opens_hi, opens_en = POSTER_OPENS[channel]
    below = POSTER_QR_TOP + POSTER_QR_MM
    names = [_line(hindi, y=36, size=11, weight="bold", lang="hi")]
    if hindi != department_name:
        names.append(_line(department_name, y=47, size=7.5, lang="en"))
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297" font-family="{POSTER_FONTS}">',
        f"<title>{escape(f'{POSTER_BRAND} — {department_name} ({code})')}</title>",
        '<rect width="210" height="297" fill="#fff"/>',
        f'<rect width="210" height="20" fill="{POSTER_COLOUR}"/>',
        _line(POSTER_BRAND, y=13.5, size=9, weight="bold", fill="#fff"),
        *names,
        _line(POSTER_CALL[0], y=62, size=10, weight="bold", fill=POSTER_COLOUR, lang="hi"),
        _line(POSTER_CALL[1], y=72, size=7, fill=POSTER_COLOUR, lang="en"),
        f'<path transform="translate({left} {POSTER_QR_TOP}) scale({scale:.4f})" fill="#000" d="{path}"/>',
        _line(opens_hi, y=below + 8, size=6.5, lang="hi"),
        _line(opens_en, y=below + 15, size=5.5, lang="en"),
        f'<text x="105" y="{below + 24}" font-size="{_fit(url, size=5, width=190)}" font-family="monospace" fill="#333" '
        f'text-anchor="middle">{escape(url)}</text>',
        f'<rect y="{below + 31}" width="210" height="{297 - below - 31}" fill="{POSTER_COLOUR}"/>',
        _line(POSTER_FREE[0], y=below + 43, size=9, weight="bold", fill="#fff", lang="hi"),
        _line(POSTER_FREE[1], y=below + 52, size=7, weight="bold", fill="#fff", lang="en"),
        _line(f"{POSTER_AADHAAR[0]} · {POSTER_AADHAAR[1]}", y=below + 62, size=4.2, fill="#fff"),
        f'<text x="200" y="{297 - 4}" font-size="3" fill="#fff" text-anchor="end" font-family="monospace">{escape(code)}</text>',
        "</svg>",
    ]
    return "\n".join(parts).encode()
