"""Engine benchmark: pure engine steps per second, and the simulator round trip against a bare insert.

Run from the repository root after `make install`:

    .venv/bin/python bench/engine.py              # 3 s per phase, 8 clients
    .venv/bin/python bench/engine.py --quick      # 1 s smoke run
    .venv/bin/python bench/engine.py --seconds 10 --clients 16
    .venv/bin/python bench/engine.py --profile 25 # also profile the engine, top 25 functions

Phases, all in one run:
1. engine      replay the seller lines of every transcript through resume(), on one core
2. round trip  the real app under uvicorn on a fresh, migrated SQLite file; N clients POST
               /api/simulator/messages, each a simulated WhatsApp user replaying a transcript
3. bare insert a FastAPI app defined here whose one POST endpoint does one SQLite insert
               (same engine settings, same uvicorn settings, same clients, same duration)
4. ratio       round-trip msgs/s ÷ bare-insert msgs/s

Servers run in child processes (this same file with --serve) bound to 127.0.0.1 on a free
port; they are stopped on exit, on error, on Ctrl-C and when this process dies (their stdin closes).
"""

# No `from __future__ import annotations`: FastAPI must see the real types of the bare app's
# endpoint, whose models are local to bare_app().
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402

from bench.common import (  # noqa: E402
    HOST,
    START_TIMEOUT,
    Load,
    Server,
    check_load_args,
    raise_interrupt,
    read_line,
    report_load,
    run_clients,
    say,
    serve_on_loopback,
    spawn,
    stop_child,
    tail,
    wait_until_ok,
)

TRANSCRIPTS = ROOT / "tests" / "engine" / "transcripts"
ENGINE_GOAL = 20_000  # steps/s
RATIO_GOAL = 0.5  # round-trip msgs/s ÷ bare-insert msgs/s
START = datetime(2026, 11, 23, 5, 30, tzinfo=UTC)  # as the transcript tests: 11:00 IST on a Monday
UNITS = {"d": "days", "h": "hours", "m": "minutes"}
REQUEST_TIMEOUT = 30.0  # s per HTTP request
MAX_CONSECUTIVE_ERRORS = 20  # a client gives up after this many failures in a row


# ---------------------------------------------------------------------------- transcripts


@dataclass(slots=True)
class Script:
    """The seller's side of one transcript: the inputs, each with its clock reading and channel."""

    name: str
    steps: list[tuple[object, datetime, str]] = field(default_factory=list)  # (Inbound, now, channel)


def load_scripts() -> list[Script]:
    """Read every transcript's seller lines (`> …`) with the @channel, @phone and @wait before them."""
    from tests.engine.transcript import parse_inbound

    scripts = []
    for path in sorted(TRANSCRIPTS.glob("*.txt")):
        script = Script(name=path.stem)
        now, channel, phone = START, "whatsapp", None
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("@"):
                word, _, arg = line[1:].partition(" ")
                arg = arg.strip()
                if word == "channel":
                    channel = arg
                elif word == "phone":
                    phone = arg or None
                elif word == "wait":
                    now += timedelta(**{UNITS[arg[-1]]: int(arg[:-1])})
            elif line.startswith("> "):
                now += timedelta(minutes=1)
                script.steps.append((parse_inbound(line, phone), now, channel))
        if script.steps:
            scripts.append(script)
    if not scripts:
        raise SystemExit(f"no transcripts with seller lines under {TRANSCRIPTS}")
    return scripts


# ---------------------------------------------------------------------------- 1. engine


def make_env():  # type: ignore[no-untyped-def]
    """Compile the catalogues and build the engine's services as the tests do."""
    from bot.engine.context import Env
    from bot.i18n import compile_catalogues, load_translations
    from bot.store.digests import pan_digester

    compile_catalogues()
    return Env(translations=load_translations(), pan_digest=pan_digester("bench-secret-key-for-pan-digests-0123456789"))


def replay_once(scripts: list[Script], env) -> int:  # type: ignore[no-untyped-def]
    """Replay every script from a new conversation; return the number of resume() calls."""
    from bot.engine.conversation import new_conversation, resume

    steps = 0
    for script in scripts:
        conv = new_conversation()
        for inbound, now, channel in script.steps:
            conv = resume(conv, inbound, now=now, env=env, channel=channel).conversation
        steps += len(script.steps)
    return steps


def bench_engine(scripts: list[Script], env, seconds: float) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """Replay the scripts in a loop for about `seconds`; return (steps, elapsed seconds)."""
    replay_once(scripts, env)  # warm up: imports, regex compilation, caches
    steps = 0
    started = time.perf_counter()
    deadline = started + seconds
    while True:
        steps += replay_once(scripts, env)
        now = time.perf_counter()
        if now >= deadline:
            return steps, now - started


