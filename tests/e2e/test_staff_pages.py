"""Drive the staff app in headless Chromium against a live server: set-up, sign-in, language, leads, a reply, a phone's screen."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine

from api.pages.auth import NO_MATCH
from bot.engine.context import Env
from bot.services import accounts
from bot.store.db import transaction
from bot.store.models import Seller
from tests.api.campaign_helpers import AGRA, LUCKNOW, NOW
from tests.api.staff_helpers import PASSWORD, account, department, lead
from tests.conftest import TEST_SECRET
from tests.fakes import Recorder, fake_twilio, serve
from tests.live import CHROMIUM_ARGS, chromium_or_skip, live_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locales" / "hi" / "LC_MESSAGES" / "messages.po"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
BRANDS = frozenset({"WhatsApp", "Telegram", "GeM", "API", "CSV", "Excel", "PAN", "GSTIN"})
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}")
TWILIO_FROM = "whatsapp:+14155238886"
KANPUR_NAGAR = 157
CHROMIUM_ECHO = "Failed to load resource: the server responded with a status of "  # the response listener judges these


# --- what a Hindi page must not show ---------------------------------------------------------


@functools.cache
def english_phrases() -> tuple[str, ...]:
    """Return the catalogue's English msgids (placeholders cut out) of two or more words that have a Hindi translation."""
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    phrases: set[str] = set()
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not any(text and text not in ids for text in strings):
            continue  # untranslated, or "translated" to itself (English, GSTIN)
        for msgid in ids:
            for fragment in PLACEHOLDER.split(msgid):
                fragment = " ".join(fragment.split()).strip(" ,.:;·")
                words = [word for word in re.findall(r"[A-Za-z][A-Za-z'’-]*", fragment) if word not in BRANDS]
                if len(words) >= 2:
                    phrases.add(fragment)
    assert len(phrases) > 100, "the Hindi catalogue looks empty"
    return tuple(sorted(phrases))


def untranslated(text: str) -> list[str]:
    """Return the catalogue's English phrases that a page's text shows as whole words."""
    text = " ".join(text.split())
    return [p for p in english_phrases() if p in text and re.search(rf"(?<![A-Za-z]){re.escape(p)}(?![A-Za-z])", text)]


def test_the_english_check_finds_whole_untranslated_phrases_only() -> None:
    assert {"Sign out", "Call the sellers who are waiting", "waiting for a call"} <= set(english_phrases())
    assert untranslated("जेम साथी · लीड\nSign   out · English") == ["Sign out"]
    assert untranslated("GeM Saathi · WhatsApp · CSV · Excel · Sign outward") == []


# --- the browser, the fake provider and the live app -----------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Launch the system's Chromium once for this file; skip (or fail, when REQUIRE_BROWSER is set) when it is absent."""
    path = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def twilio() -> Iterator[tuple[str, Recorder]]:
    """Run a fake Twilio on loopback for this file; yield its root URL and what it received."""
    recorder = Recorder()
    with serve(fake_twilio(recorder)) as root:
        yield root, recorder


@dataclass
class Live:
    """Hold the running app: its root URL, its state (clock, engine), the test database and the fake provider's record."""

    root: str
    state: Any
    db: Engine
    twilio: Recorder


@pytest.fixture
def live(db: Engine, database_url: str, twilio: tuple[str, Recorder]) -> Iterator[Live]:
    """Run the app with WhatsApp through the fake Twilio under uvicorn on a free port, its clock pinned to NOW."""
    from api.main import create_app
    from bot.settings import Settings

    settings = Settings(
        environment="test", database_url=database_url, secret_key=TEST_SECRET, twilio_account_sid="AC" + "1" * 32,
        twilio_auth_token="twilio-auth-token-0123456789abcdef", twilio_whatsapp_from=TWILIO_FROM, twilio_api_base_url=twilio[0],
    )
    app = create_app(settings)
    with live_app(app) as root:
        app.state.saathi.clock.pin(NOW)  # the seeded sellers wrote at NOW: inside WhatsApp's 24 hours, nothing due for a reminder
        twilio[1].reset()
        yield Live(root=root, state=app.state.saathi, db=db, twilio=twilio[1])


