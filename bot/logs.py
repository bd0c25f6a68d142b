"""Write log lines as text or as one JSON object each, with the request id, and with numbers, emails, PANs and Aadhaar masked."""

# Code never logs a person's words or profile (the log lines name sellers by id); the mask here is the
# net under that rule, for what a third-party library or an exception's text brings along: an Indian
# mobile in any common form, an email address, a PAN or an Aadhaar number.

from __future__ import annotations

import json
import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime

from bot.engine import validators
from bot.services.vendor_lists import mask_phone

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_HANDLER = "gem-saathi"

_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?91[\s-]?|0)?([6-9][0-9]{4})[\s-]?([0-9]{5})(?![0-9])")
_SETUP = re.compile(r"/setup/[^/?]+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def mask(text: str) -> str:
    """Return text with mobiles, emails, PANs and Aadhaar numbers masked."""
    text = validators.redact(text)  # Aadhaar first: its twelve digits would otherwise read as a mobile with a prefix
    text = _MOBILE.sub(lambda m: mask_phone(f"+91{m.group(1)}{m.group(2)}"), text)
    return _EMAIL.sub("[email]", text)


class Masking(logging.Filter):
    """Mask personal data in a record's message and exception before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's message with its masked form; never drop a record."""
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
            # An address's query (a search for a name) and a set-up link's secret stay out of the access log.
            client, method, path, version, status = record.args
            record.args = (client, method, _SETUP.sub("/setup/…", str(path).split("?", 1)[0]), version, status)
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        record.request_id = REQUEST_ID.get()
        return True


class JsonLines(logging.Formatter):
    """Format a record as one line of JSON: time, level, logger, message, request id, and the exception if any."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as a JSON object on one line."""
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        if request_id:
            line["request_id"] = request_id
        if record.exc_text or record.exc_info:
            line["exception"] = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
        return json.dumps(line, ensure_ascii=False)


def configure(level: str, form: str) -> None:
    """Send every log record through the mask to standard error, as text or as JSON lines."""
    handler = logging.StreamHandler()
    handler.addFilter(Masking())
    handler.setFormatter(JsonLines() if form == "json" else logging.Formatter(TEXT_FORMAT))
    handler.set_name(_HANDLER)
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER]:  # an earlier app's in this process; others' handlers stay
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers = []  # through the root's handler and its mask, not uvicorn's own
        logging.getLogger(name).propagate = True
