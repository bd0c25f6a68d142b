"""Ids and counts are range-checked in the schema: out-of-range numbers are a 422 (or a polite page), never a 500."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import iter_route_contexts

from bot.shapes import ROW_ID_MAX, row_id
from tests.api.department_helpers import bearer
from tests.api.staff_helpers import account, csrf, department, sign_in

HUGE = (2**63, 2**64 + 1, 10**40, ROW_ID_MAX + 1)
PAGE = {"Accept": "text/html"}


def _integer_parameters(operation: dict) -> list[dict]:
    found = []
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        options = schema.get("anyOf", [schema])
        if any(option.get("type") == "integer" for option in options):
            found.append(parameter)
    return found


def test_every_integer_parameter_of_the_api_has_a_range(client) -> None:  # type: ignore[no-untyped-def]
    unbounded = []
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        for method, operation in operations.items():
            for parameter in _integer_parameters(operation):
                schema = parameter["schema"]
                options = [o for o in schema.get("anyOf", [schema]) if o.get("type") == "integer"]
                if not all("maximum" in o and "minimum" in o for o in options):
                    unbounded.append((method, path, parameter["name"]))
    assert unbounded == []


@pytest.mark.parametrize("huge", HUGE)
def test_an_out_of_range_number_in_any_path_or_query_is_a_422(client, db, huge: int) -> None:  # type: ignore[no-untyped-def]
    headers = bearer(db, None)
    checked = 0
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        for method, operation in operations.items():
            parameters = _integer_parameters(operation)
            if not parameters:
                continue
            url, query = path, {}
            for parameter in parameters:
                if parameter["in"] == "path":
                    url = url.replace("{" + parameter["name"] + "}", str(huge))
                else:
                    query[parameter["name"]] = str(huge)
            url = re.sub(r"{\w+}", "1", url)  # any other path parameter (a code, a format)
            response = client.request(method.upper(), url, params=query, headers=headers, json={})
            assert response.status_code == 422, (method, url, query, response.status_code, response.text[:200])
            checked += 1
    assert checked >= 15


@pytest.mark.parametrize("huge", HUGE)
def test_an_out_of_range_id_in_a_request_body_is_a_422(client, db, huge: int) -> None:  # type: ignore[no-untyped-def]
    headers = bearer(db, None)
    campaign = {"name": "x", "message_hi": "नमस्ते", "message_en": "Hello", "department_id": huge}
    assert client.post("/api/v1/campaigns", json=campaign, headers=headers).status_code == 422
    assert client.post("/api/v1/deeplinks", json={"department_id": huge}, headers=headers).status_code == 422
    upload = client.post("/api/v1/vendor-lists", files={"file": ("v.csv", b"phone\n9876543210\n")}, data={"department_id": str(huge)}, headers=headers)
    assert upload.status_code == 422


@pytest.fixture
def admin_signed_in(client, db):  # type: ignore[no-untyped-def]
    """Sign an admin in on the client; return it."""
    department(db, "pwd")
    sign_in(client, account(db, "admin@up.gov.in", role="admin").email)
    return client


def test_an_out_of_range_id_in_a_page_address_is_a_not_found_page(admin_signed_in) -> None:  # type: ignore[no-untyped-def]
    client = admin_signed_in
    token = csrf(client, "/home")
    checked = 0
    for context in iter_route_contexts(client.app.routes):
        path = getattr(context, "path", "")
        if path.startswith(("/api/", "/webhooks/")) or not re.search(r"{(\w+_id)}", path):
            continue
        for method in context.methods or ():
            url = re.sub(r"{\w+_id}", str(2**64), path)
            response = client.get(url, headers=PAGE) if method == "GET" else client.post(url, data={"csrf_token": token}, headers=PAGE)
            assert response.status_code == 404 and "<html" in response.text, (method, url, response.status_code)
            checked += 1
    assert checked >= 15


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/team", {"name": "Asha", "email": "asha@up.gov.in", "role": "staff", "password": "correct horse battery", "department_id": "²"}),
        ("/admin/tokens", {"label": "x", "department_id": "²"}),
        ("/links", {"department_id": "²", "campaign_name": "x"}),
        ("/campaigns", {"name": "x", "message_hi": "नमस्ते", "message_en": "Hello", "department_id": str(2**64), "districts": ["9" * 5000, "²"],
                        "exclude_recent_hours": "9" * 5000}),
        ("/leads/1/follow-up", {"assign_to": "²"}),
    ],
)
def test_out_of_range_numbers_in_a_page_form_are_never_a_server_error(admin_signed_in, path: str, data: dict) -> None:  # type: ignore[no-untyped-def]
    client = admin_signed_in
    response = client.post(path, data={**data, "csrf_token": csrf(client, "/home")}, headers=PAGE, follow_redirects=False)
    assert response.status_code < 500, (path, response.status_code, response.text[:300])


def test_an_out_of_range_page_query_is_a_polite_page(admin_signed_in) -> None:  # type: ignore[no-untyped-def]
    response = admin_signed_in.get(f"/vendors?department={2**64}", headers=PAGE)
    assert response.status_code == 422 and "<html" in response.text and "Not accepted" in response.text


@pytest.mark.parametrize(("value", "expected"), [("12", 12), (str(ROW_ID_MAX), ROW_ID_MAX), (str(ROW_ID_MAX + 1), None), ("0", None), ("²", None),
                                                 ("١٢", None), ("9" * 5000, None), ("", None), (None, None), ("-1", None)])
def test_row_id_reads_only_ascii_digits_in_range(value: str | None, expected: int | None) -> None:
    assert row_id(value) == expected
