"""Run the bot's asyncio programs one way: on uvloop where it is installed, as the web server does."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine

from bot.store.db import Checkpointer

T = TypeVar("T")

_collected = False  # whether settle_heap has run a full collection in this process


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run `main` to completion on a fresh event loop: uvloop's (Linux, macOS) or else asyncio's own."""
    # uvloop's sockets and timers cost a fraction of the pure-Python loop's: the worker sends more per core on it.
    try:
        import uvloop
    except ImportError:  # Windows: uvloop does not build there
        return asyncio.run(main)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)


def settle_heap() -> None:
    """Move what start-up built (modules, catalogues, table metadata) out of the garbage collector's sight."""
    # Call after start-up: a long-running process keeps these objects for life, and full collections walking them
    # paused the event loop (see docs/decisions.md). Start-up's garbage is collected first, the first time only
    # (a test process starts many apps).
    global _collected
    if not _collected:
        gc.collect()
        _collected = True
    gc.freeze()


def unsettle_heap() -> None:
    """Give what `settle_heap` set aside back to the collector (a server that stops, or a test process that starts many)."""
    gc.unfreeze()


@contextmanager
def serving(engine: Engine) -> Iterator[None]:
    """Keep SQLite's log checkpointed and start-up's heap frozen while a long-running process (web app, worker) serves."""
    checkpointer = Checkpointer(engine)
    checkpointer.start()
    settle_heap()
    try:
        yield
    finally:
        checkpointer.stop()
        unsettle_heap()
