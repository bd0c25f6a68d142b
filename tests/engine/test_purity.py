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
