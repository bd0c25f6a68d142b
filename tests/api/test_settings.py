"""Settings refuse unsafe production defaults; the simulator is off in production unless enabled."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings

STRONG = "k" * 40


def test_production_refuses_the_default_secret() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(environment="production")


def test_production_refuses_a_short_secret() -> None:
    with pytest.raises(ValidationError):
        Settings(environment="production", secret_key="short")


def test_production_turns_the_simulator_off_unless_enabled() -> None:
    assert Settings(environment="production", secret_key=STRONG).simulator_on is False
    assert Settings(environment="production", secret_key=STRONG, simulator_enabled=True).simulator_on is True
    assert Settings(environment="local").simulator_on is True


def test_channels_are_off_without_their_settings() -> None:
    settings = Settings(environment="local")
    assert settings.telegram_on is False and settings.whatsapp_on is False


def test_secrets_do_not_show_in_the_settings_repr() -> None:
    settings = Settings(environment="production", secret_key=STRONG, twilio_auth_token="tok-secret-123")
    assert STRONG not in repr(settings) and "tok-secret-123" not in repr(settings)


def test_the_simulator_answers_404_in_production(database_url) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from api.main import create_app

    app = create_app(Settings(environment="production", secret_key=STRONG, database_url=database_url))
    with TestClient(app) as client:
        response = client.post("/api/simulator/messages", json={"user": "x", "channel": "whatsapp", "text": "hi"})
    assert response.status_code == 404


SECRETS = {
    "secret_key": "short-but-secret-9f8e7d",
    "twilio_auth_token": "tok-secret-123456",
    "telegram_bot_token": "123456:bot-secret-abcdef",
    "database_url": "postgresql+psycopg://saathi:db-password-42@db.internal/saathi",
}


@pytest.mark.parametrize(
    "unsafe",
    [
        {},  # a short SECRET_KEY
        {"secret_key": "k" * 40, "database_url": "sqlite:///:memory:?db-password-42"},
        {"secret_key": "k" * 40, "public_base_url": "https://saathi.example.in"},  # a Telegram webhook without its secret
        {"secret_key": "k" * 40, "port": "not-a-port-db-password-42"},
        {"secret_key": "k" * 40, "whatsapp_templates": "{not json tok-secret-123456"},
    ],
)
def test_a_refusal_never_prints_a_settings_value(unsafe: dict) -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(environment="production", **{**SECRETS, **unsafe})
    message = str(refused.value)
    for value in [*SECRETS.values(), "db-password-42", "tok-secret-123456", "k" * 40]:
        assert value not in message, message
    assert "input_value" not in message