@dataclass
class Tab:
    """Hold a browser page on the live app and every server error, console error and script error it met."""

    page: Any
    root: str
    problems: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        """Open a path of the app and check the page."""
        self.page.goto(self.root + path)
        self.check()

    def submit(self, testid: str) -> None:
        """Click a form's button, wait for the page it leads to, and check that page."""
        with self.page.expect_navigation():
            self.page.get_by_test_id(testid).click()
        self.check()

    def check(self) -> None:
        """Fail on any error so far; on a Hindi page, on English text of the catalogue; on a phone, on sideways scrolling."""
        self.page.wait_for_load_state()
        where = self.page.url
        assert self.problems == [], f"{where}: {self.problems}"
        if self.page.evaluate("document.documentElement.lang") == "hi":
            english = untranslated(self.page.evaluate("document.body.innerText"))
            assert english == [], f"{where} shows English on a Hindi page: {english}"
        width = self.page.viewport_size["width"]
        if width <= PHONE["width"]:
            scroll = self.page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width + 1, f"{where} scrolls sideways on a phone: {scroll} px wide in {width}"


def _answered(tab: Tab, response: Any) -> None:
    """Note a server error, and a refusal of anything but a page of the app's own (a 400 or 429 page is a form's polite answer)."""
    refused = response.status >= 400 and (
        response.request.resource_type != "document" or not response.headers.get("content-type", "").startswith("text/html")
    )
    if response.status >= 500 or refused:
        tab.problems.append(f"HTTP {response.status} from {response.request.method} {response.url} ({response.request.resource_type})")


def _logged(tab: Tab, message: Any) -> None:
    """Note a console error (a Content-Security-Policy violation is one), but not Chromium's echo of a response's status."""
    if message.type == "error" and not message.text.startswith(CHROMIUM_ECHO):
        tab.problems.append(f"console error: {message.text}")


@pytest.fixture
def open_tab(browser: Any, live: Live) -> Iterator[Callable[..., Tab]]:
    """Yield a maker of tabs (a fresh browser context each, desktop or phone sized) that fail the test on any error."""
    contexts = []
    tabs: list[Tab] = []

    def make(viewport: dict[str, int] = DESKTOP) -> Tab:
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = Tab(page=context.new_page(), root=live.root)
        tab.page.on("response", lambda response: _answered(tab, response))
        tab.page.on("console", lambda message: _logged(tab, message))
        tab.page.on("pageerror", lambda error: tab.problems.append(f"script error: {error}"))
        tabs.append(tab)
        return tab

    yield make
    for context in contexts:
        context.close()
    for tab in tabs:
        assert tab.problems == [], tab.problems


@pytest.fixture
def tab(open_tab: Callable[..., Tab]) -> Tab:
    """Return a desktop-sized tab."""
    return open_tab()


@pytest.fixture
def hi(env: Env) -> Callable[[str], str]:
    """Return the Hindi catalogue's gettext."""
    return env.translations["hi"].gettext


# --- seeding and steps -------------------------------------------------------------------------


def seller(db: Engine, n: int, name: str, district: int = LUCKNOW, *, callback: bool = False, said: str | None = None, source: str = "pwd_link") -> int:
    """Add a real seller of a department's deep link in a district (who may have asked for a call); return the id."""
    seller_id = lead(db, n, source, name=name, callback=callback, said=said)
    with transaction(db) as session:
        session.get(Seller, seller_id).district_lgd = district
    return seller_id


def sign_in(tab: Tab, email: str, password: str = PASSWORD) -> None:
    """Sign in through the form (from wherever the tab is) and check the page it lands on."""
    if "/signin" not in tab.page.url:
        tab.open("/signin")
    tab.page.get_by_test_id("email").fill(email)
    tab.page.get_by_test_id("password").fill(password)
    tab.submit("sign-in")


def lead_names(tab: Tab) -> list[str]:
    """Return the sellers' names in the inbox, in order."""
    return [name.strip() for name in tab.page.get_by_test_id("lead-link").all_inner_texts()]


# --- the tests -----------------------------------------------------------------------------------


