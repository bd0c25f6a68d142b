"""Broadcast benchmark: freeze a million-seller campaign audience, then send it at 30, 80 and 1,000 msgs/s.

Run from the repository root after `make install`:

    .venv/bin/python bench/broadcast.py                    # 1,000,000 sellers; 10 s or 5×rate messages per rate
    .venv/bin/python bench/broadcast.py --quick            # 50,000 sellers; 3 s or 2×rate messages per rate
    .venv/bin/python bench/broadcast.py --sellers 200000 --seconds 20

Phases, all in one run:
1. setup        a fresh SQLite file, migrated with bot.store.migrate.upgrade(); N sellers across the 75 UP districts
                (categories, languages, stages, a few opted out / erased / test), one Telegram or WhatsApp
                identity each (most with an inbound message in the last 24 h) and a conversation_state row,
                written by INSERT … SELECT over a recursive CTE (timed, but not against a goal)
2. materialize  a campaign to all 75 districts (opted-out, erased and test sellers excluded, as always);
                bot.campaigns.rules.materialize() in its own transaction, in a child process so that its peak RSS
                is its own: seconds, tracemalloc peak and ru_maxrss growth. Goals: ≤ 60 s, ≤ 500 MiB.
3. ceiling      calibration, no goal: the fake with no limit; TelegramSender alone (50 concurrent sends), then
                the real Worker + CampaignFeeder unpaced: the most this machine can send, whatever the pacing
4. send         per rate (30, 80, 1000/s): a fake Telegram Bot API (aiohttp server, below) in a child
                process on 127.0.0.1 that admits sendMessage through a strict token bucket of that rate with
                burst 1 and answers 429 {"retry_after": 1} beyond it, recording every accepted chat id; the
                real Worker + TelegramSender send a Telegram-only campaign for a fixed slice, fed by the
                CampaignFeeder in a child process, as `python -m bot worker` runs them.
                Figures: achieved ÷ limit over the steady part (after the first second), 429s, duplicates,
                losses. Goals: 0.95 ≤ achieved/limit ≤ 1.00, and no 429, duplicate or loss.
5. late feed    diagnostic, no goal: one CampaignFeeder top-up when the outbox already holds N/2 sent rows of
                the running campaign, as it will half-way through a million-seller broadcast.

Child processes are this file with --child; they stop on exit, on error, on Ctrl-C and when this process
dies (their stdin closes). The SQLite file lives in a temporary directory that is removed at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from typing import Any  # noqa: E402

from bench.common import (  # noqa: E402
    HOST,
    START_TIMEOUT,
    Server,
    load_average,
    on_stdin_eof,
    raise_interrupt,
    read_line,
    say,
    spawn,
    stop_child,
    tail,
    verdict,
    wait_until_ok,
)
from bot.loop import run as run_loop  # noqa: E402

RATES = (30, 80, 1000)  # messages per second: Telegram's free tier, Twilio WhatsApp's default, a paid tier
MATERIALIZE_SECONDS_GOAL = 60.0
MATERIALIZE_MEMORY_GOAL_MIB = 500.0
RATIO_LOW, RATIO_HIGH = 0.95, 1.00
WARMUP = 1.0  # s after the first accepted message that the rate leaves out
STALL_MS = 50.0  # a longer gap between two accepted messages is a stall (send slots lost, not made up)
BOT_TOKEN = "123456:bench-broadcast-token"
TELEGRAM_BASE = 5_000_000_000  # Telegram chat id = base + seller id
WHATSAPP_BASE = 9_000_000_000  # WhatsApp number = +91 + (base + seller id)
TOO_MANY_REQUESTS = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}}
MATERIALIZE_TIMEOUT = 1800.0  # s before the materialize child is killed (and the goal fails)
STOP_TIMEOUT = 60.0  # s for the worker to finish its batch in flight after the slice
MIB = 1024 * 1024
UNPACED = 1_000_000.0  # msgs/s given to Pacing for the ceiling run: the limiter never waits
CEILING_CAP = 5_000  # messages at most in the worker ceiling run


def sqlite_time(moment: datetime) -> str:
    """Return a time as SQLAlchemy stores DateTime on SQLite (naive UTC text with microseconds)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def make_env():  # type: ignore[no-untyped-def]
    """Build the engine's services (the feeder renders messages with them); compile catalogues only if missing."""
    from bot.engine.context import Env
    from bot.i18n import MissingCatalogue, compile_catalogues, load_translations
    from bot.store.digests import pan_digester

    try:
        translations = load_translations()
    except MissingCatalogue:
        compile_catalogues()
        translations = load_translations()
    return Env(translations=translations, pan_digest=pan_digester("bench-secret-key-for-pan-digests-0123456789"))


# ---------------------------------------------------------------------------- 1. setup

