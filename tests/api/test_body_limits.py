"""Bodies are bounded while they are received: over the limit is a 413, too slow is a 408, on a real server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn
from fastapi.routing import iter_route_contexts

from api.limits import UPLOAD_PATHS
from api.main import create_app
from bot.settings import Settings
from tests.conftest import TEST_SECRET

IDLE = 0.5
TOTAL = 1.5


@contextmanager
def _running(settings: Settings) -> Iterator[int]:
    """Run the whole app under uvicorn on loopback (with its lifespan); yield its port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", lifespan="on"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "the app did not start"
            time.sleep(0.02)
        try:
            yield sock.getsockname()[1]
        finally:
            server.should_exit = True
            thread.join(timeout=10)


@pytest.fixture
def port(db, database_url) -> Iterator[int]:  # type: ignore[no-untyped-def]
    settings = Settings(environment="test", database_url=database_url, secret_key=TEST_SECRET, body_idle_seconds=IDLE, body_total_seconds=TOTAL)
    with _running(settings) as running:
        yield running


def _request(port: int, announced: int, parts: list[bytes], pause: float = 0.0) -> tuple[str, float]:
    """Send a simulator request announcing `announced` bytes but sending `parts`; return the status line and the seconds it took."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        head = f"POST /api/simulator/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {announced}\r\n\r\n"
        conn.sendall(head.encode())
        for part in parts:
            try:
                conn.sendall(part)
            except OSError:  # the server answered and closed already
                break
            time.sleep(pause)
        answer = conn.recv(65536).decode("latin-1")
    return answer.split("\r\n", 1)[0], time.monotonic() - started


def test_a_client_that_announces_more_than_it_sends_gets_a_408(port: int) -> None:
    body = b'{"user": "slow", "text": "hi"}'
    status, _ = _request(port, len(body), [body[:10], body[10:]], pause=IDLE / 3)  # slow but whole: answered
    assert " 200 " in status
    status, took = _request(port, 100_000, [b"x" * 1024])
    assert " 408 " in status and IDLE * 0.9 <= took < IDLE + 3


def test_a_client_that_trickles_its_body_gets_a_408_at_the_total_deadline(port: int) -> None:
    status, took = _request(port, 100_000, [b"x"] * 20, pause=IDLE / 2)
    assert " 408 " in status and TOTAL * 0.9 <= took < TOTAL + 3


def test_a_client_that_announces_ten_megabytes_is_refused_at_once(port: int) -> None:
    status, took = _request(port, 10 * 1024 * 1024, [b"x" * 1024])
    assert " 413 " in status and took < IDLE


def test_every_route_that_takes_a_file_has_the_upload_limit(client) -> None:  # type: ignore[no-untyped-def]
    takes_files = set()
    for context in iter_route_contexts(client.app.routes):
        dependant = getattr(context.route, "dependant", None)
        if dependant is None:
            continue
        annotations = [str(param.field_info.annotation) for param in dependant.body_params]
        if any("UploadFile" in annotation for annotation in annotations):
            takes_files.add(context.path)
    assert takes_files == UPLOAD_PATHS
