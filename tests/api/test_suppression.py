"""The suppression list: numbers erased at their owner's request stay off vendor lists until that person comes back and consents."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from bot.engine.model import Inbound
from bot.services.suppression import suppress
from bot.services.vendor_lists import SUPPRESSED
from bot.store.digests import phone_digest
from bot.store.models import Seller, SuppressedPhone, VendorListEntry
from bot.turn import Runner
from tests.api.campaign_helpers import NOW, pin_clock
from tests.api.department_helpers import CONSENTED, bearer, department, upload_vendors
from tests.api.helpers import all_stored_text, say, walk

PHONE = "+919812345678"  # the simulator's number, as the seller's channel gives it
TYPED = "+919800000001"  # a number the seller typed as their mobile


@pytest.fixture
def api(client):  # type: ignore[no-untyped-def]
    pin_clock(client)
    return client


def _erase(client, user: str, phone: str = PHONE) -> None:  # type: ignore[no-untyped-def]
    walk(client, user, [*CONSENTED, "मेरा डेटा हटाओ"], phone=phone)
    assert say(client, user, button="confirm_erase:yes", phone=phone)["profile"]["name"] is None


def _suppressed(db) -> dict[str, tuple[str, object]]:  # type: ignore[no-untyped-def]
    with Session(db) as session:
        return {row.phone_digest: (row.reason, row.suppressed_at) for row in session.exec(select(SuppressedPhone))}


def _vendor_phones(db, department_id: int) -> set[str]:  # type: ignore[no-untyped-def]
    with Session(db) as session:
        return set(session.exec(select(VendorListEntry.phone).where(VendorListEntry.department_id == department_id)))


def test_erasing_lists_every_number_of_the_seller_as_a_digest_only(api, db, env) -> None:  # type: ignore[no-untyped-def]
    a = department(db, "dept_a")
    upload_vendors(api, bearer(db, a), b"phone\n9812345678\n9800000001\n9811111210\n")
    walk(api, "u1", CONSENTED, phone=PHONE)
    with db.begin() as conn:
        conn.execute(update(Seller).values(mobile=TYPED))  # typed later in the journey, unlike the channel's number
    _erase(api, "u1")

    assert _suppressed(db) == {phone_digest(env.pan_digest, PHONE): ("erased", NOW), phone_digest(env.pan_digest, TYPED): ("erased", NOW)}
    assert _vendor_phones(db, a) == {"+919811111210"}  # both numbers left the department's list too
    stored = all_stored_text(db)
    for number in ("9812345678", "9800000001"):
        assert number not in stored
    assert phone_digest(env.pan_digest, PHONE) != env.pan_digest(PHONE)  # labelled: not the bare keyed digest


def test_a_reupload_refuses_the_erased_number_and_imports_the_rest(api, db) -> None:  # type: ignore[no-untyped-def]
    a = department(db, "dept_a")
    staff = bearer(db, a)
    _erase(api, "u1")
    csv_text = "phone,name\n9811111210,Ramesh\n98123 45678,Erased Person\n12345,Bad\n9822222210,Sita\n"
    response = upload_vendors(api, staff, csv_text.encode())
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["rows"], report["added"], report["suppressed"]) == (4, 2, 1)
    assert [e["row"] for e in report["errors"]] == [3, 4]
    assert report["errors"][0]["error"] == SUPPRESSED and "asked not to be contacted" in SUPPRESSED
    assert _vendor_phones(db, a) == {"+919811111210", "+919822222210"}
    assert "Erased Person" not in all_stored_text(db)


def test_erasing_twice_and_two_sellers_with_one_number_are_fine(api, db, env) -> None:  # type: ignore[no-untyped-def]
    _erase(api, "u1")
    _erase(api, "u2")  # another simulated seller with the same number
    _erase(api, "u1")  # the first one again, as a new seller
    with Session(db) as session:
        assert len(session.exec(select(Seller).where(Seller.erased_at.is_not(None))).all()) == 3
    assert list(_suppressed(db)) == [phone_digest(env.pan_digest, PHONE)]


def test_coming_back_and_consenting_lifts_the_suppression(api, db) -> None:  # type: ignore[no-untyped-def]
    a = department(db, "dept_a")
    staff = bearer(db, a)
    _erase(api, "u1")
    walk(api, "u1", ["hi", "[ask_language:hi]"], phone=PHONE)
    assert len(_suppressed(db)) == 1  # writing again is not yet consent
    say(api, "u1", button="ask_consent:yes", phone=PHONE)
    assert _suppressed(db) == {}
    assert upload_vendors(api, staff, b"phone\n9812345678\n").json()["added"] == 1


def test_on_telegram_a_shared_own_contact_lifts_it_and_a_typed_number_does_not(db, env) -> None:  # type: ignore[no-untyped-def]
    with db.begin() as conn:
        suppress(conn, env.pan_digest, [PHONE], NOW)
    runner = Runner(db, env)

    def send(chat: str, inbound: Inbound) -> None:
        runner.handle(channel="telegram", external_id=chat, inbound=inbound)

    def consent(chat: str) -> None:
        for inbound in (Inbound(text="/start"), Inbound(kind="button", button="ask_language:hi"), Inbound(kind="button", button="ask_consent:yes")):
            send(chat, inbound)

    consent("4242")
    assert len(_suppressed(db)) == 1  # consented, but Telegram has not told us a number
    with db.begin() as conn:
        conn.execute(update(Seller).values(mobile=PHONE))  # typed as their mobile: anyone can type anyone's number
    send("4242", Inbound(kind="contact", phone="+919877777777"))  # their own number is another
    assert len(_suppressed(db)) == 1
    consent("4343")
    send("4343", Inbound(kind="contact", phone=PHONE))  # the owner of the number, as Telegram vouches
    assert _suppressed(db) == {}


def test_uploaded_rows_carry_the_digest_campaigns_match_on(api, db, env) -> None:  # type: ignore[no-untyped-def]
    a = department(db, "dept_a")
    staff = bearer(db, a)
    with db.begin() as conn:  # a row from before digests were stored
        conn.execute(VendorListEntry.__table__.insert().values(department_id=a, phone="+919822222210", created_at=NOW))
    upload_vendors(api, staff, b"phone\n9811111210\n9822222210\n")
    with Session(db) as session:
        digests = dict(session.exec(select(VendorListEntry.phone, VendorListEntry.phone_digest)).all())
    assert digests == {number: phone_digest(env.pan_digest, number) for number in ("+919811111210", "+919822222210")}

    with db.begin() as conn:  # erased while the row was being uploaded: the row exists, the number is suppressed
        suppress(conn, env.pan_digest, ["+919811111210"], NOW)
    body = {"name": "Vendors", "audience": {"vendor_list": True}, "message_hi": "नमस्ते! जेम पर पंजीकरण करें।", "message_en": "Namaste! Register on GeM."}
    campaign_id = api.post("/api/v1/campaigns", json=body, headers=staff).json()["id"]
    preview = api.get(f"/api/v1/campaigns/{campaign_id}/preview", headers=staff).json()
    assert (preview["audience"], preview["by_channel"]["first_contact"]) == (1, 1)


def test_a_telegram_seller_who_never_gave_a_number_erases_without_suppressing_anything(db, env) -> None:  # type: ignore[no-untyped-def]
    runner = Runner(db, env)
    for inbound in (Inbound(text="/start"), Inbound(kind="button", button="ask_language:en"), Inbound(kind="button", button="ask_consent:yes"),
                    Inbound(text="erase my data"), Inbound(kind="button", button="confirm_erase:yes")):
        handled = runner.handle(channel="telegram", external_id="4242", inbound=inbound)
    assert handled.seller.erased_at is not None
    assert _suppressed(db) == {}  # a Telegram chat id is not a phone number
