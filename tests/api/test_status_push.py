"""GeM stages pushed by departments, one seller or a CSV at a time: scope, idempotence, row errors, the access log."""

from __future__ import annotations

from typing import get_args

import pytest
from sqlmodel import Session, select

from api.department_schemas import PushableStage
from bot.engine.conversation import PUSHABLE_STAGES
from bot.engine.model import Inbound
from bot.services.seller_status import MAX_IMPORT_BYTES
from bot.store.models import ConversationState, FunnelEvent, OutboxMessage, Seller
from tests.api.department_helpers import access_log, bearer, department, seller
from tests.api.helpers import TO_PAN_STEP, say

TO_CHECKLIST = [*TO_PAN_STEP, "bnzpm2501f", "09BNZPM2501F1ZS", "haan", "हाँ", "ramesh@example.in"]


def test_the_api_offers_exactly_the_stages_the_engine_takes() -> None:
    assert get_args(PushableStage) == PUSHABLE_STAGES


def _funnel(db, seller_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with Session(db) as session:
        return list(session.exec(select(FunnelEvent.stage).where(FunnelEvent.seller_id == seller_id).order_by(FunnelEvent.id)))


# --------------------------------------------------------------------------- one seller


def test_a_pushed_stage_moves_the_seller_on_and_congratulates_them(client, db) -> None:  # type: ignore[no-untyped-def]
    dept = department(db, "dic_lucknow")
    staff = bearer(db, dept)
    seller_id = seller(client, db, "ramesh", "+919811111111", "dic_lucknow_link", TO_CHECKLIST)

    response = client.post(f"/api/v1/sellers/{seller_id}/status", json={"stage": "gem_account", "gem_seller_id": "GEM/123"}, headers=staff)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {k: body[k] for k in ("seller_id", "stage", "step", "changed")} == {
        "seller_id": seller_id, "stage": "gem_account", "step": "gem_profile", "changed": True,
    }
    assert body["replies"] and "🎉" in body["replies"][0]["text"]
    with Session(db) as session:
        row = session.get(Seller, seller_id)
        assert row.stage == "gem_account"
        assert session.get(ConversationState, seller_id).step == "gem_profile"
    assert _funnel(db, seller_id)[-1] == "gem_account"

    again = client.post(f"/api/v1/sellers/{seller_id}/status", json={"stage": "gem_account"}, headers=staff)
    assert again.status_code == 200
    assert again.json()["changed"] is False and again.json()["replies"] == [] and again.json()["step"] == "gem_profile"
    assert _funnel(db, seller_id).count("gem_account") == 1

    log = access_log(db)
    assert [action for _, action, _ in log] == ["seller.status", "seller.status"]
    assert log[0][2] == f"seller {seller_id} gem_account changed" and log[1][2].endswith("unchanged")


def test_a_seller_on_whatsapp_gets_the_congratulation_through_the_outbox_once(client, db) -> None:  # type: ignore[no-untyped-def]
    runner = client.app.state.saathi.runner
    runner.handle(channel="whatsapp", external_id="+919833333333", inbound=Inbound(kind="text", text="hi", phone="+919833333333"))
    runner.handle(channel="whatsapp", external_id="+919833333333", inbound=Inbound(kind="button", button="ask_language:en", phone="+919833333333"))
    with Session(db) as session:
        seller_id = session.exec(select(Seller.id)).one()
        before = len(session.exec(select(OutboxMessage)).all())
    admin = bearer(db, None)
    assert client.post(f"/api/v1/sellers/{seller_id}/status", json={"stage": "catalogue_listed"}, headers=admin).json()["changed"] is True
    assert client.post(f"/api/v1/sellers/{seller_id}/status", json={"stage": "catalogue_listed"}, headers=admin).json()["changed"] is False
    with Session(db) as session:
        status_rows = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "status")).all()
        assert len(session.exec(select(OutboxMessage)).all()) > before
    assert status_rows and all(row.seller_id == seller_id and row.channel == "whatsapp" for row in status_rows)
    assert "🎉" in status_rows[0].payload["text"]
    assert {status_rows[0].payload["to"]} == {"+919833333333"}
    assert _funnel(db, seller_id)[-1] == "catalogue_listed"


