"""The senders' public two steps, `accept` then `settle` (and `replay_plan`), on both twins,
against real receivers on 127.0.0.1: what send_many does in one call and the relay in two."""

from __future__ import annotations

import asyncio
import inspect
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from webhook import (
    AsyncSender,
    DeliveryResult,
    Prepared,
    Sender,
    config_from_dict,
)
from webhook.outbox import DEAD, PENDING, Outbox
from webhook.receiver import Receiver, Reply

SECRET = "accept-settle"
GOOD = '{"n": {{ .Payload.n }}}'
BAD = '{"x": {{ .Nope }}}'  # Event has no field Nope: an exec error, so a dead letter


def make_config(tmp_path: Path, url: str, *bodies: str, events: list[str] | None = None):
    hook: dict[str, Any] = {
        "enabled": True,
        "signing_secret": SECRET,
        "max_backoff_duration": "2s",
        "templates": [{"url": f"{url}/t{i}", "body": body} for i, body in enumerate(bodies)],
        "sender": {"outbox": str(tmp_path / "outbox.db"), "backoff_base": "1ms"},
    }
    audit: dict[str, Any] = {"sinks": {"webhook": hook}}
    if events is not None:
        audit["events"] = events
    return config_from_dict({"audit": audit}, {})


def event(n: int, action: str = "created") -> dict[str, Any]:
    return {"version": "0.2", "type": "flag", "action": action, "payload": {"n": n}}


def stored(tmp_path: Path) -> dict[str, tuple[str, bytes | None]]:
    box = Outbox(tmp_path / "outbox.db")
    try:
        return {x.delivery_id: (x.state, x.body) for x in box.letters((PENDING, DEAD))}
    finally:
        box.close()


TWINS = [Sender, AsyncSender]


async def close(sender: Sender | AsyncSender) -> None:
    report = sender.close()
    if inspect.isawaitable(report):
        await report


async def settle(sender: Sender | AsyncSender, item: Any, event: int | None = None):
    result = sender.settle(item, event)
    return await result if inspect.isawaitable(result) else result


@pytest.mark.parametrize("twin", TWINS)
async def test_accept_commits_before_sending_and_settle_delivers(tmp_path, twin):
    with Receiver(secret=SECRET) as rx:
        sender = twin(make_config(tmp_path, rx.url, GOOD, BAD))
        try:
            plans = await asyncio.to_thread(sender.accept, [event(1), event(2)], first=5)
            assert rx.requests == []  # committed, nothing sent yet
            [[p1, dead1], [p2, dead2]] = plans
            assert isinstance(p1, Prepared) and isinstance(p2, Prepared)
            assert json.loads(p1.body) == {"n": 1} and p1.target.index == 0
            for n, dead in [(5, dead1), (6, dead2)]:
                assert isinstance(dead, DeliveryResult) and dead.event == n
                assert dead.attempts == 0 and not dead.delivered and "Nope" in dead.reason
            rows = stored(tmp_path)
            assert rows[p1.delivery_id] == (PENDING, p1.body)
            assert rows[p2.delivery_id] == (PENDING, p2.body)
            assert rows[dead1.delivery_id] == (DEAD, None)

            r1 = await settle(sender, p1, 5)
            assert r1.delivered and r1.delivery_id == p1.delivery_id and r1.event == 5
            [req] = rx.requests
            assert req.body == p1.body and req.delivery_id == p1.delivery_id and req.signature_ok
            assert await settle(sender, dead1) is dead1  # already final: sent nowhere
            assert len(rx.requests) == 1
            rows = stored(tmp_path)
            assert p1.delivery_id not in rows and rows[p2.delivery_id][0] == PENDING
        finally:
            await close(sender)


@pytest.mark.parametrize("twin", TWINS)
async def test_settle_retries_and_records_dead_letters(tmp_path, twin):
    answers = {"flaky": [Reply(503), Reply(200)]}

    def respond(received, index):
        if received.path == "/t0":
            return answers["flaky"].pop(0)
        return Reply(400)  # t1: not retried, a dead letter

    with Receiver(respond=respond) as rx:
        sender = twin(make_config(tmp_path, rx.url, GOOD, GOOD))
        try:
            [[flaky, refused]] = sender.accept([event(3)])
            r = await settle(sender, flaky)
            assert r.delivered and r.attempts == 2 and r.event is None
            r = await settle(sender, refused)
            assert not r.delivered and r.attempts == 1 and "400" in r.reason
            assert stored(tmp_path) == {refused.delivery_id: (DEAD, refused.body)}
        finally:
            await close(sender)


@pytest.mark.parametrize("twin", TWINS)
async def test_a_filtered_event_is_planned_skipped_and_stores_nothing(tmp_path, twin):
    config = make_config(tmp_path, "http://127.0.0.1:9", GOOD, events=["flag:created"])
    sender = twin(config)
    try:
        [[skipped]] = sender.accept([event(4, action="deleted")])
        assert isinstance(skipped, DeliveryResult) and skipped.skipped
        assert skipped.delivery_id is None and stored(tmp_path) == {}
        assert await settle(sender, skipped) is skipped
    finally:
        await close(sender)


@pytest.mark.parametrize("twin", TWINS)
async def test_replay_plan_resumes_accepted_deliveries_under_their_ids(tmp_path, twin):
    with Receiver(secret=SECRET) as rx:
        config = make_config(tmp_path, rx.url, GOOD)
        first = twin(config)
        [[a], [b]] = first.accept([event(7), event(8)])
        await close(first)  # as if the process stopped before delivering
        assert rx.requests == []

        again = twin(config)
        try:
            plan = again.replay_plan((PENDING,))
            assert all(isinstance(p, Prepared) for p in plan)
            assert {(p.delivery_id, p.body) for p in plan} == {
                (a.delivery_id, a.body),
                (b.delivery_id, b.body),
            }
            results = [await settle(again, p) for p in plan]
        finally:
            await close(again)
    assert all(r.delivered for r in results)
    assert sorted(r.delivery_id for r in rx.requests) == sorted([a.delivery_id, b.delivery_id])
    assert all(r.signature_ok for r in rx.requests) and stored(tmp_path) == {}


async def test_async_settle_keeps_to_max_concurrency(tmp_path):
    gate = threading.Event()

    def respond(received, index):
        gate.wait(5)
        return Reply(200)

    with Receiver(respond=respond) as rx:
        sender = AsyncSender(make_config(tmp_path, rx.url, GOOD), max_concurrency=2)
        try:
            plans = sender.accept([event(i) for i in range(5)])
            tasks = [asyncio.ensure_future(sender.settle(p)) for [p] in plans]
            await asyncio.to_thread(rx.wait_for, 2)
            await asyncio.sleep(0.1)  # a third request, were it let through, arrives by now
            assert len(rx.requests) == 2
            gate.set()
            results = await asyncio.gather(*tasks)
        finally:
            gate.set()
            await sender.close()
    assert all(r.delivered for r in results) and rx.max_in_flight == 2


@pytest.mark.parametrize("twin", TWINS)
async def test_accept_refuses_once_closed_and_replay_plan_needs_an_outbox(tmp_path, twin):
    config = make_config(tmp_path, "http://127.0.0.1:9", GOOD)
    sender = twin(config)
    await close(sender)
    with pytest.raises(RuntimeError, match="is closed"):
        sender.accept([event(1)])
    without = twin(config, outbox=False)
    try:
        with pytest.raises(RuntimeError, match="replay needs an outbox"):
            without.replay_plan()
    finally:
        await close(without)
