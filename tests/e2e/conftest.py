"""Fixtures shared by the end-to-end tests that run the app or the worker as processes of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store.migrate import upgrade


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """Return the URL of a fresh SQLite file, migrated, that child processes can open too."""
    url = f"sqlite:///{tmp_path / 'saathi.db'}"
    upgrade(url)
    return url
