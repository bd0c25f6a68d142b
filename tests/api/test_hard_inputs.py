"""Malformed, oversized or out-of-range input is a 4xx or is cleaned at the edge, never a server error."""

from __future__ import annotations

import json

import pytest
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel
from sqlmodel import Session, select

from api.limits import BODY_MAX, UPLOAD_BODY_MAX
from bot.shapes import CleanInput
from bot.store.models import ChannelIdentity, MessageLog
from tests.api.department_helpers import bearer
from tests.api.helpers import all_stored_text, say
from tests.api.staff_helpers import account, csrf, department, lead, sign_in


def _post_raw(client, path: str, body: str):  # type: ignore[no-untyped-def]
    """Post JSON text as it is (with escapes a JSON encoder would not write) and return the response."""
    return client.post(path, content=body.encode("utf-8"), headers={"Content-Type": "application/json"})


def test_lone_surrogates_in_the_simulator_are_cleaned_not_a_server_error(client, db) -> None:  # type: ignore[no-untyped-def]
    for field in ("text", "button"):
        body = {"user": "s1", "channel": "whatsapp", field: "PLACEHOLDER"}
        response = _post_raw(client, "/api/simulator/messages", json.dumps(body).replace("PLACEHOLDER", "ab\\ud800cd"))
        assert response.status_code == 200, (field, response.text)
    response = _post_raw(client, "/api/simulator/messages", '{"user": "s2\\udfff", "channel": "telegram", "text": "hi"}')
    assert response.status_code == 200, response.text
    stored = all_stored_text(db)
    assert "ab\ufffdcd" in stored
    with Session(db) as session:
        assert "telegram:s2\ufffd" in session.exec(select(ChannelIdentity.external_id)).all()


def test_nul_and_control_characters_are_never_stored(client, db) -> None:  # type: ignore[no-untyped-def]
    say(client, "s3", "नमस्ते\x00\x1b[2J")
    say(client, "s3", button="ask_language:hi\x00")
    say(client, "s3", button="ask_consent:yes")
    turn = say(client, "s3", "रमेश\x00 कुमार")
    assert turn["profile"]["name"] == "रमेश कुमार"
    stored = all_stored_text(db)
    assert "\x00" not in stored and "\x1b" not in stored


def test_a_ten_megabyte_simulator_text_is_capped(client, db) -> None:  # type: ignore[no-untyped-def]
    say(client, "s4", "x" * 200_000)
    with Session(db) as session:
        texts = session.exec(select(MessageLog.text).where(MessageLog.direction == "in")).all()
    assert texts and max(len(t or "") for t in texts) <= 4096


def test_a_simulator_user_longer_than_its_column_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/api/simulator/messages", json={"user": "u" * 55, "text": "hi"}).status_code == 200
    assert client.post("/api/simulator/messages", json={"user": "u" * 56, "text": "hi"}).status_code == 422
    assert client.post("/api/simulator/advance", json={"user": "\x00", "hours": 1}).status_code == 422
    assert _post_raw(client, "/api/simulator/advance", '{"user": "\\ud800", "hours": 1}').status_code == 404


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_json_nested_a_thousand_deep_is_a_422_in_the_validation_shape(client, db, depth: int) -> None:  # type: ignore[no-untyped-def]
    for path, body in [("/api/simulator/messages", _deep(depth)), ("/api/simulator/messages", '{"user": ' + _deep(depth) + "}"),
                       ("/api/v1/campaigns", '{"name": ' + _deep(depth) + "}")]:
        response = _post_raw(client, path, body) if "/v1/" not in path else client.post(
            path, content=body.encode(), headers={**bearer(db, None), "Content-Type": "application/json"}
        )
        assert response.status_code == 422, (path, response.status_code, response.text[:200])
        detail = response.json()["detail"]
        assert isinstance(detail, list) and detail[0]["type"] == "json_invalid" and detail[0]["loc"] == ["body"]


def test_a_json_body_that_is_not_utf8_is_a_422_in_the_validation_shape(client, db) -> None:  # type: ignore[no-untyped-def]
    for path, headers in [("/api/simulator/messages", {}), ("/api/v1/campaigns", bearer(db, None))]:
        response = client.post(path, content=b'{"user": "\xff\xfe"}', headers={**headers, "Content-Type": "application/json"})
        assert response.status_code == 422, (path, response.status_code, response.text[:200])
        assert response.json()["detail"][0]["type"] == "json_invalid"


def test_a_body_over_the_limit_is_a_413_before_it_is_parsed(client) -> None:  # type: ignore[no-untyped-def]
    too_big = json.dumps({"user": "s5", "text": "x" * (BODY_MAX + 1)})
    assert _post_raw(client, "/api/simulator/messages", too_big).status_code == 413
    assert _post_raw(client, "/api/simulator/messages", json.dumps({"user": "s5", "text": "x" * (BODY_MAX - 100)})).status_code == 200


