"""Scaling benchmark on PostgreSQL: the inbound load of bench/inbound.py through 1, 2 and 4 web processes and 1 and 2 workers.

Run from the repository root after `make install`, with a PostgreSQL database the benchmark may wipe (its name
must contain "bench"):

    .venv/bin/python bench/scaling.py                          # webs 1 2 4, workers 1 2, 5 s each
    .venv/bin/python bench/scaling.py --quick                  # webs 1 2, worker 1, 2 s each
    .venv/bin/python bench/scaling.py --database-url postgresql+psycopg://saathi:saathi@127.0.0.1/saathi_bench

For each layout (W web processes × K workers), all on 127.0.0.1:
1. database     the schema is dropped and made again, then `python -m bot migrate`
2. processes    W × `uvicorn api.main:app` with WORKER_IN_PROCESS=false and K × `python -m bot worker`, the
                Procfile's layout; the fake providers of bench/inbound.py (one process, started once) take the
                replies at up to 1,000/s per channel
3. load         --clients-per-web × W clients (half WhatsApp, half Telegram, in pairs per web process) walk
                sellers through the Hindi registration as bench/inbound.py does, for warm-up + --seconds
4. figures      webhooks answered per second in all and per web process, p50/p99, errors, the outbox drained
                after the clients stop, and the CPU of every web and worker process per inbound message (from
                /proc), which is what docs/deploy.md sizes a deployment from
Then the curve: per-process throughput of each layout ÷ that of one web process and one worker, run in the same
invocation. The issue's goal, within 20 % of the one-process figure while the machine has cores to give, can only
be read where the machine has more cores than the layout has busy processes (the load generator takes its share
too); the last lines say how many cores there were.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from bench import inbound  # noqa: E402
from bench.common import cpu_seconds, say, stop_child  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://saathi:saathi@127.0.0.1/saathi_bench"
DRAIN_TIMEOUT = 60.0


@dataclass
class Result:
    """Hold one layout's figures."""

    webs: int
    workers: int
    rate: float
    p50: float
    p99: float
    errors: int
    drained: float
    cpu_ms: float


def reset(url: str) -> None:
    """Drop and make again the public schema of the benchmark's database."""
    from sqlalchemy import create_engine, make_url

    if "bench" not in (make_url(url).database or ""):
        raise SystemExit(f"refusing to wipe {make_url(url).database!r}: the benchmark's database name must contain 'bench'")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def in_flight(url: str) -> int:
    """Count outbox rows not yet sent or failed."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.connect() as conn:
        left = conn.exec_driver_sql("SELECT count(*) FROM outboxmessage WHERE status IN ('pending', 'sending')").scalar_one()
    engine.dispose()
    return left


def measure(url: str, webs: int, workers: int, args: argparse.Namespace, roots: tuple[str, str], workdir: Path) -> Result:
    """Run one layout and return its figures."""
    reset(url)
    env = inbound.app_env(url, roots[0], roots[1], 1_000, 1_000)
    env["WORKER_IN_PROCESS"] = "false"
    inbound.migrate(env, workdir)
    apps, senders = [], []
    try:
        for n in range(webs):
            apps.append(inbound.start_app(env, workdir / f"web{n}"))
        for n in range(workers):
            senders.append(inbound.spawn_worker(env, workdir / f"worker{n}"))
        pids = [a.process.pid for a in apps] + [w.pid for w in senders]
        before = [cpu_seconds(pid) for pid in pids]
        load_args = argparse.Namespace(clients=args.clients_per_web * webs, seconds=args.seconds, max_requests=200_000, think=1.5, sellers=2_000)
        run = inbound.drive("app", [a.port for a in apps], load_args, args.warmup)
        stopped = time.monotonic()
        while in_flight(url) and time.monotonic() - stopped < DRAIN_TIMEOUT:
            time.sleep(0.1)
        drained = time.monotonic() - stopped
        after = [cpu_seconds(pid) for pid in pids]
    finally:
        for app in apps:
            stop_child(app.process)
        for worker in senders:
            worker.terminate()
            worker.wait(timeout=20)
    load = inbound.load_of(run)
    answered = sum(1 for s in run.sent if s.status == run.ok)
    used = sum(a - b for a, b in zip(after, before, strict=True) if a is not None and b is not None)
    return Result(webs, workers, load.rate, load.percentile(50), load.percentile(99), load.errors, drained, used * 1000 / answered if answered else 0.0)


def main() -> None:
    """Measure every layout, print each one's figures, then the per-process curve against one web and one worker."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL), help=f"a PostgreSQL database to wipe (default {DEFAULT_URL})")
    parser.add_argument("--webs", type=int, nargs="+", default=[1, 2, 4], help="web process counts (default 1 2 4)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default 1 2)")
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per layout (default 5)")
    parser.add_argument("--clients-per-web", type=int, default=8, help="load clients per web process (default 8)")
    parser.add_argument("--quick", action="store_true", help="webs 1 2, one worker, 2 s each")
    args = parser.parse_args()
    if args.quick:
        args.webs, args.workers, args.seconds = [1, 2], [1], 2.0
    args.warmup = 1.0 if args.quick else 2.0
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="saathi-scaling-") as tmp:
        workdir = Path(tmp)
        for n in [*range(max(args.webs)), *range(max(args.workers))]:
            (workdir / f"web{n}").mkdir(exist_ok=True)
            (workdir / f"worker{n}").mkdir(exist_ok=True)
        fakes, tg_root, wa_root = inbound.start_fakes(workdir, 1_000, 1_000)
        try:
            for workers in args.workers:
                for webs in args.webs:
                    say(f"layout: {webs} web, {workers} worker; {args.clients_per_web * webs} clients, {args.seconds:g} s…")
                    r = measure(args.database_url, webs, workers, args, (tg_root, wa_root), workdir)
                    results.append(r)
                    say(f"layout {webs} web × {workers} worker: {r.rate:,.1f} msgs/s ({r.rate / webs:,.1f} per web process), p50 {r.p50:.1f} ms, "
                        f"p99 {r.p99:.1f} ms, {r.errors} errors, outbox drained {r.drained:.1f} s after, CPU {r.cpu_ms:.2f} ms a message")
        finally:
            stop_child(fakes.process)
    base = next((r for r in results if r.webs == 1 and r.workers == 1), results[0])
    for r in results:
        ratio = (r.rate / r.webs) / base.rate if base.rate else 0.0
        say(f"per web process against 1 × 1: {r.webs} web × {r.workers} worker → {ratio:.2f}")
    say(f"cores: {os.cpu_count()} (the load generator and the database share them)")
    best = max(results, key=lambda r: r.rate)
    say(f"scaling: best {best.rate:,.1f} msgs/s with {best.webs} web × {best.workers} worker, one process {base.rate:,.1f} msgs/s, "
        f"CPU {base.cpu_ms:.2f} ms a message")


if __name__ == "__main__":
    main()
