"""Request and response shapes of campaigns and vendor lists as the REST API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ConfigDict
from sqlmodel import Field, SQLModel

from bot.campaigns.shapes import (
    CampaignFields,
    Channel,
    Exclusions,
    Language,
    Moment,
    district_public,
)
from bot.shapes import CleanInput, DistrictPublic
from bot.store.models import Campaign, VendorListEntry


class AudiencePublic(SQLModel):
    districts: list[DistrictPublic]
    categories: list[str]
    offerings: list[str]
    stages: list[str]
    languages: list[str]
    channels: list[str]
    vendor_list: bool
    attributed: bool

    @classmethod
    def of(cls, audience: dict[str, Any]) -> AudiencePublic:
        """Build the public form of stored audience filters."""
        return cls(
            districts=[d for d in (district_public(code) for code in audience.get("districts", [])) if d is not None],
            **{key: audience.get(key, []) for key in ("categories", "offerings", "stages", "languages", "channels")},
            vendor_list=bool(audience.get("vendor_list")),
            attributed=bool(audience.get("attributed")),
        )


class CampaignUpdate(CampaignFields):
    pass


class CampaignPublic(SQLModel):
    id: int
    department_id: int | None
    name: str
    status: str = Field(description="draft | pending_approval | scheduled | sending | paused | done | cancelled")
    audience: AudiencePublic
    exclusions: Exclusions
    message_hi: str
    message_en: str
    button_title_hi: str | None
    button_title_en: str | None
    template_sids: dict[str, str]
    template_variables: list[str]
    scheduled_at: Moment | None
    approved_at: Moment | None
    audience_size: int | None = Field(description="Recipients frozen when it was scheduled")
    materialized_at: Moment | None
    finished_at: Moment | None
    created_at: Moment
    updated_at: Moment

    @classmethod
    def of(cls, campaign: Campaign) -> CampaignPublic:
        """Build the public form of a campaign."""
        skip = {"audience", "exclusions"}
        return cls(
            **{name: getattr(campaign, name, None) for name in cls.model_fields if name not in skip},
            audience=AudiencePublic.of(campaign.audience),
            exclusions=Exclusions(target_stage=campaign.target_stage, exclude_recent_hours=campaign.exclude_recent_hours),
        )


class SendTest(CleanInput, SQLModel):
    model_config = ConfigDict(extra="forbid")

    channel: Channel
    to: str = Field(min_length=1, max_length=32, description="Telegram chat id, or a mobile number for WhatsApp")
    language: Language = "hi"


class SendTestQueued(SQLModel):
    outbox_id: int
    channel: Channel
    to: str = Field(description="Where it goes (a mobile number is masked)")
    language: Language
    template: bool = Field(description="Sent as the approved WhatsApp template")
    channel_configured: bool = Field(description="False when this server has no credentials for the channel: the message waits until it has")


class ScheduleRequest(CleanInput, SQLModel):
    model_config = ConfigDict(extra="forbid")

    at: datetime | None = Field(None, description="When to start, ISO 8601; without an offset it is India time (IST); null for now")


class VendorUploadError(SQLModel):
    row: int = Field(description="Row number as a spreadsheet shows it: the header is row 1")
    error: str


class VendorUploadReport(SQLModel):
    department_id: int
    rows: int
    added: int
    updated: int
    unchanged: int
    suppressed: int = Field(
        0, description="Rows refused because the number asked not to be contacted (erased at the person's request); each is among the errors too"
    )
    errors: list[VendorUploadError]
    more_errors: int = Field(0, description="Errors beyond those listed")


class VendorPublic(SQLModel):
    id: int
    department_id: int
    phone: str = Field(description="Masked: +91 98XXX XX210")
    name: str | None
    business_name: str | None
    district: DistrictPublic | None
    category: str | None
    created_at: Moment

    @classmethod
    def of(cls, entry: VendorListEntry, masked_phone: str) -> VendorPublic:
        """Build the public, masked form of a vendor."""
        return cls(
            id=entry.id,
            department_id=entry.department_id,
            phone=masked_phone,
            name=entry.name,
            business_name=entry.business_name,
            district=district_public(entry.district_lgd),
            category=entry.category,
            created_at=entry.created_at,
        )


class VendorListPublic(SQLModel):
    department_id: int | None = Field(description="Null when an admin lists every department")
    count: int
    preview: list[VendorPublic]
    limit: int
    offset: int
