"""Helpers for API tests: talk to the simulator and read every stored value."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, inspect, text


def say(client, user: str, text_: str | None = None, *, button: str | None = None, channel: str = "whatsapp", phone: str | None = "+919812345678") -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Send one simulator message and return the decoded response, failing on an HTTP error."""
    body = {"user": user, "channel": channel, "text": text_, "button": button, "phone": phone}
    response = client.post("/api/simulator/messages", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def walk(client, user: str, answers: list[str], **kwargs: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Send answers in order; a `[id]` answer taps that button."""
    last: dict[str, Any] = {}
    for answer in answers:
        if answer.startswith("[") and answer.endswith("]"):
            last = say(client, user, button=answer[1:-1], **kwargs)
        else:
            last = say(client, user, answer, **kwargs)
    return last


TO_PAN_STEP = [
    "नमस्ते", "[ask_language:hi]", "[ask_consent:yes]", "रमेश कुमार", "श्री राम ट्रेडर्स", "lakhnau",
    "[ask_offering:services]", "[ask_category:cleaning]", "[ask_enterprise_type:proprietorship]",
    "[ask_benefit_category:neither]", "[ask_turnover:under_1cr]", "[ask_udyam:none]",
]


# Times and digests are the app's own values; their digits would match a typed number's by chance.
_MACHINE_VALUES = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?|\b[0-9a-f]{32,}\b")


def all_stored_text(engine: Engine) -> str:
    """Return every value in every table as one string, to search for what must never be stored."""
    chunks = []
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                chunks.extend(_MACHINE_VALUES.sub(" ", str(value)) for value in row if not isinstance(value, (date, datetime)))
    return "\n".join(chunks)
