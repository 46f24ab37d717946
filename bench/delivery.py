"""Sender throughput and memory against receivers on 127.0.0.1.

Events per second delivered by `webhook.Sender` and `webhook.AsyncSender` (template mode, the
docs' toJson body, signing on) against raw httpx posting the same pre-rendered, pre-signed bytes
with the same client settings: that raw rate is the limit for this stack, and the gap is what
render + sign + retry bookkeeping cost. Two receivers: one that answers at once (the cost of
the client is all there is to see) and one that answers 50 ms after each request arrives (a
receiver doing real work: what concurrency is for). Within each round, sender and raw take
turns block by block, so drift hits both.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

import webhook
from bench.corpus import _TOJSON
from webhook import core
from webhook.transport import AiohttpTransport

__all__ = [
    "SLOW_RECEIVER",
    "DeliveryPlan",
    "Throughput",
    "measure_delivery",
    "measure_memory",
    "receiver",
]

_SECRET = "bench-secret"
#: The slow receiver's delay before each answer, seconds.
SLOW_RECEIVER = 0.05


@dataclass(frozen=True)
class DeliveryPlan:
    """How many events per round (to the instant receiver, and the sync sender's count to
    the slow one; the async sender sends 10 times that), how many rounds, and the memory
    run's length."""

    events: int
    rounds: int
    memory_events: int
    sample_every: int
    slow_events: int = 40


@contextmanager
def receiver(go_bench: object | None, delay: float = 0.0) -> Iterator[tuple[str, str]]:
    """(url, kind): gobench's Go server when built, else bench.receiver in a subprocess; each
    answers `delay` seconds after a request arrives."""
    if go_bench is not None:
        proc = go_bench.serve(delay)  # type: ignore[attr-defined]
        kind = "Go net/http (bench/gobench serve)"
    else:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.receiver", str(delay)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        kind = "Python asyncio (bench.receiver)"
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield f"http://127.0.0.1:{port}/hook", kind
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _config(url: str) -> webhook.WebhookConfig:
    """A one-target Flipt config (template mode, signed), loaded the way users load theirs."""
    body = "\n".join(" " * 12 + line for line in _TOJSON.splitlines())
    text = f"""audit:
  sinks:
    webhook:
      enabled: true
      signing_secret: {_SECRET}
      templates:
        - url: {url}
          headers:
            Content-Type: application/json
          body: |
{body}
"""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        path = Path(tmp) / "flipt.yml"
        path.write_text(text, encoding="utf-8")
        return webhook.load_config(path, env={})


def _events(n: int | None = None) -> list[webhook.Event]:
    """The bundled sample events (cycled to `n` of them when given)."""
    examples = Path(webhook.__file__).resolve().parent / "examples" / "events.jsonl"
    with open(examples, encoding="utf-8") as fh:
        events = [webhook.Event.from_json(line) for line in fh if line.strip()]
    return events if n is None else list(itertools.islice(itertools.cycle(events), n))


def _check(results: list[list[webhook.DeliveryResult]]) -> None:
    bad = [r for rs in results for r in rs if not r.delivered]
    if bad:
        raise RuntimeError(f"{len(bad)} deliveries failed, first: {bad[0].reason}")


#: Each round runs its events block by block, every contender (sender, raw httpx) taking a
#: block in turn, and the sync and async rounds alternate, so a change of load on this shared
#: machine hits all of them alike.
_SYNC_BLOCK = 100
_ASYNC_BLOCK = 250  # larger: each block starts and ends with fewer than 10 in flight


def _blocks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _prepared(config: webhook.WebhookConfig, events: list[webhook.Event]) -> list[core.Prepared]:
    """What raw httpx posts: the sender's bytes and headers, rendered and signed beforehand."""
    return [core.prepare(config.targets[0], e, config.signing_secret) for e in events]


