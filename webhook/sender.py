"""The thin twins that move bytes: `Sender` (httpx.Client) and `AsyncSender` (httpx.AsyncClient).

Both prepare each (event, target) once with `webhook.core` (render, validate, sign, delivery
id), then let tenacity drive the attempts with the policy from `webhook.core`: the same bytes,
signature and delivery id on every attempt. Their bodies differ only by `await`.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import tenacity

from webhook import core
from webhook.config import Target, WebhookConfig, redact_url
from webhook.event import Event
from webhook.result import Attempt, DeliveryResult

__all__ = ["AsyncSender", "Sender"]

log = logging.getLogger("webhook")

#: Per-attempt timeout (connect, read, write) in seconds; Flipt <= v1.44 used 5 s.
DEFAULT_ATTEMPT_TIMEOUT = 5.0
#: How many deliveries an AsyncSender runs at once.
DEFAULT_CONCURRENCY = 10


@dataclass(frozen=True)
class _Outcome:
    verdict: str
    reason: str | None
    status: int | None
    retry_after: str | None


class _Run:
    """Bookkeeping for one delivery's attempts, shared by the tenacity callbacks."""

    def __init__(self, sender: _Base, prepared: core.Prepared) -> None:
        self.sender = sender
        self.prepared = prepared
        self.start = sender._clock()
        self.history: list[Attempt] = []
        self.decision: core.Decision | None = None
        self.last_wait = 0.0

    def record(self, t0: float, status: int | None, error: str | None) -> None:
        elapsed = self.sender._clock() - t0
        self.history.append(Attempt(status, error, elapsed, self.last_wait))

    def should_retry(self, state: tenacity.RetryCallState) -> bool:
        outcome: _Outcome = state.outcome.result()  # type: ignore[union-attr]
        if outcome.verdict != core.Verdict.RETRY:
            return False
        remaining = self.sender.config.max_backoff - (self.sender._clock() - self.start)
        self.decision = core.next_wait(
            len(self.history),
            remaining,
            core.parse_retry_after(outcome.retry_after),
            rand=self.sender._rand,
        )
        return True

    def stop(self, state: tenacity.RetryCallState) -> bool:
        return self.decision is None or self.decision.wait is None

    def wait(self, state: tenacity.RetryCallState) -> float:
        self.last_wait = self.decision.wait if self.decision and self.decision.wait else 0.0
        return self.last_wait

    def give_up(self, state: tenacity.RetryCallState) -> _Outcome:
        return state.outcome.result()  # type: ignore[union-attr]

    def result(self, outcome: _Outcome) -> DeliveryResult:
        p = self.prepared
        delivered = outcome.verdict == core.Verdict.DELIVERED
        reason = outcome.reason
        if outcome.verdict == core.Verdict.RETRY and self.decision and self.decision.reason:
            n = len(self.history)
            reason = f"{reason}; gave up after {n} attempt(s): {self.decision.reason}"
        result = DeliveryResult(
            target=p.target.index,
            url=redact_url(p.target.url),
            delivered=delivered,
            status=outcome.status,
            attempts=len(self.history),
            elapsed=self.sender._clock() - self.start,
            reason=None if delivered else reason,
            delivery_id=p.delivery_id,
            history=tuple(self.history),
            body=p.body,
        )
        if not delivered:
            log.warning(
                "webhook delivery failed: target=%s url=%s id=%s reason=%s",
                p.target.key,
                result.url,
                p.delivery_id,
                result.reason,
            )
        return result

    def retrying_kwargs(self) -> dict[str, Any]:
        return {
            "retry": self.should_retry,
            "stop": self.stop,
            "wait": self.wait,
            "retry_error_callback": self.give_up,
        }


class _Base:
    """What both twins share: configuration, injected time, and preparing deliveries."""

    def __init__(
        self,
        config: WebhookConfig,
        *,
        attempt_timeout: float = DEFAULT_ATTEMPT_TIMEOUT,
        verify: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
        rand: Callable[[float, float], float] = random.uniform,
    ) -> None:
        self.config = config
        self.attempt_timeout = attempt_timeout
        self.verify = config.tls_verify if verify is None else verify
        self._clock = clock
        self._rand = rand

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.config!r}, attempt_timeout={self.attempt_timeout})"

    def _plan(self, event: Event | Mapping[str, Any]) -> list[core.Prepared | DeliveryResult]:
        """One entry per target: a request to send, or a final result (skipped / not renderable)."""
        if not isinstance(event, Event):
            event = Event.from_dict(event)
        plan: list[core.Prepared | DeliveryResult] = []
        for target in self.config.targets:
            if not self.config.accepts(event):
                reason = f"filtered out by audit.events (event is {event.pair})"
                plan.append(self._final(target, reason, skipped=True))
                continue
            try:
                plan.append(core.prepare(target, event, self.config.signing_secret))
            except core.RenderError as exc:
                plan.append(self._final(target, exc.reason))
            except Exception as exc:  # a renderer bug must not lose the event silently
                plan.append(self._final(target, f"internal error rendering: {exc!r}"))
        return plan

    def _final(self, target: Target, reason: str, *, skipped: bool = False) -> DeliveryResult:
        if not skipped:
            log.warning("webhook event not sent: target=%s reason=%s", target.key, reason)
        return DeliveryResult(
            target=target.index,
            url=redact_url(target.url),
            delivered=False,
            status=None,
            attempts=0,
            elapsed=0.0,
            reason=reason,
            skipped=skipped,
        )

    def _timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.attempt_timeout)


