"""The thin twins that move bytes: `Sender` (httpx.Client) and `AsyncSender` (httpx.AsyncClient).

Both deliver in two public steps, which `send_many`, `iter_send`, `replay` and the relay
(webhook.relay) all use: `accept` prepares each (event, target) once with `webhook.core`
(render, validate, sign, delivery id) and commits the lot to the outbox, when one is
configured, in one transaction; `settle` makes the first attempt, lets tenacity drive any
retries with the policy from `webhook.core` (via `webhook.attempts`), with the same bytes,
signature and delivery id on every attempt, and brings the outbox up to date. `accept` and
`replay_plan` are one shared copy; the twins' `settle` bodies differ only by `await` and by
how they wait and close.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import threading
import time
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from typing import Any

import httpx
import tenacity

from gotmpl.json import to_json
from webhook import core, standard
from webhook.attempts import Outcome, Run, closed_outcome, judge_error, judge_response
from webhook.config import Target, WebhookConfig, redact_url
from webhook.event import Event, EventError
from webhook.log import module_logger
from webhook.outbox import DEAD, PENDING, Letter, Outbox, OutboxError
from webhook.redact import Redactor, watch_httpx_logs
from webhook.result import Attempt, CloseReport, DeliveryResult

__all__ = ["AsyncSender", "Planned", "Sender"]

log = module_logger(__name__)

EventLike = Event | Mapping[str, Any]
#: One (event, target) after `accept` or `replay_plan`: a request to settle, or its final
#: result already (filtered out by `audit.events`, or not renderable: a dead letter).
Planned = core.Prepared | DeliveryResult
#: Called with (index, result) as each result is decided (`send_many`, `replay`).
OnResult = Callable[[int, DeliveryResult], object]
#: Called with (target, delivery id, attempt) after every attempt that reached the network.
OnAttempt = Callable[[Target, str, Attempt], object]


def _event_json(event: Event) -> str | None:
    try:
        return to_json(event)
    except Exception:  # an event that cannot be encoded is still reported, just not stored
        return None


#: How much of a response body is read so that its connection can serve the next request
#: (as go-retryablehttp drains up to 4 KiB); the verdict comes from the status alone.
DRAIN_LIMIT = 4096


def _drain(response: httpx.Response) -> None:
    """Read up to DRAIN_LIMIT bytes of the body; a failure here changes no verdict."""
    seen = 0
    try:
        for chunk in response.iter_raw():
            seen += len(chunk)
            if seen >= DRAIN_LIMIT:
                break
    except (httpx.HTTPError, httpx.StreamError):
        pass


async def _adrain(response: httpx.Response) -> None:
    """The async twin of `_drain`."""
    seen = 0
    try:
        async for chunk in response.aiter_raw():
            seen += len(chunk)
            if seen >= DRAIN_LIMIT:
                break
    except (httpx.HTTPError, httpx.StreamError):
        pass


def _parse_url(url: str) -> httpx.URL | None:
    """The URL as httpx would parse it for a request, or None: that request then fails as it
    would have with the string (and is judged as such)."""
    try:
        return httpx.URL(url)
    except Exception:
        return None


class _NoCookies(httpx.Cookies):
    """A cookie store that keeps nothing: every response's cookies are dropped unread."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


_NO_COOKIES = _NoCookies()


class _NoCookieJar:
    """httpx clients without a cookie jar, as Flipt's Go client has none (`http.Client.Jar` is
    nil): a cookie a receiver sets is never stored or sent back. httpx would otherwise parse
    every response into its jar, about 15 µs a request (4% of a delivery to a local receiver)."""

    @property
    def cookies(self) -> httpx.Cookies:
        return _NO_COOKIES

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        pass  # the client's own (empty) jar, set as it is made, is never used


class _Client(_NoCookieJar, httpx.Client):
    pass


class _AsyncClient(_NoCookieJar, httpx.AsyncClient):
    pass


