"""The outbox worker: retries, provider errors, the WhatsApp window, leases, pacing; with a scripted sender."""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import UTC, datetime, timedelta
from itertools import combinations

import pytest
from sqlmodel import Session, select

from bot.channels.base import OutboundPayload, SendResult
from bot.delivery import TemplateBook
from bot.store.db import transaction
from bot.store.models import ChannelIdentity, ConversationState, OutboxMessage, Seller
from bot.worker import CATCH_UP, PROVIDER_MARGIN, TRIP_SLACK, Pacer, Pacing, Worker

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


class ScriptedSender:
    """Answers each send with the next scripted result (the last one repeats)."""

    def __init__(self, channel: str, *results: SendResult) -> None:
        self.channel = channel
        self.results = list(results)
        self.sent: list[tuple[float, OutboundPayload]] = []

    async def send(self, payload: OutboundPayload) -> SendResult:
        self.sent.append((time.monotonic(), payload))
        if not self.results:
            return SendResult("sent", provider_message_id=f"P{len(self.sent)}")
        return self.results.pop(0) if len(self.results) > 1 else self.results[0]

    async def close(self) -> None:
        pass


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def _seller(db, channel: str = "whatsapp", to: str = "+919812345678", last_inbound: datetime | None = NOW) -> int:  # type: ignore[no-untyped-def]
    with transaction(db) as session:
        seller = Seller(created_at=NOW, updated_at=NOW, stage_changed_at=NOW)
        session.add(seller)
        session.flush()
        session.add(ChannelIdentity(seller_id=seller.id, channel=channel, external_id=to, created_at=NOW, last_inbound_at=last_inbound))
        session.add(ConversationState(seller_id=seller.id, step="ask_name", state={"step": "ask_name"}, updated_at=NOW))
        return seller.id


def _queue(db, seller_id: int | None, *, channel: str = "whatsapp", to: str = "+919812345678", kind: str = "reply", count: int = 1, fallback: dict | None = None) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    with transaction(db) as session:
        for n in range(count):
            payload = OutboundPayload(to=to, text=f"message {n}").to_json()
            if fallback:
                payload["fallback"] = fallback
            row = OutboxMessage(seller_id=seller_id, channel=channel, kind=kind, language="hi", payload=payload, due_at=NOW, created_at=NOW, updated_at=NOW)
            session.add(row)
            session.flush()
            ids.append(row.id)
    return ids


def _row(db, row_id: int) -> OutboxMessage:  # type: ignore[no-untyped-def]
    with Session(db) as session:
        return session.get(OutboxMessage, row_id)


def _worker(db, sender, clock=None, **kwargs) -> Worker:  # type: ignore[no-untyped-def]
    return Worker(db, {sender.channel: sender}, clock=clock or Clock(), jitter=lambda: 1.0, **kwargs)


async def test_a_sent_row_records_the_provider_id(db) -> None:  # type: ignore[no-untyped-def]
    [row_id] = _queue(db, _seller(db))
    sender = ScriptedSender("whatsapp", SendResult("sent", provider_message_id="SM123"))
    assert await _worker(db, sender).run_once() == 1
    row = _row(db, row_id)
    assert (row.status, row.provider_message_id, row.attempts) == ("sent", "SM123", 1)


async def test_429_waits_the_providers_retry_after_then_succeeds(db) -> None:  # type: ignore[no-untyped-def]
    [row_id] = _queue(db, _seller(db))
    clock = Clock()
    sender = ScriptedSender("whatsapp", SendResult("retry", retry_after=3, error_code="429"), SendResult("sent", provider_message_id="SM9"))
    worker = _worker(db, sender, clock)
    await worker.run_once()
    row = _row(db, row_id)
    assert row.status == "pending" and row.due_at.replace(tzinfo=UTC) == NOW + timedelta(seconds=3) and row.attempts == 0
    assert await worker.run_once() == 0  # not due yet
    clock.now = NOW + timedelta(seconds=3)
    await worker.run_once()
    assert _row(db, row_id).status == "sent"


async def test_server_errors_back_off_exponentially_then_fail_with_the_reason(db) -> None:  # type: ignore[no-untyped-def]
    [row_id] = _queue(db, _seller(db))
    clock = Clock()
    sender = ScriptedSender("whatsapp", SendResult("retry", error_code="500", error="Internal Server Error"))
    worker = _worker(db, sender, clock, max_attempts=3, backoff_base=2.0)
    delays = []
    for _ in range(3):
        await worker.run_once()
        row = _row(db, row_id)
        if row.status == "pending":
            delays.append((row.due_at.replace(tzinfo=UTC) - clock.now).total_seconds())
            clock.now = row.due_at.replace(tzinfo=UTC)
    row = _row(db, row_id)
    assert delays == [2.0, 4.0]
    assert (row.status, row.attempts, row.error_code) == ("failed", 3, "500")
    assert "Internal Server Error" in row.error


