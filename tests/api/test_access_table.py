"""Every route of the app is in the access table, and each is held to it: sign-in, role, and the department's own data."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import iter_route_contexts
from starlette.routing import Mount

from bot.store.db import transaction
from bot.store.models import Campaign, VendorImport
from tests.api.campaign_helpers import NOW, pin_clock
from tests.api.staff_helpers import account, csrf, department, lead, sign_in

# (method, path) → who may use it: public | signed_in | people (admin or staff, never a viewer) | admin | bearer | webhook | simulator
ACCESS = {
    ("GET", "/"): "public",
    ("GET", "/signin"): "public",
    ("POST", "/signin"): "public",
    ("POST", "/signout"): "public",
    ("POST", "/language"): "public",
    ("GET", "/setup/{secret}"): "public",
    ("POST", "/setup/{secret}"): "public",
    ("GET", "/healthz"): "public",
    ("GET", "/readyz"): "public",
    ("GET", "/metrics"): "public",  # counts only; a bearer token when METRICS_TOKEN is set (tests/api/test_metrics.py)
    ("GET", "/docs"): "public",
    ("GET", "/docs/oauth2-redirect"): "public",
    ("GET", "/redoc"): "public",
    ("GET", "/openapi.json"): "public",
    ("GET", "/home"): "signed_in",
    ("GET", "/team"): "signed_in",
    ("POST", "/signout/everywhere"): "signed_in",
    ("GET", "/funnel"): "signed_in",
    ("GET", "/funnel/stops"): "signed_in",
    ("GET", "/funnel/districts"): "signed_in",
    ("GET", "/funnel/departments"): "signed_in",
    ("GET", "/funnel/breakdowns"): "signed_in",
    ("GET", "/funnel/export/{table}.{fmt}"): "signed_in",
    ("GET", "/leads"): "people",
    ("GET", "/leads/waiting"): "people",
    ("GET", "/leads/export.{fmt}"): "people",
    ("GET", "/leads/{seller_id}"): "people",
    ("POST", "/leads/{seller_id}/notes"): "people",
    ("POST", "/leads/{seller_id}/follow-up"): "people",
    ("POST", "/leads/{seller_id}/reply"): "people",
    ("GET", "/vendors"): "people",
    ("POST", "/vendors"): "people",
    ("GET", "/vendors/imports/{import_id}"): "people",
    ("GET", "/vendors/template.{fmt}"): "people",
    ("GET", "/campaigns"): "people",
    ("POST", "/campaigns"): "people",
    ("GET", "/campaigns/new"): "people",
    ("GET", "/campaigns/{campaign_id}"): "people",
    ("POST", "/campaigns/{campaign_id}"): "people",
    ("POST", "/campaigns/{campaign_id}/preview"): "people",
    ("POST", "/campaigns/{campaign_id}/schedule"): "people",
    ("POST", "/campaigns/{campaign_id}/pause"): "people",
    ("POST", "/campaigns/{campaign_id}/resume"): "people",
    ("POST", "/campaigns/{campaign_id}/cancel"): "people",
    ("POST", "/campaigns/{campaign_id}/test"): "people",
    ("GET", "/campaigns/{campaign_id}/progress"): "people",
    ("POST", "/campaigns/{campaign_id}/approve"): "admin",
    ("GET", "/links"): "people",
    ("POST", "/links"): "people",
    ("GET", "/links/{code}/qr.{fmt}"): "people",
    ("GET", "/links/{code}/poster.svg"): "people",
    ("POST", "/team"): "admin",
    ("POST", "/team/{account_id}/disable"): "admin",
    ("POST", "/team/{account_id}/sign-out"): "admin",
    ("GET", "/admin/departments"): "admin",
    ("POST", "/admin/departments"): "admin",
    ("POST", "/admin/tokens"): "admin",
    ("POST", "/admin/tokens/{token_id}/revoke"): "admin",
    ("GET", "/admin/audit"): "admin",
    ("GET", "/simulator"): "simulator",
    ("POST", "/api/simulator/messages"): "simulator",
    ("POST", "/api/simulator/advance"): "simulator",
    ("POST", "/webhooks/telegram"): "webhook",
    ("POST", "/webhooks/twilio/whatsapp"): "webhook",
    ("POST", "/webhooks/twilio/status"): "webhook",
}
PAGE_RULES = ("signed_in", "people", "admin")


def _routes(app) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    found = set()
    for context in iter_route_contexts(app.routes):  # routes of included routers too, with their full paths
        if isinstance(context.route, Mount):
            continue  # /static: files, the same for everyone
        for method in context.methods or ():
            if method != "HEAD":
                found.add((method, context.path))
    assert len(found) > 40, "the app's routes were not found"
    return found


def _rule(method: str, path: str) -> str:
    if path.startswith("/api/v1/"):
        return "bearer"
    return ACCESS[(method, path)]


@pytest.fixture
def world(client, db):  # type: ignore[no-untyped-def]
    """Two departments with a seller each, and one person of every kind."""
    pin_clock(client)
    pwd, health = department(db, "pwd"), department(db, "health")
    people = {
        "admin": account(db, "admin@up.gov.in", role="admin"),
        "staff": account(db, "staff@pwd.up.gov.in", department_id=pwd),
        "viewer": account(db, "viewer@up.gov.in", role="viewer", department_id=pwd),
        "other": account(db, "staff@health.up.gov.in", department_id=health),
    }
    sellers = {"pwd": lead(db, 1, "pwd_link", name="Pwd Seller", callback=True), "health": lead(db, 2, "health_link", name="Health Seller")}
    with transaction(db) as session:
        campaign = Campaign(department_id=health, name="Health Campaign", status="draft", message_hi="x", message_en="x", created_at=NOW, updated_at=NOW)
        upload = VendorImport(department_id=health, file_name="health.csv", created_at=NOW, updated_at=NOW)
        session.add_all([campaign, upload])
        session.flush()
        theirs = {"campaign_id": campaign.id, "import_id": upload.id, "code": "health_link"}
    return {"client": client, "people": people, "sellers": sellers, "departments": {"pwd": pwd, "health": health}, "theirs": theirs}


def _fill(path: str, world: dict, seller: str = "health") -> str:
    values = {"seller_id": world["sellers"][seller], "account_id": world["people"]["other"].id, "token_id": 1, "fmt": "csv", "secret": "x" * 40,
              **world["theirs"]}
    return re.sub(r"{(\w+)}", lambda m: str(values.get(m.group(1), 1)), path)


def test_every_route_is_in_the_access_table(client) -> None:  # type: ignore[no-untyped-def]
    routes = _routes(client.app)
    missing = sorted(r for r in routes if not r[1].startswith("/api/v1/") and r not in ACCESS)
    assert missing == [], f"add these routes to ACCESS with who may use them: {missing}"
    stale = sorted(r for r in ACCESS if r not in routes)
    assert stale == [], f"ACCESS names routes the app no longer has: {stale}"


def test_pages_send_a_visitor_to_sign_in(world) -> None:  # type: ignore[no-untyped-def]
    client = world["client"]
    for method, path in sorted(r for r in _routes(client.app) if not r[1].startswith("/api/v1/") and _rule(*r) in PAGE_RULES):
        url = _fill(path, world)
        if method == "GET":
            response = client.get(url, follow_redirects=False)
            assert response.status_code == 303 and response.headers["location"].startswith("/signin?next="), url
        else:
            response = client.post(url, data={"csrf_token": csrf(client, "/signin")}, follow_redirects=False)
            assert response.status_code == 303 and response.headers["location"].startswith("/signin"), url


def test_the_rest_api_wants_a_bearer_token(world) -> None:  # type: ignore[no-untyped-def]
    client = world["client"]
    for method, path in sorted(r for r in _routes(client.app) if r[1].startswith("/api/v1/")):
        response = client.request(method, _fill(path, world))
        assert response.status_code == 401, (method, path, response.status_code)


@pytest.mark.parametrize(("who", "refused"), [("viewer", ("people", "admin")), ("staff", ("admin",))])
def test_each_role_gets_not_found_outside_it(world, who: str, refused: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    client = world["client"]
    sign_in(client, world["people"][who].email)
    token = csrf(client, "/home")
    for method, path in sorted(r for r in _routes(client.app) if not r[1].startswith("/api/v1/") and _rule(*r) in refused):
        url = _fill(path, world, seller="pwd")
        response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token}, follow_redirects=False)
        assert response.status_code == 404, (who, method, url, response.status_code)
        assert "Pwd Seller" not in response.text and "98000" not in response.text


def test_staff_get_not_found_for_another_departments_seller_on_every_route(world) -> None:  # type: ignore[no-untyped-def]
    client = world["client"]
    sign_in(client, world["people"]["staff"].email)
    token = csrf(client, "/home")
    checked = 0
    owned = ("{seller_id}", "{campaign_id}", "{import_id}", "{code}")
    for method, path in sorted(r for r in _routes(client.app) if any(p in r[1] for p in owned) and not r[1].startswith("/api/v1/")):
        url = _fill(path, world, seller="health")
        if "{fmt}" in path and "/links/" in path:
            url = url.replace(".csv", ".png")
        data = {"csrf_token": token, "text": "hello", "status": "resolved", "to": "9876543210", "name": "x"}
        response = client.get(url) if method == "GET" else client.post(url, data=data, follow_redirects=False)
        assert response.status_code == 404, (method, url, response.status_code)
        assert "Health Seller" not in response.text and "Health Campaign" not in response.text and "health.csv" not in response.text
        checked += 1
    assert checked >= 17  # every route that names a seller, a campaign, an upload or a link
    for fmt in ("csv", "xlsx"):
        export = client.get(f"/leads/export.{fmt}")
        assert export.status_code == 200 and b"Health Seller" not in export.content
    assert "Health Seller" not in client.get("/leads").text and "Pwd Seller" in client.get("/leads").text


def test_staff_see_their_own_department_on_the_team_page_only(world) -> None:  # type: ignore[no-untyped-def]
    client = world["client"]
    sign_in(client, world["people"]["staff"].email)
    team = client.get("/team").text
    assert team.count('data-testid="person"') == 2  # the department's staff member and its viewer; not the admin, not health's staff
    assert "Viewer" in team and "@" not in team.split("<main", 1)[1]  # e-mail addresses are for admins
