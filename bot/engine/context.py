"""Define the services the engine is handed for one turn: translations, a PAN digest, the clock's reading."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Protocol

from babel.dates import format_date
from babel.numbers import format_decimal

from bot.engine.model import Button, Event, Reply


def N_(msgid: str) -> str:  # noqa: N802 - the gettext marker Babel extracts
    """Mark a message for translation where it is defined; it is translated where it is shown."""
    return msgid

IST = timezone(timedelta(hours=5, minutes=30), "IST")
BABEL_LOCALES = {"hi": "hi_IN", "en": "en_IN"}


@lru_cache(maxsize=256)
def _rupees(amount: int, lang: str) -> str:
    """Format an amount in rupees with Indian digit grouping, once per amount and language."""
    return "₹" + format_decimal(amount, locale=BABEL_LOCALES[lang])


@lru_cache(maxsize=1024)
def _day(day: date, lang: str) -> str:
    """Format a day as a seller reads it, once per day and language."""
    return format_date(day, format="d MMMM", locale=BABEL_LOCALES[lang])


class Translation(Protocol):
    def gettext(self, message: str, /) -> str: ...


@dataclass(frozen=True, slots=True)
class Env:
    """Inject services into the engine; it reads nothing else from the world."""

    translations: Mapping[str, Translation]
    pan_digest: Callable[[str], str]
    # Rendered buttons and option tables, which depend only on the step and the language.
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)


@dataclass(slots=True)
class Turn:
    """Collect what one call of the engine produces while it runs: language, replies and events."""

    env: Env
    now: datetime
    channel: str
    lang: str = "hi"
    replies: list[Reply] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    understood: str | None = None  # what the message was taken to mean (see model.Result)

    def _(self, msgid: str, /, **values: object) -> str:
        """Translate a message into the seller's language and fill in its values."""
        text = self.env.translations[self.lang].gettext(msgid)
        return text.format(**values) if values else text

    def in_language(self, lang: str, msgid: str) -> str:
        """Translate a message into a named language."""
        return self.env.translations[lang].gettext(msgid)

    def say(self, text: str, buttons: tuple[Button, ...] | list[Button] = (), *, request_contact: bool = False) -> None:
        """Queue a reply for the seller."""
        self.replies.append(Reply(text=text, buttons=tuple(buttons), request_contact=request_contact))

    def rupees(self, amount: int) -> str:
        """Format an amount in rupees with Indian digit grouping."""
        return _rupees(amount, self.lang)

    def day(self, moment: datetime) -> str:
        """Format a day the way the seller reads dates, e.g. 25 नवंबर."""
        return _day(moment.astimezone(IST).date(), self.lang)
