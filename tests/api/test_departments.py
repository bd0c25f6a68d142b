"""Departments, API tokens and the command line that makes them: real app, real database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.settings import get_settings
from bot.store.models import ApiToken, Department
from tests.api.department_helpers import access_log, bearer, department
from tests.api.helpers import all_stored_text

# --------------------------------------------------------------------------- token authentication


@pytest.mark.parametrize(
    ("label", "headers"),
    [
        ("no header", {}),
        ("not bearer", {"Authorization": "Basic dXNlcjpwYXNz"}),
        ("empty bearer", {"Authorization": "Bearer "}),
        ("not our shape", {"Authorization": "Bearer abc"}),
        ("unknown token", {"Authorization": "Bearer gs_thisTokenWasNeverIssued"}),
    ],
)
def test_calls_without_a_valid_token_get_401(client, db, label, headers) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/departments", headers=headers)
    assert response.status_code == 401, label
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_gets_401(client, db) -> None:  # type: ignore[no-untyped-def]
    admin = bearer(db, None)
    dept = department(db, "dic_agra")
    staff = bearer(db, dept)
    assert client.get("/api/v1/deeplinks", headers=staff).status_code == 200
    with Session(db) as session:
        staff_id = session.exec(select(ApiToken.id).where(ApiToken.department_id == dept)).one()
    revoked = client.delete(f"/api/v1/tokens/{staff_id}", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    response = client.get("/api/v1/deeplinks", headers=staff)
    assert response.status_code == 401 and "WWW-Authenticate" in response.headers
    again = client.delete(f"/api/v1/tokens/{staff_id}", headers=admin)
    assert again.status_code == 200 and again.json()["revoked_at"] == revoked.json()["revoked_at"]


def test_staff_on_an_admin_route_get_403(client, db) -> None:  # type: ignore[no-untyped-def]
    staff = bearer(db, department(db, "dic_kanpur"))
    assert client.get("/api/v1/departments", headers=staff).status_code == 403
    assert client.post("/api/v1/departments", json={"name": "X", "code": "x"}, headers=staff).status_code == 403
    assert client.post("/api/v1/departments/1/tokens", json={"label": "me"}, headers=staff).status_code == 403


def test_only_a_digest_of_the_secret_is_stored_and_use_is_recorded(client, db) -> None:  # type: ignore[no-untyped-def]
    headers = bearer(db, None)
    secret = headers["Authorization"].removeprefix("Bearer ")
    assert client.get("/api/v1/departments", headers=headers).status_code == 200
    assert secret not in all_stored_text(db)
    with Session(db) as session:
        token = session.exec(select(ApiToken)).one()
    assert token.prefix == secret[:8] and token.prefix.startswith("gs_")
    assert token.role == "admin" and token.department_id is None and token.last_used_at is not None


# --------------------------------------------------------------------------- departments and their tokens


def test_an_admin_creates_and_lists_departments(client, db) -> None:  # type: ignore[no-untyped-def]
    admin = bearer(db, None)
    made = client.post("/api/v1/departments", json={"name": "DIC Lucknow", "code": " DIC_Lucknow "}, headers=admin)
    assert made.status_code == 201, made.text
    assert made.json()["code"] == "dic_lucknow" and made.json()["name"] == "DIC Lucknow"
    listed = client.get("/api/v1/departments", headers=admin).json()
    assert [d["code"] for d in listed] == ["dic_lucknow"]


@pytest.mark.parametrize(
    ("label", "body", "status"),
    [
        ("code taken", {"name": "Another", "code": "dic_lucknow"}, 409),
        ("name taken", {"name": "DIC Lucknow", "code": "other"}, 409),
        ("code with a space", {"name": "New", "code": "dic lucknow"}, 422),
        ("code with a hyphen", {"name": "New", "code": "dic-lucknow"}, 422),
        ("code too long", {"name": "New", "code": "a" * 25}, 422),
        ("no name", {"name": "  ", "code": "new"}, 422),
    ],
)
def test_department_create_refusals(client, db, label, body, status) -> None:  # type: ignore[no-untyped-def]
    admin = bearer(db, None)
    assert client.post("/api/v1/departments", json={"name": "DIC Lucknow", "code": "dic_lucknow"}, headers=admin).status_code == 201
    assert client.post("/api/v1/departments", json=body, headers=admin).status_code == status, label


def test_an_admin_issues_a_department_token_that_works_once_shown(client, db) -> None:  # type: ignore[no-untyped-def]
    admin = bearer(db, None)
    dept = department(db, "dic_varanasi")
    issued = client.post(f"/api/v1/departments/{dept}/tokens", json={"label": "Desk 4"}, headers=admin)
    assert issued.status_code == 201, issued.text
    body = issued.json()
    assert body["role"] == "staff" and body["department_id"] == dept and body["secret"].startswith("gs_")
    assert body["prefix"] == body["secret"][:8]
    staff = {"Authorization": f"Bearer {body['secret']}"}
    assert client.get("/api/v1/deeplinks", headers=staff).status_code == 200
    listed = client.get(f"/api/v1/departments/{dept}/tokens", headers=admin).json()
    assert [t["label"] for t in listed] == ["Desk 4"] and "secret" not in listed[0]
    assert client.post("/api/v1/departments/999/tokens", json={"label": "x"}, headers=admin).status_code == 404


def test_staff_revoke_their_own_departments_tokens_only(client, db) -> None:  # type: ignore[no-untyped-def]
    a, b = department(db, "dept_a"), department(db, "dept_b")
    staff_a = bearer(db, a, "a1")
    bearer(db, a, "a2")
    bearer(db, b, "b1")
    with Session(db) as session:
        ids = {t.label: t.id for t in session.exec(select(ApiToken))}
    assert client.delete(f"/api/v1/tokens/{ids['b1']}", headers=staff_a).status_code == 404
    assert client.delete(f"/api/v1/tokens/{ids['a2']}", headers=staff_a).status_code == 200
    assert client.delete("/api/v1/tokens/9999", headers=staff_a).status_code == 404
    assert (ids["a1"], "token.revoke", f"token {ids['a2']}") in access_log(db)


# --------------------------------------------------------------------------- command line


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator:  # type: ignore[no-untyped-def]
    """Yield a function that runs `python -m bot …` against the test database."""
    from bot.__main__ import cli as app

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "GemSaathiBot")
    monkeypatch.setenv("TWILIO_WHATSAPP_FROM", "whatsapp:+14155238886")
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args))

    yield run
    get_settings.cache_clear()


def test_cli_makes_a_department_a_token_that_the_api_accepts_and_a_deep_link(client, db, cli) -> None:  # type: ignore[no-untyped-def]
    made = cli("department", "create", "District Industries Centre, Lucknow", "--code", "dic_lucknow")
    assert made.exit_code == 0, made.output
    listed = cli("department", "list")
    assert "dic_lucknow\tDistrict Industries Centre, Lucknow" in listed.output

    issued = cli("token", "create", "--department", "dic_lucknow", "--label", "Officer Verma")
    assert issued.exit_code == 0, issued.output
    secret = issued.stdout.strip().splitlines()[-1]
    assert secret.startswith("gs_")
    staff = {"Authorization": f"Bearer {secret}"}
    made_link = client.post("/api/v1/deeplinks", json={"campaign_name": "Udyog Mela"}, headers=staff)
    assert made_link.status_code == 201, made_link.text
    assert made_link.json()["code"].startswith("dic_lucknow_")
    assert client.get("/api/v1/departments", headers=staff).status_code == 403

    admin_issued = cli("token", "create", "--admin", "--label", "MSME HQ")
    admin = {"Authorization": f"Bearer {admin_issued.stdout.strip().splitlines()[-1]}"}
    assert [d["code"] for d in client.get("/api/v1/departments", headers=admin).json()] == ["dic_lucknow"]

    link = cli("deeplink", "create", "--department", "dic_lucknow", "--campaign", "Poster", "--code", "lko-poster-1")
    assert link.exit_code == 0, link.output
    assert "https://t.me/GemSaathiBot?start=lko-poster-1" in link.output
    assert "https://wa.me/14155238886?text=lko-poster-1" in link.output

    revoked = cli("token", "revoke", secret[:8])
    assert revoked.exit_code == 0, revoked.output
    assert client.post("/api/v1/deeplinks", json={}, headers=staff).status_code == 401
    with Session(db) as session:
        assert session.exec(select(Department.code)).all() == ["dic_lucknow"]


@pytest.mark.parametrize(
    ("label", "args", "says"),
    [
        ("both --admin and --department", ("token", "create", "--admin", "--department", "x", "--label", "y"), "either"),
        ("neither", ("token", "create", "--label", "y"), "either"),
        ("unknown department", ("token", "create", "--department", "nope", "--label", "y"), "no department"),
        ("bad department code", ("department", "create", "Name", "--code", "Has Space"), "a-z"),
        ("unknown prefix", ("token", "revoke", "gs_nope1"), "no token"),
        ("deep link for unknown department", ("deeplink", "create", "--department", "nope"), "no department"),
        ("bad deep-link code", ("deeplink", "create", "--department", "dic_x", "--code", "has space"), "A-Z"),
    ],
)
def test_cli_refusals_exit_1_with_a_reason(db, cli, label, args, says) -> None:  # type: ignore[no-untyped-def]
    assert cli("department", "create", "DIC X", "--code", "dic_x").exit_code == 0
    result = cli(*args)
    assert result.exit_code == 1, label
    assert says in result.output, label