def test_the_set_up_link_creates_the_first_admin_and_signs_them_in(tab: Tab, live: Live, hi: Callable[[str], str]) -> None:
    from playwright.sync_api import expect

    from api.main import announce_setup_link

    link = announce_setup_link(live.state)
    assert link is not None
    tab.open(urlsplit(link).path)
    expect(tab.page.locator("h1")).to_have_text(hi("Create the first admin"))
    tab.page.get_by_test_id("name").fill("आशा वर्मा")
    tab.page.get_by_test_id("email").fill("asha.verma@up.gov.in")
    tab.page.get_by_test_id("password").fill(PASSWORD)
    tab.submit("create-admin")
    assert urlsplit(tab.page.url).path == "/home"
    expect(tab.page.locator("h1")).to_have_text(hi("Namaste, %(name)s") % {"name": "आशा वर्मा"})
    expect(tab.page.get_by_test_id("sign-out")).to_be_visible()
    assert accounts.admin_exists(engine=live.db)


def test_sign_in_refuses_a_wrong_password_in_hindi_then_signs_in_and_out(tab: Tab, live: Live, hi: Callable[[str], str]) -> None:
    from playwright.sync_api import expect

    account(live.db, "staff@pwd.up.gov.in", department_id=department(live.db, "pwd"), language="hi")
    sign_in(tab, "staff@pwd.up.gov.in", "not the password")
    expect(tab.page.get_by_test_id("error")).to_have_text(hi(NO_MATCH))
    assert hi(NO_MATCH) != NO_MATCH
    assert urlsplit(tab.page.url).path == "/signin"
    expect(tab.page.get_by_test_id("email")).to_have_value("staff@pwd.up.gov.in")

    sign_in(tab, "staff@pwd.up.gov.in")
    assert urlsplit(tab.page.url).path == "/home"
    tab.submit("sign-out")
    assert urlsplit(tab.page.url).path == "/signin"
    tab.open("/home")
    assert urlsplit(tab.page.url).path == "/signin"  # sent to sign in, and back afterwards
    expect(tab.page.get_by_test_id("sign-in")).to_be_visible()


def test_five_wrong_passwords_make_the_account_wait_15_minutes(tab: Tab, live: Live, hi: Callable[[str], str]) -> None:
    from playwright.sync_api import expect

    account(live.db, "staff@pwd.up.gov.in", department_id=department(live.db, "pwd"), language="hi")
    for _ in range(accounts.THROTTLE_PER_ACCOUNT):
        sign_in(tab, "staff@pwd.up.gov.in", "wrong password!")
        expect(tab.page.get_by_test_id("error")).to_have_text(hi(NO_MATCH))
    sign_in(tab, "staff@pwd.up.gov.in")  # even the right password waits now
    expect(tab.page.get_by_test_id("error")).to_contain_text("15 मिनट")
    assert urlsplit(tab.page.url).path == "/signin"


def test_the_language_switch_is_remembered_on_the_account(tab: Tab, live: Live, hi: Callable[[str], str]) -> None:
    from playwright.sync_api import expect

    account(live.db, "staff@pwd.up.gov.in", department_id=department(live.db, "pwd"), language="hi")
    sign_in(tab, "staff@pwd.up.gov.in")
    assert tab.page.evaluate("document.documentElement.lang") == "hi"
    expect(tab.page.get_by_test_id("sign-out")).to_have_text(hi("Sign out"))
    tab.submit("language-switch")
    assert urlsplit(tab.page.url).path == "/home"
    assert tab.page.evaluate("document.documentElement.lang") == "en"
    expect(tab.page.get_by_test_id("sign-out")).to_have_text("Sign out")

    tab.submit("sign-out")
    tab.page.context.clear_cookies(name="gs_lang")  # only the account can remember it now
    tab.open("/signin")
    assert tab.page.evaluate("document.documentElement.lang") == "hi"
    sign_in(tab, "staff@pwd.up.gov.in")
    assert tab.page.evaluate("document.documentElement.lang") == "en"
    expect(tab.page.get_by_test_id("sign-out")).to_have_text("Sign out")


