"""Keep the funnel's counts in step with the sellers: +1/-1 rows in each change's transaction, folding, rebuilding."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Float,
    Integer,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    Text,
    literal,
    literal_column,
    select,
    union,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from bot.store.db import is_postgres, transaction
from bot.store.models import DeepLink, FunnelCount, FunnelEvent, FunnelTiming, FunnelTimingTotal, Seller, VendorListEntry
from bot.store.prepared import Prepared

_seller, _count, _event = Seller.__table__, FunnelCount.__table__, FunnelEvent.__table__
WHO = ("department_id", "district_lgd", "channel", "language", "category", "offering", "women_owned", "sc_st_owned", "campaign_id")
KEY = ("week", *WHO, "stage")
TIMING_KEY = (*WHO, "stage", "week", "bucket")
TIMING_TOTAL_KEY = ("department_id", "stage", "week", "bucket")  # the same, summed over all but the department: what most views read
# A change to any of these seller columns can move the seller to another key (mobile and source_code by the departments).
KEY_COLUMNS = frozenset({"stage", "district_lgd", "channel", "language", "category", "offering", "women_owned", "sc_st_owned", "campaign_id",
                         "mobile", "source_code", "is_test", "created_at"})


class week_of(FunctionElement):
    """Give the Monday of a moment's week in India time, as a date (SQL)."""

    type = Date()
    inherit_cache = True


@compiles(week_of, "sqlite")
def _week_sqlite(element: week_of, compiler: Any, **kw: Any) -> str:
    # +330 minutes is India time; 'weekday 0' moves on to Sunday (or stays there), and six days back is Monday.
    return f"date({compiler.process(element.clauses, **kw)}, '+330 minutes', 'weekday 0', '-6 days')"


@compiles(week_of, "postgresql")
def _week_postgresql(element: week_of, compiler: Any, **kw: Any) -> str:
    return f"CAST(date_trunc('week', ({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'Asia/Kolkata') AS DATE)"


def _flag(column: Any) -> Any:
    return case((column.is_(True), 1), (column.is_(False), 0), else_=-1)


class seconds_between(FunctionElement):
    """Give the seconds from one moment to a later one (SQL)."""

    type = Float()
    inherit_cache = True


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element: seconds_between, compiler: Any, **kw: Any) -> str:
    first, last = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"((julianday({last}) - julianday({first})) * 86400.0)"


@compiles(seconds_between, "postgresql")
def _seconds_postgresql(element: seconds_between, compiler: Any, **kw: Any) -> str:
    first, last = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"EXTRACT(EPOCH FROM ({last}) - ({first}))"


HOUR, DAY = 3600, 86400
# Upper bounds, in seconds, of the buckets that times between two stages are counted in (the last bucket has none).
BUCKETS = (HOUR, 6 * HOUR, DAY, 2 * DAY, 3 * DAY, 5 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 60 * DAY, 90 * DAY)


def memberships(where: Any) -> Any:
    """Return (seller_id, department_id) for the chosen sellers: 0 for everyone, plus each department that may claim them."""
    everyone = select(_seller.c.id.label("seller_id"), literal(0, Integer).label("department_id")).where(where)
    by_link = select(_seller.c.id, DeepLink.department_id).join(DeepLink, DeepLink.code == _seller.c.source_code).where(where)
    by_list = select(_seller.c.id, VendorListEntry.department_id).join(VendorListEntry, VendorListEntry.phone == _seller.c.mobile).where(where)
    return union(everyone, by_link, by_list).subquery("member")


def who_columns(member: Any) -> tuple[Any, ...]:
    """Return the key columns that describe the seller, shared by both tables."""
    return (
        member.c.department_id,
        func.coalesce(_seller.c.district_lgd, 0).label("district_lgd"),
        func.coalesce(_seller.c.channel, "").label("channel"),
        func.coalesce(_seller.c.language, "").label("language"),
        func.coalesce(_seller.c.category, "").label("category"),
        func.coalesce(_seller.c.offering, "").label("offering"),
        _flag(_seller.c.women_owned).label("women_owned"),
        _flag(_seller.c.sc_st_owned).label("sc_st_owned"),
        func.coalesce(_seller.c.campaign_id, 0).label("campaign_id"),
    )


def keyed(where: Any, sign: Any = 1) -> Any:
    """Select the chosen real sellers' funnel keys with `sign` times their count (the one definition of a key)."""
    member = memberships(_seller.c.is_test.is_(False) & where)
    columns = (week_of(_seller.c.created_at).label("week"), *who_columns(member), _seller.c.stage)
    return (
        select(*columns, (func.count() * sign).label("n"))
        .select_from(_seller.join(member, member.c.seller_id == _seller.c.id))
        .group_by(*columns)
    )


