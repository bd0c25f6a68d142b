"""Smoke-run each benchmark script in its quickest mode: it exits 0 and prints its figures as numbers.

Only that the figures are printed and numeric is checked (and that the wrk-driven run saw no errors and
paired replies), never whether a goal says PASS or FAIL: the figures depend on the machine (and the scripts
run at the same time, so they are lower than alone). The runs take about 40 s together on a 2-core machine.
The wrk run is skipped where wrk is not installed, unless REQUIRE_WRK=1 (as in CI), which makes it fail.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NUMBER = r"(?:\d[\d,]*(?:\.\d+)?|nan)"  # as the scripts print figures: 1,234.5 (nan: a percentile of no samples)
TIMEOUT = 150.0  # s per script from its start; a smoke run takes 10 to 35 s

# script arguments, and the figure lines it must print: "<label>: <number>" (the number first after the colon)
RUNS = {
    "engine": (
        ["--quick"],
        [
            "engine throughput",
            "engine time per step",
            "round trip throughput",
            "round trip latency p50",
            "round trip latency p99",
            "bare insert throughput",
            "bare insert latency p50",
            "bare insert latency p99",
            "ratio round trip ÷ bare insert",
        ],
    ),
    "inbound": (
        ["--quick"],
        [
            "inbound throughput",
            "inbound latency p50",
            "inbound latency p99",
            "inbound errors",
            "reply latency p50",
            "reply latency p99",
            "replies matched",
            "duplicate sends",
            "bare insert throughput",
            "bare insert latency p50",
            "ratio inbound ÷ bare insert",
        ],
    ),
    "inbound-wrk": (
        ["--quick", "--driver", "wrk"],
        [
            "inbound throughput",
            "inbound latency p50",
            "inbound latency p99",
            "inbound errors",
            "inbound replay",
            "reply latency p50",
            "replies matched",
            "status throughput",
            "status latency p99",
            "status replay",
            "bare insert throughput",
            "bare insert latency p99",
            "bare insert replay",
            "ratio inbound ÷ bare insert",
            "ratio status ÷ bare insert",
        ],
    ),
    "leads": (
        ["--quick"],
        ["setup time", "baseline p95 ms", *(f"inbox {label} p95 ms" for label in ("page 1", "page 500", "district", "needs help", "name search", "last digits", "stage"))],
    ),
    "funnel": (
        ["--sellers", "5000", "--runs", "3"],
        ["setup time", "build time", "stage change with counts ms", "fold time", "baseline p95 ms", "funnel page p95 ms",
         *(f"funnel page {label} p95 ms" for label in ("district", "department", "women-owned", "everything at once")), "home page p95 ms",
         "districts page p95 ms", "scorecard page p95 ms", "breakdowns page p95 ms"],
    ),
    "edges": (
        ["--rounds", "1", "--checks", "200", "--sends", "200"],
        ["signature", "send"],
    ),
    "understanding": (
        ["--split", "all"],
        ["answers", "understood", "asked back", "missed", "misread", "engine answers per second"],
    ),
    "broadcast": (
        # few sellers (2,000: enough recipients that every send slice sends) and the shortest slices it takes
        ["--quick", "--sellers", "2000", "--seconds", "2"],
        [
            "setup time",
            "materialize recipients",
            "materialize time",
            "materialize tracemalloc peak",
            "ceiling sender alone",
            "ceiling worker",
            *(f"send {rate}/s {figure}" for rate in (30, 80, 1000) for figure in ("steady rate", "achieved ÷ limit", "429s", "duplicates", "losses")),
            "summary",
        ],
    ),
    "peak": (
        ["--quick"],
        [
            "send rate",
            "achieved ÷ limit",
            "429s",
            "webhook status callbacks p50",
            "webhook inbound replies p50",
            "webhook all p50",
            "webhook p99",
            "webhook errors",
            "replies answered",
            "app CPU",
            "bare insert throughput",
        ],
    ),
}
SCRIPTS = {"inbound-wrk": "inbound"}  # runs of a script under another name: bench/<script>.py


@dataclass(slots=True)
class Run:
    """One script running in the background, its output going to files."""

    name: str
    args: list[str]
    process: subprocess.Popen
    out: Path
    err: Path
    deadline: float  # time.monotonic() after which it is stopped


def start(name: str, workdir: Path) -> Run:
    """Start bench/<name>.py from the repository root with its smoke-run arguments."""
    args = RUNS[name][0]
    out, err = workdir / f"{name}.out", workdir / f"{name}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / f"{SCRIPTS.get(name, name)}.py"), *args],
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
        )
    return Run(name, args, process, out, err, time.monotonic() + TIMEOUT)


def stop(run: Run) -> None:
    """Stop a script that is still running: SIGTERM (it then stops its own children), SIGKILL if it lingers."""
    if run.process.poll() is None:
        run.process.send_signal(signal.SIGTERM)
        try:
            run.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            run.process.kill()
            run.process.wait()


def finish(run: Run) -> tuple[int, str, str]:
    """Wait for a script until its deadline; return its exit code, stdout and stderr."""
    try:
        run.process.wait(timeout=max(0.0, run.deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        stop(run)
        out, err = (path.read_text(encoding="utf-8", errors="replace") for path in (run.out, run.err))
        pytest.fail(f"bench/{run.name}.py {' '.join(run.args)} ran over {TIMEOUT:.0f} s\n--- stdout\n{out[-4000:]}\n--- stderr\n{err[-4000:]}")
    out, err = (path.read_text(encoding="utf-8", errors="replace") for path in (run.out, run.err))
    return run.process.returncode, out, err


@pytest.fixture(scope="module")
def runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Run]]:
    """Start every selected script at once (together they take about half as long as one after another)."""
    wanted = {item.callspec.params["name"] for item in request.session.items if item.module is request.module and hasattr(item, "callspec")}
    workdir = tmp_path_factory.mktemp("bench")
    if shutil.which("wrk") is None:
        wanted.discard("inbound-wrk")
    started = {name: start(name, workdir) for name in RUNS if name in wanted}
    try:
        yield started
    finally:
        for run in started.values():
            stop(run)


@pytest.mark.parametrize("name", list(RUNS))
def test_bench_script_prints_its_figures(name: str, runs: dict[str, Run]) -> None:
    if name == "inbound-wrk" and shutil.which("wrk") is None:
        if os.environ.get("REQUIRE_WRK") == "1":
            pytest.fail("REQUIRE_WRK=1 but wrk is not on PATH (apt-get install wrk)")
        pytest.skip("wrk is not installed (apt-get install wrk); set REQUIRE_WRK=1 to fail instead")
    code, out, err = finish(runs[name])
    assert code == 0, f"bench/{name}.py exited with {code}\n--- stdout\n{out[-4000:]}\n--- stderr\n{err[-4000:]}"
    labels = RUNS[name][1]
    missing = [label for label in labels if not re.search(rf"^{re.escape(label)}: {NUMBER}\b", out, re.MULTILINE)]
    assert not missing, f"bench/{name}.py printed no numeric figure for {missing}\n--- stdout\n{out}"
    if name == "funnel":  # its last line is read by scripts
        last = out.strip().splitlines()[-1]
        assert re.fullmatch(rf"funnel: unfiltered p95 {NUMBER} ms, filtered p95 {NUMBER} ms, 5000 sellers, \d+ events, (SQLite|PostgreSQL)", last), last
    if name == "inbound-wrk":
        check_wrk_figures(out)
    if name == "peak":  # its last line sums the run up
        last = out.strip().splitlines()[-1]
        assert re.fullmatch(rf"peak: {NUMBER} of the limit, webhook p99 {NUMBER} ms, \d+ errors", last), last


def figure(out: str, label: str) -> float:
    """Return the number printed after `label: `."""
    return float(re.search(rf"^{re.escape(label)}: ({NUMBER})", out, re.MULTILINE).group(1).replace(",", ""))


def check_wrk_figures(out: str) -> None:
    """Check that the wrk run says it used wrk, answered what it measured, and paired replies with its webhooks."""
    assert re.search(r"^driver: wrk, 2 threads, 16 connections, 1 s warm-up run then 1 s measured$", out, re.MULTILINE), out
    for phase in ("inbound", "status", "bare insert"):
        assert figure(out, f"{phase} throughput") > 0, out
        assert figure(out, f"{phase} errors") == 0, out
        assert figure(out, f"{phase} latency p50") <= figure(out, f"{phase} latency p99"), out
        replay = re.search(rf"^{phase} replay: ({NUMBER}) distinct requests prepared, ({NUMBER}) sent, ({NUMBER}) of them repeats", out, re.MULTILINE)
        assert replay, out
        distinct, sent, repeats = (int(group.replace(",", "")) for group in replay.groups())
        assert 0 < sent and sent - distinct <= repeats <= sent, out
    matched = re.search(rf"^replies matched: ({NUMBER}) of ({NUMBER}) inbound messages", out, re.MULTILINE)
    assert matched and 0 < int(matched.group(1).replace(",", "")) <= int(matched.group(2).replace(",", "")), out
    rate = figure(out, "inbound throughput") / figure(out, "bare insert throughput")
    assert abs(figure(out, "ratio inbound ÷ bare insert") - rate) < 0.01, out