async def test_a_blocked_bot_marks_the_chat_unreachable(db) -> None:  # type: ignore[no-untyped-def]
    seller_id = _seller(db, channel="telegram", to="5550001")
    [row_id] = _queue(db, seller_id, channel="telegram", to="5550001")
    sender = ScriptedSender("telegram", SendResult("unreachable", error="Forbidden: bot was blocked by the user"))
    await _worker(db, sender).run_once()
    with Session(db) as session:
        assert session.exec(select(ChannelIdentity)).one().reachable is False
    assert _row(db, row_id).status == "failed"


async def test_twilio_21610_opts_the_seller_out(db) -> None:  # type: ignore[no-untyped-def]
    seller_id = _seller(db)
    _queue(db, seller_id)
    await _worker(db, ScriptedSender("whatsapp", SendResult("opted_out", error_code="21610"))).run_once()
    with Session(db) as session:
        assert session.get(Seller, seller_id).opted_out is True
        assert session.get(ConversationState, seller_id).state["opted_out"] is True


async def test_63016_switches_to_the_approved_template(db) -> None:  # type: ignore[no-untyped-def]
    [row_id] = _queue(db, _seller(db), fallback={"kind": "resume", "variables": {"1": "रमेश", "2": "PAN"}})
    sender = ScriptedSender("whatsapp", SendResult("needs_template", error_code="63016"), SendResult("sent", provider_message_id="SM2"))
    worker = _worker(db, sender, templates=TemplateBook({"resume": {"hi": "HXhi", "en": "HXen"}}))
    await worker.run_once()
    await worker.run_once()
    assert sender.sent[1][1].template is not None and sender.sent[1][1].template.content_sid == "HXhi"
    assert sender.sent[1][1].template.variables == {"1": "रमेश", "2": "PAN"}
    assert _row(db, row_id).status == "sent"


async def test_63016_without_a_template_is_skipped_never_sent_free_form(db) -> None:  # type: ignore[no-untyped-def]
    [row_id] = _queue(db, _seller(db))
    sender = ScriptedSender("whatsapp", SendResult("needs_template", error_code="63016"))
    worker = _worker(db, sender)
    await worker.run_once()
    await worker.run_once()
    assert len(sender.sent) == 1 and _row(db, row_id).status == "skipped"


@pytest.mark.parametrize(("templates", "status", "sends"), [({}, "skipped", 0), ({"reminder": {"hi": "HXrem"}}, "sent", 1)], ids=["no template", "template"])
async def test_outside_the_24_hour_window_only_templates_go(db, templates, status, sends) -> None:  # type: ignore[no-untyped-def]
    seller_id = _seller(db, last_inbound=NOW - timedelta(hours=25))
    [row_id] = _queue(db, seller_id, kind="reminder")
    sender = ScriptedSender("whatsapp")
    await _worker(db, sender, templates=TemplateBook(templates)).run_once()
    assert _row(db, row_id).status == status
    assert len(sender.sent) == sends
    assert all(p.template is not None for _, p in sender.sent)


async def test_a_row_left_sending_by_a_dead_worker_is_taken_over_after_the_lease(db) -> None:  # type: ignore[no-untyped-def]
    [row_id] = _queue(db, _seller(db))
    with transaction(db) as session:
        row = session.get(OutboxMessage, row_id)
        row.status, row.claimed_by, row.claimed_at, row.attempts = "sending", "dead-worker", NOW - timedelta(minutes=5), 1
    clock = Clock()
    sender = ScriptedSender("whatsapp")
    await _worker(db, sender, clock, lease=timedelta(minutes=2)).run_once()
    row = _row(db, row_id)
    assert row.status == "sent" and row.attempts == 2


async def test_replies_go_before_broadcasts(db) -> None:  # type: ignore[no-untyped-def]
    seller_id = _seller(db)
    with transaction(db) as session:
        for kind, priority in (("broadcast", 9), ("reply", 0)):
            session.add(OutboxMessage(seller_id=seller_id, channel="whatsapp", kind=kind, priority=priority, payload=OutboundPayload(to="+919812345678", text=kind).to_json(), due_at=NOW, created_at=NOW, updated_at=NOW))
    sender = ScriptedSender("whatsapp")
    await _worker(db, sender, batch_size=1).run_once()
    assert sender.sent[0][1].text == "reply"


async def test_one_chat_is_paced(db) -> None:  # type: ignore[no-untyped-def]
    seller_id = _seller(db, channel="telegram", to="5550009")
    _queue(db, seller_id, channel="telegram", to="5550009", count=5)
    sender = ScriptedSender("telegram")
    worker = _worker(db, sender, pacing={"telegram": Pacing(per_second=1000, per_chat_per_second=10)})
    await worker.run_once()
    times = [t for t, _ in sender.sent]
    assert len(times) == 5
    assert times[-1] - times[0] >= 0.35  # 5 messages at 10 per second: at least 0.4 s apart end to end