def timed(where: Any, sign: Any = 1, *, everything: bool = True) -> Any:
    """Select the chosen real sellers' stage changes by who (or only the department), stage reached, its week and time since the stage before."""
    member = memberships(_seller.c.is_test.is_(False) & where)
    reached, before = _event.alias("reached"), _event.alias("before")
    waited = seconds_between(before.c.at, reached.c.at)
    bucket = case(*((waited < bound, i) for i, bound in enumerate(BUCKETS)), else_=len(BUCKETS))
    who = who_columns(member) if everything else (member.c.department_id,)
    columns = (*who, reached.c.stage, week_of(reached.c.at).label("week"), bucket.label("bucket"))
    return (
        select(*columns, (func.count() * sign).label("n"))
        .select_from(
            _seller.join(member, member.c.seller_id == _seller.c.id)
            .join(reached, reached.c.seller_id == _seller.c.id)
            .join(before, and_(before.c.seller_id == _seller.c.id, before.c.stage == reached.c.previous_stage))
        )
        .group_by(*columns)
    )


# Each maintained table, the SELECT that defines its keys, and those keys' column names.
TABLES = {
    FunnelCount.__table__: (keyed, KEY),
    FunnelTiming.__table__: (timed, TIMING_KEY),
    FunnelTimingTotal.__table__: (lambda where, sign=1: timed(where, sign, everything=False), TIMING_TOTAL_KEY),
}
_ONE = [
    Prepared(insert(table).from_select([*names, "n"], select_keys(_seller.c.id == bindparam("seller_id"), bindparam("sign", type_=Integer))))
    for table, (select_keys, names) in TABLES.items()
]


def claims(conn: Connection, *, phones: Iterable[str | None] = (), codes: Iterable[str | None] = ()) -> None:
    """Hold, until the transaction ends, the mobile numbers and deep-link codes by which departments claim sellers (PostgreSQL)."""
    # A turn that gives a seller a mobile and an upload that lists that mobile would otherwise each count
    # the seller without seeing the other's uncommitted row; holding the number makes one wait for the other.
    if not is_postgres(conn):
        return  # SQLite has one writer at a time
    keys = sorted({f"phone:{p}" for p in phones if p} | {f"code:{c}" for c in codes if c})
    for start in range(0, len(keys), 500):
        conn.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(literal_column("k"), 0)))
                     .select_from(func.unnest(bindparam("keys", keys[start:start + 500], type_=ARRAY(Text))).alias("k")))


def count(conn: Connection, seller_ids: Iterable[int], sign: int, *, locked: bool = False) -> None:
    """Add the sellers' keys with +1 (after a change) or -1 (before it), in the caller's transaction."""
    ids = sorted(set(seller_ids))
    if sign < 0 and not locked and ids and is_postgres(conn):
        # Taking a key out and putting it back must not interleave with another transaction doing the same
        # for these sellers (a turn, a push, an upload): the sellers' rows are locked until this one ends.
        for start in range(0, len(ids), 500):
            conn.execute(select(_seller.c.id).where(_seller.c.id.in_(ids[start:start + 500])).order_by(_seller.c.id).with_for_update())
    if len(ids) == 1:
        for statement in _ONE:
            statement.execute(conn, {"seller_id": ids[0], "sign": sign})
    elif ids:
        for start in range(0, len(ids), 500):
            count_where(conn, _seller.c.id.in_(ids[start:start + 500]), sign)


def count_where(conn: Connection, where: Any, sign: int) -> None:
    """Add the keys of every real seller matching a condition on the seller table, with the sign."""
    for table, (select_keys, names) in TABLES.items():
        conn.execute(insert(table).from_select([*names, "n"], select_keys(where, sign)))


class Tracked:
    """Take sellers' keys out before a change and put them back after it, so their counts follow the change."""

    def __init__(self, conn: Connection, seller_ids: Iterable[int]) -> None:
        self.conn, self.ids = conn, sorted(set(seller_ids))

    def __enter__(self) -> Tracked:
        count(self.conn, self.ids, -1)
        return self

    def __exit__(self, kind: type | None, *_: object) -> None:
        if kind is None:
            count(self.conn, self.ids, +1)


