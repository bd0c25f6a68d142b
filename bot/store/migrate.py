"""Run the Alembic migrations from code (used by `make run`, the release process and tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def alembic_config(database_url: str | None = None) -> Config:
    """Return the Alembic config, optionally aimed at a given database."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(HERE / "migrations"))
    if database_url:
        config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str | None = None) -> None:
    """Bring the database up to the newest migration."""
    command.upgrade(alembic_config(database_url), "head")
