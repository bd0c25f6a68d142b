"""Prometheus metrics at /metrics: webhooks, turns, sends and pacing counted, queues read from the database, no personal data, a token in production."""

from __future__ import annotations

import time
from datetime import timedelta

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.main import create_app
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import OutboxMessage, Reminder
from tests.api.campaign_helpers import add_seller
from tests.conftest import TEST_SECRET
from tests.e2e.test_channels_e2e import (  # noqa: F401 - fixtures
    live,
    post_telegram,
    post_whatsapp,
    telegram_server,
    twilio_server,
)
from tests.fakes import telegram_text_update, whatsapp_form


def _scrape(client: TestClient, **headers: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Return every sample of /metrics by (name, labels)."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def _value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_webhooks_turns_and_sends_are_counted_by_channel_and_outcome(live, telegram_server, twilio_server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    before = _scrape(live)
    assert post_telegram(live, telegram_text_update(81_001, 7_100_001, "नमस्ते")).status_code == 200
    assert post_whatsapp(live, whatsapp_form("SM" + "8" * 32, "+919812300001", "namaste")).status_code == 200
    assert post_whatsapp(live, whatsapp_form("SM" + "8" * 32, "+919812300001", "namaste")).status_code == 200  # delivered twice
    assert post_whatsapp(live, whatsapp_form("SM" + "9" * 32, "+919812300002", "hi"), token="wrong-token").status_code == 403
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(telegram_server[1].calls) + len(twilio_server[1].calls) < 2:
        time.sleep(0.05)  # the in-process worker sends the two replies through the fake providers
    time.sleep(0.2)
    after = _scrape(live)

    def grew(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert grew("saathi_webhooks_total", channel="telegram", outcome="ok") == 1
    assert grew("saathi_webhooks_total", channel="whatsapp", outcome="ok") == 2
    assert grew("saathi_webhooks_total", channel="whatsapp", outcome="refused") == 1
    assert grew("saathi_webhook_seconds_count", channel="whatsapp") == 3
    assert grew("saathi_turns_total", channel="telegram", outcome="answered") == 1
    assert grew("saathi_turns_total", channel="whatsapp", outcome="answered") == 1
    assert grew("saathi_turns_total", channel="whatsapp", outcome="duplicate") == 1
    assert grew("saathi_turn_seconds_count", channel="whatsapp") == 2
    assert grew("saathi_sends_total", channel="telegram", outcome="sent", error_code="") >= 1
    assert grew("saathi_sends_total", channel="whatsapp", outcome="sent", error_code="") >= 1
    assert _value(after, "saathi_channel_up", channel="telegram") == 1 and _value(after, "saathi_channel_up", channel="whatsapp") == 1
    paced, limit = _value(after, "saathi_pacing_rate_per_second", channel="whatsapp"), _value(after, "saathi_provider_limit_per_second", channel="whatsapp")
    assert limit == 80 and 0.9 * limit < paced < limit
    text = live.get("/metrics").text
    assert "9812300001" not in text and "नमस्ते" not in text and "namaste" not in text  # counts only, never a person's number or words


def test_queues_are_read_from_the_database_at_each_scrape(client, db) -> None:  # type: ignore[no-untyped-def]
    now = client.app.state.saathi.clock()
    seller_id = add_seller(db, 1)
    with transaction(db) as session:
        for age in (30, 90):
            session.add(OutboxMessage(channel="whatsapp", kind="reply", payload={"to": "x", "text": "t"}, status="pending", priority=0,
                                      due_at=now - timedelta(seconds=age), created_at=now, updated_at=now))
        session.add(OutboxMessage(channel="telegram", kind="reply", payload={"to": "x", "text": "t"}, status="pending", priority=0,
                                  due_at=now + timedelta(hours=1), created_at=now, updated_at=now))  # not due yet
        session.add(Reminder(seller_id=seller_id, stage="profiled", last_activity_at=now, due_at=now - timedelta(seconds=300), updated_at=now))
    samples = _scrape(client)
    assert _value(samples, "saathi_outbox_due", channel="whatsapp") == 2
    assert _value(samples, "saathi_outbox_due", channel="telegram") == 0
    assert 90 <= _value(samples, "saathi_outbox_oldest_due_seconds") < 150
    assert 300 <= _value(samples, "saathi_reminder_lag_seconds") < 360
    assert ("saathi_db_connections_in_use", ()) in samples


def test_a_metrics_token_is_asked_for_and_production_without_one_serves_none(database_url, db) -> None:  # type: ignore[no-untyped-def]
    guarded = Settings(environment="test", database_url=database_url, secret_key=TEST_SECRET, metrics_token="scrape-token-0123456789")
    with TestClient(create_app(guarded)) as client:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 401
        assert _scrape(client, Authorization="Bearer scrape-token-0123456789")
    production = Settings(environment="production", database_url=database_url, secret_key=TEST_SECRET * 2)
    with TestClient(create_app(production)) as client:
        assert client.get("/metrics").status_code == 404


def test_the_grafana_dashboard_asks_only_for_metrics_the_app_serves(live) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    import json
    import re
    from pathlib import Path

    dashboard = json.loads((Path(__file__).resolve().parents[2] / "docs" / "grafana" / "gem-saathi.json").read_text(encoding="utf-8"))
    asked = {re.sub(r"_(total|bucket|sum|count)$", "", name) for panel in dashboard["panels"] for target in panel["targets"]
             for name in re.findall(r"saathi_[a-z0-9_]+", target["expr"])}
    served = {family.name for family in text_string_to_metric_families(live.get("/metrics").text)}
    assert len(asked) >= 12
    assert asked <= served, sorted(asked - served)
