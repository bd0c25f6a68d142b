"""Name the app's codes for people: funnel stages, follow-up statuses, roles, channels and categories (English msgids)."""

from __future__ import annotations

from bot.engine.context import N_
from bot.engine.districts import by_code
from bot.engine.steps import (
    OTHER_CATEGORY,
    PRODUCT_CATEGORIES,
    SERVICE_CATEGORIES,
    EnterpriseTypeStep,
    OfferingStep,
)

STAGES = {
    "engaged": N_("Started chatting"),
    "consented": N_("Gave consent"),
    "profiled": N_("Business details given"),
    "documents_ready": N_("Documents ready"),
    "gem_account": N_("GeM account made"),
    "gem_profile_complete": N_("GeM profile complete"),
    "catalogue_listed": N_("Catalogue listed"),
}
LEAD_STATUSES = {"new": N_("New"), "contacted": N_("Contacted"), "resolved": N_("Resolved")}
ROLES = {"admin": N_("Admin (MSME department)"), "staff": N_("Department staff"), "viewer": N_("Viewer (figures only)")}
CHANNELS = {"telegram": "Telegram", "whatsapp": "WhatsApp"}
CALLBACK_STATUSES = {"open": N_("Waiting for a call"), "done": N_("Called back"), "cancelled": N_("Cancelled")}
OUTBOX_STATUSES = {
    "pending": N_("Waiting to send"), "sending": N_("Sending"), "queued": N_("With the provider"), "sent": N_("Sent"),
    "delivered": N_("Delivered"), "read": N_("Read"), "failed": N_("Not delivered"), "undelivered": N_("Not delivered"),
    "skipped": N_("Not sent"), "cancelled": N_("Cancelled"),
}
CATEGORIES = {option.id: option.title for option in (*PRODUCT_CATEGORIES, *SERVICE_CATEGORIES, OTHER_CATEGORY)}
ENTERPRISE_TYPES = {option.id: option.title for option in EnterpriseTypeStep.options}
OFFERINGS = {option.id: option.title for option in OfferingStep.options}


def district_name(lgd_code: int | None, lang: str) -> str | None:
    """Name a district in a language ("hi" or "en"), or None when there is none."""
    district = by_code(lgd_code) if lgd_code else None
    if district is None:
        return None
    return district.name_hi if lang == "hi" else district.name_en
