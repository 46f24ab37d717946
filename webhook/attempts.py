"""One delivery's attempts: the tenacity callbacks both senders share, and its final report.

The sync and async twins hand each attempt's outcome here; this module asks `webhook.core`
whether and how long to wait, keeps the per-attempt history (redacted), and turns the last
outcome into a DeliveryResult. Nothing here does I/O except reading the sender's clock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import tenacity

from webhook import core
from webhook.config import redact_url
from webhook.log import module_logger
from webhook.result import Attempt, DeliveryResult

if TYPE_CHECKING:
    import httpx

    from webhook.sender import _Base

__all__ = ["CLOSED", "Outcome", "Run", "judge_error", "judge_response"]

log = module_logger(__name__)

#: The attempt was not made, or was cut short, because the sender is closing.
CLOSED = "closed"


@dataclass(frozen=True)
class Outcome:
    """How one attempt ended, as the policy sees it (`retry_after` is read for RETRY only)."""

    verdict: str
    reason: str | None
    status: int | None = None
    retry_after: str | None = None
    unconfirmed: bool = False


def judge_response(response: httpx.Response) -> Outcome:
    """The outcome of an attempt that got `response` (with its Retry-After when it is retried)."""
    verdict, reason = core.classify_status(response.status_code)
    # Retry-After matters only to a retry; looking a header up costs about 1 µs per response.
    retry_after = response.headers.get("Retry-After") if verdict == core.Verdict.RETRY else None
    return Outcome(verdict, reason, response.status_code, retry_after)


def judge_error(exc: Exception) -> Outcome:
    """The outcome of an attempt that raised `exc` (retry or not, and whether it may have
    arrived)."""
    verdict, reason = core.classify_error(exc)
    return Outcome(verdict, reason, unconfirmed=core.may_have_arrived(exc))


def closed_outcome(unconfirmed: bool = False) -> Outcome:
    return Outcome(CLOSED, "sender closed", unconfirmed=unconfirmed)


class Run:
    """Bookkeeping for one delivery's attempts, shared by the tenacity callbacks."""

    def __init__(self, sender: _Base, prepared: core.Prepared, event: int | None) -> None:
        self.sender = sender
        self.prepared = prepared
        self.event = event
        self.start = sender._clock()
        self.history: list[Attempt] = []
        self.decision: core.Decision | None = None
        self.last_wait = 0.0
        self.last_reason: str | None = None
        self.interrupted = False

    def record(self, t0: float, outcome: Outcome) -> None:
        """Add an attempt that reached the network (CLOSED before sending is not one)."""
        if outcome.verdict == CLOSED and not outcome.unconfirmed:
            return
        elapsed = self.sender._clock() - t0
        error = None if outcome.status else self.sender.redact(outcome.reason or "")
        attempt = Attempt(outcome.status, error, elapsed, self.last_wait, outcome.unconfirmed)
        self.history.append(attempt)
        if outcome.verdict != CLOSED:
            self.last_reason = outcome.reason
        if log.isEnabledFor(logging.DEBUG):
            self._log(attempt)
        if self.sender.on_attempt is not None:
            self.sender.on_attempt(self.prepared.target, self.prepared.delivery_id, attempt)

    def _log(self, attempt: Attempt) -> None:
        """One DEBUG record per attempt; `extra` carries its fields for structured logging."""
        p = self.prepared
        n = len(self.history)
        log.debug(
            "webhook attempt %d: target=%s id=%s %s in %.3fs",
            n,
            p.target.key,
            p.delivery_id,
            f"HTTP {attempt.status}" if attempt.status else attempt.error,
            attempt.elapsed,
            extra={
                "delivery_id": p.delivery_id,
                "target": p.target.key,
                "attempt": n,
                "status": attempt.status,
                "error": attempt.error,
            },
        )

    @staticmethod
    def final(outcome: Outcome) -> bool:
        """Whether `outcome` ends the delivery whatever the policy says (anything but RETRY).

        The senders make the first attempt before building tenacity's loop and skip the loop
        when this holds: `should_retry` would answer False at once, so the result is the same.
        """
        return outcome.verdict != core.Verdict.RETRY

    def should_retry(self, state: tenacity.RetryCallState) -> bool:
        """tenacity's retry test: whether the last attempt's outcome is worth another try."""
        outcome: Outcome = state.outcome.result()  # type: ignore[union-attr]
        if self.final(outcome):
            return False
        if self.sender.closing:
            self.interrupted = True
            return False
        remaining = self.sender.config.max_backoff - (self.sender._clock() - self.start)
        self.decision = core.next_wait(
            len(self.history),
            remaining,
            core.parse_retry_after(outcome.retry_after),
            base=self.sender.backoff_base,
            rand=self.sender._rand,
        )
        return True

    def stop(self, state: tenacity.RetryCallState) -> bool:
        """tenacity's stop test: stop when the last decision allows no further wait."""
        return self.decision is None or self.decision.wait is None

    def wait(self, state: tenacity.RetryCallState) -> float:
        """tenacity's wait: the backoff the last decision chose, in seconds."""
        self.last_wait = self.decision.wait if self.decision and self.decision.wait else 0.0
        return self.last_wait

    def give_up(self, state: tenacity.RetryCallState) -> Outcome:
        """tenacity's retry_error_callback: the last attempt's outcome, returned instead of
        raised."""
        outcome = state.outcome
        assert outcome is not None  # tenacity gives up only after an attempt
        result: Outcome = outcome.result()
        return result

    def retrying_kwargs(self) -> dict[str, Any]:
        """The keyword arguments that make tenacity's Retrying/AsyncRetrying run this delivery."""
        return {
            "retry": self.should_retry,
            "stop": self.stop,
            "wait": self.wait,
            "retry_error_callback": self.give_up,
        }

    def result(self, outcome: Outcome) -> DeliveryResult:
        """The report for this delivery; failures are logged (redacted)."""
        p = self.prepared
        delivered = outcome.verdict == core.Verdict.DELIVERED
        pending = outcome.verdict == CLOSED or self.interrupted
        n = len(self.history)
        if pending:
            last = f" (last: {self.last_reason})" if self.last_reason else ""
            kept = "kept in the outbox" if self.sender.outbox else "NOT persisted (no outbox)"
            reason: str | None = (
                f"sender closed before the delivery finished, after {n} attempt(s){last}; {kept}"
            )
        else:
            reason = outcome.reason
            if outcome.verdict == core.Verdict.RETRY and self.decision and self.decision.reason:
                reason = f"{reason}; gave up after {n} attempt(s): {self.decision.reason}"
        unconfirmed = sum(a.unconfirmed for a in self.history)
        if reason and unconfirmed:
            reason += f"; {unconfirmed} attempt(s) may have reached the receiver"
        result = DeliveryResult(
            target=p.target.index,
            url=redact_url(p.target.url),
            delivered=delivered,
            status=outcome.status,
            attempts=n,
            elapsed=self.sender._clock() - self.start,
            reason=None if delivered else self.sender.redact(reason or ""),
            delivery_id=p.delivery_id,
            history=tuple(self.history),
            unconfirmed=unconfirmed,
            pending=pending and not delivered,
            body=p.body,
            event=self.event,
        )
        if not delivered:
            log.warning(
                "webhook delivery %s: target=%s url=%s id=%s reason=%s",
                "interrupted" if pending else "failed",
                p.target.key,
                result.url,
                p.delivery_id,
                result.reason,
            )
        elif unconfirmed:
            log.info(
                "webhook delivered after %d unconfirmed attempt(s); receiver may see id=%s twice",
                unconfirmed,
                p.delivery_id,
            )
        return result
