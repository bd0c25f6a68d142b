"""Drive the staff app's longer flows in headless Chromium: a vendor upload with refusals, a campaign from draft to pause."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from tests.api.campaign_helpers import AGRA, LUCKNOW, add_seller
from tests.api.staff_helpers import account, department
from tests.e2e import test_staff_pages as pages
from tests.e2e.test_staff_pages import DESKTOP, PHONE, TWILIO_FROM, Live, Tab, sign_in

pytestmark = pytest.mark.browser

# The browser, the fake Twilio, the live app and the tabs of the staff pages' tests, as fixtures of this file too.
browser, twilio, live, open_tab, tab, hi = pages.browser, pages.twilio, pages.live, pages.open_tab, pages.tab, pages.hi

GOOD_AND_BAD = (
    "mobile,name,district\n"
    "9876543210,Ramesh Kumar,Lucknow\n"
    "9876543211,Sita Devi,Agra\n"
    "12345,Bad Number,Agra\n"
    "9876543212,Mohan Lal,Atlantis\n"
    "9876543210,Ramesh Again,Lucknow\n"
    "9876543213,Kavita Singh,Lucknow\n"
)
BIG_ROWS = 20_000
HI_MESSAGE = "नमस्ते {name} जी! {district} में जेम पंजीकरण पूरा करें।"
EN_MESSAGE = "Namaste {name} ji! Finish your GeM registration in {district}."
SLOW_ANSWER = 12.0  # seconds the fake Twilio holds one campaign message, so the campaign is still sending when paused
# Notes, from the first paint on, whether the import page ever showed its progress or its summary.
WATCH_IMPORT = """
window.__seen = {progress: false, summary: false};
new MutationObserver(() => {
  if (document.querySelector('[data-testid=import-progress]')) window.__seen.progress = true;
  if (document.querySelector('[data-testid=import-summary]')) window.__seen.summary = true;
}).observe(document, {childList: true, subtree: true});
"""


def figure(tab: Tab, testid: str) -> int:
    """Return the number a figure of the page shows, whatever its digit grouping."""
    return int(re.sub(r"\D", "", tab.page.get_by_test_id(testid).inner_text()))


def upload(tab: Tab, name: str, data: bytes) -> int:
    """Pick a file on /vendors, upload it (htmx posts it, the browser follows to the import page), check that page; return the import's id."""
    tab.open("/vendors")
    tab.page.get_by_test_id("upload-file").set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})
    posted = lambda request: request.method == "POST" and urlsplit(request.url).path == "/vendors"
    with tab.page.expect_request(posted) as sent, tab.page.expect_navigation(url=re.compile(r"/vendors/imports/\d+$")):
        tab.page.get_by_test_id("upload").click()
    assert sent.value.headers.get("hx-request") == "true", "the upload form was not posted by htmx"
    tab.check()
    return int(urlsplit(tab.page.url).path.rsplit("/", 1)[1])


def finished(tab: Tab, timeout: float = 20_000) -> None:
    """Wait, without reloading, for the import page's summary to replace its progress; check the page."""
    from playwright.sync_api import expect

    tab.page.evaluate("window.stillTheSamePage = true")
    expect(tab.page.get_by_test_id("import-summary")).to_be_visible(timeout=timeout)
    assert tab.page.evaluate("window.stillTheSamePage === true"), "the import page reloaded instead of swapping its panel"
    tab.check()


