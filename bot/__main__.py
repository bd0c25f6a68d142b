"""Run the command line: `python -m bot chat | compile | migrate`."""

from __future__ import annotations

import typer

from bot.department_cli import (
    admin_cli,
    deeplink_cli,
    department_cli,
    token_cli,
    vendor_cli,
)
from bot.engine.context import N_

cli = typer.Typer(add_completion=False, help="GeM Saathi command line.")
cli.add_typer(department_cli, name="department")
cli.add_typer(token_cli, name="token")
cli.add_typer(deeplink_cli, name="deeplink")
cli.add_typer(admin_cli, name="admin")
cli.add_typer(vendor_cli, name="vendors")


@cli.command()
def compile() -> None:  # noqa: A001 - the verb people type
    """Compile the gettext catalogues under locales/."""
    from bot.i18n import compile_catalogues

    for path in compile_catalogues():
        typer.echo(f"compiled {path}")


@cli.command("fill-english")
def fill_english() -> None:
    """Copy each new English source message into the English catalogue, where it can then be edited."""
    from bot.i18n import fill_english_catalogue

    typer.echo(f"filled {fill_english_catalogue()} English messages")


@cli.command()
def migrate() -> None:
    """Bring the database named by DATABASE_URL up to the newest migration."""
    from bot.store.migrate import upgrade

    upgrade()
    typer.echo("database is up to date")


@cli.command()
def chat(
    user: str = typer.Option("console", help="Who you are in the conversation; reuse it to continue later."),
    channel: str = typer.Option("whatsapp", help="Which channel's abilities to assume: whatsapp or telegram."),
) -> None:
    """Chat with the bot in the terminal, against the local database."""
    from bot.chat import run_console

    run_console(user=user, renders_as=channel)


@cli.command()
def demo(
    sellers: int = typer.Option(3000, min=10, max=200_000, help="How many demo sellers to make."),
    remove: bool = typer.Option(False, "--remove", help="Delete the demo data instead (real data is not touched)."),
) -> None:
    """Load demo departments, vendor lists, campaigns and sellers with believable journeys (or remove them)."""
    from datetime import UTC, datetime

    from bot import demo as demo_data
    from bot.settings import get_settings
    from bot.store.db import make_engine

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        if remove:
            gone = demo_data.remove(engine=engine)
            typer.echo(f"removed the demo data: {gone.departments} departments, {gone.sellers} sellers, {gone.events} stage events, "
                       f"{gone.vendors} vendors, {gone.campaigns} campaigns")
            return
        try:
            made = demo_data.load(engine=engine, now=datetime.now(UTC), sellers=sellers, environment=settings.environment)
        except demo_data.DemoRefused as refused:
            typer.echo(f"error: {refused}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"loaded demo data: {made.departments} departments (codes demo_…), {made.sellers} sellers, {made.events} stage events, "
                   f"{made.vendors} vendors, {made.campaigns} campaigns; nothing is ever sent to demo sellers. "
                   "Remove it with: .venv/bin/python -m bot demo --remove")
    finally:
        engine.dispose()


funnel_cli = typer.Typer(add_completion=False, help="The lead funnel's maintained counts.")
cli.add_typer(funnel_cli, name="funnel")


@funnel_cli.command("rebuild")
def funnel_rebuild() -> None:
    """Count every seller again from scratch (after a restore, or to check the maintained counts)."""
    import time

    from bot.funnel import cube
    from bot.settings import get_settings
    from bot.store.db import make_engine, transaction

    engine = make_engine(get_settings().database_url)
    started = time.perf_counter()
    try:
        with transaction(engine) as session:
            before = cube.maintained(session.connection())
            rows = cube.rebuild(session.connection())
            after = cube.maintained(session.connection())
    finally:
        engine.dispose()
    changed = sum(1 for key in before.keys() | after.keys() if before.get(key) != after.get(key))
    typer.echo(f"rebuilt the funnel counts in {time.perf_counter() - started:.1f} s: {rows} rows, {sum(after.values())} seller keys; "
               f"{changed} keys differed from the maintained counts")


@funnel_cli.command("fold")
def funnel_fold() -> None:
    """Fold the +1/-1 rows of the funnel counts into one row per key (the worker does this every few minutes)."""
    from bot.funnel import cube
    from bot.settings import get_settings
    from bot.store.db import make_engine, transaction

    engine = make_engine(get_settings().database_url)
    try:
        with transaction(engine) as session:
            gone = cube.fold(session.connection())
    finally:
        engine.dispose()
    typer.echo(f"folded the funnel counts: {gone} rows fewer")


