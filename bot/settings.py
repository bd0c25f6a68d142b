"""Define the one Settings object: every knob the app reads from the environment or a .env file."""

from __future__ import annotations

from datetime import time
from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "local-development-only-secret-do-not-use"


class Settings(BaseSettings):
    # A refusal names the setting and what is wrong with it, never a value: pydantic would otherwise print every
    # setting it was given (secrets included) beside the first error, in a traceback that ends up in the logs.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", hide_input_in_errors=True)

    environment: Literal["local", "test", "production"] = Field("local", description="Where the app runs; production refuses unsafe defaults.")
    database_url: str = Field("sqlite:///./gem_saathi.db", description="SQLAlchemy URL: SQLite file by default, postgresql+psycopg://… at scale.")
    secret_key: SecretStr = Field(SecretStr(DEV_SECRET), description="Key for the PAN digest and other keyed hashes; at least 32 characters in production.")
    simulator_enabled: bool | None = Field(None, description="Serve the simulator API and page; on by default except in production.")
    log_level: str = Field("INFO", description="Python logging level.")
    log_format: Literal["text", "json"] | None = Field(
        None, description="Log lines as text or one JSON object each (with the request id); JSON in production, text elsewhere, unless set."
    )

    telegram_bot_token: SecretStr | None = Field(None, description="Bot token from @BotFather; Telegram is off without it.")
    telegram_webhook_secret: SecretStr | None = Field(None, description="Secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token.")
    telegram_api_base_url: str = Field("https://api.telegram.org", description="Telegram Bot API server root.")
    telegram_bot_username: str | None = Field(None, description="The bot's username from @BotFather (without @), for t.me deep links and their QR codes.")
    twilio_account_sid: str | None = Field(None, description="Twilio account SID; WhatsApp is off without it.")
    twilio_auth_token: SecretStr | None = Field(None, description="Twilio auth token, also the webhook signing key.")
    twilio_whatsapp_from: str | None = Field(None, description="Sender, e.g. whatsapp:+14155238886.")
    twilio_api_base_url: str = Field("https://api.twilio.com", description="Twilio REST API root.")
    public_base_url: str | None = Field(None, description="Public URL the providers call; used to verify signatures and set webhooks.")
    host: str = Field("127.0.0.1", description="Address `make run` serves on; with PORT, names the staff app in the set-up link when PUBLIC_BASE_URL is not set.")
    port: int = Field(8000, ge=1, le=65535, description="Port `make run` serves on (also read by the Procfile's web process).")
    whatsapp_templates: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description='Approved WhatsApp templates as JSON: {"resume": {"hi": "HX…", "en": "HX…"}, "reminder": {…}}; outside the 24-hour window only these are sent.',
    )
    whatsapp_quick_reply_sids: dict[str, str] = Field(
        default_factory=dict,
        description='In-session quick-reply Content SIDs by number of buttons: {"1": "HX…", "2": "HX…", "3": "HX…"}; without them options go as numbered text.',
    )
    telegram_per_second: float = Field(30, description="Telegram messages per second for the whole bot.")
    telegram_per_chat_per_second: float = Field(1, description="Telegram messages per second to one chat.")
    whatsapp_per_second: float = Field(80, description="WhatsApp messages per second for the sender number.")
    twilio_timeout_seconds: float = Field(15.0, gt=0, description="How long a send waits for Twilio's answer before it is retried later.")
    worker_in_process: bool = Field(True, description="Run the outbox worker inside the web process (the single-process default).")
    reminder_days: list[float] = Field([2, 5, 10], description="Days of silence at a stage before each status reminder (at most this many per stage).")
    quiet_hours_start: time = Field(time(21, 0), description="India time from which no reminder is sent.")
    quiet_hours_end: time = Field(time(9, 0), description="India time from which held reminders go out.")
    quiet_hours_spread_minutes: int = Field(120, description="Held reminders are spread over this many minutes after quiet hours end.")
    worker_poll_seconds: float = Field(
        0.1,
        description="How often an idle worker in its own process looks for due rows on SQLite (PostgreSQL also wakes it on every commit); "
        "the web process's own worker is woken by every commit and looks once a second at most.",
    )
    worker_batch_size: int = Field(50, description="Outbox rows a worker claims at a time, at least (more on a fast account: about 0.2 s of its sending).")
    worker_lease_seconds: float = Field(120, description="After this long a claimed but unfinished row is taken over by another worker.")
    body_idle_seconds: float = Field(
        10, gt=0, description="A request whose body stops arriving for this many seconds is answered 408 and its connection closed."
    )
    body_total_seconds: float = Field(
        120, gt=0, description="A request body (an upload on a slow line included) must arrive whole within this many seconds, else 408."
    )
    shutdown_grace_seconds: float = Field(
        30, ge=0, description="A stopping web process waits up to this long for vendor-list uploads it is applying to finish."
    )
    metrics_token: SecretStr | None = Field(
        None, description="Bearer token Prometheus sends to /metrics; in production /metrics answers 404 without one (elsewhere it is open)."
    )
    worker_metrics_port: int | None = Field(
        None, ge=1, le=65535, description="Port on which `python -m bot worker` serves its own /metrics (off when unset)."
    )
    campaign_approval_threshold: int = Field(
        5000, ge=0, description="A campaign whose frozen audience is larger than this waits for an MSME-department admin's approval before it sends."
    )

    @property
    def simulator_on(self) -> bool:
        """Say whether the simulator is served."""
        if self.simulator_enabled is None:
            return self.environment != "production"
        return self.simulator_enabled

    @property
    def log_lines(self) -> str:
        """Return how log lines are written: text or json."""
        return self.log_format or ("json" if self.environment == "production" else "text")

    @property
    def site_url(self) -> str:
        """Return the address people open the app at: PUBLIC_BASE_URL, else this machine's HOST and PORT."""
        if self.public_base_url:
            return self.public_base_url.rstrip("/")
        return f"http://{self.host}:{self.port}"

    @property
    def telegram_on(self) -> bool:
        """Say whether Telegram is configured."""
        return self.telegram_bot_token is not None

    @property
    def whatsapp_on(self) -> bool:
        """Say whether WhatsApp through Twilio is configured."""
        return bool(self.twilio_account_sid and self.twilio_auth_token and self.twilio_whatsapp_from)

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment == "production":
            key = self.secret_key.get_secret_value()
            if key == DEV_SECRET or len(key) < 32:
                raise ValueError("SECRET_KEY must be set to a random value of at least 32 characters in production")
            if self.database_url.startswith("sqlite") and ":memory:" in self.database_url:
                raise ValueError("an in-memory database cannot be used in production")
            if self.telegram_on and self.public_base_url and not self.telegram_webhook_secret:
                raise ValueError("TELEGRAM_WEBHOOK_SECRET is required when Telegram uses a webhook in production")
        return self


@lru_cache
def get_settings() -> Settings:
    """Return the settings read once from the environment."""
    return Settings()
