"""An Aadhaar number, however its digits are spaced, is in no stored field: checked in the raw database files."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from stdnum import verhoeff

from api.main import create_app
from bot.settings import Settings
from bot.store.db import make_engine
from bot.store.migrate import upgrade
from tests.api.department_helpers import bearer, upload_vendors
from tests.api.helpers import all_stored_text
from tests.api.staff_helpers import account, department, lead, post, sign_in
from tests.e2e.test_channels_e2e import (  # noqa: F401 - fixtures
    PUBLIC,
    TG_SECRET,
    TWILIO_TOKEN,
    post_telegram,
    post_whatsapp,
    telegram_server,
    twilio_server,
)
from tests.conftest import TEST_SECRET
from tests.fakes import telegram_button_update, telegram_text_update, whatsapp_form

DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


def _spaced(digits: str, gap: str) -> str:
    return f"{digits[:4]}{gap}{digits[4:8]}{gap}{digits[8:]}"


# Every way of writing the twelve digits that people and phones produce.
SHAPES = {
    "whole": lambda d: d,
    "spaces": lambda d: _spaced(d, " "),
    "hyphens": lambda d: _spaced(d, "-"),
    "dots": lambda d: _spaced(d, "."),
    "slashes": lambda d: _spaced(d, "/"),
    "underscores": lambda d: _spaced(d, "_"),
    "commas": lambda d: _spaced(d, ","),
    "spaced hyphens": lambda d: _spaced(d, " - "),
    "en dashes": lambda d: _spaced(d, "\u2013"),
    "no-break spaces": lambda d: _spaced(d, "\u00a0"),
    "narrow no-break spaces": lambda d: _spaced(d, "\u202f"),
    "zero-width spaces": lambda d: _spaced(d, "\u200b"),
    "zero-width joiners": lambda d: _spaced(d, "\u200d"),
    "word joiners": lambda d: _spaced(d, "\u2060"),
    "digit by digit": lambda d: " ".join(d),
    "zero-width between every digit": lambda d: "\u200b".join(d),
    "mixed separators": lambda d: f"{d[:4]} {d[4:8]}-{d[8:]}",
    "dot and space": lambda d: f"{d[:4]}. {d[4:8]}. {d[8:]}",
    "devanagari digits": lambda d: _spaced(d, " ").translate(DEVANAGARI),
    "devanagari and ascii mixed": lambda d: f"{d[:4].translate(DEVANAGARI)}.{d[4:8]}.{d[8:].translate(DEVANAGARI)}",
}
FIELDS = ("simulator text", "simulator button", "simulator user", "telegram text", "telegram button", "whatsapp body",
          "whatsapp button payload", "vendor list cells", "lead note")


def _aadhaar(seed: int) -> str:
    """Return a Verhoeff-valid Aadhaar-shaped number, different for each seed."""
    rng = random.Random(seed)
    first11 = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(10))
    return first11 + verhoeff.calc_check_digit(first11)


CASES = [(field, shape, _aadhaar(n)) for n, (field, shape) in enumerate((f, s) for f in FIELDS for s in SHAPES)]


def _forbidden(digits: str, written: str) -> list[str]:
    """Return what must not be stored: the number, its first eight digits, and those eight as written (and as JSON escapes them)."""
    ninth = [at for at, ch in enumerate(written) if ch.isdecimal()][8]
    shown = written[:ninth].rstrip(" -.,/_\u2013\u00a0\u202f\u200b\u200d\u2060")
    return [digits, digits[:8], shown, json.dumps(shown)[1:-1]]


@pytest.fixture
def app_on_files(db: Engine, database_url: str, tmp_path: Path, telegram_server, twilio_server) -> Iterator[tuple[TestClient, Engine, list[Path]]]:  # type: ignore[no-untyped-def]  # noqa: F811
    """Yield an app with both channels on its own new SQLite file (or on the PostgreSQL test database), its engine and its files."""
    if db.dialect.name == "sqlite":
        path = tmp_path / "redaction.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    else:
        url, files = database_url, []
    settings = Settings(
        environment="test", database_url=url, secret_key=TEST_SECRET, telegram_bot_token="123456:TEST-token", telegram_webhook_secret=TG_SECRET,
        telegram_api_base_url=telegram_server[0], twilio_account_sid="AC" + "1" * 32, twilio_auth_token=TWILIO_TOKEN,
        twilio_whatsapp_from="whatsapp:+14155238886", twilio_api_base_url=twilio_server[0], public_base_url=PUBLIC,
    )
    engine = make_engine(url)
    with TestClient(create_app(settings), base_url=PUBLIC) as client:  # the staff pages check that forms come from the public address
        yield client, engine, files
    engine.dispose()


def _send(client: TestClient, engine: Engine, field: str, written: str, n: int) -> None:
    """Put one written Aadhaar number into one field through the way in that field has, failing on a server error."""
    if field == "simulator text":
        response = client.post("/api/simulator/messages", json={"user": f"t{n}", "text": f"mera aadhaar {written} hai"})
    elif field == "simulator button":
        response = client.post("/api/simulator/messages", json={"user": f"b{n}", "button": f"ask_language:{written}"})
    elif field == "simulator user":
        response = client.post("/api/simulator/messages", json={"user": written, "text": "namaste"})
        assert response.status_code == 422 and "Aadhaar" in response.text, response.text
        return
    elif field == "telegram text":
        response = post_telegram(client, telegram_text_update(10_000 + n, 5_000_000 + n, f"आधार {written}"))
    elif field == "telegram button":
        response = post_telegram(client, telegram_button_update(10_000 + n, 5_000_000 + n, f"ask_language:{written}"))
    elif field == "whatsapp body":
        response = post_whatsapp(client, whatsapp_form(f"SM{n:032d}", f"+9198111{n:05d}", f"my aadhar no {written}"))
    elif field == "whatsapp button payload":
        form = whatsapp_form(f"SM{n:032d}", f"+9198111{n:05d}", "Hindi", ButtonPayload=f"ask_language:{written}", ButtonText="Hindi")
        response = post_whatsapp(client, form)
    elif field == "vendor list cells":
        department_id = department(engine, f"red{n}")
        table = io.StringIO()
        csv.writer(table).writerows([("phone", "name", "business_name", "district"), (f"+9197111{n:05d}", f"Ram {written}", f"{written} Traders", "Lucknow"),
                                     (f"+9196111{n:05d}", "Shyam", "Shyam Stores", written)])
        response = upload_vendors(client, bearer(engine, department_id), table.getvalue().encode())
        assert response.json()["added"] == 1 and "XXXX XXXX" in response.json()["errors"][0]["error"], response.text
    elif field == "lead note":
        seller_id = lead(engine, 900 + n, "notes_link")
        response = post(client, f"/leads/{seller_id}/notes", {"text": f"called; aadhaar {written} seen"}, token_from=f"/leads/{seller_id}")
    assert response.status_code < 500, (field, response.status_code, response.text[:200])


def test_no_aadhaar_number_is_stored_in_any_field_however_it_is_written(app_on_files) -> None:  # type: ignore[no-untyped-def]
    client, engine, files = app_on_files
    account(engine, "notes@example.in", department_id=department(engine, "notes"))
    sign_in(client, "notes@example.in")
    for n, (field, shape, digits) in enumerate(CASES):
        _send(client, engine, field, SHAPES[shape](digits), n)

    stored = all_stored_text(engine)
    raw = b"".join(path.read_bytes() for path in files if path.exists())
    # The check can see: what each way in keeps is there, masked (the last four digits only).
    masked = [f"XXXX XXXX {digits[-4:]}" for field, _, digits in CASES if field in ("simulator text", "whatsapp body", "lead note")]
    assert all(m in stored for m in masked), [m for m in masked if m not in stored][:5]
    assert "Ram XXXX XXXX" in stored  # a vendor's name cell, masked
    if files:
        assert any(m.encode() in raw for m in masked)
    leaks = []
    for field, shape, digits in CASES:
        for secret in _forbidden(digits, SHAPES[shape](digits)):
            if secret in stored or (files and secret.encode() in raw):
                leaks.append((field, shape, secret))
    assert not leaks, leaks[:10]



def test_a_pan_is_kept_whole_nowhere_whatever_step_it_is_typed_at(client, db) -> None:  # type: ignore[no-untyped-def]
    from tests.api.helpers import TO_PAN_STEP, say, walk

    pans = ["ABCPK7391F", "abcpk 7391 f", "ABCPK-7391-F", "ABCPK७३९१F"]
    for n, pan in enumerate(pans):
        user = f"pan{n}"
        walk(client, user, TO_PAN_STEP[:3])
        for typed in (pan, f"mera naam {pan}"):  # at the name step: never a name
            say(client, user, typed)
        walk(client, user, TO_PAN_STEP[3:])
        say(client, user, f"pan {pan} hai")  # its own step: kept masked and as a keyed digest
    stored = all_stored_text(db)
    assert "ABCPKXXXXF" in stored  # the check can see the masked form
    for whole in ("7391", "७३९१"):
        assert whole not in stored
