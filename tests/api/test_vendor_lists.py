"""Vendor lists: CSV and Excel uploads with messy phones, upserts per department, masked listings, the access log."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from sqlmodel import Session, select

from bot.engine.validators import InvalidInput, find_mobile
from bot.services.vendor_lists import MAX_UPLOAD_BYTES, mask_phone, normalise_mobile
from bot.store.models import VendorListEntry
from tests.api.campaign_helpers import AGRA, LUCKNOW, pin_clock
from tests.api.department_helpers import access_log, bearer, department, upload_vendors

FULL_NUMBER = re.compile(r"(?:\+?91[\s-]?)?[6-9]\d{9}")


@pytest.fixture
def api(client):  # type: ignore[no-untyped-def]
    pin_clock(client)
    return client


def _stored(db, department_id: int) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    with Session(db) as session:
        entries = session.exec(select(VendorListEntry).where(VendorListEntry.department_id == department_id)).all()
    return {e.phone: (e.name, e.business_name, e.district_lgd, e.category) for e in entries}


def test_a_csv_with_messy_phones_adds_good_rows_and_labels_bad_ones(api, db) -> None:  # type: ignore[no-untyped-def]
    a = department(db, "dept_a")
    staff = bearer(db, a)
    csv_text = (
        "मोबाइल,नाम,Business_Name,ज़िला,CATEGORY\n"             # row 1: Hindi and odd-case headers
        "९८१११११२१०,रमेश,श्री राम ट्रेडर्स,लखनऊ,Cleaning\n"   # row 2: Devanagari digits
        "+91-98222-22210,Sita,Sita Caterers,agra,catering\n"  # row 3: +91- and dashes
        " 98333 33210 ,,,,\n"                                 # row 4: spaces, nothing else
        "12345,Nobody,,,\n"                                   # row 5: not a mobile
        ",Blank phone,,,\n"                                   # row 6: no phone
        "098444 44210,Gita,,Kanpur,\n"                        # row 7: unclear district
        "9822222210,Sita again,,,\n"                          # row 8: same phone as row 3
        ",,,,\n"                                              # row 9: empty, skipped
        "9855555210,Mohan,,Atlantis,\n"                       # row 10: no such district
    )
    response = upload_vendors(api, staff, csv_text.encode())
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["department_id"], report["rows"], report["added"], report["updated"], report["unchanged"]) == (a, 8, 3, 0, 0)
    errors = {e["row"]: e["error"] for e in report["errors"]}
    assert sorted(errors) == [5, 6, 7, 8, 10]
    assert "mobile" in errors[5] and errors[6] == "phone is empty"
    assert "Kanpur Nagar" in errors[7] and "Kanpur Dehat" in errors[7]
    assert "row 3" in errors[8] and "Atlantis" in errors[10]
    assert _stored(db, a) == {
        "+919811111210": ("रमेश", "श्री राम ट्रेडर्स", LUCKNOW, "cleaning"),
        "+919822222210": ("Sita", "Sita Caterers", AGRA, "catering"),
        "+919833333210": (None, None, None, None),
    }

    # The same file again adds nothing; a blank cell leaves what is stored; a new value replaces it.
    again = upload_vendors(api, staff, csv_text.encode()).json()
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 3)
    changed = upload_vendors(api, staff, "phone,name,district\n9833333210,Naya Naam,\n9811111210,,Agra\n".encode()).json()
    assert (changed["added"], changed["updated"], changed["unchanged"], changed["errors"]) == (0, 2, 0, [])
    stored = _stored(db, a)
    assert stored["+919833333210"][0] == "Naya Naam"
    assert stored["+919811111210"] == ("रमेश", "श्री राम ट्रेडर्स", AGRA, "cleaning")

    log = [(action, detail) for _, action, detail in access_log(db)]
    assert [action for action, _ in log] == ["vendor_list.upload"] * 3
    assert log[0][1] == f"department {a} rows 8 added 3 updated 0 unchanged 0 errors 5"


def test_an_excel_workbook_is_read(api, db) -> None:  # type: ignore[no-untyped-def]
    a = department(db, "dept_a")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Phone", "Name", "District", "Business Name"])
    sheet.append([9811111210, "Ramesh", "Lucknow", "Ram Traders"])     # a number, as Excel keeps it
    sheet.append([9822222210.0, "Sita", 118, None])                    # a float, an LGD code
    sheet.append(["+91 98333 33210", None, None, None])
    sheet.append([None, None, None, None])
    sheet.append(["not a phone", "X", None, None])
    out = io.BytesIO()
    workbook.save(out)
    report = upload_vendors(api, bearer(db, a), out.getvalue(), name="vendors.xlsx").json()
    assert (report["rows"], report["added"], [e["row"] for e in report["errors"]]) == (4, 3, [6])
    assert _stored(db, a) == {
        "+919811111210": ("Ramesh", "Ram Traders", LUCKNOW, None),
        "+919822222210": ("Sita", None, AGRA, None),
        "+919833333210": (None, None, None, None),
    }


def test_a_windows_1252_file_with_semicolons_is_read(api, db) -> None:  # type: ignore[no-untyped-def]
    a = department(db, "dept_a")
    data = "Phone;Name;Business_name\r\n9811111210;José;Shri Ram Traders – Lucknow\r\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    report = upload_vendors(api, bearer(db, None), data, department_id=a).json()
    assert (report["added"], report["errors"]) == (1, [])
    assert _stored(db, a)["+919811111210"][:2] == ("José", "Shri Ram Traders – Lucknow")


@pytest.mark.parametrize(
    ("label", "data", "status", "says"),
    [
        ("too large", b"phone\n" + b"9811111210\n" * (MAX_UPLOAD_BYTES // 11 + 1), 413, "5 MB"),
        ("no phone column", b"name,district\nRamesh,Lucknow\n", 400, "phone"),
        ("old .xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, 400, ".xls"),
        ("broken workbook", b"PK\x03\x04" + b"\x00" * 100, 400, "Excel"),
        ("binary", b"phone\n\x00\x01\x02", 400, "CSV"),
        ("empty", b"", 400, "empty"),
    ],
)
def test_an_unreadable_file_is_refused_whole(api, db, label, data, status, says) -> None:  # type: ignore[no-untyped-def]
    a = department(db, "dept_a")
    response = upload_vendors(api, bearer(db, a), data)
    assert response.status_code == status, label
    assert says in response.json()["detail"], label
    assert _stored(db, a) == {} and access_log(db) == []


def test_who_may_upload_for_which_department(api, db) -> None:  # type: ignore[no-untyped-def]
    a, b = department(db, "dept_a"), department(db, "dept_b")
    staff_a, admin = bearer(db, a), bearer(db, None)
    data = b"phone\n9811111210\n"
    assert upload_vendors(api, staff_a, data, department_id=b).status_code == 403
    missing = upload_vendors(api, admin, data)
    assert missing.status_code == 422 and "department_id" in missing.json()["detail"][0]["msg"]
    assert upload_vendors(api, admin, data, department_id=9999).status_code == 404
    assert upload_vendors(api, admin, data, department_id=b).json()["added"] == 1
    assert upload_vendors(api, staff_a, data, department_id=a).json()["added"] == 1  # the same vendor, on each list
    assert set(_stored(db, a)) == set(_stored(db, b)) == {"+919811111210"}
    assert api.post("/api/v1/vendor-lists", files={"file": ("v.csv", data)}).status_code == 401


def test_lists_show_counts_and_only_masked_phones(api, db) -> None:  # type: ignore[no-untyped-def]
    a, b = department(db, "dept_a"), department(db, "dept_b")
    staff_a, staff_b, admin = bearer(db, a), bearer(db, b), bearer(db, None)
    upload_vendors(api, staff_a, "phone,name,district\n9811111210,Ramesh,Lucknow\n+91 98222 22210,Sita,\n".encode())
    upload_vendors(api, staff_b, b"phone\n9833333210\n")

    response = api.get("/api/v1/vendor-lists", headers=staff_a)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["department_id"], body["count"]) == (a, 2)
    assert [v["phone"] for v in body["preview"]] == ["+91 98XXX XX210", "+91 98XXX XX210"]
    assert body["preview"][1]["name"] == "Ramesh" and body["preview"][1]["district"]["name_en"] == "Lucknow"
    assert not FULL_NUMBER.search(response.text)

    assert api.get("/api/v1/vendor-lists", headers=staff_b).json()["count"] == 1
    assert api.get(f"/api/v1/vendor-lists?department_id={a}", headers=staff_b).status_code == 404
    everyone = api.get("/api/v1/vendor-lists?limit=1", headers=admin)
    assert (everyone.json()["department_id"], everyone.json()["count"], len(everyone.json()["preview"])) == (None, 3, 1)
    assert not FULL_NUMBER.search(everyone.text)
    assert api.get(f"/api/v1/vendor-lists?department_id={b}", headers=admin).json()["count"] == 1

    previews = [detail for _, action, detail in access_log(db) if action == "vendor_list.preview"]
    assert previews[0] == f"department {a} count 2 shown 2" and len(previews) == 4
    assert not FULL_NUMBER.search(" ".join(detail for _, _, detail in access_log(db)))


@pytest.mark.parametrize(
    "cell",
    ["9811111210", "+91 98111 11210", "+91-98111-11210", "09811111210", "919811111210", "(98111) 11210", "९८१११११२१०",
     "9811111210.0", "Mob: 9811111210", "7914177763", "6000000000", "12345", "+1 415 523 8886", "98111112100", ""],
)
def test_the_quick_phone_reading_agrees_with_find_mobile(cell: str) -> None:
    def read(reader):  # type: ignore[no-untyped-def]
        try:
            return reader(cell)
        except InvalidInput:
            return None

    assert read(normalise_mobile) == read(find_mobile)


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("+919812345210", "+91 98XXX XX210"), ("+916000000001", "+91 60XXX XX001"), ("garbage", "XXXXX XXXXX")],
)
def test_masking(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_a_vendor_campaign_reaches_uploaded_vendors_by_whatsapp_template_only(api, db) -> None:  # type: ignore[no-untyped-def]
    a = department(db, "dept_a")
    staff = bearer(db, a)
    upload_vendors(api, staff, "phone,district\n9811111210,Lucknow\n9822222210,Agra\n".encode())
    body = {
        "name": "Vendors in Lucknow",
        "audience": {"vendor_list": True, "districts": ["Lucknow"]},
        "message_hi": "नमस्ते! जेम पर पंजीकरण करें।",
        "message_en": "Namaste! Register on GeM.",
    }
    campaign_id = api.post("/api/v1/campaigns", json=body, headers=staff).json()["id"]
    preview = api.get(f"/api/v1/campaigns/{campaign_id}/preview", headers=staff).json()
    assert (preview["audience"], preview["by_channel"]["first_contact"], preview["reachable"]) == (1, 1, 0)
    sids = {"hi": "HX0123456789abcdef0123456789abcdef", "en": "HXfedcba9876543210fedcba9876543210"}
    api.patch(f"/api/v1/campaigns/{campaign_id}", json={"template_sids": sids}, headers=staff)
    preview = api.get(f"/api/v1/campaigns/{campaign_id}/preview", headers=staff).json()
    assert (preview["reachable"], preview["reachable_by_channel"]["whatsapp"], preview["unreachable"]) == (1, 1, [])
