"""Render the app's web pages from Jinja2 templates in api/templates, translated with the gettext catalogues."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import escape

from bot.engine.context import Translation

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_URL = "/static/"


@pass_context
def _gettext(context: Context, message: str) -> str:
    """Translate a message with the catalogue of the page being rendered."""
    text = context["translations"].gettext(message)
    # Catalogues hold text, not HTML, but {% trans %} marks what gettext returns as safe.
    return escape(text) if context.eval_ctx.autoescape else text


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count with the catalogue of the page being rendered."""
    text = context["translations"].ngettext(singular, plural, n)
    return escape(text) if context.eval_ctx.autoescape else text


def static_url(path: str) -> str:
    """Return the URL at which the app serves a file of api/static."""
    return STATIC_URL + path


# The catalogue comes from each render's context, not from globals, so one environment serves
# every language and concurrent requests at once.
environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=StrictUndefined,
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.install_gettext_callables(_gettext, _ngettext, newstyle=False)  # type: ignore[attr-defined]
environment.globals["static_url"] = static_url
environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}


def render(template_name: str, /, *, lang: str, translations: Translation, **context: Any) -> str:
    """Render a template in a language, with that language's catalogue behind _() and {% trans %}."""
    return environment.get_template(template_name).render(lang=lang, translations=translations, **context)