class _Base:
    """What both twins share: configuration, injected time, planning and the outbox."""

    def __init__(
        self,
        config: WebhookConfig,
        *,
        attempt_timeout: float | None = None,
        verify: bool | None = None,
        outbox: Outbox | str | os.PathLike[str] | bool | None = None,
        backoff_base: float | None = None,
        close_timeout: float | None = None,
        on_attempt: OnAttempt | None = None,
        clock: Callable[[], float] = time.monotonic,
        rand: Callable[[float, float], float] = random.uniform,
    ) -> None:
        opts = config.options
        self.config = config
        self.on_attempt = on_attempt
        self.attempt_timeout = opts.attempt_timeout if attempt_timeout is None else attempt_timeout
        self.verify = opts.tls_verify if verify is None else verify
        self.backoff_base = opts.backoff_base if backoff_base is None else backoff_base
        self.close_timeout = opts.close_timeout if close_timeout is None else close_timeout
        self._clock = clock
        self._rand = rand
        self.redact = Redactor.from_config(config)
        watch_httpx_logs(self.redact)
        if outbox is None or outbox is True:
            outbox = opts.outbox
        self._owns_outbox = not isinstance(outbox, Outbox)
        self.outbox: Outbox | None = (
            outbox if isinstance(outbox, Outbox) else Outbox(outbox) if outbox else None
        )
        self._attempt_timeout = httpx.Timeout(self.attempt_timeout)
        self._standard_key = config.standard_key()
        # httpx parses a str URL on every request; the targets' URLs are parsed here once.
        self._urls = {t.url: u for t in config.targets if (u := _parse_url(t.url)) is not None}
        self._closed = False
        self._interrupted: set[str] = set()
        self._active: set[str] = set()
        self.last_close: CloseReport | None = None

    def __repr__(self) -> str:
        box = f", outbox={self.outbox.path!r}" if self.outbox else ""
        return (
            f"{type(self).__name__}({self.config!r}, attempt_timeout={self.attempt_timeout}{box})"
        )

    @property
    def closing(self) -> bool:
        """Whether close() has begun (no new attempts start)."""
        raise NotImplementedError

    def _check_open(self) -> None:
        if self._closed or self.closing:
            raise RuntimeError(f"{type(self).__name__} is closed")

    # -- planning: decide what to send, record acceptance -------------------------------------

    def _plan(self, event: Event, n: int) -> list[Planned]:
        """One entry per target: a request to send, or a final result (skipped / not renderable)."""
        plan: list[Planned] = []
        for item in core.plan(self.config, event):
            if isinstance(item, core.Refused):
                delivery_id = None if item.skipped else core.new_delivery_id()
                plan.append(
                    self._final(
                        item.target,
                        item.reason,
                        skipped=item.skipped,
                        delivery_id=delivery_id,
                        event=n,
                    )
                )
            else:
                plan.append(item)
        return plan

    def _prepare(self, target: Target, event: Event, delivery_id: str | None = None) -> Planned:
        budget = self.config.options.template_budget
        return core.prepare(target, event, self.config.flipt_secret, delivery_id, budget)

    def _final(
        self,
        target: Target,
        reason: str,
        *,
        skipped: bool = False,
        delivery_id: str | None = None,
        key: str | None = None,
        event: int | None = None,
    ) -> DeliveryResult:
        reason = self.redact(reason)
        if not skipped:
            log.warning("webhook event not sent: target=%s reason=%s", key or target.key, reason)
        return DeliveryResult(
            target=target.index,
            url=redact_url(target.url),
            delivered=False,
            status=None,
            attempts=0,
            elapsed=0.0,
            reason=reason,
            delivery_id=delivery_id,
            skipped=skipped,
            event=event,
        )

    def _store(self, events: Sequence[Event | None], plans: Sequence[list[Planned]]) -> None:
        """Store every planned delivery (and every unrenderable event as a dead letter) in one
        durable transaction before anything is sent. Raises OutboxError: nothing accepted."""
        if self.outbox is None:
            return
        letters: list[Letter] = []
        now = time.time()
        for event, plan in zip(events, plans, strict=True):
            for target, item in zip(self.config.targets, plan, strict=True):
                if isinstance(item, core.Prepared):
                    letters.append(
                        Letter(item.delivery_id, target.key, PENDING, item.body, None, 0, None, now)
                    )
                elif not item.skipped and item.delivery_id and event is not None:
                    letters.append(
                        Letter(
                            item.delivery_id,
                            target.key,
                            DEAD,
                            None,
                            _event_json(event),
                            0,
                            item.reason,
                            now,
                        )
                    )
        self.outbox.accept(letters)

    def accept(self, events: Iterable[EventLike], *, first: int = 0) -> list[list[Planned]]:
        """Plan every event for every target and commit the lot to the outbox (if any) in one
        durable transaction, before anything is sent; returns one plan per event, one entry
        per target in target order: a `core.Prepared` request for `settle`, or the final
        DeliveryResult of a delivery that will not be attempted (`skipped` by `audit.events`,
        or not renderable, which is stored as a dead letter). `first` numbers the events
        (`DeliveryResult.event`).

        Raises OutboxError (nothing was accepted), EventError for an event mapping that is
        not an event, RuntimeError once the sender is closing. The commit blocks: from async
        code with an outbox, `await asyncio.to_thread(sender.accept, events)` keeps the loop
        free (the relay does; `send_many` does not, for speed).
        """
        self._check_open()
        decoded = [e if isinstance(e, Event) else Event.from_dict(e) for e in events]
        plans = [self._plan(e, n) for n, e in enumerate(decoded, first)]
        self._store(decoded, plans)
        return plans

    def replay_plan(self, states: Iterable[str] = (DEAD, PENDING)) -> list[Planned]:
        """The outbox's deliveries in `states` as requests for `settle` again: the same
        delivery id and body, headers and signature from the current config; a stored event
        without a body is rendered now (still failing: its DeliveryResult, and the outbox
        updated). A row whose target is no longer configured is a DeliveryResult with
        `target == -1`, kept in the outbox. What `replay` sends. RuntimeError without an
        outbox or once the sender is closing."""
        self._check_open()
        if self.outbox is None:
            raise RuntimeError("replay needs an outbox (audit.sinks.webhook.sender.outbox)")
        targets = {t.key: t for t in self.config.targets}
        plan: list[Planned] = []
        for letter in self.outbox.letters(states):
            target = targets.get(letter.target_key)
            item: Planned
            if target is None:
                item = DeliveryResult(
                    target=-1,
                    url="",
                    delivered=False,
                    status=None,
                    attempts=0,
                    elapsed=0.0,
                    reason=f"{letter.target_key} is no longer configured; kept in the outbox",
                    delivery_id=letter.delivery_id,
                )
            elif letter.body is not None:
                secret = self.config.flipt_secret
                item = core.prepare_body(target, letter.body, secret, letter.delivery_id)
            else:
                try:
                    event = Event.from_json(letter.event or "null")
                    item = self._prepare(target, event, letter.delivery_id)
                except (core.RenderError, EventError) as exc:
                    reason = exc.reason if isinstance(exc, core.RenderError) else str(exc)
                    item = self._final(target, reason, delivery_id=letter.delivery_id)
                if isinstance(item, DeliveryResult):
                    self._record(item, letter.body)
            plan.append(item)
        return plan

    def _record(self, result: DeliveryResult, body: bytes | None) -> DeliveryResult:
        """Bring the outbox up to date with a finished (or interrupted) delivery."""
        if result.pending and result.delivery_id:
            self._interrupted.add(result.delivery_id)
        if self.outbox is None or result.skipped or not result.delivery_id:
            return result
        try:
            if result.delivered:
                self.outbox.delivered(result.delivery_id)
            else:
                state = PENDING if result.pending else DEAD
                self.outbox.update(result.delivery_id, state, result.attempts, result.reason, body)
        except OutboxError as exc:
            # The row keeps its previous state: at worst a delivered event is replayed again.
            log.error("webhook outbox update failed for id=%s: %s", result.delivery_id, exc)
        return result

    def _close_report(self, timed_out: bool) -> CloseReport:
        pending = tuple(sorted(self._interrupted | self._active))
        counts = None
        if self.outbox is not None:
            try:
                counts = self.outbox.counts()
            except OutboxError:
                counts = None
            if self._owns_outbox:
                self.outbox.close()
        report = CloseReport(pending, self.outbox is not None, timed_out, counts)
        self.last_close = report
        if pending:
            where = "kept in the outbox" if self.outbox else "NOT persisted (no outbox)"
            log.warning(
                "webhook sender closed with %d unfinished delivery(ies), %s: %s",
                len(pending),
                where,
                ", ".join(pending),
            )
        return report

    def _request_kwargs(self, prepared: core.Prepared) -> dict[str, Any]:
        headers = prepared.headers
        if self._standard_key is not None:
            headers = _standard_headers(prepared, self._standard_key, int(time.time()))
        return {
            "method": "POST",
            "url": self._urls.get(prepared.target.url, prepared.target.url),
            "content": prepared.body,
            # Go writes a value's UTF-8 bytes; httpx would encode str values as ASCII
            "headers": httpx.Headers(headers, encoding="utf-8"),
            "timeout": self._attempt_timeout,
            "follow_redirects": False,
        }