def test_the_inbox_puts_call_backs_first_and_filters_by_district_and_name(tab: Tab, live: Live) -> None:
    from playwright.sync_api import expect

    account(live.db, "staff@pwd.up.gov.in", department_id=department(live.db, "pwd"), language="hi")
    seller(live.db, 1, "Ramesh Kumar", LUCKNOW)
    seller(live.db, 2, "Sunita Devi", AGRA, callback=True)
    seller(live.db, 3, "Mohd Arif", LUCKNOW, callback=True)
    seller(live.db, 4, "Kavita Singh", AGRA)
    sign_in(tab, "staff@pwd.up.gov.in")
    tab.open("/leads")
    rows = tab.page.get_by_test_id("lead-row")
    expect(rows).to_have_count(4)
    names = lead_names(tab)
    assert set(names[:2]) == {"Sunita Devi", "Mohd Arif"}, names
    expect(rows.nth(0).get_by_test_id("callback-flag")).to_be_visible()
    expect(rows.nth(1).get_by_test_id("callback-flag")).to_be_visible()
    expect(rows.nth(2).get_by_test_id("callback-flag")).to_have_count(0)

    tab.page.evaluate("window.stillTheSamePage = true")
    tab.page.get_by_test_id("district").select_option(str(AGRA))
    expect(rows).to_have_count(2)
    assert lead_names(tab) == ["Sunita Devi", "Kavita Singh"]
    expect(tab.page).to_have_url(re.compile(rf"district={AGRA}"))
    assert tab.page.evaluate("window.stillTheSamePage === true"), "the filter reloaded the page instead of swapping the table"
    expect(tab.page.get_by_test_id("district")).to_have_value(str(AGRA))
    tab.check()

    tab.page.get_by_test_id("search").press_sequentially("kavita")
    expect(rows).to_have_count(1)
    assert lead_names(tab) == ["Kavita Singh"]
    expect(tab.page).to_have_url(re.compile(r"q=kavita"))
    assert tab.page.evaluate("window.stillTheSamePage === true")
    tab.check()


def test_the_inbox_filters_with_all_districts_chosen(tab: Tab, live: Live) -> None:
    from playwright.sync_api import expect

    account(live.db, "staff@pwd.up.gov.in", department_id=department(live.db, "pwd"), language="hi")
    seller(live.db, 1, "Ramesh Kumar", LUCKNOW)
    seller(live.db, 2, "Kavita Singh", AGRA)
    sign_in(tab, "staff@pwd.up.gov.in")
    tab.open("/leads")
    rows = tab.page.get_by_test_id("lead-row")
    swapped = re.compile(r".*/leads\?.*")
    try:
        with tab.page.expect_response(swapped):
            tab.page.get_by_test_id("search").press_sequentially("kavita")  # the district left at "All districts"
        tab.check()
        expect(rows).to_have_count(1)
        tab.page.get_by_test_id("search").fill("")
        with tab.page.expect_response(swapped):
            tab.page.get_by_test_id("district").select_option(str(AGRA))
        with tab.page.expect_response(swapped):
            tab.page.get_by_test_id("district").select_option("")  # and back to all of them
        tab.check()
        expect(rows).to_have_count(2)
    finally:
        tab.page.close()  # nothing more arrives from it
        tab.problems.clear()  # failed above already, if at all


def test_the_audit_log_filter_shows_everyone(tab: Tab, live: Live, hi: Callable[[str], str]) -> None:
    account(live.db, "admin@up.gov.in", role="admin", language="hi")
    sign_in(tab, "admin@up.gov.in")
    tab.open("/admin/audit")
    try:
        with tab.page.expect_navigation():
            tab.page.get_by_role("button", name=hi("Show")).click()  # the form's button has no data-testid
        tab.check()
        assert tab.page.get_by_test_id("audit-row").count() >= 1
    finally:
        tab.page.close()  # nothing more arrives from it
        tab.problems.clear()  # failed above already, if at all