# Deterministic "random" picks: i * prime mod a larger prime scatters consecutive sellers, so district
# (i mod 75), channel, category, language, stage and recency are not correlated with each other.
SELLERS_SQL = """
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :n)
INSERT INTO seller (id, created_at, updated_at, is_test, language, stage, stage_changed_at, opted_out, needs_help,
                    erased_at, name, business_name, district_lgd, offering, category, mobile, clock_offset_seconds)
SELECT i, :ts, :ts, i % 1000 = 3,
       CASE WHEN (i * 31337) % 10009 % 100 < 70 THEN 'hi' WHEN (i * 31337) % 10009 % 100 < 95 THEN 'en' END,
       (SELECT stage FROM bench_stage WHERE k = (i * 611953) % 1000003 % :stages), :ts, i % 50 = 7, 0,
       CASE WHEN i % 1000 = 5 THEN :ts END,
       CASE WHEN i % 1000 = 5 THEN NULL ELSE 'Seller ' || i END,
       CASE WHEN i % 1000 = 5 THEN NULL ELSE 'Udyam Traders ' || i END,
       (SELECT code FROM bench_district WHERE k = i % :districts),
       (SELECT offering FROM bench_category WHERE k = (i * 7919) % 10007 % :categories),
       (SELECT code FROM bench_category WHERE k = (i * 7919) % 10007 % :categories),
       CASE WHEN i % 1000 = 5 THEN NULL ELSE '+91' || (:wa_base + i) END, 0
FROM n
"""

IDENTITIES_SQL = """
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :n)
INSERT INTO channelidentity (id, seller_id, channel, external_id, phone, reachable, created_at, last_inbound_at)
SELECT i, i, CASE WHEN (i * 104729) % 100003 % 100 < :telegram_pct THEN 'telegram' ELSE 'whatsapp' END,
       CASE WHEN (i * 104729) % 100003 % 100 < :telegram_pct THEN CAST(:tg_base + i AS TEXT) ELSE '+91' || (:wa_base + i) END,
       CASE WHEN (i * 104729) % 100003 % 100 < :telegram_pct THEN NULL ELSE '+91' || (:wa_base + i) END,
       1, :ts,
       CASE WHEN (i * 15485863) % 1000033 % 100 < :recent_pct
            THEN datetime(:now, '-' || ((i * 7919) % 82800) || ' seconds') || '.000000'
            ELSE datetime(:now, '-' || (2 + i % 28) || ' days') || '.000000' END
FROM n
"""

STATES_SQL = """
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :n)
INSERT INTO conversationstate (seller_id, step, state, updated_at)
SELECT i, s.step, '{"step": "' || s.step || '"}', :ts
FROM n JOIN bench_step AS s ON s.k = (i * 48271) % 100019 % :steps
"""

TELEGRAM_PCT = 40  # % of sellers reached on Telegram; the rest on WhatsApp
RECENT_PCT = 85  # % whose last inbound message is within the last 23 h


@dataclass(slots=True)
class Population:
    sellers: int = 0
    telegram: int = 0
    eligible: int = 0  # not opted out, erased or test: what a campaign to everyone should reach
    eligible_telegram_by_district: dict[int, int] = field(default_factory=dict)


def build_sellers(path: Path, n: int, now: datetime, *, telegram_pct: int = TELEGRAM_PCT, recent_pct: int = RECENT_PCT) -> Population:
    """Write n synthetic sellers, their identities (a share on Telegram, a share recent) and conversation states with set-based SQL."""
    from bot.engine.conversation import ALL_STEPS
    from bot.engine.districts import DISTRICTS
    from bot.engine.model import STAGES
    from bot.engine.steps import PRODUCT_CATEGORIES, SERVICE_CATEGORIES

    categories = [(o.id, "products") for o in PRODUCT_CATEGORIES] + [(o.id, "services") for o in SERVICE_CATEGORIES]
    steps = [s for s in ALL_STEPS if s != "confirm_erase"]
    values = {
        "n": n, "ts": sqlite_time(now), "now": now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "districts": len(DISTRICTS), "categories": len(categories), "stages": len(STAGES), "steps": len(steps),
        "telegram_pct": telegram_pct, "recent_pct": recent_pct, "tg_base": TELEGRAM_BASE, "wa_base": WHATSAPP_BASE,
    }
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=OFF")  # setup only: a crash here just means a rerun
        connection.execute("BEGIN")
        connection.execute("CREATE TEMP TABLE bench_district (k INTEGER PRIMARY KEY, code INTEGER NOT NULL)")
        connection.executemany("INSERT INTO bench_district VALUES (?, ?)", [(k, d.lgd_code) for k, d in enumerate(DISTRICTS)])
        connection.execute("CREATE TEMP TABLE bench_category (k INTEGER PRIMARY KEY, code TEXT NOT NULL, offering TEXT NOT NULL)")
        connection.executemany("INSERT INTO bench_category VALUES (?, ?, ?)", [(k, c, o) for k, (c, o) in enumerate(categories)])
        connection.execute("CREATE TEMP TABLE bench_stage (k INTEGER PRIMARY KEY, stage TEXT NOT NULL)")
        connection.executemany("INSERT INTO bench_stage VALUES (?, ?)", list(enumerate(STAGES)))
        connection.execute("CREATE TEMP TABLE bench_step (k INTEGER PRIMARY KEY, step TEXT NOT NULL)")
        connection.executemany("INSERT INTO bench_step VALUES (?, ?)", list(enumerate(steps)))
        for label, sql in (("sellers", SELLERS_SQL), ("channel identities", IDENTITIES_SQL), ("conversation states", STATES_SQL)):
            started = time.perf_counter()
            connection.execute(sql, {k: v for k, v in values.items() if f":{k}" in sql})
            say(f"setup: {n:,} {label} in {time.perf_counter() - started:.1f} s")
        connection.execute("COMMIT")
        population = Population(sellers=n)
        population.telegram = connection.execute("SELECT count(*) FROM channelidentity WHERE channel = 'telegram'").fetchone()[0]
        eligible = "s.opted_out = 0 AND s.is_test = 0 AND s.erased_at IS NULL"
        population.eligible = connection.execute(f"SELECT count(*) FROM seller AS s WHERE {eligible}").fetchone()[0]
        population.eligible_telegram_by_district = dict(
            connection.execute(
                f"SELECT s.district_lgd, count(*) FROM seller AS s JOIN channelidentity AS c ON c.seller_id = s.id "
                f"WHERE {eligible} AND c.channel = 'telegram' GROUP BY s.district_lgd"
            ).fetchall()
        )
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return population


