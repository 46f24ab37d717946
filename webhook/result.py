"""Delivery reports: what happened to one event at one target, attempt by attempt."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Attempt", "DeliveryResult"]


@dataclass(frozen=True)
class Attempt:
    """One HTTP attempt: its status (None on a transport error), error text and timings."""

    status: int | None
    error: str | None
    elapsed: float
    waited: float = 0.0


@dataclass(frozen=True)
class DeliveryResult:
    """The outcome for one event at one target. Never raised, always returned.

    `delivered` is true only for a 2xx answer. `skipped` events were not sent on purpose (the
    `audit.events` filter). `reason` says why a delivery failed or was skipped; `url` is
    redacted to scheme, host and port, since webhook paths often carry tokens.
    """

    target: int
    url: str
    delivered: bool
    status: int | None
    attempts: int
    elapsed: float
    reason: str | None
    delivery_id: str | None = None
    skipped: bool = False
    history: tuple[Attempt, ...] = ()
    body: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """Delivered, or deliberately skipped: nothing for an operator to act on."""
        return self.delivered or self.skipped

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (the CLI prints these)."""
        return {
            "target": self.target,
            "url": self.url,
            "delivered": self.delivered,
            "skipped": self.skipped,
            "status": self.status,
            "attempts": self.attempts,
            "elapsed": round(self.elapsed, 3),
            "reason": self.reason,
            "delivery_id": self.delivery_id,
            "history": [
                {"status": a.status, "error": a.error, "elapsed": round(a.elapsed, 3)}
                for a in self.history
            ],
        }
