"""What the running app holds: settings, database engine, translations and the message runner."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from api.db import make_engine
from api.settings import Settings
from bot.engine.context import Env
from bot.i18n import load_translations
from bot.runner import Runner, pan_digester


@dataclass(slots=True)
class AppState:
    settings: Settings
    engine: Engine
    env: Env
    runner: Runner


def build_state(settings: Settings) -> AppState:
    """Wire the app's parts together from settings."""
    engine = make_engine(settings.database_url)
    env = Env(translations=load_translations(), pan_digest=pan_digester(settings.secret_key.get_secret_value()))
    return AppState(settings=settings, engine=engine, env=env, runner=Runner(engine, env))
