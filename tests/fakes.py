"""Fake Telegram and Twilio servers on loopback that record requests and answer like the real APIs."""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

Script = Callable[[str, dict[str, Any]], tuple[int, dict[str, Any]] | None]


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Run an app under uvicorn in a thread on loopback; yield its root URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("fake server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class Recorder:
    """Requests a fake received, and an optional script that overrides the answer per request."""

    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    script: Script | None = None
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def named(self, method: str) -> list[dict[str, Any]]:
        """Return the bodies of calls to one method."""
        with self.lock:
            return [body for name, body in self.calls if name == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Wait until `count` calls to a method arrived, and return them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.named(method)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(f"expected {count} {method} calls, got {len(self.named(method))}: {self.calls[-3:]}")


async def _body(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        raw = await request.body()
        return json.loads(raw) if raw else {}
    form = await request.form()
    return {k: str(v) for k, v in form.multi_items()}


def fake_telegram(recorder: Recorder) -> FastAPI:
    """Return a Bot API look-alike: getMe, sendMessage and friends, answering {"ok": true, ...}."""
    app = FastAPI()
    message_ids = itertools.count(1000)

    @app.post("/bot{token}/{method}")
    async def method(token: str, method: str, request: Request) -> JSONResponse:
        body = await _body(request)
        with recorder.lock:
            recorder.calls.append((method, body))
        if recorder.delay:
            import asyncio

            await asyncio.sleep(recorder.delay)
        if recorder.script:
            scripted = recorder.script(method, body)
            if scripted is not None:
                return JSONResponse(scripted[1], status_code=scripted[0])
        if method == "getMe":
            result: Any = {"id": 42, "is_bot": True, "first_name": "GeM Saathi", "username": "gem_saathi_bot"}
        elif method == "sendMessage":
            result = {
                "message_id": next(message_ids),
                "date": int(time.time()),
                "chat": {"id": int(body["chat_id"]), "type": "private"},
                "from": {"id": 42, "is_bot": True, "first_name": "GeM Saathi"},
                "text": body.get("text", ""),
            }
        else:
            result = True
        return JSONResponse({"ok": True, "result": result})

    return app


def fake_twilio(recorder: Recorder) -> FastAPI:
    """Return a Twilio REST look-alike for creating messages."""
    app = FastAPI()
    sids = itertools.count(1)

    @app.post("/2010-04-01/Accounts/{sid}/Messages.json")
    async def create(sid: str, request: Request) -> JSONResponse:
        body = await _body(request)
        with recorder.lock:
            recorder.calls.append(("Messages", body))
        if recorder.delay:
            import asyncio

            await asyncio.sleep(recorder.delay)
        if recorder.script:
            scripted = recorder.script("Messages", body)
            if scripted is not None:
                return JSONResponse(scripted[1], status_code=scripted[0])
        message_sid = f"SM{next(sids):032d}"
        return JSONResponse(
            {
                "sid": message_sid,
                "account_sid": sid,
                "status": "queued",
                "to": body.get("To"),
                "from": body.get("From"),
                "body": body.get("Body"),
                "num_segments": "1",
                "direction": "outbound-api",
                "api_version": "2010-04-01",
                "uri": f"/2010-04-01/Accounts/{sid}/Messages/{message_sid}.json",
            },
            status_code=201,
        )

    return app


def telegram_text_update(update_id: int, chat_id: int, text: str) -> dict[str, Any]:
    """Return a private-chat text update as Telegram sends it."""
    user = {"id": chat_id, "is_bot": False, "first_name": "Ramesh", "language_code": "hi"}
    message: dict[str, Any] = {
        "message_id": update_id,
        "from": user,
        "chat": {"id": chat_id, "first_name": "Ramesh", "type": "private"},
        "date": 1763900000,
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}]
    return {"update_id": update_id, "message": message}


def telegram_button_update(update_id: int, chat_id: int, data: str) -> dict[str, Any]:
    """Return a callback-query update (an inline button tap) as Telegram sends it."""
    user = {"id": chat_id, "is_bot": False, "first_name": "Ramesh"}
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cbq{update_id}",
            "from": user,
            "chat_instance": "-1234",
            "data": data,
            "message": {
                "message_id": 7,
                "from": {"id": 42, "is_bot": True, "first_name": "GeM Saathi"},
                "chat": {"id": chat_id, "first_name": "Ramesh", "type": "private"},
                "date": 1763900000,
                "text": "…",
            },
        },
    }


def whatsapp_form(sid: str, phone: str, body: str | None = None, **extra: str) -> dict[str, str]:
    """Return an inbound WhatsApp webhook form as Twilio posts it."""
    form = {
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ProfileName": "Sunita",
        "MessageType": "text",
        "SmsSid": sid,
        "WaId": phone.lstrip("+"),
        "SmsStatus": "received",
        "Body": body or "",
        "To": "whatsapp:+14155238886",
        "NumSegments": "1",
        "ReferralNumMedia": "0",
        "MessageSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": f"whatsapp:{phone}",
        "ApiVersion": "2010-04-01",
    }
    form.update(extra)
    return form