def _standard_headers(
    prepared: core.Prepared, key: bytes, timestamp: int
) -> tuple[tuple[str, str], ...]:
    """The request's headers under Standard Webhooks: signed for this attempt, at `timestamp`,
    so a late retry still falls within a receiver's tolerance."""
    kept = tuple(h for h in prepared.headers if h[0].lower() not in standard.NAMES)
    return kept + standard.signed_headers(key, prepared.delivery_id, prepared.body, timestamp)


def _check_client(
    config: WebhookConfig, client: object, transport: object, verify: bool | None
) -> None:
    """A client you give is used as it is: its transport and TLS settings are its own."""
    if client is None:
        return
    if transport is not None:
        raise ValueError("pass transport= or client=, not both (give the client its transport)")
    if verify is not None:
        raise ValueError("verify= does not apply to a client you give; set its verify instead")
    if not config.options.tls_verify:
        log.warning("sender.tls_verify: false does not apply to a client you give")


async def _each(events: Iterable[EventLike] | AsyncIterable[EventLike]) -> AsyncIterator[EventLike]:
    """The events of an iterable or an async iterable, one at a time."""
    if isinstance(events, AsyncIterable):
        async for event in events:
            yield event
    else:
        for event in events:
            yield event


def _regroup(
    plans: list[list[Planned]], flat: Sequence[DeliveryResult]
) -> list[list[DeliveryResult]]:
    out, i = [], 0
    for plan in plans:
        out.append(list(flat[i : i + len(plan)]))
        i += len(plan)
    return out


