"""Read the funnel's figures from the maintained counts: stages, weeks, breakdowns and the department scorecard."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, and_, case, delete, func, insert, literal, select, true

from bot.campaigns.rules import DELIVERY_RANK
from bot.engine.context import IST
from bot.engine.model import STAGE_RANK, STAGES
from bot.engine.steps import STEP_IDS
from bot.funnel.cube import BUCKETS, WHO, memberships, week_of, who_columns
from bot.services.principal import Principal
from bot.store.db import transaction
from bot.store.models import (
    CallbackRequest,
    Campaign,
    CampaignRecipient,
    ConversationState,
    Department,
    FunnelCount,
    FunnelEvent,
    FunnelSnapshot,
    FunnelStall,
    FunnelTiming,
    FunnelTimingTotal,
    Reminder,
    Seller,
    VendorListEntry,
)

_count, _timing, _timing_total, _stall = FunnelCount.__table__, FunnelTiming.__table__, FunnelTimingTotal.__table__, FunnelStall.__table__
DETAIL_FILTERS = ("district", "campaign", "channel", "language", "category", "offering", "women_owned", "sc_st_owned")
REGISTERED = "gem_account"  # a seller with a GeM account is registered on GeM: the figure departments answer for
REGISTERED_STAGES = tuple(stage for stage in STAGES if STAGE_RANK[stage] >= STAGE_RANK[REGISTERED])
FINISHED = "registered"  # the journey's last step: a seller there has nothing left to answer
DIMENSIONS = tuple(name for name in WHO if name != "department_id")  # what a breakdown may be by


def monday(day: date) -> date:
    """Return the Monday of a day's week."""
    return day - timedelta(days=day.weekday())


def today_in_india(now: datetime) -> date:
    """Return the date in India at a moment."""
    return now.astimezone(IST).date()


@dataclass(frozen=True, slots=True)
class Filters:
    """Hold what the figures are narrowed to; every field None means all real sellers the caller may see."""

    since: date | None = None  # sellers who first wrote in or after this day's week
    until: date | None = None  # … and in or before this day's week
    department: int | None = None
    district: int | None = None
    campaign: int | None = None
    channel: str | None = None
    language: str | None = None
    category: str | None = None
    offering: str | None = None
    women_owned: bool | None = None
    sc_st_owned: bool | None = None

    def scoped(self, principal: Principal) -> Filters:
        """Return the filters a caller may use: staff and department viewers always see their own department."""
        if principal.is_admin or principal.department_id is None:
            return self
        return replace(self, department=principal.department_id)

    @property
    def narrowed(self) -> bool:
        """Say whether anything but the department narrows the figures."""
        return any(getattr(self, name) is not None for name in self.__dataclass_fields__ if name != "department")


def _where(filters: Filters, *, department: bool = True, table: Any = _count) -> Any:
    c = table.c
    conditions = []
    if department:
        conditions.append(c.department_id == (filters.department or 0))
    if filters.since is not None:
        conditions.append(c.week >= monday(filters.since))
    if filters.until is not None:
        conditions.append(c.week <= monday(filters.until))
    columns = {"district": "district_lgd", "campaign": "campaign_id", "women_owned": "women_owned", "sc_st_owned": "sc_st_owned"}
    for name in DETAIL_FILTERS:
        value = getattr(filters, name)
        if value is not None:
            conditions.append(c[columns.get(name, name)] == (int(value) if isinstance(value, bool) else value))
    return and_(true(), *conditions)


@dataclass(slots=True)
class Stages:
    """Hold how many sellers stand at each stage, and from that how many reached each stage or went further."""

    at: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))

    def add(self, stage: str, n: int) -> None:
        """Count n sellers standing at a stage."""
        if stage in self.at:
            self.at[stage] += n

    @property
    def total(self) -> int:
        """Return how many sellers there are in all."""
        return sum(self.at.values())

    def reached(self, stage: str) -> int:
        """Return how many sellers reached a stage or went further."""
        rank = STAGE_RANK[stage]
        return sum(n for s, n in self.at.items() if STAGE_RANK[s] >= rank)

    @property
    def registered(self) -> int:
        """Return how many sellers have a GeM account (or went further)."""
        return self.reached(REGISTERED)

    @property
    def conversion(self) -> float | None:
        """Return the share of sellers who registered on GeM (None when there are none)."""
        return self.registered / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class Step:
    """Hold one stage of the drawn funnel: who reached it, their share of all, and who stopped before the next."""

    stage: str
    reached: int
    share: float | None  # of everyone who started
    from_previous: float | None  # of those who reached the stage before
    lost: int  # reached this stage but not the next
    lost_share: float | None


