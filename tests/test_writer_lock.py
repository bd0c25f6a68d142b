"""The in-process SQLite writer queue: one writer at a time, the outbox worker first, turns not starved."""

from __future__ import annotations

import threading
import time

from bot.store.db import WriterLock


def _queue_up(lock: WriterLock, names_and_urgency: list[tuple[str, bool]], order: list[str]) -> list[threading.Thread]:
    """Start one thread per writer, each queued behind the holder before the next starts."""
    threads = []
    for name, urgent in names_and_urgency:

        def write(name: str = name, urgent: bool = urgent) -> None:
            lock.acquire(urgent)
            order.append(name)
            lock.release()

        thread = threading.Thread(target=write)
        thread.start()
        threads.append(thread)
        deadline = time.monotonic() + 5
        while lock._urgent_waiting + lock._normal_waiting < len(threads):  # wait until it is queued
            assert time.monotonic() < deadline, "writer did not queue"
            time.sleep(0.001)
    return threads


def test_urgent_writers_go_before_waiting_turns() -> None:
    lock = WriterLock()
    order: list[str] = []
    lock.acquire()  # a turn holds the lock while the others arrive
    threads = _queue_up(lock, [("turn 1", False), ("turn 2", False), ("claim", True), ("turn 3", False), ("record", True)], order)
    lock.release()
    for thread in threads:
        thread.join(5)
    assert order[:2] == ["claim", "record"]
    assert sorted(order[2:]) == ["turn 1", "turn 2", "turn 3"]


def test_a_stream_of_urgent_writers_lets_a_turn_through() -> None:
    lock = WriterLock()
    order: list[str] = []
    lock.acquire()
    urgent = [(f"urgent {n}", True) for n in range(WriterLock.URGENT_STREAK + 3)]
    threads = _queue_up(lock, [("turn", False), *urgent], order)
    lock.release()
    for thread in threads:
        thread.join(5)
    assert order.index("turn") <= WriterLock.URGENT_STREAK
    assert sorted(order) == sorted(["turn", *(name for name, _ in urgent)])


def test_many_writers_never_overlap_and_all_finish() -> None:
    lock = WriterLock()
    inside = 0
    most = 0
    done = 0
    guard = threading.Lock()

    def write(n: int) -> None:
        nonlocal inside, most, done
        for _ in range(50):
            lock.acquire(urgent=n % 5 == 0)
            with guard:
                inside += 1
                most = max(most, inside)
            time.sleep(0)
            with guard:
                inside -= 1
            lock.release()
        with guard:
            done += 1

    threads = [threading.Thread(target=write, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert (most, done) == (1, 20)
