"""Keep the funnel's counts in step with the sellers: +1/-1 rows in each change's transaction, folding, rebuilding."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Integer,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    union,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from bot.store.db import is_postgres
from bot.store.models import DeepLink, FunnelCount, Seller, VendorListEntry
from bot.store.prepared import Prepared

_seller, _count = Seller.__table__, FunnelCount.__table__
KEY = ("week", "department_id", "district_lgd", "channel", "language", "category", "offering", "women_owned", "sc_st_owned", "campaign_id", "stage")
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


def memberships(where: Any) -> Any:
    """Return (seller_id, department_id) for the chosen sellers: 0 for everyone, plus each department that may claim them."""
    everyone = select(_seller.c.id.label("seller_id"), literal(0, Integer).label("department_id")).where(where)
    by_link = select(_seller.c.id, DeepLink.department_id).join(DeepLink, DeepLink.code == _seller.c.source_code).where(where)
    by_list = select(_seller.c.id, VendorListEntry.department_id).join(VendorListEntry, VendorListEntry.phone == _seller.c.mobile).where(where)
    return union(everyone, by_link, by_list).subquery("member")


def keyed(where: Any, sign: Any = 1) -> Any:
    """Select the chosen real sellers' funnel keys with `sign` times their count (the one definition of a key)."""
    real = (_seller.c.is_test.is_(False)) & where
    member = memberships(real)
    columns = (
        week_of(_seller.c.created_at).label("week"),
        member.c.department_id,
        func.coalesce(_seller.c.district_lgd, 0).label("district_lgd"),
        func.coalesce(_seller.c.channel, "").label("channel"),
        func.coalesce(_seller.c.language, "").label("language"),
        func.coalesce(_seller.c.category, "").label("category"),
        func.coalesce(_seller.c.offering, "").label("offering"),
        _flag(_seller.c.women_owned).label("women_owned"),
        _flag(_seller.c.sc_st_owned).label("sc_st_owned"),
        func.coalesce(_seller.c.campaign_id, 0).label("campaign_id"),
        _seller.c.stage,
    )
    return (
        select(*columns, (func.count() * sign).label("n"))
        .select_from(_seller.join(member, member.c.seller_id == _seller.c.id))
        .group_by(*columns)
    )


_ONE = Prepared(insert(_count).from_select([*KEY, "n"], keyed(_seller.c.id == bindparam("seller_id"), bindparam("sign", type_=Integer))))


def count(conn: Connection, seller_ids: Iterable[int], sign: int) -> None:
    """Add the sellers' keys with +1 (after a change) or -1 (before it), in the caller's transaction."""
    ids = sorted(set(seller_ids))
    if len(ids) == 1:
        _ONE.execute(conn, {"seller_id": ids[0], "sign": sign})
    elif ids:
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            conn.execute(insert(_count).from_select([*KEY, "n"], keyed(_seller.c.id.in_(part), sign)))


def count_where(conn: Connection, where: Any, sign: int) -> None:
    """Add the keys of every real seller matching a condition on the seller table, with the sign."""
    conn.execute(insert(_count).from_select([*KEY, "n"], keyed(where, sign)))


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
    """Fold all rows of one key into one row (dropping keys that sum to zero); return how many rows went."""
    keys = [_count.c[name] for name in KEY]
    if is_postgres(conn):
        # One statement: the rows summed are exactly the rows deleted, whatever commits meanwhile.
        gone = delete(_count).returning(*keys, _count.c.n).cte("gone")
        summed = select(*[gone.c[name] for name in KEY], func.sum(gone.c.n)).group_by(*[gone.c[name] for name in KEY]).having(func.sum(gone.c.n) != 0)
        before = conn.execute(select(func.count()).select_from(_count)).scalar_one()
        conn.execute(insert(_count).from_select([*KEY, "n"], summed))
        return before - conn.execute(select(func.count()).select_from(_count)).scalar_one()
    # SQLite has one writer at a time, so these statements see and delete the same rows.
    last = conn.execute(select(func.max(_count.c.id))).scalar_one()
    if last is None:
        return 0
    before = conn.execute(select(func.count()).select_from(_count)).scalar_one()
    summed = select(*keys, func.sum(_count.c.n)).where(_count.c.id <= last).group_by(*keys).having(func.sum(_count.c.n) != 0)
    conn.execute(insert(_count).from_select([*KEY, "n"], summed))
    conn.execute(delete(_count).where(_count.c.id <= last))
    return before - conn.execute(select(func.count()).select_from(_count)).scalar_one()


def rebuild(conn: Connection) -> int:
    """Throw the counts away and count every real seller again; return how many rows the counts take."""
    conn.execute(delete(_count))
    conn.execute(insert(_count).from_select([*KEY, "n"], keyed(literal(True))))
    return conn.execute(select(func.count()).select_from(_count)).scalar_one()


def maintained(conn: Connection) -> dict[tuple, int]:
    """Return the maintained counts by key, non-zero only (what the pages read)."""
    keys = [_count.c[name] for name in KEY]
    rows = conn.execute(select(*keys, func.sum(_count.c.n)).group_by(*keys).having(func.sum(_count.c.n) != 0))
    return {tuple(row[:-1]): row[-1] for row in rows}


def recount(conn: Connection) -> dict[tuple, int]:
    """Return the counts by key as counted afresh from the sellers."""
    return {tuple(row[:-1]): row[-1] for row in conn.execute(keyed(literal(True)))}


class Folder:
    """Fold the counts now and then from a long-running process, once enough +1/-1 rows have piled up."""

    def __init__(self, engine: Any, clock: Any, *, min_rows: int = 1000) -> None:
        self.engine, self.clock, self.min_rows = engine, clock, min_rows
        self.folded_through = 0  # the highest row id seen at the last fold: newer rows are the +1/-1 ones

    def run(self) -> int:
        """Take the day's snapshot if it is missing, and fold when `min_rows` rows came since the last fold; return how many went."""
        from bot.funnel.figures import take_snapshot, today_in_india
        from bot.store.db import transaction

        with transaction(self.engine) as session:
            take_snapshot(session.connection(), today_in_india(self.clock()))
        with self.engine.connect() as conn:
            waiting = conn.execute(select(func.count()).select_from(_count).where(_count.c.id > self.folded_through)).scalar_one()
        if waiting < self.min_rows:
            return 0
        with transaction(self.engine) as session:
            conn = session.connection()
            gone = fold(conn)
            self.folded_through = conn.execute(select(func.max(_count.c.id))).scalar_one() or 0
        return gone
