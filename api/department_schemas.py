"""Request and response shapes of the department backend: departments, tokens, deep links, GeM stages."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from api.schemas import ReplyPublic
from bot.shapes import CleanInput, RowId
from bot.store.models import DepartmentBase

Moment = datetime  # stored moments come back timezone-aware (bot.store.models.UTCDateTime)

# The stages a department may report; kept equal to bot.engine.conversation.PUSHABLE_STAGES by a test.
PushableStage = Literal["gem_account", "gem_profile_complete", "catalogue_listed"]


class DepartmentCreate(CleanInput, DepartmentBase):
    @field_validator("name")
    @classmethod
    def _name_present(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a department needs a name")
        return value.strip()

    @field_validator("code", mode="before")
    @classmethod
    def _code_slug(cls, value: object) -> object:
        from bot.services.departments import normalise_code

        return normalise_code(value) if isinstance(value, str) else value


class DepartmentPublic(DepartmentBase):
    id: int
    created_at: Moment


class ApiTokenCreate(CleanInput, SQLModel):
    label: str = Field(min_length=1, max_length=100, description="Whose token this is, e.g. the officer's name and desk")


class ApiTokenPublic(SQLModel):
    id: int
    department_id: int | None
    role: Literal["staff", "admin"]
    label: str
    prefix: str = Field(description="The first characters of the secret, to tell tokens apart")
    created_at: Moment
    last_used_at: Moment | None
    revoked_at: Moment | None


class ApiTokenCreated(ApiTokenPublic):
    secret: str = Field(description="The token itself: shown this once and never again; send it as Authorization: Bearer <secret>")


class DeepLinkCreate(CleanInput, SQLModel):
    department_id: RowId | None = Field(None, description="Whose link this is; a department's staff may leave it out")
    campaign_name: str | None = Field(None, max_length=100, description="e.g. Udyog Mela Kanpur, March")
    code: str | None = Field(None, description="1 to 64 of A-Z, a-z, 0-9, _ and - (Telegram's limit); leave out to get <department code>_<random>")

    @field_validator("code")
    @classmethod
    def _code_shape(cls, value: str | None) -> str | None:
        from bot.services.deeplinks import DEEP_LINK_CODE

        if value is not None and not DEEP_LINK_CODE.fullmatch(value):
            raise ValueError("a deep-link code is 1 to 64 characters of A-Z, a-z, 0-9, _ and -")
        return value


class DeepLinkPublic(SQLModel):
    code: str
    department_id: int
    campaign_name: str | None
    created_at: Moment
    telegram_url: str | None = Field(description="t.me link; null until TELEGRAM_BOT_USERNAME is set")
    whatsapp_url: str | None = Field(description="wa.me link; null until TWILIO_WHATSAPP_FROM is set")


class SellerStatusUpdate(CleanInput, SQLModel):
    stage: PushableStage
    gem_seller_id: str | None = Field(None, max_length=64, description="The seller's id on GeM; stored with the seller and erased with their data")


class SellerStatusPublic(SQLModel):
    seller_id: int
    stage: str | None
    step: str
    changed: bool = Field(description="False when the seller had already reached this stage or beyond: nothing was sent")
    replies: list[ReplyPublic] = Field(default_factory=list, description="What the seller was told (empty when nothing changed)")


class StatusImportError(SQLModel):
    row: int = Field(description="Row number as a spreadsheet shows it: the header is row 1")
    error: str


class StatusImportReport(SQLModel):
    rows: int
    updated: int
    unchanged: int
    errors: list[StatusImportError]