async def test_after_a_429_the_held_back_messages_go_out_paced_not_in_a_burst(db) -> None:  # type: ignore[no-untyped-def]
    """Slots that fell inside the provider's pause are taken again after it: a burst at its end would earn more 429s."""
    _queue(db, _seller(db), count=12)
    sent = [SendResult("sent", provider_message_id=f"SM{n}") for n in range(11)]
    sender = ScriptedSender("whatsapp", SendResult("retry", retry_after=0.3, error_code="429"), *sent)
    worker = _worker(db, sender, pacing={"whatsapp": Pacing(per_second=50)})
    await worker.run_once()
    times = [t for t, _ in sender.sent]
    assert len(times) == 12
    after = times[1:]
    assert after[0] - times[0] >= 0.29  # nothing went during the pause
    # One slot every 1/(50 × 0.97) s ≈ 21 ms, the schedule going on from the pause's end: any k
    # messages after it span at least k - 1 intervals, less what a late timer may make up (and a few
    # milliseconds for the sender to note it). A burst at the pause's end would put them all in one instant.
    interval = 1 / (50 * PROVIDER_MARGIN)
    for i, j in combinations(range(len(after)), 2):
        assert after[j] - after[i] >= (j - i) * interval - CATCH_UP - 0.005, (i, j, after[j] - after[i])


async def test_a_message_sent_in_parts_takes_a_slot_for_each_part(db) -> None:  # type: ignore[no-untyped-def]
    """A long Telegram text goes as several sendMessage calls; each counts against the account's rate."""
    seller_id = _seller(db, channel="telegram", to="5550011")
    _queue(db, seller_id, channel="telegram", to="5550011", count=3)

    class PartsSender(ScriptedSender):
        @staticmethod
        def messages_in(payload: OutboundPayload) -> int:
            return 3

    sender = PartsSender("telegram")
    worker = _worker(db, sender, pacing={"telegram": Pacing(per_second=20, per_chat_per_second=None)})
    await worker.run_once()
    times = [t for t, _ in sender.sent]
    assert len(times) == 3
    interval = 1 / (20 * PROVIDER_MARGIN)  # ≈ 52 ms a message: three parts ≈ 155 ms a row
    assert times[1] - times[0] >= 3 * interval - 0.005
    assert times[2] - times[0] >= 6 * interval - 0.005


async def test_a_pacer_hands_out_several_slots_at_once() -> None:
    pacer = Pacer(100)
    loop = asyncio.get_running_loop()
    await pacer.acquire(4)  # slots 0-3, taken now
    started = loop.time()
    await pacer.acquire()  # slot 4: 40 ms after the first
    assert loop.time() - started >= 0.035


async def test_slots_slept_through_while_the_loop_was_held_up_are_made_up_to_the_catch_up() -> None:
    """A pacer woken late sends the slots it slept through at once, up to `catch_up` seconds of them;
    the rest are gone, so a long stall does not end in a long burst."""
    pacer = Pacer(200, catch_up=0.05)  # a slot every 5 ms; up to ten made up
    loop = asyncio.get_running_loop()
    times: list[float] = []

    async def send() -> None:
        await pacer.acquire()
        times.append(loop.time())

    tasks = [asyncio.create_task(send()) for _ in range(60)]
    await asyncio.sleep(0.05)
    time.sleep(0.1)  # the event loop is held up: twenty slots pass with nobody able to use them
    await asyncio.gather(*tasks)
    assert len(times) == 60
    most = max(sum(1 for t in times if start <= t < start + 0.002) for start in times)
    assert 8 <= most <= 0.05 / 0.005 + 3, most  # the ten made up went together, and no more
    # The made-up slots shorten the run by their ten intervals (50 ms), not by all twenty: the other
    # ten are gone (the run being shorter still would mean more went at once somewhere).
    assert times[-1] - times[0] >= 59 * 0.005 + 0.1 - 0.05 - 0.02


async def test_senders_held_up_past_their_slots_keep_their_places() -> None:
    """After a stall the queue goes on in the order it came: one lane's messages must not fall behind
    the other lane's batch, or both lanes run dry together and the account's slots go unused."""
    pacer = Pacer(200)
    order: list[str] = []

    async def send(name: str) -> None:
        await pacer.acquire()
        order.append(name)

    names = [f"a{n}" for n in range(10)] + [f"b{n}" for n in range(10)]
    tasks = [asyncio.create_task(send(name)) for name in names]
    await asyncio.sleep(0.012)
    time.sleep(0.06)  # the loop is held up: a dozen slots pass unused
    await asyncio.gather(*tasks)
    assert order == names


async def test_a_new_pacer_starts_on_time_without_a_burst() -> None:
    pacer = Pacer(100)  # a slot every 10 ms
    loop = asyncio.get_running_loop()
    times = []
    for _ in range(6):
        await pacer.acquire()
        times.append(loop.time())
    for k, t in enumerate(times):
        assert t - times[0] >= k * 0.01 - 0.002, times  # on the schedule from the very first slot, none before


