"""The engine stays pure: no I/O libraries, no clock, no environment."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "bot" / "engine"
FORBIDDEN_MODULES = {
    "telegram", "twilio", "httpx", "requests", "aiohttp", "sqlmodel", "sqlalchemy", "fastapi", "starlette",
    "api", "socket", "urllib", "http", "subprocess", "asyncio", "os", "time", "random", "logging",
}
FORBIDDEN_CALLS = {"now", "utcnow", "today", "getenv", "time"}
SOURCES = sorted(ENGINE.rglob("*.py"))


def _imports(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_engine_module_imports_no_io_library(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not _imports(tree) & FORBIDDEN_MODULES


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_engine_module_reads_no_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not calls & FORBIDDEN_CALLS


def test_the_check_sees_a_forbidden_import() -> None:
    assert _imports(ast.parse("import httpx\nfrom sqlalchemy.orm import Session")) >= {"httpx", "sqlalchemy"}


def test_resume_leaves_the_callers_conversation_untouched(env) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import asdict
    from datetime import UTC, datetime

    from bot.engine.conversation import resume
    from bot.engine.model import Conversation, Inbound

    before = Conversation(step="ask_name", language="hi", stage="consented", asked=True, history=["ask_language", "ask_consent"])
    snapshot = asdict(before)
    result = resume(before, Inbound(text="रमेश कुमार"), now=datetime(2026, 11, 23, tzinfo=UTC), env=env, channel="whatsapp")
    assert asdict(before) == snapshot
    assert result.conversation.profile.name == "रमेश कुमार" and result.conversation.history[-1] == "ask_name"


def test_a_copy_carries_every_field() -> None:
    from dataclasses import asdict, fields
    from datetime import UTC, datetime

    from bot.engine.model import Conversation, Profile

    profile = Profile(**{f.name: f"v-{f.name}" for f in fields(Profile)})
    conv = Conversation(**{f.name: f"v-{f.name}" for f in fields(Conversation) if f.name not in ("profile", "history", "district_choices")},
                        history=["a"], district_choices=[1], profile=profile)
    conv.last_seen = datetime(2026, 1, 1, tzinfo=UTC)
    copied = conv.copy()
    assert asdict(copied) == asdict(conv)
    assert copied.history is not conv.history and copied.profile is not conv.profile


def test_stored_json_carries_every_field_but_the_profile() -> None:
    from dataclasses import fields

    from bot.engine.model import Conversation, Profile

    conv = Conversation(step="ask_pan", history=["ask_name"], district_choices=[162], opted_out=True)
    data = conv.to_json()
    assert set(data) == {f.name for f in fields(Conversation)} - {"profile"}
    assert Conversation.from_json(data, Profile()).to_json() == data
