"""The relay's Prometheus metrics, in a registry of its own (prometheus-client renders it).

Counters say what happened since start; the two gauges read the outbox at scrape time, so
they also count what an earlier run left behind.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from webhook.outbox import DEAD, PENDING, Outbox, OutboxError
from webhook.result import DeliveryResult

__all__ = ["CONTENT_TYPE_LATEST", "REJECTIONS", "RelayMetrics"]

#: Why an inbound request is refused (the `reason` label), with the status Flipt gets.
REJECTIONS = {"signature": 401, "not_an_event": 400, "too_large": 413, "unavailable": 503}
#: Attempt latencies: a local receiver answers in milliseconds, Slack in a few hundred.
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def _stored(outbox: Outbox, state: str) -> float:
    """Rows in `state`; NaN when the outbox cannot be read (/healthz says why)."""
    try:
        return outbox.counts()[state]
    except OutboxError:
        return float("nan")


class RelayMetrics:
    """Counters the relay updates as it accepts and settles deliveries."""

    def __init__(self, outbox: Outbox) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.accepted = Counter(
            "webhook_relay_events_accepted",
            "Events stored in the outbox and answered 200",
            registry=r,
        )
        self.rejected = Counter(
            "webhook_relay_requests_rejected", "Inbound requests refused", ["reason"], registry=r
        )
        for reason in REJECTIONS:
            self.rejected.labels(reason=reason)
        self.delivered = Counter(
            "webhook_relay_deliveries_delivered", "Deliveries a target answered 2xx", registry=r
        )
        self.failed = Counter(
            "webhook_relay_deliveries_failed",
            "Deliveries that became dead letters (not renderable, or retries exhausted)",
            registry=r,
        )
        pending = Gauge(
            "webhook_relay_deliveries_pending", "Deliveries pending in the outbox", registry=r
        )
        pending.set_function(lambda: _stored(outbox, PENDING))
        dead = Gauge("webhook_relay_dead_letters", "Dead letters in the outbox", registry=r)
        dead.set_function(lambda: _stored(outbox, DEAD))
        self.attempt_seconds = Histogram(
            "webhook_relay_attempt_duration_seconds",
            "Duration of each outbound HTTP attempt",
            buckets=_BUCKETS,
            registry=r,
        )

    def settled(self, result: DeliveryResult) -> None:
        """Count a finished delivery; an interrupted one (`pending`) stays in the outbox."""
        for attempt in result.history:
            self.attempt_seconds.observe(attempt.elapsed)
        if result.delivered:
            self.delivered.inc()
        elif not result.pending and not result.skipped:
            self.failed.inc()

    def render(self) -> bytes:
        """The Prometheus text format of every metric."""
        return generate_latest(self.registry)
