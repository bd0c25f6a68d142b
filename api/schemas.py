"""Define the public shapes of sellers and conversations as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from bot.channels.base import Channel
from bot.engine.districts import by_code
from bot.engine.model import Reply
from bot.shapes import ButtonPublic, CleanInput, DistrictPublic
from bot.store.models import Seller


class SellerProfilePublic(BaseModel):
    name: str | None
    business_name: str | None
    district: DistrictPublic | None
    offering: str | None
    category: str | None
    makes_products: bool | None
    enterprise_type: str | None
    women_owned: bool | None
    sc_st_owned: bool | None
    turnover_band: str | None
    udyam: str | None
    pan_masked: str | None
    gstin: str | None
    mobile: str | None
    email: str | None
    has_bank_account: bool | None
    aadhaar_mobile_linked: bool | None
    opted_out: bool | None

    @classmethod
    def of(cls, seller: Seller | None) -> SellerProfilePublic:
        """Build the public profile of a seller (all null for none)."""
        fields = {name: getattr(seller, name, None) if seller else None for name in cls.model_fields if name != "district"}
        district = by_code(seller.district_lgd) if seller and seller.district_lgd else None
        fields["district"] = DistrictPublic(lgd_code=district.lgd_code, name_en=district.name_en, name_hi=district.name_hi) if district else None
        return cls(**fields)


class ReplyPublic(BaseModel):
    text: str
    buttons: list[ButtonPublic]

    @classmethod
    def of(cls, reply: Reply) -> ReplyPublic:
        """Build the public form of one reply."""
        return cls(text=reply.text, buttons=[ButtonPublic(id=b.id, title=b.title) for b in reply.buttons])


class SimulatorMessage(CleanInput, BaseModel):
    user: str
    channel: Channel = "whatsapp"
    text: str | None = None
    button: str | None = None
    phone: str | None = None
    kind: Literal["text", "media", "location", "contact"] | None = None


class SimulatorTurn(BaseModel):
    replies: list[ReplyPublic]
    step: str
    stage: str
    language: Literal["hi", "en"]
    profile: SellerProfilePublic


class SimulatorAdvance(CleanInput, BaseModel):
    user: str
    hours: float = Field(gt=0, le=24 * 90)


class SimulatedReminder(BaseModel):
    at: datetime
    text: str
    buttons: list[ButtonPublic]


class SimulatorAdvanced(BaseModel):
    now: datetime
    reminders: list[SimulatedReminder]
