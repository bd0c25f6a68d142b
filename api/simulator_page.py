"""Render the simulator web page: a phone-like chat from api/templates/simulator.html and its labels' msgids."""

from __future__ import annotations

from api.templating import render
from bot.engine.context import N_, Env

# The page's own labels: key used by the template and the script -> English msgid; the script needs them as data.
LABELS: tuple[tuple[str, str], ...] = (
    ("title", N_("GeM Saathi simulator")),
    ("placeholder", N_("Type a message…")),
    ("send", N_("Send")),
    ("new_seller", N_("New seller")),
    ("channel", N_("Channel")),
    ("user", N_("User")),
    ("phone", N_("Phone")),
    ("state", N_("Conversation state")),
    ("step", N_("Step")),
    ("stage", N_("Stage")),
    ("language", N_("Language")),
    ("profile", N_("Profile")),
    ("error", N_("Something went wrong, please try again.")),
    ("network_error", N_("Could not reach the server. Please check that it is running and try again.")),
    ("typing", N_("Typing…")),
    ("empty", N_("Say “Namaste” to start.")),
    ("share_phone", N_("Share my number")),
    ("not_sent", N_("Not sent")),
    ("test_note", N_("Test conversation: nothing is sent to WhatsApp or Telegram.")),
)


def labels_for(env: Env, lang: str) -> dict[str, str]:
    """Translate the page's labels into a language."""
    translation = env.translations[lang]
    return {key: translation.gettext(msgid) for key, msgid in LABELS}


def render_page(env: Env, lang: str) -> str:
    """Render the simulator page in a language ("hi" or "en")."""
    other_lang, other_name = ("en", "English") if lang == "hi" else ("hi", "हिंदी")
    return render(
        "simulator.html",
        lang=lang,
        translations=env.translations[lang],
        labels=labels_for(env, lang),
        other_lang=other_lang,
        other_name=other_name,
    )
