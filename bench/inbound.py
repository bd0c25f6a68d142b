"""Inbound webhook benchmark: signed Telegram and WhatsApp webhooks into the real app, replies out to fakes.

Run from the repository root after `make install`:

    .venv/bin/python bench/inbound.py                # 5 s measured, 16 clients
    .venv/bin/python bench/inbound.py --quick        # 1 s smoke run
    .venv/bin/python bench/inbound.py --seconds 10 --clients 32
    .venv/bin/python bench/inbound.py --driver wrk   # the load from wrk (apt-get install wrk) instead of Python clients
    .venv/bin/python bench/inbound.py --py-spy /tmp/app.raw   # also sample the app process with py-spy
    .venv/bin/python bench/inbound.py --py-spy /tmp/app.raw --py-spy-phase status   # … while it takes status callbacks

Phases, all in one run, all on 127.0.0.1:
1. fakes        a fake Telegram Bot API and a fake Twilio REST API (tests/fakes.py) in one child process;
                each stamps the wall-clock arrival (time.time()) of every send, keyed by chat id / To number,
                and answers 429 like the real provider when a send breaks its rate limit
2. app          `uvicorn api.main:app` in a child process, on a fresh SQLite file migrated with
                `python -m bot migrate`, with the providers pointed at the fakes and PUBLIC_BASE_URL set
                (webhooks, not polling), production settings, log level warning, access log off
3. inbound      N clients (aiohttp sessions, one connection each) post webhooks back to back for the
                measured duration: even clients WhatsApp (signed Twilio form posts), odd clients Telegram
                (updates with the secret header); each client walks its own sellers through a Hindi
                registration conversation, a seller sending its next message at least --think s after its
                previous one (a fresh seller is opened when none is due)
4. replies      after the clients stop, the outbox is drained; each inbound message's reply latency is the
                time from its webhook being sent to the fake receiving its first reply
5. status       the same app, still running: the Twilio ids (SM…) the fake gave the WhatsApp replies are read
                from the outbox, and the same number of clients post signed status callbacks alone for the
                measured duration, each id going through sent, delivered, read (once all ids are done they
                start over: repeats, which the app must take as no-ops)
6. bare insert  the one-insert FastAPI app of bench/engine.py, same uvicorn settings, same clients, same
                duration
--driver wrk   the inbound, status and bare insert phases are driven by wrk (in C, so the load generator takes
                less of the 2 cores than Python clients) with bench/wrk/replay.lua replaying requests this
                process built and wrote to files beforehand: --clients connections over --wrk-threads threads,
                a 1 s warm-up run, then a --seconds run (whole seconds). Inbound is WhatsApp only: Twilio form
                posts signed like the aiohttp clients', each with its own MessageSid, from sellers walking the
                same Hindi conversation; a seller's next message comes one wave of sellers later, a wave being
                what the warm-up's rate sends in --think s. The measured run gets twice (warm-up rate ×
                --seconds) distinct requests; a thread that has sent all of its own starts over and the
                repeats are counted and printed (a repeated MessageSid is a no-op). Status callbacks: the
                warm-up on the first tenth of the ids, the measured run on the rest, each id through sent,
                delivered, read; when they would not last --seconds at 1.3 × the warm-up's rate, the
                measured run is shortened (whole seconds) rather than filled with repeats. The bare insert
                gets the same sellers' texts and the same wrk settings. Lua stamps each webhook's send time,
                so replies are paired as with the aiohttp clients; latency percentiles are wrk's, over every
                response of the measured run
7. goals        ≥ 1,000 inbound messages/s, inbound p99 ≤ 100 ms, reply p50 ≤ 50 ms, no 429s or duplicates,
                status callbacks ≥ 0.8 of the bare insert; and the ratios inbound ÷ bare insert and
                status ÷ bare insert

Servers run in child processes that stop on exit, on error, on Ctrl-C and when this process dies
(their stdin closes).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import heapq  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import defaultdict, deque  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

from bench.common import (  # noqa: E402
    HOST,
    START_TIMEOUT,
    Load,
    Server,
    check_load_args,
    cpu_seconds,
    load_average,
    on_stdin_eof,
    percentile,
    raise_interrupt,
    read_line,
    report_load,
    run_clients,
    say,
    spawn,
    stop_child,
    tail,
    verdict,
    wait_until_ok,
)
from bench.engine import MAX_CONSECUTIVE_ERRORS, REQUEST_TIMEOUT, start_server  # noqa: E402
from bench.replay import Replay, raw_post, run_wrk, wrk_binary, write_requests  # noqa: E402

# ---------------------------------------------------------------------------- goals and knobs

INBOUND_GOAL = 1_000.0  # inbound messages/s, sustained
INBOUND_P99_GOAL = 100.0  # ms
REPLY_P50_GOAL = 50.0  # ms
STATUS_RATIO_GOAL = 0.8  # status callbacks/s ÷ bare inserts/s

PUBLIC = "https://saathi.example.in"  # PUBLIC_BASE_URL: Twilio signs this URL, and it switches Telegram to webhooks
TG_TOKEN = "123456:BENCH-token"
TG_SECRET = "bench-webhook-secret_0123456789"
TG_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
TWILIO_SID = "AC" + "1" * 32
TWILIO_TOKEN = "bench-twilio-auth-token-0123456789ab"
TWILIO_FROM = "whatsapp:+14155238886"
WA_PATH = "/webhooks/twilio/whatsapp"
STATUS_PATH = "/webhooks/twilio/status"
STATUS_CYCLE = ("sent", "delivered", "read")  # what Twilio reports for one WhatsApp message, in order
TG_PATH = "/webhooks/telegram"
BARE_PATH = "/api/bare/messages"
APP_UVICORN_ARGS = ["--log-level", "warning", "--no-access-log"]  # = bench.common.UVICORN_OPTIONS, as CLI flags
DRAIN_TIMEOUT = 15.0  # s to wait, after the clients stop, for the outbox to empty
PER_CHAT_BURST = 3  # the fake Telegram answers 429 to a 4th message to one chat within 1 s (1/s, short bursts tolerated)
WRK_WARMUP = 1  # s of the warm-up run under --driver wrk (wrk runs whole seconds)
REPLAY_GUESS = 1_000.0  # requests/s the warm-up run's requests are prepared for
REPLAY_MARGIN = 2.0  # the measured run gets this many times (warm-up rate × --seconds) distinct requests
SHORT_MARGIN = 1.3  # a measured run too short of distinct requests lasts as long as they do at this many times the warm-up's rate
STATUS_WAVE = 100  # ids whose sent, delivered and read callbacks the status replay interleaves
FORM = "application/x-www-form-urlencoded"

# A seller's side of the registration conversation, as typed (numbers pick the numbered option), each
# message with the number of replies the bot answers it with. Every combination of the variants below walks
# the engine to the GeM sign-up step, one new step per message (checked against bot.engine when written).
NAMES = ("Ramesh Kumar", "सुनीता देवी", "Anil Verma", "मोहम्मद इरफ़ान", "Priya Singh")
BUSINESSES = ("Shri Ram Textiles", "सुनीता हैंडलूम", "Verma Steel Works", "इरफ़ान ज़री उद्योग", "Singh Office Supplies")
DISTRICTS = ("lucknow", "varanasi", "agra", "gorakhpur", "लखनऊ", "meerut", "prayagraj")


def conversation(channel: str, client: int, seller: int) -> list[tuple[str, int]]:
    """Return the messages one seller sends, from hello to starting GeM sign-up, with the replies each gets."""
    lines = [
        ("नमस्ते", 1),
        ("1", 1),  # हिंदी
        ("ha", 1),  # consent
        (NAMES[seller % len(NAMES)], 1),
        (BUSINESSES[(seller + client) % len(BUSINESSES)], 1),
        (DISTRICTS[(seller + 2 * client) % len(DISTRICTS)], 1),
        ("1", 1),  # products
        ("5", 1),  # textiles
        ("haan", 1),  # maker
        ("1", 1),  # proprietorship
        ("4", 1),  # neither
        ("1", 1),  # turnover under ₹1 crore
        (f"UDYAM-UP-{client % 75 + 1:02d}-{seller:07d}", 1),
        (f"AAAP{'ABCDEFGHJK'[client % 10]}{seller % 10_000:04d}{'KLMNPQRSTV'[seller % 10]}", 1),
        ("no gstin", 2),  # "fine without GSTIN", then the next question
    ]
    if channel == "telegram":  # Telegram does not give the number: the seller types one (never a WhatsApp number)
        lines.append((f"7{client:03d}{seller:06d}", 1))
    lines += [("haan", 1), ("haan", 1), (f"seller{client}x{seller}@example.com", 1), ("1", 1)]
    return lines


# ---------------------------------------------------------------------------- fakes (child process)


def serve_fakes(tg_rate: float, wa_rate: float) -> None:
    """Child process: fake Telegram and Twilio on loopback, printed as `PORTS tg tw`; stop at stdin EOF."""
    from fastapi import FastAPI

    from tests.fakes import Recorder, fake_telegram, fake_twilio, serve

    class Stamps:
        """What one fake saw: arrival times of accepted sends per chat, 429s, and repeated sends."""

        def __init__(self, channel: str, per_second: float, per_chat: int | None) -> None:
            self.channel = channel
            self.per_second = per_second
            self.per_chat = per_chat
            self.arrivals: list[tuple[str, float]] = []
            self.rejected = 0
            self.duplicates = 0
            self._seen: set[int] = set()
            self._window: deque[float] = deque()
            self._chat_windows: dict[str, deque[float]] = defaultdict(deque)

        def script(self, method: str, body: dict) -> tuple[int, dict] | None:
            # Called by the fake for every request, on the fake's event loop (one thread per fake).
            if method not in ("sendMessage", "Messages"):
                return None
            now = time.time()
            key = str(body.get("chat_id")) if self.channel == "telegram" else str(body.get("To", "")).removeprefix("whatsapp:")
            # Rate limits as the real provider enforces them: account-wide (the aiolimiter bucket the app
            # uses can put up to twice its rate into one sliding second) and, on Telegram, per chat.
            window = self._window
            while window and now - window[0] >= 1.0:
                window.popleft()
            chat = self._chat_windows[key]
            while chat and now - chat[0] >= 1.0:
                chat.popleft()
            if len(window) >= 2 * self.per_second or (self.per_chat is not None and len(chat) >= self.per_chat):
                self.rejected += 1
                if self.channel == "telegram":
                    return 429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}}
                return 429, {"code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429}
            window.append(now)
            chat.append(now)
            # A duplicate is a send whose whole body (same chat, same text, same buttons) was accepted before.
            # The conversations never make the bot say the same thing twice to one seller.
            digest = hash(json.dumps(body, sort_keys=True, ensure_ascii=False))
            if digest in self._seen:
                self.duplicates += 1
            self._seen.add(digest)
            self.arrivals.append((key, now))
            return None

        def add_routes(self, app: FastAPI) -> None:
            @app.get("/_bench/count")
            def count() -> dict:
                return {"accepted": len(self.arrivals), "rejected": self.rejected}

            @app.get("/_bench/arrivals")
            def arrivals() -> dict:
                return {"arrivals": self.arrivals, "rejected": self.rejected, "duplicates": self.duplicates}

    tg, wa = Stamps("telegram", tg_rate, PER_CHAT_BURST), Stamps("whatsapp", wa_rate, None)
    tg_app, wa_app = fake_telegram(Recorder(script=tg.script)), fake_twilio(Recorder(script=wa.script))
    tg.add_routes(tg_app)
    wa.add_routes(wa_app)
    with serve(tg_app) as tg_root, serve(wa_app) as wa_root:
        print(f"PORTS {tg_root.rsplit(':', 1)[1]} {wa_root.rsplit(':', 1)[1]}", flush=True)
        sys.stdin.read()  # returns at EOF: the parent closed our stdin or died


# ---------------------------------------------------------------------------- the app (child process)


def serve_app(port: int) -> None:
    """Child process: `uvicorn api.main:app` through uvicorn's own command line, stopped at stdin EOF."""
    import uvicorn

    def stop() -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # uvicorn's handler: graceful shutdown, lifespan closes the senders

    on_stdin_eof(stop)
    uvicorn.main(["api.main:app", "--host", HOST, "--port", str(port), *APP_UVICORN_ARGS], prog_name="uvicorn")