MESSAGE_HI = "नमस्ते {name}! {district} के उद्यमियों के लिए जेम पंजीकरण शिविर: अपना पंजीकरण पूरा करें।"
MESSAGE_EN = "Namaste {name}! GeM registration camp for {district} entrepreneurs: finish your registration."


def create_campaign(engine, name: str, audience: dict[str, Any], status: str, now: datetime) -> int:  # type: ignore[no-untyped-def]
    """Save a campaign as a department would (checked), and return its id."""
    from bot.campaigns.rules import check_campaign
    from bot.store.db import transaction
    from bot.store.models import Campaign

    campaign = Campaign(name=name, audience=audience, message_hi=MESSAGE_HI, message_en=MESSAGE_EN, status=status, created_at=now, updated_at=now)
    check_campaign(campaign)
    with transaction(engine) as session:
        session.add(campaign)
        session.flush()
        return campaign.id  # type: ignore[return-value]


# ---------------------------------------------------------------------------- 2. materialize (child)


def child_materialize(database_url: str, campaign_id: int, now_iso: str) -> None:
    """Run materialize() for one campaign in its own transaction; print one RESULT line of JSON."""
    import resource
    import tracemalloc

    from sqlmodel import Session

    from bot.campaigns.rules import audience_query, materialize
    from bot.store.db import make_engine, transaction
    from bot.store.models import Campaign

    def exit_now() -> None:
        os._exit(1)

    on_stdin_eof(exit_now)
    now = datetime.fromisoformat(now_iso)
    engine = make_engine(database_url)
    with Session(engine) as session:  # also opens the pooled connection outside the measurement
        plan_query = audience_query(session.get(Campaign, campaign_id), now)
        compiled = plan_query.compile(engine, compile_kwargs={"literal_binds": True})
        plan = [row[-1] for row in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    with transaction(engine) as session:
        campaign = session.get(Campaign, campaign_id)
        added = materialize(session, campaign, now)
        inserted = time.perf_counter()
    committed = time.perf_counter()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    engine.dispose()
    result = {
        "added": added, "seconds": committed - started, "insert_seconds": inserted - started, "commit_seconds": committed - inserted,
        "tracemalloc_peak": peak, "rss_before_kb": rss_before, "rss_after_kb": rss_after, "plan": plan,
    }
    print("RESULT " + json.dumps(result), flush=True)


def run_materialize_child(database_url: str, campaign_id: int, now: datetime, workdir: Path) -> dict[str, Any] | None:
    """Run the materialize child and return its RESULT, or None if it failed or ran out of time."""
    log = workdir / "materialize.log"
    args = ["--child", "materialize", "--database-url", database_url, "--campaign-id", str(campaign_id), "--now", now.isoformat()]
    process = spawn(__file__, args, log)
    try:
        process.wait(timeout=MATERIALIZE_TIMEOUT)  # stdin stays open: its EOF tells the child to quit
        out = process.stdout.read()  # type: ignore[union-attr]
    except subprocess.TimeoutExpired:
        say(f"materialize: no result after {MATERIALIZE_TIMEOUT:.0f} s; stopping the child")
        stop_child(process)
        return None
    except BaseException:
        stop_child(process)
        raise
    stop_child(process)
    for line in out.decode().splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    say(f"materialize: child exited with {process.returncode} and no result:\n{tail(log)}")
    return None


# ---------------------------------------------------------------------------- 3. fake provider (child)


class StrictBucket:
    """At most `rate` messages in any one-second window, as providers publish their limits (rate 0: no limit)."""

    def __init__(self, rate: float) -> None:
        from collections import deque

        self.rate = rate
        self.window: deque[float] = deque()

    def take(self, now: float) -> float | None:
        """Admit a message now (return None), or return how many seconds too early it came."""
        if not self.rate:  # no limit: the calibration runs
            return None
        while self.window and now - self.window[0] >= 1.0:
            self.window.popleft()
        if len(self.window) < int(self.rate):
            self.window.append(now)
            return None
        return 1.0 - (now - self.window[0])


def child_fake(rate: float) -> None:
    """Serve the fake Bot API, rate-limited, on a free loopback port; print PORT; stop at stdin EOF.

    Written on aiohttp's server rather than FastAPI: at 1,000 messages/s the fake shares the two
    cores with the worker it measures, so it must cost as little as it can (~0.2 ms a request).
    """
    import itertools

    from aiohttp import web

    bucket = StrictBucket(rate)
    accepted: list[tuple[float, str]] = []  # (monotonic time, chat id)
    rejected: list[tuple[float, str, float]] = []  # (monotonic time, chat id, seconds too early)
    requests = 0
    message_ids = itertools.count(1000)
    me = {"id": 42, "is_bot": True, "first_name": "GeM Saathi", "username": "gem_saathi_bot"}

    async def method(request: web.Request) -> web.Response:
        nonlocal requests
        requests += 1
        name = request.match_info["method"]
        raw = await request.read()
        if request.content_type == "application/json":
            body = json.loads(raw) if raw else {}
        else:
            body = dict(await request.post())
        if name == "getMe":
            return web.json_response({"ok": True, "result": me})
        if name != "sendMessage":
            return web.json_response({"ok": True, "result": True})
        now = time.monotonic()  # CLOCK_MONOTONIC: the same clock as the parent's time.monotonic()
        chat = str(body.get("chat_id"))
        early = bucket.take(now)
        if early is not None:
            rejected.append((now, chat, early))
            return web.json_response(TOO_MANY_REQUESTS, status=429)
        accepted.append((now, chat))
        message = {"message_id": next(message_ids), "date": int(time.time()), "chat": {"id": int(chat), "type": "private"}, "text": body.get("text", "")}
        return web.json_response({"ok": True, "result": message})

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response({"accepted": accepted, "rejected": rejected, "requests": requests})

    async def serve() -> None:
        import socket

        app = web.Application()
        app.router.add_post("/bot{token}/{method}", method)
        app.router.add_get("/stats", stats)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, 0))
        site = web.SockSite(runner, sock)
        await site.start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        on_stdin_eof(lambda: loop.call_soon_threadsafe(stop.set))
        print(f"PORT {sock.getsockname()[1]}", flush=True)
        await stop.wait()
        await runner.cleanup()

    run_loop(serve())


