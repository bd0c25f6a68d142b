"""Serve an app on a free port of 127.0.0.1 in a thread, for tests and scripts that drive a real browser."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn


@contextmanager
def live_app(app, timeout: float = 20.0) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Yield the root URL of the app served on a thread once /healthz answers; stop it afterwards."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=2))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    root = f"http://127.0.0.1:{sock.getsockname()[1]}"
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                if httpx.get(f"{root}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError(f"the app did not answer /healthz within {timeout:.0f} s")
            time.sleep(0.05)
        yield root
    finally:
        server.should_exit = True
        thread.join(timeout=10)


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_problem() -> tuple[str, str | None]:
    """Return the system Chromium's path and what keeps it from running (None when it can run)."""
    import os

    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    try:
        import playwright.sync_api  # noqa: F401 - only whether it is there
    except ImportError:
        return path, "the playwright package is not installed: pip install -e '.[dev]' (CI does)"
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return path, f"Chromium not found at {path}: install the chromium package (CI does)"
    return path, None


def chromium_or_skip() -> str:
    """Return the Chromium to drive; skip the test, or fail it when REQUIRE_BROWSER is set, when it cannot run."""
    import os

    import pytest

    path, problem = chromium_problem()
    if problem:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but {problem}")
        pytest.skip(problem)
    return path