def test_a_vendor_upload_on_a_phone_refuses_bad_rows_in_hindi_and_lists_the_rest(open_tab: Callable[..., Tab], live: Live,
                                                                                hi: Callable[[str], str]) -> None:
    from playwright.sync_api import expect

    account(live.db, "staff@pwd.up.gov.in", department_id=department(live.db, "pwd"), language="hi")
    tab = open_tab(PHONE)
    sign_in(tab, "staff@pwd.up.gov.in")
    upload(tab, "vendors.csv", GOOD_AND_BAD.encode())
    finished(tab)
    assert (figure(tab, "import-rows"), figure(tab, "import-added"), figure(tab, "import-updated"), figure(tab, "import-refused")) == (6, 3, 0, 3)
    rows = tab.page.get_by_test_id("import-error")
    expect(rows).to_have_count(3)
    reasons = {
        4: hi("phone is not an Indian mobile number (10 digits starting 6-9)"),
        5: hi("district %(value)s is not a district of Uttar Pradesh") % {"value": repr("Atlantis")},
        6: hi("the same phone as row %(row)s; only that row was kept") % {"row": 2},
    }
    assert all(re.search("[\u0900-\u097f]", text) for text in reasons.values()), reasons  # the catalogue has them in Hindi
    for row, (number, reason) in zip(rows.all(), reasons.items(), strict=True):
        cells = row.locator("td")
        expect(cells.nth(0)).to_have_text(str(number))
        expect(cells.nth(1)).to_have_text(reason)
    assert tab.page.locator("[data-testid=import-errors] thead").is_hidden()  # cards on a phone

    tab.open("/vendors")
    listed = tab.page.get_by_test_id("vendors")
    expect(listed.locator("tbody tr")).to_have_count(3)
    for name, masked in (("Ramesh Kumar", "+91 98XXX XX210"), ("Sita Devi", "+91 98XXX XX211"), ("Kavita Singh", "+91 98XXX XX213")):
        expect(listed.locator("tr", has_text=name)).to_contain_text(masked)
    text = listed.inner_text()
    assert "98765432" not in text and "Mohan Lal" not in text and "Bad Number" not in text
    expect(tab.page.get_by_test_id("imports")).to_contain_text("vendors.csv")


def test_a_20000_row_upload_shows_its_progress_or_its_summary_and_adds_every_row(tab: Tab, live: Live) -> None:
    from playwright.sync_api import expect

    account(live.db, "staff@pwd.up.gov.in", department_id=department(live.db, "pwd"), language="hi")
    sign_in(tab, "staff@pwd.up.gov.in")
    tab.page.add_init_script(WATCH_IMPORT)
    big = ("mobile,name,district\n" + "".join(f"9{n:09d},Vendor {n},Lucknow\n" for n in range(1_000_000, 1_000_000 + BIG_ROWS))).encode()
    upload(tab, "big.csv", big)
    finished(tab, timeout=40_000)
    seen = tab.page.evaluate("window.__seen")
    assert seen["summary"], seen  # progress, on a slow machine, is seen too; on a fast one the summary may come first
    assert (figure(tab, "import-rows"), figure(tab, "import-added"), figure(tab, "import-refused")) == (BIG_ROWS, BIG_ROWS, 0)
    expect(tab.page.get_by_test_id("import-errors")).to_have_count(0)
    tab.open("/vendors")
    expect(tab.page.get_by_test_id("vendors").locator("tbody tr")).to_have_count(20)  # the newest twenty
    expect(tab.page.locator("h2", has_text="20,000")).to_have_count(1)