def profile_engine(scripts: list[Script], env, seconds: float, top: int) -> None:  # type: ignore[no-untyped-def]
    """Profile the engine loop with cProfile and print the top functions by own time and by cumulative time."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    steps, _ = bench_engine(scripts, env, seconds)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(order).print_stats(top)
        say(f"profile: {steps} steps, top {top} by {order}")
        lines = out.getvalue().splitlines()
        start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
        for line in lines[start:]:
            if line.strip():
                say("  " + line.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", ""))


# ---------------------------------------------------------------------------- servers


def bare_app(database_url: str):  # type: ignore[no-untyped-def]
    """A FastAPI app with one POST endpoint doing one insert into SQLite, on the app's engine settings."""
    from collections.abc import AsyncIterator
    from contextlib import asynccontextmanager

    from fastapi import FastAPI, HTTPException
    from pydantic import BaseModel
    from sqlalchemy import text

    from bot.store.db import make_engine

    engine = make_engine(database_url)

    class Message(BaseModel):
        user: str
        channel: str = "whatsapp"
        text: str | None = None
        button: str | None = None
        phone: str | None = None
        kind: str | None = None

    class Stored(BaseModel):
        id: int

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "CREATE TABLE IF NOT EXISTS bench_message ("
                    "id INTEGER PRIMARY KEY, user TEXT NOT NULL, text TEXT, created_at TEXT NOT NULL)"
                )
            )
        yield
        engine.dispose()

    app = FastAPI(title="bare insert", lifespan=lifespan)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1 FROM bench_message LIMIT 1"))
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            raise HTTPException(status_code=503, detail="database not ready") from error
        return {"status": "ok"}

    @app.post("/api/bare/messages", response_model=Stored)
    def post_message(message: Message) -> Stored:  # a plain def, like the simulator: runs in the thread pool
        with engine.begin() as conn:
            row = conn.execute(
                text("INSERT INTO bench_message (user, text, created_at) VALUES (:user, :text, :at) RETURNING id"),
                {"user": message.user, "text": message.text or message.button, "at": datetime.now(UTC).isoformat()},
            ).one()
        return Stored(id=row[0])

    return app


def serve(kind: str, database_url: str) -> None:
    """Child process: serve one app on 127.0.0.1, port chosen by the OS, printed as `PORT n` on stdout."""
    if kind == "app":
        from api.main import create_app
        from bot.settings import Settings

        app = create_app(Settings(environment="test", database_url=database_url, secret_key=os.environ["BENCH_SECRET_KEY"]))
    else:
        app = bare_app(database_url)

    serve_on_loopback(app)


def start_server(kind: str, database_url: str, workdir: Path, secret_key: str) -> Server:
    """Start `kind` ("app" or "bare") in a child process and wait until /healthz answers 200."""
    log = workdir / f"{kind}.log"
    env = {**os.environ, "BENCH_SECRET_KEY": secret_key, "PYTHONUNBUFFERED": "1"}
    process = spawn(__file__, ["--serve", kind, "--database-url", database_url], log, env)
    server = Server(name=kind, process=process, port=0, log=log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        server.port = int(read_line(process, log, f"{kind} server", deadline).split()[1])
        wait_until_ok(process, f"http://{HOST}:{server.port}/healthz", log, f"{kind} server", deadline)
        return server
    except BaseException:
        stop_child(process)
        raise


# ---------------------------------------------------------------------------- load


def bodies_of(script: Script, phone: str) -> list[dict[str, str]]:
    """Turn a script's inputs into simulator request bodies for a WhatsApp user with `phone` (user added later)."""
    bodies = []
    for inbound, _now, _channel in script.steps:
        body: dict[str, str] = {"channel": "whatsapp", "phone": phone}
        if inbound.kind == "button":
            body["button"] = inbound.button
        elif inbound.kind == "text":
            body["text"] = inbound.text
        elif inbound.kind == "contact":
            body["kind"] = "contact"
            body["phone"] = inbound.phone
        else:  # media, location
            body["kind"] = inbound.kind
        bodies.append(body)
    return bodies


async def _client(
    port: int,
    path: str,
    bodies: list[dict[str, str]],
    user: str,
    warm_until: float,
    deadline: float,
    cap: int,
    load: Load,
    stop: asyncio.Event,
) -> None:
    import aiohttp

    url = f"http://{HOST}:{port}{path}"
    # aiohttp: about a fifth of httpx's CPU per request, so the load generator takes less of the 2 cores it shares.
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)) as client:
        sent = 0
        round_ = 0
        failures = 0
        while sent < cap:
            round_ += 1  # each pass over the transcript is a new seller, so each pass is a whole journey
            for body in bodies:
                started = time.perf_counter()
                if started >= deadline or sent >= cap or stop.is_set():
                    return
                try:
                    async with client.post(url, json={**body, "user": f"{user}-r{round_}"}) as response:
                        answer = await response.read()
                    ok = response.status == 200
                    problem = None if ok else f"HTTP {response.status}: {answer[:200].decode(errors='replace')}"
                except (aiohttp.ClientError, TimeoutError) as error:
                    ok, problem = False, f"{type(error).__name__}: {error}"
                finished = time.perf_counter()
                if started < warm_until:
                    continue  # warm-up requests are neither counted nor capped
                sent += 1
                if ok:
                    failures = 0
                    load.messages += 1
                    load.latencies.append(finished - started)
                else:
                    failures += 1
                    load.errors += 1
                    load.first_error = load.first_error or problem
                    if failures >= MAX_CONSECUTIVE_ERRORS:
                        return


