"""The process helpers: uvloop where installed, and a heap settled after start-up."""

from __future__ import annotations

import asyncio
import gc

import pytest

from bot.loop import run, settle_heap, unsettle_heap


def test_run_returns_the_coroutines_result_on_uvloop() -> None:
    uvloop = pytest.importorskip("uvloop", reason="uvloop is not installed on this platform")

    async def which_loop() -> type:
        await asyncio.sleep(0)
        return type(asyncio.get_running_loop())

    assert run(which_loop()) is uvloop.Loop


def test_settled_objects_leave_the_collectors_sight_and_come_back() -> None:
    kept = [[n] for n in range(1000)]  # objects the collector tracks
    settle_heap()
    try:
        frozen = gc.get_freeze_count()
        assert frozen >= len(kept)
        oldest = {id(o) for o in gc.get_objects(generation=2)}
        assert not any(id(k) in oldest for k in kept)  # a full collection no longer walks them
    finally:
        unsettle_heap()
    assert gc.get_freeze_count() == 0
    assert gc.is_tracked(kept[0])
