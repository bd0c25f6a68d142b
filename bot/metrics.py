"""Count what the app does for Prometheus: inbound webhooks, turns, sends, pacing, and the database's queues read at scrape time."""

# One registry for the process. Counters and histograms are bumped where the work happens (the webhook
# routes, `intake.take_inbound`, the worker's recorder); what lives in the database (outbox depth, the oldest
# due row, reminder lag, campaign progress) and what lives in other objects (channel health, pacing, the
# connection pool) is read only when Prometheus scrapes, by `StateCollector`. Labels never carry a person's
# number, name or text: channels, outcomes, provider error codes and campaign ids only.

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select

from bot.store.models import Campaign, CampaignRecipient, OutboxMessage, Reminder

log = logging.getLogger(__name__)

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_LATENCY = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

WEBHOOKS = Counter(
    "saathi_webhooks", "Webhook requests answered, by channel and outcome (ok, refused, error)", ["channel", "outcome"], registry=REGISTRY
)
WEBHOOK_SECONDS = Histogram("saathi_webhook_seconds", "Time to answer a webhook request", ["channel"], buckets=_LATENCY, registry=REGISTRY)
TURNS = Counter("saathi_turns", "Inbound messages taken, by channel and outcome (answered, duplicate)", ["channel", "outcome"], registry=REGISTRY)
TURN_SECONDS = Histogram("saathi_turn_seconds", "Time of one turn: read, decide, write, queue the replies", ["channel"], buckets=_LATENCY,
                         registry=REGISTRY)
SENDS = Counter("saathi_sends", "Send attempts recorded, by channel, outcome and provider error code", ["channel", "outcome", "error_code"],
                registry=REGISTRY)
RATE_LIMITED = Counter("saathi_provider_429", "Sends a provider refused with 429 (too many requests)", ["channel"], registry=REGISTRY)
DATABASE_OUTAGES = Counter("saathi_database_outages", "Times the worker found the database unreachable (each outage once)", registry=REGISTRY)


def record_send(channel: str, outcome: str, error_code: str | None) -> None:
    """Count one send's outcome, and a 429 on its own."""
    code = (error_code or "")[:16]
    SENDS.labels(channel, outcome, code).inc()
    if code == "429":
        RATE_LIMITED.labels(channel).inc()


class StateCollector(Collector):
    """Read gauges at scrape time: outbox depth and age, reminder lag, campaign progress, channels, pacing and the pool."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime], channels: Callable[[], Mapping[str, Any]] | None = None,
                 pacing: Callable[[], Mapping[str, tuple[float, float]]] | None = None) -> None:
        self.engine, self.clock, self.channels, self.pacing = engine, clock, channels, pacing

    def describe(self) -> Iterable[Metric]:
        """Describe nothing up front, so registering does not query the database."""
        return []

    def collect(self) -> Iterable[Metric]:
        """Yield the gauges; a database that cannot be read yields only what needs no database."""
        yield from self._channels()
        yield from self._pool()
        try:
            yield from self._database()
        except Exception as error:  # noqa: BLE001 - a scrape must answer even while the database is away
            log.warning("metrics: database figures unavailable (%s)", type(error).__name__)

    def _channels(self) -> Iterable[Metric]:
        up = GaugeMetricFamily("saathi_channel_up", "1 while a channel's provider answers, 0 while it is degraded", labels=["channel"])
        for name, report in (self.channels() if self.channels else {}).items():
            up.add_metric([name], 1.0 if report.get("status") == "up" else 0.0)
        yield up
        rate = GaugeMetricFamily("saathi_pacing_rate_per_second", "The send rate the worker paces each account at", labels=["channel"])
        limit = GaugeMetricFamily("saathi_provider_limit_per_second", "The provider's limit for each account", labels=["channel"])
        for name, (paced, allowed) in (self.pacing() if self.pacing else {}).items():
            rate.add_metric([name], paced)
            limit.add_metric([name], allowed)
        yield rate
        yield limit

    def _pool(self) -> Iterable[Metric]:
        pool = self.engine.pool
        used = GaugeMetricFamily("saathi_db_connections_in_use", "Database connections checked out of this process's pool")
        size = GaugeMetricFamily("saathi_db_pool_size", "Connections this process's pool keeps open")
        checked_out, kept = getattr(pool, "checkedout", None), getattr(pool, "size", None)
        used.add_metric([], float(checked_out()) if callable(checked_out) else 0.0)
        size.add_metric([], float(kept()) if callable(kept) else 0.0)
        yield used
        yield size

    def _database(self) -> Iterable[Metric]:
        now = self.clock()
        depth = GaugeMetricFamily("saathi_outbox_due", "Outbox rows waiting to be sent and already due, by channel", labels=["channel"])
        oldest = GaugeMetricFamily("saathi_outbox_oldest_due_seconds", "How long the oldest due outbox row has waited")
        lag = GaugeMetricFamily("saathi_reminder_lag_seconds", "How long the most overdue reminder has waited past its time")
        progress = GaugeMetricFamily("saathi_campaign_recipients", "Recipients of campaigns still sending, by campaign and status",
                                     labels=["campaign_id", "status"])
        with self.engine.connect() as conn:
            due = (OutboxMessage.status == "pending") & (OutboxMessage.due_at <= now)
            for channel, count in conn.execute(select(OutboxMessage.channel, func.count()).where(due).group_by(OutboxMessage.channel)):
                depth.add_metric([channel], float(count))
            first = conn.execute(select(func.min(OutboxMessage.due_at)).where(due)).scalar()
            oldest.add_metric([], _seconds_since(first, now))
            overdue = conn.execute(select(func.min(Reminder.due_at)).where(Reminder.due_at <= now)).scalar()
            lag.add_metric([], _seconds_since(overdue, now))

            sending = select(Campaign.id).where(Campaign.status == "sending")
            rows = conn.execute(
                select(CampaignRecipient.campaign_id, CampaignRecipient.status, func.count())
                .where(CampaignRecipient.campaign_id.in_(sending))
                .group_by(CampaignRecipient.campaign_id, CampaignRecipient.status)
            )
            for campaign_id, status, count in rows:
                progress.add_metric([str(campaign_id), status], float(count))
        yield from (depth, oldest, lag, progress)


def _seconds_since(moment: datetime | None, now: datetime) -> float:
    """Return the seconds from a moment to now (0 for none), comparing naive and aware times alike."""
    if moment is None:
        return 0.0
    if moment.tzinfo is None and now.tzinfo is not None:
        now = now.replace(tzinfo=None)
    return max((now - moment).total_seconds(), 0.0)


_collector: StateCollector | None = None


def watch(collector: StateCollector) -> None:
    """Read this process's gauges from `collector` at every scrape (a later call replaces an earlier one)."""
    global _collector
    if _collector is not None:
        REGISTRY.unregister(_collector)
    REGISTRY.register(collector)
    _collector = collector


def exposition() -> bytes:
    """Return every metric of this process in Prometheus' text format."""
    return generate_latest(REGISTRY)
