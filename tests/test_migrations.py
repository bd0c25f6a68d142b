"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import bot.store.models  # noqa: F401 - registers the tables


def test_migrated_database_matches_the_models(db) -> None:  # type: ignore[no-untyped-def]
    with db.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert differences == [], "run `alembic revision --autogenerate` for: " + repr(differences)[:500]