def test_a_body_longer_than_it_says_is_cut_off_while_it_is_read(client) -> None:  # type: ignore[no-untyped-def]
    chunks = (b"x" * 65536 for _ in range(BODY_MAX // 65536 + 2))  # streamed without a Content-Length
    response = client.post("/api/simulator/messages", content=chunks, headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_a_staff_form_over_the_limit_is_a_polite_page(client, db) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, account(db, "admin@up.gov.in", role="admin").email)
    token = csrf(client, "/home")
    response = client.post("/leads/1/notes", data={"csrf_token": token, "text": "x" * (BODY_MAX + 1)}, headers={"Accept": "text/html"})
    assert response.status_code == 413 and "<html" in response.text and "larger than this page accepts" in response.text


def test_uploads_have_their_own_larger_limit(client, db) -> None:  # type: ignore[no-untyped-def]
    headers = bearer(db, department(db, "pwd"))
    rows = b"phone,name\n" + b"".join(b"98%08d,Vendor %d\n" % (n, n) for n in range(20_000))  # about 500 KB: over BODY_MAX
    assert len(rows) > BODY_MAX
    response = client.post("/api/v1/vendor-lists", files={"file": ("v.csv", rows)}, headers=headers)
    assert response.status_code == 200, response.text[:300]
    huge = b"phone\n" + b"9876543210\n" * (UPLOAD_BODY_MAX // 11 + 1)
    refused = client.post("/api/v1/vendor-lists", files={"file": ("v.csv", huge)}, headers=headers)
    assert refused.status_code == 413 and refused.json()["detail"] == f"the request body is larger than {UPLOAD_BODY_MAX} bytes"


def test_a_422_that_echoes_a_lone_surrogate_is_still_a_422(client) -> None:  # type: ignore[no-untyped-def]
    response = _post_raw(client, "/api/simulator/messages", '{"\\ud800": null, "user": ["\\udfff"]}')
    assert response.status_code == 422
    assert {problem["loc"][-1] for problem in response.json()["detail"]} == {"user"}


def test_a_422_that_echoes_infinity_or_nan_is_still_a_422(client) -> None:  # type: ignore[no-untyped-def]
    for raw in ("Infinity", "-Infinity", "NaN", '{"user": NaN}', '{"user": "x", "text": [Infinity]}'):
        response = _post_raw(client, "/api/simulator/messages", raw)
        assert response.status_code == 422, (raw, response.status_code)
        assert response.json()["detail"], raw


def test_every_json_body_of_the_app_is_cleaned_at_the_edge(client) -> None:  # type: ignore[no-untyped-def]
    models = set()
    for context in iter_route_contexts(client.app.routes):
        dependant = getattr(context.route, "dependant", None)
        for param in dependant.body_params if dependant is not None else ():
            annotation = param.field_info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                models.add(annotation)
    assert len(models) >= 10
    assert [model.__name__ for model in models if not issubclass(model, CleanInput)] == []


def test_nul_and_surrogates_in_a_rest_body_are_never_stored(client, db) -> None:  # type: ignore[no-untyped-def]
    headers = {**bearer(db, None), "Content-Type": "application/json"}
    made = client.post("/api/v1/departments", content=b'{"name": "Public\\u0000 Works\\ud800", "code": "pwd"}', headers=headers)
    assert made.status_code == 201 and made.json()["name"] == "Public Works\ufffd"
    campaign = client.post("/api/v1/campaigns", headers=headers, content=json.dumps(
        {"name": "Mela\x00", "message_hi": "नमस्ते\x00 {name}", "message_en": "Hello\x1b {name}", "department_id": made.json()["id"],
         "template_variables": ["name\x00"]}).encode())
    assert campaign.status_code == 201, campaign.text
    stored = all_stored_text(db)
    assert "\x00" not in stored and "\x1b" not in stored


def test_nul_and_controls_in_a_staff_form_are_never_stored(client, db) -> None:  # type: ignore[no-untyped-def]
    pwd = department(db, "pwd")
    seller_id = lead(db, 1, "pwd_link", name="Asha")
    sign_in(client, account(db, "staff@pwd.up.gov.in", department_id=pwd).email)
    noted = client.post(f"/leads/{seller_id}/notes", data={"csrf_token": csrf(client, "/home"), "text": "called\x00 twice\x07\r\nagain"},
                        follow_redirects=False)
    assert noted.status_code in (200, 303), noted.text[:300]
    stored = all_stored_text(db)
    assert "called twice\nagain" in stored and "\x00" not in stored and "\x07" not in stored


@pytest.mark.parametrize(
    "body",
    [{"user": "", "text": "hi"}, {"user": "x", "text": "hi", "phone": "12"}, {"user": "x"}, {"user": "x", "button": "contact:share"}],
)
def test_the_simulators_own_refusals_match_its_documented_422(client, body: dict) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/simulator/messages", json=body)
    documented = client.get("/openapi.json").json()["paths"]["/api/simulator/messages"]["post"]["responses"]["422"]
    assert documented["content"]["application/json"]["schema"]["$ref"].endswith("/HTTPValidationError")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, list) and all({"loc", "msg", "type"} <= problem.keys() for problem in detail)


def test_uploaded_tables_are_cleaned_cell_by_cell(client, db) -> None:  # type: ignore[no-untyped-def]
    from bot.store.models import Seller
    from tests.api.department_helpers import seller

    pwd = department(db, "pwd")
    headers = bearer(db, pwd)
    vendors = "phone,name,business_name\n9876543210,Rame\u0301sh\x1b[31m,Shri\x7f Ram\x85Traders\n".encode()
    assert client.post("/api/v1/vendor-lists", files={"file": ("v.csv", vendors)}, headers=headers).status_code == 200
    seller_id = seller(client, db, "imp", "+919811111111", "pwd_link")
    statuses = "phone,stage,gem_seller_id\n9811111111,gem_account,GEM/\x07123\n".encode()
    report = client.post("/api/v1/sellers/status-import", files={"file": ("s.csv", statuses)}, headers=headers)
    assert report.status_code == 200 and report.json()["updated"] == 1, report.text
    stored = all_stored_text(db)
    assert "Ramésh[31m" in stored and "Shri Ram Traders" in stored
    assert not any(ch in stored for ch in "\x1b\x7f\x85\x07")
    with Session(db) as session:
        assert session.get(Seller, seller_id).gem_seller_id == "GEM/123"
