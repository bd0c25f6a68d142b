"""Replay pre-built HTTP requests against a server with wrk and bench/wrk/replay.lua, and read its figures.

Used by `bench/inbound.py --driver wrk`: Python builds every request (signed, with distinct ids), writes
them one a line, and wrk, a load generator written in C, sends them over several connections.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import HOST, Load

SCRIPT = Path(__file__).resolve().parent / "wrk" / "replay.lua"


def wrk_binary() -> str | None:
    """Return the path of wrk, or None when it is not installed."""
    return shutil.which("wrk")


def raw_post(port: int, path: str, body: str, content_type: str, headers: dict[str, str] | None = None) -> str:
    """Return one HTTP/1.1 POST as wrk writes it (body ASCII: urlencoded forms, JSON with escapes)."""
    lines = [f"POST {path} HTTP/1.1", f"Host: {HOST}:{port}", f"Content-Type: {content_type}", f"Content-Length: {len(body.encode())}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return "\r\n".join(lines) + "\r\n\r\n" + body


def write_requests(path: Path, requests: list[str]) -> None:
    """Write requests one a line for replay.lua, their CRLFs as tabs."""
    with path.open("w", encoding="ascii") as out:
        for request in requests:
            if "\t" in request or "\n" in request.replace("\r\n", ""):
                raise ValueError(f"a request holds a tab or a bare newline: {request[:200]!r}")
            out.write(request.replace("\r\n", "\t") + "\n")


@dataclass(slots=True)
class Replay:
    """Hold what one wrk run reported."""

    answered: int  # responses read within the run, any status
    seconds: float
    latency_ms: dict[int, float]  # percentile → ms, over every response
    socket_errors: int  # connect, read and write errors and timeouts
    codes: dict[int, int]  # HTTP status → responses
    distinct: int  # requests in the file
    sent: int  # requests written, in flight at the end included
    repeats: int  # requests sent again after the thread had sent all its own
    stamps: list[tuple[int, float]] = field(default_factory=list)  # (request index from 0, time.time() at sending)

    def load(self, ok: int) -> Load:
        """Return the run as a Load: responses with status `ok` are messages, everything else errors."""
        messages = self.codes.get(ok, 0)
        problem = None if messages == self.answered and not self.socket_errors else f"statuses {self.codes}, {self.socket_errors} socket errors"
        return Load(messages=messages, errors=self.answered - messages + self.socket_errors, elapsed=self.seconds, first_error=problem, quantiles=self.latency_ms)


def run_wrk(
    port: int, path: str, requests: Path, threads: int, connections: int, seconds: int, log: Path, stamps: Path | None = None
) -> Replay:
    """Run wrk for `seconds` against 127.0.0.1:port, replaying the requests file; return its figures."""
    distinct = sum(1 for _ in requests.open(encoding="ascii"))
    if distinct < threads:
        raise ValueError(f"{requests} holds {distinct} requests, fewer than the {threads} wrk threads")
    command = [
        wrk_binary() or "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(SCRIPT),
        f"http://{HOST}:{port}{path}",
        "--",
        str(requests),
        str(stamps) if stamps else "-",
        str(threads),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    log.write_text(f"$ {' '.join(command)}\n{done.stdout}\n{done.stderr}")
    line = next((line for line in done.stdout.splitlines() if line.startswith("REPLAY ")), None)
    if done.returncode or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    data = json.loads(line.removeprefix("REPLAY "))
    marks = []
    if stamps:
        for mark in stamps.read_text().split("\n"):
            if mark:
                index, at = mark.split()
                marks.append((int(index) - 1, float(at)))
    return Replay(
        answered=data["requests"],
        seconds=data["duration_us"] / 1e6,
        latency_ms={p: data[f"p{p}_us"] / 1000 for p in (50, 90, 99)},
        socket_errors=sum(data[kind] for kind in ("connect", "read", "write", "timeout")),
        codes={int(code): n for code, n in data["codes"].items()},
        distinct=distinct,
        sent=data["sent"],
        repeats=data["repeats"],
        stamps=marks,
    )