@pytest.mark.parametrize(
    ("label", "stage"),
    [("earlier stage", "documents_ready"), ("unknown stage", "registered"), ("empty", ""), ("missing", None)],
)
def test_a_stage_that_cannot_be_pushed_is_422(client, db, label, stage) -> None:  # type: ignore[no-untyped-def]
    admin = bearer(db, None)
    seller_id = seller(client, db, "s", "+919811111111", None)
    body = {} if stage is None else {"stage": stage}
    assert client.post(f"/api/v1/sellers/{seller_id}/status", json=body, headers=admin).status_code == 422, label
    assert access_log(db) == []


def test_unknown_erased_and_other_departments_sellers_are_404(client, db) -> None:  # type: ignore[no-untyped-def]
    a, b = department(db, "dept_a"), department(db, "dept_b")
    staff_a, staff_b, admin = bearer(db, a), bearer(db, b), bearer(db, None)
    of_a = seller(client, db, "a", "+919811111111", "dept_a_link")
    of_nobody = seller(client, db, "n", "+919822222222", None)
    of_unknown_code = seller(client, db, "u", "+919844444444", "not_a_link")
    for seller_id in (of_a, of_nobody, of_unknown_code, 9999):
        response = client.post(f"/api/v1/sellers/{seller_id}/status", json={"stage": "gem_account"}, headers=staff_b)
        assert response.status_code == 404, seller_id
    assert _funnel(db, of_a)[-1] == "consented"
    assert client.post(f"/api/v1/sellers/{of_a}/status", json={"stage": "gem_account"}, headers=staff_a).status_code == 200
    assert client.post(f"/api/v1/sellers/{of_nobody}/status", json={"stage": "gem_account"}, headers=admin).status_code == 200
    assert client.post("/api/v1/sellers/9999/status", json={"stage": "gem_account"}, headers=admin).status_code == 404

    say(client, "a", "erase", phone="+919811111111")
    say(client, "a", button="confirm_erase:yes", phone="+919811111111")
    with Session(db) as session:
        assert session.get(Seller, of_a).erased_at is not None
    assert client.post(f"/api/v1/sellers/{of_a}/status", json={"stage": "catalogue_listed"}, headers=staff_a).status_code == 404
    assert client.post(f"/api/v1/sellers/{of_a}/status", json={"stage": "catalogue_listed"}, headers=admin).status_code == 404


def test_status_push_needs_a_token(client, db) -> None:  # type: ignore[no-untyped-def]
    seller_id = seller(client, db, "s", "+919811111111", None)
    assert client.post(f"/api/v1/sellers/{seller_id}/status", json={"stage": "gem_account"}).status_code == 401
    assert client.post("/api/v1/sellers/status-import", files={"file": ("s.csv", b"phone,stage\n")}).status_code == 401


# --------------------------------------------------------------------------- CSV import


def _import(client, headers, data: bytes, name: str = "status.csv"):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/sellers/status-import", files={"file": (name, data, "text/csv")}, headers=headers)


def test_a_csv_applies_good_rows_and_labels_each_bad_row(client, db) -> None:  # type: ignore[no-untyped-def]
    a, _ = department(db, "dept_a"), department(db, "dept_b")
    staff_a = bearer(db, a)
    first = seller(client, db, "one", "+919811111111", "dept_a_link")
    second = seller(client, db, "two", "+919822222222", "dept_a_link")
    of_b = seller(client, db, "three", "+919833333333", "dept_b_link")
    csv_text = (
        "Phone,Stage,gem_seller_id\n"                 # row 1
        "98111 11111,gem_account,GEM/1\n"             # row 2: spaces in the number
        "+91-98222-22222,Catalogue Listed,\n"         # row 3: dashes, words for the stage
        "12345,gem_account,\n"                        # row 4: not a mobile
        "९८११११११११,registered,\n"                    # row 5: Devanagari digits, bad stage
        "9833333333,gem_account,\n"                   # row 6: department B's seller
        "9899999999,gem_account,\n"                   # row 7: nobody's
        ",,\n"                                        # row 8: blank, skipped
        ",gem_account,\n"                             # row 9: no phone
        "09811111111,gem_account,\n"                  # row 10: same seller again: unchanged
    )
    response = _import(client, staff_a, csv_text.encode())
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["rows"], report["updated"], report["unchanged"]) == (8, 2, 1)
    errors = {e["row"]: e["error"] for e in report["errors"]}
    assert sorted(errors) == [4, 5, 6, 7, 9]
    assert "mobile" in errors[4] and "stage" in errors[5] and "registered" in errors[5] and "phone is empty" == errors[9]
    assert errors[6] == errors[7]  # another department's seller reads exactly like an unknown number
    assert _funnel(db, first)[-1] == "gem_account"
    assert _funnel(db, second)[-1] == "catalogue_listed"
    assert _funnel(db, of_b)[-1] == "consented"

    again = _import(client, staff_a, csv_text.encode()).json()
    assert (again["updated"], again["unchanged"]) == (0, 3)
    assert _funnel(db, first).count("gem_account") == 1

    log = access_log(db)
    assert [action for _, action, _ in log] == ["sellers.status_import", "sellers.status_import"]
    assert log[0][2] == f"rows 8 updated 2 unchanged 1 errors 5; sellers {first},{second}"
    assert "98111" not in "".join(detail for _, _, detail in log)


