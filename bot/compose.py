"""Build the running app's parts from settings: database, clock, translations, outbox, runner, senders and worker."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import Engine

from bot.campaigns.feeder import CampaignFeeder, FeederProcess
from bot.channel_health import ChannelHealth
from bot import metrics
from bot.channels.base import Sender
from bot.clock import Clock
from bot.delivery import StatusWriter, TemplateBook
from bot.engine.context import Env
from bot.i18n import load_translations
from bot.outbox import Outbox
from bot.reminders import ReminderPolicy, ReminderScheduler, on_latest_channel
from bot.settings import Settings, get_settings
from bot.store.db import is_postgres, make_engine, sqlite_file
from bot.store.digests import pan_digester
from bot.turn import Runner
from bot.worker import Pacing, Worker, claim_batch, feed_buffer

T = TypeVar("T")


class OnTheLoop:
    """Run short blocking writes on the event loop's own thread, one at a time, with a pass of the loop after each."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = asyncio.Lock()

    async def __call__(self, fn: Callable[[], T]) -> T:
        """Run `fn` once the writes queued before it have run, and hold the loop's turn until it has passed once more."""
        # Handing each write to a thread cost a third of a webhook's CPU in hand-overs of the interpreter lock
        # (docs/decisions.md). The pass after each write lets sends and other requests in between writes, which a run of
        # sixteen turns in one pass would keep waiting.
        if self._loop is not asyncio.get_running_loop():  # a lock waits on one loop; tests run an app on several, one after another
            self._loop, self._lock = asyncio.get_running_loop(), asyncio.Lock()
        async with self._lock:
            try:
                return fn()
            finally:
                await asyncio.sleep(0)


@dataclass(slots=True)
class AppState:
    """Hold the parts of the running app, built once from settings."""

    settings: Settings
    engine: Engine
    env: Env
    clock: Clock
    outbox: Outbox
    runner: Runner
    templates: TemplateBook
    # On PostgreSQL turns run on threads, whose row locks let different sellers' turns run side by side; on SQLite,
    # which takes one writer at a time, on the event loop itself (None here), one a pass of the loop.
    turns: ThreadPoolExecutor | None
    on_loop: OnTheLoop = field(default_factory=OnTheLoop)
    senders: dict[str, Sender] = field(default_factory=dict)
    worker: Worker | None = None
    channels: ChannelHealth | None = None  # each channel up or degraded; built with the senders
    statuses: StatusWriter | None = None  # delivery statuses, written in groups where turns run
    background: list[threading.Thread] = field(default_factory=list)  # uploads being applied; a stopping app lets them finish

    def keep(self, thread: threading.Thread) -> None:
        """Remember a background job's thread so that shutting down waits for it."""
        self.background[:] = [t for t in self.background if t.is_alive()] + [thread]

    def finish_background(self, timeout: float) -> None:
        """Wait up to timeout seconds in all for background jobs to finish (blocking: callers use a thread)."""
        deadline = time.monotonic() + timeout
        for thread in self.background:
            thread.join(max(0.0, deadline - time.monotonic()))

    async def run_turn(self, fn: Callable[[], T]) -> T:
        """Run one turn (or any short write) where this database runs them best, and wait for it."""
        if self.turns is None:
            return await self.on_loop(fn)
        # In the caller's context, so the turn's log lines carry the request's id.
        return await asyncio.get_running_loop().run_in_executor(self.turns, contextvars.copy_context().run, fn)


def reminder_policy(settings: Settings) -> ReminderPolicy:
    """Return the reminder cadence and quiet hours from settings."""
    return ReminderPolicy(
        cadence_days=tuple(settings.reminder_days),
        quiet_start=settings.quiet_hours_start,
        quiet_end=settings.quiet_hours_end,
        spread=timedelta(minutes=settings.quiet_hours_spread_minutes),
    )


def build_senders(settings: Settings) -> dict[str, Sender]:
    """Build a sender for every channel whose settings are present."""
    senders: dict[str, Sender] = {}
    if settings.telegram_on:
        from bot.channels.telegram import TelegramSender

        senders["telegram"] = TelegramSender(settings.telegram_bot_token.get_secret_value(), settings.telegram_api_base_url)
    if settings.whatsapp_on:
        from bot.channels.whatsapp import WhatsAppSender, quick_reply_templates

        callback = f"{settings.public_base_url.rstrip('/')}/webhooks/twilio/status" if settings.public_base_url else None
        senders["whatsapp"] = WhatsAppSender(
            settings.twilio_account_sid,
            settings.twilio_auth_token.get_secret_value(),
            settings.twilio_whatsapp_from,
            base_url=settings.twilio_api_base_url,
            status_callback_url=callback,
            quick_reply_content=quick_reply_templates(settings.whatsapp_quick_reply_sids) if settings.whatsapp_quick_reply_sids else None,
            timeout=settings.twilio_timeout_seconds,
        )
    return senders


