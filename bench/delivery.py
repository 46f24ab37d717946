"""Sender throughput and memory against a fast receiver on 127.0.0.1.

Events per second delivered by `webhook.Sender` and `webhook.AsyncSender` (template mode, the
docs' toJson body, signing on) against raw httpx posting the same pre-rendered, pre-signed bytes
with the same client settings: that raw rate is the limit for this stack, and the gap is what
render + sign + retry bookkeeping cost. Rounds alternate sender and raw so drift hits both.
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

import webhook
from bench.corpus import _TOJSON
from webhook import core

__all__ = ["DeliveryPlan", "measure_delivery", "measure_memory", "receiver"]

_SECRET = "bench-secret"


@dataclass(frozen=True)
class DeliveryPlan:
    """How many events per round, how many rounds, and the memory run's length."""

    events: int
    rounds: int
    memory_events: int
    sample_every: int


@contextmanager
def receiver(go_bench: object | None) -> Iterator[tuple[str, str]]:
    """(url, kind): gobench's Go server when built, else bench.receiver in a subprocess."""
    if go_bench is not None:
        proc = go_bench.serve()  # type: ignore[attr-defined]
        kind = "Go net/http (bench/gobench serve)"
    else:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.receiver"],
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


def _events() -> list[webhook.Event]:
    examples = Path(webhook.__file__).resolve().parent / "examples" / "events.jsonl"
    with open(examples, encoding="utf-8") as fh:
        return [webhook.Event.from_json(line) for line in fh if line.strip()]


def _check(results: list[list[webhook.DeliveryResult]]) -> None:
    bad = [r for rs in results for r in rs if not r.delivered]
    if bad:
        raise RuntimeError(f"{len(bad)} deliveries failed, first: {bad[0].reason}")


def _sync_rates(config: webhook.WebhookConfig, plan: DeliveryPlan) -> tuple[float, float]:
    events = list(itertools.islice(itertools.cycle(_events()), plan.events))
    target = config.targets[0]
    prepared = [core.prepare(target, e, config.signing_secret) for e in events]
    sender_rates, raw_rates = [], []
    with (
        webhook.Sender(config) as sender,
        httpx.Client(verify=sender.verify, follow_redirects=False) as client,
    ):
        timeout = httpx.Timeout(sender.attempt_timeout)
        _check([sender.send(e) for e in events[:20]])  # warm the pool and the template
        for p in prepared[:20]:
            client.post(target.url, content=p.body, headers=list(p.headers), timeout=timeout)
        for _ in range(plan.rounds):
            t0 = time.perf_counter()
            results = [sender.send(e) for e in events]
            sender_rates.append(len(events) / (time.perf_counter() - t0))
            _check(results)
            t0 = time.perf_counter()
            for p in prepared:
                r = client.post(
                    target.url, content=p.body, headers=list(p.headers), timeout=timeout
                )
                if r.status_code != 200:
                    raise RuntimeError(f"raw httpx got {r.status_code}")
            raw_rates.append(len(prepared) / (time.perf_counter() - t0))
    return statistics.median(sender_rates), statistics.median(raw_rates)


async def _async_rates(config: webhook.WebhookConfig, plan: DeliveryPlan) -> tuple[float, float]:
    events = list(itertools.islice(itertools.cycle(_events()), plan.events))
    target = config.targets[0]
    prepared = [core.prepare(target, e, config.signing_secret) for e in events]
    sender_rates, raw_rates = [], []
    async with webhook.AsyncSender(config) as sender:
        limit = asyncio.Semaphore(sender.max_concurrency)
        timeout = httpx.Timeout(sender.attempt_timeout)
        async with httpx.AsyncClient(verify=sender.verify, follow_redirects=False) as client:

            async def post(p: core.Prepared) -> int:
                async with limit:
                    r = await client.post(
                        target.url, content=p.body, headers=list(p.headers), timeout=timeout
                    )
                    return r.status_code

            _check(await sender.send_many(events[:20]))
            await asyncio.gather(*(post(p) for p in prepared[:20]))
            for _ in range(plan.rounds):
                t0 = time.perf_counter()
                results = await sender.send_many(events)
                sender_rates.append(len(events) / (time.perf_counter() - t0))
                _check(results)
                t0 = time.perf_counter()
                statuses = await asyncio.gather(*(post(p) for p in prepared))
                raw_rates.append(len(prepared) / (time.perf_counter() - t0))
                if any(s != 200 for s in statuses):
                    raise RuntimeError("raw async httpx got a non-200")
    return statistics.median(sender_rates), statistics.median(raw_rates)


@dataclass(frozen=True)
class DeliveryResult:
    """Median events per second of each sender and its raw-httpx baseline."""

    sync_sender: float
    sync_raw: float
    async_sender: float
    async_raw: float

    @staticmethod
    def overhead(sender: float, raw: float) -> float:
        """Extra time per event over raw httpx, as a fraction (0.10 = 10% slower)."""
        return raw / sender - 1.0


def measure_delivery(url: str, plan: DeliveryPlan) -> DeliveryResult:
    """Throughput of both senders and both baselines against the receiver at `url`."""
    config = _config(url)
    sync_sender, sync_raw = _sync_rates(config, plan)
    async_sender, async_raw = asyncio.run(_async_rates(config, plan))
    return DeliveryResult(sync_sender, sync_raw, async_sender, async_raw)


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