async def test_an_idle_pacer_saves_up_no_more_than_the_catch_up() -> None:
    """Slots missed while nobody asked (both lanes were claiming) are made up, but an idle pacer
    saves up only `catch_up` seconds of them: a long quiet spell does not end in a burst."""
    pacer = Pacer(100, catch_up=0.03)  # a slot every 10 ms; three made up at most
    loop = asyncio.get_running_loop()
    await pacer.acquire()
    await asyncio.sleep(0.3)  # idle: thirty slots pass
    started = loop.time()
    times = []
    for _ in range(8):
        await pacer.acquire()
        times.append(loop.time() - started)
    at_once = sum(1 for t in times if t < 0.004)
    assert at_once == 4, times  # this slot and the three made up
    assert times[-1] >= 4 * 0.01 - 0.002  # the other four paced


async def test_a_sender_that_gives_up_waiting_takes_no_slot() -> None:
    pacer = Pacer(10)  # a slot every 100 ms
    loop = asyncio.get_running_loop()
    await pacer.acquire()
    started = loop.time()
    second = asyncio.create_task(pacer.acquire())
    third = asyncio.create_task(pacer.acquire())
    await asyncio.sleep(0)
    second.cancel()
    await third
    assert 0.09 <= loop.time() - started < 0.18  # the second slot (100 ms), not the third (200 ms)


async def test_a_slot_used_a_little_late_is_made_up_by_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    real_sleep = asyncio.sleep

    async def late_sleep(delay: float) -> None:  # every wake-up 4 ms late
        await real_sleep(delay + 0.004)

    monkeypatch.setattr(asyncio, "sleep", late_sleep)
    pacer = Pacer(100)
    loop = asyncio.get_running_loop()
    started = loop.time()
    for _ in range(30):
        await pacer.acquire()
    # 30 slots 10 ms apart: the first at once, the last 290 ms later. Were the lateness added up,
    # the last would come 29 × 4 ms ≈ 116 ms later still.
    assert 0.28 <= loop.time() - started < 0.36


async def test_a_message_stays_in_the_window_until_a_second_after_its_answer() -> None:
    """The provider counts arrivals, and a message may arrive as late as its answer: a burst whose
    last messages left late must not let the next second's messages in early."""
    pacer = Pacer(1000, limit=3, catch_up=0)  # the window, not the schedule, decides here
    loop = asyncio.get_running_loop()
    grants = [await pacer.acquire() for _ in range(3)]
    await asyncio.sleep(0.2)  # the answers take 200 ms
    for granted in grants:
        pacer.answered(granted)
    answered = loop.time()
    fourth = await pacer.acquire()
    assert fourth - answered >= 1.0 - 0.002  # a second after the answer, not after the slot
    assert fourth - grants[0] >= 1.2 - 0.002


async def test_the_shortest_round_trip_is_taken_off_once_a_second_of_answers_shows_it() -> None:
    """Every message takes the way there and back; a message answered after the shortest round trip
    seen arrived about that much before its answer, and leaves the window that much sooner. The
    first second's answers (new connections, a first burst) are not trusted for it."""
    pacer = Pacer(1000, limit=2, catch_up=0)
    loop = asyncio.get_running_loop()
    trip = 0.1
    granted = await pacer.acquire()
    pacer.answered(granted - trip)  # as if it had been granted 100 ms before its answer
    await asyncio.sleep(1.05)  # its second is over: the window is empty again
    for _ in range(2):
        granted = await pacer.acquire()
        pacer.answered(granted - trip)
    answered = loop.time()
    third = await pacer.acquire()  # the window is full until the first of the two leaves
    waited = third - answered
    assert 1.0 - trip + TRIP_SLACK - 0.01 <= waited <= 1.0 - trip + TRIP_SLACK + 0.05, waited


async def test_a_long_round_trip_does_not_cut_the_rate() -> None:
    """On a real network every message spends the same 300 ms there and back; the window takes that
    off, so the pacer keeps its rate instead of holding each message a round trip too long (which
    would cap it at limit ÷ 1.3 ≈ 158 a second here)."""
    pacer = Pacer(200, limit=206)
    loop = asyncio.get_running_loop()
    grants: list[float] = []
    trips: set[asyncio.Task[None]] = set()

    async def trip(granted: float) -> None:
        await asyncio.sleep(0.3)
        pacer.answered(granted)

    started = loop.time()
    while loop.time() - started < 2.6:
        granted = await pacer.acquire()
        grants.append(granted - started)
        task = asyncio.create_task(trip(granted))
        trips.add(task)
        task.add_done_callback(trips.discard)
    await asyncio.gather(*trips)
    steady = sum(1 for t in grants if 1.6 <= t < 2.6)  # once a second of answers has shown the trip
    assert steady >= 185, steady


async def test_messages_still_waiting_for_their_answer_fill_the_window() -> None:
    """A provider that stops answering gets no more than `limit` requests outstanding."""
    pacer = Pacer(1000, limit=2, catch_up=0)
    await pacer.acquire()
    await pacer.acquire()  # both sent, neither answered
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(pacer.acquire(), 0.3)


