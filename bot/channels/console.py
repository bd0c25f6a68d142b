"""A terminal chat with the engine, through the same runner and database as the real channels."""

from __future__ import annotations

import typer

from api.app_state import build_state
from api.migrate import upgrade
from api.settings import get_settings
from bot.engine.model import Button, Inbound, Reply

CONSOLE_CHANNEL = "console"


def render(reply: Reply) -> str:
    """Render one reply as terminal text with numbered buttons."""
    lines = [reply.text]
    lines += [f"  [{n}] {button.title}" for n, button in enumerate(reply.buttons, start=1)]
    if reply.request_contact:
        lines.append("  [#] share my number: type  #+919876543210")
    return "\n".join(lines)


def read_inbound(typed: str, buttons: tuple[Button, ...]) -> Inbound:
    """Turn what was typed into an inbound message: a button number taps that button."""
    typed = typed.strip()
    if typed.isdigit() and buttons and 1 <= int(typed) <= len(buttons):
        return Inbound(kind="button", button=buttons[int(typed) - 1].id)
    if typed.startswith("#+"):
        return Inbound(kind="contact", phone=typed[1:])
    return Inbound(kind="text", text=typed)


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
