"""`Sender(config, client=...)` and `AsyncSender(config, client=...)`: deliveries go through
the caller's client (its hooks, default headers, cookie jar), with the sender's per-request
settings (headers, attempt timeout, no redirects), and the caller keeps and closes it."""

from __future__ import annotations

import httpx
import pytest

from webhook import AsyncSender, Event, Sender, Target, WebhookConfig
from webhook.core import DELIVERY_ID_HEADER, SIGNATURE_HEADER
from webhook.receiver import Receiver, Reply

SECRET = "client-secret"
EVENT = Event.from_dict({"version": "0.1", "type": "flag", "action": "created"})


def config(url: str) -> WebhookConfig:
    target = Target(0, f"{url}/hook", headers=(("X-Team", "from-config"),))
    return WebhookConfig((target,), SECRET, max_backoff=1.0)


def answers(*replies: Reply):
    return lambda received, index: replies[min(index, len(replies) - 1)]


def test_sender_uses_the_given_client():
    seen: list[str] = []
    # a slow answer, a Set-Cookie, then a redirect: the client would wait 50 ms, keep the
    # cookie and follow redirects; the sender's attempt timeout and no-redirect rule apply
    respond = answers(
        Reply(200, {"Set-Cookie": "session=abc"}, delay=0.3),
        Reply(200),
        Reply(307, {"Location": "/x"}),
    )
    with Receiver(secret=SECRET, respond=respond) as receiver:
        client = httpx.Client(
            headers={"User-Agent": "my-service/1.0", "X-Team": "from-client", "X-Env": "test"},
            timeout=0.05,
            follow_redirects=True,
            event_hooks={"request": [lambda request: seen.append(request.url.path)]},
        )
        with client:
            with Sender(config(receiver.url), client=client) as sender:
                results = [sender.send(EVENT)[0] for _ in range(3)]
            got = list(receiver.requests)  # the redirect was not followed: no request to /x
            assert not client.is_closed  # the caller closes it
            with pytest.raises(httpx.TooManyRedirects):  # the client itself follows them
                client.post(f"{receiver.url}/still-usable")
    assert [r.delivered for r in results] == [True, True, False]
    assert results[2].reason == "HTTP 307: redirect not followed"
    assert seen[:4] == ["/hook"] * 3 + ["/still-usable"]  # the client's hooks ran for each one
    assert [r.path for r in got] == ["/hook"] * 3
    for r in got:
        assert r.header("User-Agent") == "my-service/1.0" and r.header("X-Env") == "test"
        assert r.header_all("X-Team") == ["from-config"]  # the config's header wins
        assert r.signature_ok is True and r.header(SIGNATURE_HEADER)
    assert got[0].header("Cookie") is None and got[1].header("Cookie") == "session=abc"


async def test_async_sender_uses_the_given_client():
    seen: list[str] = []

    async def hook(request: httpx.Request) -> None:
        seen.append(request.headers[DELIVERY_ID_HEADER])

    respond = answers(Reply(200, delay=0.3), Reply(503), Reply(200))
    with Receiver(secret=SECRET, respond=respond) as receiver:
        async with httpx.AsyncClient(
            headers={"User-Agent": "my-service/1.0"}, timeout=0.05, event_hooks={"request": [hook]}
        ) as client:
            async with AsyncSender(config(receiver.url), client=client, backoff_base=0.0) as sender:
                first = (await sender.send(EVENT))[0]
                second = (await sender.send(EVENT))[0]
            assert not client.is_closed
        got = receiver.requests
    assert first.delivered and second.delivered and second.attempts == 2
    assert seen == [first.delivery_id, second.delivery_id, second.delivery_id]
    assert [r.header("User-Agent") for r in got] == ["my-service/1.0"] * 3
    assert all(r.signature_ok for r in got)


def test_client_excludes_transport_and_verify():
    cfg = config("http://127.0.0.1:9")
    with httpx.Client() as client:
        with pytest.raises(ValueError, match="transport= or client="):
            Sender(cfg, client=client, transport=httpx.HTTPTransport())
        with pytest.raises(ValueError, match="verify= does not apply"):
            Sender(cfg, client=client, verify=False)