def start_fakes(workdir: Path, tg_rate: float, wa_rate: float) -> tuple[Server, str, str]:
    """Start the fake providers; return the server handle and the Telegram and Twilio roots."""
    log = workdir / "fakes.log"
    process = spawn(__file__, ["--serve-fakes", "--tg-rate", str(tg_rate), "--wa-rate", str(wa_rate)], log, {**os.environ, "PYTHONUNBUFFERED": "1"})
    server = Server(name="fakes", process=process, port=0, log=log)
    try:
        _, tg_port, wa_port = read_line(process, log, "fake provider process", time.monotonic() + START_TIMEOUT).split()
    except BaseException:
        stop_child(process)
        raise
    server.port = int(tg_port)
    return server, f"http://{HOST}:{tg_port}", f"http://{HOST}:{wa_port}"


def app_env(database_url: str, tg_root: str, wa_root: str, tg_rate: float, wa_rate: float) -> dict[str, str]:
    """The environment of the app process: inherited, minus any app setting, plus the bench's settings."""
    from bot.settings import Settings

    ours = {name.upper() for name in Settings.model_fields}
    env = {k: v for k, v in os.environ.items() if k.upper() not in ours}
    env.update(
        {
            "ENVIRONMENT": "production",
            "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_hex(20),  # 40 characters
            "LOG_LEVEL": "WARNING",
            "TELEGRAM_BOT_TOKEN": TG_TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": TG_SECRET,
            "TELEGRAM_API_BASE_URL": tg_root,
            "TWILIO_ACCOUNT_SID": TWILIO_SID,
            "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
            "TWILIO_WHATSAPP_FROM": TWILIO_FROM,
            "TWILIO_API_BASE_URL": wa_root,
            "PUBLIC_BASE_URL": PUBLIC,
            # Sending accounts sized for the load (Telegram paid broadcasts, an upgraded WhatsApp sender);
            # the free tiers (30/s and 80/s) would cap replies at 110/s whatever the app does.
            "TELEGRAM_PER_SECOND": str(tg_rate),
            "WHATSAPP_PER_SECOND": str(wa_rate),
            "TELEGRAM_PER_CHAT_PER_SECOND": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def migrate(env: dict[str, str], workdir: Path) -> None:
    """`python -m bot migrate` on the fresh database."""
    log = workdir / "migrate.log"
    with log.open("wb") as out:
        done = subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=120)
    if done.returncode:
        raise RuntimeError(f"python -m bot migrate failed:\n{tail(log)}")


def spawn_worker(env: dict[str, str], workdir: Path) -> subprocess.Popen:
    """Start `python -m bot worker` with the app's settings; the caller stops it."""
    log = (workdir / "worker.log").open("wb")
    return subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def start_app(env: dict[str, str], workdir: Path) -> Server:
    """Start the real app on a free loopback port and wait until /healthz answers 200."""
    from tests.fakes import free_port

    log = workdir / "app.log"
    port = free_port()
    process = spawn(__file__, ["--serve-app", str(port)], log, env)
    server = Server(name="app", process=process, port=port, log=log)
    try:
        wait_until_ok(process, f"http://{HOST}:{port}/healthz", log, "app", time.monotonic() + START_TIMEOUT)
        return server
    except BaseException:
        stop_child(process)
        raise


# ---------------------------------------------------------------------------- load


@dataclass(slots=True)
class Person:
    """One simulated seller: who they are on their channel, what they say, and when they may speak next."""

    due: float  # perf_counter time of their next message
    number: int  # per client, never reused
    key: str  # "tg:<chat id>" or "wa:+91…" (the fakes' key for replies to them)
    lines: list[tuple[str, int]]  # (text, replies expected)
    step: int = 0

    def __lt__(self, other: "Person") -> bool:
        return self.due < other.due


@dataclass(slots=True)
class Sent:
    """One webhook request."""

    key: str
    channel: str
    wall: float  # time.time() just before the request was sent (compared with the fakes' stamps)
    latency: float  # s
    status: int  # HTTP status, 0 for a transport error
    measured: bool  # sent after the warm-up
    expected: int  # replies the bot answers this message with


@dataclass(slots=True)
class Run:
    sent: list[Sent] = field(default_factory=list)
    elapsed: float = 0.0
    wall: float = 0.0  # s from the first request of the warm-up to the end
    sellers: int = 0
    idle: float = 0.0  # client-seconds spent waiting because no seller was due and all were open
    first_error: str | None = None
    ok: int = 200  # the HTTP status a successful request answers with
    repeats: int = 0  # status callbacks answered that repeat one posted before (wrk: requests sent again)
    replays: list[Replay] = field(default_factory=list)  # --driver wrk: the warm-up run, then the measured one

    def answered(self, status: int) -> int:
        """Count the requests answered with `status`, warm-up included."""
        if self.replays:
            return sum(replay.codes.get(status, 0) for replay in self.replays)
        return sum(1 for sent in self.sent if sent.status == status)


def twilio_headers(url: str, form: dict[str, str]) -> dict[str, str]:
    """Return the X-Twilio-Signature header Twilio sends with `form` posted to the app's public `url`."""
    from twilio.request_validator import RequestValidator

    return {"X-Twilio-Signature": RequestValidator(TWILIO_TOKEN).compute_signature(url, form)}


def _new_seller(target: str, channel: str, client: int, number: int, due: float) -> Person:
    if channel == "whatsapp" or target == "bare":
        key = f"wa:+916{client:03d}{number:06d}"
    else:
        key = f"tg:{7_000_000_000 + client * 1_000_000 + number}"
    return Person(due=due, number=number, key=key, lines=conversation(channel, client, number))


async def _client(
    target: str,
    port: int,
    client_no: int,
    warm_until: float,
    deadline: float,
    cap: int,
    think: float,
    max_sellers: int,
    run: Run,
    stop: asyncio.Event,
) -> None:
    """Post messages back to back, always for the seller whose next message is due longest."""
    import aiohttp

    from tests.fakes import telegram_text_update, whatsapp_form

    channel = "whatsapp" if client_no % 2 == 0 else "telegram"
    root = f"http://{HOST}:{port}"
    waiting: list[Person] = []  # heap by due time
    opened = 0
    seq = 0
    failures = 0
    counted = 0
    # aiohttp: about a fifth of httpx's CPU per request, so the load generator takes less of the 2 cores it shares.
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)) as client:
        while counted < cap and not stop.is_set():
            now = time.perf_counter()
            if now >= deadline:
                return
            if waiting and waiting[0].due <= now:
                seller = heapq.heappop(waiting)
            elif opened < max_sellers:
                seller = _new_seller(target, channel, client_no, opened, now)
                opened += 1
                run.sellers += 1
            else:
                pause = min(waiting[0].due, deadline) - now
                run.idle += pause
                await asyncio.sleep(pause)
                continue
            text, expected = seller.lines[seller.step]
            seq += 1
            if target == "bare":
                url, options = root + BARE_PATH, {"json": {"user": seller.key, "text": text}}
            elif channel == "whatsapp":
                form = whatsapp_form(f"SM{client_no:04x}{seq:028x}", seller.key[3:], text)
                url, options = root + WA_PATH, {"data": form, "headers": twilio_headers(PUBLIC + WA_PATH, form)}
            else:
                update = telegram_text_update(client_no * 100_000_000 + seq, int(seller.key[3:]), text)
                url, options = root + TG_PATH, {"json": update, "headers": {TG_SECRET_HEADER: TG_SECRET}}
            wall = time.time()
            started = time.perf_counter()
            try:
                async with client.post(url, **options) as response:
                    answer = await response.read()
                status = response.status
                problem = None if status == 200 else f"HTTP {status}: {answer[:200].decode(errors='replace')}"
            except (aiohttp.ClientError, TimeoutError) as error:
                status, problem = 0, f"{type(error).__name__}: {error}"
            finished = time.perf_counter()
            measured = started >= warm_until
            run.sent.append(Sent(seller.key, channel, wall, finished - started, status, measured, expected))
            seller.step += 1
            if seller.step < len(seller.lines):
                seller.due = started + think
                heapq.heappush(waiting, seller)
            # else: this seller reached GeM sign-up; a new one is opened when needed
            if measured:
                counted += 1
            if status == 200:
                failures = 0
            else:
                run.first_error = run.first_error or problem
                failures += 1
                if failures >= MAX_CONSECUTIVE_ERRORS:
                    return


