"""Tell the app's time: one clock object handed to every part, which a test or the simulator can pin."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


class Clock:
    """Return the time when called: the real time, or what `pin` set."""

    def __init__(self, source: Callable[[], datetime] = utcnow) -> None:
        self._source = source

    def __call__(self) -> datetime:
        """Return the time now."""
        return self._source()

    def pin(self, moment: datetime | Callable[[], datetime]) -> None:
        """Make the clock say this moment from now on (or ask this function)."""
        self._source = moment if callable(moment) else (lambda: moment)