class _SyncRound:
    """`Sender` and raw `httpx.Client` posting the same events; `run()` times one round."""

    def __init__(self, config: webhook.WebhookConfig, n: int, stack: ExitStack) -> None:
        events = _events(n)
        self.blocks = list(
            zip(
                _blocks(events, _SYNC_BLOCK),
                _blocks(_prepared(config, events), _SYNC_BLOCK),
                strict=True,
            )
        )
        self.url = config.targets[0].url
        self.sender = stack.enter_context(webhook.Sender(config))
        self.client = stack.enter_context(
            httpx.Client(verify=self.sender.verify, follow_redirects=False)
        )
        self.timeout = httpx.Timeout(self.sender.attempt_timeout)
        _check(self.sender.send_many(events[:5]))  # warm the pool and the template
        self._raw(self.blocks[0][1][:5])

    def _raw(self, ps: list[core.Prepared]) -> None:
        for p in ps:
            r = self.client.post(
                self.url, content=p.body, headers=list(p.headers), timeout=self.timeout
            )
            if r.status_code != 200:
                raise RuntimeError(f"raw httpx got {r.status_code}")

    def run(self) -> tuple[float, float]:
        """Seconds spent by (Sender, raw httpx) on one round."""
        spent_sender = spent_raw = 0.0
        for evs, ps in self.blocks:
            t0 = time.perf_counter()
            results = [self.sender.send(e) for e in evs]
            spent_sender += time.perf_counter() - t0
            _check(results)
            t0 = time.perf_counter()
            self._raw(ps)
            spent_raw += time.perf_counter() - t0
        return spent_sender, spent_raw


class _AsyncRound:
    """`AsyncSender`, raw httpx.AsyncClient over the sender's transport and raw
    httpx.AsyncClient over httpx's own pool, all 10 in flight; `run()` times one round."""

    def __init__(self, config: webhook.WebhookConfig, n: int) -> None:
        events = _events(n)
        self.blocks = list(
            zip(
                _blocks(events, _ASYNC_BLOCK),
                _blocks(_prepared(config, events), _ASYNC_BLOCK),
                strict=True,
            )
        )
        self.config = config
        self.url = config.targets[0].url

    async def open(self, stack: AsyncExitStack) -> None:
        self.sender = await stack.enter_async_context(webhook.AsyncSender(self.config))
        self.limit = asyncio.Semaphore(self.sender.max_concurrency)
        self.timeout = httpx.Timeout(self.sender.attempt_timeout)
        same = AiohttpTransport(verify=self.sender.verify)
        self.client = await stack.enter_async_context(
            httpx.AsyncClient(transport=same, follow_redirects=False)
        )
        self.own_pool = await stack.enter_async_context(
            httpx.AsyncClient(verify=self.sender.verify, follow_redirects=False)
        )
        evs, ps = self.blocks[0]
        for contender in self._contenders():  # warm the pools and the template
            await contender(evs[:20], ps[:20])

    def _contenders(self) -> tuple[Callable[..., Awaitable[None]], ...]:
        return (self._send, self._raw_same, self._raw_own_pool)

    async def _send(self, evs: list[webhook.Event], ps: object) -> None:
        _check(await self.sender.send_many(evs))

    async def _raw_same(self, evs: object, ps: list[core.Prepared]) -> None:
        await self._raw(self.client, ps)

    async def _raw_own_pool(self, evs: object, ps: list[core.Prepared]) -> None:
        await self._raw(self.own_pool, ps)

    async def _raw(self, client: httpx.AsyncClient, ps: list[core.Prepared]) -> None:
        async def post(p: core.Prepared) -> int:
            async with self.limit:
                r = await client.post(
                    self.url, content=p.body, headers=list(p.headers), timeout=self.timeout
                )
                return r.status_code

        if any(s != 200 for s in await asyncio.gather(*(post(p) for p in ps))):
            raise RuntimeError("raw async httpx got a non-200")

    async def run(self) -> list[float]:
        """Seconds spent by each contender on one round."""
        spent = [0.0, 0.0, 0.0]
        for evs, ps in self.blocks:
            for i, contender in enumerate(self._contenders()):
                t0 = time.perf_counter()
                await contender(evs, ps)
                spent[i] += time.perf_counter() - t0
        return spent