@dataclass(frozen=True, slots=True)
class Week:
    """Hold one week: its new leads, how many of them are on GeM now, and how many sellers made their GeM account in it."""

    week: date
    leads: int
    registered: int
    registered_in_week: int


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def overview(*, engine: Engine, filters: Filters, weeks: int = 8) -> Overview:
    """Count the funnel, the weekly new leads, the GeM accounts made each week and the time between stages, for the filters."""
    stages, by_week = Stages(), {}
    with engine.connect() as conn:
        rows = conn.execute(select(_count.c.week, _count.c.stage, func.sum(_count.c.n)).where(_where(filters)).group_by(_count.c.week, _count.c.stage))
        for week, stage, n in rows:
            stages.add(stage, n)
            by_week.setdefault(week, Stages()).add(stage, n)
        table = _timing_table(filters)
        changes = conn.execute(
            select(table.c.week, table.c.stage, table.c.bucket, func.sum(table.c.n))
            .where(_where(filters, table=table)).group_by(table.c.week, table.c.stage, table.c.bucket)
        ).all()
    steps = []
    for i, stage in enumerate(STAGES):
        reached = stages.reached(stage)
        following = stages.reached(STAGES[i + 1]) if i + 1 < len(STAGES) else reached
        before = stages.reached(STAGES[i - 1]) if i else reached
        steps.append(Step(stage, reached, _share(reached, stages.total), _share(reached, before) if i else None,
                          reached - following if i + 1 < len(STAGES) else 0, _share(reached - following, reached) if i + 1 < len(STAGES) else None))
    made: dict[date, int] = {}
    for week, stage, _, n in changes:
        if stage == REGISTERED:
            made[week] = made.get(week, 0) + n
    listed = [Week(week, by_week.get(week, Stages()).total, by_week.get(week, Stages()).registered, made.get(week, 0))
              for week in sorted(by_week.keys() | made.keys())]
    return Overview(steps=steps, total=stages.total, weeks=listed, timing=_timing_of(changes, weeks))


def _timing_table(filters: Filters) -> Any:
    """Return the table of stage changes to read: the full one when who the sellers are narrows the figures, else its sum by department."""
    return _timing if any(getattr(filters, name) is not None for name in DETAIL_FILTERS) else _timing_total


@dataclass(frozen=True, slots=True)
class Waits:
    """Hold how long sellers took to reach one stage from the stage before, as counts per bucket of cube.BUCKETS."""

    stage: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        """Return how many stage changes there are."""
        return sum(self.counts)

    def percentile(self, share: float) -> float | None:
        """Return the time in seconds under which `share` of the waits fall, read off the buckets (None when there are none)."""
        if not self.total:
            return None
        wanted, seen = share * self.total, 0
        for i, n in enumerate(self.counts):
            if n and seen + n >= wanted:
                low = BUCKETS[i - 1] if i else 0
                high = BUCKETS[i] if i < len(BUCKETS) else BUCKETS[-1] * 2  # the last bucket has no end: read it as twice its start
                return low + (high - low) * (wanted - seen) / n
            seen += n
        return float(BUCKETS[-1])

    @property
    def median(self) -> float | None:
        """Return the median wait in seconds."""
        return self.percentile(0.5)

    @property
    def p90(self) -> float | None:
        """Return the 90th percentile wait in seconds."""
        return self.percentile(0.9)


@dataclass(frozen=True, slots=True)
class Timing:
    """Hold the time between stages: for each stage after the first, overall and per week it was reached."""

    stages: list[Waits]
    weeks: list[tuple[date, list[Waits]]]  # newest first


@dataclass(frozen=True, slots=True)
class Overview:
    """Hold the funnel page: the steps of the funnel and the weeks."""

    steps: list[Step]
    total: int
    weeks: list[Week]
    timing: Timing


def _timing_of(changes: list[Any], weeks: int) -> Timing:
    """Sum stage changes (week, stage, bucket, n) into waits per stage, overall and for the newest weeks."""
    size = len(BUCKETS) + 1
    overall = {stage: [0] * size for stage in STAGES[1:]}
    by_week: dict[date, dict[str, list[int]]] = {}
    for week, stage, bucket, n in changes:
        if stage in overall and 0 <= bucket < size:
            overall[stage][bucket] += n
            by_week.setdefault(week, {s: [0] * size for s in STAGES[1:]})[stage][bucket] += n
    recent = sorted(by_week.items(), reverse=True)[:weeks]
    return Timing(
        stages=[Waits(stage, tuple(counts)) for stage, counts in overall.items()],
        weeks=[(week, [Waits(stage, tuple(counts)) for stage, counts in stages_of.items()]) for week, stages_of in recent],
    )


