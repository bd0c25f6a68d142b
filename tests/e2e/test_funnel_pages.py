"""Drive the lead funnel in headless Chromium: the drawn funnel, filters kept in the address, sorting, the scorecard, exports, scope, a phone."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.api.campaign_helpers import AGRA, LUCKNOW, add_seller
from tests.api.staff_helpers import account, department
from tests.e2e import test_staff_pages as pages
from tests.e2e.test_staff_pages import PHONE, Live, Tab, sign_in

pytestmark = pytest.mark.browser

browser, twilio, live, open_tab, tab, hi = pages.browser, pages.twilio, pages.live, pages.open_tab, pages.tab, pages.hi


@pytest.fixture
def world(live: Live) -> dict:
    """Two departments' sellers at known stages, and an admin and a member of staff."""
    pwd, health = department(live.db, "pwd"), department(live.db, "health")
    for n, stage in enumerate(["engaged", "consented", "profiled", "gem_account", "catalogue_listed"]):
        add_seller(live.db, n, source="pwd_link", stage=stage, district=LUCKNOW)
    for n in range(10, 13):
        add_seller(live.db, n, source="health_link", stage="profiled", district=AGRA, channel="telegram", category="security")
    return {
        "admin": account(live.db, "admin@up.gov.in", role="admin"),
        "staff": account(live.db, "staff@pwd.up.gov.in", department_id=pwd),
        "hindi": account(live.db, "hindi@up.gov.in", role="admin", language="hi"),
        "departments": {"pwd": pwd, "health": health},
    }


def _count(tab: Tab, stage: str) -> int:
    return int(tab.page.get_by_test_id(f"funnel-{stage}").locator(".count").inner_text().replace(",", ""))


def test_the_funnel_is_drawn_with_each_stage_narrower_than_the_one_before(tab: Tab, world: dict) -> None:
    sign_in(tab, world["admin"].email)
    tab.page.get_by_test_id("nav-funnel").click()
    tab.check()
    assert urlsplit(tab.page.url).path == "/funnel"
    assert [_count(tab, s) for s in ("engaged", "consented", "profiled", "gem_account", "catalogue_listed")] == [8, 7, 6, 2, 1]
    widths = [tab.page.get_by_test_id(f"funnel-{s}").locator(".bar").bounding_box()["width"] for s in ("engaged", "profiled", "catalogue_listed")]
    assert widths[0] > widths[1] > widths[2] > 0  # a drawn funnel: the bars narrow as sellers drop out


def test_a_filter_narrows_the_figures_and_the_address_keeps_it_across_the_tabs(tab: Tab, world: dict) -> None:
    sign_in(tab, world["admin"].email)
    tab.open("/funnel")
    tab.page.locator("[data-testid=funnel-filters] summary").click()
    with tab.page.expect_navigation():
        tab.page.get_by_test_id("filter-district").select_option(str(AGRA))  # choosing submits the form
    tab.check()
    assert parse_qs(urlsplit(tab.page.url).query)["district"] == [str(AGRA)]
    assert _count(tab, "engaged") == 3
    with tab.page.expect_navigation():
        tab.page.get_by_test_id("filter-channel").select_option("whatsapp")
    tab.check()
    assert _count(tab, "engaged") == 0 and tab.page.get_by_test_id("funnel-empty").is_visible()
    tab.page.get_by_test_id("tab-districts").click()
    tab.check()
    query = parse_qs(urlsplit(tab.page.url).query)
    assert query["district"] == [str(AGRA)] and query["channel"] == ["whatsapp"]
    tab.open(urlsplit(tab.page.url).path + f"?district={AGRA}")  # a shared address opens the same view
    assert tab.page.get_by_test_id("filter-district").input_value() == str(AGRA)


def test_the_district_table_sorts_by_a_column_both_ways(tab: Tab, world: dict) -> None:
    sign_in(tab, world["admin"].email)
    tab.open("/funnel/districts")
    rows = tab.page.get_by_test_id("districts-table").locator("tbody tr")
    assert rows.count() == 75
    tab.page.get_by_test_id("sort-gem_account").click()
    tab.check()
    assert rows.first.get_attribute("data-testid") == f"district-{LUCKNOW}"  # two on GeM there
    tab.page.get_by_test_id("sort-gem_account").click()  # the same heading again: the other way round
    tab.check()
    assert rows.last.get_attribute("data-testid") == f"district-{LUCKNOW}"
    tab.page.get_by_test_id("sort-name").click()
    tab.check()
    names = tab.page.get_by_test_id("districts-table").locator("tbody tr td:first-child").all_inner_texts()
    assert names == sorted(names, reverse=True) or names == sorted(names)
    heat = tab.page.locator(f"[data-testid=district-{LUCKNOW}] td.num").first.evaluate("cell => getComputedStyle(cell).backgroundColor")
    cold = tab.page.locator("[data-testid^=district-] td.num").last.evaluate("cell => getComputedStyle(cell).backgroundColor")
    assert heat != cold  # the busiest district's cell is coloured, an empty one is not


def test_the_scorecard_compares_departments_for_an_admin_and_shows_staff_their_own(open_tab: Callable[..., Tab], world: dict) -> None:
    admin = open_tab()
    sign_in(admin, world["admin"].email)
    admin.open("/funnel/departments")
    rows = admin.page.get_by_test_id("scorecard").locator("tbody tr")
    assert [rows.nth(i).get_attribute("data-testid") for i in range(rows.count())] == ["department-pwd", "department-health"]
    assert admin.page.get_by_test_id("department-pwd").get_by_test_id("registered").inner_text() == "2"
    staff = open_tab()
    sign_in(staff, world["staff"].email)
    staff.open(f"/funnel/departments?department={world['departments']['health']}")
    assert staff.page.get_by_test_id("scorecard").locator("tbody tr").count() == 1
    assert staff.page.get_by_test_id("department-pwd").is_visible() and staff.page.get_by_test_id("scope-note").is_visible()
    staff.open("/funnel")
    assert _count(staff, "engaged") == 5


def test_a_table_downloads_as_csv_with_the_filters_applied(tab: Tab, world: dict) -> None:
    sign_in(tab, world["admin"].email)
    tab.open(f"/funnel/districts?district={LUCKNOW}")
    with tab.page.expect_download() as download:
        tab.page.get_by_test_id("export-districts-csv").click()
    saved = download.value
    assert saved.suggested_filename.startswith("gem-saathi-districts-") and saved.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(open(saved.path(), encoding="utf-8-sig").read())))
    lucknow = next(row for row in rows if row[0] == "Lucknow")
    assert lucknow[1] == "5" and sum(int(row[1]) for row in rows[1:]) == 5  # only Lucknow's sellers, as filtered


def test_on_a_phone_the_hindi_funnel_fits_the_screen(open_tab: Callable[..., Tab], world: dict, hi: Callable[[str], str]) -> None:
    phone = open_tab(PHONE)
    sign_in(phone, world["hindi"].email)
    for path in ("/funnel", "/funnel/stops", "/funnel/districts", "/funnel/departments", "/funnel/breakdowns"):
        phone.open(path)  # checks: no error, no English phrase of the catalogue, no sideways scrolling
        assert phone.page.locator("h1").inner_text() in (hi("Lead funnel"), hi("Where sellers stop"), hi("Districts"), hi("Department scorecard"),
                                                         hi("Breakdowns"))
    phone.open("/funnel")
    assert re.fullmatch(r"[\d,]+", phone.page.get_by_test_id("funnel-engaged").locator(".count").inner_text())