@cli.command()
def worker() -> None:
    """Send the outbox in this process (with WORKER_IN_PROCESS=false on the web processes)."""
    import asyncio
    import signal

    from bot.channel_health import ChannelHealth
    from prometheus_client import start_http_server

    from bot import logs
    from bot.compose import build_senders, build_state, build_worker, warn_of_a_shared_sqlite_file, watch_metrics
    from bot.loop import run as run_loop
    from bot.metrics import REGISTRY
    from bot.loop import serving
    from bot.settings import get_settings

    settings = get_settings()
    logs.configure(settings.log_level, settings.log_lines)
    senders = build_senders(settings)
    if not senders:
        typer.echo("no channel is configured (TELEGRAM_BOT_TOKEN or TWILIO_* settings): nothing to send", err=True)
        raise typer.Exit(1)

    async def run() -> None:
        state = build_state(settings, with_senders=False)
        engine = state.engine
        warn_of_a_shared_sqlite_file(engine)
        channels = ChannelHealth(senders, state.clock)
        outbox_worker = build_worker(settings, engine, senders, state.templates, state.runner, channels=channels)
        watch_metrics(engine, state.clock, channels, outbox_worker)
        if settings.worker_metrics_port:
            start_http_server(settings.worker_metrics_port, addr=settings.host, registry=REGISTRY)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        # A provider that does not answer leaves its channel degraded and retried; the other channel sends meanwhile.
        retries = await channels.start(stop)
        try:
            with serving(engine):
                await outbox_worker.run(stop)
        finally:
            stop.set()
            await asyncio.gather(*retries, return_exceptions=True)
            for sender in senders.values():
                await sender.close()
            engine.dispose()

    run_loop(run())


@cli.command("telegram-setup")
def telegram_setup() -> None:
    """Set the Telegram webhook (with its secret), the bot's description and its command menu in Hindi and English."""
    from telegram.error import TelegramError

    from bot.channels.telegram import TelegramSender
    from bot.i18n import load_translations
    from bot.loop import run as run_loop
    from bot.settings import get_settings

    settings = get_settings()
    if not settings.telegram_on:
        typer.echo("TELEGRAM_BOT_TOKEN is not set", err=True)
        raise typer.Exit(1)
    if settings.public_base_url and not settings.telegram_webhook_secret:
        typer.echo("TELEGRAM_WEBHOOK_SECRET is required with a webhook", err=True)
        raise typer.Exit(1)
    translations = load_translations()
    commands = {lang: [(name, translations[lang].gettext(text)) for name, text in BOT_COMMANDS] for lang in ("hi", "en")}
    commands[""] = commands["hi"]
    descriptions = {lang: translations[lang].gettext(BOT_DESCRIPTION) for lang in ("hi", "en")}
    descriptions[""] = descriptions["hi"]
    url = f"{settings.public_base_url.rstrip('/')}/webhooks/telegram" if settings.public_base_url else None
    secret = settings.telegram_webhook_secret.get_secret_value() if settings.telegram_webhook_secret else None

    async def run() -> str | None:
        sender = TelegramSender(settings.telegram_bot_token.get_secret_value(), settings.telegram_api_base_url)
        try:
            await sender.start()
            await sender.configure(webhook_url=url, secret=secret, commands=commands, descriptions=descriptions)
        except TelegramError as error:  # its message may carry the token (PTB puts it in InvalidToken's)
            return sender.redact(f"{type(error).__name__}: {error}")
        finally:
            await sender.close()
        return None

    failed = run_loop(run())
    if failed:
        typer.echo(f"Telegram did not accept the set-up: {failed}", err=True)
        raise typer.Exit(1)
    typer.echo(f"webhook {'set to ' + url if url else 'removed (polling)'}; commands and description set in hi and en")


BOT_DESCRIPTION = N_("GeM Saathi helps small businesses in Uttar Pradesh register as sellers on GeM, free of cost, step by step, in Hindi or English.")
BOT_COMMANDS = (
    ("start", N_("Start or continue")),
    ("menu", N_("All options")),
    ("status", N_("My progress")),
    ("help", N_("Help")),
    ("language", N_("Change language")),
    ("stop", N_("Stop messages")),
    ("erase", N_("Erase my data")),
)


def main() -> None:
    """Run the command line."""
    cli()


if __name__ == "__main__":
    main()