def test_a_reply_from_the_sellers_page_reaches_whatsapp(tab: Tab, live: Live, hi: Callable[[str], str]) -> None:
    from playwright.sync_api import expect

    account(live.db, "staff@pwd.up.gov.in", department_id=department(live.db, "pwd"), language="hi")
    seller_id = seller(live.db, 7, "सुनीता देवी", AGRA, callback=True, said="मुझे पैन कार्ड में मदद चाहिए")
    sign_in(tab, "staff@pwd.up.gov.in")
    tab.open("/leads")
    tab.page.get_by_test_id("lead-link").first.click()
    tab.page.wait_for_url(f"**/leads/{seller_id}")
    tab.check()
    expect(tab.page.get_by_test_id("seller-name")).to_have_text("सुनीता देवी")
    expect(tab.page.get_by_test_id("conversation")).to_contain_text("मुझे पैन कार्ड में मदद चाहिए")
    expect(tab.page.get_by_test_id("window-note")).to_have_count(0)  # wrote within 24 hours: the text itself can go

    text = "नमस्ते सुनीता जी, मैं कल 11 बजे फ़ोन करूँगी।"
    tab.page.get_by_test_id("reply-text").fill(text)
    tab.submit("send-reply")
    assert urlsplit(tab.page.url).path == f"/leads/{seller_id}"
    sent = [body for body in live.twilio.wait_for("Messages") if body.get("Body") == text]
    assert sent and sent[0]["To"] == "whatsapp:+919800000007" and sent[0]["From"] == TWILIO_FROM, live.twilio.sent()

    status = tab.page.get_by_test_id("reply-status")
    deadline = time.monotonic() + 10
    while status.inner_text() != hi("Sent") and time.monotonic() < deadline:
        time.sleep(0.1)
        tab.page.reload()
    expect(tab.page.get_by_test_id("staff-replies")).to_contain_text(text)
    expect(status).to_have_text(hi("Sent"))
    expect(tab.page.get_by_test_id("conversation")).to_contain_text(text)
    tab.check()


def test_every_page_fits_a_phone_and_the_inbox_shows_cards(open_tab: Callable[..., Tab], live: Live) -> None:
    from playwright.sync_api import expect

    pwd = department(live.db, "pwd")
    account(live.db, "admin@up.gov.in", role="admin", language="hi")
    account(live.db, "staff@pwd.up.gov.in", department_id=pwd, language="hi")
    seller_id = seller(live.db, 1, "Sunita Devi", AGRA, callback=True, said="मुझे फ़ोन कीजिए, मेरा उद्यम पंजीकरण अधूरा है")
    seller(live.db, 2, "Shree Ramchandra Enterprises Private Limited", KANPUR_NAGAR)
    seller(live.db, 3, "Mohd Arif", LUCKNOW, callback=True)
    tab = open_tab(PHONE)

    tab.open(f"/setup/{accounts.issue_setup_link(engine=live.db, now=NOW)}")
    expect(tab.page.get_by_test_id("create-admin")).to_be_visible()
    sign_in(tab, "admin@up.gov.in", "not the password")
    expect(tab.page.get_by_test_id("error")).to_be_visible()
    sign_in(tab, "admin@up.gov.in")
    assert urlsplit(tab.page.url).path == "/home"

    tab.open("/leads")
    expect(tab.page.get_by_test_id("lead-row")).to_have_count(3)
    assert tab.page.locator("[data-testid=leads] thead").is_hidden()
    assert tab.page.get_by_test_id("lead-row").first.evaluate("row => getComputedStyle(row).display") == "block"
    tab.page.get_by_test_id("district").select_option(str(AGRA))
    expect(tab.page.get_by_test_id("lead-row")).to_have_count(1)
    tab.check()

    tab.open(f"/leads/{seller_id}")
    tab.page.get_by_test_id("reply-text").fill("नमस्ते सुनीता जी, आज शाम को बात करते हैं।")
    tab.submit("send-reply")
    tab.page.get_by_test_id("note-text").fill("फ़ोन किया, कल पैन कार्ड भेजेंगी")
    tab.submit("add-note")
    for path in ("/team", "/admin/departments", "/admin/audit"):
        tab.open(path)
    tab.open("/leads")
    tab.submit("language-switch")
    assert tab.page.evaluate("document.documentElement.lang") == "en"
    tab.open(f"/leads/{seller_id}")


def test_an_admin_saves_a_sellers_follow_up(tab: Tab, live: Live, hi: Callable[[str], str]) -> None:
    from playwright.sync_api import expect

    department(live.db, "pwd")
    account(live.db, "admin@up.gov.in", role="admin", language="hi")
    seller_id = seller(live.db, 1, "Sunita Devi", AGRA, callback=True)
    sign_in(tab, "admin@up.gov.in")
    tab.open(f"/leads/{seller_id}")
    try:
        tab.page.get_by_test_id("lead-status").select_option("contacted")
        tab.submit("save-follow-up")
        expect(tab.page.get_by_test_id("lead-status")).to_have_value("contacted")
    finally:
        tab.page.close()  # nothing more arrives from it
        tab.problems.clear()  # failed above already, if at all
