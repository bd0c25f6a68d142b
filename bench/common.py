"""What the benchmark scripts share: printing, child processes on loopback, load figures.

The scripts (bench/engine.py, bench/inbound.py, bench/broadcast.py) put the repository root on sys.path
before importing this module as `bench.common`; it imports only the standard library at the top, and
httpx and uvicorn where they are used.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
START_TIMEOUT = 60.0  # s to wait for a child's first line and for it to answer
UVICORN_OPTIONS = {"log_level": "warning", "access_log": False}  # the same for every server the scripts start


def say(line: str) -> None:
    """Print one line at once (progress and results alike)."""
    print(line, flush=True)


def verdict(ok: bool) -> str:
    """Return PASS or FAIL."""
    return "PASS" if ok else "FAIL"


def load_average(sep: str) -> str:
    """Return the 1, 5 and 15-minute load averages, two decimals each, joined by `sep`."""
    return sep.join(f"{x:.2f}" for x in os.getloadavg())


def cpu_seconds(pid: int) -> float | None:
    """Return the CPU time (user + system, s) a process has used so far, or None where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def raise_interrupt(signum: int, _frame: object) -> None:
    """Turn a signal (SIGTERM) into KeyboardInterrupt, so that `finally` blocks stop the children."""
    raise KeyboardInterrupt(f"signal {signum}")


def check_load_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Apply --quick (1 s phases) and check --seconds, --clients and --max-requests of an HTTP load run."""
    if args.quick:
        args.seconds = 1.0
    if args.seconds <= 0 or args.seconds > 600:
        parser.error("--seconds must be in (0, 600]")
    if not 1 <= args.clients <= 256:
        parser.error("--clients must be between 1 and 256")
    if args.max_requests < 1:
        parser.error("--max-requests must be positive")


# ---------------------------------------------------------------------------- child processes


@dataclass(slots=True)
class Server:
    """A child process serving on loopback, with the file its stderr goes to."""

    name: str
    process: subprocess.Popen
    port: int
    log: Path


def spawn(script: str | Path, args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start `python script args…` in the repository root, stdin and stdout piped, stderr into `log`."""
    with log.open("wb") as err:
        return subprocess.Popen(
            [sys.executable, str(Path(script).resolve()), *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            start_new_session=True,  # Ctrl-C reaches only the parent, which then stops its children in order
        )


def read_line(process: subprocess.Popen, log: Path, what: str, deadline: float) -> str:
    """Read the first line a child prints (such as `PORT n`), failing once time.monotonic() passes `deadline`."""
    line = b""
    while not line.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or process.poll() is not None:
            raise RuntimeError(f"{what} did not report its port:\n{tail(log)}")
        ready, _, _ = select.select([process.stdout], [], [], min(remaining, 0.5))
        if ready:
            chunk = os.read(process.stdout.fileno(), 1)  # type: ignore[union-attr]
            if not chunk:
                raise RuntimeError(f"{what} closed its output:\n{tail(log)}")
            line += chunk
    return line.decode()


def wait_until_ok(process: subprocess.Popen, url: str, log: Path, what: str, deadline: float) -> None:
    """Poll `url` until it answers 200, failing if the child exits or time.monotonic() passes `deadline`."""
    import httpx

    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{tail(log)}")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} not healthy after {START_TIMEOUT:.0f} s:\n{tail(log)}")
        time.sleep(0.05)


def stop_child(process: subprocess.Popen) -> None:
    """Ask a child to stop (stdin EOF, then SIGTERM), then kill it if it lingers."""
    if process.poll() is None:
        try:
            if process.stdin:
                process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    for stream in (process.stdin, process.stdout):
        try:
            if stream:
                stream.close()
        except OSError:
            pass


def tail(path: Path, lines: int = 20) -> str:
    """Return the last `lines` lines of a log file, or "" if it cannot be read."""
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def on_stdin_eof(action: Callable[[], object]) -> None:
    """Call `action` from a daemon thread once stdin reaches EOF (the parent closed it or died)."""

    def watch() -> None:
        sys.stdin.read()
        action()

    threading.Thread(target=watch, daemon=True).start()


def serve_on_loopback(app: Any) -> None:
    """Serve `app` with uvicorn on a free 127.0.0.1 port printed as `PORT n`; stop at stdin EOF."""
    import socket

    import uvicorn

    # proto must be IPPROTO_TCP (not the default 0) or asyncio leaves Nagle on for accepted connections,
    # adding the 40 ms delayed-ACK stall to every request; `uvicorn --port` gets it right through getaddrinfo.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, 0))
    server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=sock.getsockname()[1], **UVICORN_OPTIONS))

    def stop() -> None:
        server.should_exit = True

    on_stdin_eof(stop)
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    server.run(sockets=[sock])


# ---------------------------------------------------------------------------- load figures


def percentile(values: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) of durations in seconds, in ms; NaN when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1] * 1000


def timed(run: Callable[[], object], times: int) -> list[float]:
    """Run something `times` times (after one warm-up) and return each run's milliseconds."""
    run()
    out = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        out.append((time.perf_counter() - started) * 1000)
    return out


def p95(values: list[float]) -> float:
    """Return the 95th percentile of some timings, in their own unit."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass(slots=True)
class Load:
    """What the clients measured against one server: answered requests, errors, the window and latencies."""

    messages: int = 0
    errors: int = 0
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    first_error: str | None = None
    quantiles: dict[int, float] | None = None  # percentile → ms, when the load generator gives them instead of samples

    @property
    def rate(self) -> float:
        """Return answered messages per second of the measured window."""
        return self.messages / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        """Return the p-th percentile latency in ms (nearest rank), or as the load generator gave it."""
        if self.quantiles is not None:
            return self.quantiles.get(int(p), float("nan"))
        return percentile(self.latencies, p)


def report_load(label: str, load: Load) -> None:
    """Print a load's throughput, p50 and p99 latency and errors, one line each."""
    say(f"{label} throughput: {load.rate:,.1f} msgs/s ({load.messages:,} messages in {load.elapsed:.2f} s)")
    say(f"{label} latency p50: {load.percentile(50):.1f} ms")
    say(f"{label} latency p99: {load.percentile(99):.1f} ms")
    say(f"{label} errors: {load.errors}" + (f" (first: {load.first_error})" if load.first_error else ""))


async def run_clients(clients: list[Coroutine[Any, Any, None]], stop: asyncio.Event) -> None:
    """Run the client coroutines to the end; on Ctrl-C or SIGTERM set `stop`, end them and raise KeyboardInterrupt."""
    # Stop the clients ourselves (a cancellation can be swallowed inside httpx's transport), then raise
    # KeyboardInterrupt so that the script's main() stops its servers.
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        clients_done = asyncio.ensure_future(asyncio.gather(*(asyncio.ensure_future(c) for c in clients)))
        stop_wait = asyncio.ensure_future(stop.wait())
        await asyncio.wait((clients_done, stop_wait), return_when=asyncio.FIRST_COMPLETED)
        if stop.is_set():
            clients_done.cancel()
            await asyncio.wait((clients_done,), timeout=5)
            if clients_done.done() and not clients_done.cancelled():
                clients_done.exception()  # retrieve it, so asyncio does not warn that nobody did
            raise KeyboardInterrupt
        stop_wait.cancel()
        clients_done.result()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        signal.signal(signal.SIGTERM, raise_interrupt)