def stages(*, engine: Engine, filters: Filters) -> Stages:
    """Count the sellers at each stage for the filters."""
    counted = Stages()
    with engine.connect() as conn:
        for stage, n in conn.execute(select(_count.c.stage, func.sum(_count.c.n)).where(_where(filters)).group_by(_count.c.stage)):
            counted.add(stage, n)
    return counted


@dataclass(frozen=True, slots=True)
class Stop:
    """Hold one question of the journey and how many sellers went quiet at it, need help there, or wait for a call."""

    step: str
    quiet: int
    needs_help: int
    callbacks: int


def stops(*, engine: Engine, filters: Filters) -> tuple[list[Stop], datetime | None]:
    """Read where sellers went quiet, by the question waiting for their answer, from the latest count; and when that count was made."""
    table = _stall
    with engine.connect() as conn:
        taken = conn.execute(select(func.max(table.c.taken_at))).scalar_one()
        rows = conn.execute(
            select(table.c.step, func.sum(table.c.quiet), func.sum(table.c.needs_help), func.sum(table.c.callbacks))
            .where(_where(filters, table=table)).group_by(table.c.step)
        ).all()
    order = {step: i for i, step in enumerate(STEP_IDS)}
    found = [Stop(step, quiet, help_, calls) for step, quiet, help_, calls in rows if (quiet or help_ or calls) and step != FINISHED]
    return sorted(found, key=lambda stop: order.get(stop.step, len(order))), taken


def count_stops(engine: Engine, now: datetime, quiet_after: timedelta) -> int:
    """Count again, for every real seller, the question waiting for their answer and whether they went quiet; return the rows written."""
    seller, state, reminder = Seller.__table__, ConversationState.__table__, Reminder.__table__
    member = memberships(and_(seller.c.is_test.is_(False), seller.c.erased_at.is_(None)))
    waiting = (
        select(CallbackRequest.seller_id, func.count().label("open"))
        .where(CallbackRequest.status == "open").group_by(CallbackRequest.seller_id).subquery("waiting")
    )
    columns = (*who_columns(member), week_of(seller.c.created_at).label("week"), state.c.step)
    quiet = case((reminder.c.last_activity_at < now - quiet_after, 1), else_=0)
    statement = (
        select(*columns, func.sum(quiet), func.sum(case((seller.c.needs_help.is_(True), 1), else_=0)), func.sum(func.coalesce(waiting.c.open, 0)),
               literal(now, type_=_stall.c.taken_at.type))
        .select_from(
            seller.join(member, member.c.seller_id == seller.c.id).join(state, state.c.seller_id == seller.c.id)
            .outerjoin(reminder, reminder.c.seller_id == seller.c.id).outerjoin(waiting, waiting.c.seller_id == seller.c.id)
        )
        .group_by(*columns)
    )
    names = [*WHO, "week", "step", "quiet", "needs_help", "callbacks", "taken_at"]
    with engine.connect() as conn:  # read first, outside the write: SQLite's one writer is not held during the scan
        rows = [dict(zip(names, row)) for row in conn.execute(statement)]
    with transaction(engine) as session:
        session.execute(delete(_stall))
        if rows:
            session.execute(insert(_stall), rows)
    return len(rows)


@dataclass(frozen=True, slots=True)
class Line:
    """Hold one line of a breakdown: its value and its sellers by stage."""

    value: Any
    stages: Stages


def breakdown(*, engine: Engine, filters: Filters, dimension: str) -> list[Line]:
    """Count the sellers by one dimension (district, channel, …) and stage, biggest first."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"no dimension {dimension!r}")
    column = _count.c[dimension]
    lines: dict[Any, Stages] = {}
    with engine.connect() as conn:
        for value, stage, n in conn.execute(select(column, _count.c.stage, func.sum(_count.c.n)).where(_where(filters)).group_by(column, _count.c.stage)):
            lines.setdefault(value, Stages()).add(stage, n)
    return sorted((Line(value, counted) for value, counted in lines.items() if counted.total), key=lambda line: (-line.stages.total, str(line.value)))


@dataclass(frozen=True, slots=True)
class Scorecard:
    """Hold one department's standing: its vendors, who was reached, where its sellers are, and the change in a week."""

    department_id: int
    name: str
    code: str
    vendors: int  # on its vendor lists
    reached: int  # its campaigns' messages that arrived
    stages: Stages
    registered_week_ago: int | None  # None when no count is that old

    @property
    def change(self) -> int | None:
        """Return how many more sellers are registered than a week ago (None when unknown)."""
        return None if self.registered_week_ago is None else self.stages.registered - self.registered_week_ago


