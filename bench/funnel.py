"""Funnel benchmark: the lead funnel's pages over 1,000,000 sellers and 5,000,000 stage events, on SQLite or PostgreSQL.

Run from the repository root after `make install`:

    .venv/bin/python bench/funnel.py                       # 1,000,000 sellers on a fresh SQLite file
    .venv/bin/python bench/funnel.py --sellers 20000       # a smaller run
    .venv/bin/python bench/funnel.py --database-url postgresql+psycopg://saathi:saathi@127.0.0.1/saathi_bench

(A PostgreSQL database given by URL is emptied first: name one kept for benchmarks.)

One run:
1. setup     60 departments with a deep link each, N sellers in SQL (first messages over a year, most in few districts,
             30 % still at "started chatting", 5 % with a catalogue listed; 40 % brought by a department's link, 15 % on a
             vendor list, 3 % credited to a campaign, 0.5 % simulated); a stage event for each stage reached, 1 to 97 hours
             after the one before, and repeated pushes of the stage reached up to five events a seller
2. build     the maintained counts built from scratch (`python -m bot funnel rebuild`), and their size
3. changes   2,000 stage changes made as a turn makes them (key out, UPDATE, key in), against the bare UPDATE
4. fold      the +1/-1 rows of those changes folded into the counts
5. pages     the signed-in admin's pages through the app, rendered: a baseline page with no figures (/signin, signed
             out), the unfiltered funnel page, and the funnel page under a set of filter combinations; then the home
             page, the district table, the scorecard and the breakdowns. p50 and p95 of each.
Goals (p95, SQLite on the 2-core machine): the unfiltered funnel page ≤ 100 ms, every filter combination ≤ 300 ms.
The last line reads: funnel: unfiltered p95 <ms> ms, filtered p95 <ms> ms, <n> sellers, <m> events, <database>
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
from collections.abc import Callable  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402

from sqlalchemy import text  # noqa: E402

from bench.common import p95, say, timed, verdict  # noqa: E402

UNFILTERED_GOAL_MS, FILTERED_GOAL_MS = 100.0, 300.0
DEPARTMENTS = 60
NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
STAGE_CUTS = ((30, "engaged"), (50, "consented"), (68, "profiled"), (78, "documents_ready"), (88, "gem_account"), (95, "gem_profile_complete"),
              (100, "catalogue_listed"))
CATEGORIES = ("cleaning", "security", "stationery", "furniture", "electrical", "textiles", "food", "printing", "transport", "other")
FILTERS = {  # label → query string of the funnel page
    "district": "district=162",
    "department": "department=7",
    "channel and language": "channel=telegram&language=en",
    "category and offering": "category=furniture&offering=products",
    "women-owned": "women=yes",
    "SC/ST-owned and district": "scst=yes&district=118",
    "last 4 weeks": "period=4w",
    "since a date": "since=2026-06-01",
    "campaign": "campaign=5",
    "department, district, category": "department=3&district=162&category=cleaning",
    "everything at once": "department=3&district=162&channel=whatsapp&language=hi&category=cleaning&offering=services&women=no&scst=no&since=2026-01-01",
}


def _postgres(engine) -> bool:  # type: ignore[no-untyped-def]
    return engine.dialect.name == "postgresql"


def seed(engine, sellers: int) -> int:  # type: ignore[no-untyped-def]
    """Fill the database in plain SQL (the ORM would take many minutes); return how many stage events it wrote."""
    from bot.engine.districts import DISTRICTS
    from bot.services.departments import create_department

    for n in range(1, DEPARTMENTS + 1):
        create_department(engine=engine, name=f"Department {n}", code=f"dept_{n}", now=NOW)
    pg = _postgres(engine)
    series = "generate_series(1, :count) AS n(i)" if pg else "n"
    recursive = "" if pg else "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count) "
    start = "CAST(:start AS TIMESTAMPTZ) + (i % 365) * INTERVAL '1 day' + (i % 1440) * INTERVAL '1 minute'" if pg else \
        "strftime('%Y-%m-%d %H:%M:%f', :start, '+' || (i % 365) || ' days', '+' || (i % 1440) || ' minutes')"
    first = (NOW - timedelta(days=365)).strftime("%Y-%m-%d %H:%M:%S+00:00" if pg else "%Y-%m-%d %H:%M:%S")
    lgd = "CASE " + " ".join(f"WHEN d = {i} THEN {d.lgd_code}" for i, d in enumerate(DISTRICTS)) + " END"
    stage = "CASE " + " ".join(f"WHEN s < {cut} THEN '{name}'" for cut, name in STAGE_CUTS) + " END"
    category = "CASE " + " ".join(f"WHEN c = {i} THEN '{name}'" for i, name in enumerate(CATEGORIES)) + " END"
    yes, no = ("true", "false") if pg else ("1", "0")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO deeplink (code, department_id, created_at) SELECT 'dept_' || id || '_link', id, :now FROM department"),
                     {"now": NOW})
        conn.execute(text(
            f"""
            {recursive}
            INSERT INTO seller (id, created_at, updated_at, is_test, language, stage, stage_changed_at, opted_out, needs_help, district_lgd,
                                category, offering, women_owned, sc_st_owned, mobile, source_code, channel, campaign_id, clock_offset_seconds)
            SELECT i, t, t, r % 200 = 7, CASE WHEN r % 5 = 0 THEN 'en' ELSE 'hi' END, {stage}, t, {no}, {no},
                   CASE WHEN s >= 50 THEN {lgd} END, CASE WHEN s >= 50 THEN {category} END,
                   CASE WHEN s < 50 THEN NULL WHEN r % 3 = 0 THEN 'products' WHEN r % 3 = 1 THEN 'services' ELSE 'both' END,
                   CASE WHEN s < 50 THEN NULL WHEN r % 7 < 2 THEN {yes} ELSE {no} END, CASE WHEN s < 50 THEN NULL WHEN r % 11 < 2 THEN {yes} ELSE {no} END,
                   '+91' || (7000000000 + i), CASE WHEN r % 10 < 4 THEN 'dept_' || (1 + (r / 10) % {DEPARTMENTS}) || '_link' END,
                   CASE WHEN r % 4 = 0 THEN 'telegram' ELSE 'whatsapp' END, CASE WHEN r % 100 < 3 THEN 1 + r % 100 END, 0
            FROM (SELECT i, {start} AS t, r, (r / 7) % 100 AS s, (r * r / 1000 * 75 / 1000) % 75 AS d, (r / 13) % 10 AS c
                  FROM (SELECT i, (i * 2654435761) % 1000003 % 1000 AS r FROM {series}) AS mixed) AS drawn
            """
        ), {"count": sellers, "start": first})
        conn.execute(text(
            "INSERT INTO vendorlistentry (department_id, phone, created_at) "
            f"SELECT 1 + (id / 7) % {DEPARTMENTS}, mobile, :now FROM seller WHERE id % 100 < 15"
        ), {"now": NOW})
        ranks = "CASE stage " + " ".join(f"WHEN '{name}' THEN {rank}" for rank, (_, name) in enumerate(STAGE_CUTS)) + " END"
        for k, (_, name) in enumerate(STAGE_CUTS):  # each stage reached, 1 to 97 hours per stage after the one before
            hours = f"({k} * (1 + (CAST(id AS BIGINT) * 7919) % 97))"
            at = f"created_at + {hours} * INTERVAL '1 hour'" if pg else f"strftime('%Y-%m-%d %H:%M:%f', created_at, '+' || {hours} || ' hours')"
            previous = f"'{STAGE_CUTS[k - 1][1]}'" if k else "NULL"
            conn.execute(text(f"INSERT INTO funnelevent (seller_id, stage, previous_stage, is_test, at) "
                              f"SELECT id, '{name}', {previous}, is_test, {at} FROM seller WHERE {ranks} >= {k}"))
        steps = {"engaged": ("ask_language", "ask_consent"), "consented": ("ask_name", "ask_district", "ask_category", "ask_turnover"),
                 "profiled": ("ask_udyam", "ask_pan", "ask_gstin", "ask_bank_account"), "documents_ready": ("checklist", "gem_signup"),
                 "gem_account": ("gem_profile", "gem_caution_money"), "gem_profile_complete": ("gem_catalogue",), "catalogue_listed": ("registered",)}
        step = "CASE " + " ".join(f"WHEN stage = '{stage}' AND id % {len(ids)} = {i} THEN '{one}'" for stage, ids in steps.items()
                                  for i, one in enumerate(ids)) + " END"
        conn.execute(text(f"INSERT INTO conversationstate (seller_id, step, state, updated_at) SELECT id, {step}, '{{}}', created_at FROM seller"))
        conn.execute(text("INSERT INTO reminder (seller_id, stage, sent, last_activity_at, updated_at) SELECT id, stage, 0, created_at, created_at FROM seller"))
        for k in range(1, 5):  # then, up to five events a seller, repeated status pushes of the stage they are at
            conn.execute(text(f"INSERT INTO funnelevent (seller_id, stage, previous_stage, is_test, at) "
                              f"SELECT id, stage, NULL, is_test, stage_changed_at FROM seller WHERE {ranks} + {k} < 5"))
        return conn.execute(text("SELECT count(*) FROM funnelevent")).scalar_one()


def changes(engine, count: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Time stage changes with their counts kept, and bare stage UPDATEs, alternating; return ms per change of each."""
    from bot.funnel import cube, figures
    from bot.store.db import transaction

    kept, bare = [], []
    for n in range(count):
        seller_id = 1 + (n * 7919) % 1000
        stage = STAGE_CUTS[n % len(STAGE_CUTS)][1]
        started = time.perf_counter()
        if n % 2:
            with transaction(engine) as session:
                conn = session.connection()
                cube.count(conn, [seller_id], -1)
                conn.execute(text("UPDATE seller SET stage = :stage WHERE id = :id"), {"stage": stage, "id": seller_id})
                cube.count(conn, [seller_id], +1)
            kept.append(time.perf_counter() - started)
        else:
            with transaction(engine) as session:
                session.connection().execute(text("UPDATE seller SET stage = :stage WHERE id = :id"), {"stage": stage, "id": seller_id})
            bare.append(time.perf_counter() - started)
    return statistics.median(kept) * 1000, statistics.median(bare) * 1000


