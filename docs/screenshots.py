"""Take the staff app's screenshots for the docs: demo data in a temporary SQLite file, the app on a free port, headless Chromium."""

# Run from the repository root after `make install` (or simply `make screenshots`):
#
#     .venv/bin/python docs/screenshots.py             # writes docs/screenshots/*.png
#     .venv/bin/python docs/screenshots.py --out /tmp/shots
#
# Each page is taken in Hindi at phone size (390×844, the whole page) and desktop size (1280×800, one screen):
# sign-in, home, leads, a seller's page, team and audit log. The app's clock is pinned, so the pictures change
# only when the pages do.

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse
import logging
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, update

from bot import demo
from bot.engine.context import Env
from bot.engine.model import STAGES
from bot.funnel import cube
from bot.i18n import compile_catalogues, load_translations
from bot.outbox import Outbox
from bot.services import accounts, leads
from bot.services.access_log import record_access
from bot.services.deeplinks import create_deep_link
from bot.services.departments import create_department
from bot.settings import Settings
from bot.store.db import make_engine, transaction
from bot.store.digests import pan_digester
from bot.store.migrate import upgrade
from bot.store.models import (
    CallbackRequest,
    ChannelIdentity,
    ConversationState,
    FunnelEvent,
    MessageLog,
    OutboxMessage,
    Reminder,
    Seller,
    StaffAccount,
)
from tests.live import CHROMIUM_ARGS, chromium_problem, live_app

MOMENT = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # Monday 23 November 2026, 11:30 in India
SECRET = "screenshots-only-secret-key-0123456789abcdef"
PASSWORD = "demo password, not a secret"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
ADMIN = "anjali.srivastava@msme.up.gov.in"

DEPARTMENTS = [  # name, code; each gets a WhatsApp deep link <code>_wa
    ("जिला उद्योग एवं उद्यम प्रोत्साहन केंद्र, लखनऊ", "dic_lucknow"),
    ("जिला उद्योग एवं उद्यम प्रोत्साहन केंद्र, आगरा", "dic_agra"),
    ("जिला उद्योग एवं उद्यम प्रोत्साहन केंद्र, वाराणसी", "dic_varanasi"),
    ("UP Khadi and Village Industries Board", "upkvib"),
]
PEOPLE = [  # name, e-mail, role, department code
    ("अंजलि श्रीवास्तव", ADMIN, "admin", None),
    ("Rahul Yadav", "rahul.yadav@diclucknow.up.gov.in", "staff", "dic_lucknow"),
    ("नेहा गुप्ता", "neha.gupta@dicagra.up.gov.in", "staff", "dic_agra"),
    ("Sanjay Mishra", "sanjay.mishra@msme.up.gov.in", "viewer", None),
]


@dataclass(frozen=True)
class Demo:
    """Describe one demo seller."""

    name: str
    business: str
    district: int  # LGD code
    category: str
    stage: str
    step: str
    department: str | None
    hours_ago: float
    channel: str = "whatsapp"
    language: str = "hi"
    callback: bool = False
    needs_help: bool = False


SELLERS = [
    Demo("सुनीता देवी", "सुनीता गृह उद्योग", 162, "textiles", "documents_ready", "ask_pan", "dic_lucknow", 2, callback=True),
    Demo("Mohd. Arif Khan", "Arif Furniture Works", 162, "furniture", "profiled", "ask_udyam", "dic_lucknow", 5, callback=True),
    Demo("रामप्रकाश मौर्य", "मौर्य इलेक्ट्रिकल्स", 187, "electrical", "gem_account", "gem_profile", "dic_varanasi", 20, channel="telegram"),
    Demo("Priya Agarwal", "Agarwal Stationers", 118, "office", "gem_profile_complete", "gem_catalogue", "dic_agra", 26, language="en"),
    Demo("राजेश कुमार यादव", "यादव सिक्योरिटी सर्विसेज", 148, "security", "consented", "ask_business_name", "upkvib", 3, needs_help=True),
    Demo("Shabana Parveen", "Zari Zardozi Handicrafts", 130, "textiles", "profiled", "ask_gstin", "upkvib", 50, callback=True),
    Demo("अंकित त्रिपाठी", "त्रिपाठी कैटरर्स", 120, "catering", "documents_ready", "checklist", None, 96, channel="telegram"),
    Demo("Deepak Verma", "Verma Computers", 157, "computers", "catalogue_listed", "registered", None, 140, language="en"),
    Demo("गीता सिंह", "गीता क्लीनिंग सर्विसेज", 169, "cleaning", "engaged", "ask_consent", None, 1),
    Demo("Imran Qureshi", "Qureshi Leather Goods", 118, "other", "gem_account", "gem_caution_money", "dic_agra", 190),
    Demo("कमला देवी", "कमला अचार एवं पापड़", 187, "food_agri", "profiled", "ask_pan", "dic_varanasi", 30, callback=True),
    Demo("Vikas Chaurasia", "Chaurasia Printing Press", 162, "printing", "documents_ready", "ask_bank_account", "dic_lucknow", 290, language="en"),
]
CONVERSATION = [  # the first seller's chat: direction, text, minutes before MOMENT
    ("in", "नमस्ते", 3 * 24 * 60),
    ("out", "नमस्ते! मैं जेम साथी हूँ। मैं आपको GeM पर विक्रेता बनने में मदद करूँगा। पंजीकरण मुफ़्त है।", 3 * 24 * 60 - 1),
    ("in", "सुनीता गृह उद्योग", 3 * 24 * 60 - 6),
    ("out", "आपका पैन (PAN) नंबर क्या है? यह 10 अक्षरों का होता है, जैसे ABCDE1234F।", 150),
    ("in", "पैन कार्ड पति के नाम पर है, मुझे फ़ोन पर बात करनी है", 125),
    ("out", "ठीक है, आपके ज़िले के उद्योग केंद्र से कोई आपको फ़ोन करेगा।", 124),
]


