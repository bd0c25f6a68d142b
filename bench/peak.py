"""Peak benchmark: a WhatsApp broadcast at 80 messages/s into one app process on SQLite, with Twilio's webhooks coming back.

Run from the repository root after `make install`:

    .venv/bin/python bench/peak.py                     # 30 s measured after a 1 s warm-up
    .venv/bin/python bench/peak.py --quick             # 7 s measured (8 s of sending)
    .venv/bin/python bench/peak.py --seconds 60
    .venv/bin/python bench/peak.py --py-spy /tmp/peak.raw   # also sample the app process with py-spy

The question (issue 15): one process on SQLite, a broadcast at 80 messages/s on WhatsApp with three status
callbacks per message and replies from 10 % of recipients; does the broadcast stay at ≥ 0.95 of the limit
and do webhook answers keep p99 ≤ 100 ms?

Phases, all in one run, all on 127.0.0.1:
1. fake Twilio   a child process (aiohttp server and client, this file with --child fake) that accepts
                 Messages API sends through a strict window of 80 in any one second (429 code 20429
                 beyond it, as Twilio answers), gives each an SM id and stamps its arrival
                 (CLOCK_MONOTONIC). Then, as Twilio does, it posts signed status callbacks for every
                 accepted send to the StatusCallback URL the app gave (sent 0.2–0.5 s after the send,
                 delivered 0.1–0.7 s later, read 0.2–0.8 s after that: at most 2 s), and for every tenth
                 broadcast recipient a signed inbound reply ("haan ji", "1", "हाँ जी"…) to
                 /webhooks/twilio/whatsapp 0.5–3 s after the read. Each webhook is posted at its planned
                 time on its own (open loop: a slow answer does not hold the next one back) and its answer
                 timed (status code and latency, as Twilio would see them)
2. audience      a fresh SQLite file migrated with `python -m bot migrate`; enough WhatsApp sellers for
                 the run at 80/s (bench/broadcast.py's set-based writer: every seller on WhatsApp, every
                 one with an inbound message inside the 24-hour window); a real campaign to all of them,
                 its audience frozen with bot.campaigns.rules.materialize(), left in draft
3. app           `uvicorn api.main:app` in ONE child process as `make run` runs it (the outbox worker and
                 the campaign feeder inside it): WhatsApp on through TWILIO_* settings with
                 TWILIO_API_BASE_URL pointed at the fake, WHATSAPP_PER_SECOND=80, PUBLIC_BASE_URL set,
                 ENVIRONMENT=production, log level warning, access log off. The campaign is then scheduled
                 (its status set as the staff app sets it) and the app's own feeder starts it
4. broadcast     the measured window runs from 1 s after the fake accepted the first send for --seconds;
                 then the campaign is paused and the run drains (callbacks, replies and the bot's answers)
5. bare insert   the one-insert FastAPI app of bench/engine.py, driven by bench/inbound.py's clients, as
                 the same-run baseline of this machine's speed
6. goals         achieved sends (broadcast and the bot's answers to the replies) in the window ÷ 80 within
                 [0.95, 1.00], no 429; webhook answers p99 ≤ 100 ms, no error (non-2xx)

The app paces the account at 0.97 of the limit (PROVIDER_MARGIN); a broadcast takes every slot that no
answer to a seller is waiting for, so broadcast and answers together are paced at 77.6/s; the figures show
the broadcast's own rate against that pace too.

Servers run in child processes that stop on exit, on error, on Ctrl-C and when this process dies (their
stdin closes). The SQLite file lives in a temporary directory that is removed at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import itertools  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

from bench.broadcast import StrictBucket, build_sellers, create_campaign  # noqa: E402
from bench.common import (  # noqa: E402
    HOST,
    START_TIMEOUT,
    Server,
    cpu_seconds,
    load_average,
    on_stdin_eof,
    percentile,
    raise_interrupt,
    read_line,
    report_load,
    say,
    spawn,
    stop_child,
    tail,
    verdict,
    wait_until_ok,
)
from bench.engine import start_server  # noqa: E402
from bench.inbound import (  # noqa: E402
    PUBLIC,
    STATUS_CYCLE,
    WA_PATH,
    app_env,
    cpu_use,
    drive,
    load_of,
    migrate,
    start_app,
    start_py_spy,
    status_form,
    twilio_headers,
    status_outcomes,
    summarize_profile,
)
from bot.loop import run as run_loop  # noqa: E402

# ---------------------------------------------------------------------------- goals and knobs

LIMIT = 80.0  # Twilio's WhatsApp messages/s per sender, the app's WHATSAPP_PER_SECOND
RATIO_LOW, RATIO_HIGH = 0.95, 1.00
WEBHOOK_P99_GOAL = 100.0  # ms
WARMUP = 1.0  # s after the first accepted send that the window leaves out
REPLY_EVERY = 10  # every tenth broadcast recipient replies: 10 %
REPLIES = ("haan ji", "1", "हाँ जी", "ok ji", "aage batao", "जी, बताइए", "theek hai", "haan")
TOO_MANY_REQUESTS = {"code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429}
# Seconds after the send (status callbacks) and after the read (the seller's reply), drawn uniformly.
SENT_AFTER = (0.2, 0.5)
DELIVERED_AFTER = (0.1, 0.7)
READ_AFTER = (0.2, 0.8)
REPLY_AFTER = (0.5, 3.0)
FIRST_SEND_TIMEOUT = 30.0  # s from scheduling the campaign to the first send reaching the fake
DRAIN_TIMEOUT = 30.0  # s after the pause for the last callbacks, replies and answers
QUIET = 1.0  # s without a new send or webhook that ends the drain
SHARE_PACE = LIMIT * 0.97  # the account's pace (PROVIDER_MARGIN), which the broadcast shares with answers
BARE_CLIENTS = 16


# ---------------------------------------------------------------------------- 1. fake Twilio (child)


def child_fake(rate: float, seed: int) -> None:
    """Serve the fake Twilio on a free loopback port, printed as `PORT n`, posting webhooks back; stop at stdin EOF."""
    # aiohttp on both sides rather than FastAPI: the fake shares the machine's cores with the app it measures.
    import socket

    import aiohttp
    from aiohttp import web
    from tests.fakes import whatsapp_form

    bucket = StrictBucket(rate)
    rng = random.Random(seed)
    ids = itertools.count(1)
    inbound_ids = itertools.count(1)
    accepted: list[tuple[float, str, bool]] = []  # (monotonic, To number, first send to that number)
    rejected: list[float] = []
    webhooks: list[tuple[str, float, float, float, int]] = []  # (kind, planned, started, latency s, HTTP status)
    replies: list[tuple[str, float]] = []  # (number, monotonic the inbound reply was posted)
    seen: Counter = Counter()
    failures: Counter = Counter()  # transport errors by exception name
    state: dict[str, Any] = {"app": None, "session": None, "broadcast": 0, "pending": 0}
    tasks: set[asyncio.Task] = set()

    async def post(kind: str, url: str, form: dict[str, str], planned: float) -> None:
        """Post one signed webhook at its planned time and record its answer."""
        delay = planned - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        headers = twilio_headers(url, form)
        target = state["app"] + urlsplit(url).path
        started = time.monotonic()
        try:
            async with state["session"].post(target, data=form, headers=headers) as answer:
                await answer.read()
            status = answer.status
        except (aiohttp.ClientError, TimeoutError) as error:
            status = 0
            failures[type(error).__name__] += 1
        webhooks.append((kind, planned, started, time.monotonic() - started, status))
        if kind == "inbound" and status == 200:
            replies.append((form["From"].removeprefix("whatsapp:"), started))

    def later(kind: str, url: str, form: dict[str, str], planned: float) -> None:
        """Plan one webhook as its own task: like Twilio, it goes at its time whether or not earlier ones were answered."""
        state["pending"] += 1

        async def go() -> None:
            try:
                await post(kind, url, form, planned)
            finally:
                state["pending"] -= 1

        task = asyncio.create_task(go())
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    def follow(sid: str, to: str, callback: str | None, reply: bool, at: float) -> None:
        """Plan one message's status callbacks (and its recipient's reply) at their times."""
        when = at
        for status, (low, high) in zip(STATUS_CYCLE, (SENT_AFTER, DELIVERED_AFTER, READ_AFTER), strict=True):
            when += rng.uniform(low, high)
            if callback:
                later("status", callback, status_form(sid, status, f"whatsapp:{to}"), when)
        if reply:
            when += rng.uniform(*REPLY_AFTER)
            sid_in = f"SM{'f' * 8}{next(inbound_ids):024x}"
            later("inbound", PUBLIC + WA_PATH, whatsapp_form(sid_in, to, rng.choice(REPLIES)), when)

    def resource(account: str, sid: str, form: dict[str, str]) -> dict[str, Any]:
        """Return the message resource Twilio answers a create with."""
        now = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())
        return {
            "account_sid": account, "api_version": "2010-04-01", "body": form.get("Body", ""), "date_created": now, "date_sent": None,
            "date_updated": now, "direction": "outbound-api", "error_code": None, "error_message": None, "from": form.get("From"),
            "messaging_service_sid": None, "num_media": "0", "num_segments": "1", "price": None, "price_unit": None, "sid": sid,
            "status": "queued", "subresource_uris": {"media": f"/2010-04-01/Accounts/{account}/Messages/{sid}/Media.json"},
            "to": form.get("To"), "uri": f"/2010-04-01/Accounts/{account}/Messages/{sid}.json",
        }

    async def create(request: web.Request) -> web.Response:
        """Accept or refuse one send, then plan its webhooks."""
        form = {k: str(v) for k, v in (await request.post()).items()}
        now = time.monotonic()
        if bucket.take(now) is not None:
            rejected.append(now)
            return web.json_response(TOO_MANY_REQUESTS, status=429)
        to = form.get("To", "").removeprefix("whatsapp:")
        sid = f"SM{next(ids):032x}"
        first = seen[to] == 0
        seen[to] += 1
        accepted.append((now, to, first))
        reply = False
        if first:  # a broadcast: the bot's answers to a reply come later, to a number already seen
            state["broadcast"] += 1
            reply = state["broadcast"] % REPLY_EVERY == 0
        if state["app"] is not None:
            follow(sid, to, form.get("StatusCallback"), reply, now)
        return web.json_response(resource(request.match_info["account"], sid, form), status=201)

    async def set_app(request: web.Request) -> web.Response:
        """Learn the app's loopback root, where the webhooks go."""
        state["app"] = (await request.json())["root"]
        return web.json_response({"ok": True})

    async def count(_request: web.Request) -> web.Response:
        """Say how far the run is: sends, 429s, webhooks answered and planned."""
        return web.json_response({
            "accepted": len(accepted), "rejected": len(rejected), "first": accepted[0][0] if accepted else None,
            "webhooks": len(webhooks), "pending": state["pending"],
        })

    async def stats(_request: web.Request) -> web.Response:
        """Hand over everything recorded."""
        return web.json_response({"accepted": accepted, "rejected": rejected, "webhooks": webhooks, "replies": replies, "failures": failures})

    async def serve() -> None:
        """Run the server until stdin closes."""
        state["session"] = aiohttp.ClientSession(
            # No cap on connections, as Twilio; idle ones closed before uvicorn's 5 s keep-alive would close them under a request.
            connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=4), timeout=aiohttp.ClientTimeout(total=30)
        )
        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{account}/Messages.json", create)
        app.router.add_post("/_bench/app", set_app)
        app.router.add_get("/_bench/count", count)
        app.router.add_get("/_bench/stats", stats)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, 0))
        await web.SockSite(runner, sock).start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        on_stdin_eof(lambda: loop.call_soon_threadsafe(stop.set))
        print(f"PORT {sock.getsockname()[1]}", flush=True)
        await stop.wait()
        for task in tasks:
            task.cancel()
        await state["session"].close()
        await runner.cleanup()

    run_loop(serve())