def _judge_response(response: httpx.Response) -> _Outcome:
    verdict, reason = core.classify_status(response.status_code)
    return _Outcome(verdict, reason, response.status_code, response.headers.get("Retry-After"))


def _judge_error(exc: Exception) -> _Outcome:
    verdict, reason = core.classify_error(exc)
    return _Outcome(verdict, reason, None, None)


class Sender(_Base):
    """Delivers events one at a time over an `httpx.Client`, as Flipt's sinks do.

    `send(event)` returns one DeliveryResult per target and never raises for a failed delivery.
    `sleep`, `clock` and `transport` are injectable for tests.
    """

    def __init__(
        self,
        config: WebhookConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **kwargs: Any,
    ) -> None:
        super().__init__(config, **kwargs)
        self._sleep = sleep
        self._client = httpx.Client(transport=transport, verify=self.verify, follow_redirects=False)

    def send(self, event: Event | Mapping[str, Any]) -> list[DeliveryResult]:
        """Deliver `event` to every target; one result per target, in target order."""
        return [
            item if isinstance(item, DeliveryResult) else self._deliver(item)
            for item in self._plan(event)
        ]

    def send_many(self, events: Iterable[Event | Mapping[str, Any]]) -> list[list[DeliveryResult]]:
        """`send` for each event in order."""
        return [self.send(e) for e in events]

    def _deliver(self, prepared: core.Prepared) -> DeliveryResult:
        run = _Run(self, prepared)

        def attempt() -> _Outcome:
            t0 = self._clock()
            try:
                with self._client.stream(
                    "POST",
                    prepared.target.url,
                    content=prepared.body,
                    headers=list(prepared.headers),
                    timeout=self._timeout(),
                ) as response:
                    outcome = _judge_response(response)
            except httpx.HTTPError as exc:
                outcome = _judge_error(exc)
            run.record(t0, outcome.status, None if outcome.status else outcome.reason)
            return outcome

        retrying = tenacity.Retrying(sleep=self._sleep, **run.retrying_kwargs())
        return run.result(retrying(attempt))

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Sender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncSender(_Base):
    """The asyncio twin of Sender over an `httpx.AsyncClient`.

    Targets of one event, and the events of `send_many`, are delivered concurrently, at most
    `max_concurrency` at a time.
    """

    def __init__(
        self,
        config: WebhookConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        max_concurrency: int = DEFAULT_CONCURRENCY,
        **kwargs: Any,
    ) -> None:
        super().__init__(config, **kwargs)
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self._sleep = sleep
        self._limit = asyncio.Semaphore(max_concurrency)
        self.max_concurrency = max_concurrency
        self._client = httpx.AsyncClient(
            transport=transport, verify=self.verify, follow_redirects=False
        )

    async def send(self, event: Event | Mapping[str, Any]) -> list[DeliveryResult]:
        """Deliver `event` to every target; one result per target, in target order."""
        plan = self._plan(event)
        return list(await asyncio.gather(*(self._settle(item) for item in plan)))

    async def send_many(
        self, events: Iterable[Event | Mapping[str, Any]]
    ) -> list[list[DeliveryResult]]:
        """`send` for every event, concurrently (bounded); results in event order."""
        return list(await asyncio.gather(*(self.send(e) for e in events)))

    async def _settle(self, item: core.Prepared | DeliveryResult) -> DeliveryResult:
        if isinstance(item, DeliveryResult):
            return item
        async with self._limit:
            return await self._deliver(item)

    async def _deliver(self, prepared: core.Prepared) -> DeliveryResult:
        run = _Run(self, prepared)

        async def attempt() -> _Outcome:
            t0 = self._clock()
            try:
                async with self._client.stream(
                    "POST",
                    prepared.target.url,
                    content=prepared.body,
                    headers=list(prepared.headers),
                    timeout=self._timeout(),
                ) as response:
                    outcome = _judge_response(response)
            except httpx.HTTPError as exc:
                outcome = _judge_error(exc)
            run.record(t0, outcome.status, None if outcome.status else outcome.reason)
            return outcome

        retrying = tenacity.AsyncRetrying(sleep=self._sleep, **run.retrying_kwargs())
        return run.result(await retrying(attempt))

    async def close(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> AsyncSender:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
