"""The lead funnel's pages: figures that match the sellers, filters in the address, scoping by role, and logged exports."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from bot.engine.districts import DISTRICTS
from bot.funnel import figures
from bot.store.db import transaction
from bot.store.models import AccessLog, Reminder, Seller
from tests.api.campaign_helpers import NOW, add_seller, pin_clock
from tests.api.staff_helpers import account, department, sign_in
from tests.api.test_access_table import ACCESS

AGRA, LUCKNOW = 118, 162


@pytest.fixture
def state(client, db):  # type: ignore[no-untyped-def]
    """Two departments' sellers at known stages, and one person of each kind."""
    pin_clock(client)
    pwd, health = department(db, "pwd"), department(db, "health")
    stages = ["engaged", "consented", "profiled", "gem_account", "catalogue_listed"]
    for n, stage in enumerate(stages):  # pwd: five sellers in Lucknow, two of them registered on GeM
        add_seller(db, n, source="pwd_link", stage=stage, district=LUCKNOW)
    for n in range(10, 13):  # health: three sellers in Agra on Telegram, none registered
        add_seller(db, n, source="health_link", stage="profiled", district=AGRA, channel="telegram", category="security")
    add_seller(db, 20, stage="gem_profile_complete", district=AGRA)  # came by no department's link
    with transaction(db) as session:  # everyone went quiet three days ago
        for seller in session.exec(select(Seller)):
            session.add(Reminder(seller_id=seller.id, stage=seller.stage, sent=1, last_activity_at=NOW - timedelta(days=3), updated_at=NOW))
    figures.count_stops(db, NOW, timedelta(days=2))  # as the worker does every hour
    people = {
        "admin": account(db, "admin@up.gov.in", role="admin"),
        "staff": account(db, "staff@pwd.up.gov.in", department_id=pwd),
        "viewer": account(db, "viewer@up.gov.in", role="viewer", department_id=pwd),
        "state_viewer": account(db, "state@up.gov.in", role="viewer"),
    }
    return {"client": client, "people": people, "departments": {"pwd": pwd, "health": health}}


def _funnel(html: str) -> dict[str, int]:
    found = re.findall(r'data-testid="funnel-([a-z_]+)">\s*<span class="bar">.*?<strong class="count">([\d,]+)</strong>', html, flags=re.S)
    return {stage: int(n.replace(",", "")) for stage, n in found}


def _same(value: object) -> str:
    """Write a cell as text, numbers alike whether a spreadsheet or a CSV file holds them."""
    if value is None:
        return ""
    try:
        return f"{float(value):g}"
    except ValueError:
        return str(value)


def test_every_funnel_route_is_open_to_every_signed_in_person() -> None:
    assert {path for (method, path), rule in ACCESS.items() if path.startswith("/funnel")} == {
        "/funnel", "/funnel/stops", "/funnel/districts", "/funnel/departments", "/funnel/breakdowns", "/funnel/export/{table}.{fmt}"}
    assert {rule for (method, path), rule in ACCESS.items() if path.startswith("/funnel")} == {"signed_in"}


def test_the_admin_sees_every_real_seller_counted_by_how_far_they_got(state) -> None:  # type: ignore[no-untyped-def]
    client = state["client"]
    sign_in(client, state["people"]["admin"].email)
    page = client.get("/funnel")
    assert page.status_code == 200
    assert _funnel(page.text) == {"engaged": 9, "consented": 8, "profiled": 7, "documents_ready": 3, "gem_account": 3,
                                  "gem_profile_complete": 2, "catalogue_listed": 1}
    assert 'data-testid="lost-profiled">4' in page.text  # seven reached business details, three went further


def test_staff_see_their_own_department_whatever_the_address_asks(state) -> None:  # type: ignore[no-untyped-def]
    client = state["client"]
    sign_in(client, state["people"]["staff"].email)
    own = client.get(f"/funnel?department={state['departments']['health']}")
    assert own.status_code == 200
    assert _funnel(own.text)["engaged"] == 5 and _funnel(own.text)["gem_account"] == 2
    assert 'data-testid="scope-note"' in own.text and 'data-testid="filter-department"' not in own.text
    cards = client.get("/funnel/departments").text
    assert 'data-testid="department-pwd"' in cards and "department-health" not in cards
    exported = client.get(f"/funnel/export/departments.csv?department={state['departments']['health']}").content.decode("utf-8-sig")
    assert "Department pwd" in exported and "Department health" not in exported