async def test_slots_given_back_leave_the_window_at_once() -> None:
    pacer = Pacer(1000, limit=1, catch_up=0)
    loop = asyncio.get_running_loop()
    await pacer.acquire()
    pacer.unused()  # its message never went (a 429 pause began meanwhile)
    started = loop.time()
    await pacer.acquire()
    assert loop.time() - started < 0.05


async def test_a_message_longer_than_the_limit_goes_alone() -> None:
    pacer = Pacer(1000, limit=2, catch_up=0)
    loop = asyncio.get_running_loop()
    granted = await asyncio.wait_for(pacer.acquire(5), 1)  # five parts: more than the window holds, alone
    pacer.answered(granted, 5)
    answered = loop.time()
    await pacer.acquire()
    assert loop.time() - answered >= 1.0 - 0.002


async def test_the_worker_wakes_on_notify_without_waiting_for_its_poll(db) -> None:  # type: ignore[no-untyped-def]
    sender = ScriptedSender("whatsapp")
    worker = _worker(db, sender, idle_poll=30)
    loop, claim, claims, idle = asyncio.get_running_loop(), worker.claim, [], asyncio.Event()

    def claim_and_tell():  # type: ignore[no-untyped-def]
        found = claim()
        claims.append(len(found))
        if len(claims) == 2:
            loop.call_soon_threadsafe(idle.set)  # both lanes have looked, found nothing, and gone to wait
        return found

    worker.claim = claim_and_tell  # type: ignore[method-assign]
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    await asyncio.wait_for(idle.wait(), 10)  # the worker's start-up, slow on a busy machine, is not what is timed
    await asyncio.sleep(0.1)
    _queue(db, _seller(db))
    started = time.monotonic()
    worker.notify()
    while not sender.sent and time.monotonic() - started < 10:
        await asyncio.sleep(0.005)
    stop.set()
    await task
    # The poll is 30 s away; a loaded CI machine has taken 1.5 s to claim and send, so the bound is well between.
    assert sender.sent and sender.sent[0][0] - started < 5.0


async def test_a_notice_that_comes_during_a_claim_is_not_lost(db) -> None:  # type: ignore[no-untyped-def]
    """A reply queued while both lanes are claiming (and finding nothing) is sent at once, not at the next poll."""
    sender = ScriptedSender("whatsapp")
    worker = _worker(db, sender, idle_poll=30)
    claim, calls, queued = worker.claim, [], []

    def claim_while_a_reply_is_queued():  # type: ignore[no-untyped-def]
        found = claim()
        calls.append(len(found))
        if len(calls) <= 2:  # each lane's first claim: empty, and the reply is committed just after it looked
            if len(calls) == 2:
                _queue(db, _seller(db))
                queued.append(time.monotonic())
            worker.notify()
            time.sleep(0.05)  # the notice is handled by the loop while this claim is still running
        return found

    worker.claim = claim_while_a_reply_is_queued  # type: ignore[method-assign]
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    started = time.monotonic()
    while not sender.sent and time.monotonic() - started < 15:
        await asyncio.sleep(0.005)
    stop.set()
    await task
    assert calls[:2] == [0, 0]
    # Timed from the reply's commit; the poll is 30 s away, so 5 s tells a woken lane from a polling one on a slow machine.
    assert sender.sent and sender.sent[0][0] - queued[0] < 5.0


async def test_an_adapter_exception_is_a_retry_not_a_lost_row(db) -> None:  # type: ignore[no-untyped-def]
    [row_id] = _queue(db, _seller(db))

    class Broken(ScriptedSender):
        async def send(self, payload: OutboundPayload) -> SendResult:
            raise RuntimeError("adapter bug")

    await _worker(db, Broken("whatsapp")).run_once()
    row = _row(db, row_id)
    assert row.status == "pending" and "adapter bug" in row.error


def test_one_worker_at_a_time_sends_on_an_account(db) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL's advisory lock, or on an SQLite file a lock on a file beside it: a second worker waits."""
    from bot.worker import SendingRights

    first, second = SendingRights(db, ["telegram", "whatsapp"]), SendingRights(db, ["telegram", "whatsapp"])
    try:
        assert first.refresh() == {"telegram", "whatsapp"}
        assert second.refresh() == set()  # held by the first worker
        first.release()  # the first worker stops (or its connection or process dies)
        assert second.refresh() == {"telegram", "whatsapp"}
        assert first.refresh() == set()  # a released worker does not grab them again
        first.open()  # until it runs again
        assert first.refresh() == set()  # and then only what nobody holds
    finally:
        first.release()
        second.release()


def test_an_in_memory_database_has_one_process_which_owns_every_account() -> None:
    from bot.store.db import make_engine
    from bot.worker import SendingRights

    engine = make_engine("sqlite://")
    try:
        assert SendingRights(engine, ["telegram"]).owned == {"telegram"}
    finally:
        engine.dispose()


