"""The funnel's maintained counts always equal a recount, whatever sellers, departments and staff do, in any order."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from bot.engine.conversation import PUSHABLE_STAGES
from bot.engine.model import Inbound
from bot.erasure import erase
from bot.funnel import cube
from bot.services.departments import create_department
from bot.services.deeplinks import create_deep_link
from bot.services.vendor_lists import upload_vendor_list
from bot.stage_push import push_stage
from bot.store.db import transaction
from bot.store.models import ChannelIdentity, FunnelCount, Seller
from tests.conftest import _empty

PHONES = ("+919811111101", "+919811111102", "+919811111103")
# Two WhatsApp sellers (their number comes with every message) and two Telegram sellers who type a mobile:
# a typed number that a WhatsApp seller already has makes the two one seller.
USERS = (("whatsapp", PHONES[0]), ("whatsapp", PHONES[1]), ("telegram", "7001"), ("telegram", "7002"))
CODES = ("dic_a_link", "dic_b_link")


def _script(user: int, code: str | None, typed_mobile: str) -> list[Inbound]:
    """Return the messages one seller sends from first contact to past the mobile question, in order."""
    channel, external = USERS[user]
    phone = external if channel == "whatsapp" else None
    text = lambda t: Inbound(kind="text", text=t, phone=phone)  # noqa: E731
    button = lambda b: Inbound(kind="button", button=b, phone=phone)  # noqa: E731
    first = text(code or "नमस्ते") if channel == "whatsapp" else text(f"/start {code}" if code else "/start")
    return [
        first, button("ask_language:hi"), button("ask_consent:yes"), text("रमेश कुमार"), text("श्री राम ट्रेडर्स"),
        text(["lakhnau", "kanpur", "agra", "varanasi"][user]), button("ask_offering:services"),
        button(["ask_category:cleaning", "ask_category:security"][user % 2]), button("ask_enterprise_type:proprietorship"),
        button(["ask_benefit_category:women", "ask_benefit_category:neither"][user % 2]), button("ask_turnover:under_1cr"),
        button("ask_udyam:none"), text(f"bnzp{'mkqr'[user]}2501f"), button("ask_gstin:none"), text(typed_mobile[-10:]), button("ask_language:en"),
    ]


ACTIONS = st.one_of(
    st.tuples(st.just("say"), st.integers(0, 3), st.sampled_from((1, 2, 5, 16))),  # a seller sends their next messages (16: all)
    st.tuples(st.just("push"), st.integers(0, 3), st.sampled_from(PUSHABLE_STAGES)),
    st.tuples(st.just("erase"), st.integers(0, 3)),
    st.tuples(st.just("list"), st.integers(0, 1), st.sampled_from(PHONES)),  # a department uploads a vendor
    st.tuples(st.just("link"), st.integers(0, 1)),  # a department hands out the code some sellers already came with
    st.tuples(st.just("fold"),),
)


def _seller_of(engine, user: int) -> Seller | None:  # type: ignore[no-untyped-def]
    channel, external = USERS[user]
    with Session(engine) as session:
        identity = session.exec(select(ChannelIdentity).where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == external)).first()
        return session.get(Seller, identity.seller_id) if identity else None


def _check(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        for table in cube.TABLES:
            assert cube.maintained(conn, table) == cube.recount(conn, table), table.name


# Two sellers who turn out to share a number, and an erasure after it: the cases random draws reach least often.
@example(codes=[None, "dic_a_link", None, None], typed=[PHONES[0]] * 4, actions=[("say", 0, 16), ("say", 2, 16), ("list", 0, PHONES[0]), ("erase", 0)])
@example(codes=["dic_b_link", None, "dic_a_link", None], typed=[PHONES[1]] * 4,
         actions=[("say", 2, 5), ("say", 0, 5), ("link", 1), ("link", 0), ("say", 2, 16), ("push", 2, "gem_account"), ("fold",), ("say", 1, 16)])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    codes=st.lists(st.sampled_from((None, *CODES)), min_size=4, max_size=4),
    typed=st.lists(st.sampled_from(PHONES), min_size=4, max_size=4),
    actions=st.lists(ACTIONS, min_size=1, max_size=25),
)
def test_maintained_counts_equal_a_recount_after_any_sequence(client, db, env, codes, typed, actions) -> None:  # type: ignore[no-untyped-def]
    _empty(db)
    state = client.app.state.saathi
    departments = [create_department(engine=db, name=f"Department {n}", code=f"dic_{n}").id for n in "ab"]
    scripts = [_script(user, codes[user], typed[user]) for user in range(4)]
    sent = [0, 0, 0, 0]
    linked: set[int] = set()
    now = state.clock()
    for action in actions:
        kind = action[0]
        if kind == "say":
            _, user, how_many = action
            channel, external = USERS[user]
            for n, inbound in enumerate(scripts[user][sent[user]:sent[user] + how_many], start=sent[user]):
                # Telegram gives a deep link's code apart from the text (what the channel's adapter passes on).
                payload = codes[user] if channel == "telegram" and n == 0 else None
                state.runner.handle(channel=channel, external_id=external, inbound=inbound, start_payload=payload)
            sent[user] = min(len(scripts[user]), sent[user] + how_many)
        elif kind == "push":
            found = _seller_of(db, action[1])
            if found is not None and found.erased_at is None:
                try:
                    push_stage(engine=db, env=env, outbox=state.outbox, now=now, seller_id=found.id, stage=action[2])
                except LookupError:
                    pass
        elif kind == "erase":
            found = _seller_of(db, action[1])
            if found is not None and found.erased_at is None:
                with transaction(db) as session:
                    erase(session, session.get(Seller, found.id), now=now, keyed=env.pan_digest)
        elif kind == "list":
            upload_vendor_list(engine=db, department_id=departments[action[1]], data=f"phone\n{action[2][3:]}\n".encode(), now=now, keyed=env.pan_digest)
        elif kind == "link" and action[1] not in linked:
            create_deep_link(engine=db, department_id=departments[action[1]], code=CODES[action[1]], now=now + timedelta(seconds=1))
            linked.add(action[1])
        elif kind == "fold":
            with transaction(db) as session:
                cube.fold(session.connection())
        _check(db)
    with db.begin() as conn:
        cube.fold(conn)
        for table in cube.TABLES:
            assert cube.maintained(conn, table) == cube.recount(conn, table)
            assert conn.execute(select(table).where(table.c.n == 0)).first() is None  # folding drops keys that sum to nothing
            assert len(conn.execute(select(table)).all()) == len(cube.maintained(conn, table))  # one row per key
        counted = {table: cube.maintained(conn, table) for table in cube.TABLES}
        rows = cube.rebuild(conn)
        assert {table: cube.maintained(conn, table) for table in cube.TABLES} == counted and rows == len(counted[FunnelCount.__table__])


def test_a_key_counts_the_seller_once_for_everyone_and_once_per_claiming_department(client, db, env) -> None:  # type: ignore[no-untyped-def]
    state = client.app.state.saathi
    a = create_department(engine=db, name="Department a", code="dic_a").id
    b = create_department(engine=db, name="Department b", code="dic_b").id
    create_deep_link(engine=db, department_id=a, code="dic_a_link")
    for inbound in _script(0, "dic_a_link", PHONES[0])[:6]:
        state.runner.handle(channel="whatsapp", external_id=PHONES[0], inbound=inbound)
    upload_vendor_list(engine=db, department_id=a, data=f"phone\n{PHONES[0][3:]}\n".encode(), now=state.clock(), keyed=env.pan_digest)
    upload_vendor_list(engine=db, department_id=b, data=f"phone\n{PHONES[0][3:]}\n".encode(), now=state.clock(), keyed=env.pan_digest)
    with db.connect() as conn:
        counts = cube.maintained(conn)
    by_department = {key[cube.KEY.index("department_id")]: n for key, n in counts.items()}
    assert by_department == {0: 1, a: 1, b: 1}  # the link and the list of one department count once
    (key,) = [k for k in counts if k[1] == 0]
    assert dict(zip(cube.KEY, key)) | {"week": None} == {
        "week": None, "department_id": 0, "district_lgd": 162, "channel": "whatsapp", "language": "hi", "category": "", "offering": "",
        "women_owned": -1, "sc_st_owned": -1, "campaign_id": 0, "stage": "consented",
    }


def test_simulated_sellers_never_count(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/simulator/messages", json={"user": "sim", "channel": "whatsapp", "text": "hi", "phone": "+919812345678"})
    assert response.status_code == 200
    with Session(db) as session:
        assert session.exec(select(Seller)).first().is_test is True
        assert session.exec(select(FunnelCount)).first() is None


@pytest.mark.parametrize("moment, monday", [("2026-12-06T18:29:00+00:00", "2026-11-30"), ("2026-12-06T18:31:00+00:00", "2026-12-07")])
def test_a_seller_counts_in_the_week_of_their_first_message_in_india_time(db, moment: str, monday: str) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, datetime

    with transaction(db) as session:
        at = datetime.fromisoformat(moment)
        seller = Seller(created_at=at, updated_at=at, stage_changed_at=at)
        session.add(seller)
        session.flush()
        cube.count(session.connection(), [seller.id], +1)
    with db.connect() as conn:
        (key,) = cube.maintained(conn)
    assert key[0] == date.fromisoformat(monday)  # Sunday 23:59 IST is still last week; a minute past midnight is the new one


def test_a_stage_change_counts_the_time_since_the_stage_before_in_its_bucket(client, db) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from bot.store.models import FunnelTiming

    state = client.app.state.saathi
    start = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    state.clock.pin(start)
    script = _script(0, None, PHONES[0])
    for inbound in script[:2]:
        state.runner.handle(channel="whatsapp", external_id=PHONES[0], inbound=inbound)
    state.clock.pin(start + timedelta(hours=2))  # consent comes two hours after the first message
    state.runner.handle(channel="whatsapp", external_id=PHONES[0], inbound=script[2])
    with db.connect() as conn:
        timing = cube.maintained(conn, FunnelTiming.__table__)
    consented = {dict(zip(cube.TIMING_KEY, key))["bucket"]: n for key, n in timing.items() if key[0] == 0 and "consented" in key}
    assert consented == {1: 1}  # one seller, in the bucket of one to six hours
    assert cube.BUCKETS[0] <= 2 * 3600 < cube.BUCKETS[1]


def test_uploads_and_turns_at_once_keep_the_counts_right_on_postgresql(client, db, env) -> None:  # type: ignore[no-untyped-def]
    import os
    import threading

    if db.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time, so nothing interleaves there; CI runs this on PostgreSQL")
    assert os.environ.get("DATABASE_URL", "").startswith("postgresql")
    state = client.app.state.saathi
    departments = [create_department(engine=db, name=f"Department {n}", code=f"dic_{n}").id for n in range(6)]
    script = _script(0, None, PHONES[0])
    state.runner.handle(channel="whatsapp", external_id=PHONES[0], inbound=script[0])
    errors: list[BaseException] = []

    def chat() -> None:
        try:
            for inbound in script[1:]:  # every answer moves the seller to another key
                state.runner.handle(channel="whatsapp", external_id=PHONES[0], inbound=inbound)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    def upload() -> None:
        try:
            for department_id in departments:  # each list claims the seller for one more department
                upload_vendor_list(engine=db, department_id=department_id, data=f"phone\n{PHONES[0][3:]}\n".encode(), now=state.clock(),
                                   keyed=env.pan_digest)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=chat), threading.Thread(target=upload)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    _check(db)
    with db.connect() as conn:
        assert sum(n for key, n in cube.maintained(conn).items()) == 1 + len(departments)  # everyone, and each department once


def test_a_deadlock_is_told_apart_from_other_database_errors() -> None:
    from sqlalchemy.exc import OperationalError

    from bot.store.db import deadlocked

    class Cause(Exception):
        def __init__(self, sqlstate: str) -> None:
            self.sqlstate = sqlstate

    assert deadlocked(OperationalError("x", {}, Cause("40P01")))
    assert not deadlocked(OperationalError("x", {}, Cause("57P01"))) and not deadlocked(ValueError("x"))