class Sender(_Base):
    """Delivers events one at a time over an `httpx.Client`, as Flipt's sinks do.

    `send(event)` returns one DeliveryResult per target and never raises for a failed delivery.
    `close(timeout)` may be called from another thread: waits are cut short, no new attempt
    starts, and what is unfinished is reported (and stays in the outbox). `sleep`, `clock` and
    `transport` are injectable for tests.

    `client=httpx.Client(...)` sends through your client (its hooks, limits, proxies, TLS
    settings and default headers) instead of the sender's own; see the README for what each
    request sets on it. The sender never closes a client it was given.
    """

    def __init__(
        self,
        config: WebhookConfig,
        *,
        client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        _check_client(config, client, transport, kwargs.get("verify"))
        super().__init__(config, **kwargs)
        self._closing = threading.Event()
        self._cond = threading.Condition()
        self._sleep: Callable[[float], Any] = sleep or self._backoff_wait
        self._owns_client = client is None
        self._client = client or _Client(
            transport=transport, verify=self.verify, follow_redirects=False
        )

    def _backoff_wait(self, seconds: float) -> None:
        """Wait out a retry's backoff; close() cuts the wait short."""
        self._closing.wait(seconds)

    @property
    def closing(self) -> bool:
        """Whether close() has begun."""
        return self._closing.is_set()

    def send(self, event: EventLike) -> list[DeliveryResult]:
        """Deliver `event` to every target; one result per target, in target order."""
        return self.send_many([event])[0]

    def send_many(
        self, events: Iterable[EventLike], *, on_result: OnResult | None = None
    ) -> list[list[DeliveryResult]]:
        """Accept every event (into the outbox, if any), then deliver them in order.

        `on_result(n, result)` is called as each result is decided (n: the event's index),
        before the next delivery starts; what it raises propagates.
        """
        plans = self.accept(events)
        flat = []
        for n, plan in enumerate(plans):
            for item in plan:
                result = self.settle(item, n)
                if on_result is not None:
                    on_result(n, result)
                flat.append(result)
        return _regroup(plans, flat)

    def iter_send(self, events: Iterable[EventLike]) -> Iterator[DeliveryResult]:
        """Deliver events one after another, yielding each result as soon as it is decided
        (`result.event` is the event's index). Events are read from `events` only as they
        are needed (a generator or an endless stream works), each stored in the outbox, if
        any, just before its first delivery. Closing the generator early sends nothing more.
        """
        for n, event in enumerate(events):
            for item in self.accept((event,), first=n)[0]:
                yield self.settle(item, n)

    def replay(
        self, states: Iterable[str] = (DEAD, PENDING), *, on_result: OnResult | None = None
    ) -> list[DeliveryResult]:
        """Resend what the outbox holds (dead letters and interrupted deliveries);
        `on_result(n, result)` as in send_many (n: the position in the returned list)."""
        results = []
        for n, item in enumerate(self.replay_plan(states)):
            results.append(result := self.settle(item))
            if on_result is not None:
                on_result(n, result)
        return results

    def settle(self, item: Planned, event: int | None = None) -> DeliveryResult:
        """Deliver one planned request with every retry rule, record the outcome in the outbox
        (delivered: removed; failed: a dead letter; cut short by close: still pending), and
        return its result (`event` sets `result.event`). A DeliveryResult `item` is already
        final and comes back as it is. Never raises for a failed delivery."""
        if isinstance(item, DeliveryResult):
            return item
        with self._cond:
            self._active.add(item.delivery_id)
        try:
            return self._record(self._deliver(item, event), item.body)
        except BaseException:  # Ctrl-C, a callback's error: unfinished, so close() says so
            self._interrupted.add(item.delivery_id)
            raise
        finally:
            with self._cond:
                self._active.discard(item.delivery_id)
                if self.closing:  # only close() waits for this, and it sets closing first
                    self._cond.notify_all()

    def _deliver(self, prepared: core.Prepared, event: int | None) -> DeliveryResult:
        run = Run(self, prepared, event)

        def attempt() -> Outcome:
            if self.closing:
                return closed_outcome()
            t0 = self._clock()
            try:
                with self._client.stream(**self._request_kwargs(prepared)) as response:
                    outcome = judge_response(response)
                    _drain(response)
            except httpx.HTTPError as exc:
                outcome = judge_error(exc)
            except RuntimeError as exc:
                # the client was closed under us by close(timeout)
                outcome = closed_outcome(unconfirmed=True) if self.closing else judge_error(exc)
            except Exception as exc:  # one target's failure never escapes send
                outcome = judge_error(exc)
            run.record(t0, outcome)
            return outcome

        first = attempt()
        if run.final(first):
            return run.result(first)
        # tenacity takes over from the first attempt, which it sees as its own attempt 1.
        replay = iter((first,))
        retrying = tenacity.Retrying(sleep=self._sleep, **run.retrying_kwargs())
        return run.result(retrying(lambda: next(replay, None) or attempt()))

    def close(self, timeout: float | None = None) -> CloseReport:
        """Stop: let in-flight attempts finish for up to `timeout` seconds (default
        `close_timeout`), then report what is unfinished. Idempotent."""
        if self._closed:
            return self.last_close or CloseReport()
        self._closing.set()
        timeout = self.close_timeout if timeout is None else timeout
        with self._cond:
            finished = self._cond.wait_for(lambda: not self._active, timeout)
            self._closed = True
        if self._owns_client:
            self._client.close()  # also ends attempts still in flight
        return self._close_report(timed_out=not finished)

    def __enter__(self) -> Sender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncSender(_Base):
    """The asyncio twin of Sender over an `httpx.AsyncClient` whose transport is aiohttp's
    pool (`webhook.transport.AiohttpTransport`); `transport=httpx.AsyncHTTPTransport()` gives
    httpx's own.

    Targets of one event, and the events of `send_many`, are delivered concurrently, at most
    `max_concurrency` at a time (default: the config's `sender.max_concurrency`).
    `client=httpx.AsyncClient(...)` sends through your client, as for Sender.
    """

    def __init__(
        self,
        config: WebhookConfig,
        *,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        max_concurrency: int | None = None,
        **kwargs: Any,
    ) -> None:
        _check_client(config, client, transport, kwargs.get("verify"))
        super().__init__(config, **kwargs)
        if max_concurrency is None:
            max_concurrency = config.options.max_concurrency
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self._injected_sleep = sleep
        self._limit = asyncio.Semaphore(max_concurrency)
        self.max_concurrency = max_concurrency
        self._closing = asyncio.Event()
        self._idle = asyncio.Condition()
        self._posts: set[asyncio.Task[Outcome]] = set()
        self._owns_client = client is None
        if client is not None:
            self._client = client
            return
        if transport is None:
            # httpx's own async pool is several times slower than aiohttp's (webhook.transport)
            from webhook.transport import AiohttpTransport

            transport = AiohttpTransport(verify=self.verify)
        self._client = _AsyncClient(transport=transport, verify=self.verify, follow_redirects=False)

    @property
    def closing(self) -> bool:
        """Whether close() has begun."""
        return self._closing.is_set()

    async def _sleep(self, seconds: float) -> None:
        if self._injected_sleep is not None:
            await self._injected_sleep(seconds)
            return
        with contextlib.suppress(TimeoutError):  # a close interrupts the wait
            await asyncio.wait_for(self._closing.wait(), seconds)

    async def send(self, event: EventLike) -> list[DeliveryResult]:
        """Deliver `event` to every target; one result per target, in target order."""
        return (await self.send_many([event]))[0]

    async def send_many(
        self, events: Iterable[EventLike], *, on_result: OnResult | None = None
    ) -> list[list[DeliveryResult]]:
        """Accept every event (into the outbox, if any), then deliver them concurrently
        (bounded); results in event order.

        `on_result(n, result)` is called as each result is decided, in the order they are
        (n: the event's index); what it raises propagates.
        """
        plans = self.accept(events)
        items = [(n, item) for n, plan in enumerate(plans) for item in plan]
        flat = await asyncio.gather(*(self._settle_and_tell(n, i, on_result, n) for n, i in items))
        return _regroup(plans, flat)

    async def iter_send(
        self, events: Iterable[EventLike] | AsyncIterable[EventLike]
    ) -> AsyncIterator[DeliveryResult]:
        """Deliver events concurrently (at most `max_concurrency` in flight), yielding each
        result as soon as it is decided, in the order deliveries finish (`result.event` is the
        event's index). Events, from an iterable or an async iterable, are read only as slots
        free up (an endless stream works), each stored in the outbox, if any, just before its
        first delivery. Leaving the loop early cancels the deliveries still in flight (with an
        outbox they stay pending there, for `replay`).
        """
        running: set[asyncio.Task[DeliveryResult]] = set()
        try:
            n = 0
            async for event in _each(events):
                for item in self.accept((event,), first=n)[0]:
                    if isinstance(item, DeliveryResult):
                        yield item
                        continue
                    running.add(asyncio.ensure_future(self.settle(item, n)))
                    while len(running) >= self.max_concurrency:
                        done, running = await asyncio.wait(
                            running, return_when=asyncio.FIRST_COMPLETED
                        )
                        for task in done:
                            yield task.result()
                n += 1
            while running:
                done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    yield task.result()
        finally:
            for task in running:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)

    async def replay(
        self, states: Iterable[str] = (DEAD, PENDING), *, on_result: OnResult | None = None
    ) -> list[DeliveryResult]:
        """Resend what the outbox holds (dead letters and interrupted deliveries);
        `on_result(n, result)` as in send_many (n: the position in the returned list)."""
        items = enumerate(self.replay_plan(states))
        return list(
            await asyncio.gather(*(self._settle_and_tell(n, i, on_result, None) for n, i in items))
        )

    async def _settle_and_tell(
        self, n: int, item: Planned, on_result: OnResult | None, event: int | None
    ) -> DeliveryResult:
        result = await self.settle(item, event)
        if on_result is not None:
            on_result(n, result)
        return result

    async def settle(self, item: Planned, event: int | None = None) -> DeliveryResult:
        """Deliver one planned request, as Sender.settle does; at most `max_concurrency`
        settle at once."""
        if isinstance(item, DeliveryResult):
            return item
        self._active.add(item.delivery_id)
        try:
            async with self._limit:
                result = await self._deliver(item, event)
            return self._record(result, item.body)
        except BaseException:  # cancelled, a callback's error: unfinished, so close() says so
            self._interrupted.add(item.delivery_id)
            raise
        finally:
            async with self._idle:
                self._active.discard(item.delivery_id)
                if self.closing:  # only close() waits for this, and it sets closing first
                    self._idle.notify_all()

    async def _post(self, prepared: core.Prepared) -> Outcome:
        try:
            async with self._client.stream(**self._request_kwargs(prepared)) as response:
                outcome = judge_response(response)
                await _adrain(response)
                return outcome
        except Exception as exc:  # httpx's errors, and anything else: never escapes send
            return judge_error(exc)

    async def _deliver(self, prepared: core.Prepared, event: int | None) -> DeliveryResult:
        run = Run(self, prepared, event)

        async def attempt() -> Outcome:
            if self.closing:
                return closed_outcome()
            t0 = self._clock()
            task = asyncio.ensure_future(self._post(prepared))
            self._posts.add(task)
            try:
                await asyncio.wait({task})
            finally:
                self._posts.discard(task)
                if not task.done():  # we were cancelled ourselves
                    task.cancel()
            # cancelled by close(timeout): the request may have been written already
            outcome = closed_outcome(unconfirmed=True) if task.cancelled() else task.result()
            run.record(t0, outcome)
            return outcome

        first = await attempt()
        if run.final(first):
            return run.result(first)
        # tenacity takes over from the first attempt, which it sees as its own attempt 1.
        replay = iter((first,))

        async def again() -> Outcome:
            return next(replay, None) or await attempt()

        retrying = tenacity.AsyncRetrying(sleep=self._sleep, **run.retrying_kwargs())
        return run.result(await retrying(again))

    async def close(self, timeout: float | None = None) -> CloseReport:
        """Stop: let in-flight attempts finish for up to `timeout` seconds (default
        `close_timeout`), cut off the rest, and report what is unfinished. Idempotent."""
        if self._closed:
            return self.last_close or CloseReport()
        self._closing.set()
        timeout = self.close_timeout if timeout is None else timeout
        timed_out = False
        try:
            await asyncio.wait_for(self._wait_idle(), timeout)
        except TimeoutError:
            timed_out = True
            for task in list(self._posts):
                task.cancel()
            await self._wait_idle()  # cancelled attempts return at once
        self._closed = True
        if self._owns_client:
            await self._client.aclose()
        return self._close_report(timed_out)

    async def _wait_idle(self) -> None:
        async with self._idle:
            await self._idle.wait_for(lambda: not self._active)

    async def __aenter__(self) -> AsyncSender:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
