"""The vendor-list page: upload with progress, findings row by row in the user's language, templates, the CLI import."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.services import vendor_imports
from bot.services.suppression import suppress
from bot.services.vendor_lists import upload_vendor_list
from bot.store.db import transaction
from bot.store.models import VendorImport, VendorListEntry
from tests.api.campaign_helpers import NOW, pin_clock
from tests.api.staff_helpers import account, csrf, department, sign_in

GOOD_AND_BAD = (
    "mobile,name,district\n"
    "9876543210,Ramesh Kumar,Lucknow\n"
    "12345,Bad Number,Agra\n"
    "9876543211,Sita Devi,Atlantis\n"
    "9876543210,Ramesh Again,Lucknow\n"
    "9876543299,Erased Person,Varanasi\n"
)


def _upload(client, data: bytes, name: str = "vendors.csv", department_id: int | None = None):  # type: ignore[no-untyped-def]
    form = {"csrf_token": csrf(client, "/vendors"), "department_id": str(department_id or "")}
    return client.post("/vendors", data=form, files={"file": (name, data, "text/csv")}, follow_redirects=False)


def _finished(client, location: str) -> str:  # type: ignore[no-untyped-def]
    for _ in range(100):
        page = client.get(location)
        if 'data-testid="import-summary"' in page.text or 'data-testid="import-failed"' in page.text:
            return page.text
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


def test_an_upload_reports_each_refused_row_in_hindi(client, db, env) -> None:  # type: ignore[no-untyped-def]
    pin_clock(client)
    pwd = department(db, "pwd")
    account(db, "staff@pwd.up.gov.in", department_id=pwd, language="hi")
    with transaction(db) as session:
        suppress(session.connection(), env.pan_digest, ["+919876543299"], NOW)
    sign_in(client, "staff@pwd.up.gov.in")
    response = _upload(client, GOOD_AND_BAD.encode())
    assert response.status_code == 303 and response.headers["location"].startswith("/vendors/imports/")
    page = _finished(client, response.headers["location"])
    assert 'data-testid="import-added">1<' in page and 'data-testid="import-refused">4<' in page
    assert "भारतीय मोबाइल नंबर नहीं" in page  # bad mobile
    assert "उत्तर प्रदेश का जिला नहीं" in page  # unknown district
    assert "पंक्ति 2 वाला ही नंबर" in page  # the duplicate
    assert "संपर्क न करने" in page  # the suppressed number
    with Session(db) as session:
        assert [v.phone for v in session.exec(select(VendorListEntry))] == ["+919876543210"]
    listing = client.get("/vendors").text
    assert "Ramesh Kumar" in listing and "+91 98XXX XX210" in listing and "+919876543210" not in listing


def test_a_file_that_cannot_be_read_says_how_to_save_it(client, db) -> None:  # type: ignore[no-untyped-def]
    pwd = department(db, "pwd")
    account(db, "staff@pwd.up.gov.in", department_id=pwd, language="en")
    sign_in(client, "staff@pwd.up.gov.in")
    response = _upload(client, b"\xd0\xcf\x11\xe0 old excel", "old.xls")
    page = _finished(client, response.headers["location"])
    assert "save it as .xlsx" in page
    big = _upload(client, b"x" * (5 * 1024 * 1024 + 1))
    assert big.status_code == 413 and "larger than 5 MB" in big.text


def test_another_departments_upload_is_not_found(client, db) -> None:  # type: ignore[no-untyped-def]
    pwd, health = department(db, "pwd"), department(db, "health")
    account(db, "staff@pwd.up.gov.in", department_id=pwd)
    account(db, "staff@health.up.gov.in", department_id=health)
    sign_in(client, "staff@health.up.gov.in")
    theirs = _upload(client, b"mobile\n9876543210\n").headers["location"]
    client.cookies.clear()
    sign_in(client, "staff@pwd.up.gov.in")
    assert client.get(theirs).status_code == 404
    assert _upload(client, b"mobile\n9876543210\n", department_id=health).headers["location"] != theirs  # staff upload to their own only
    with Session(db) as session:
        departments_written = {row.department_id for row in session.exec(select(VendorImport))}
    assert departments_written == {pwd, health}


def test_templates_name_the_columns_in_the_pages_language(client, db) -> None:  # type: ignore[no-untyped-def]
    pwd = department(db, "pwd")
    account(db, "staff@pwd.up.gov.in", department_id=pwd, language="hi")
    sign_in(client, "staff@pwd.up.gov.in")
    csv_file = client.get("/vendors/template.csv")
    assert csv_file.status_code == 200 and csv_file.text.lstrip("\ufeff").startswith("मोबाइल,नाम")
    xlsx = client.get("/vendors/template.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # The template, filled in, is accepted as it is.
    report = upload_vendor_list(engine=db, department_id=pwd, data=csv_file.content, now=NOW, keyed=lambda s: s)
    assert report.added == 1 and report.errors == []


def test_progress_is_reported_while_reading_and_saving(db) -> None:  # type: ignore[no-untyped-def]
    pwd = department(db, "pwd")
    rows = "mobile\n" + "".join(f"98{n:08d}\n" for n in range(5000))
    seen: list[tuple[str, int, int]] = []
    report = upload_vendor_list(engine=db, department_id=pwd, data=rows.encode(), now=NOW, keyed=lambda s: s,
                                progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert report.added == 5000
    assert ("reading", 2000, 0) in seen and ("reading", 4000, 0) in seen
    assert seen[-1] == ("saving", 5000, 5000) and ("saving", 0, 5000) in seen


def test_an_app_that_stops_lets_an_upload_it_is_applying_finish(db, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from api.main import create_app

    real = vendor_imports.upload_vendor_list

    def slow(**kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        return real(**kwargs)

    monkeypatch.setattr(vendor_imports, "upload_vendor_list", slow)
    pwd = department(db, "pwd")
    account(db, "staff@pwd.up.gov.in", department_id=pwd, language="en")
    with TestClient(create_app(settings)) as client:
        sign_in(client, "staff@pwd.up.gov.in")
        assert _upload(client, b"mobile\n9876543210\n").status_code == 303
    with Session(db) as session:  # the app has stopped: its upload is done, not left running
        job = session.exec(select(VendorImport)).one()
        assert (job.status, job.added) == ("done", 1)
        assert [v.phone for v in session.exec(select(VendorListEntry))] == ["+919876543210"]


def test_an_import_whose_process_died_says_to_upload_again(client, db) -> None:  # type: ignore[no-untyped-def]
    pin_clock(client)
    pwd = department(db, "pwd")
    account(db, "staff@pwd.up.gov.in", department_id=pwd, language="en")
    with transaction(db) as session:
        session.add(VendorImport(department_id=pwd, file_name="big.csv", created_at=NOW - timedelta(minutes=10), updated_at=NOW - timedelta(minutes=10)))
    sign_in(client, "staff@pwd.up.gov.in")
    with Session(db) as session:
        job = session.exec(select(VendorImport)).one()
    page = client.get(f"/vendors/imports/{job.id}").text
    assert 'data-testid="import-interrupted"' in page and "every 1s" not in page
    assert vendor_imports.interrupted(job, NOW)


def test_the_command_line_imports_with_a_progress_bar(db, database_url, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.__main__ import cli
    from bot.settings import get_settings

    department(db, "pwd")
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    file = tmp_path / "vendors.csv"
    file.write_text(GOOD_AND_BAD, encoding="utf-8")
    try:
        result = CliRunner().invoke(cli, ["vendors", "import", str(file), "--department", "pwd"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "added 2" in result.output and "refused 3" in result.output
    assert "row 3: phone is not an Indian mobile number" in result.output
