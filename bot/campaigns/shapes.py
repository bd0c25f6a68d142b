"""Define what a campaign is made of, as staff give it and as previews and progress report it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError
from sqlmodel import Field, SQLModel

from bot.campaigns.rules import VARIABLES
from bot.channels.base import Channel
from bot.engine.districts import by_code, match_district
from bot.engine.model import STAGES
from bot.engine.steps import (
    OTHER_CATEGORY,
    PRODUCT_CATEGORIES,
    SERVICE_CATEGORIES,
    OfferingStep,
)
from bot.shapes import ButtonPublic, CleanInput, DistrictPublic, RowId

Language = Literal["hi", "en"]
CATEGORY_IDS = tuple(option.id for option in (*PRODUCT_CATEGORIES, *SERVICE_CATEGORIES, OTHER_CATEGORY))
OFFERING_IDS = tuple(option.id for option in OfferingStep.options)
BUTTON_TITLE_MAX = 20  # WhatsApp quick-reply titles
MAX_EXCLUDE_RECENT_HOURS = 24 * 90
Moment = datetime  # stored moments come back timezone-aware (bot.store.models.UTCDateTime)

def district_public(lgd_code: int | None) -> DistrictPublic | None:
    """Return a district's code and names, or None."""
    district = by_code(lgd_code) if lgd_code is not None else None
    return DistrictPublic(lgd_code=district.lgd_code, name_en=district.name_en, name_hi=district.name_hi) if district else None


def resolve_district(value: int | str) -> int:
    """Return the LGD code of a district given as a code or a name (any script, common misspellings)."""
    text = str(value).strip()
    if text.isdigit():
        if by_code(int(text)) is None:
            raise PydanticCustomError("unknown_district", "{value} is not the LGD code of a district of Uttar Pradesh", {"value": text})
        return int(text)
    found = match_district(text)
    if found.district is not None:
        return found.district.lgd_code
    if found.candidates:
        names = ", ".join(f"{d.name_en} ({d.lgd_code})" for d in found.candidates)
        raise PydanticCustomError(
            "ambiguous_district",
            "district '{value}' is not clear: it could be {names}; send the LGD code",
            {"value": text, "names": names, "candidates": [district_public(d.lgd_code).model_dump() for d in found.candidates]},
        )
    raise PydanticCustomError("unknown_district", "'{value}' is not a district of Uttar Pradesh", {"value": text})


def _one_of(allowed: tuple[str, ...], what: str):  # type: ignore[no-untyped-def]
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not a {what}; use one of {', '.join(allowed)}")
        return value

    return AfterValidator(check)


def _blank_to_none(value: Any) -> Any:
    return (value.strip() or None) if isinstance(value, str) else value


DistrictRef = Annotated[int | str, AfterValidator(resolve_district)]
Stage = Annotated[str, _one_of(STAGES, "funnel stage")]
Category = Annotated[str, _one_of(CATEGORY_IDS, "category")]
Offering = Annotated[str, _one_of(OFFERING_IDS, "offering")]
ButtonTitle = Annotated[Annotated[str, StringConstraints(max_length=BUTTON_TITLE_MAX)] | None, BeforeValidator(_blank_to_none)]
Message = Annotated[str, StringConstraints(max_length=1000)]
ContentSid = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{2,64}$")]


def _unique(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


class Audience(SQLModel):
    """Say whom a campaign is for: every filter given must match (an empty list means no filter)."""

    model_config = ConfigDict(extra="forbid")

    districts: list[DistrictRef] = Field(default_factory=list, description="LGD codes or district names (English, Hindi or Hinglish); an unclear name is refused with its candidates")
    categories: list[Category] = Field(default_factory=list, description=f"Seller categories: {', '.join(CATEGORY_IDS)}")
    offerings: list[Offering] = Field(default_factory=list, description=f"What sellers offer: {', '.join(OFFERING_IDS)}")
    stages: list[Stage] = Field(default_factory=list, description=f"Funnel stages: {', '.join(STAGES)}")
    languages: list[Language] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list, description="Telegram reaches only people who pressed Start; first contact is WhatsApp only")
    vendor_list: bool = Field(False, description="Only the department's uploaded vendors (and those not yet sellers, by WhatsApp template)")
    attributed: bool = Field(False, description="Only sellers who came through the department's deep links")

    @field_validator("districts", "categories", "offerings", "stages", "languages", "channels")
    @classmethod
    def _dedupe(cls, values: list[Any]) -> list[Any]:
        return _unique(values)

    def as_json(self) -> dict[str, Any]:
        """Return the filters as stored on the campaign: only the ones that narrow the audience."""
        return {key: value for key, value in self.model_dump().items() if value}


