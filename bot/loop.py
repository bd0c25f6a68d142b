"""One way to run the bot's asyncio programs: on uvloop where it is installed, as the web server does."""

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
    """Run `main` to completion on a fresh event loop: uvloop's (Linux, macOS) or else asyncio's own.

    uvloop's sockets and timers cost a fraction of the pure-Python loop's; the worker, which spends
    its time writing small HTTP requests and waking for pacing slots, sends noticeably more per core.
    """
    try:
        import uvloop
    except ImportError:  # Windows: uvloop does not build there
        return asyncio.run(main)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)


def settle_heap() -> None:
    """Move what start-up built (modules, catalogues, table metadata) out of the garbage collector's sight.

    A long-running process holds a few hundred thousand such objects for its whole life; every full
    collection walked them all, a 70-80 ms pause of the event loop now and then, which at 1,000 sends
    a second is 70-80 lost sends and, for a chatting seller, a slow reply. Call after start-up; the
    garbage of start-up is collected first, the first time only (a test process starts many apps).
    """
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
    """What a long-running process (the web app, the worker) keeps up while it serves, once started:
    SQLite's log copied back in the background, and start-up's heap out of the collector's sight."""
    checkpointer = Checkpointer(engine)
    checkpointer.start()
    settle_heap()
    try:
        yield
    finally:
        checkpointer.stop()
        unsettle_heap()