def seed(url: str) -> int:
    """Fill a migrated database with demo departments, people and sellers; return the seller whose page is shown."""
    engine = make_engine(url)
    try:
        links, departments = {}, {}
        for name, code in DEPARTMENTS:
            department = create_department(engine=engine, name=name, code=code, now=MOMENT - timedelta(days=40))
            departments[code] = department.id
            links[code] = create_deep_link(engine=engine, department_id=department.id, code=f"{code}_wa", now=MOMENT - timedelta(days=40)).code
        people = {}
        for name, email, role, code in PEOPLE:
            people[email] = accounts.create_account(engine=engine, email=email, name=name, role=role, department_id=departments.get(code),
                                                    password=PASSWORD, now=MOMENT - timedelta(days=30), language="hi")
        ids = [_seller(engine, n, demo, links.get(demo.department)) for n, demo in enumerate(SELLERS, start=1)]
        reply_id = _work(engine, ids[0], people["rahul.yadav@diclucknow.up.gov.in"])
        _audit(engine, people, departments, ids[0], reply_id)
        _campaign_and_vendors(engine, people["rahul.yadav@diclucknow.up.gov.in"], departments[DEPARTMENTS[0][1]])
        with transaction(engine) as session:
            cube.rebuild(session.connection())  # the sellers above were written directly: count them as the rebuild command does
        return ids[0]
    finally:
        engine.dispose()


def _campaign_and_vendors(engine: Engine, staff_member: StaffAccount, department_id: int) -> None:
    """Add the first department's draft campaign and a small vendor list (with one refused row)."""
    from bot.campaigns.shapes import CampaignCreate
    from bot.campaigns.staff import create_campaign
    from bot.services.vendor_lists import upload_vendor_list

    draft = CampaignCreate(
        name="लखनऊ के विक्रेता, दिसंबर", audience={"districts": [162]},
        message_hi="नमस्ते {name} जी! जेम पर पंजीकरण मुफ़्त है। {district} के विक्रेता अपना अगला कदम पूरा करें: {next_step}।",
        message_en="Namaste {name} ji! Registering on GeM is free. Sellers of {district}, finish your next step: {next_step}.",
        button_title_hi="आगे बढ़ें", button_title_en="Carry on",
    )
    create_campaign(engine=engine, principal=accounts.principal_of(staff_member), draft=draft, now=MOMENT - timedelta(hours=3))
    rows = "मोबाइल,नाम,फर्म का नाम,जिला\n9415000001,सुरेश चंद्र,चंद्र स्टेशनर्स,लखनऊ\n9415000002,Farhan Ali,Ali Electricals,Lucknow\n12345,गलत नंबर,,लखनऊ\n"
    upload_vendor_list(engine=engine, department_id=department_id, data=rows.encode(), now=MOMENT - timedelta(hours=2), keyed=lambda s: s)


