"""Delivery under faults, against real servers on 127.0.0.1: nothing lost, nothing hidden.

Five broken receivers (50% 500s, connection resets mid-response, answers slower than the
attempt timeout, 429 with Retry-After, down then back) each take 1,000 events through the
async sender and 200 through the sync one. For every event the report and the receiver's log
must agree exactly: the receiver saw the delivery id once per answered attempt plus once per
attempt whose answer was lost (reported as `unconfirmed`), and never otherwise. Budgets are
tiny (backoff base 2 ms, max_backoff 1 s) so the whole file runs in seconds.
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
import textwrap
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from webhook import AsyncSender, Sender, load_config
from webhook.receiver import Receiver, Reply

BOUND = 16
COUNTS = {"async": 1000, "sync": 200}


def make_config(tmp_path: Path, url: str, timeout: str = "1s"):
    p = tmp_path / "flipt.yml"
    p.write_text(
        textwrap.dedent(f"""
        audit:
          sinks:
            webhook:
              enabled: true
              url: {url}/hook
              signing_secret: fault-secret
              max_backoff_duration: 1s
              sender:
                attempt_timeout: {timeout}
                backoff_base: 2ms
                max_concurrency: {BOUND}
        """)
    )
    return load_config(p, env={})


def make_events(n: int) -> list[dict]:
    return [
        {
            "version": "0.2",
            "type": "flag",
            "action": "updated",
            "payload": {"n": i},
            "timestamp": "2024-05-01T10:00:00Z",
        }
        for i in range(n)
    ]


def deliver(mode: str, config, events, on_refused=None):
    """Send `events` with the `mode` sender; `on_refused` runs once a connection is refused
    (the real transport, observed)."""
    if mode == "sync":
        transport = _Observed(on_refused) if on_refused else None
        with Sender(config, transport=transport) as s:
            return s.send_many(events)

    async def run():
        transport = _AsyncObserved(on_refused) if on_refused else None
        async with AsyncSender(config, transport=transport) as s:
            return await s.send_many(events)

    return asyncio.run(run())


class _Observed(httpx.HTTPTransport):
    def __init__(self, on_refused) -> None:
        super().__init__()
        self.on_refused = on_refused

    def handle_request(self, request):
        try:
            return super().handle_request(request)
        except httpx.ConnectError:
            self.on_refused()
            raise


class _AsyncObserved(httpx.AsyncHTTPTransport):
    def __init__(self, on_refused) -> None:
        super().__init__()
        self.on_refused = on_refused

    async def handle_async_request(self, request):
        try:
            return await super().handle_async_request(request)
        except httpx.ConnectError:
            self.on_refused()
            raise


def seeded(choose):
    """A respond hook drawing from a seeded RNG under a lock (handlers run in threads)."""
    rng = random.Random(7)
    lock = threading.Lock()

    def respond(received, index):
        with lock:
            x = rng.random()
        return choose(x)

    return respond


FAULTS = {
    "flaky500": lambda x: Reply(500) if x < 0.5 else Reply(200),
    "reset": lambda x: Reply(reset=True) if x < 0.3 else Reply(200),
    "slow": lambda x: Reply(200, delay=0.5) if x < 0.1 else Reply(204),
    "429": lambda x: (
        Reply(429, headers={"Retry-After": "30"})
        if x < 0.02
        else Reply(429, headers={"Retry-After": "0"})
        if x < 0.35
        else Reply(200)
    ),
}


def account(rx: Receiver, events: list[dict], results) -> dict[str, int]:
    """Check that the receiver's log and the reports agree (nothing lost, nothing invented);
    return some totals."""
    # Every answered request arrived. One whose answer was lost (unconfirmed) may have
    # arrived, may still be on its way in (queued in the listen backlog), or may never
    # arrive (the client gave up before the server read it): wait for the answered ones,
    # then briefly for the rest, and check each delivery's count against both bounds.
    answered_total = sum(sum(a.status is not None for a in r.history) for [r] in results)
    possible = sum(sum(a.status is not None or a.unconfirmed for a in r.history) for [r] in results)
    rx.wait_for(answered_total, timeout=10)
    seen = Counter(r.delivery_id for r in rx.wait_for(possible, timeout=2))
    body_n = {}
    for r in rx.requests:
        n = json.loads(r.body)["payload"]["n"]
        assert body_n.setdefault(r.delivery_id, n) == n  # one id, one event
        assert r.signature_ok is True
    totals = Counter()
    ids = set()
    assert len(results) == len(events)
    for i, per_target in enumerate(results):
        [res] = per_target
        assert res.delivery_id and res.delivery_id not in ids
        ids.add(res.delivery_id)
        answered = sum(a.status is not None for a in res.history)
        assert answered <= seen[res.delivery_id] <= answered + res.unconfirmed, res
        assert res.unconfirmed == sum(a.unconfirmed for a in res.history)
        if seen[res.delivery_id]:
            assert body_n[res.delivery_id] == i
        if res.delivered:
            assert 200 <= res.history[-1].status < 300 and res.reason is None
            totals["delivered"] += 1
            totals["duplicates"] += seen[res.delivery_id] - 1
        else:
            assert res.reason and not res.pending
            totals["failed"] += 1
        totals["unconfirmed"] += res.unconfirmed
    assert set(seen) <= ids  # nothing arrived that no report accounts for
    assert totals["delivered"] + totals["failed"] == len(events)
    return totals


MODES = pytest.mark.parametrize("mode", ["async", "sync"])


@MODES
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_accounting(tmp_path, mode, fault):
    events = make_events(COUNTS[mode])
    timeout = "150ms" if fault == "slow" else "2s"
    with Receiver(secret="fault-secret", respond=seeded(FAULTS[fault])) as rx:
        results = deliver(mode, make_config(tmp_path, rx.url, timeout), events)
        totals = account(rx, events, results)
        # A slow receiver keeps sleeping on requests the sender has abandoned, so its count
        # overstates the sender's; test_async_bound_holds_under_slow_receiver covers that case.
        if fault != "slow":
            assert rx.max_in_flight <= (BOUND if mode == "async" else 1)
    assert totals["delivered"] > len(events) // 2
    if fault in ("reset", "slow"):  # lost answers happened, and were reported
        assert totals["unconfirmed"] > 0
    if fault == "429":  # Retry-After beyond the budget ends the delivery, saying so
        reasons = [r.reason for [r] in results if not r.delivered]
        assert all(x.startswith("HTTP 429; gave up after") for x in reasons)
        assert any("Retry-After 30s is beyond the remaining budget" in x for x in reasons)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@MODES
def test_receiver_down_then_back(tmp_path, mode):
    port = free_port()
    events = make_events(COUNTS[mode])
    first_refusal = threading.Event()
    started: list[Receiver] = []  # the port only listens once the receiver exists

    def come_back() -> None:  # a little after the first refused connection
        first_refusal.wait()
        time.sleep(0.2)
        started.append(Receiver(port=port, secret="fault-secret").start())

    thread = threading.Thread(target=come_back)
    thread.start()
    try:
        config = make_config(tmp_path, f"http://127.0.0.1:{port}")
        results = deliver(mode, config, events, on_refused=first_refusal.set)
        first_refusal.set()  # had nothing been refused, the assertions below say so
        thread.join()
        [rx] = started
        totals = account(rx, events, results)
    finally:
        first_refusal.set()
        thread.join()
        for rx in started:
            rx.stop()
    refused = sum(1 for [r] in results for a in r.history if a.status is None)
    assert refused > 0 and totals["delivered"] > 0
    for [r] in results:
        if not r.delivered:
            assert "gave up after" in r.reason and "budget" in r.reason


def test_async_bound_holds_under_slow_receiver(tmp_path):
    """Every request takes a while, so the sender saturates its bound and must not exceed it."""
    events = make_events(200)
    with Receiver(respond=lambda r, i: Reply(200, delay=0.02)) as rx:
        results = deliver("async", make_config(tmp_path, rx.url), events)
        assert all(r.delivered for [r] in results)
        assert len(rx.requests) == 200
        assert 1 < rx.max_in_flight <= BOUND
