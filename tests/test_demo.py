"""Demo data: believable journeys, never reachable, marked, refused in production, and removed completely."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, func, select

from bot import demo
from bot.channels.base import CHANNELS
from bot.engine.model import STAGES
from bot.funnel import cube, figures
from bot.store.models import CallbackRequest, Campaign, ChannelIdentity, Department, FunnelCount, FunnelEvent, Seller, VendorListEntry

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def test_demo_sellers_have_ordered_journeys_across_districts_and_no_real_channel(db) -> None:  # type: ignore[no-untyped-def]
    made = demo.load(engine=db, now=NOW, sellers=400)
    assert made.sellers == 400 and made.departments == len(demo.DEPARTMENTS)
    with Session(db) as session:
        sellers = session.exec(select(Seller)).all()
        events = session.exec(select(FunnelEvent).order_by(FunnelEvent.seller_id, FunnelEvent.at)).all()
        channels = set(session.exec(select(ChannelIdentity.channel)))
        departments = session.exec(select(Department.code)).all()
        assert session.exec(select(VendorListEntry)).all() and session.exec(select(Campaign)).all()
        assert session.exec(select(CallbackRequest)).all() is not None
    assert channels == {demo.CHANNEL} and not channels & set(CHANNELS)  # nothing can ever be sent to a demo seller
    assert all(code.startswith(demo.PREFIX) for code in departments)
    assert all(s.source_code.startswith(demo.PREFIX) and s.mobile.startswith("+9100000") for s in sellers)
    by_seller: dict[int, list[str]] = {}
    for event in events:
        by_seller.setdefault(event.seller_id, []).append(event.stage)
    assert all(stages == list(STAGES[: len(stages)]) for stages in by_seller.values())  # forward, no gaps
    reached = {stage: sum(stage in stages for stages in by_seller.values()) for stage in STAGES}
    assert reached["engaged"] == 400 and reached["engaged"] > reached["profiled"] > reached["catalogue_listed"] > 0  # a funnel that thins
    assert len({s.district_lgd for s in sellers if s.district_lgd}) > 40  # spread across the state


def test_demo_data_is_refused_in_production_and_twice(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(demo.DemoRefused):
        demo.load(engine=db, now=NOW, sellers=10, environment="production")
    demo.load(engine=db, now=NOW, sellers=10)
    with pytest.raises(demo.DemoRefused):
        demo.load(engine=db, now=NOW, sellers=10)


def test_removing_the_demo_leaves_real_data_alone(db) -> None:  # type: ignore[no-untyped-def]
    from tests.api.campaign_helpers import add_seller
    from tests.api.staff_helpers import department

    pwd = department(db, "pwd")
    real = add_seller(db, 1, source="pwd_link")
    demo.load(engine=db, now=NOW, sellers=50)
    gone = demo.remove(engine=db)
    assert gone.sellers == 50 and gone.departments == len(demo.DEPARTMENTS)
    with Session(db) as session:
        assert [s.id for s in session.exec(select(Seller))] == [real]
        assert [d.id for d in session.exec(select(Department))] == [pwd]
        assert session.exec(select(Campaign)).all() == []
    assert demo.remove(engine=db).sellers == 0  # removing twice is fine
    with db.connect() as conn:
        assert cube.maintained(conn) == cube.recount(conn) and sum(cube.maintained(conn).values()) == 2  # the real seller, once for all, once for pwd
        assert conn.execute(select(func.count()).select_from(FunnelCount)).scalar_one() == 2  # the demo's rows folded away


def test_the_demo_counts_in_the_funnel_with_a_week_of_change_on_the_scorecard(db) -> None:  # type: ignore[no-untyped-def]
    demo.load(engine=db, now=datetime.now(UTC), sellers=300)
    with db.connect() as conn:
        assert cube.maintained(conn) == cube.recount(conn)
    everyone = figures.stages(engine=db, filters=figures.Filters())
    assert everyone.total == 300 and everyone.registered > 0
    cards = figures.scorecard(engine=db, filters=figures.Filters(), today=figures.today_in_india(datetime.now(UTC)))
    assert len(cards) == len(demo.DEPARTMENTS) and all(card.change is not None and card.change >= 0 for card in cards)
    assert sum(card.change for card in cards) > 0  # stage events of the last week moved some on


def test_the_command_loads_and_removes(db, database_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from bot.__main__ import cli
    from bot.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        loaded = CliRunner().invoke(cli, ["demo", "--sellers", "30"])
        removed = CliRunner().invoke(cli, ["demo", "--remove"])
    finally:
        get_settings.cache_clear()
    assert loaded.exit_code == 0 and "30 sellers" in loaded.output, loaded.output
    assert removed.exit_code == 0 and "30 sellers" in removed.output, removed.output