def _seller(engine: Engine, n: int, demo: Demo, source: str | None) -> int:
    """Add one demo seller with a channel, a conversation state, a journey and last activity; return the id."""
    last = MOMENT - timedelta(hours=demo.hours_ago)
    started = last - timedelta(days=3)
    mobile = f"+9190000{n:05d}"
    with transaction(engine) as session:
        seller = Seller(
            created_at=started, updated_at=last, stage_changed_at=last, name=demo.name, business_name=demo.business, district_lgd=demo.district,
            category=demo.category, stage=demo.stage, language=demo.language, source_code=source, mobile=mobile, needs_help=demo.needs_help,
            offering="products" if demo.category in ("textiles", "furniture", "electrical", "office", "computers", "food_agri", "other") else "services",
            enterprise_type="proprietorship", udyam=f"UDYAM-UP-{43 + n % 20:02d}-{1_200_000 + 7919 * n:07d}" if demo.stage != "engaged" else None,
        )
        session.add(seller)
        session.flush()
        external = mobile if demo.channel == "whatsapp" else str(700_000_000 + n)
        session.add(ChannelIdentity(seller_id=seller.id, channel=demo.channel, external_id=external, created_at=started, last_inbound_at=last))
        session.add(ConversationState(seller_id=seller.id, step=demo.step, state={"step": demo.step, "language": demo.language}, updated_at=last))
        session.add(Reminder(seller_id=seller.id, stage=demo.stage, last_activity_at=last, updated_at=last))
        reached = STAGES[: STAGES.index(demo.stage) + 1]
        for rank, stage in enumerate(reached):
            at = started + (last - started) * (rank / max(1, len(reached) - 1))
            session.add(FunnelEvent(seller_id=seller.id, stage=stage, previous_stage=reached[rank - 1] if rank else None, at=at))
        if demo.callback:
            session.add(CallbackRequest(seller_id=seller.id, step=demo.step, status="open", requested_at=last, expected_by=last + timedelta(days=1)))
        return seller.id


def _work(engine: Engine, seller_id: int, staff: StaffAccount) -> int:
    """Give the first seller a chat, a staff note, an assignment and a delivered staff reply; return the reply's outbox id."""
    with transaction(engine) as session:
        for direction, text, minutes in CONVERSATION:
            session.add(MessageLog(seller_id=seller_id, channel="whatsapp", direction=direction, text=text, created_at=MOMENT - timedelta(minutes=minutes)))
    principal = accounts.principal_of(staff)
    leads.add_note(engine=engine, principal=principal, seller_id=seller_id, now=MOMENT - timedelta(minutes=50),
                   text="फ़ोन किया: पैन कार्ड पति के नाम पर है। व्यवसाय के लिए अपना पैन बनवाने को कहा, सोमवार को फिर बात होगी।")
    leads.follow_up(engine=engine, principal=principal, seller_id=seller_id, now=MOMENT - timedelta(minutes=48), assign_to=principal.account_id)
    env = Env(translations=load_translations(), pan_digest=pan_digester(SECRET))
    row = leads.reply(engine=engine, env=env, outbox_writer=Outbox(), principal=principal, seller_id=seller_id, now=MOMENT - timedelta(minutes=45),
                      text="नमस्ते सुनीता जी, मैं राहुल, ज़िला उद्योग केंद्र लखनऊ से। आज शाम 4 बजे आपको फ़ोन करूँगा।")
    with transaction(engine) as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.id == row.id).values(
            status="delivered", attempts=1, provider_message_id="SM" + "0" * 31 + "1", sent_at=MOMENT - timedelta(minutes=45)))
    return row.id


def _audit(engine: Engine, people: dict[str, StaffAccount], departments: dict[str, int], seller_id: int, reply_id: int) -> None:
    """Write the access-log rows a few days of use would have left."""
    admin, rahul, neha = people[ADMIN], people["rahul.yadav@diclucknow.up.gov.in"], people["neha.gupta@dicagra.up.gov.in"]
    rows = [
        (admin.id, None, "account.setup", f"admin account {admin.id} created by a set-up link", None, 60 * 24 * 30),
        (admin.id, departments["dic_lucknow"], "account.create", f"account {rahul.id} staff", None, 60 * 24 * 29),
        (admin.id, departments["dic_agra"], "account.create", f"account {neha.id} staff", None, 60 * 24 * 29),
        (None, None, "signin.failed", "wrong e-mail, password, or a disabled account", "10.21.4.17", 200),
        (rahul.id, departments["dic_lucknow"], "signin", "", "10.21.4.17", 199),
        (rahul.id, departments["dic_lucknow"], "seller.view", f"seller {seller_id}", None, 52),
        (rahul.id, departments["dic_lucknow"], "lead.follow_up", f"seller {seller_id} assigned {rahul.id}", None, 48),
        (rahul.id, departments["dic_lucknow"], "seller.reply", f"seller {seller_id} outbox {reply_id}", None, 45),
        (neha.id, departments["dic_agra"], "signin", "", "10.33.8.102", 30),
        (neha.id, departments["dic_agra"], "leads.export_csv", "2 rows", None, 28),
    ]
    for account_id, department_id, action, detail, address, minutes in rows:
        record_access(engine=engine, account_id=account_id, department_id=department_id, action=action, detail=detail, address=address,
                      now=MOMENT - timedelta(minutes=minutes))


