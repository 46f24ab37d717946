"""Accept an event into the outbox, deliver it with the sender, drain on shutdown.

The relay uses AsyncSender's public steps, the ones `send_many` is made of, rather than a
copy of them: `accept` renders, signs and gives each (event, target) its delivery id, and
commits them all in one durable transaction (unrenderable ones as dead letters); `settle`
delivers one with every retry rule and brings the outbox up to date; `replay_plan` turns what
an earlier run left pending back into requests under their original ids. The relay only
splits `send_many` in two: Flipt gets its answer after the commit, and workers deliver
afterwards. It uses no private name of the sender (tests/test_webhook_relay_public.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from webhook.core import Prepared
from webhook.event import Event
from webhook.outbox import PENDING, Outbox, OutboxError
from webhook.relay.metrics import RelayMetrics
from webhook.result import CloseReport
from webhook.sender import AsyncSender

__all__ = ["Relay"]

log = logging.getLogger("webhook.relay")


class Relay:
    """Deliveries accepted into the outbox and delivered by `workers` tasks, each settling one
    delivery at a time (so at most `workers` are in flight, as the sender's bound says)."""

    def __init__(self, sender: AsyncSender, metrics: RelayMetrics) -> None:
        if sender.outbox is None:
            raise ValueError("the relay needs a sender with an outbox")
        self.sender = sender
        self.outbox: Outbox = sender.outbox
        self.metrics = metrics
        self.accepting = True
        self._queue: asyncio.Queue[Prepared] = asyncio.Queue()
        self._workers: list[asyncio.Task[None]] = []

    def resume(self) -> int:
        """Queue every delivery an earlier run left pending, under its original id; returns
        how many. A row whose target is gone from the config stays in the outbox (logged)."""
        resumed = 0
        for item in self.sender.replay_plan((PENDING,)):
            if isinstance(item, Prepared):
                self._queue.put_nowait(item)
                resumed += 1
            else:
                log.warning("relay: delivery %s not resumed: %s", item.delivery_id, item.reason)
        return resumed

    def start(self) -> None:
        """Start the delivery workers (in the running event loop)."""
        count = self.sender.max_concurrency
        self._workers = [asyncio.create_task(self._work()) for _ in range(count)]

    async def accept(self, event: Event) -> list[str]:
        """Store `event`'s deliveries (one per target the `audit.events` filter lets through)
        durably and queue them; returns their delivery ids. Raises OutboxError: nothing was
        stored. An event a target cannot render is stored as a dead letter (counted failed)."""
        plans = await asyncio.to_thread(self.sender.accept, [event])
        ids = []
        for item in plans[0]:
            if isinstance(item, Prepared):
                self._queue.put_nowait(item)
                ids.append(item.delivery_id)
            elif not item.skipped and item.delivery_id:
                self.metrics.failed.inc()
                ids.append(item.delivery_id)
        self.metrics.accepted.inc()
        return ids

    async def _work(self) -> None:
        while True:
            item = await self._queue.get()
            try:
                self.metrics.settled(await self.sender.settle(item))
            except Exception:  # the row stays pending in the outbox; the next start resumes it
                log.exception("relay: delivery %s failed unexpectedly", item.delivery_id)
            finally:
                self._queue.task_done()

    async def problems(self) -> list[str]:
        """Why the relay is unhealthy (empty when healthy): outbox not writable, a worker
        gone, or shutting down."""
        out = []
        try:
            await asyncio.to_thread(self.outbox.check_writable)
        except OutboxError as exc:
            out.append(str(exc))
        if not self._workers or any(w.done() for w in self._workers):
            out.append("delivery workers are not running")
        if not self.accepting:
            out.append("shutting down")
        return out

    async def drain(self, timeout: float) -> tuple[CloseReport, int]:
        """Stop: deliver what is queued for up to `timeout` seconds, then close the sender
        (attempts still in flight are cut off). Returns the sender's report and how many
        queued deliveries never started; both kinds stay pending in the outbox."""
        self.accepting = False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._queue.join(), timeout)
        unstarted = 0
        while not self._queue.empty():  # left as they are in the outbox: pending
            self._queue.get_nowait()
            self._queue.task_done()
            unstarted += 1
        report = await self.sender.close(max(0.0, deadline - loop.time()))
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        return report, unstarted