def test_a_viewer_sees_figures_and_a_state_wide_viewer_sees_every_department(state) -> None:  # type: ignore[no-untyped-def]
    client = state["client"]
    sign_in(client, state["people"]["viewer"].email)
    assert _funnel(client.get("/funnel").text)["engaged"] == 5
    assert "Seller 0" not in client.get("/funnel/districts").text  # figures only: never a name
    client.cookies.clear()
    sign_in(client, state["people"]["state_viewer"].email)
    assert _funnel(client.get("/funnel").text)["engaged"] == 9
    cards = client.get("/funnel/departments").text
    assert 'data-testid="department-pwd"' in cards and 'data-testid="department-health"' in cards


def test_filters_narrow_every_figure_and_stay_in_the_address(state) -> None:  # type: ignore[no-untyped-def]
    client = state["client"]
    sign_in(client, state["people"]["admin"].email)
    agra = client.get(f"/funnel?district={AGRA}")
    assert _funnel(agra.text)["engaged"] == 4 and _funnel(agra.text)["gem_account"] == 1
    assert f'value="{AGRA}" selected' in agra.text
    assert f'href="/funnel/districts?district={AGRA}"' in agra.text  # the tabs keep the filters
    assert _funnel(client.get("/funnel?channel=telegram&category=security").text)["engaged"] == 3
    assert _funnel(client.get(f"/funnel?department={state['departments']['health']}").text) == {
        "engaged": 3, "consented": 3, "profiled": 3, "documents_ready": 0, "gem_account": 0, "gem_profile_complete": 0, "catalogue_listed": 0}
    assert _funnel(client.get("/funnel?women=yes").text)["engaged"] == 0  # nobody told us they are women-owned
    week = figures.monday(figures.today_in_india(NOW))
    assert _funnel(client.get(f"/funnel?since={week + timedelta(days=7)}").text)["engaged"] == 0
    assert _funnel(client.get(f"/funnel?since={week}&until={week}").text)["engaged"] == 9
    assert _funnel(client.get("/funnel?period=4w").text)["engaged"] == 9


@pytest.mark.parametrize("query", ["district=abc", "since=2026-13-45", "women=maybe", "channel=fax", "department=x", "period=forever",
                                   "campaign=-1", "category=" + "x" * 40, "sort=nonsense&order=up"])
def test_nonsense_in_the_address_is_ignored_not_an_error(state, query: str) -> None:  # type: ignore[no-untyped-def]
    client = state["client"]
    sign_in(client, state["people"]["admin"].email)
    for path in ("/funnel", "/funnel/stops", "/funnel/districts", "/funnel/departments", "/funnel/breakdowns", "/funnel/export/districts.csv"):
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 422) and response.status_code < 500, (path, query, response.status_code)


def test_an_admin_asking_for_a_department_that_does_not_exist_gets_not_found(state) -> None:  # type: ignore[no-untyped-def]
    client = state["client"]
    sign_in(client, state["people"]["admin"].email)
    assert client.get("/funnel?department=99999").status_code == 404


def test_the_district_table_lists_all_75_districts_and_sorts_by_any_column(state) -> None:  # type: ignore[no-untyped-def]
    client = state["client"]
    sign_in(client, state["people"]["admin"].email)
    page = client.get("/funnel/districts?sort=registered&order=desc").text
    rows = re.findall(r'data-testid="district-(\d+)"', page)
    assert len(rows) == len(DISTRICTS) == 75
    assert rows[:2] == [str(LUCKNOW), str(AGRA)]  # two registered in Lucknow, one in Agra
    by_sellers = re.findall(r'data-testid="district-(\d+)"', client.get("/funnel/districts?sort=sellers&order=desc").text)
    assert by_sellers[:2] == [str(LUCKNOW), str(AGRA)]  # five and four sellers
    by_name = re.findall(r'data-testid="district-(\d+)"', client.get("/funnel/districts?sort=name&order=asc").text)
    names = {d.lgd_code: d.name_en for d in DISTRICTS}
    assert [names[int(code)] for code in by_name] == sorted(names.values())


def test_the_scorecard_counts_each_departments_sellers_vendors_and_change_in_a_week(state, db) -> None:  # type: ignore[no-untyped-def]
    client = state["client"]
    with transaction(db) as session:  # a week ago pwd had one seller registered
        figures.take_snapshot(session.connection(), figures.today_in_india(NOW) - timedelta(days=7))
        session.execute(figures.FunnelSnapshot.__table__.update().where(figures.FunnelSnapshot.department_id == state["departments"]["pwd"])
                        .values(registered=1))
    sign_in(client, state["people"]["admin"].email)
    page = client.get("/funnel/departments").text
    pwd = page.split('data-testid="department-pwd"', 1)[1].split("</tr>", 1)[0]
    assert 'data-testid="registered">2<' in pwd and 'data-testid="change">+1<' in pwd
    health = page.split('data-testid="department-health"', 1)[1].split("</tr>", 1)[0]
    assert 'data-testid="registered">0<' in health and 'data-testid="change">0<' in health
    assert page.index("department-pwd") < page.index("department-health")  # most registered first