@contextmanager
def running(url: str) -> Iterator[str]:
    """Run the app on the demo database under uvicorn on a free local port, its clock pinned to MOMENT; yield its root URL."""
    from api.main import create_app

    settings = Settings(  # everything explicit: a developer's .env must not switch a real channel on here
        environment="local", database_url=url, secret_key=SECRET, log_level="WARNING", telegram_bot_token=None, twilio_account_sid=None,
        twilio_auth_token=None, twilio_whatsapp_from=None, public_base_url=None,
    )
    app = create_app(settings)
    logging.getLogger("gem_saathi").setLevel(logging.WARNING)  # Alembic's logging set-up came first, so basicConfig did not apply
    with live_app(app) as root:
        app.state.saathi.clock.pin(MOMENT)
        yield root


def shoot(root: str, pages: list[tuple[str, str]], out: Path, chromium: str) -> list[Path]:
    """Take the pages (name, path) at each size in headless Chromium, signed in as the demo admin; return the files written."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            return [path for size in SIZES for path in _shoot_size(browser, root, pages, out, size)]
        finally:
            browser.close()


def staff_pages(seller_id: int) -> list[tuple[str, str]]:
    """Return the staff app's pages to show, with the seller whose page is shown."""
    return [
        ("signin", "/signin"), ("home", "/home"), ("leads", "/leads"), ("seller", f"/leads/{seller_id}"), ("campaigns", "/campaigns"),
        ("campaign", "/campaigns/1"), ("vendors", "/vendors?department=1"), ("links", "/links?department=1"), ("team", "/team"),
        ("audit", "/admin/audit"),
    ]


# The lead funnel, over the demo data of `python -m bot demo` added to the sellers above.
FUNNEL_PAGES = [
    ("signin", "/signin"), ("funnel", "/funnel"), ("funnel-stops", "/funnel/stops"), ("funnel-districts", "/funnel/districts?sort=gem_account"),
    ("funnel-departments", "/funnel/departments"), ("funnel-breakdowns", "/funnel/breakdowns"), ("funnel-filtered", "/funnel?district=162&period=13w"),
]


def _shoot_size(browser: Any, root: str, pages: list[tuple[str, str]], out: Path, size: str) -> list[Path]:
    """Sign in as the demo admin in a window of one size and save each page after the sign-in as <page>-<size>-hi.png."""
    context = browser.new_context(viewport=SIZES[size], device_scale_factor=1)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: response.status >= 500 and errors.append(f"HTTP {response.status} {response.url}"))
    written = []
    for name, path in pages:
        page.goto(root + path)
        if name != "signin" and "/signin" in page.url:
            raise SystemExit(f"signing in as the demo admin failed: {page.url}")
        page.wait_for_load_state("networkidle")
        shot = out / f"{name}-{size}-hi.png"
        page.screenshot(path=str(shot), full_page=size == "phone")
        written.append(shot)
        if name == "signin":
            page.get_by_test_id("email").fill(ADMIN)
            page.get_by_test_id("password").fill(PASSWORD)
            with page.expect_navigation():
                page.get_by_test_id("sign-in").click()
    context.close()
    if errors:
        raise SystemExit(f"the pages failed while taking the {size} screenshots: {errors}")
    return written


def _devanagari_font() -> bool:
    """Say whether fontconfig knows a font with Devanagari (else Chromium draws the Hindi as boxes); True when it cannot tell."""
    if shutil.which("fc-list") is None:
        return True
    found = subprocess.run(["fc-list", ":lang=hi", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def main() -> None:
    """Build the demo, take the screenshots and say where they are."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder for the PNGs (default: docs/screenshots)")
    args = parser.parse_args()
    chromium, problem = chromium_problem()
    if problem:
        raise SystemExit(problem)
    if not _devanagari_font():
        print("warning: no Devanagari font, so the Hindi will show as boxes: apt-get install fonts-lohit-deva", file=sys.stderr)
    compile_catalogues()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="gem-saathi-screenshots-") as folder:
        url = f"sqlite:///{Path(folder) / 'demo.db'}"
        upgrade(url)
        seller_id = seed(url)
        with running(url) as root:
            written = shoot(root, staff_pages(seller_id), args.out, chromium)
            engine = make_engine(url)
            demo.load(engine=engine, now=MOMENT, sellers=4000)
            engine.dispose()
            written += [path for path in shoot(root, FUNNEL_PAGES, args.out, chromium) if not path.name.startswith("signin")]
    for path in written:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size // 1024} KB")
    print(f"{len(written)} screenshots in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