ARRIVED = [status for status, rank in DELIVERY_RANK.items() if rank >= DELIVERY_RANK["delivered"]]


def scorecard(*, engine: Engine, filters: Filters, today: date) -> list[Scorecard]:
    """Score every department the caller may see (one department for staff), most sellers registered on GeM first."""
    c = _count.c
    where = _where(filters, department=False)
    with engine.connect() as conn:
        departments = select(Department.id, Department.name, Department.code)
        counts = select(c.department_id, c.stage, func.sum(c.n)).where(where, c.department_id != 0)
        vendors = select(VendorListEntry.department_id, func.count()).group_by(VendorListEntry.department_id)
        reached = (
            select(Campaign.department_id, func.count(func.distinct(CampaignRecipient.external_id)))
            .join(Campaign, Campaign.id == CampaignRecipient.campaign_id)
            .where(Campaign.department_id.is_not(None), CampaignRecipient.status.in_(ARRIVED))
            .group_by(Campaign.department_id)
        )
        if filters.department is not None:
            departments = departments.where(Department.id == filters.department)
            counts = counts.where(c.department_id == filters.department)
            vendors = vendors.where(VendorListEntry.department_id == filters.department)
            reached = reached.where(Campaign.department_id == filters.department)
        by_department: dict[int, Stages] = {}
        for department_id, stage, n in conn.execute(counts.group_by(c.department_id, c.stage)):
            by_department.setdefault(department_id, Stages()).add(stage, n)
        vendor_counts = dict(conn.execute(vendors).all())
        reached_counts = dict(conn.execute(reached).all())
        week_ago = _snapshot(conn, today - timedelta(days=7)) if not filters.narrowed else {}
        rows = conn.execute(departments).all()
    cards = [
        Scorecard(department_id=row.id, name=row.name, code=row.code, vendors=vendor_counts.get(row.id, 0), reached=reached_counts.get(row.id, 0),
                  stages=by_department.get(row.id, Stages()), registered_week_ago=week_ago.get(row.id))
        for row in rows
    ]
    return sorted(cards, key=lambda card: (-card.stages.registered, -(card.stages.conversion or 0), card.name))


def _snapshot(conn: Any, day: date) -> dict[int, int]:
    """Return each department's registered sellers on the newest snapshot taken on or before a day."""
    taken = conn.execute(select(func.max(FunnelSnapshot.day)).where(FunnelSnapshot.day <= day)).scalar_one()
    if taken is None:
        return {}
    rows = conn.execute(select(FunnelSnapshot.department_id, FunnelSnapshot.registered).where(FunnelSnapshot.day == taken))
    return {department_id: registered for department_id, registered in rows}


def recount_snapshots(conn: Any, days: list[date]) -> None:
    """Count each department's registered sellers at the end of each day again, from the stage events (after demo data comes or goes)."""
    member = memberships(Seller.is_test.is_(False))
    for day in days:
        end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=IST)
        counted = dict(conn.execute(
            select(member.c.department_id, func.count(func.distinct(FunnelEvent.seller_id)))
            .join(member, member.c.seller_id == FunnelEvent.seller_id)
            .where(FunnelEvent.stage.in_(REGISTERED_STAGES), FunnelEvent.at < end, FunnelEvent.is_test.is_(False))
            .group_by(member.c.department_id)
        ).all())
        conn.execute(FunnelSnapshot.__table__.delete().where(FunnelSnapshot.day == day))
        _write_snapshot(conn, day, counted)


def take_snapshot(conn: Any, day: date) -> bool:
    """Record each department's registered sellers for a day, once; return whether this call recorded it."""
    if conn.execute(select(FunnelSnapshot.day).where(FunnelSnapshot.day == day).limit(1)).first() is not None:
        return False
    c = _count.c
    _write_snapshot(conn, day, dict(conn.execute(select(c.department_id, func.sum(c.n)).where(c.stage.in_(REGISTERED_STAGES)).group_by(c.department_id)).all()))
    return True


def _write_snapshot(conn: Any, day: date, registered: dict[int, int]) -> None:
    """Write a day's snapshot: every department (0 for all sellers), with none registered where the counts have none."""
    everyone = [0, *conn.execute(select(Department.id)).scalars()]
    conn.execute(FunnelSnapshot.__table__.insert(), [{"day": day, "department_id": d, "registered": registered.get(d, 0)} for d in everyone])
