"""Load and remove demo data: departments, vendor lists, campaigns and sellers whose journeys look real, all marked demo."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, delete, func, or_, select, update

from bot.engine.districts import DISTRICTS
from bot.engine.model import STAGES
from bot.funnel import cube, figures
from bot.services import department_names
from bot.store.db import transaction
from bot.store.models import (
    AccessLog,
    CallbackRequest,
    Campaign,
    CampaignRecipient,
    ChannelIdentity,
    ConsentRecord,
    ConversationState,
    DeepLink,
    Department,
    FunnelEvent,
    FunnelSnapshot,
    Lead,
    LeadNote,
    MessageLog,
    OutboxMessage,
    Reminder,
    Seller,
    StaffAccount,
    VendorImport,
    VendorListEntry,
)

PREFIX = "demo_"  # department codes and deep-link codes of demo data start with it; nothing else may
CHANNEL = "demo"  # demo sellers' only identity: not a real channel, so nothing is ever sent to them
DEPARTMENTS = ("pwd", "health", "basic_edu", "agriculture", "rural_dev", "police")
# Of those who started chatting, the share that reached each stage (a journey thins out like this in pilots).
REACHED = {"engaged": 1.0, "consented": 0.82, "profiled": 0.58, "documents_ready": 0.37, "gem_account": 0.21, "gem_profile_complete": 0.13,
           "catalogue_listed": 0.07}
# The step a seller is at while at each stage (where they would stop).
STEP_AT = {"engaged": "ask_consent", "consented": "ask_business_name", "profiled": "ask_pan", "documents_ready": "gem_signup",
           "gem_account": "gem_profile", "gem_profile_complete": "gem_catalogue", "catalogue_listed": "registered"}
BIG_DISTRICTS = {"Lucknow", "Kanpur Nagar", "Prayagraj", "Varanasi", "Agra", "Ghaziabad", "Gautam Buddha Nagar", "Meerut", "Bareilly", "Gorakhpur"}
FIRST = ("Ramesh", "Sita", "Mohd. Arif", "Kamla", "Rajesh", "Anita", "Shabana", "Suresh", "Priya", "Imran", "Geeta", "Vikas", "Pooja", "Farhan",
         "रमेश", "सीता", "कमला", "राजेश", "अनीता", "सुरेश", "गीता", "विकास", "पूजा", "मोहन")
LAST = ("Kumar", "Devi", "Verma", "Yadav", "Khan", "Gupta", "Maurya", "Chaurasia", "Srivastava", "Qureshi", "Singh", "Pal",
        "कुमार", "देवी", "वर्मा", "यादव", "गुप्ता", "सिंह")
TRADES = (("cleaning", "services", "Safai Sewa"), ("security", "services", "Suraksha Agency"), ("transport", "services", "Travels"),
          ("furniture", "products", "Furniture Works"), ("office", "products", "Stationers"), ("electrical", "products", "Electricals"),
          ("textiles", "products", "Handloom"), ("food", "products", "Traders"))
QUIET_AFTER = timedelta(days=2)  # the first reminder's wait by default: who counts as gone quiet


class DemoRefused(RuntimeError):
    """Signal that demo data may not be loaded here (a production database)."""


@dataclass(frozen=True, slots=True)
class DemoReport:
    """Count what the demo loader made (or the remover deleted)."""

    departments: int
    sellers: int
    events: int
    vendors: int
    campaigns: int


def _weights() -> list[float]:
    return [3.0 if d.name_en in BIG_DISTRICTS else 1.0 for d in DISTRICTS]


def load(*, engine: Engine, now: datetime, sellers: int = 3000, seed: int = 7, environment: str = "local") -> DemoReport:
    """Add demo departments, vendor lists, campaigns and `sellers` sellers with stage histories of the last 90 days."""
    if environment == "production":
        raise DemoRefused("demo data is for a local or test database, not production")
    with transaction(engine) as session:
        if session.execute(select(Department.id).where(Department.code.like(f"{PREFIX}%")).limit(1)).first() is not None:
            raise DemoRefused("demo data is loaded already: remove it first (python -m bot demo --remove)")
    rng = random.Random(seed)
    names = department_names.listed()
    weights = _weights()
    departments: list[int] = []
    events = vendors = 0
    with transaction(engine) as session:
        for code in DEPARTMENTS:
            name_en, name_hi = names.get(code, (code, code))
            department = Department(name=f"{name_en} (demo)", code=f"{PREFIX}{code}"[:24], created_at=now - timedelta(days=120))
            session.add(department)
            session.flush()
            session.add(DeepLink(code=f"{PREFIX}{code}_link", department_id=department.id, campaign_name=f"{name_hi} — demo", created_at=now - timedelta(days=120)))
            departments.append(department.id)
        session.flush()
        codes = [f"{PREFIX}{code}_link" for code in DEPARTMENTS]
        for n in range(1, sellers + 1):
            events += _seller(session, rng, n, now, codes[rng.randrange(len(codes))], DISTRICTS[rng.choices(range(len(DISTRICTS)), weights)[0]].lgd_code)
        session.flush()
        demo_sellers = session.execute(select(Seller.id, Seller.mobile, Seller.source_code).where(Seller.source_code.like(f"{PREFIX}%"))).all()
        by_link = {code: [row for row in demo_sellers if row.source_code == code] for code in codes}
        for department_id, code in zip(departments, codes):
            for row in by_link[code][: max(1, len(by_link[code]) // 3)]:  # a third of its sellers are on its list too
                session.add(VendorListEntry(department_id=department_id, phone=row.mobile, name=None, created_at=now - timedelta(days=100)))
                vendors += 1
            campaign = Campaign(
                department_id=department_id, name="जेम पंजीकरण — demo", status="done", message_hi="नमस्ते {name}!", message_en="Namaste {name}!",
                audience={"attributed": True}, created_at=now - timedelta(days=60), updated_at=now - timedelta(days=50),
                scheduled_at=now - timedelta(days=59), materialized_at=now - timedelta(days=59), finished_at=now - timedelta(days=58),
                audience_size=len(by_link[code]),
            )
            session.add(campaign)
            session.flush()
            answered = []
            for row in by_link[code]:
                status = rng.choices(("sent", "delivered", "read", "replied", "progressed", "failed"), (10, 35, 25, 15, 10, 5))[0]
                session.add(CampaignRecipient(campaign_id=campaign.id, seller_id=row.id, channel=CHANNEL, external_id=f"demo-{row.id}", language="hi",
                                              status=status, created_at=now - timedelta(days=59), updated_at=now - timedelta(days=58)))
                if status in ("replied", "progressed"):
                    answered.append(row.id)
            session.execute(update(Seller).where(Seller.id.in_(answered)).values(campaign_id=campaign.id))
        session.flush()
        cube.count_where(session.connection(), Seller.source_code.like(f"{PREFIX}%"), +1)
        figures.recount_snapshots(session.connection(), _last_week(now))  # so the scorecard shows a week's change at once
        cube.fold(session.connection())
    figures.count_stops(engine, now, QUIET_AFTER)  # where they stop, without waiting for the worker's hourly count
    return DemoReport(departments=len(departments), sellers=sellers, events=events, vendors=vendors, campaigns=len(departments))


def _seller(session, rng: random.Random, n: int, now: datetime, link: str, district: int) -> int:  # type: ignore[no-untyped-def]
    """Add one demo seller, its identity, state, reminder and stage events; return how many events."""
    stages = ["engaged"]
    for stage in STAGES[1:]:  # each stage is reached by a share of those who reached the one before
        if rng.random() >= REACHED[stage] / REACHED[stages[-1]]:
            break
        stages.append(stage)
    category, offering, trade = TRADES[rng.randrange(len(TRADES))]
    started = now - timedelta(days=rng.uniform(1, 90))
    moments = [started]
    for _ in stages[1:]:
        moments.append(min(now, moments[-1] + timedelta(hours=rng.expovariate(1 / 30))))
    name = f"{FIRST[rng.randrange(len(FIRST))]} {LAST[rng.randrange(len(LAST))]}"
    mobile = f"+9100000{n % 1_000_000:06d}"  # starts 0: no one's real number, so no real seller is ever merged with it
    seller = Seller(
        created_at=started, updated_at=moments[-1], stage=stages[-1], stage_changed_at=moments[-1], language=rng.choice(("hi", "hi", "hi", "en")),
        name=name if len(stages) > 1 else None, business_name=f"{name.split()[-1]} {trade}" if len(stages) > 1 else None,
        district_lgd=district if len(stages) > 1 else None, category=category if len(stages) > 2 else None,
        offering=offering if len(stages) > 2 else None, mobile=mobile, source_code=link, channel=rng.choice(("whatsapp", "whatsapp", "whatsapp", "telegram")), needs_help=rng.random() < 0.04,
        women_owned=rng.random() < 0.2 if len(stages) > 2 else None, sc_st_owned=rng.random() < 0.15 if len(stages) > 2 else None,
    )
    session.add(seller)
    session.flush()
    n = seller.id
    session.add(ChannelIdentity(seller_id=n, channel=CHANNEL, external_id=f"demo-{n}", phone=mobile, reachable=False, created_at=started,
                                last_inbound_at=moments[-1]))
    step = STEP_AT[stages[-1]]
    session.add(ConversationState(seller_id=n, step=step, state={"step": step, "stage": stages[-1], "language": seller.language}, updated_at=moments[-1]))
    session.add(Reminder(seller_id=n, stage=stages[-1], sent=0, last_activity_at=moments[-1], due_at=None, updated_at=moments[-1]))
    previous = None
    for stage, moment in zip(stages, moments):
        session.add(FunnelEvent(seller_id=n, stage=stage, previous_stage=previous, is_test=False, at=moment))
        previous = stage
    if rng.random() < 0.03:
        session.add(CallbackRequest(seller_id=n, step=step, status="open", is_test=False, requested_at=moments[-1], expected_by=moments[-1] + timedelta(days=1)))
    return len(stages)


def _last_week(now: datetime) -> list[date]:
    """Return the eight days up to yesterday, in India time."""
    today = figures.today_in_india(now)
    return [today - timedelta(days=n) for n in range(8, 0, -1)]


def remove(*, engine: Engine) -> DemoReport:
    """Delete every demo seller, department, list, campaign and what hangs off them; real data is not touched."""
    with transaction(engine) as session:
        sellers = select(Seller.id).where(Seller.source_code.like(f"{PREFIX}%")).scalar_subquery()
        departments = select(Department.id).where(Department.code.like(f"{PREFIX}%")).scalar_subquery()
        campaigns = select(Campaign.id).where(Campaign.department_id.in_(departments)).scalar_subquery()
        counted = session.execute(select(func.count()).select_from(Seller).where(Seller.source_code.like(f"{PREFIX}%"))).scalar_one()
        events = session.execute(select(func.count()).select_from(FunnelEvent).where(FunnelEvent.seller_id.in_(sellers))).scalar_one()
        vendors = session.execute(select(func.count()).select_from(VendorListEntry).where(VendorListEntry.department_id.in_(departments))).scalar_one()
        campaign_count = session.execute(select(func.count()).select_from(Campaign).where(Campaign.department_id.in_(departments))).scalar_one()
        department_count = session.execute(select(func.count()).select_from(Department).where(Department.code.like(f"{PREFIX}%"))).scalar_one()
        cube.count_where(session.connection(), Seller.source_code.like(f"{PREFIX}%"), -1)
        session.execute(delete(CampaignRecipient).where(or_(CampaignRecipient.campaign_id.in_(campaigns), CampaignRecipient.seller_id.in_(sellers))))
        session.execute(delete(OutboxMessage).where(or_(OutboxMessage.campaign_id.in_(campaigns), OutboxMessage.seller_id.in_(sellers))))
        session.execute(delete(Campaign).where(Campaign.department_id.in_(departments)))
        for model in (FunnelEvent, ConsentRecord, CallbackRequest, MessageLog, Reminder, ConversationState, ChannelIdentity, LeadNote, Lead):
            session.execute(delete(model).where(model.seller_id.in_(sellers)))
        session.execute(delete(Seller).where(Seller.source_code.like(f"{PREFIX}%")))
        session.execute(delete(VendorListEntry).where(VendorListEntry.department_id.in_(departments)))
        session.execute(delete(VendorImport).where(VendorImport.department_id.in_(departments)))
        session.execute(delete(Lead).where(Lead.department_id.in_(departments)))
        session.execute(delete(LeadNote).where(LeadNote.department_id.in_(departments)))
        session.execute(delete(DeepLink).where(DeepLink.department_id.in_(departments)))
        # People who belonged to a demo department stay (they are real accounts) but lose it; the log keeps its rows without it.
        session.execute(update(StaffAccount).where(StaffAccount.department_id.in_(departments)).values(department_id=None, role="viewer"))
        session.execute(update(AccessLog).where(AccessLog.department_id.in_(departments)).values(department_id=None))
        session.execute(delete(FunnelSnapshot).where(FunnelSnapshot.department_id.in_(departments)))
        session.execute(delete(Department).where(Department.code.like(f"{PREFIX}%")))
        figures.recount_snapshots(session.connection(), _last_week(datetime.now(UTC)))
        cube.fold(session.connection())
    figures.count_stops(engine, datetime.now(UTC), QUIET_AFTER)
    return DemoReport(departments=department_count, sellers=counted, events=events, vendors=vendors, campaigns=campaign_count)
