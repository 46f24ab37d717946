"""Retry policy end to end against a real 127.0.0.1 server, with a fake clock and recorded sleeps.

The wire tests prove the behaviours in real time; these pin the schedule itself: which waits
are taken, that the budget bounds them, and that Retry-After replaces the backoff. The clock
only moves when the sender sleeps, so the schedule is exact however long a request takes.
"""

from __future__ import annotations

import asyncio
import socket
import textwrap

from webhook import AsyncSender, Sender, load_config
from webhook.receiver import Receiver, Reply

EVENT = {"version": "0.2", "type": "flag", "action": "created", "timestamp": "t"}


class FakeTime:
    """A clock that only moves when the sender sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


def config(tmp_path, url, backoff="15s"):
    p = tmp_path / "f.yml"
    p.write_text(
        textwrap.dedent(f"""
        audit:
          sinks:
            webhook:
              enabled: true
              url: {url}
              max_backoff_duration: {backoff}
        """)
    )
    return load_config(p, env={})


def top(lo, hi):
    return hi


def test_backoff_doubles_and_stops_at_the_budget(tmp_path):
    t = FakeTime()
    with (
        Receiver(respond=lambda r, i: Reply(503)) as rx,
        Sender(config(tmp_path, rx.url, "10s"), sleep=t.sleep, clock=t.clock, rand=top) as s,
    ):
        [result] = s.send(EVENT)
        calls = rx.requests
    # ceilings 0.5, 1, 2, 4, then the 2.5s left of the 10s budget
    assert t.sleeps == [0.5, 1, 2, 4, 2.5]
    assert len(calls) == result.attempts == 6
    assert not result.delivered and "budget" in result.reason
    assert result.elapsed == 10.0


def test_retry_after_replaces_the_backoff(tmp_path):
    t = FakeTime()
    replies = [Reply(429, {"Retry-After": "3"}), Reply(200)]
    with (
        Receiver(respond=lambda r, i: replies[i]) as rx,
        Sender(config(tmp_path, rx.url), sleep=t.sleep, clock=t.clock, rand=top) as s,
    ):
        [result] = s.send(EVENT)
    assert t.sleeps == [3.0] and result.delivered and result.attempts == 2


def test_async_twin_takes_the_same_schedule(tmp_path):
    t = FakeTime()

    async def run(url):
        cfg = config(tmp_path, url, "10s")
        async with AsyncSender(cfg, sleep=t.asleep, clock=t.clock, rand=top) as s:
            return await s.send(EVENT)

    with Receiver(respond=lambda r, i: Reply(500)) as rx:
        [result] = asyncio.run(run(rx.url))
    assert t.sleeps == [0.5, 1, 2, 4, 2.5] and result.attempts == 6


def test_transport_errors_are_retried_and_reported(tmp_path):
    t = FakeTime()
    with socket.socket() as free:  # bound, never listening: connections are refused
        free.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{free.getsockname()[1]}/"
        with Sender(config(tmp_path, url, "1s"), sleep=t.sleep, clock=t.clock, rand=top) as s:
            [result] = s.send(EVENT)
    assert t.sleeps == [0.5, 0.5]
    assert result.reason.startswith("connection failed: ")
    assert "; gave up after 3 attempt(s)" in result.reason