def test_an_admin_imports_for_every_department(client, db) -> None:  # type: ignore[no-untyped-def]
    department(db, "dept_a")
    of_a = seller(client, db, "one", "+919811111111", "dept_a_link")
    of_nobody = seller(client, db, "two", "+919822222222", None)
    report = _import(client, bearer(db, None), b"phone,stage\n9811111111,gem_account\n9822222222,gem_account\n").json()
    assert (report["updated"], report["errors"]) == (2, [])
    assert _funnel(db, of_a)[-1] == _funnel(db, of_nobody)[-1] == "gem_account"


def test_an_excel_windows_1252_file_with_semicolons_is_read(client, db) -> None:  # type: ignore[no-untyped-def]
    department(db, "dept_a")
    of_a = seller(client, db, "one", "+919811111111", "dept_a_link")
    data = "phone;stage;gem_seller_id\r\n9811111111;gem_account;Shri Ram Traders – Lucknow\r\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    report = _import(client, bearer(db, None), data).json()
    assert (report["rows"], report["updated"], report["errors"]) == (1, 1, [])
    assert _funnel(db, of_a)[-1] == "gem_account"


def test_a_utf8_file_with_a_byte_order_mark_is_read(client, db) -> None:  # type: ignore[no-untyped-def]
    of_a = seller(client, db, "one", "+919811111111", None)
    report = _import(client, bearer(db, None), "\ufeffphone,stage\n९८११११११११,gem_account\n".encode()).json()
    assert (report["rows"], report["updated"]) == (1, 1)
    assert _funnel(db, of_a)[-1] == "gem_account"


@pytest.mark.parametrize(
    ("label", "data", "status", "says"),
    [
        ("too large", b"phone,stage\n" + b"9811111111,gem_account\n" * (MAX_IMPORT_BYTES // 20), 413, "5 MB"),
        ("xlsx workbook", b"PK\x03\x04" + b"\x00" * 100, 400, "Excel"),
        ("binary", b"phone,stage\n\x00\x01\x02", 400, "text"),
        ("not utf-8 nor cp1252", b"phone,stage\n\x81\x8d\x8f\x90\x9d", 400, "UTF-8"),
        ("empty", b"", 400, "empty"),
        ("wrong header", b"mobile,status\n9811111111,gem_account\n", 400, "phone"),
    ],
)
def test_an_unreadable_file_is_refused_whole(client, db, label, data, status, says) -> None:  # type: ignore[no-untyped-def]
    response = _import(client, bearer(db, None), data)
    assert response.status_code == status, label
    assert says in response.json()["detail"], label
    assert access_log(db) == []


def test_the_gem_seller_id_is_kept_and_erased_with_the_seller(client, db) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import Session, select

    from bot.store.models import Seller
    from tests.api.department_helpers import bearer
    from tests.api.helpers import walk

    walk(client, "gem1", ["hi", "[ask_language:hi]", "[ask_consent:yes]", "Sita"])
    with Session(db) as session:
        seller_id = session.exec(select(Seller.id)).one()
    response = client.post(f"/api/v1/sellers/{seller_id}/status", json={"stage": "gem_account", "gem_seller_id": "GEM-UP-778899"}, headers=bearer(db, None))
    assert response.status_code == 200
    with Session(db) as session:
        assert session.get(Seller, seller_id).gem_seller_id == "GEM-UP-778899"
    walk(client, "gem1", ["erase my data", "[confirm_erase:yes]"])
    with Session(db) as session:
        assert session.get(Seller, seller_id).gem_seller_id is None