async def _drive(port: int, path: str, scripts: list[Script], clients: int, seconds: float, warmup: float, max_requests: int) -> Load:
    load = Load()
    run = secrets.token_hex(3)
    cap = max(1, max_requests // clients)
    start = time.perf_counter()
    warm_until = start + warmup
    deadline = warm_until + seconds
    stop = asyncio.Event()
    tasks = []
    for n in range(clients):
        script = scripts[n % len(scripts)]
        phone = f"+9198765{n % 100_000:05d}"
        tasks.append(_client(port, path, bodies_of(script, phone), f"bench-{run}-{n}", warm_until, deadline, cap, load, stop))
    await run_clients(tasks, stop)
    # Requests started before the deadline are counted, so the window runs until the last one ended.
    load.elapsed = time.perf_counter() - warm_until
    return load


def drive(server: Server, path: str, scripts: list[Script], clients: int, seconds: float, warmup: float, max_requests: int) -> Load:
    """Run the clients against a server for warm-up + `seconds`; only the measured part is counted."""
    return asyncio.run(_drive(server.port, path, scripts, clients, seconds, warmup, max_requests))


# ---------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="measured duration of each phase (default 3)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent HTTP clients, each its own simulated user (default 8)")
    parser.add_argument("--quick", action="store_true", help="1-second smoke run of every phase")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap on measured requests per HTTP phase (default 200000)")
    parser.add_argument("--profile", type=int, metavar="N", default=0, help="also profile the engine with cProfile and print the top N functions")
    parser.add_argument("--serve", choices=("app", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    check_load_args(parser, args)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve:
        serve(args.serve, args.database_url)
        return 0
    signal.signal(signal.SIGTERM, raise_interrupt)  # so `finally` stops the servers on SIGTERM too
    seconds = args.seconds
    warmup = 0.2 if args.quick else 0.5
    servers: list[Server] = []
    try:
        # 1. pure engine
        say("engine: compiling catalogues…")
        env = make_env()
        scripts = load_scripts()
        per_pass = sum(len(s.steps) for s in scripts)
        say(f"engine: running {seconds:g} s on one core ({len(scripts)} transcripts, {per_pass} seller inputs per pass)…")
        steps, elapsed = bench_engine(scripts, env, seconds)
        rate = steps / elapsed
        say(f"engine throughput: {rate:,.0f} steps/s ({steps:,} resume() calls in {elapsed:.2f} s)")
        say(f"engine time per step: {1e6 / rate:.1f} µs")
        say(f"engine goal: ≥ {ENGINE_GOAL:,} steps/s: {'PASS' if rate >= ENGINE_GOAL else 'FAIL'}")
        if args.profile:
            say(f"engine: profiling {seconds:g} s with cProfile…")
            profile_engine(scripts, env, seconds, args.profile)

        from bot.store.migrate import upgrade

        secret_key = secrets.token_urlsafe(32)
        with tempfile.TemporaryDirectory(prefix="gem-saathi-bench-") as tmp:
            workdir = Path(tmp)
            results: dict[str, Load] = {}
            for kind, label, path in (("app", "round trip", "/api/simulator/messages"), ("bare", "bare insert", "/api/bare/messages")):
                url = f"sqlite:///{workdir / (kind + '.db')}"
                if kind == "app":
                    say(f"{label}: migrating a fresh SQLite database…")
                    upgrade(url)
                say(f"{label}: starting uvicorn on {HOST}…")
                server = start_server(kind, url, workdir, secret_key)
                servers.append(server)
                try:
                    say(f"{label}: port {server.port}; warming up {warmup:g} s, then running {seconds:g} s with {args.clients} clients…")
                    results[kind] = drive(server, path, scripts, args.clients, seconds, warmup, args.max_requests)
                finally:
                    stop_child(server.process)
                    servers.remove(server)
                report_load(label, results[kind])
                if server.process.returncode not in (0, None):
                    say(f"{label}: server exited with {server.process.returncode}; log tail:\n{tail(server.log)}")

        app_rate, bare_rate = results["app"].rate, results["bare"].rate
        ratio = app_rate / bare_rate if bare_rate else 0.0
        say(f"ratio round trip ÷ bare insert: {ratio:.2f} ({app_rate:,.1f} ÷ {bare_rate:,.1f} msgs/s)")
        say(f"ratio goal: ≥ {RATIO_GOAL:.2f}: {'PASS' if ratio >= RATIO_GOAL else 'FAIL'}")
        return 0
    except KeyboardInterrupt:
        say("interrupted: stopping servers…")
        return 130
    finally:
        for server in servers:
            stop_child(server.process)


if __name__ == "__main__":
    sys.exit(main())