def start_fake(workdir: Path, rate: float, seed: int) -> tuple[Server, str]:
    """Start the fake Twilio child; return its handle and root URL."""
    log = workdir / "fake-twilio.log"
    process = spawn(__file__, ["--child", "fake", "--rate", str(rate), "--seed", str(seed)], log, {**os.environ, "PYTHONUNBUFFERED": "1"})
    server = Server(name="fake Twilio", process=process, port=0, log=log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        server.port = int(read_line(process, log, "fake Twilio", deadline).split()[1])
        root = f"http://{HOST}:{server.port}"
        wait_until_ok(process, root + "/_bench/count", log, "fake Twilio", deadline)
        return server, root
    except BaseException:
        stop_child(process)
        raise


# ---------------------------------------------------------------------------- 2. audience


def audience_size(seconds: float) -> int:
    """Return how many sellers keep a broadcast at the full limit through warm-up, window and the pause (opted-out and test ones left out)."""
    return math.ceil(LIMIT * (WARMUP + seconds + 4) / 0.97) + 100


def prepare(db: Path, sellers: int) -> tuple[int, int]:
    """Write the sellers and a draft campaign to all of them with its audience frozen; return (campaign id, recipients)."""
    from bot.campaigns.rules import materialize
    from bot.store.db import make_engine, transaction
    from bot.store.models import Campaign

    now = datetime.now(UTC)
    started = time.perf_counter()
    build_sellers(db, sellers, now, telegram_pct=0, recent_pct=100)
    engine = make_engine(f"sqlite:///{db}")
    try:
        campaign_id = create_campaign(engine, "Registration camp, WhatsApp", {"channels": ["whatsapp"]}, "draft", now)
        with transaction(engine) as session:
            added = materialize(session, session.get(Campaign, campaign_id), now)
    finally:
        engine.dispose()
    say(f"audience: {sellers:,} WhatsApp sellers, campaign {campaign_id} frozen to {added:,} recipients in {time.perf_counter() - started:.1f} s")
    return campaign_id, added


def set_campaign(db: Path, campaign_id: int, action: str) -> None:
    """Schedule the campaign (the app's feeder starts it) or pause it, as the staff app does."""
    from bot.campaigns.rules import pause
    from bot.store.db import make_engine, transaction
    from bot.store.models import Campaign

    engine = make_engine(f"sqlite:///{db}")
    try:
        with transaction(engine) as session:
            campaign = session.get(Campaign, campaign_id)
            now = datetime.now(UTC)
            if action == "schedule":
                campaign.status, campaign.updated_at = "scheduled", now
            else:
                pause(session, campaign, now)
    finally:
        engine.dispose()


def outbox_waiting(db: Path) -> int:
    """Count outbox rows not yet sent (pending or being sent), read without the write lock."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        return conn.execute("SELECT count(*) FROM outboxmessage WHERE status IN ('pending', 'sending')").fetchone()[0]


# ---------------------------------------------------------------------------- 3. and 4. the broadcast


@dataclass(slots=True)
class Window:
    """The measured window (CLOCK_MONOTONIC, the fake's clock too) and the app's CPU over it."""

    start: float = 0.0
    end: float = 0.0
    cpu: float | None = None
    fake_cpu: float | None = None  # the load generator's own, to show it kept up
    drained: float = 0.0
    left: int = 0


def wait_first_send(fake: str) -> float:
    """Wait until the fake accepted its first send; return its time."""
    import httpx

    deadline = time.monotonic() + FIRST_SEND_TIMEOUT
    while time.monotonic() < deadline:
        first = httpx.get(fake + "/_bench/count", timeout=5).json()["first"]
        if first is not None:
            return first
        time.sleep(0.02)
    raise RuntimeError(f"no send reached the fake within {FIRST_SEND_TIMEOUT:.0f} s of scheduling the campaign")


def run_window(fake: str, app_pid: int, fake_pid: int, seconds: float) -> Window:
    """Print progress each second through warm-up and window; return the window and the app's and the fake's CPU over it."""
    import httpx

    window = Window()
    window.start = wait_first_send(fake) + WARMUP
    window.end = window.start + seconds
    time.sleep(max(0.0, window.start - time.monotonic()))
    before, fake_before = cpu_seconds(app_pid), cpu_seconds(fake_pid)
    last = httpx.get(fake + "/_bench/count", timeout=5).json()
    while (now := time.monotonic()) < window.end:
        time.sleep(min(1.0, window.end - now))
        seen = httpx.get(fake + "/_bench/count", timeout=5).json()
        say(f"  {time.monotonic() - window.start:4.1f} s: {seen['accepted'] - last['accepted']} sends, "
            f"{seen['webhooks'] - last['webhooks']} webhooks answered, {seen['rejected']} 429s so far, {seen['pending']} webhooks planned or awaiting their answer")
        last = seen
    after, fake_after = cpu_seconds(app_pid), cpu_seconds(fake_pid)
    window.cpu = after - before if before is not None and after is not None else None
    window.fake_cpu = fake_after - fake_before if fake_before is not None and fake_after is not None else None
    return window


def drain(fake: str, db: Path, window: Window) -> None:
    """Wait until no webhook is planned, the outbox is empty and nothing new arrived for QUIET seconds."""
    import httpx

    started = time.monotonic()
    last: tuple[int, int] | None = None
    quiet_since = started
    while time.monotonic() - started < DRAIN_TIMEOUT:
        seen = httpx.get(fake + "/_bench/count", timeout=5).json()
        window.left = outbox_waiting(db)
        now = (seen["accepted"], seen["webhooks"])
        if now != last:
            last, quiet_since = now, time.monotonic()
        if seen["pending"] == 0 and window.left == 0 and time.monotonic() - quiet_since >= QUIET:
            break
        time.sleep(0.1)
    window.drained = time.monotonic() - started


# ---------------------------------------------------------------------------- figures


@dataclass(slots=True)
class Figures:
    """What the fake recorded, read against the window."""

    sends: int = 0
    broadcast: int = 0
    answers: int = 0  # the bot's answers to replies (a send to a number already sent to)
    rejected: int = 0
    rejected_in_window: int = 0
    status: list[float] = field(default_factory=list)  # latencies (s) of status callbacks started in the window
    inbound: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)  # (kind, HTTP status) of non-2xx answers, whole run
    failures: dict[str, int] = field(default_factory=dict)  # transport errors (no answer) by exception name
    webhooks: int = 0  # whole run
    lag: list[float] = field(default_factory=list)  # how late the fake posted webhooks (s), in the window
    replies_posted: int = 0
    replies_answered: int = 0
    reply_latency: list[float] = field(default_factory=list)  # inbound reply posted → first answer at the fake


def read_figures(stats: dict[str, Any], window: Window) -> Figures:
    """Count sends, webhooks and replies, the window's apart."""
    figures = Figures()
    inside = lambda t: window.start <= t < window.end  # noqa: E731
    later_sends: dict[str, list[float]] = {}
    for at, to, first in stats["accepted"]:
        if not first:
            later_sends.setdefault(to, []).append(at)
        if inside(at):
            figures.sends += 1
            figures.broadcast += first
            figures.answers += not first
    figures.rejected = len(stats["rejected"])
    figures.failures = stats["failures"]
    figures.rejected_in_window = sum(1 for t in stats["rejected"] if inside(t))
    for kind, planned, started, latency, status in stats["webhooks"]:
        figures.webhooks += 1
        ok = status == (204 if kind == "status" else 200)
        if not ok:
            figures.errors[(kind, status)] += 1
        if inside(started):
            figures.lag.append(max(0.0, started - planned))
            if ok:
                (figures.status if kind == "status" else figures.inbound).append(latency)
    for number, posted in stats["replies"]:
        figures.replies_posted += 1
        after = [t for t in later_sends.get(number, ()) if t >= posted]
        if after:
            figures.replies_answered += 1
            figures.reply_latency.append(min(after) - posted)
    return figures


def latency_line(label: str, values: list[float]) -> None:
    """Print one kind of webhook's count and p50/p99 answer time."""
    say(f"{label} p50: {percentile(values, 50):.1f} ms, p99 {percentile(values, 99):.1f} ms, max {max(values, default=math.nan) * 1000:.1f} ms ({len(values):,} answers in the window)")


def report(args: argparse.Namespace, window: Window, figures: Figures, outcomes: dict[str, int], bare: Any, bare_cpu: str, recipients: int) -> None:
    """Print the figures, the goals and the last line."""
    seconds = window.end - window.start
    rate = figures.sends / seconds if seconds else 0.0
    ratio = rate / LIMIT
    say("")
    say(f"window: {seconds:.2f} s from {WARMUP:g} s after the first send; drained in {window.drained:.1f} s after the pause"
        + (f" ({window.left} outbox rows still unsent)" if window.left else ""))
    say(f"send rate: {rate:,.1f} msgs/s ({figures.sends:,} sends in the window: {figures.broadcast:,} broadcast, {figures.answers:,} answers to replies)")
    say(f"achieved ÷ limit: {ratio:.3f} (all sends ÷ {LIMIT:g}/s)")
    say(f"broadcast ÷ limit: {figures.broadcast / seconds / LIMIT:.3f}; broadcast ÷ its pace: {figures.broadcast / seconds / SHARE_PACE:.3f} "
        f"(0.97 × {LIMIT:g} = {SHARE_PACE:.1f}/s)")
    say(f"429s: {figures.rejected} ({figures.rejected_in_window} in the window)")
    every = figures.status + figures.inbound
    latency_line("webhook status callbacks", figures.status)
    latency_line("webhook inbound replies", figures.inbound)
    latency_line("webhook all", every)
    say(f"webhook p99: {percentile(every, 99):.1f} ms")
    errors = sum(figures.errors.values())
    detail = ", ".join(f"{kind} HTTP {status or 'none'}: {n}" for (kind, status), n in sorted(figures.errors.items()))
    if figures.failures:
        detail += "; no answer: " + ", ".join(f"{name} {n}" for name, n in sorted(figures.failures.items()))
    say(f"webhook errors: {errors} of {figures.webhooks:,} webhooks in the whole run" + (f" ({detail})" if detail else ""))
    fake_cpu = f"; the fake used {window.fake_cpu / seconds:.2f} of a core" if window.fake_cpu is not None and seconds else ""
    say(f"fake lag p99: {percentile(figures.lag, 99):.1f} ms (how late the fake posted a webhook after its planned time, in the window{fake_cpu})")
    say(f"replies answered: {figures.replies_answered:,} of {figures.replies_posted:,} inbound replies got an answer from the bot "
        f"(first answer p50 {percentile(figures.reply_latency, 50):.1f} ms, p99 {percentile(figures.reply_latency, 99):.1f} ms after the reply was posted)")
    say("outbox WhatsApp rows after the run: " + ", ".join(f"{k} {v:,}" for k, v in sorted(outcomes.items())) + f" (campaign: {recipients:,} recipients)")
    if window.cpu is not None and figures.sends:
        handled = figures.sends + len(every)
        say(f"app CPU: {window.cpu * 1000 / figures.sends:.2f} ms a message sent, with its callbacks and replies "
            f"({window.cpu:.2f} s over {figures.sends:,} sends and {len(every):,} webhooks, {window.cpu * 1000 / handled:.2f} ms a request; "
            f"{window.cpu / seconds:.2f} of a core)")
    else:
        say("app CPU: not measured (no /proc)")
    report_load("bare insert", bare)
    say(f"bare insert CPU: {bare_cpu}")
    say(f"load average at end: {load_average(' ')} ({os.cpu_count()} cores)")
    high = RATIO_HIGH + 1 / (LIMIT * seconds) if seconds else RATIO_HIGH  # the strict window's one extra message
    p99 = percentile(every, 99)
    say(f"goal {RATIO_LOW:.2f} ≤ achieved/limit ≤ {RATIO_HIGH:.2f}: {verdict(RATIO_LOW <= ratio <= high)} ({ratio:.3f})")
    say(f"goal zero 429s: {verdict(figures.rejected == 0 and figures.sends > 0)}")
    say(f"goal webhook p99 ≤ {WEBHOOK_P99_GOAL:.0f} ms: {verdict(p99 <= WEBHOOK_P99_GOAL and errors == 0)} ({p99:.1f} ms, {errors} errors)")
    say(f"peak: {ratio:.3f} of the limit, webhook p99 {p99:.1f} ms, {errors} errors")


# ---------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=None, help="measured window, s (default 30; 7 with --quick)")
    parser.add_argument("--quick", action="store_true", help="7 s window, 1 s bare-insert baseline")
    parser.add_argument("--sellers", type=int, default=None, help="WhatsApp sellers (default: enough for the window at 80/s)")
    parser.add_argument("--seed", type=int, default=15, help="seed of the fake's delays and reply texts (default 15)")
    parser.add_argument("--py-spy", type=Path, metavar="FILE", help="sample the app with py-spy (if installed) over the window into FILE (raw format)")
    parser.add_argument("--py-spy-native", action="store_true", help="with --py-spy: all threads with C frames (slows the app; read shares only)")
    parser.add_argument("--child", choices=("fake",), help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=float, default=LIMIT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seconds is None:
        args.seconds = 7.0 if args.quick else 30.0
    if not 2 <= args.seconds <= 600:
        parser.error("--seconds must be in [2, 600]")
    if args.sellers is None:
        args.sellers = audience_size(args.seconds)
    if not 100 <= args.sellers <= 10_000_000:
        parser.error("--sellers must be between 100 and 10,000,000")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the phases and print the figures."""
    args = parse_args(argv)
    if args.child == "fake":
        child_fake(args.rate, args.seed)
        return 0
    signal.signal(signal.SIGTERM, raise_interrupt)  # so `finally` stops the children on SIGTERM too
    servers: list[Server] = []
    spy: subprocess.Popen | None = None
    say(f"load average at start: {load_average(' ')} ({os.cpu_count()} cores)")
    try:
        import httpx

        from bot.i18n import compile_catalogues

        compile_catalogues()  # as `make run`: the app loads the compiled catalogues
        with tempfile.TemporaryDirectory(prefix="gem-saathi-peak-") as tmp:
            workdir = Path(tmp)
            db = workdir / "app.db"
            say(f"fake Twilio: starting on {HOST} (at most {LIMIT:g} sends in any second, 429 beyond)…")
            fake_server, fake = start_fake(workdir, LIMIT, args.seed)
            servers.append(fake_server)

            env = app_env(f"sqlite:///{db}", "http://127.0.0.1:9", fake, 30, LIMIT)
            for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_API_BASE_URL", "TELEGRAM_PER_SECOND", "TELEGRAM_PER_CHAT_PER_SECOND"):
                env.pop(name, None)  # WhatsApp only
            say("audience: migrating a fresh SQLite database (python -m bot migrate)…")
            migrate(env, workdir)
            campaign_id, recipients = prepare(db, args.sellers)

            say(f"app: starting uvicorn api.main:app on {HOST} (worker in the process, WHATSAPP_PER_SECOND={LIMIT:g})…")
            app = start_app(env, workdir)
            servers.append(app)
            httpx.post(fake + "/_bench/app", json={"root": f"http://{HOST}:{app.port}"}, timeout=5).raise_for_status()

            say(f"broadcast: scheduling campaign {campaign_id}; warming up {WARMUP:g} s after the first send, then measuring {args.seconds:g} s…")
            set_campaign(db, campaign_id, "schedule")
            if args.py_spy:
                spy = start_py_spy(app.process.pid, WARMUP + args.seconds + 2, args.py_spy, workdir / "py-spy.log", args.py_spy_native)
            window = run_window(fake, app.process.pid, fake_server.process.pid, args.seconds)
            say("broadcast: pausing the campaign; waiting for the last callbacks, replies and answers…")
            set_campaign(db, campaign_id, "pause")
            drain(fake, db, window)
            stats = httpx.get(fake + "/_bench/stats", timeout=30).json()
            stop_child(app.process)
            servers.remove(app)
            if app.process.returncode not in (0, None, -signal.SIGTERM):
                say(f"app: exited with {app.process.returncode}; log tail:\n{tail(app.log)}")
            stop_child(fake_server.process)
            servers.remove(fake_server)
            outcomes = status_outcomes(db)
            if spy is not None:
                try:
                    spy.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    spy.terminate()
                    spy.wait(timeout=10)

            bare_args = argparse.Namespace(clients=BARE_CLIENTS, seconds=1.0 if args.quick else 5.0, max_requests=200_000, think=1.5, sellers=2_000)
            say(f"bare insert: starting uvicorn on {HOST}; {bare_args.seconds:g} s with {BARE_CLIENTS} clients…")
            bare = start_server("bare", f"sqlite:///{workdir / 'bare.db'}", workdir, secrets.token_urlsafe(32))
            servers.append(bare)
            try:
                cpu_before = cpu_seconds(bare.process.pid)
                bare_run = drive("bare", bare.port, bare_args, 0.2 if args.quick else 0.5)
                bare_cpu = cpu_use(cpu_before, cpu_seconds(bare.process.pid), bare_run)
            finally:
                stop_child(bare.process)
                servers.remove(bare)

        if spy is not None and args.py_spy.exists():
            summarize_profile(args.py_spy, 12)
        report(args, window, read_figures(stats, window), outcomes, load_of(bare_run), bare_cpu, recipients)
        return 0
    except KeyboardInterrupt:
        say("interrupted: stopping servers…")
        return 130
    finally:
        if spy is not None and spy.poll() is None:
            spy.terminate()
            try:
                spy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                spy.kill()
        for server in reversed(servers):
            stop_child(server.process)


if __name__ == "__main__":
    sys.exit(main())
