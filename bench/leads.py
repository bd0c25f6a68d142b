"""Leads benchmark: the staff app's inbox with 100,000 of a department's sellers, against a plain page of the seller table.

Run from the repository root after `make install`:

    .venv/bin/python bench/leads.py               # 100,000 sellers, 20 runs of each query
    .venv/bin/python bench/leads.py --quick       # 10,000 sellers, 5 runs
    .venv/bin/python bench/leads.py --sellers 200000

One run, on a fresh SQLite file (WAL, as the app makes it):
1. setup     a department with a deep link, N sellers brought by it (a tenth of them by another department),
             a reminder row each (their last activity), 1 % with an open call-back request, 5 % needing help
2. baseline  a plain page: SELECT the 50 newest sellers of the table (no scope, no filters)
3. inbox     bot.services.leads.inbox as the department's staff sees it: page 1, a late page, by district,
             needing help, a name search, a search by the last digits of a mobile, by stage
Each query's p50 and p95 in ms, and p95 ÷ the baseline's p95. Goal: every inbox query p95 ≤ 300 ms.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

from sqlalchemy import text  # noqa: E402

from bench.common import p95, say, timed  # noqa: E402

GOAL_MS = 300.0
DISTRICTS = (162, 118, 119, 120, 121, 122, 123, 124, 125, 126)


def seed(engine, sellers: int) -> int:  # type: ignore[no-untyped-def]
    """Fill the database with a department's sellers in plain SQL (the ORM would take minutes); return the department's id."""
    from bot.services.deeplinks import create_deep_link
    from bot.services.departments import create_department

    now = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    pwd = create_department(engine=engine, name="Public Works", code="pwd", now=now).id
    health = create_department(engine=engine, name="Health", code="health", now=now).id
    create_deep_link(engine=engine, department_id=pwd, code="pwd_link", now=now)
    create_deep_link(engine=engine, department_id=health, code="health_link", now=now)
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.000000")
    with engine.begin() as conn:
        conn.execute(text(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count)
            INSERT INTO seller (id, created_at, updated_at, is_test, language, stage, stage_changed_at, opted_out, needs_help, name,
                                business_name, district_lgd, category, mobile, source_code, clock_offset_seconds)
            SELECT i, :stamp, :stamp, 0, 'hi',
                   CASE i % 4 WHEN 0 THEN 'engaged' WHEN 1 THEN 'consented' WHEN 2 THEN 'profiled' ELSE 'documents_ready' END,
                   :stamp, 0, i % 20 = 3, 'Seller ' || i, 'Business ' || i, (i / 10) % 10, 'cleaning', '+9198' || printf('%08d', i),
                   CASE WHEN i % 10 = 0 THEN 'health_link' ELSE 'pwd_link' END, 0
            FROM n
            """
        ), {"count": sellers, "stamp": stamp})
        conn.execute(text("UPDATE seller SET district_lgd = CASE district_lgd " + " ".join(f"WHEN {i} THEN {d}" for i, d in enumerate(DISTRICTS)) + " END"))
        conn.execute(text(
            "INSERT INTO reminder (seller_id, stage, sent, last_activity_at, due_at, updated_at) "
            "SELECT id, stage, 0, datetime(:stamp, '-' || (id % 50000) || ' minutes') || '.000000', NULL, :stamp FROM seller"
        ), {"stamp": stamp})
        conn.execute(text(
            "INSERT INTO channelidentity (seller_id, channel, external_id, phone, reachable, created_at, last_inbound_at) "
            "SELECT id, 'whatsapp', mobile, mobile, 1, :stamp, :stamp FROM seller"
        ), {"stamp": stamp})
        conn.execute(text(
            "INSERT INTO callbackrequest (seller_id, step, status, is_test, requested_at, expected_by) "
            "SELECT id, 'ask_pan', 'open', 0, :stamp, :stamp FROM seller WHERE id % 100 = 7"
        ), {"stamp": stamp})
    return pwd


def main() -> None:
    """Seed, time the baseline and each inbox query, and print the figures against the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sellers", type=int, default=None, help="sellers to seed (default 100,000; 10,000 with --quick)")
    parser.add_argument("--runs", type=int, default=None, help="timed runs of each query (default 20; 5 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    args = parser.parse_args()
    sellers = args.sellers or (10_000 if args.quick else 100_000)
    runs = args.runs or (5 if args.quick else 20)

    from bot.services import leads
    from bot.services.principal import Principal
    from bot.store.db import make_engine
    from bot.store.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="gem-saathi-leads-") as folder:
        url = f"sqlite:///{Path(folder) / 'leads.db'}"
        upgrade(url)
        engine = make_engine(url)
        started = time.perf_counter()
        pwd = seed(engine, sellers)
        say(f"setup time: {time.perf_counter() - started:.1f} s ({sellers:,} sellers, {sellers - sellers // 10:,} of them the department's)")
        staff = Principal(role="staff", department_id=pwd, account_id=None)

        def baseline() -> object:
            with engine.connect() as conn:
                return conn.execute(text("SELECT id, name, mobile, district_lgd, stage FROM seller ORDER BY id DESC LIMIT 50")).all()

        base = timed(baseline, runs)
        say(f"baseline p95 ms: {p95(base):.1f} (a plain page of 50 sellers; p50 {statistics.median(base):.1f})")
        queries = {
            "page 1": leads.LeadFilters(),
            "page 500": leads.LeadFilters(page=500),
            "district": leads.LeadFilters(district=162),
            "needs help": leads.LeadFilters(needs_help=True),
            "name search": leads.LeadFilters(search="seller 4242"),
            "last digits": leads.LeadFilters(search="4242"),
            "stage": leads.LeadFilters(stage="profiled"),
        }
        worst = 0.0
        for label, filters in queries.items():
            result = leads.inbox(engine=engine, principal=staff, filters=filters)
            ms = timed(lambda f=filters: leads.inbox(engine=engine, principal=staff, filters=f), runs)
            worst = max(worst, p95(ms))
            say(f"inbox {label} p95 ms: {p95(ms):.1f} (p50 {statistics.median(ms):.1f}; {result.total:,} leads; "
                f"÷ baseline {p95(ms) / max(p95(base), 0.001):.0f})")
        say(f"goal every inbox query p95 ≤ {GOAL_MS:.0f} ms: {'PASS' if worst <= GOAL_MS else 'FAIL'} (worst {worst:.1f} ms)")
        engine.dispose()


if __name__ == "__main__":
    main()