async def _progress(run: Run, fakes: tuple[str, str] | None, start: float, deadline: float) -> None:
    import httpx

    async with httpx.AsyncClient(timeout=2.0) as client:
        last = 0
        while True:
            await asyncio.sleep(1.0)
            now = time.perf_counter()
            done = len(run.sent)
            line = f"  {now - start:4.1f} s: {done:,} webhooks answered ({done - last:,} in the last second)"
            last = done
            if fakes:
                try:
                    counts = [(await client.get(root + "/_bench/count")).json() for root in fakes]
                    line += f", {sum(c['accepted'] for c in counts):,} replies at the fakes"
                except httpx.HTTPError:
                    pass
            say(line)
            if now >= deadline:
                return


async def _drive(
    target: str, port: int | list[int], clients: int, seconds: float, warmup: float, max_requests: int, think: float, max_sellers: int, fakes: tuple[str, str] | None
) -> Run:
    run = Run()
    cap = max(1, max_requests // clients)
    start = time.perf_counter()
    warm_until = start + warmup
    deadline = warm_until + seconds
    stop = asyncio.Event()
    ports = port if isinstance(port, list) else [port]  # several web processes: each takes WhatsApp and Telegram clients in pairs
    tasks = [_client(target, ports[(n // 2) % len(ports)], n, warm_until, deadline, cap, think, max_sellers, run, stop) for n in range(clients)]
    # Ctrl-C / SIGTERM: run_clients stops the clients, then raises KeyboardInterrupt so that main() stops the servers.
    progress = asyncio.ensure_future(_progress(run, fakes, start, deadline))
    try:
        await run_clients(tasks, stop)
    finally:
        progress.cancel()
        await asyncio.gather(progress, return_exceptions=True)
    # Requests started before the deadline are counted, so the window runs until the last one ended.
    run.elapsed = time.perf_counter() - warm_until
    run.wall = time.perf_counter() - start
    return run


def drive(target: str, port: int | list[int], args: argparse.Namespace, warmup: float, fakes: tuple[str, str] | None = None) -> Run:
    """Run the clients against one server (or several, in turn) for warm-up + --seconds; only the measured part is counted."""
    return asyncio.run(_drive(target, port, args.clients, args.seconds, warmup, args.max_requests, args.think, args.sellers, fakes))


def cpu_use(before: float | None, after: float | None, run: Run) -> str:
    """Say how much CPU a server used over a run (warm-up included): per request answered, and in cores."""
    answered = run.answered(run.ok)
    if before is None or after is None or not answered or run.wall <= 0:
        return "not measured (no /proc)"
    used = after - before
    return f"{used * 1000 / answered:.2f} ms a request ({used:.2f} s over {answered:,} requests, {used / run.wall:.2f} of a core)"


def worker_use(before: float | None, after: float | None, counts: dict[str, int]) -> str:
    """Say how much CPU the sending worker used from the start of the inbound run to the drained outbox, per send."""
    sent = counts.get("outbox sent", 0)
    if before is None or after is None or not sent:
        return "not measured (no /proc, or nothing sent)"
    used = after - before
    return f"{used * 1000 / sent:.2f} ms a send ({used:.2f} s over {sent:,} sends, warm-up included)"


def load_of(run: Run, channel: str | None = None) -> Load:
    """The measured requests (of one channel, or all) as a Load."""
    if run.replays:  # wrk sends WhatsApp only
        return run.replays[-1].load(run.ok) if channel in (None, "whatsapp") else Load()
    load = Load(elapsed=run.elapsed, first_error=run.first_error)
    for sent in run.sent:
        if sent.measured and (channel is None or sent.channel == channel):
            if sent.status == run.ok:
                load.messages += 1
                load.latencies.append(sent.latency)
            else:
                load.errors += 1
    return load


# ---------------------------------------------------------------------------- replies


def outbox_in_flight(db: Path) -> int:
    """Outbox rows not yet sent (pending or being sent), read without taking SQLite's write lock."""
    from bot.store.models import OutboxMessage

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        return conn.execute(f"SELECT count(*) FROM {OutboxMessage.__tablename__} WHERE status IN ('pending', 'sending')").fetchone()[0]


def drain(db: Path, fakes: tuple[str, str]) -> tuple[float, int]:
    """Wait until the outbox is empty and the fakes saw no new send for 0.3 s; return (seconds, rows left)."""
    import httpx

    started = time.perf_counter()
    last, stable_since = -1, time.perf_counter()
    left = -1
    while time.perf_counter() - started < DRAIN_TIMEOUT:
        left = outbox_in_flight(db)
        seen = sum(httpx.get(root + "/_bench/count", timeout=5).json()["accepted"] for root in fakes)
        if seen != last:
            last, stable_since = seen, time.perf_counter()
        if left == 0 and time.perf_counter() - stable_since >= 0.3:
            break
        time.sleep(0.1)
    return time.perf_counter() - started, left


@dataclass(slots=True)
class Replies:
    latencies: list[float] = field(default_factory=list)  # s, one per matched measured inbound message
    unmatched: int = 0  # measured inbound messages whose chat's replies could not be paired
    arrivals: int = 0
    rejected: int = 0  # 429s the fakes answered
    duplicates: int = 0


def match_replies(run: Run, fakes: tuple[str, str]) -> Replies:
    """Pair each inbound message with the first reply the fakes received for it.

    Matching rule, per chat (Telegram chat id, WhatsApp number): a chat belongs to one client, which
    sends its messages one at a time (the next only after the webhook for the previous one was
    answered), so the chat's webhooks are strictly ordered in time; the bot answers them in order
    (the outbox is sent by due time, then id), and the conversation script says how many replies each
    message gets (one, or two for "no gstin"). So the chat's replies, sorted by arrival at the fake,
    are dealt out in order: the first `expected` replies to the first webhook, the next ones to the
    second, and so on. A webhook's reply latency is the arrival (time.time() in the fake) of the first
    reply dealt to it minus the time the webhook was sent (time.time() in the client: same host clock,
    different processes). A chat is not paired at all, and its measured messages count as unmatched,
    when its webhooks did not all answer 200, when it got a different number of replies than expected,
    or when a reply would have arrived before its webhook was sent.
    """
    import httpx

    replies = Replies()
    arrivals: dict[str, list[float]] = defaultdict(list)
    for root, prefix in zip(fakes, ("tg:", "wa:"), strict=True):
        data = httpx.get(root + "/_bench/arrivals", timeout=30).json()
        replies.rejected += data["rejected"]
        replies.duplicates += data["duplicates"]
        for key, at in data["arrivals"]:
            arrivals[prefix + key].append(at)
            replies.arrivals += 1
    by_chat: dict[str, list[Sent]] = defaultdict(list)
    for sent in run.sent:
        by_chat[sent.key].append(sent)
    for key, webhooks in by_chat.items():
        webhooks.sort(key=lambda s: s.wall)
        times = sorted(arrivals.get(key, ()))
        firsts: list[float] = []
        index = 0
        for sent in webhooks:
            firsts.append(times[index] if index < len(times) else math.nan)
            index += sent.expected
        paired = (
            all(sent.status == 200 for sent in webhooks)
            and len(times) == index
            and all(first >= sent.wall for first, sent in zip(firsts, webhooks, strict=True))
        )
        for first, sent in zip(firsts, webhooks, strict=True):
            if sent.measured and sent.status == 200:
                if paired:
                    replies.latencies.append(first - sent.wall)
                else:
                    replies.unmatched += 1
    return replies


def db_counts(db: Path) -> dict[str, int]:
    """Inbound messages the app logged and outbox rows by status (read once the outbox has drained)."""
    from bot.store.models import MessageLog, OutboxMessage

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        counts = {"inbound logged": conn.execute(f"SELECT count(*) FROM {MessageLog.__tablename__} WHERE direction = 'in'").fetchone()[0]}
        for status, n in conn.execute(f"SELECT status, count(*) FROM {OutboxMessage.__tablename__} GROUP BY status"):
            counts[f"outbox {status}"] = n
    return counts


# ---------------------------------------------------------------------------- status callbacks


def whatsapp_sids(db: Path) -> list[str]:
    """Read the Twilio ids of the WhatsApp messages the app sent, in the order they were queued."""
    from bot.store.models import OutboxMessage

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        rows = conn.execute(
            f"SELECT provider_message_id FROM {OutboxMessage.__tablename__} WHERE channel = 'whatsapp' AND provider_message_id IS NOT NULL ORDER BY id"
        )
        return [sid for (sid,) in rows]


def status_form(sid: str, status: str, to: str) -> dict[str, str]:
    """Return a WhatsApp status callback form as Twilio posts it."""
    return {
        "ChannelPrefix": "whatsapp",
        "ApiVersion": "2010-04-01",
        "MessageStatus": status,
        "SmsSid": sid,
        "SmsStatus": status,
        "To": to,
        "From": TWILIO_FROM,
        "MessageSid": sid,
        "StructuredMessage": "false",
        "AccountSid": TWILIO_SID,
    }


async def _status_client(
    port: int, client_no: int, sids: list[str], warm_until: float, deadline: float, cap: int, run: Run, stop: asyncio.Event
) -> None:
    """Post signed status callbacks back to back: each of this client's ids through sent, delivered, read, then over."""
    import aiohttp

    url = f"http://{HOST}:{port}{STATUS_PATH}"
    failures = 0
    counted = 0
    seq = 0
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)) as client:
        while counted < cap and not stop.is_set():
            if time.perf_counter() >= deadline:
                return
            sid = sids[(seq // len(STATUS_CYCLE)) % len(sids)]
            status = STATUS_CYCLE[seq % len(STATUS_CYCLE)]
            seq += 1
            form = status_form(sid, status, f"whatsapp:+91{client_no:010d}")
            headers = twilio_headers(PUBLIC + STATUS_PATH, form)
            wall = time.time()
            started = time.perf_counter()
            try:
                async with client.post(url, data=form, headers=headers) as response:
                    answer = await response.read()
                code = response.status
                problem = None if code == run.ok else f"HTTP {code}: {answer[:200].decode(errors='replace')}"
            except (aiohttp.ClientError, TimeoutError) as error:
                code, problem = 0, f"{type(error).__name__}: {error}"
            finished = time.perf_counter()
            measured = started >= warm_until
            run.sent.append(Sent(sid, "whatsapp_status", wall, finished - started, code, measured, 0))
            if measured:
                counted += 1
            if code == run.ok:
                failures = 0
                run.repeats += seq > len(STATUS_CYCLE) * len(sids)
            else:
                run.first_error = run.first_error or problem
                failures += 1
                if failures >= MAX_CONSECUTIVE_ERRORS:
                    return


async def _drive_status(port: int, sids: list[str], clients: int, seconds: float, warmup: float, max_requests: int) -> Run:
    """Run the status clients for warm-up + seconds, each on its own share of the ids."""
    run = Run(ok=204)  # the status route answers 204 No Content
    cap = max(1, max_requests // clients)
    start = time.perf_counter()
    warm_until = start + warmup
    deadline = warm_until + seconds
    stop = asyncio.Event()
    shares = [sids[n::clients] or sids for n in range(clients)]
    tasks = [_status_client(port, n, shares[n], warm_until, deadline, cap, run, stop) for n in range(clients)]
    progress = asyncio.ensure_future(_progress(run, None, start, deadline))
    try:
        await run_clients(tasks, stop)
    finally:
        progress.cancel()
        await asyncio.gather(progress, return_exceptions=True)
    run.elapsed = time.perf_counter() - warm_until
    run.wall = time.perf_counter() - start
    return run


def drive_status(port: int, sids: list[str], args: argparse.Namespace, warmup: float) -> Run:
    """Post status callbacks to the app for warm-up + --seconds; only the measured part is counted."""
    return asyncio.run(_drive_status(port, sids, args.clients, args.seconds, warmup, args.max_requests))


def status_outcomes(db: Path) -> dict[str, int]:
    """Count the WhatsApp outbox rows by status (read after the app stopped)."""
    from bot.store.models import OutboxMessage

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        rows = conn.execute(f"SELECT status, count(*) FROM {OutboxMessage.__tablename__} WHERE channel = 'whatsapp' GROUP BY status")
        return {status: n for status, n in rows}


# ---------------------------------------------------------------------------- --driver wrk


def replay_plan(batch: int, rate: float, seconds: float, think: float, threads: int) -> list[tuple[str, str, int]]:
    """Lay out the WhatsApp messages (seller key, text, replies expected) for a wrk run of `seconds` at up to `rate`/s."""
    total = math.ceil(REPLAY_MARGIN * rate * seconds)
    # Sellers come in waves, walked one step at a time (every seller's message k before any seller's message
    # k + 1), so a seller's next message comes a wave later: after about --think s at the warm-up's rate.
    # A seller stays on one wrk thread (request i goes to thread i % threads), which sends its share in order.
    wave = max(1, math.ceil(think * rate / threads)) * threads
    plan: list[tuple[str, str, int]] = []
    first = 0
    while len(plan) < total:
        sellers = [(f"wa:+918{batch:02d}{number:07d}", conversation("whatsapp", batch, number)) for number in range(first, first + wave)]
        first += wave
        for step in range(len(sellers[0][1])):
            plan += [(key, *lines[step]) for key, lines in sellers]
    return plan[:total]


def whatsapp_requests(port: int, batch: int, plan: list[tuple[str, str, int]]) -> list[str]:
    """Return the plan's messages as signed Twilio webhook posts, each with its own MessageSid."""
    from tests.fakes import whatsapp_form

    requests = []
    for n, (key, text, _) in enumerate(plan):
        form = whatsapp_form(f"SM{0xF000 + batch:04x}{n:028x}", key[3:], text)
        requests.append(raw_post(port, WA_PATH, urlencode(form), FORM, twilio_headers(PUBLIC + WA_PATH, form)))
    return requests


def status_requests(port: int, sids: list[str]) -> list[str]:
    """Return signed status callbacks taking each id through sent, delivered and read, ids interleaved in waves."""
    requests = []
    for first in range(0, len(sids), STATUS_WAVE):
        for status in STATUS_CYCLE:
            for n, sid in enumerate(sids[first : first + STATUS_WAVE], first):
                form = status_form(sid, status, f"whatsapp:+91{n:010d}")
                requests.append(raw_post(port, STATUS_PATH, urlencode(form), FORM, twilio_headers(PUBLIC + STATUS_PATH, form)))
    return requests


def replay(port: int, path: str, ok: int, build: Callable[[int, float, int], list[str]], args: argparse.Namespace, workdir: Path, stamped: bool = False) -> Run:
    """Run wrk for WRK_WARMUP s, then for --seconds, each time on the requests build(run number, rate, seconds) returns."""
    run = Run(ok=ok)
    started = time.perf_counter()
    rate = REPLAY_GUESS
    for batch, seconds in enumerate((WRK_WARMUP, int(args.seconds))):
        name = f"wrk-{path.strip('/').replace('/', '-')}-{batch}"
        requests = build(batch, rate, seconds)
        lasting = max(1, int(len(requests) / (SHORT_MARGIN * rate)))
        if batch and lasting < seconds:  # too few to last: a shorter run, not one of repeats
            seconds = lasting
            say(f"{path}: {len(requests):,} distinct requests last {seconds} s at {SHORT_MARGIN:g} × the warm-up's {rate:,.0f}/s: measuring {seconds} s")
        write_requests(workdir / f"{name}.txt", requests)
        stamps = workdir / f"{name}.stamps" if stamped else None
        result = run_wrk(port, path, workdir / f"{name}.txt", args.wrk_threads, args.clients, seconds, workdir / f"{name}.log", stamps)
        run.replays.append(result)
        rate = max(10.0, result.answered / result.seconds)
    run.elapsed = run.replays[-1].seconds
    run.wall = time.perf_counter() - started
    run.repeats = sum(result.repeats for result in run.replays)
    run.first_error = run.replays[-1].load(ok).first_error
    return run


def replay_inbound(port: int, args: argparse.Namespace, workdir: Path) -> Run:
    """Replay signed WhatsApp webhooks with wrk; keep each one's seller and send time for pairing replies."""
    plans: list[list[tuple[str, str, int]]] = []

    def build(batch: int, rate: float, seconds: int) -> list[str]:
        plans.append(replay_plan(batch, rate, seconds, args.think, args.wrk_threads))
        return whatsapp_requests(port, batch, plans[-1])

    run = replay(port, WA_PATH, 200, build, args, workdir, stamped=True)
    for batch, (result, plan) in enumerate(zip(run.replays, plans, strict=True)):
        # wrk counts statuses, not which request got which: a run's requests are all 200 or all unknown (0)
        status = 200 if set(result.codes) <= {200} and not result.socket_errors else 0
        for index, wall in result.stamps:
            key, _, expected = plan[index]
            run.sent.append(Sent(key, "whatsapp", wall, math.nan, status, batch == len(plans) - 1, expected))
    run.sellers = len({sent.key for sent in run.sent})
    return run


def replay_bare(port: int, args: argparse.Namespace, workdir: Path) -> Run:
    """Replay the same sellers' texts as the WhatsApp replay to the bare insert with wrk."""

    def build(batch: int, rate: float, seconds: int) -> list[str]:
        plan = replay_plan(batch, rate, seconds, args.think, args.wrk_threads)
        return [raw_post(port, BARE_PATH, json.dumps({"user": key, "text": text}), "application/json") for key, text, _ in plan]

    return replay(port, BARE_PATH, 200, build, args, workdir)


def replay_status(port: int, sids: list[str], args: argparse.Namespace, workdir: Path) -> Run:
    """Replay status callbacks with wrk: the warm-up on the first tenth of the ids, the measured run on the rest."""
    cut = len(sids) // 10  # ids are few (one a WhatsApp reply): most are kept for the measured run
    parts = (sids[:cut], sids[cut:]) if cut else (sids, sids)
    return replay(port, STATUS_PATH, 204, lambda batch, _rate, _seconds: status_requests(port, parts[batch]), args, workdir)


def report_replay(label: str, run: Run) -> None:
    """Print how many requests a wrk run had prepared, sent, repeated, and sent without seeing the answer."""
    result = run.replays[-1]
    say(
        f"{label} replay: {result.distinct:,} distinct requests prepared, {result.sent:,} sent, {result.repeats:,} of them repeats, "
        f"{result.sent - result.answered:,} cut off by the end of the run (measured run)"
    )


# ---------------------------------------------------------------------------- profiling (optional)


def start_py_spy(pid: int, seconds: float, output: Path, log: Path, native: bool) -> subprocess.Popen | None:
    """Sample the app process with py-spy for `seconds`, if it is installed (it is not a project dependency).

    Default: 100 Hz, only the thread holding the GIL, without pausing the process: the samples are the
    app's Python CPU time, at little cost to the figures. `native`: every thread at 50 Hz with C frames,
    so SQLite, lock waits and GIL waits show; py-spy then pauses the app for each sample, so read that
    run's shares, not its figures.
    """
    exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(exe).exists():
        say("profile: py-spy not found (pip install py-spy into the venv); not profiling")
        return None
    mode = ["--rate", "50", "--native"] if native else ["--rate", "100", "--gil", "--nonblocking"]
    with log.open("wb") as err:
        return subprocess.Popen(
            [exe, "record", "--pid", str(pid), "--duration", str(max(1, math.ceil(seconds))), *mode, "--format", "raw", "--output", str(output)],
            stdin=subprocess.DEVNULL,
            stdout=err,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


# What a sampled thread was doing, told from its innermost frames (py-spy --native raw stacks).
IGNORED_THREAD = "serve_app.<locals>.stop_when_parent_goes"  # this file's stdin watcher in the app process


def thread_state(frames: list[str]) -> str:
    """Classify one sampled stack (native frames): running, or which kind of waiting."""
    names = [frame.partition(" (")[0] for frame in frames]
    inner = names[-4:]
    if any("sqlite3InvokeBusyHandler" in name for name in names) and any("sleep" in name for name in inner):
        return "sleeping in SQLite's busy handler (write lock held by another connection)"
    if names and names[-1] == "epoll_wait":
        return "event loop idle (epoll_wait)"
    if any(name in ("PyThread_acquire_lock_timed", "lock_PyThread_acquire_lock") for name in inner) or "_queue_SimpleQueue_get_impl" in inner:
        if any(frame.startswith("transaction (bot/store/db.py") for frame in frames):
            return "queued on the in-process SQLite write lock (bot/store/db.py transaction)"
        return "idle thread (waiting for work or a lock)"
    if "pthread_cond_timedwait" in inner:
        return "waiting for the GIL"
    return "running"


def summarize_profile(path: Path, top: int = 15) -> None:
    """Print where the app's samples went: thread states (native profiles), own time by library, own time
    by function, and time inside the project's own functions (inclusive)."""
    states: dict[str, int] = defaultdict(int)
    own: dict[str, int] = defaultdict(int)
    areas: dict[str, int] = defaultdict(int)
    project: dict[str, int] = defaultdict(int)
    total = running = 0
    native = False
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [_short(frame) for frame in stack.split(";") if frame]
        if not frames or any(IGNORED_THREAD in frame for frame in frames):
            continue
        n = int(count)
        total += n
        native = native or any(".so" in frame or ".c:" in frame for frame in frames)
        state = thread_state(frames)
        states[state] += n
        if state != "running":
            continue
        running += n
        own[frames[-1]] += n
        areas[_area(frames[-1])] += n
        for frame in set(frames):
            if frame.partition(" (")[2].startswith(("api/", "bot/")):
                project[frame] += n
    if not running:
        say("profile: no samples")
        return
    if native:
        say(f"profile: {total:,} thread samples (all threads, 50 Hz, native), {running:,} of them running")
        for state, n in sorted(states.items(), key=lambda item: -item[1]):
            say(f"  {100 * n / total:5.1f} % of thread samples: {state}")
    else:
        say(f"profile: {running:,} samples of the thread holding the GIL (100 Hz)")
    for title, table in (("own samples by library", areas), ("own samples by function", own), ("inclusive samples in the project's code", project)):
        say(f"profile: top by {title} (% of running samples)")
        for name, n in sorted(table.items(), key=lambda item: -item[1])[:top]:
            say(f"  {100 * n / running:5.1f} %  {name}")


def _area(frame: str) -> str:
    """The library (or project package) a frame belongs to."""
    name, _, location = frame.partition(" (")
    if not location or ".so" in location or location.startswith("0x"):
        return location.split(".so", 1)[0] + ".so" if ".so" in location else "native"
    return location.split("/", 1)[0].split(":", 1)[0].removesuffix(".py")


def _short(frame: str) -> str:
    """`func (path:line)` with the path relative to the project, site-packages or the standard library."""
    name, _, location = frame.partition(" (")
    if not location:
        return name
    location = location.rstrip(")").replace(str(ROOT) + "/", "")
    for marker in ("site-packages/", "/lib/python3.11/"):
        if marker in location:
            location = location.split(marker, 1)[1]
    return f"{name} ({location})"


# ---------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="measured duration of each phase (default 5)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients, half WhatsApp, half Telegram (default 16)")
    parser.add_argument("--quick", action="store_true", help="1-second smoke run")
    parser.add_argument("--driver", choices=("aiohttp", "wrk"), default="aiohttp", help="load generator: aiohttp clients in this process (default), or wrk replaying pre-built WhatsApp webhooks")
    parser.add_argument("--wrk-threads", type=int, default=2, help="with --driver wrk: wrk threads (default 2); --clients sets its connections")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap on measured requests per phase (default 200000; not with --driver wrk)")
    parser.add_argument("--think", type=float, default=1.5, help="seconds a seller waits between two messages (default 1.5)")
    parser.add_argument("--sellers", type=int, default=2_000, help="most sellers one client opens (default 2000)")
    parser.add_argument("--tg-rate", type=float, default=1_000, help="Telegram sends/s the app may make and the fake accepts (default 1000)")
    parser.add_argument("--wa-rate", type=float, default=1_000, help="WhatsApp sends/s the app may make and the fake accepts (default 1000)")
    parser.add_argument("--separate-worker", action="store_true", help="send from a `python -m bot worker` process (the Procfile layout) instead of inside the web process")
    parser.add_argument("--py-spy", type=Path, metavar="FILE", help="sample the app with py-spy (if installed) during the run into FILE (raw format)")
    parser.add_argument("--py-spy-phase", choices=("inbound", "status"), default="inbound", help="with --py-spy: the phase to sample")
    parser.add_argument("--py-spy-native", action="store_true", help="with --py-spy: all threads with C frames (slows the app; read shares only)")
    parser.add_argument("--serve-fakes", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-app", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    check_load_args(parser, args)
    if not 1.0 <= args.think <= 60:
        parser.error("--think must be in [1, 60] (Telegram paces one message a second per chat)")
    if not 1 <= args.sellers <= 999_999:
        parser.error("--sellers must be between 1 and 999999")
    if args.tg_rate <= 0 or args.wa_rate <= 0:
        parser.error("--tg-rate and --wa-rate must be positive")
    if args.driver == "wrk" and not (args.serve_app or args.serve_fakes):
        if wrk_binary() is None:
            parser.error("--driver wrk needs wrk on PATH (Debian, Ubuntu: apt-get install wrk)")
        if args.seconds != int(args.seconds):
            parser.error("--driver wrk runs whole seconds: give --seconds as a whole number")
        if not 1 <= args.wrk_threads <= args.clients:
            parser.error("--wrk-threads must be between 1 and --clients")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_fakes:
        serve_fakes(args.tg_rate, args.wa_rate)
        return 0
    if args.serve_app:
        serve_app(args.serve_app)
        return 0
    signal.signal(signal.SIGTERM, raise_interrupt)  # so `finally` stops the servers on SIGTERM too
    wrk = args.driver == "wrk"
    warmup = WRK_WARMUP if wrk else 0.2 if args.quick else 0.5
    servers: list[Server] = []
    spy: subprocess.Popen | None = None
    say(f"load average at start: {load_average(' ')} ({os.cpu_count()} cores)")
    try:
        from bot.i18n import compile_catalogues

        compile_catalogues()  # as `make bench`: the app loads the compiled catalogues
        with tempfile.TemporaryDirectory(prefix="gem-saathi-inbound-") as tmp:
            workdir = Path(tmp)
            db = workdir / "app.db"

            say(f"fakes: starting fake Telegram and Twilio on {HOST} (limits {args.tg_rate:g}/s and {args.wa_rate:g}/s, Telegram 1/s per chat)…")
            fake_server, tg_root, wa_root = start_fakes(workdir, args.tg_rate, args.wa_rate)
            servers.append(fake_server)
            fakes = (tg_root, wa_root)

            env = app_env(f"sqlite:///{db}", tg_root, wa_root, args.tg_rate, args.wa_rate)
            say("app: migrating a fresh SQLite database (python -m bot migrate)…")
            migrate(env, workdir)
            worker = None
            if args.separate_worker:
                env["WORKER_IN_PROCESS"] = "false"
                say("app: starting the sending worker as its own process (python -m bot worker)…")
                worker = spawn_worker(env, workdir)
            say(f"app: starting uvicorn api.main:app on {HOST}…")
            app = start_app(env, workdir)
            servers.append(app)
            mix = f"wrk, {args.wrk_threads} threads, WhatsApp only" if wrk else f"{(args.clients + 1) // 2} WhatsApp + {args.clients // 2} Telegram"
            say(f"inbound: port {app.port}; warming up {warmup:g} s, then running {args.seconds:g} s with {args.clients} clients ({mix})…")
            if args.py_spy and args.py_spy_phase == "inbound":
                spy = start_py_spy(app.process.pid, warmup + args.seconds, args.py_spy, workdir / "py-spy.log", args.py_spy_native)
            cpu_before = cpu_seconds(app.process.pid)
            worker_before = cpu_seconds(worker.pid) if worker is not None else None
            inbound_run = replay_inbound(app.port, args, workdir) if wrk else drive("app", app.port, args, warmup, fakes)
            app_cpu = cpu_use(cpu_before, cpu_seconds(app.process.pid), inbound_run)
            say("inbound: clients stopped; waiting for the outbox to drain…")
            drained, left = drain(db, fakes)
            say(f"inbound: drained in {drained:.2f} s" + (f" ({left} outbox rows still unsent)" if left else ""))
            worker_after = cpu_seconds(worker.pid) if worker is not None else None
            replies = match_replies(inbound_run, fakes)
            counts = db_counts(db)  # before the status callbacks move the sent rows on to delivered and read
            worker_cpu = worker_use(worker_before, worker_after, counts) if worker is not None else None
            sids = whatsapp_sids(db)
            status_run: Run | None = None
            status_cpu = "not measured (no WhatsApp message was sent)"
            if sids:
                say(f"status: {len(sids):,} WhatsApp message ids; warming up {warmup:g} s, then running {args.seconds:g} s with {args.clients} clients…")
                if args.py_spy and args.py_spy_phase == "status":
                    spy = start_py_spy(app.process.pid, warmup + args.seconds, args.py_spy, workdir / "py-spy.log", args.py_spy_native)
                cpu_before = cpu_seconds(app.process.pid)
                status_run = replay_status(app.port, sids, args, workdir) if wrk else drive_status(app.port, sids, args, warmup)
                status_cpu = cpu_use(cpu_before, cpu_seconds(app.process.pid), status_run)
            stop_child(app.process)
            servers.remove(app)
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=20)
            if app.process.returncode not in (0, None, -signal.SIGTERM):  # uvicorn re-raises the SIGTERM it stopped on
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

            say(f"bare insert: starting uvicorn on {HOST}…")
            bare = start_server("bare", f"sqlite:///{workdir / 'bare.db'}", workdir, secrets.token_urlsafe(32))
            servers.append(bare)
            try:
                say(f"bare insert: port {bare.port}; warming up {warmup:g} s, then running {args.seconds:g} s with {args.clients} clients…")
                cpu_before = cpu_seconds(bare.process.pid)
                bare_run = replay_bare(bare.port, args, workdir) if wrk else drive("bare", bare.port, args, warmup)
                bare_cpu = cpu_use(cpu_before, cpu_seconds(bare.process.pid), bare_run)
            finally:
                stop_child(bare.process)
                servers.remove(bare)

        # ------------------------------------------------------------------ figures
        inbound, bare_load = load_of(inbound_run), load_of(bare_run)
        all_ok = inbound_run.answered(200)
        too_many = inbound_run.answered(429)
        say("")
        if wrk:
            say(f"driver: wrk, {args.wrk_threads} threads, {args.clients} connections, {WRK_WARMUP} s warm-up run then {int(args.seconds)} s measured")
        else:
            say(f"driver: aiohttp, {args.clients} clients, {warmup:g} s warm-up then {args.seconds:g} s measured")
        report_load("inbound", inbound)
        if wrk:
            report_replay("inbound", inbound_run)
        for channel in ("whatsapp", "telegram"):
            part = load_of(inbound_run, channel)
            if part.messages or part.errors:
                say(f"inbound {channel}: {part.rate:,.1f} msgs/s, p50 {part.percentile(50):.1f} ms, p99 {part.percentile(99):.1f} ms, {part.errors} errors")
        say(f"inbound sellers opened: {inbound_run.sellers:,} (client idle time waiting for a due seller: {inbound_run.idle:.2f} s)")
        say(f"reply latency p50: {percentile(replies.latencies, 50):.1f} ms")
        say(f"reply latency p99: {percentile(replies.latencies, 99):.1f} ms")
        webhooks = sum(1 for s in inbound_run.sent if s.measured and s.status == 200)  # wrk: those cut off at the end too
        say(f"replies matched: {len(replies.latencies):,} of {webhooks:,} inbound messages ({replies.unmatched:,} could not be paired)")
        outbox = ", ".join(f"{k.removeprefix('outbox ')} {v:,}" for k, v in counts.items() if k.startswith("outbox"))
        say(f"sends received by the fakes: {replies.arrivals:,} (outbox rows: {outbox})")
        logged = counts["inbound logged"]
        if wrk:  # a message cut off by the end of a wrk run may still be taken; a repeat must not be
            sent = sum(result.sent - result.repeats for result in inbound_run.replays)
            repeats_ok = sum(result.repeats for result in inbound_run.replays)
            none_lost = all_ok - repeats_ok <= logged <= sent
            say(f"inbound messages the app logged: {logged:,} of {all_ok:,} answered 200 and {sent:,} distinct sent (warm-up included)")
        else:
            none_lost = logged == all_ok
            say(f"inbound messages the app logged: {logged:,} of {all_ok:,} answered 200 (warm-up included)")
        say(f"429s: {too_many} from the app, {replies.rejected} from the fake providers")
        say(f"duplicate sends: {replies.duplicates}")
        say(f"app CPU: {app_cpu}")
        if worker_cpu is not None:
            say(f"worker CPU: {worker_cpu}")
        status_load = load_of(status_run) if status_run is not None else Load(first_error="no WhatsApp message ids to report on")
        report_load("status", status_load)
        if wrk and status_run is not None:
            report_replay("status", status_run)
        answered = status_run.answered(status_run.ok) if status_run is not None else 0
        repeats = status_run.repeats if status_run is not None else 0
        say(f"status callbacks answered: {answered:,} for {len(sids):,} message ids ({repeats:,} of them repeats; warm-up included)")
        say("status WhatsApp outbox rows after the callbacks: " + ", ".join(f"{k} {v:,}" for k, v in sorted(outcomes.items())))
        say(f"status CPU: {status_cpu}")
        report_load("bare insert", bare_load)
        if wrk:
            report_replay("bare insert", bare_run)
        say(f"bare insert CPU: {bare_cpu}")
        ratio = inbound.rate / bare_load.rate if bare_load.rate else 0.0
        say(f"ratio inbound ÷ bare insert: {ratio:.2f} ({inbound.rate:,.1f} ÷ {bare_load.rate:,.1f} msgs/s)")
        status_ratio = status_load.rate / bare_load.rate if bare_load.rate else 0.0
        say(f"ratio status ÷ bare insert: {status_ratio:.2f} ({status_load.rate:,.1f} ÷ {bare_load.rate:,.1f} msgs/s)")
        say(f"load average at end: {load_average(' ')} ({os.cpu_count()} cores)")
        say(f"goal inbound ≥ {INBOUND_GOAL:,.0f} msgs/s: {verdict(inbound.rate >= INBOUND_GOAL and inbound.errors == 0)} ({inbound.rate:,.1f})")
        say(f"goal inbound p99 ≤ {INBOUND_P99_GOAL:.0f} ms: {verdict(inbound.percentile(99) <= INBOUND_P99_GOAL)} ({inbound.percentile(99):.1f} ms)")
        reply_p50 = percentile(replies.latencies, 50)
        say(f"goal reply latency p50 ≤ {REPLY_P50_GOAL:.0f} ms: {verdict(reply_p50 <= REPLY_P50_GOAL and replies.unmatched == 0)} ({reply_p50:.1f} ms)")
        clean = too_many == 0 and replies.rejected == 0 and replies.duplicates == 0 and none_lost
        say(f"goal no 429s, duplicates or lost messages: {verdict(clean)}")
        status_ok = status_ratio >= STATUS_RATIO_GOAL and status_load.errors == 0 and status_load.messages > 0
        say(f"goal status callbacks ≥ {STATUS_RATIO_GOAL:g} of bare insert: {verdict(status_ok)} ({status_ratio:.2f})")
        if spy is not None and args.py_spy.exists():
            summarize_profile(args.py_spy, 12)
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
