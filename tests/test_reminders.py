"""Status reminders: cadence, quiet hours, cancellation on progress, opt-out, no duplicates; with pinned clocks."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from bot.engine.context import IST
from bot.engine.model import Inbound
from bot.reminders import ReminderPolicy, ReminderScheduler, on_latest_channel
from bot.store.models import OutboxMessage, Reminder, Seller
from bot.turn import Runner
from tests.api.helpers import say, walk

START = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # 11:30 in India


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (time(12, 0), None),
        (time(20, 59), None),
        (time(21, 0), "next day"),
        (time(23, 30), "next day"),
        (time(8, 59), "same day"),
        (time(9, 0), None),
    ],
    ids=["noon", "just before quiet", "quiet starts", "late night", "early morning", "quiet ends"],
)
def test_quiet_hours_hold_reminders_until_morning_spread_out(local: time, expected: str | None) -> None:
    policy = ReminderPolicy()
    moment = datetime.combine(datetime(2026, 11, 24).date(), local, tzinfo=IST)
    held = policy.quiet_until(moment, seller_id=7)
    if expected is None:
        assert held is None
        return
    day = moment.date() + timedelta(days=1 if expected == "next day" else 0)
    opening = datetime.combine(day, time(9, 0), tzinfo=IST)
    assert opening <= held < opening + timedelta(hours=2)


def test_held_reminders_spread_over_the_window() -> None:
    policy = ReminderPolicy()
    night = datetime(2026, 11, 24, 23, 0, tzinfo=IST)
    times = {policy.quiet_until(night, seller_id=n) for n in range(500)}
    assert len(times) > 400  # not all in the same second


def test_cadence_is_two_five_ten_days_then_nothing() -> None:
    policy = ReminderPolicy()
    assert [policy.due_after(START, n) for n in range(4)] == [START + timedelta(days=d) for d in (2, 5, 10)] + [None]


def _advance(client, user: str, hours: float) -> list[dict]:  # type: ignore[no-untyped-def]
    response = client.post("/api/simulator/advance", json={"user": user, "hours": hours})
    assert response.status_code == 200, response.text
    return response.json()["reminders"]


@pytest.fixture
def pinned(client):  # type: ignore[no-untyped-def]
    client.app.state.saathi.clock.pin(START)
    return client


def test_a_stalled_seller_gets_three_reminders_then_a_call_offer(pinned, db) -> None:  # type: ignore[no-untyped-def]
    walk(pinned, "r1", ["hi", "[ask_language:hi]", "[ask_consent:yes]", "Sita Ram"])
    assert _advance(pinned, "r1", 47) == []
    first = _advance(pinned, "r1", 2)
    assert len(first) == 1 and "Sita Ram" in first[0]["text"] and [b["id"] for b in first[0]["buttons"]] == ["cmd:resume"]
    assert _advance(pinned, "r1", 24 * 3) and _advance(pinned, "r1", 24 * 5)[0]["buttons"][-1]["id"] == "cmd:human"
    assert _advance(pinned, "r1", 24 * 60) == []
    with Session(db) as session:
        seller = session.exec(select(Seller)).one()
        assert seller.needs_help is True
        assert session.get(Reminder, seller.id).sent == 3


def test_a_long_jump_sends_the_missed_reminders_in_order(pinned) -> None:  # type: ignore[no-untyped-def]
    walk(pinned, "r2", ["hi", "[ask_language:en]", "[ask_consent:yes]"])
    reminders = _advance(pinned, "r2", 24 * 11)
    assert len(reminders) == 3
    times = [datetime.fromisoformat(r["at"]) for r in reminders]
    assert times == sorted(times) and (times[1] - times[0]).days == 3


def test_the_reminder_button_resumes_exactly_there_with_a_recap(pinned) -> None:  # type: ignore[no-untyped-def]
    walk(pinned, "r3", ["hi", "[ask_language:hi]", "[ask_consent:yes]", "Sita Ram"])
    _advance(pinned, "r3", 49)
    turn = say(pinned, "r3", button="cmd:resume")
    assert turn["step"] == "ask_business_name"
    assert len(turn["replies"]) == 2 and "Sita Ram" in turn["replies"][0]["text"]


def test_progress_restarts_the_clock_and_a_new_stage_resets_the_count(pinned, db) -> None:  # type: ignore[no-untyped-def]
    walk(pinned, "r4", ["hi", "[ask_language:hi]", "[ask_consent:yes]", "Sita Ram"])
    assert len(_advance(pinned, "r4", 49)) == 1
    walk(pinned, "r4", ["Sita Traders"])  # activity: the clock starts again from now
    assert _advance(pinned, "r4", 47) == []
    with Session(db) as session:
        reminder = session.exec(select(Reminder)).one()
        assert (reminder.stage, reminder.sent) == ("consented", 1)
    walk(pinned, "r4", ["lucknow", "[ask_offering:services]", "[ask_category:cleaning]", "[ask_enterprise_type:proprietorship]",
                        "[ask_benefit_category:women]", "[ask_turnover:under_1cr]"])
    with Session(db) as session:
        reminder = session.exec(select(Reminder)).one()
        assert (reminder.stage, reminder.sent) == ("profiled", 0)


def test_opted_out_and_erased_sellers_get_no_reminders(pinned) -> None:  # type: ignore[no-untyped-def]
    walk(pinned, "r5", ["hi", "[ask_language:hi]", "[ask_consent:yes]", "STOP"])
    assert _advance(pinned, "r5", 24 * 30) == []
    walk(pinned, "r6", ["hi", "[ask_language:hi]", "[ask_consent:yes]", "mera data hatao", "[confirm_erase:yes]"])
    response = pinned.post("/api/simulator/advance", json={"user": "r6", "hours": 24 * 30})
    assert response.status_code == 404 or response.json()["reminders"] == []


def test_advancing_an_unknown_user_is_a_clear_404(pinned) -> None:  # type: ignore[no-untyped-def]
    response = pinned.post("/api/simulator/advance", json={"user": "nobody", "hours": 5})
    assert response.status_code == 404 and "send a message first" in response.json()["detail"]


def _real_seller(db, env, clock) -> tuple[Runner, int]:  # type: ignore[no-untyped-def]
    runner = Runner(db, env, clock=clock)
    for text in ("hi", "1", "ha", "Sita Ram"):
        runner.handle(channel="telegram", external_id="5551234", inbound=Inbound(text=text))
    with Session(db) as session:
        return runner, session.exec(select(Seller)).one().id


def test_the_scheduler_queues_reminders_on_the_sellers_channel_and_holds_them_in_quiet_hours(db, env) -> None:  # type: ignore[no-untyped-def]
    runner, seller_id = _real_seller(db, env, lambda: START)
    scheduler = ReminderScheduler(db, env, on_latest_channel(env, runner.outbox), policy=runner.policy)
    night = datetime(2026, 11, 25, 22, 30, tzinfo=IST)  # 2 days later, late at night
    run = scheduler.run_once(night)
    assert (run.sent, run.deferred) == (0, 1)
    with Session(db) as session:
        held = session.get(Reminder, seller_id).due_at.replace(tzinfo=UTC)
    assert datetime(2026, 11, 26, 9, 0, tzinfo=IST) <= held < datetime(2026, 11, 26, 11, 0, tzinfo=IST)
    morning = datetime(2026, 11, 26, 11, 0, tzinfo=IST)
    assert scheduler.run_once(morning).sent == 1
    assert scheduler.run_once(morning).sent == 0  # a second pass (or a restarted worker) sends nothing twice
    with Session(db) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "reminder")).all()
    assert len(rows) == 1
    assert rows[0].payload["to"] == "5551234" and rows[0].payload["buttons"][0]["id"] == "cmd:resume"
    assert rows[0].payload["fallback"] == {"kind": "reminder", "variables": {"1": "Sita Ram", "2": "आपका नाम"}} or rows[0].payload["fallback"]["kind"] == "reminder"
    assert rows[0].priority > 0  # replies to people who are chatting go first


def test_one_broken_seller_does_not_stop_the_others(db, env) -> None:  # type: ignore[no-untyped-def]
    runner, _ = _real_seller(db, env, lambda: START)
    for text in ("hi", "1", "ha"):
        runner.handle(channel="telegram", external_id="5559999", inbound=Inbound(text=text))
    calls = []

    def deliver(session, seller, conv, reply, now):  # type: ignore[no-untyped-def]
        calls.append(seller.id)
        if len(calls) == 1:
            raise RuntimeError("channel exploded")
        return True

    run = ReminderScheduler(db, env, deliver, policy=runner.policy).run_once(START + timedelta(days=3))
    assert (run.failed, run.sent) == (1, 1)
