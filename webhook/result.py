"""Delivery reports: what happened to one event at one target, attempt by attempt."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Attempt", "CloseReport", "DeliveryResult"]


@dataclass(frozen=True)
class Attempt:
    """One HTTP attempt: its status (None on a transport error), error text and timings.

    `unconfirmed`: the request may have reached the receiver but its answer was lost (timeout,
    reset), so the receiver may have processed it: a later attempt can be a duplicate.
    """

    status: int | None
    error: str | None
    elapsed: float
    waited: float = 0.0
    unconfirmed: bool = False


@dataclass(frozen=True)
class DeliveryResult:
    """The outcome for one event at one target. Never raised, always returned.

    `delivered` is true only for a 2xx answer. `skipped` events were not sent on purpose (the
    `audit.events` filter). `reason` says why a delivery failed or was skipped; `url` is
    redacted to scheme, host and port, since webhook paths often carry tokens.
    `unconfirmed` counts attempts whose answer was lost after the request may have arrived: the
    receiver may hold that many extra copies (same `delivery_id`). `pending` means the sender
    was closed before the delivery finished; with an outbox it stays there for `replay`.
    `event` is the index of its event among those given to `send_many`/`iter_send` (0 for
    `send`; None for `replay`), so results that arrive out of order can be matched up.
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
    unconfirmed: int = 0
    pending: bool = False
    body: bytes | None = field(default=None, repr=False, compare=False)
    event: int | None = None

    @property
    def ok(self) -> bool:
        """Delivered, or deliberately skipped: nothing for an operator to act on."""
        return self.delivered or self.skipped

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (the CLI prints these)."""
        return {
            "event": self.event,
            "target": self.target,
            "url": self.url,
            "delivered": self.delivered,
            "skipped": self.skipped,
            "status": self.status,
            "attempts": self.attempts,
            "elapsed": round(self.elapsed, 3),
            "reason": self.reason,
            "delivery_id": self.delivery_id,
            "unconfirmed": self.unconfirmed,
            "pending": self.pending,
            "history": [
                {
                    "status": a.status,
                    "error": a.error,
                    "elapsed": round(a.elapsed, 3),
                    "unconfirmed": a.unconfirmed,
                }
                for a in self.history
            ],
        }


@dataclass(frozen=True)
class CloseReport:
    """What closing a sender left undone.

    `pending` lists the delivery ids not finished when the close timeout ran out or that were
    interrupted; `persisted` says whether they are safe in the outbox (else they are lost, and
    this report is the only record). `outbox` counts what the outbox holds after closing.
    """

    pending: tuple[str, ...] = ()
    persisted: bool = False
    timed_out: bool = False
    outbox: dict[str, int] | None = None

    @property
    def clean(self) -> bool:
        """Whether nothing was left unfinished."""
        return not self.pending
