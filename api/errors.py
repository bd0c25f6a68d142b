"""Answer bodies the app cannot take with a 422 rather than a 400 or a server error: JSON nested too deeply or not UTF-8, input it cannot echo."""

# json.loads recurses once per level and gives up at the interpreter's limit (about a thousand levels);
# FastAPI then answers 400 "There was an error parsing the body", caused by the RecursionError. It does
# the same for a JSON body that is not UTF-8 (a UnicodeDecodeError, where malformed UTF-8 JSON is its own
# 422 "json_invalid"). The staff app's HTTP error handler (api/pages/__init__.py), which sees every HTTP
# error, turns both into a 422 of that shape. The Telegram webhook reads its own body and ignores such an
# update like any other unreadable one.

from __future__ import annotations

import json
import math
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

# Shaped like FastAPI's own 422 (HTTPValidationError), so a client reads it as any other invalid body.
TOO_DEEP = {"detail": [{"type": "json_invalid", "loc": ["body"], "msg": "JSON nested too deeply", "input": {}}]}


NOT_UTF8 = {"detail": [{"type": "json_invalid", "loc": ["body"], "msg": "JSON body is not UTF-8 text", "input": {}}]}


def _caused_by(error: BaseException | None, kind: type[BaseException]) -> bool:
    while error is not None:
        if isinstance(error, kind):
            return True
        error = error.__cause__
    return False


def nested_too_deep(error: BaseException | None) -> bool:
    """Say whether an error is, or was caused by, the recursion a JSON parser hit on deeply nested input."""
    return _caused_by(error, RecursionError)


def too_deep() -> JSONResponse:
    """Return the 422 for JSON nested too deeply to parse."""
    return JSONResponse(TOO_DEEP, status_code=422)


def unreadable_body(error: BaseException) -> JSONResponse | None:
    """Return the 422 for a body FastAPI could not parse (nested too deeply, or not UTF-8), or None for any other error."""
    if nested_too_deep(error):
        return too_deep()
    if _caused_by(error, UnicodeDecodeError):
        return JSONResponse(NOT_UTF8, status_code=422)
    return None


class EscapedJSONResponse(JSONResponse):
    """Render JSON as UTF-8, or with \\u escapes when it holds a lone surrogate (echoed from a client's own input)."""

    def render(self, content: Any) -> bytes:
        """Return the body: plain UTF-8 when it can be, ASCII with escapes when it cannot."""
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


async def invalid_body(_request: Request, error: RequestValidationError) -> JSONResponse:
    """Return FastAPI's 422 for an invalid request, whatever the input it echoes holds."""
    try:
        detail = jsonable_encoder(error.errors())
    except RecursionError:  # input nested nearly as deep as the parser allows: say what is wrong without echoing it
        detail = [{"type": problem.get("type"), "loc": list(problem.get("loc", ())), "msg": problem.get("msg")} for problem in error.errors()]
    return EscapedJSONResponse({"detail": _finite(detail)}, status_code=422)


def _finite(value: Any) -> Any:
    """Return a JSON value with each infinite or NaN number (Python's json reads "Infinity") written as a string, which JSON can carry."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [_finite(item) for item in value]
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    return value