@dataclass(frozen=True)
class Throughput:
    """Median events per second to one receiver: each sender, raw httpx posting the same
    bytes with the same client, and raw httpx.AsyncClient over httpx's own pool (httpcore)."""

    delay: float
    sync_sender: float
    sync_raw: float
    async_sender: float
    async_raw: float
    async_httpx_pool: float

    @staticmethod
    def overhead(sender: float, raw: float) -> float:
        """Extra time per event over raw httpx, as a fraction (0.10 = 10% slower)."""
        return raw / sender - 1.0

    @property
    def async_speedup(self) -> float:
        """AsyncSender's events/s over Sender's."""
        return self.async_sender / self.sync_sender


def measure_delivery(url: str, plan: DeliveryPlan, delay: float = 0.0) -> Throughput:
    """Throughput of both senders and their baselines against the receiver at `url`, which
    answers after `delay` seconds (the slow receiver gets `plan.slow_events` per round)."""
    config = _config(url)
    sync_n = plan.slow_events if delay else plan.events
    async_n = 10 * plan.slow_events if delay else plan.events
    rounds = min(plan.rounds, 3) if delay else plan.rounds  # its rates vary little
    sync_spent: list[tuple[float, float]] = []
    async_spent: list[list[float]] = []
    loop = asyncio.new_event_loop()
    try:
        with ExitStack() as stack:
            sync_round = _SyncRound(config, sync_n, stack)
            async_round = _AsyncRound(config, async_n)
            astack = AsyncExitStack()
            loop.run_until_complete(async_round.open(astack))
            try:
                for _ in range(rounds):
                    sync_spent.append(sync_round.run())
                    async_spent.append(loop.run_until_complete(async_round.run()))
            finally:
                loop.run_until_complete(astack.aclose())
    finally:
        loop.close()

    def median_rate(n: int, seconds: list[float]) -> float:
        return statistics.median(n / s for s in seconds)

    sync_rates = [median_rate(sync_n, list(col)) for col in zip(*sync_spent, strict=True)]
    async_rates = [median_rate(async_n, list(col)) for col in zip(*async_spent, strict=True)]
    return Throughput(delay, *sync_rates, *async_rates)


def _rss_bytes() -> int:
    """Resident set size now (Linux /proc); 0 where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


@dataclass(frozen=True)
class MemorySample:
    """After `events` events: traced Python heap and process RSS, in bytes."""

    events: int
    traced: int
    rss: int


@dataclass(frozen=True)
class MemoryResult:
    samples: tuple[MemorySample, ...]
    peak_traced: int
    seconds: float


def measure_memory(url: str, plan: DeliveryPlan) -> MemoryResult:
    """Send `plan.memory_events` events through one Sender, sampling memory as it goes.

    tracemalloc runs from the first event (after a warm-up that fills the connection pool and
    the caches), so growth in the samples is growth per event, not start-up cost. Samples are
    the live heap after `gc.collect()`; the peak includes garbage awaiting collection.
    """
    config = _config(url)
    events = _events()
    samples = []
    with webhook.Sender(config) as sender:
        _check([sender.send(e) for e in events * 10])
        gc.collect()
        tracemalloc.start()
        t0 = time.perf_counter()
        try:
            stream = itertools.islice(itertools.cycle(events), plan.memory_events)
            for i, event in enumerate(stream):
                for r in sender.send(event):
                    if not r.delivered:
                        raise RuntimeError(f"delivery failed: {r.reason}")
                if (i + 1) % plan.sample_every == 0:
                    gc.collect()  # count what is kept, not cycles the collector has yet to free
                    traced, _ = tracemalloc.get_traced_memory()
                    samples.append(MemorySample(i + 1, traced, _rss_bytes()))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        seconds = time.perf_counter() - t0
    return MemoryResult(tuple(samples), peak, seconds)