def sellers_with_mobiles(conn: Connection, phones: Iterable[str]) -> list[int]:
    """Return the real sellers whose mobile is one of these numbers."""
    found: list[int] = []
    phones = sorted(set(phones))
    for start in range(0, len(phones), 500):
        found += conn.execute(select(_seller.c.id).where(_seller.c.mobile.in_(phones[start:start + 500]), _seller.c.is_test.is_(False))).scalars().all()
    return found


def fold(conn: Connection) -> int:
    """Fold all rows of one key into one row in each maintained table (dropping keys that sum to zero); return how many rows went."""
    return sum(_fold(conn, table, names) for table, (_, names) in TABLES.items())


def _fold(conn: Connection, table: Any, names: tuple[str, ...]) -> int:
    keys = [table.c[name] for name in names]
    before = conn.execute(select(func.count()).select_from(table)).scalar_one()
    if is_postgres(conn):
        # One statement: the rows summed are exactly the rows deleted, whatever commits meanwhile.
        gone = delete(table).returning(*keys, table.c.n).cte("gone")
        summed = select(*[gone.c[name] for name in names], func.sum(gone.c.n)).group_by(*[gone.c[name] for name in names]).having(func.sum(gone.c.n) != 0)
        conn.execute(insert(table).from_select([*names, "n"], summed))
    else:
        # SQLite has one writer at a time, so these statements see and delete the same rows.
        last = conn.execute(select(func.max(table.c.id))).scalar_one()
        if last is None:
            return 0
        summed = select(*keys, func.sum(table.c.n)).where(table.c.id <= last).group_by(*keys).having(func.sum(table.c.n) != 0)
        conn.execute(insert(table).from_select([*names, "n"], summed))
        conn.execute(delete(table).where(table.c.id <= last))
    return before - conn.execute(select(func.count()).select_from(table)).scalar_one()


def rebuild(conn: Connection) -> int:
    """Throw the maintained tables away and count every real seller again; return how many rows the counts take."""
    for table, (select_keys, names) in TABLES.items():
        conn.execute(delete(table))
        conn.execute(insert(table).from_select([*names, "n"], select_keys(literal(True))))
    return conn.execute(select(func.count()).select_from(_count)).scalar_one()


def maintained(conn: Connection, table: Any = _count) -> dict[tuple, int]:
    """Return one table's maintained counts by key, non-zero only (what the pages read)."""
    keys = [table.c[name] for name in TABLES[table][1]]
    rows = conn.execute(select(*keys, func.sum(table.c.n)).group_by(*keys).having(func.sum(table.c.n) != 0))
    return {tuple(row[:-1]): row[-1] for row in rows}


def recount(conn: Connection, table: Any = _count) -> dict[tuple, int]:
    """Return one table's counts by key as counted afresh from the sellers."""
    return {tuple(row[:-1]): row[-1] for row in conn.execute(TABLES[table][0](literal(True)))}


class Folder:
    """Fold the counts now and then from a long-running process, once enough +1/-1 rows have piled up."""

    def __init__(self, engine: Any, clock: Any, *, quiet_after: timedelta = timedelta(days=2), min_rows: int = 1000,
                 stops_every: timedelta = timedelta(hours=1)) -> None:
        self.engine, self.clock, self.min_rows, self.quiet_after, self.stops_every = engine, clock, min_rows, quiet_after, stops_every
        self.folded_through = 0  # the highest row id seen at the last fold: newer rows are the +1/-1 ones
        self.stops_counted: datetime | None = None
        self.snapshot_day: date | None = None  # the day whose snapshot this process has seen taken

    def run(self) -> int:
        """Take the day's snapshot if it is missing, count where sellers stop every hour, and fold when `min_rows` rows came; return how many went."""
        from bot.funnel.figures import count_stops, take_snapshot, today_in_india

        now = self.clock()
        if self.snapshot_day != today_in_india(now):  # once a day, not a write every few minutes
            with transaction(self.engine) as session:
                take_snapshot(session.connection(), today_in_india(now))
            self.snapshot_day = today_in_india(now)
        if self.stops_counted is None or now - self.stops_counted >= self.stops_every:
            count_stops(self.engine, now, self.quiet_after)
            self.stops_counted = now
        with self.engine.connect() as conn:
            waiting = conn.execute(select(func.count()).select_from(_count).where(_count.c.id > self.folded_through)).scalar_one()
        if waiting < self.min_rows:
            return 0
        with transaction(self.engine) as session:
            conn = session.connection()
            gone = fold(conn)
            self.folded_through = conn.execute(select(func.max(_count.c.id))).scalar_one() or 0
        return gone