def start_fake(rate: float, workdir: Path) -> Server:
    """Start the fake provider child and wait until it answers."""
    log = workdir / f"fake-{rate:g}-{time.monotonic_ns()}.log"
    process = spawn(__file__, ["--child", "fake", "--rate", str(rate)], log)
    child = Server(name="fake provider", process=process, port=0, log=log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        child.port = int(read_line(process, log, "fake provider", deadline).split()[1])
        wait_until_ok(process, f"http://{HOST}:{child.port}/stats", log, "fake provider", deadline)
        return child
    except BaseException:
        stop_child(process)
        raise


# ---------------------------------------------------------------------------- 3. ceiling and 4. send


@dataclass(slots=True)
class SliceRun:
    started: float  # monotonic, when the worker started
    stopped: float  # monotonic, when the slice ended and the worker was asked to stop
    finished: float  # monotonic, when the worker had finished its batch in flight
    recorded_sent: int
    recorded_failed: int
    timed_out: bool = False


async def _send_slice(engine, url: str, base_url: str, rate: float, seconds: float, cap: int) -> SliceRun:  # type: ignore[no-untyped-def]
    from bot.campaigns.feeder import FeederProcess
    from bot.channels.telegram import TelegramSender
    from bot.loop import serving
    from bot.worker import Pacing, Worker, claim_batch, feed_buffer

    sender = TelegramSender(BOT_TOKEN, base_url)
    await sender.start()  # getMe, outside the slice
    # This bench measures the pacing itself: whether the worker holds a broadcast at exactly the configured
    # limit without a 429 (a broadcast takes every slot no reply is waiting for).
    pacing = {"telegram": Pacing(per_second=rate, per_chat_per_second=None)}
    # Claims and the feeder sized from the pacing, and the feeder in a child process, as the worker
    # command builds them (bot/compose.py build_worker); the child is started before the slice's
    # clock (the worker stops it when it stops).
    size = feed_buffer(pacing)
    feeder = FeederProcess(url, make_env, buffer=size, batch=size)
    await asyncio.to_thread(feeder.start)
    worker = Worker(engine, {"telegram": sender}, pacing=pacing, batch_size=claim_batch(pacing), feeder=feeder)
    stop = asyncio.Event()
    timed_out = False
    with serving(engine):  # as `python -m bot worker` runs it
        started = time.monotonic()
        task = asyncio.create_task(worker.run(stop))
        deadline = started + seconds
        while time.monotonic() < deadline and worker.sent < cap and not task.done():
            await asyncio.sleep(0.02)
        stopped = time.monotonic()
        stop.set()
        try:
            await asyncio.wait_for(task, STOP_TIMEOUT)
        except TimeoutError:
            timed_out = True
        finally:
            await sender.close()
    return SliceRun(started, stopped, time.monotonic(), worker.sent, worker.failed, timed_out)


async def _sender_ceiling(base_url: str, seconds: float, cap: int, concurrency: int = 50) -> tuple[int, float, Counter]:
    """Send campaign-like payloads through TelegramSender alone (no worker, no database, no pacing)."""
    from bot.channels.base import OutboundPayload
    from bot.channels.telegram import TelegramSender
    from bot.engine.model import Button

    sender = TelegramSender(BOT_TOKEN, base_url)
    await sender.start()
    outcomes: Counter = Counter()
    counter = iter(range(cap))
    started = time.monotonic()
    deadline = started + seconds

    async def one_client() -> None:
        for n in counter:
            if time.monotonic() >= deadline:
                return
            payload = OutboundPayload(to=str(TELEGRAM_BASE + 4_000_000_000 + n), text=MESSAGE_EN.format(name=f"Seller {n}", district="Lucknow"),
                                      buttons=(Button("cmd:resume", "Continue"),))
            outcomes[(await sender.send(payload)).outcome] += 1

    try:
        await asyncio.gather(*(one_client() for _ in range(concurrency)))
    finally:
        await sender.close()
    return sum(outcomes.values()), time.monotonic() - started, outcomes


@dataclass(slots=True)
class SliceCheck:
    accepted: int = 0
    steady: int = 0
    steady_seconds: float = 0.0
    ratio: float = 0.0
    first_after: float = float("nan")
    rejected: int = 0
    rejected_warmup: int = 0
    early_ms: list[float] = field(default_factory=list)
    dup_provider: int = 0  # a chat id the fake accepted more than once (this slice, or in an earlier one)
    dup_rows: int = 0  # recipients with more than one outbox row marked sent (whole campaign so far)
    lost_sent: int = 0  # rows marked sent in this slice whose chat id the fake never accepted
    lost_outboxed: int = 0  # recipients outboxed (or sent) whose outbox row is gone (whole campaign so far)
    unrecorded: int = 0  # accepted by the fake but not marked sent (would go again: a duplicate in waiting)
    left_sending: int = 0  # rows still claimed after the worker stopped
    waiting_retry: int = 0  # rows put back after a 429
    stalls: int = 0  # gaps of over STALL_MS (and over 1.5 send intervals) between two accepted messages, steady window
    longest_gap_ms: float = 0.0
    stalled_share: float = 0.0  # share of the steady window those gaps cost, beyond one interval each


def sent_rows(engine, campaign_id: int) -> dict[int, tuple[int | None, str]]:  # type: ignore[no-untyped-def]
    """Return {outbox id: (recipient id, chat id)} for the campaign's rows marked sent."""
    from sqlmodel import Session, select

    from bot.store.models import OutboxMessage

    with Session(engine) as session:
        rows = session.exec(
            select(OutboxMessage.id, OutboxMessage.recipient_id, OutboxMessage.payload).where(
                OutboxMessage.campaign_id == campaign_id, OutboxMessage.status == "sent"
            )
        ).all()
    return {row_id: (recipient_id, str(payload.get("to"))) for row_id, recipient_id, payload in rows}


def check_slice(engine, campaign_id: int, run: SliceRun, stats: dict[str, Any], sent_before: set[int], seen: Counter, rate: float) -> SliceCheck:  # type: ignore[no-untyped-def]
    """Compare what the fake accepted with what the rows say."""
    from sqlmodel import Session, select

    from bot.store.models import CampaignRecipient, OutboxMessage

    check = SliceCheck()
    accepted = [(t, chat) for t, chat in stats["accepted"]]
    check.accepted = len(accepted)
    if accepted:
        first = accepted[0][0]
        check.first_after = first - run.started
        window_start = first + WARMUP
        check.steady_seconds = max(0.0, run.stopped - window_start)
        check.steady = sum(1 for t, _ in accepted if window_start <= t <= run.stopped)
        if check.steady_seconds > 0:
            check.ratio = check.steady / check.steady_seconds / rate
            times = sorted(t for t, _ in accepted if window_start <= t <= run.stopped)
            gaps = [b - a for a, b in zip(times, times[1:])]
            long = [g for g in gaps if g > max(STALL_MS / 1000, 1.5 / rate)]
            check.stalls = len(long)
            check.longest_gap_ms = max(gaps, default=0.0) * 1000
            check.stalled_share = sum(g - 1 / rate for g in long) / check.steady_seconds
    check.rejected = len(stats["rejected"])
    if accepted:
        check.rejected_warmup = sum(1 for t, _, _ in stats["rejected"] if t < accepted[0][0] + WARMUP)
    check.early_ms = [early * 1000 for _, _, early in stats["rejected"]]

    chats = Counter(chat for _, chat in accepted)
    check.dup_provider = sum(n - 1 for n in chats.values() if n > 1) + sum(n for chat, n in chats.items() if seen[chat])
    seen.update(chats)

    rows = sent_rows(engine, campaign_id)
    new = {row_id: v for row_id, v in rows.items() if row_id not in sent_before}
    new_chats = Counter(chat for _, chat in new.values())
    check.lost_sent = sum(1 for chat in new_chats if chat not in chats)
    check.unrecorded = sum(1 for chat in chats if chat not in new_chats)
    per_recipient = Counter(recipient_id for recipient_id, _ in rows.values())
    check.dup_rows = sum(n - 1 for n in per_recipient.values() if n > 1)
    sent_before.update(new)

    with Session(engine) as session:
        outbox = session.exec(
            select(OutboxMessage.recipient_id, OutboxMessage.status, OutboxMessage.error_code).where(OutboxMessage.campaign_id == campaign_id)
        ).all()
        recipients = session.exec(
            select(CampaignRecipient.id, CampaignRecipient.status).where(
                CampaignRecipient.campaign_id == campaign_id, CampaignRecipient.status != "queued"
            )
        ).all()
    statuses: dict[int, set[str]] = {}
    for recipient_id, status, error_code in outbox:
        statuses.setdefault(recipient_id, set()).add(status)
        check.left_sending += status == "sending"
        check.waiting_retry += status == "pending" and error_code == "429"
    for recipient_id, status in recipients:
        have = statuses.get(recipient_id, set())
        if status == "outboxed" and not have & {"pending", "sending"}:
            check.lost_outboxed += 1
        elif status == "sent" and "sent" not in have:
            check.lost_outboxed += 1
    return check


def report_slice(rate: float, run: SliceRun, check: SliceCheck) -> dict[str, bool]:
    label = f"send {rate:g}/s"
    say(f"{label} slice: {run.stopped - run.started:.2f} s, {check.accepted:,} accepted by the fake, {run.recorded_sent:,} rows marked sent"
        + (" (worker did not stop in time)" if run.timed_out else ""))
    say(f"{label} first message after: {check.first_after:.2f} s")
    steady_rate = check.steady / check.steady_seconds if check.steady_seconds else 0.0
    say(f"{label} steady rate: {steady_rate:,.1f} msgs/s ({check.steady:,} in {check.steady_seconds:.2f} s after the first second)")
    say(f"{label} achieved ÷ limit: {check.ratio:.3f}")
    say(f"{label} stalls: {check.stalls} gaps of over {STALL_MS:g} ms between two accepted messages, the longest {check.longest_gap_ms:.0f} ms; "
        f"they took {check.stalled_share:.1%} of the steady window")
    early = ""
    if check.early_ms:
        jitter = sum(1 for ms in check.early_ms if ms < 100 / rate)  # under 10 % of the 1/rate interval early
        early = (f" (first second: {check.rejected_warmup}; too early by median {statistics.median(check.early_ms):.2f} ms, max {max(check.early_ms):.2f} ms"
                 f" of a {1000 / rate:.1f} ms interval; {jitter} by under 10 % of it, {len(check.early_ms) - jitter} by more)")
    say(f"{label} 429s: {check.rejected}{early}")
    say(f"{label} rows waiting out a 429: {check.waiting_retry}")
    say(f"{label} duplicates: {check.dup_provider + check.dup_rows} (chat ids accepted twice: {check.dup_provider}; recipients with two sent rows: {check.dup_rows})")
    say(f"{label} losses: {check.lost_sent + check.lost_outboxed} (marked sent, never received: {check.lost_sent}; outboxed rows vanished: {check.lost_outboxed})")
    say(f"{label} accepted but not marked sent: {check.unrecorded}; rows left claimed: {check.left_sending}")
    # The strict bucket admits at most 1 + rate × window messages in a window: allow that one message.
    high = RATIO_HIGH + (1 / (rate * check.steady_seconds) if check.steady_seconds else 0.0)
    sent_any = check.accepted > 0  # no sends would make "no 429, duplicate or loss" vacuous
    if not sent_any:
        say(f"{label}: nothing reached the fake; every goal below fails (see the errors above)")
    goals = {
        "rate": RATIO_LOW <= check.ratio <= high,
        "429s": sent_any and check.rejected == 0,
        "duplicates": sent_any and check.dup_provider + check.dup_rows == 0,
        "losses": sent_any and check.lost_sent + check.lost_outboxed == 0,
    }
    say(f"{label} goal {RATIO_LOW:.2f} ≤ achieved/limit ≤ {RATIO_HIGH:.2f}: {verdict(goals['rate'])}")
    say(f"{label} goal zero 429s: {verdict(goals['429s'])}")
    say(f"{label} goal zero duplicates: {verdict(goals['duplicates'])}")
    say(f"{label} goal zero losses: {verdict(goals['losses'])}")
    return goals


# ---------------------------------------------------------------------------- 5. late feed


def late_feed(engine, env, campaign_id: int, paused_id: int, already_sent: int, now: datetime) -> None:  # type: ignore[no-untyped-def]
    """Time one feeder top-up when the campaign already has `already_sent` rows marked sent in the outbox."""
    from sqlalchemy import func, text
    from sqlmodel import select

    from bot.campaigns.feeder import CampaignFeeder
    from bot.campaigns.rules import pause
    from bot.store.db import transaction
    from bot.store.models import Campaign, OutboxMessage

    with transaction(engine) as session:
        pause(session, session.get(Campaign, paused_id), now)
    started = time.perf_counter()
    with transaction(engine) as session:
        ts = sqlite_time(now)
        session.execute(
            text(
                "INSERT INTO outboxmessage (seller_id, channel, kind, priority, language, payload, status, attempts, due_at, created_at, "
                "sent_at, updated_at, campaign_id, recipient_id) "
                "SELECT seller_id, channel, 'broadcast', 9, language, json_object('to', external_id, 'text', 'x'), 'sent', 1, :ts, :ts, :ts, :ts, "
                "campaign_id, id FROM campaignrecipient WHERE campaign_id = :c ORDER BY id LIMIT :m"
            ),
            {"ts": ts, "c": campaign_id, "m": already_sent},
        )
        session.execute(
            text("UPDATE campaignrecipient SET status = 'sent' WHERE id IN (SELECT recipient_id FROM outboxmessage WHERE campaign_id = :c)"),
            {"c": campaign_id},
        )
        session.get(Campaign, campaign_id).status = "sending"
    say(f"late feed: {already_sent:,} sent rows written in {time.perf_counter() - started:.1f} s (setup)")
    in_flight = (
        select(func.count()).select_from(OutboxMessage)
        .where(OutboxMessage.campaign_id == campaign_id, OutboxMessage.status.in_(("pending", "sending")))
    )
    feeder = CampaignFeeder(engine, env)

    def timed(label: str) -> None:
        started = time.perf_counter()
        run = feeder.run_once(now)
        elapsed = time.perf_counter() - started
        with engine.connect() as connection:
            started = time.perf_counter()
            connection.execute(in_flight).scalar_one()
            count = time.perf_counter() - started
        say(f"late feed {label}: run_once {elapsed * 1000:,.0f} ms ({run.queued} queued); its in-flight count alone {count * 1000:,.0f} ms")

    with engine.connect() as connection:
        plan = [row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {in_flight.compile(compile_kwargs={'literal_binds': True})}")]
    say(f"late feed in-flight count plan: {' / '.join(plan)}")
    timed("top-up")
    timed("buffer full")
    # What-if, on this throwaway file only: the index the count needs.
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE INDEX bench_outbox_campaign_status ON outboxmessage (campaign_id, status)")
    timed("buffer full, with an index on (campaign_id, status)")


# ---------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sellers", type=int, default=None, help="synthetic sellers (default 1,000,000; 50,000 with --quick)")
    parser.add_argument("--seconds", type=float, default=None, help="longest send slice per rate, s (default 10; 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="50,000 sellers and short sends (3 s or 2×rate messages per rate)")
    parser.add_argument("--rates", type=float, nargs="+", default=list(RATES), metavar="RATE", help="send rates to measure, msgs/s (default 30 80 1000)")
    parser.add_argument("--child", choices=("materialize", "fake"), help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--campaign-id", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--now", help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sellers is None:
        args.sellers = 50_000 if args.quick else 1_000_000
    if args.quick:
        args.seconds = args.seconds or 3.0
        args.per_rate = 2  # cap: messages = 2 × rate
    else:
        args.seconds = args.seconds or 10.0
        args.per_rate = 5  # cap: messages = 5 × rate
    if not 1_000 <= args.sellers <= 10_000_000:
        parser.error("--sellers must be between 1,000 and 10,000,000")
    if not 2 <= args.seconds <= 600:
        parser.error("--seconds must be in [2, 600]")
    if any(not 1 <= rate <= 100_000 for rate in args.rates):
        parser.error("--rates must be between 1 and 100,000 msgs/s")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child == "materialize":
        child_materialize(args.database_url, args.campaign_id, args.now)
        return 0
    if args.child == "fake":
        child_fake(args.rate)
        return 0
    signal.signal(signal.SIGTERM, raise_interrupt)  # so `finally` stops the children on SIGTERM too
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    fakes: list[Server] = []
    goals: dict[str, bool] = {}
    say(f"machine: {os.cpu_count()} CPUs, load average {load_average(' / ')} (1 / 5 / 15 min)")
    try:
        import httpx

        from bot.campaigns.rules import materialize
        from bot.engine.districts import DISTRICTS
        from bot.store.db import make_engine, transaction
        from bot.store.migrate import upgrade
        from bot.store.models import Campaign

        env = make_env()
        now = datetime.now(UTC)
        with tempfile.TemporaryDirectory(prefix="gem-saathi-broadcast-") as tmp:
            workdir = Path(tmp)
            path = workdir / "broadcast.db"
            url = f"sqlite:///{path}"
            # 1. setup
            say(f"setup: migrating a fresh SQLite file in {workdir}…")
            upgrade(url)
            say(f"setup: writing {args.sellers:,} sellers…")
            started = time.perf_counter()
            population = build_sellers(path, args.sellers, now)
            say(f"setup time: {time.perf_counter() - started:.1f} s ({population.sellers:,} sellers, {population.telegram:,} on Telegram, "
                f"{population.eligible:,} not opted out / erased / test; database {path.stat().st_size / MIB:,.0f} MiB)")
            engine = make_engine(url)

            # 2. materialize
            everyone = create_campaign(engine, "Registration camp, all districts", {"districts": [d.lgd_code for d in DISTRICTS]}, "draft", now)
            say(f"materialize: freezing the audience of campaign {everyone} (all {len(DISTRICTS)} districts) in a child process…")
            result = run_materialize_child(url, everyone, now, workdir)
            if result is None:
                goals["materialize time"] = goals["materialize memory"] = False
            else:
                growth_mib = max(0, result["rss_after_kb"] - result["rss_before_kb"]) / 1024
                peak_mib = result["tracemalloc_peak"] / MIB
                say(f"materialize plan: {' / '.join(result['plan'])}")
                say(f"materialize recipients: {result['added']:,} (expected {population.eligible:,})")
                say(f"materialize time: {result['seconds']:.1f} s (INSERT … SELECT {result['insert_seconds']:.1f} s, commit {result['commit_seconds']:.1f} s)")
                say(f"materialize rate: {result['added'] / result['seconds']:,.0f} recipients/s")
                say(f"materialize tracemalloc peak: {peak_mib:.1f} MiB")
                say(f"materialize peak RSS growth: {growth_mib:.1f} MiB (ru_maxrss {result['rss_before_kb'] / 1024:.0f} → {result['rss_after_kb'] / 1024:.0f} MiB)")
                goals["materialize recipients"] = result["added"] == population.eligible
                goals["materialize time"] = result["seconds"] <= MATERIALIZE_SECONDS_GOAL
                goals["materialize memory"] = max(growth_mib, peak_mib) <= MATERIALIZE_MEMORY_GOAL_MIB
                say(f"materialize goal: every eligible seller once: {verdict(goals['materialize recipients'])}")
                say(f"materialize goal: ≤ {MATERIALIZE_SECONDS_GOAL:.0f} s: {verdict(goals['materialize time'])}")
                say(f"materialize goal: ≤ {MATERIALIZE_MEMORY_GOAL_MIB:.0f} MiB (tracemalloc peak and RSS growth): {verdict(goals['materialize memory'])}")

            # 3. ceiling and 4. send: a Telegram-only campaign over as many districts as the slices need (+50 % for retries)
            caps = {rate: int(rate * args.per_rate) for rate in args.rates}
            needed = int((sum(caps.values()) + CEILING_CAP) * 1.5)
            chosen, reach = [], 0
            for district in DISTRICTS:
                if reach >= needed:
                    break
                chosen.append(district.lgd_code)
                reach += population.eligible_telegram_by_district.get(district.lgd_code, 0)
            sending = create_campaign(engine, "Registration camp, Telegram", {"channels": ["telegram"], "districts": chosen}, "scheduled", now)
            started = time.perf_counter()
            with transaction(engine) as session:
                added = materialize(session, session.get(Campaign, sending), now)
            say(f"send: campaign {sending} to {added:,} Telegram sellers in {len(chosen)} districts (materialized in {time.perf_counter() - started:.1f} s)")
            if added < needed:
                say(f"send: only {added:,} recipients for {needed:,} wanted; slices may end early (raise --sellers)")
            sent_before: set[int] = set()
            seen: Counter = Counter()
            # Calibration: how fast can this machine send at all, with no limit at the fake?
            ceiling_seconds = min(args.seconds, 5.0)
            say(f"ceiling: the fake without a limit; TelegramSender alone, 50 concurrent sends, {ceiling_seconds:g} s…")
            child = start_fake(0, workdir)
            fakes.append(child)
            try:
                sends, elapsed, outcomes = run_loop(_sender_ceiling(f"http://{HOST}:{child.port}", ceiling_seconds, 20_000))
            finally:
                stop_child(child.process)
                fakes.remove(child)
            say(f"ceiling sender alone: {sends / elapsed:,.0f} msgs/s ({dict(outcomes)} in {elapsed:.2f} s)")
            say(f"ceiling: the real Worker + CampaignFeeder + TelegramSender, pacing {UNPACED:,.0f}/s, {ceiling_seconds:g} s…")
            child = start_fake(0, workdir)
            fakes.append(child)
            try:
                run = run_loop(_send_slice(engine, url, f"http://{HOST}:{child.port}", UNPACED, ceiling_seconds, CEILING_CAP))
                stats = httpx.get(f"http://{HOST}:{child.port}/stats", timeout=30.0).json()
            finally:
                stop_child(child.process)
                fakes.remove(child)
            check = check_slice(engine, sending, run, stats, sent_before, seen, UNPACED)
            worker_ceiling = check.steady / check.steady_seconds if check.steady_seconds else 0.0
            say(f"ceiling worker: {worker_ceiling:,.0f} msgs/s ({check.steady:,} in {check.steady_seconds:.2f} s after the first second; "
                f"duplicates {check.dup_provider + check.dup_rows}, losses {check.lost_sent + check.lost_outboxed})")
            for rate in args.rates:
                say(f"send {rate:g}/s: starting the fake provider (strict: at most the rate in any 1-second window) on {HOST}; up to {args.seconds:g} s or {caps[rate]:,} messages…")
                child = start_fake(rate, workdir)
                fakes.append(child)
                base_url = f"http://{HOST}:{child.port}"
                try:
                    run = run_loop(_send_slice(engine, url, base_url, rate, args.seconds, caps[rate]))
                    stats = httpx.get(f"{base_url}/stats", timeout=30.0).json()
                finally:
                    stop_child(child.process)
                    fakes.remove(child)
                check = check_slice(engine, sending, run, stats, sent_before, seen, rate)
                if rate > worker_ceiling:
                    say(f"send {rate:g}/s note: above this machine's worker ceiling ({worker_ceiling:,.0f} msgs/s): the rate figure measures the machine, not the pacing")
                for name, ok in report_slice(rate, run, check).items():
                    goals[f"send {rate:g}/s {name}"] = ok

            # 5. late feed (diagnostic)
            late_feed(engine, env, everyone, sending, population.eligible // 2, now)
            engine.dispose()
        failed = [name for name, ok in goals.items() if not ok]
        say(f"machine: load average {load_average(' / ')} at the end")
        say(f"summary: {len(goals) - len(failed)} of {len(goals)} goals PASS" + (f"; FAIL: {', '.join(failed)}" if failed else ""))
        return 0
    except KeyboardInterrupt:
        say("interrupted: stopping children…")
        return 130
    finally:
        for child in fakes:
            stop_child(child.process)


if __name__ == "__main__":
    sys.exit(main())
