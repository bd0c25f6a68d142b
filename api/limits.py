"""Bound every request: how large its body may be and how long the client may take to send it."""

# One ASGI middleware wraps `receive`: a body announced (Content-Length) or counted over its route's
# limit, or one that stops arriving, raises an HTTP error from `receive` itself, before any parser has
# seen the body. The error then takes the app's ordinary way: JSON for the API and webhooks, a page in
# the visitor's language for the staff app. Figures and reasons: docs/limits.md, docs/decisions.md.

from __future__ import annotations

import asyncio
import time

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

KIB = 1024
BODY_MAX = 256 * KIB  # every route: webhooks, the simulator, the JSON API and the staff app's forms
# Routes that take a file: the 5 MB the upload services accept, plus room for the multipart envelope,
# so a file a little too large still reaches the route and is refused with its own clear message.
UPLOAD_BODY_MAX = 6 * KIB * KIB
UPLOAD_PATHS = frozenset({"/vendors", "/api/v1/vendor-lists", "/api/v1/sellers/status-import"})


class BodyTooLarge(HTTPException):
    """Signal that a request body is larger than its route accepts."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"the request body is larger than {limit} bytes", headers={"Connection": "close"})


class BodyTimedOut(HTTPException):
    """Signal that the client did not send its request body in time."""

    def __init__(self) -> None:
        super().__init__(status_code=408, detail="the request body did not arrive in time", headers={"Connection": "close"})


def body_limit(path: str) -> int:
    """Return how many bytes a request body to this path may have."""
    return UPLOAD_BODY_MAX if path in UPLOAD_PATHS else BODY_MAX


def _declared_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    return int(value) if value is not None and value.isascii() and value.isdigit() else None


class BodyLimits:
    """Refuse a body over its route's size limit (413) or one that stops arriving (408), while it is received."""

    def __init__(self, app: ASGIApp, *, idle: float, total: float) -> None:
        self.app = app
        self.idle = idle
        self.total = total

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with a receive that counts and times the body, and answer its refusals."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        declared = _declared_length(scope)
        deadline = time.monotonic() + self.total
        received = 0
        finished = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, finished
            if finished:  # the body is in: what is left to wait for is a disconnect, which may take any time
                return await receive()
            if declared is not None and declared > limit:
                raise BodyTooLarge(limit)  # refused on its word, before a byte is read
            try:
                async with asyncio.timeout(max(min(self.idle, deadline - time.monotonic()), 0)):
                    message = await receive()
            except TimeoutError:
                raise BodyTimedOut from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
                finished = not message.get("more_body", False)
            else:
                finished = True
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except (BodyTooLarge, BodyTimedOut) as error:  # raised where no handler answers it, e.g. in a middleware
            if started:
                raise
            response = JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)
            await response(scope, receive, send)
