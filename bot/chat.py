"""Chat with the bot in the terminal, through the same runner and database as the real channels."""

from __future__ import annotations

import typer

from bot.channels.console import CONSOLE_CHANNEL, read_inbound, render
from bot.compose import build_state
from bot.engine.model import Button
from bot.settings import get_settings
from bot.store.migrate import upgrade


def run_console(*, user: str, renders_as: str) -> None:
    """Run the chat loop until end of input or Ctrl-C."""
    settings = get_settings()
    upgrade(settings.database_url)
    state = build_state(settings)
    typer.echo("GeM Saathi — type a message (Ctrl-D to quit). Numbers tap buttons.")
    buttons: tuple[Button, ...] = ()
    while True:
        try:
            typed = input("> ")
        except (EOFError, KeyboardInterrupt):
            typer.echo("")
            return
        if not typed.strip():
            continue
        handled = state.runner.handle(
            channel=CONSOLE_CHANNEL, external_id=user, inbound=read_inbound(typed, buttons), is_test=True, renders_as=renders_as
        )
        for reply in handled.replies:
            typer.echo(render(reply) + "\n")
        buttons = handled.replies[-1].buttons if handled.replies else ()
