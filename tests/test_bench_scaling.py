"""Smoke-run the PostgreSQL scaling benchmark: two layouts, figures printed as numbers, nothing refused."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NUMBER = r"\d[\d,]*(?:\.\d+)?"


def test_the_scaling_benchmark_runs_its_layouts_on_postgresql() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("BENCH_DATABASE_URL is not set but REQUIRE_POSTGRES=1: .ci/run sets it to a database the benchmark may wipe")
        pytest.skip("BENCH_DATABASE_URL is not set: the scaling benchmark needs a PostgreSQL database it may wipe (CI sets one)")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "scaling.py"), "--quick", "--database-url", url], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for webs in (1, 2):
        line = re.search(rf"^layout {webs} web × 1 worker: ({NUMBER}) msgs/s .* (\d+) errors", done.stdout, re.MULTILINE)
        assert line, done.stdout
        assert float(line.group(1).replace(",", "")) > 0 and line.group(2) == "0", line.group(0)
    assert re.search(rf"^scaling: best {NUMBER} msgs/s", done.stdout, re.MULTILINE), done.stdout
