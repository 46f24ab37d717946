"""The delivery id: one per event and target, identical on every retry, sent as
X-Webhook-Delivery-Id, and not something a configured header can override."""

from __future__ import annotations

import asyncio
from collections import defaultdict

import pytest
import yaml

from webhook import DELIVERY_ID_HEADER, AsyncSender, Sender, load_config
from webhook.receiver import Receiver, Reply

EVENT = {"version": "0.2", "type": "flag", "action": "created", "payload": {"n": 1}}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_one_id_per_event_and_target_stable_across_retries(tmp_path, mode):
    assert DELIVERY_ID_HEADER == "X-Webhook-Delivery-Id"
    seen = defaultdict(int)

    def respond(received, index):  # every request fails twice, then succeeds
        seen[received.delivery_id] += 1
        return Reply(503) if seen[received.delivery_id] <= 2 else Reply(200)

    with Receiver(respond=respond) as rx:
        templates = [
            {"url": f"{rx.url}/a", "body": "{}", "headers": {DELIVERY_ID_HEADER: "forged"}},
            {"url": f"{rx.url}/b", "body": "{}"},
        ]
        hook = {"enabled": True, "templates": templates, "max_backoff_duration": "2s"}
        hook["sender"] = {"backoff_base": "1ms"}
        p = tmp_path / "flipt.yml"
        p.write_text(yaml.safe_dump({"audit": {"sinks": {"webhook": hook}}}))
        config = load_config(p, env={})
        if mode == "sync":
            with Sender(config) as s:
                results = s.send_many([EVENT, EVENT])
        else:

            async def run():
                async with AsyncSender(config) as s:
                    return await s.send_many([EVENT, EVENT])

            results = asyncio.run(run())
        requests = rx.requests
    ids = [r.delivery_id for per_event in results for r in per_event]
    assert len(set(ids)) == 4 and all(r.delivered for per in results for r in per)
    assert "forged" not in {r.delivery_id for r in requests}
    for r in (r for per in results for r in per):
        sent = [q for q in requests if q.delivery_id == r.delivery_id]
        assert len(sent) == 3 == r.attempts
        assert len({(q.path, q.body, q.header_all(DELIVERY_ID_HEADER)[0]) for q in sent}) == 1
        assert all(len(q.header_all(DELIVERY_ID_HEADER)) == 1 for q in sent)
