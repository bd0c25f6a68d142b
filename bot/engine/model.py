"""Define the plain data the engine reads and returns: inbound messages, replies, events, conversation state."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

LANGUAGES = ("hi", "en")

# Funnel stages in order; a seller only ever moves forward through them.
STAGES = (
    "engaged",
    "consented",
    "profiled",
    "documents_ready",
    "gem_account",
    "gem_profile_complete",
    "catalogue_listed",
)
STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGES)}

CONSENT_NOTICE_VERSION = "2026-11-v1"
CONSENT_PURPOSE = "gem_registration_assistance"


@dataclass(frozen=True, slots=True)
class Inbound:
    """Hold one message from a seller, already lifted out of the channel's payload."""

    kind: str = "text"  # text | button | contact | media | location | edit
    text: str | None = None
    button: str | None = None
    phone: str | None = None  # E.164, when the channel knows the sender's number


@dataclass(frozen=True, slots=True)
class Button:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Reply:
    """Hold a message for the seller; `request_contact` asks the channel for a share-number button."""

    text: str
    buttons: tuple[Button, ...] = ()
    request_contact: bool = False


@dataclass(frozen=True, slots=True)
class StageReached:
    stage: str
    previous: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class ConsentGiven:
    notice_version: str
    purpose: str
    at: datetime


@dataclass(frozen=True, slots=True)
class OptedOut:
    at: datetime


@dataclass(frozen=True, slots=True)
class OptedIn:
    at: datetime


@dataclass(frozen=True, slots=True)
class CallbackRequested:
    step: str
    at: datetime
    expected_by: datetime


@dataclass(frozen=True, slots=True)
class EraseConfirmed:
    at: datetime


@dataclass(frozen=True, slots=True)
class AadhaarDetected:
    at: datetime


Event = StageReached | ConsentGiven | OptedOut | OptedIn | CallbackRequested | EraseConfirmed | AadhaarDetected


@dataclass(slots=True)
class Profile:
    """Keep what the seller has told us; PAN only masked plus a keyed digest."""

    name: str | None = None
    business_name: str | None = None
    district_lgd: int | None = None
    offering: str | None = None  # products | services | both
    category: str | None = None
    makes_products: bool | None = None
    enterprise_type: str | None = None  # proprietorship | partnership | company | other
    women_owned: bool | None = None
    sc_st_owned: bool | None = None
    turnover_band: str | None = None  # under_1cr | 1_10cr | over_10cr
    udyam: str | None = None
    pan_masked: str | None = None
    pan_digest: str | None = None
    gstin: str | None = None
    mobile: str | None = None
    email: str | None = None
    has_bank_account: bool | None = None
    aadhaar_mobile_linked: bool | None = None


PROFILE_FIELDS = tuple(f.name for f in fields(Profile))


def copy_profile(p: Profile) -> Profile:
    """Copy a profile (written out: this runs on every turn and dataclasses.replace is slow)."""
    return Profile(
        p.name, p.business_name, p.district_lgd, p.offering, p.category, p.makes_products, p.enterprise_type,
        p.women_owned, p.sc_st_owned, p.turnover_band, p.udyam, p.pan_masked, p.pan_digest, p.gstin, p.mobile,
        p.email, p.has_bank_account, p.aadhaar_mobile_linked,
    )


@dataclass(slots=True)
class Conversation:
    """Track where a seller is in the journey: everything needed to continue after any pause."""

    step: str = "ask_language"
    language: str | None = None
    stage: str | None = None
    asked: bool = False  # whether the current step's question has been sent
    retries: int = 0
    history: list[str] = field(default_factory=list)
    return_step: str | None = None  # where ask_language / confirm_erase / menu go back to
    district_choices: list[int] = field(default_factory=list)
    opted_out: bool = False
    consent_version: str | None = None
    last_seen: datetime | None = None
    profile: Profile = field(default_factory=Profile)

    def copy(self) -> Conversation:
        """Return a copy that shares nothing mutable with this one."""
        return Conversation(
            self.step, self.language, self.stage, self.asked, self.retries, list(self.history), self.return_step,
            list(self.district_choices), self.opted_out, self.consent_version, self.last_seen, copy_profile(self.profile),
        )

    def to_json(self) -> dict[str, Any]:
        """Return the conversation as JSON-ready data, without the profile."""
        return {
            "step": self.step,
            "language": self.language,
            "stage": self.stage,
            "asked": self.asked,
            "retries": self.retries,
            "history": list(self.history),
            "return_step": self.return_step,
            "district_choices": list(self.district_choices),
            "opted_out": self.opted_out,
            "consent_version": self.consent_version,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None, profile: Profile) -> Conversation:
        """Build a conversation from stored JSON plus the seller's profile."""
        conv = cls(profile=profile)
        if not data:
            return conv
        for key, value in data.items():
            if key == "last_seen":
                value = datetime.fromisoformat(value) if value else None
            if key in cls.__dataclass_fields__ and key != "profile":
                setattr(conv, key, value)
        return conv


@dataclass(slots=True)
class Result:
    conversation: Conversation
    replies: list[Reply]
    events: list[Event]
    # What the engine took the message to mean: "cmd:<command>", "<step>:<option>", "value" (a typed answer it
    # kept), "ask" (it asked back which one was meant), or None (it did not understand). Measured by bench/understanding.py.
    understood: str | None = None