@pytest.mark.parametrize("table", ["funnel", "weeks", "timing", "stops", "districts", "departments", "channels", "languages", "categories", "offerings",
                                   "campaigns", "women", "scst"])
def test_every_table_exports_as_csv_and_xlsx_and_the_export_is_logged(state, db, table: str) -> None:  # type: ignore[no-untyped-def]
    client = state["client"]
    sign_in(client, state["people"]["admin"].email)
    as_csv = client.get(f"/funnel/export/{table}.csv?district={LUCKNOW}")
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert len(rows) >= 2 and all(len(row) == len(rows[0]) for row in rows)
    as_xlsx = client.get(f"/funnel/export/{table}.xlsx?district={LUCKNOW}")
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert [[_same(v) for v in row] for row in sheet.iter_rows(values_only=True)] == [[_same(v) for v in row] for row in rows]
    with Session(db) as session:
        logged = session.exec(select(AccessLog).where(AccessLog.action.like("funnel.export_%")).order_by(AccessLog.id)).all()
    assert [row.action for row in logged] == ["funnel.export_csv", "funnel.export_xlsx"]
    assert logged[0].account_id == state["people"]["admin"].id and f"district={LUCKNOW}" in logged[0].detail and table in logged[0].detail


def test_exported_figures_match_the_page(state) -> None:  # type: ignore[no-untyped-def]
    client = state["client"]
    sign_in(client, state["people"]["admin"].email)
    rows = list(csv.reader(io.StringIO(client.get("/funnel/export/funnel.csv").content.decode("utf-8-sig"))))
    assert [int(row[1]) for row in rows[1:]] == list(_funnel(client.get("/funnel").text).values())
    districts = {row[0]: row for row in csv.reader(io.StringIO(client.get("/funnel/export/districts.csv").content.decode("utf-8-sig")))}
    assert len(districts) == 76 and districts["Lucknow"][1] == "5" and districts["Agra"][1] == "4"


def test_pages_speak_hindi_with_indian_digit_grouping(state, db) -> None:  # type: ignore[no-untyped-def]
    client = state["client"]
    with transaction(db) as session:
        from bot.funnel import cube

        big = [Seller(created_at=NOW, updated_at=NOW, stage_changed_at=NOW, district_lgd=LUCKNOW) for _ in range(1)]
        session.add_all(big)
        session.flush()
        session.execute(figures.FunnelCount.__table__.insert(), [{"week": date(2026, 11, 23), "department_id": 0, "district_lgd": LUCKNOW,
                                                                  "stage": "engaged", "n": 123455}])
        cube.count(session.connection(), [big[0].id], +1)
    hindi = account(db, "hindi@up.gov.in", role="admin", language="hi")
    sign_in(client, hindi.email)
    page = client.get("/funnel").text
    assert "लीड फ़नल" in page or "फ़नल" in page
    assert "1,23,465" in page  # 1,23,455 + 1 + nine sellers: lakh grouping


def test_test_sellers_never_count(state, db) -> None:  # type: ignore[no-untyped-def]
    client = state["client"]
    client.post("/api/simulator/messages", json={"user": "sim", "channel": "whatsapp", "text": "hi", "phone": "+919812345678"})
    with Session(db) as session:
        assert session.exec(select(Seller).where(Seller.is_test.is_(True))).first() is not None
    sign_in(client, state["people"]["admin"].email)
    assert _funnel(client.get("/funnel").text)["engaged"] == 9


def test_where_sellers_stop_counts_the_quiet_ones_by_question_with_help_and_calls(state, db) -> None:  # type: ignore[no-untyped-def]
    from bot.store.models import CallbackRequest, ConversationState

    client = state["client"]
    with transaction(db) as session:
        sellers = session.exec(select(Seller).where(Seller.source_code == "pwd_link").order_by(Seller.id)).all()
        for seller in sellers[3:]:  # of five quiet at the PAN question, two wrote again an hour ago
            session.get(Reminder, seller.id).last_activity_at = NOW - timedelta(hours=1)
        session.get(ConversationState, sellers[4].id).step = "ask_gstin"
        sellers[0].needs_help = True
        session.add(CallbackRequest(seller_id=sellers[1].id, step="ask_pan", status="open", requested_at=NOW, expected_by=NOW))
    figures.count_stops(db, NOW, timedelta(days=2))
    sign_in(client, state["people"]["staff"].email)
    page = client.get("/funnel/stops").text
    pan = page.split('data-testid="stop-ask_pan"', 1)[1].split("</tr>", 1)[0]
    assert 'data-testid="quiet">3<' in pan and pan.count('class="num">1<') == 2  # one needs help, one waits for a call
    assert 'data-testid="stop-ask_gstin"' not in page  # the one seller there wrote an hour ago and needs nothing: no line
    assert 'data-testid="stop-ask_pan"' in page.split('data-testid="stops-table"', 1)[1]
    assert 'data-testid="counted-at"' in page


