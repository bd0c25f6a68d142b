"""Shared fixtures: compiled catalogues, the engine's services, a migrated database, the app."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from bot.engine.context import Env
from bot.i18n import compile_catalogues, load_translations
from bot.store.digests import pan_digester

TEST_SECRET = "test-secret-key-for-pan-digests-0123456789"


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues() -> None:
    compile_catalogues()


@pytest.fixture(scope="session")
def env(_compiled_catalogues: None) -> Env:
    """Return the engine's services with the real catalogues and a fixed digest key."""
    return Env(translations=load_translations(), pan_digest=pan_digester(TEST_SECRET))


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return a freshly migrated database: PostgreSQL when DATABASE_URL names one, else a SQLite file."""
    from bot.store.migrate import upgrade

    url = _postgres_url()
    if os.environ.get("REQUIRE_POSTGRES") and not url:
        pytest.fail("REQUIRE_POSTGRES is set but DATABASE_URL does not name a PostgreSQL database")
    if url:
        from sqlalchemy import create_engine

        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    upgrade(url)
    return url


@pytest.fixture
def db(database_url: str) -> Iterator[Engine]:
    """Yield an engine on an empty, migrated database."""
    from bot.store.db import make_engine

    engine = make_engine(database_url)
    _empty(engine)
    yield engine
    engine.dispose()


def _empty(engine: Engine) -> None:
    import bot.store.models  # noqa: F401

    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def settings(database_url: str):  # type: ignore[no-untyped-def]
    """Return settings for a test app on the test database."""
    from bot.settings import Settings

    return Settings(environment="test", database_url=database_url, secret_key=TEST_SECRET)


@pytest.fixture
def client(db: Engine, settings) -> Iterator:  # type: ignore[no-untyped-def]
    """Yield a test client of the app, started with its lifespan."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    with TestClient(create_app(settings)) as test_client:
        yield test_client
