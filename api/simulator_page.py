"""The simulator web page (placeholder until the full page lands)."""

from __future__ import annotations

from bot.engine.context import Env


def render_page(env: Env, lang: str) -> str:
    """Render the simulator page in a language."""
    return "<!doctype html><title>GeM Saathi</title>"