def test_time_between_stages_reads_the_median_and_the_90th_percentile(state, db) -> None:  # type: ignore[no-untyped-def]
    from bot.funnel import cube
    from bot.store.models import FunnelEvent

    client = state["client"]
    with transaction(db) as session:
        sellers = session.exec(select(Seller.id).where(Seller.source_code == "pwd_link").order_by(Seller.id)).all()
        for n, seller_id in enumerate(sellers):  # consent came after 1, 2, 4, 8 and 100 hours
            session.add(FunnelEvent(seller_id=seller_id, stage="engaged", at=NOW - timedelta(days=10)))
            session.add(FunnelEvent(seller_id=seller_id, stage="consented", previous_stage="engaged",
                                    at=NOW - timedelta(days=10) + timedelta(hours=(1, 2, 4, 8, 100)[n])))
        session.add(FunnelEvent(seller_id=sellers[3], stage="gem_account", previous_stage="consented", at=NOW - timedelta(days=2)))
        session.flush()
        cube.rebuild(session.connection())
    made = {w.week: w.registered_in_week for w in figures.overview(engine=db, filters=figures.Filters()).weeks}
    assert made[figures.monday(figures.today_in_india(NOW - timedelta(days=2)))] == 1 and sum(made.values()) == 1
    waits = figures.overview(engine=db, filters=figures.Filters()).timing
    consented = next(w for w in waits.stages if w.stage == "consented")
    assert consented.total == 5 and 3 * 3600 <= consented.median <= 6 * 3600 and consented.p90 > 3 * 86400
    sign_in(client, state["people"]["admin"].email)
    row = client.get("/funnel").text.split('data-testid="timing-consented"', 1)[1].split("</tr>", 1)[0]
    assert ">5<" in row and "hours" in row and "days" in row


def test_stages_pushed_by_the_status_api_and_a_csv_import_count_like_the_chat(client, db) -> None:  # type: ignore[no-untyped-def]
    from bot.engine.model import Inbound
    from bot.funnel import cube
    from tests.api.department_helpers import bearer

    runner = client.app.state.saathi.runner
    phones = ("+919811111101", "+919811111102")
    for phone in phones:  # two real sellers who consented in the chat
        for inbound in (Inbound(kind="text", text="नमस्ते", phone=phone), Inbound(kind="button", button="ask_language:hi", phone=phone),
                        Inbound(kind="button", button="ask_consent:yes", phone=phone)):
            runner.handle(channel="whatsapp", external_id=phone, inbound=inbound)
    assert figures.stages(engine=db, filters=figures.Filters()).reached("consented") == 2
    with Session(db) as session:
        first = session.exec(select(Seller.id).where(Seller.mobile == phones[0])).one()
    admin = bearer(db, None)
    assert client.post(f"/api/v1/sellers/{first}/status", json={"stage": "gem_account"}, headers=admin).status_code == 200
    report = client.post("/api/v1/sellers/status-import", files={"file": ("s.csv", b"phone,stage\n9811111102,catalogue_listed\n", "text/csv")},
                         headers=admin)
    assert report.json()["updated"] == 1
    counted = figures.stages(engine=db, filters=figures.Filters())
    assert (counted.registered, counted.reached("catalogue_listed"), counted.total) == (2, 1, 2)
    with db.connect() as conn:
        for table in cube.TABLES:
            assert cube.maintained(conn, table) == cube.recount(conn, table)


def test_women_and_sc_st_owned_say_yes_no_or_not_told(state, db) -> None:  # type: ignore[no-untyped-def]
    from bot.funnel import cube

    client = state["client"]
    with transaction(db) as session:
        sellers = session.exec(select(Seller).where(Seller.source_code == "pwd_link").order_by(Seller.id)).all()
        cube.count(session.connection(), [s.id for s in sellers], -1)
        sellers[0].women_owned, sellers[1].women_owned = True, False
        session.flush()
        cube.count(session.connection(), [s.id for s in sellers], +1)
    sign_in(client, state["people"]["admin"].email)
    rows = {row[0]: row[1] for row in csv.reader(io.StringIO(client.get("/funnel/export/women.csv").content.decode("utf-8-sig")))}
    assert (rows["Yes"], rows["No"], rows["Not told"]) == ("1", "1", "7")  # a "no" is not counted as not told
