"""Fake Telegram and Twilio servers on loopback that record requests and answer like the real APIs."""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

Script = Callable[[str, dict[str, Any]], tuple[int, dict[str, Any]] | None]

FIRST_ID = 101
SEND_METHODS = ("sendMessage", "Messages")
BOT_USER = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "GeM Saathi",
    "username": "gem_saathi_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
JSON_FIELDS = ("reply_markup", "allowed_updates", "commands")  # Bot API parameters a form post carries as JSON text


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ChildLog:
    """Collect a child process's output in a temporary file: a chatty child never stops on a pipe nobody reads."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - read after the child is gone, closed with this object

    def text(self) -> str:
        """Return everything the child wrote so far."""
        self.file.flush()
        self.file.seek(0)
        return self.file.read().decode(errors="replace")


def start_worker(env: dict[str, str], log: ChildLog | None = None) -> subprocess.Popen:
    """Start `python -m bot worker` from the repository root, its log going to `log` (or nowhere)."""
    output = log.file if log is not None else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=Path(__file__).resolve().parent.parent, env=env,
                            stdout=subprocess.DEVNULL, stderr=output)


@contextmanager
def serve(app: FastAPI, port: int = 0) -> Iterator[str]:
    """Run an app under uvicorn in a thread on loopback (on `port`, or any free one); yield its root URL."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=2)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake server did not start")
            time.sleep(0.01)
        try:
            yield f"http://127.0.0.1:{sock.getsockname()[1]}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)


@dataclass(frozen=True)
class Call:
    """One request a fake received."""

    method: str  # the Bot API method, or "Messages" for Twilio
    params: dict[str, Any]  # the JSON body or the form fields
    account: str  # from the path: the bot token (Telegram) or the account SID (Twilio)
    authorization: str | None = None


@dataclass(frozen=True)
class Scripted:
    """One scripted answer: `status`, `headers` and `body` instead of the normal answer, after `delay` seconds.

    A body of None keeps the normal answer, only late by `delay`; a string body goes out as it is.
    """

    status: int = 200
    body: dict[str, Any] | str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0

    def response(self) -> Response:
        """Return the scripted answer as an HTTP response."""
        if isinstance(self.body, str):
            return Response(self.body, status_code=self.status, headers=self.headers, media_type="application/json")
        return JSONResponse(self.body, status_code=self.status, headers=self.headers)


NORMAL = Scripted()


@dataclass
class Recorder:
    """What a fake received, and how it answers.

    Each request gets the answer of `script` (a function that sees every request), else the next
    answer queued for its method with `answer_next`, else the normal one; `delay` slows every answer.
    """

    calls: list[Call] = field(default_factory=list)
    script: Script | None = None
    delay: float = 0.0
    answers: dict[str, deque[Scripted]] = field(default_factory=lambda: defaultdict(deque))
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(FIRST_ID))  # Telegram message ids, Twilio SIDs
    generation: int = 0  # bumped by reset, so a slow answer from before it changes nothing
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer_next(self, method: str, *answers: Scripted) -> None:
        """Queue answers for the next requests to a method, in order; after them it answers normally."""
        with self.lock:
            self.answers[method].extend(answers)

    def reset(self) -> None:
        """Forget calls and queued answers, and number from FIRST_ID again."""
        with self.lock:
            self.generation += 1
            self.calls.clear()
            self.answers.clear()
            self.ids = itertools.count(FIRST_ID)

    def named(self, method: str) -> list[dict[str, Any]]:
        """Return the bodies of calls to one method."""
        with self.lock:
            return [call.params for call in self.calls if call.method == method]

    def sent(self) -> list[dict[str, Any]]:
        """Return the bodies of message sends (Telegram's sendMessage, Twilio's Messages)."""
        with self.lock:
            return [call.params for call in self.calls if call.method in SEND_METHODS]

    def methods(self) -> list[str]:
        """Return the methods called, in order."""
        with self.lock:
            return [call.method for call in self.calls]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Wait until `count` calls to a method arrived, and return them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.named(method)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(f"expected {count} {method} calls, got {len(self.named(method))}: {self.calls[-3:]}")

    async def respond(self, call: Call, normal: Callable[[], Response]) -> Response:
        """Record a call and answer it: scripted, queued, or `normal()`."""
        with self.lock:
            self.calls.append(call)
            generation = self.generation
        answer = self._answer_for(call)
        delay = self.delay + answer.delay
        if delay:
            await asyncio.sleep(delay)
            if generation != self.generation:
                return Response("the fake was reset while this answer waited", status_code=500)
        return normal() if answer.body is None else answer.response()

    def _answer_for(self, call: Call) -> Scripted:
        if self.script is not None:
            scripted = self.script(call.method, call.params)
            if scripted is not None:
                return Scripted(*scripted)
        with self.lock:
            queue = self.answers.get(call.method)
            return queue.popleft() if queue else NORMAL


async def _body(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        raw = await request.body()
        return json.loads(raw) if raw else {}
    form = await request.form()
    return {k: str(v) for k, v in form.multi_items()}


def fake_telegram(recorder: Recorder) -> FastAPI:
    """Return a Bot API look-alike: getMe, sendMessage and friends, answering {"ok": true, ...}."""
    app = FastAPI()

    def result(method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "sendMessage":
            message: dict[str, Any] = {
                "message_id": next(recorder.ids),
                "from": BOT_USER,
                "chat": {"id": int(params["chat_id"]), "first_name": "Ramesh", "type": "private"},
                "date": int(time.time()),
                "text": params.get("text", ""),
            }
            if "inline_keyboard" in params.get("reply_markup", {}):
                message["reply_markup"] = params["reply_markup"]
            return message
        if method == "getUpdates":
            return []
        return True

    @app.post("/bot{token}/{method}")
    async def call_method(token: str, method: str, request: Request) -> Response:
        params = await _body(request)
        for key in JSON_FIELDS:
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return await recorder.respond(Call(method, params, token), lambda: JSONResponse({"ok": True, "result": result(method, params)}))

    return app


def fake_twilio(recorder: Recorder) -> FastAPI:
    """Return a Twilio REST look-alike for creating messages: 201 with the message resource."""
    app = FastAPI()

    def created(sid: str, form: dict[str, Any]) -> Response:
        message_sid = f"SM{next(recorder.ids):032x}"
        now = "Fri, 20 Nov 2026 06:30:00 +0000"
        resource = {
            "account_sid": sid,
            "api_version": "2010-04-01",
            "body": form.get("Body", ""),
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From"),
            "messaging_service_sid": None,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": None,
            "sid": message_sid,
            "status": "queued",
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{sid}/Messages/{message_sid}/Media.json"},
            "to": form.get("To"),
            "uri": f"/2010-04-01/Accounts/{sid}/Messages/{message_sid}.json",
        }
        return JSONResponse(resource, status_code=201)

    @app.post("/2010-04-01/Accounts/{sid}/Messages.json")
    async def create(sid: str, request: Request) -> Response:
        form = await _body(request)
        call = Call("Messages", form, sid, request.headers.get("authorization"))
        return await recorder.respond(call, lambda: created(sid, form))

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
