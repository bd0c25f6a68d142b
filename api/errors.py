"""Answer JSON nested too deeply to parse with a 422 rather than a server error."""

# json.loads recurses once per level and gives up at the interpreter's limit (about a thousand levels);
# FastAPI then answers 400 "There was an error parsing the body", caused by the RecursionError. The
# staff app's HTTP error handler (api/pages/__init__.py), which sees every HTTP error, turns that
# into this 422. The Telegram webhook reads its own body and ignores such an update like any other
# unreadable one.

from __future__ import annotations

from fastapi.responses import JSONResponse

# Shaped like FastAPI's own 422 (HTTPValidationError), so a client reads it as any other invalid body.
TOO_DEEP = {"detail": [{"type": "json_invalid", "loc": ["body"], "msg": "JSON nested too deeply", "input": {}}]}


def nested_too_deep(error: BaseException | None) -> bool:
    """Say whether an error is, or was caused by, the recursion a JSON parser hit on deeply nested input."""
    while error is not None:
        if isinstance(error, RecursionError):
            return True
        error = error.__cause__
    return False


def too_deep() -> JSONResponse:
    """Return the 422 for JSON nested too deeply to parse."""
    return JSONResponse(TOO_DEEP, status_code=422)