@pytest.mark.skipif(sys.platform == "win32", reason="advisory file locks are POSIX's; on Windows one process owns every account")
def test_a_killed_worker_process_lets_its_sqlite_account_go(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The lock is the operating system's: it goes with the process that held it, however that ended."""
    import signal
    import subprocess

    from bot.store.db import make_engine
    from bot.worker import SendingRights

    path = tmp_path / "app.db"
    code = (
        "import sys, time; from bot.store.db import make_engine; from bot.worker import SendingRights; "
        f"r = SendingRights(make_engine('sqlite:///{path}'), ['telegram']); print(sorted(r.refresh()), flush=True); time.sleep(60)"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    engine = make_engine(f"sqlite:///{path}")
    rights = SendingRights(engine, ["telegram"])
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "['telegram']"
        assert rights.refresh() == set()
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        assert rights.refresh() == {"telegram"}
    finally:
        child.kill()
        child.wait(timeout=10)
        rights.release()
        engine.dispose()


@pytest.mark.parametrize("outcome", ["sent", "retry"])
async def test_a_worker_whose_lease_lapsed_records_nothing(db, outcome: str) -> None:  # type: ignore[no-untyped-def]
    """Another worker took the row over meanwhile: the late answer must not overwrite its claim."""
    [row_id] = _queue(db, _seller(db))
    late = _worker(db, ScriptedSender("whatsapp"))
    [claimed] = late.claim()
    with transaction(db) as session:
        session.get(OutboxMessage, row_id).claimed_by = "the-next-worker"
    late.record_many([(claimed, SendResult(outcome, provider_message_id="LATE" if outcome == "sent" else None))])
    row = _row(db, row_id)
    assert (row.status, row.claimed_by, row.provider_message_id) == ("sending", "the-next-worker", None)
    assert late.sent == 0


async def test_a_sent_campaign_message_never_moves_its_recipient_backwards(db) -> None:  # type: ignore[no-untyped-def]
    from bot.store.models import Campaign, CampaignRecipient

    seller_id = _seller(db)
    with transaction(db) as session:
        campaign = Campaign(department_id=None, name="c", status="sending", created_at=NOW, updated_at=NOW)  # type: ignore[call-arg]
        session.add(campaign)
        session.flush()
        recipients = [
            CampaignRecipient(campaign_id=campaign.id, seller_id=seller_id, channel="whatsapp", external_id=f"+9198123456{n:02d}", status=status, updated_at=NOW)  # type: ignore[call-arg]
            for n, status in enumerate(("outboxed", "delivered"))
        ]
        session.add_all(recipients)
        session.flush()
        for recipient in recipients:
            session.add(OutboxMessage(seller_id=seller_id, channel="whatsapp", kind="broadcast", priority=9, payload=OutboundPayload(to="+919812345678", text="hi").to_json(),
                                      due_at=NOW, created_at=NOW, updated_at=NOW, campaign_id=campaign.id, recipient_id=recipient.id))
        ids = [r.id for r in recipients]
    await _worker(db, ScriptedSender("whatsapp")).run_once()
    with Session(db) as session:
        assert [session.get(CampaignRecipient, i).status for i in ids] == ["sent", "delivered"]
        assert {row.status for row in session.exec(select(OutboxMessage))} == {"sent"}


async def test_one_batch_checks_each_number_against_its_own_window(db) -> None:  # type: ignore[no-untyped-def]
    """Rows in one claim, to people inside and outside the 24-hour window, and to a number never seen."""
    inside = _seller(db, to="+919800000001", last_inbound=NOW - timedelta(hours=23))
    outside = _seller(db, to="+919800000002", last_inbound=NOW - timedelta(hours=25))
    [sent_id] = _queue(db, inside, to="+919800000001")
    [late_id] = _queue(db, outside, to="+919800000002")
    [stranger_id] = _queue(db, outside, to="+919800000003")
    sender = ScriptedSender("whatsapp")
    await _worker(db, sender).run_once()
    assert [_row(db, i).status for i in (sent_id, late_id, stranger_id)] == ["sent", "skipped", "skipped"]
    assert [p.to for _, p in sender.sent] == ["+919800000001"]


@pytest.mark.parametrize(("telegram", "whatsapp", "size"), [(30, 80, 500), (1000, 80, 3240), (5000, 5000, 5000)])
def test_the_campaign_feeder_keeps_about_three_seconds_of_sending(db, env, telegram: float, whatsapp: float, size: int) -> None:  # type: ignore[no-untyped-def]
    """A top-up once a second must cover the configured rate, or a fast account waits on the feeder."""
    from bot.compose import build_worker
    from bot.settings import Settings
    from bot.turn import Runner

    settings = Settings(database_url="sqlite://", telegram_per_second=telegram, whatsapp_per_second=whatsapp)
    worker = build_worker(settings, db, {}, TemplateBook(), Runner(db, env))
    assert worker.feeder is not None
    assert (worker.feeder.buffer, worker.feeder.batch) == (size, size)
    assert worker.feeder.batch >= min(telegram + whatsapp, 5000)  # one top-up a second keeps up with the pace
    # A lane claims about 0.2 s of the fastest account's sending, never fewer than the setting's 50.
    assert worker.batch_size == min(500, max(50, int(0.2 * max(telegram, whatsapp))))


def test_only_a_worker_in_its_own_process_polls_often(db, env) -> None:  # type: ignore[no-untyped-def]
    """The web process's worker is woken by commits and handed replies; polling ten times a second would only burn CPU."""
    from bot.compose import build_worker
    from bot.settings import Settings

    settings = Settings(database_url="sqlite://", worker_poll_seconds=0.1)
    assert build_worker(settings, db, {}, TemplateBook()).idle_poll == 0.1
    assert build_worker(settings, db, {}, TemplateBook(), in_process=True).idle_poll == 1.0
    assert build_worker(Settings(database_url="sqlite://", worker_poll_seconds=5), db, {}, TemplateBook(), in_process=True).idle_poll == 5


async def test_a_turn_hands_its_reply_to_the_running_worker_without_a_claim(db, env) -> None:  # type: ignore[no-untyped-def]
    """The reply is written already claimed by the in-process worker and sent without waiting for a claim."""
    from bot.engine.model import Inbound
    from bot.turn import Runner

    sender = ScriptedSender("whatsapp")
    worker = _worker(db, sender, clock=lambda: datetime.now(UTC), idle_poll=30.0)  # a claim would take 30 s
    runner = Runner(db, env)
    runner.outbox.attach(worker)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        await asyncio.sleep(0.05)  # the worker's first look finds nothing and it goes idle
        started = time.monotonic()
        handled = await asyncio.to_thread(
            runner.handle, channel="whatsapp", external_id="+919812300001", inbound=Inbound(kind="text", text="नमस्ते", phone="+919812300001"),
            provider_message_id="SM-handoff-1",
        )
        assert [c.channel for c in handled.handed] == ["whatsapp"]
        while not sender.sent and time.monotonic() - started < 5:
            await asyncio.sleep(0.01)
        assert time.monotonic() - started < 5, "the handed reply was not sent"
    finally:
        stop.set()
        await task
    with Session(db) as session:
        row = session.get(OutboxMessage, handled.handed[0].id)
    assert (row.status, row.attempts, row.claimed_by) == ("sent", 1, worker.worker_id)
    assert sender.sent[0][1].to == "+919812300001"


async def test_a_handed_reply_whose_worker_died_is_taken_over_after_the_lease(db, env) -> None:  # type: ignore[no-untyped-def]
    from bot.engine.model import Inbound
    from bot.turn import Runner

    class DiesAfterCommit:
        worker_id = "dead-worker"

        def takes_handoffs(self, channel: str) -> bool:
            return True

        def hand(self, claimed: list) -> None:  # the process died before the rows reached the worker
            pass

    runner = Runner(db, env, clock=lambda: NOW)
    runner.outbox.handoff = DiesAfterCommit()
    handled = runner.handle(channel="whatsapp", external_id="+919812300002", inbound=Inbound(kind="text", text="नमस्ते", phone="+919812300002"))
    [claimed] = handled.handed
    assert _row(db, claimed.id).status == "sending"
    clock = Clock()
    clock.now = NOW + timedelta(minutes=3)
    sender = ScriptedSender("whatsapp")
    await _worker(db, sender, clock, lease=timedelta(minutes=2)).run_once()
    row = _row(db, claimed.id)
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(sender.sent) == 1


def test_without_a_running_worker_replies_wait_as_pending_rows(db, env) -> None:  # type: ignore[no-untyped-def]
    from bot.engine.model import Inbound
    from bot.turn import Runner

    runner = Runner(db, env, clock=lambda: NOW)
    runner.outbox.handoff = _worker(db, ScriptedSender("whatsapp"))  # built, never started
    handled = runner.handle(channel="whatsapp", external_id="+919812300003", inbound=Inbound(kind="text", text="नमस्ते", phone="+919812300003"))
    assert handled.handed == [] and handled.queued
    with Session(db) as session:
        assert {row.status for row in session.exec(select(OutboxMessage))} == {"pending"}


async def test_on_postgresql_a_worker_in_another_process_is_woken_by_the_commit(db, env) -> None:  # type: ignore[no-untyped-def]
    """The Procfile layout: the web process's turn queues a reply; the worker's LISTEN wakes it long before its poll."""
    if db.dialect.name != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; on SQLite web and worker share one process (set DATABASE_URL to PostgreSQL)")
    from bot.engine.model import Inbound
    from bot.turn import Runner

    sender = ScriptedSender("whatsapp")
    worker = _worker(db, sender, clock=lambda: datetime.now(UTC), idle_poll=30.0)  # polling would take 30 s
    web = Runner(db, env)  # no handoff and no wake-up: as if in another process
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        await asyncio.sleep(1.0)  # the worker has looked once, found nothing, and is listening
        started = time.monotonic()
        handled = await asyncio.to_thread(
            web.handle, channel="whatsapp", external_id="+919812300009", inbound=Inbound(kind="text", text="नमस्ते", phone="+919812300009"),
        )
        assert handled.queued and not handled.handed
        while not sender.sent and time.monotonic() - started < 10:
            await asyncio.sleep(0.01)
        waited = time.monotonic() - started
    finally:
        stop.set()
        await task
    assert sender.sent and waited < 5, f"the reply went out after {waited:.1f} s"


async def test_the_funnel_job_waits_its_interval_before_it_first_runs(db) -> None:  # type: ignore[no-untyped-def]
    from bot.store.models import FunnelSnapshot

    worker = _worker(db, ScriptedSender("whatsapp"), fold_every=0.6)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        await asyncio.sleep(0.2)
        with Session(db) as session:  # not at start-up: a restart would run the long read again and again
            assert session.exec(select(FunnelSnapshot)).first() is None
        for _ in range(40):
            await asyncio.sleep(0.1)
            with Session(db) as session:
                if session.exec(select(FunnelSnapshot)).first() is not None:
                    break
        with Session(db) as session:
            assert session.exec(select(FunnelSnapshot)).first() is not None  # then every interval: the day's snapshot is taken
    finally:
        stop.set()
        await task


def test_a_database_that_is_away_is_told_apart_from_a_bad_query() -> None:
    """Tell an unreachable server (waited out quietly) from errors that are bugs or SQLite's lock (logged in full)."""
    import sqlite3

    import psycopg
    from sqlalchemy import exc

    from bot.store.db import unreachable
    from bot.worker import OUTAGE_PAUSES, Outage

    refused = exc.OperationalError("connect", {}, psycopg.OperationalError("connection failed: connection refused"))
    assert unreachable(refused)
    assert unreachable(exc.TimeoutError("QueuePool limit reached"))
    assert not unreachable(exc.OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked")))
    assert not unreachable(exc.ProgrammingError("SELECT", {}, psycopg.ProgrammingError("syntax error")))
    assert not unreachable(ValueError("not a database error"))

    from bot import metrics

    before = metrics.DATABASE_OUTAGES._value.get()
    outage = Outage()
    pauses = [outage.failed(refused) for _ in range(8)]
    assert metrics.DATABASE_OUTAGES._value.get() == before + 1  # an outage is counted once, however many tries it takes
    assert pauses[0] == OUTAGE_PAUSES[0] and pauses[1] == 2 * OUTAGE_PAUSES[0] and pauses[-1] == OUTAGE_PAUSES[1]
    assert outage.outages == 1 and outage.since is not None
    outage.passed()
    assert outage.since is None
    outage.failed(refused)
    assert outage.outages == 2


async def test_a_reply_goes_at_the_next_slot_ahead_of_a_waiting_broadcast_which_otherwise_takes_every_slot() -> None:
    import asyncio

    pacer = Pacer(100)  # a slot every 10 ms
    loop = asyncio.get_running_loop()
    start = loop.time()
    bulk = [asyncio.ensure_future(pacer.acquire(bulk=True)) for _ in range(30)]
    await asyncio.sleep(0.05)  # five or so broadcast slots go; twenty-five are still waiting
    reply = await pacer.acquire()
    waited_reply = loop.time() - start
    granted = await asyncio.gather(*bulk)
    assert waited_reply < 0.05 + 0.03  # the next slot or so, not behind the twenty-five broadcasts (0.25 s more)
    assert sum(1 for at in granted if at > reply) >= 20  # the broadcasts still waiting went after it
    assert max(granted) - start < 0.31 + 0.05  # broadcasts alone took every slot: 31 slots in about 0.31 s


async def test_a_fault_of_ours_around_a_send_is_a_retry_not_a_batch_left_waiting(db) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    [row_id] = _queue(db, _seller(db))

    def broken(channel: str, result: SendResult) -> None:
        raise RuntimeError("a bug in an observer")

    worker = _worker(db, ScriptedSender("whatsapp", SendResult("sent", provider_message_id="SM1")), observe=broken)
    assert await asyncio.wait_for(worker.run_once(), timeout=10) == 1
    row = _row(db, row_id)
    assert row.status == "pending" and "RuntimeError" in (row.error or "")


def test_a_worker_apart_on_a_sqlite_file_warns_of_slow_replies(tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    from bot.compose import warn_of_a_shared_sqlite_file
    from bot.store.db import make_engine

    with caplog.at_level(logging.WARNING, logger="bot.compose"):
        assert warn_of_a_shared_sqlite_file(make_engine(f"sqlite:///{tmp_path / 'app.db'}")) is True
        assert warn_of_a_shared_sqlite_file(make_engine("sqlite://")) is False  # in memory: no other process can share it
    assert [r.getMessage() for r in caplog.records].count(
        "the worker runs in its own process on a SQLite file: under load replies may wait seconds; "
        "on SQLite run one process (WORKER_IN_PROCESS=true), or use PostgreSQL for several (docs/deploy.md)") == 1