def main() -> None:
    """Seed, build the counts, time changes, folding and the pages, and print the figures against the goals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sellers", type=int, default=1_000_000, help="sellers to seed (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each page (default 30)")
    parser.add_argument("--database-url", default=None, help="a PostgreSQL database to use (emptied first); default a fresh SQLite file")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from api.main import create_app
    from bot.funnel import cube, figures
    from bot.services import accounts
    from bot.settings import Settings
    from bot.store.db import make_engine, transaction
    from bot.store.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="gem-saathi-funnel-") as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'funnel.db'}"
        engine = make_engine(url)
        if _postgres(engine):
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade(url)
        database = "PostgreSQL" if _postgres(engine) else "SQLite"
        started = time.perf_counter()
        events = seed(engine, args.sellers)
        say(f"setup time: {time.perf_counter() - started:.1f} s ({args.sellers:,} sellers, {events:,} stage events, {database})")

        started = time.perf_counter()
        with transaction(engine) as session:
            rows = cube.rebuild(session.connection())
        with engine.connect() as conn:
            timing_rows = conn.execute(text("SELECT count(*) FROM funneltiming")).scalar_one()
        say(f"build time: {time.perf_counter() - started:.1f} s (the counts from scratch: {rows:,} rows, and {timing_rows:,} of times between stages)")
        kept, bare = changes(engine, 2000)
        say(f"stage change with counts ms: {kept:.2f} (bare UPDATE {bare:.2f} ms; counts add {kept - bare:.2f} ms)")
        started = time.perf_counter()
        with transaction(engine) as session:
            gone = cube.fold(session.connection())
        say(f"fold time: {time.perf_counter() - started:.1f} s ({gone:,} rows folded away)")

        started = time.perf_counter()
        stops = figures.count_stops(engine, NOW, timedelta(days=2))
        say(f"stops count time: {time.perf_counter() - started:.1f} s ({stops:,} rows; the worker counts them every hour)")

        settings = Settings(environment="test", database_url=url, secret_key="bench-secret-key-for-digests-0123456789abcdef",
                            worker_in_process=False)
        app = create_app(settings)
        with TestClient(app) as client:
            app.state.saathi.clock.pin(NOW)
            accounts.create_account(engine=engine, email="admin@up.gov.in", name="Admin", role="admin", department_id=None,
                                    password="bench password 123", now=NOW, language="en")
            signed = accounts.sign_in(engine=engine, email="admin@up.gov.in", password="bench password 123", address=None, now=NOW)
            client.cookies.set("gs_session", signed.secret)

            def page(path: str) -> Callable[[], object]:
                def get() -> object:
                    response = client.get(path)
                    assert response.status_code == 200, (path, response.status_code)
                    return response
                return get

            with TestClient(app) as visitor:  # no session: the sign-in page itself, not a redirect to the home page
                base = timed(lambda: visitor.get("/signin"), args.runs)
            say(f"baseline p95 ms: {p95(base):.1f} (the sign-in page, no figures; p50 {statistics.median(base):.1f})")
            unfiltered = timed(page("/funnel"), args.runs)
            say(f"funnel page p95 ms: {p95(unfiltered):.1f} (p50 {statistics.median(unfiltered):.1f}; ÷ baseline {p95(unfiltered) / p95(base):.1f})")
            worst = 0.0
            for label, query in FILTERS.items():
                ms = timed(page(f"/funnel?{query}"), args.runs)
                worst = max(worst, p95(ms))
                say(f"funnel page {label} p95 ms: {p95(ms):.1f} (p50 {statistics.median(ms):.1f})")
            for label, path in (("home", "/home"), ("stops", "/funnel/stops"), ("stops filtered", "/funnel/stops?district=162&channel=whatsapp"),
                                ("districts", "/funnel/districts"), ("districts filtered", "/funnel/districts?category=cleaning&women=yes"),
                                ("scorecard", "/funnel/departments"), ("scorecard filtered", "/funnel/departments?district=162"),
                                ("breakdowns", "/funnel/breakdowns"), ("breakdowns filtered", "/funnel/breakdowns?district=162&channel=whatsapp")):
                ms = timed(page(path), max(5, args.runs // 3))
                say(f"{label} page p95 ms: {p95(ms):.1f} (p50 {statistics.median(ms):.1f})")
        say(f"goal unfiltered funnel page p95 ≤ {UNFILTERED_GOAL_MS:.0f} ms: {verdict(p95(unfiltered) <= UNFILTERED_GOAL_MS)} ({p95(unfiltered):.1f} ms)")
        say(f"goal every filter combination p95 ≤ {FILTERED_GOAL_MS:.0f} ms: {verdict(worst <= FILTERED_GOAL_MS)} (worst {worst:.1f} ms)")
        say(f"funnel: unfiltered p95 {p95(unfiltered):.1f} ms, filtered p95 {worst:.1f} ms, {args.sellers} sellers, {events} events, {database}")
        engine.dispose()


if __name__ == "__main__":
    main()
