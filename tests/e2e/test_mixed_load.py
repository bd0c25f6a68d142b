"""Staff pages and exports, inbound messages and a broadcast all at once on one process: nobody meets a locked database or a server error."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient

from tests.api.campaign_helpers import add_seller, draft, pin_clock
from tests.api.department_helpers import bearer
from tests.api.staff_helpers import account, department, sign_in
from tests.e2e.test_channels_e2e import (  # noqa: F401 - fixtures
    PUBLIC,
    live,
    post_whatsapp,
    telegram_server,
    twilio_server,
)
from tests.fakes import whatsapp_form

SELLERS, INBOUND, ROUNDS = 200, 60, 6
PAGES = ("/home", "/leads", "/leads/export.csv", "/leads/export.xlsx", "/funnel", "/funnel/districts", "/campaigns")


def test_pages_exports_inbound_and_a_broadcast_at_once_never_meet_a_locked_database(live, db, twilio_server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    pin_clock(live)
    department_id = department(db, "mixed")
    for n in range(SELLERS):
        add_seller(db, n, source="mixed_link")
    account(db, "mixed@example.in", department_id=department_id)
    staff = TestClient(live.app, base_url=PUBLIC)  # a second browser on the same running app
    sign_in(staff, "mixed@example.in")
    headers = bearer(db, department_id)
    campaign = live.post("/api/v1/campaigns", json=draft(), headers=headers).json()
    scheduled = live.post(f"/api/v1/campaigns/{campaign['id']}/schedule", json={"at": None}, headers=headers)
    assert scheduled.status_code == 200, scheduled.text

    answers: list[tuple[str, int, bool]] = []  # (what, status, whether the body speaks of a lock)
    lock = threading.Lock()

    def note(what: str, response) -> None:  # type: ignore[no-untyped-def]
        with lock:
            answers.append((what, response.status_code, "locked" in response.text.lower()))

    def sellers_write() -> None:
        for n in range(INBOUND):
            note("webhook", post_whatsapp(live, whatsapp_form(f"SM{n:032x}", f"+9195555{n:05d}", "namaste")))

    def staff_browse() -> None:
        for _ in range(ROUNDS):
            for path in (*PAGES, f"/campaigns/{campaign['id']}", f"/campaigns/{campaign['id']}/progress"):
                note(path, staff.get(path))

    threads = [threading.Thread(target=sellers_write), threading.Thread(target=staff_browse)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    # Every broadcast message and every reply reaches the provider meanwhile.
    twilio_server[1].wait_for("Messages", SELLERS + INBOUND, timeout=120)

    assert len(answers) == INBOUND + ROUNDS * (len(PAGES) + 2)
    failed = [(what, status) for what, status, _ in answers if status >= 400]
    assert not failed, failed[:10]
    assert not [what for what, _, locked in answers if locked]
    # The provider has every message; the worker records each send just after the provider answers it, so the last few
    # may still be on their way to the database: wait for them (a few seconds at most), then every one must be sent.
    deadline = time.monotonic() + 30
    while True:
        progress = live.get(f"/api/v1/campaigns/{campaign['id']}/progress", headers=headers).json()
        done = progress["counts"]["sent"] + progress["counts"].get("delivered", 0)
        if done == SELLERS or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert done == SELLERS, progress