# The web process's own worker is woken by every commit that queues a message and handed each reply,
# so its poll only finds rows that fall due later (retries, reminders held for quiet hours).
IN_PROCESS_POLL_SECONDS = 1.0


def build_env(settings: Settings) -> Env:
    """Return the engine's services: translations and the keyed PAN digest."""
    return Env(translations=load_translations(), pan_digest=pan_digester(settings.secret_key.get_secret_value()))


def env_from_settings() -> Env:
    """Return the engine's services from this process's own settings (what a spawned child process calls)."""
    return build_env(get_settings())


log = logging.getLogger(__name__)


def warn_of_a_shared_sqlite_file(engine: Engine) -> bool:
    """Log a warning when a worker in its own process shares a SQLite file with web processes; say whether it did."""
    if sqlite_file(engine) is None:
        return False
    # Its claims and records wait for SQLite's one write lock in the busy handler, which loses to the web process's turns
    # under load: replies then wait seconds (docs/benchmarks.md, 2026-12-05). One process, or PostgreSQL, does not.
    log.warning("the worker runs in its own process on a SQLite file: under load replies may wait seconds; "
                "on SQLite run one process (WORKER_IN_PROCESS=true), or use PostgreSQL for several (docs/deploy.md)")
    return True


def build_worker(
    settings: Settings, engine: Engine, senders: dict[str, Sender], templates: TemplateBook, runner: Runner | None = None, *, in_process: bool = False,
    channels: ChannelHealth | None = None, write: Callable[[Callable[[], T]], Awaitable[T]] | None = None,
) -> Worker:
    """Build the outbox worker with the configured pacing (`in_process`: the web process's own, which feeds campaigns on a thread)."""
    pacing = {
        "telegram": Pacing(per_second=settings.telegram_per_second, per_chat_per_second=settings.telegram_per_chat_per_second),
        "whatsapp": Pacing(per_second=settings.whatsapp_per_second),
    }
    feeder: CampaignFeeder | FeederProcess | None = None
    if runner is not None:
        size = feed_buffer(pacing)
        if in_process or (sqlite_file(engine) is None and not is_postgres(engine)):  # in memory: no other process can see it
            feeder = CampaignFeeder(engine, runner.env, buffer=size, batch=size)
        else:
            feeder = FeederProcess(settings.database_url, env_from_settings, buffer=size, batch=size)
    return Worker(
        engine,
        senders,
        pacing=pacing,
        templates=templates,
        batch_size=claim_batch(pacing, least=settings.worker_batch_size),
        lease=timedelta(seconds=settings.worker_lease_seconds),
        idle_poll=max(settings.worker_poll_seconds, IN_PROCESS_POLL_SECONDS) if in_process else settings.worker_poll_seconds,
        clock=runner.clock if runner else None,
        scheduler=ReminderScheduler(engine, runner.env, on_latest_channel(runner.env, runner.outbox), policy=runner.policy) if runner else None,
        feeder=feeder,
        quiet_after=timedelta(days=settings.reminder_days[0]) if settings.reminder_days else timedelta(days=2),
        observe=channels.observe if channels is not None else None,
        write=write,
    )


def watch_metrics(engine: Engine, clock: Clock, channels: ChannelHealth | None, worker: Worker | None) -> None:
    """Read this process's gauges from its database, channels and worker at every scrape of /metrics."""
    metrics.watch(metrics.StateCollector(engine, clock, channels=channels.report if channels is not None else None,
                                         pacing=worker.dispatch.paced if worker is not None else None))


def build_state(settings: Settings, *, with_senders: bool = True) -> AppState:
    """Wire the app's parts together from settings."""
    engine = make_engine(settings.database_url)
    env = build_env(settings)
    clock = Clock()
    outbox = Outbox()
    templates = TemplateBook(settings.whatsapp_templates)
    runner = Runner(engine, env, clock=clock, outbox=outbox, policy=reminder_policy(settings))
    turns = ThreadPoolExecutor(8, thread_name_prefix="turn") if is_postgres(engine) else None
    state = AppState(settings=settings, engine=engine, env=env, clock=clock, outbox=outbox, runner=runner, templates=templates, turns=turns)
    state.statuses = StatusWriter(engine, templates, clock, state.run_turn)
    if with_senders:
        state.senders = build_senders(settings)
        state.channels = ChannelHealth(state.senders, clock)
        if state.senders and settings.worker_in_process:
            state.worker = build_worker(settings, engine, state.senders, templates, runner, in_process=True, channels=state.channels,
                                        write=state.run_turn if turns is None else None)
            outbox.attach(state.worker)
    watch_metrics(engine, clock, state.channels, state.worker)
    return state
