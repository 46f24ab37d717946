"""Results as they happen: `iter_send` on both twins (lazy, each result yielded as decided,
`result.event` tying it to its event), `on_attempt` for metrics, and one DEBUG log record per
attempt carrying the delivery id; all against a real receiver on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from webhook import AsyncSender, Event, Sender, Target, WebhookConfig
from webhook.receiver import Receiver, Reply

SECRET = "iter-secret"


def event(n: int) -> Event:
    return Event.from_dict(
        {"version": "0.1", "type": "flag", "action": "created", "payload": {"n": n}}
    )


def config(url: str, body: str | None = None) -> WebhookConfig:
    return WebhookConfig((Target(0, f"{url}/hook"),), SECRET, max_backoff=2.0)


def number(received) -> int:
    return json.loads(received.body)["payload"]["n"]


def test_sync_iter_send_reads_lazily_and_yields_each_result_as_decided():
    pulled: list[int] = []

    def events() -> Iterator[Event]:
        for n in range(5):
            pulled.append(n)
            yield event(n)

    with Receiver(secret=SECRET) as receiver, Sender(config(receiver.url)) as sender:
        seen = []
        for result in sender.iter_send(events()):
            # decided before the next event was even read
            seen.append((result.event, result.delivered, len(pulled), len(receiver.requests)))
        arrived = [number(r) for r in receiver.requests]
    assert seen == [(n, True, n + 1, n + 1) for n in range(5)]
    assert arrived == [0, 1, 2, 3, 4]


def test_sync_iter_send_reports_unsendable_events_in_place():
    cfg = WebhookConfig((Target(0, "http://127.0.0.1:9/"),), events=("segment:*",))
    with Sender(cfg) as sender:
        [result] = sender.iter_send([event(0)])
    assert result.skipped and result.event == 0 and result.attempts == 0


def test_sync_iter_send_stops_when_closed_early():
    with Receiver() as receiver, Sender(config(receiver.url)) as sender:
        results = sender.iter_send(event(n) for n in range(100))
        first = next(results)
        results.close()
        assert first.delivered and len(receiver.requests) == 1


async def test_async_iter_send_yields_in_the_order_deliveries_finish():
    pulled: list[int] = []

    async def events() -> AsyncIterator[Event]:
        for n in range(12):
            pulled.append(n)
            yield event(n)

    def slow_first(received, index):  # event 0 answers last
        return Reply(200, delay=0.4 if number(received) == 0 else 0.0)

    with Receiver(secret=SECRET, respond=slow_first) as receiver:
        async with AsyncSender(config(receiver.url), max_concurrency=3) as sender:
            order = []
            async for result in sender.iter_send(events()):
                assert result.delivered
                if not order:  # events are read only as slots free up
                    assert len(pulled) <= 3 + 1
                order.append(result.event)
        assert receiver.max_in_flight <= 3
        assert sorted(number(r) for r in receiver.requests) == list(range(12))
        assert all(r.signature_ok for r in receiver.requests)
    assert sorted(order) == list(range(12)) and order[-1] == 0


async def test_async_iter_send_cancels_what_is_in_flight_when_left_early(tmp_path):
    def slow(received, index):
        return Reply(200, delay=0.0 if number(received) == 0 else 5.0)

    with Receiver(respond=slow) as receiver:
        cfg = config(receiver.url)
        async with AsyncSender(cfg, max_concurrency=2, outbox=tmp_path / "o.db") as sender:
            t0 = time.monotonic()
            async with contextlib.aclosing(sender.iter_send(event(n) for n in range(50))) as it:
                result = await anext(it)
            assert time.monotonic() - t0 < 4  # event 1's slow answer was not waited for
            counts = sender.outbox.counts()
            report = await sender.close(timeout=0)
        assert result.delivered and result.event == 0
        # event 1 was in flight and stays pending in the outbox; event 2 was never read
        assert counts == {"pending": 1, "dead": 0}
        received = receiver.wait_for(2)
        assert sorted(number(r) for r in received) == [0, 1]
    # the cancelled delivery is unfinished: close() names it, kept in the outbox
    assert report.pending == (next(r.delivery_id for r in received if number(r) == 1),)
    assert report.persisted


@pytest.mark.parametrize("twin", ["sync", "async"])
async def test_on_attempt_and_one_debug_record_per_attempt(twin, caplog):
    calls = []

    def on_attempt(target, delivery_id, attempt):
        calls.append((target.index, delivery_id, attempt.status))

    statuses = iter([503, 500, 200])
    with Receiver(respond=lambda received, index: Reply(next(statuses))) as receiver:
        cfg = config(receiver.url)
        with caplog.at_level(logging.DEBUG, logger="webhook"):
            if twin == "sync":
                with Sender(cfg, on_attempt=on_attempt, backoff_base=0.0) as sender:
                    [result] = sender.send(event(0))
            else:
                async with AsyncSender(cfg, on_attempt=on_attempt, backoff_base=0.0) as sender:
                    [result] = await sender.send(event(0))
    assert result.delivered and result.attempts == 3
    assert calls == [(0, result.delivery_id, s) for s in (503, 500, 200)]
    records = [
        r for r in caplog.records if r.levelno == logging.DEBUG and r.name.startswith("webhook")
    ]
    assert [r.name for r in records] == ["webhook.attempts"] * 3
    assert [(r.delivery_id, r.attempt, r.status) for r in records] == [
        (result.delivery_id, n, s) for n, s in ((1, 503), (2, 500), (3, 200))
    ]
    assert "/hook" not in caplog.text  # URLs are not logged with their paths