class Exclusions(SQLModel):
    """Name who is left out even if the audience matches."""

    model_config = ConfigDict(extra="forbid")

    target_stage: Stage | None = Field(None, description="Leave out sellers who already reached this stage or beyond")
    exclude_recent_hours: int = Field(0, ge=0, le=MAX_EXCLUDE_RECENT_HOURS, description="Leave out sellers sent any message in the last this many hours")


class TemplateSids(SQLModel):
    model_config = ConfigDict(extra="forbid")

    hi: ContentSid | None = Field(None, description="Twilio Content SID (HX…) of the approved Hindi template")
    en: ContentSid | None = Field(None, description="Twilio Content SID (HX…) of the approved English template")

    def as_json(self) -> dict[str, str]:
        """Return the pair as stored: only the languages given."""
        return {lang: sid for lang, sid in (("hi", self.hi), ("en", self.en)) if sid}


class CampaignFields(CleanInput, SQLModel):
    """Hold what a department writes in a campaign; every field optional, as a PATCH takes it."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=120)
    audience: Audience | None = Field(None, description="Replaces the whole audience when given")
    exclusions: Exclusions | None = Field(None, description="Replaces both exclusions when given")
    message_hi: Message | None = Field(None, description=f"Hindi text; variables {', '.join('{' + v + '}' for v in VARIABLES)}")
    message_en: Message | None = Field(None, description="English text with the same variables as the Hindi one")
    button_title_hi: ButtonTitle = Field(None, description=f"Hindi title of the continue button (≤ {BUTTON_TITLE_MAX} characters)")
    button_title_en: ButtonTitle = Field(None, description=f"English title of the continue button (≤ {BUTTON_TITLE_MAX} characters)")
    template_sids: TemplateSids | None = Field(None, description="Approved WhatsApp templates, both languages or neither")
    template_variables: list[Literal["name", "district", "next_step"]] | None = Field(
        None, max_length=len(VARIABLES), description="What fills the template's {{1}}, {{2}}, … in order"
    )

    @field_validator("name")
    @classmethod
    def _name_present(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("a campaign needs a name")
        return value.strip() if value is not None else None


class CampaignCreate(CampaignFields):
    name: str = Field(min_length=1, max_length=120, description="e.g. Kanpur cleaning services, December")
    department_id: RowId | None = Field(None, description="Whose campaign; a department's staff may leave it out, an admin may leave it out for an MSME-wide one")
    message_hi: Message = Field(description="Hindi text; variables {name}, {district}, {next_step}")
    message_en: Message = Field(description="English text with the same variables as the Hindi one")


class TemplatePublic(SQLModel):
    content_sid: str
    variables: dict[str, str]


class RenderedMessage(SQLModel):
    text: str = Field(description="The free-form text (Telegram, and WhatsApp inside the 24-hour window)")
    buttons: list[ButtonPublic]
    template: TemplatePublic | None = Field(description="What goes by WhatsApp outside the 24-hour window, when a template pair is set")


class SamplePublic(SQLModel):
    source: Literal["seller", "vendor_list", "made_up"] = Field(
        description="A seller the campaign would reach who came by your own links, a row of your own vendor list (seller or not), or a made-up one"
    )
    seller_id: int | None


class Unreachable(SQLModel):
    reason: str
    count: int
    explanation: str


class ReachPublic(SQLModel):
    telegram: int
    whatsapp_in_window: int = Field(description="Wrote in the last 24 hours: free text allowed")
    whatsapp_template_only: int = Field(description="Sellers outside the 24-hour window: approved template only")
    first_contact: int = Field(description="Uploaded vendors not yet sellers: approved WhatsApp template only")


class CampaignPreview(SQLModel):
    campaign_id: int
    status: str
    audience: int = Field(description="Everyone the filters match now")
    reachable: int = Field(description="How many can be sent to with the campaign as it is")
    reachable_by_channel: dict[str, int]
    by_channel: ReachPublic
    unreachable: list[Unreachable]
    audience_size: int | None = Field(description="Recipients frozen when it was scheduled (null for a draft)")
    approval_threshold: int
    approval_needed: bool = Field(description="Scheduling it will wait for an admin's approval")
    sample: SamplePublic
    messages: dict[str, RenderedMessage] = Field(description="The message in Hindi (hi) and English (en) for the sample")


class CampaignProgress(SQLModel):
    campaign_id: int
    status: str
    audience_size: int
    counts: dict[str, int] = Field(description="Recipients by status")
    processed: int = Field(description="Recipients no longer waiting (queued or in the outbox)")
    percent_done: float
    scheduled_at: Moment | None
    started_at: Moment | None
    finished_at: Moment | None
