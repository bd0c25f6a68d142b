"""Imports point one way: api → bot → (bot.store, bot.engine); docs/architecture.md states the same table."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The engine's own libraries: the standard library without its I/O, clock and process modules, and these.
ENGINE_LIBRARIES = {"babel", "stdnum", "phonenumbers", "rapidfuzz", "indic_transliteration"}
STDLIB_NOT_FOR_THE_ENGINE = {
    "asyncio", "os", "socket", "subprocess", "time", "random", "logging", "urllib", "http", "threading", "multiprocessing",
    "sqlite3", "shutil", "tempfile", "signal", "select", "selectors", "ssl", "pathlib", "glob",
}
ENGINE_STDLIB = set(sys.stdlib_module_names) - STDLIB_NOT_FOR_THE_ENGINE

# package prefix → the project packages its modules may import (the first matching prefix wins).
RULES: list[tuple[str, tuple[str, ...]]] = [
    ("bot.engine", ("bot.engine",)),
    ("bot.channels", ("bot.channels", "bot.engine")),
    ("bot.store", ("bot.store", "bot.settings")),
    ("bot.settings", ()),
    ("bot.clock", ()),
    ("bot", ("bot",)),
    ("api", ("api", "bot")),
]


def module_name(path: Path) -> str:
    """Return the dotted module name of a source file under the project root."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(source: str, module: str, is_package: bool = False) -> set[str]:
    """Return every module a source imports, anywhere in it (relative imports resolved)."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}  # `from bot import api_thing` names a module too
    return found


def _project(name: str) -> bool:
    return name.split(".")[0] in ("bot", "api")


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(module: str, names: set[str]) -> list[str]:
    """Return the imports of `module` that its layer does not allow."""
    allowed = next(allow for prefix, allow in RULES if _within(module, prefix))
    wrong = []
    for name in sorted(names):
        if _project(name):
            # A name under an allowed package is fine; `from bot import outbox` also yields "bot", which
            # says nothing on its own, so a bare parent package is judged by what is imported from it.
            if not any(_within(name, allow) or _within(allow, name) for allow in allowed):
                wrong.append(name)
        elif _within(module, "bot.engine") and name.split(".")[0] not in ENGINE_STDLIB | ENGINE_LIBRARIES | {"__future__"}:
            wrong.append(name)
    return wrong


SOURCES = sorted(p for folder in ("bot", "api") for p in (ROOT / folder).rglob("*.py") if "migrations/versions" not in p.as_posix())


@pytest.mark.parametrize("path", SOURCES, ids=[module_name(p) for p in SOURCES])
def test_each_module_imports_only_what_its_layer_allows(path: Path) -> None:
    module = module_name(path)
    names = imported(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
    assert violations(module, names) == [], f"{module} imports across its layer"


@pytest.mark.parametrize(
    ("module", "source", "wrong"),
    [
        ("bot.turn", "from api.db import transaction", ["api.db", "api.db.transaction"]),
        ("bot.turn", "def f():\n    import api.main\n", ["api.main"]),
        ("bot.worker.claim", "from api import deps", ["api", "api.deps"]),
        ("bot.channels.telegram", "from bot.store.models import Seller", ["bot.store.models", "bot.store.models.Seller"]),
        ("bot.channels.whatsapp", "from bot.turn import Runner", ["bot.turn", "bot.turn.Runner"]),
        ("bot.channels.base", "from bot.worker import Worker", ["bot.worker", "bot.worker.Worker"]),
        ("bot.channels.console", "from bot.compose import build_state", ["bot.compose", "bot.compose.build_state"]),
        ("bot.engine.steps", "import sqlalchemy", ["sqlalchemy"]),
        ("bot.engine.steps", "import os", ["os"]),
        ("bot.engine.steps", "from bot.outbox import row", ["bot.outbox", "bot.outbox.row"]),
        ("bot.store.models", "from bot.engine.model import STAGES", ["bot.engine.model", "bot.engine.model.STAGES"]),
    ],
)
def test_the_check_catches_an_import_across_layers(module: str, source: str, wrong: list[str]) -> None:
    assert violations(module, imported(source, module)) == wrong


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("api.routes.webhooks", "from bot.delivery import apply_status"),
        ("bot.turn", "from bot import outbox as outbox_rows"),
        ("bot.channels.whatsapp", "from bot.engine.validators import find_mobile"),
        ("bot.engine.validators", "import re\nfrom stdnum.in_ import pan"),
        ("bot.store.migrations.env", "from bot.settings import get_settings"),
    ],
)
def test_the_check_lets_an_allowed_import_through(module: str, source: str) -> None:
    assert violations(module, imported(source, module)) == []


def test_relative_imports_are_resolved() -> None:
    assert "bot.store.models" in imported("from .models import Seller", "bot.store.db")
    assert "bot.store" in imported("from . import models", "bot.store", is_package=True)


def test_the_architecture_map_states_the_same_rules() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = text[text.index("## Layers and who may import whom"):]
    table = table[: table.index("\n## ", 5)]
    for prefix, allowed in RULES:
        row = next((line for line in table.splitlines() if line.startswith(f"| `{prefix}`")), None)
        assert row is not None, f"docs/architecture.md has no row for {prefix}"
        for name in allowed:
            assert f"`{name}`" in row, f"the row for {prefix} does not name {name}"


def bound_twice(source: str) -> list[str]:
    """Return the module-level names a source assigns or defines more than once (the later silently replaces the earlier)."""
    seen: set[str] = set()
    twice = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            names = [target.id for target in node.targets if isinstance(target, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names = [node.target.id]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names = [node.name]
        else:
            names = []
        twice += [name for name in names if name in seen]
        seen.update(names)
    return twice


@pytest.mark.parametrize("path", SOURCES, ids=[module_name(p) for p in SOURCES])
def test_no_module_binds_one_name_twice(path: Path) -> None:
    assert bound_twice(path.read_text(encoding="utf-8")) == []  # a second `_PLEASE = …` once changed what the first one's readers saw


def test_the_check_catches_a_name_bound_twice() -> None:
    assert bound_twice("_IF = {1}\ndef f():\n    return _IF\n_IF = {2}\n") == ["_IF"]
