"""Translate a terminal chat: typed lines to inbound messages, replies to text with numbered buttons."""

from __future__ import annotations

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
