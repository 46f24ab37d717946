"""Retry policy end to end with httpx.MockTransport, a fake clock and a recording sleep.

The wire tests prove the behaviours on a real server; these pin the schedule itself: which
waits are taken, that the budget bounds them, and that Retry-After replaces the backoff.
"""

from __future__ import annotations

import asyncio
import textwrap

import httpx

from webhook import AsyncSender, Sender, load_config

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


def config(tmp_path, backoff="15s"):
    p = tmp_path / "f.yml"
    p.write_text(
        textwrap.dedent(f"""
        audit:
          sinks:
            webhook:
              enabled: true
              url: http://hooks.test/x
              max_backoff_duration: {backoff}
        """)
    )
    return load_config(p, env={})


def top(lo, hi):
    return hi


def test_backoff_doubles_and_stops_at_the_budget(tmp_path):
    t = FakeTime()
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(503)

    with Sender(
        config(tmp_path, "10s"),
        transport=httpx.MockTransport(handler),
        sleep=t.sleep,
        clock=t.clock,
        rand=top,
    ) as s:
        [result] = s.send(EVENT)
    # ceilings 0.5, 1, 2, 4, then the 2.5s left of the 10s budget
    assert t.sleeps == [0.5, 1, 2, 4, 2.5]
    assert len(calls) == result.attempts == 6
    assert not result.delivered and "budget" in result.reason
    assert result.elapsed == 10.0


def test_retry_after_replaces_the_backoff(tmp_path):
    t = FakeTime()
    answers = iter([httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(200)])
    with Sender(
        config(tmp_path),
        transport=httpx.MockTransport(lambda r: next(answers)),
        sleep=t.sleep,
        clock=t.clock,
        rand=top,
    ) as s:
        [result] = s.send(EVENT)
    assert t.sleeps == [3.0] and result.delivered and result.attempts == 2


def test_async_twin_takes_the_same_schedule(tmp_path):
    t = FakeTime()

    async def run():
        async with AsyncSender(
            config(tmp_path, "10s"),
            transport=httpx.MockTransport(lambda r: httpx.Response(500)),
            sleep=t.asleep,
            clock=t.clock,
            rand=top,
        ) as s:
            return await s.send(EVENT)

    [result] = asyncio.run(run())
    assert t.sleeps == [0.5, 1, 2, 4, 2.5] and result.attempts == 6


def test_transport_errors_are_retried_and_reported(tmp_path):
    t = FakeTime()

    def handler(request):
        raise httpx.ConnectError("refused", request=request)

    with Sender(
        config(tmp_path, "1s"),
        transport=httpx.MockTransport(handler),
        sleep=t.sleep,
        clock=t.clock,
        rand=top,
    ) as s:
        [result] = s.send(EVENT)
    assert t.sleeps == [0.5, 0.5]
    assert result.reason.startswith("connection failed: refused; gave up after 3 attempt(s)")