def test_a_campaign_goes_from_draft_through_approval_to_sending_and_pauses(open_tab: Callable[..., Tab], live: Live,
                                                                            hi: Callable[[str], str]) -> None:
    from playwright.sync_api import expect

    live.state.settings.campaign_approval_threshold = 1
    pwd = department(live.db, "pwd")
    account(live.db, "staff@pwd.up.gov.in", department_id=pwd, language="hi")
    account(live.db, "admin@up.gov.in", role="admin", language="hi")
    lucknow = [add_seller(live.db, n, source="pwd_link", district=LUCKNOW) for n in (1, 2, 3)]
    add_seller(live.db, 4, source="pwd_link", district=AGRA)
    add_seller(live.db, 5, district=LUCKNOW)  # nobody's: not the department's
    assert len(lucknow) == 3

    staff = open_tab(PHONE)
    sign_in(staff, "staff@pwd.up.gov.in")
    staff.open("/campaigns")
    staff.submit("new-campaign")
    assert urlsplit(staff.page.url).path == "/campaigns/new"
    staff.page.get_by_test_id("campaign-name").fill("लखनऊ दिसंबर")
    staff.page.get_by_test_id("message-hi").fill(HI_MESSAGE)
    staff.page.get_by_test_id("message-en").fill(EN_MESSAGE)
    staff.submit("create-campaign")
    path = urlsplit(staff.page.url).path
    assert re.fullmatch(r"/campaigns/\d+", path), path
    expect(staff.page.get_by_test_id("campaign-status")).to_have_text(hi("Draft"))
    count = staff.page.get_by_test_id("audience-count")
    expect(count).to_have_text("4")  # the department's four sellers, not the fifth

    staff.page.evaluate("window.stillTheSamePage = true")
    staff.page.get_by_test_id("audience-districts").select_option(str(LUCKNOW))
    expect(count).to_have_text("3")
    assert staff.page.evaluate("window.stillTheSamePage === true"), "choosing a district reloaded the page instead of swapping the preview"
    expect(staff.page.get_by_test_id("bubble-whatsapp-hi")).to_contain_text("जेम पंजीकरण पूरा करें")
    staff.check()
    staff.submit("save-draft")
    assert urlsplit(staff.page.url).path == path
    expect(staff.page.get_by_test_id("audience-districts")).to_have_values([str(LUCKNOW)])
    expect(count).to_have_text("3")
    staff.submit("schedule")
    expect(staff.page.get_by_test_id("campaign-status")).to_have_text(hi("Waiting for approval"))
    expect(staff.page.get_by_test_id("approve")).to_have_count(0)
    staff.open("/campaigns")
    expect(staff.page.get_by_test_id("campaign-row")).to_contain_text(hi("Waiting for approval"))
    staff.submit("sign-out")
    assert live.twilio.sent() == []  # nothing goes before the approval

    slow = "whatsapp:+919800000003"
    live.twilio.script = lambda method, params: (201, None, {}, SLOW_ANSWER) if params.get("To") == slow else None
    try:
        admin = open_tab(DESKTOP)
        sign_in(admin, "admin@up.gov.in")
        admin.open(path)
        expect(admin.page.get_by_test_id("campaign-status")).to_have_text(hi("Waiting for approval"))
        admin.submit("approve")
        expect(admin.page.get_by_test_id("campaign-status")).to_have_text(re.compile(f"^({re.escape(hi('Scheduled'))}|{re.escape(hi('Sending'))})$"))
        admin.page.evaluate("window.stillTheSamePage = true")
        expect(admin.page.get_by_test_id("count-sent")).to_have_text("2", timeout=15_000)  # the third is still with the provider
        assert admin.page.evaluate("window.stillTheSamePage === true"), "the progress panel reloaded the page instead of swapping"
        expect(admin.page.get_by_test_id("progress-text")).to_have_text(hi("%(done)s of %(total)s done") % {"done": 2, "total": 3})
        admin.check()

        sent = live.twilio.wait_for("Messages", 3)
        assert sorted(body["To"] for body in sent) == [f"whatsapp:+9198000{n:05d}" for n in (1, 2, 3)], sent
        for body in sent:
            n = int(body["To"][-5:])
            assert body["From"] == TWILIO_FROM and f"Seller {n} जी!" in body["Body"] and "जेम पंजीकरण पूरा करें" in body["Body"], body

        admin.submit("pause")
        expect(admin.page.get_by_test_id("campaign-status")).to_have_text(hi("Paused"))
        expect(admin.page.get_by_test_id("resume")).to_be_visible()
        assert admin.page.get_by_test_id("progress").get_attribute("hx-trigger") is None  # a paused campaign's panel stops polling
        admin.page.set_viewport_size(PHONE)
        admin.check()  # the progress panel fits a phone too
        staff.page.close()  # signed out already
    finally:
        live.twilio.script = None
