"""The terminal chat runs the same engine and database as the real channels."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.channels.console import read_inbound, render
from bot.engine.model import Button, Reply

ROOT = Path(__file__).resolve().parents[1]


def test_a_number_taps_the_button_and_text_stays_text() -> None:
    buttons = (Button("ask_language:hi", "हिंदी"), Button("ask_language:en", "English"))
    assert read_inbound("2", buttons).button == "ask_language:en"
    assert read_inbound("7", buttons).text == "7"
    assert read_inbound("#+919812345678", ()).kind == "contact"


def test_buttons_render_numbered() -> None:
    assert render(Reply("Choose", (Button("a", "हाँ"), Button("b", "नहीं")))) == "Choose\n  [1] हाँ\n  [2] नहीं"


def test_python_m_bot_chat_holds_a_conversation(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'chat.db'}"}
    talk = "नमस्ते\n1\n1\nरमेश कुमार\n"
    done = subprocess.run([sys.executable, "-m", "bot", "chat", "--user", "t1"], input=talk, capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "[1] हिंदी" in done.stdout
    assert "धन्यवाद, रमेश कुमार" in done.stdout
    again = subprocess.run([sys.executable, "-m", "bot", "chat", "--user", "t1"], input="status\n", capture_output=True, text=True,
                           cwd=ROOT, env=env, timeout=60)
    assert "कारोबार" in again.stdout or "फर्म" in again.stdout  # the same conversation continues
