"""Every behaviour that crosses the wire, against a real HTTP server on 127.0.0.1.

Budgets are small (max_backoff_duration 0.5s, attempt timeouts 0.2s) so the suite stays fast;
no assertion depends on timing, only on what the server received and what the report says.
"""

from __future__ import annotations

import asyncio
import socket
import textwrap
import threading
from pathlib import Path

import pytest

import gotmpl
from gotmpl.json import to_json
from webhook import FUNCS, AsyncSender, Event, Sender, load_config
from webhook.receiver import Receiver, Reply

SECRET = "wire-secret"
EVENT = {
    "version": "0.2",
    "type": "flag",
    "action": "created",
    "metadata": {"actor": {"authentication": "none", "ip": "127.0.0.1"}},
    "payload": {"key": "k", "enabled": True, "n": 1000000},
    "timestamp": "2024-05-01T10:00:00Z",
    "status": "success",
}


def url_config(tmp_path: Path, url: str, backoff: str = "500ms", secret: str = SECRET):
    text = f"""
    audit:
      sinks:
        webhook:
          enabled: true
          url: {url}
          signing_secret: "{secret}"
          max_backoff_duration: {backoff}
    """
    p = tmp_path / "flipt.yml"
    p.write_text(textwrap.dedent(text))
    return load_config(p, env={})


def send(mode: str, config, events, **kwargs):
    """Deliver with the sync or the async twin; returns one result list per event."""
    kwargs.setdefault("attempt_timeout", 0.5)
    if mode == "sync":
        with Sender(config, **kwargs) as s:
            return s.send_many(events)

    async def run():
        async with AsyncSender(config, **kwargs) as s:
            return await s.send_many(events)

    return asyncio.run(run())


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@MODES
def test_2xx_is_delivered_with_flipts_body_and_signature(tmp_path, mode):
    with Receiver(secret=SECRET, respond=lambda r, i: Reply(204)) as rx:
        [[result]] = send(mode, url_config(tmp_path, rx.url + "/hook"), [EVENT])
        [req] = rx.requests
    assert result.delivered and result.status == 204 and result.attempts == 1
    assert result.reason is None
    assert req.path == "/hook"
    assert req.body == to_json(Event.from_dict(EVENT)).encode()
    assert req.signature_ok is True
    assert req.header_all("Content-Type") == ["application/json"]
    assert req.delivery_id == result.delivery_id


@MODES
def test_500_then_200_resends_identical_bytes(tmp_path, mode):
    replies = [Reply(500), Reply(200)]
    with Receiver(secret=SECRET, respond=lambda r, i: replies[i]) as rx:
        [[result]] = send(mode, url_config(tmp_path, rx.url, "2s"), [EVENT])
        reqs = rx.requests
    assert result.delivered and result.attempts == 2 and len(reqs) == 2
    assert [a.status for a in result.history] == [500, 200]
    assert reqs[0].body == reqs[1].body
    assert reqs[0].signature == reqs[1].signature and reqs[0].signature_ok
    assert reqs[0].delivery_id == reqs[1].delivery_id == result.delivery_id


@MODES
def test_cookies_a_receiver_sets_are_never_sent_back(tmp_path, mode):
    """Flipt's Go client has no cookie jar (http.Client.Jar is nil): neither a retry nor the
    next event carries a cookie the receiver set."""
    cookie = {"Set-Cookie": "session=abc; Path=/"}
    replies = [Reply(500, cookie), Reply(200, cookie), Reply(200)]
    with Receiver(respond=lambda r, i: replies[i]) as rx:
        config = url_config(tmp_path, rx.url + "/hook", "2s")
        extra = {} if mode == "sync" else {"max_concurrency": 1}  # one delivery at a time
        results = send(mode, config, [EVENT, EVENT], **extra)
        reqs = rx.requests
    assert [[r.delivered for r in rs] for rs in results] == [[True], [True]]
    assert [q.header_all("Cookie") for q in reqs] == [[], [], []]


@MODES
def test_429_retry_after_within_budget_is_honoured(tmp_path, mode):
    replies = [Reply(429, {"Retry-After": "0"}), Reply(200)]
    with Receiver(respond=lambda r, i: replies[i]) as rx:
        [[result]] = send(mode, url_config(tmp_path, rx.url), [EVENT])
        assert len(rx.requests) == 2
    assert result.delivered and [a.status for a in result.history] == [429, 200]


@MODES
def test_429_retry_after_beyond_budget_gives_up_and_says_why(tmp_path, mode):
    with Receiver(respond=lambda r, i: Reply(429, {"Retry-After": "120"})) as rx:
        [[result]] = send(mode, url_config(tmp_path, rx.url), [EVENT])
        assert len(rx.requests) == 1
    assert not result.delivered and result.status == 429 and result.attempts == 1
    assert "HTTP 429" in result.reason and "Retry-After 120s" in result.reason


@MODES
@pytest.mark.parametrize("status", [400, 404, 410])
def test_client_errors_fail_at_once(tmp_path, mode, status):
    with Receiver(respond=lambda r, i: Reply(status)) as rx:
        [[result]] = send(mode, url_config(tmp_path, rx.url), [EVENT])
        assert len(rx.requests) == 1
    assert not result.delivered and result.status == status and result.attempts == 1
    assert result.reason == f"HTTP {status}"


@MODES
def test_redirects_are_not_followed(tmp_path, mode):
    with Receiver(respond=lambda r, i: Reply(307, {"Location": "/elsewhere"})) as rx:
        [[result]] = send(mode, url_config(tmp_path, rx.url + "/hook"), [EVENT])
        assert [r.path for r in rx.requests] == ["/hook"]
    assert not result.delivered and result.status == 307
    assert "redirect not followed" in result.reason


@MODES
def test_connection_refused_until_the_budget_runs_out(tmp_path, mode):
    config = url_config(tmp_path, f"http://127.0.0.1:{closed_port()}/", "300ms")
    [[result]] = send(mode, config, [EVENT])
    assert not result.delivered and result.status is None
    assert result.attempts >= 2
    assert all(a.status is None and "connection failed" in a.error for a in result.history)
    assert "gave up after" in result.reason and "budget" in result.reason


@MODES
def test_server_slower_than_the_attempt_timeout(tmp_path, mode):
    with Receiver(respond=lambda r, i: Reply(200, delay=1.0)) as rx:
        [[result]] = send(mode, url_config(tmp_path, rx.url, "300ms"), [EVENT], attempt_timeout=0.1)
        n = len(rx.wait_for(result.attempts))
    assert not result.delivered and result.status is None
    assert "timeout" in result.reason and "gave up after" in result.reason
    assert n == result.attempts


@MODES
def test_slow_first_answer_then_retry_succeeds(tmp_path, mode):
    replies = [Reply(200, delay=1.0), Reply(200)]
    with Receiver(respond=lambda r, i: replies[min(i, 1)]) as rx:
        [[result]] = send(mode, url_config(tmp_path, rx.url, "3s"), [EVENT], attempt_timeout=0.2)
        assert len(rx.requests) == 2
    assert result.delivered and result.attempts == 2
    assert result.history[0].status is None and "timeout" in result.history[0].error


@MODES
def test_filtered_events_are_reported_as_skipped(tmp_path, mode):
    config = url_config(tmp_path, "http://127.0.0.1:9/")
    [[result]] = send(mode, config, [{**EVENT, "action": "read"}])
    assert result.skipped and not result.delivered and result.attempts == 0
    assert "audit.events" in result.reason


BODY1 = '{"text": "{{ .Type }}/{{ .Action }} by {{ .Metadata.Actor.IP }}"}'
BODY2 = '{"payload": {{ toJson .Payload }}}'


def rendered(body: str, event: dict) -> str:
    """What gotmpl renders for a Flipt template (its output is checked against Go by the
    conformance suite; these wire tests check that the sender delivers exactly that)."""
    return gotmpl.Template("").funcs(FUNCS).parse(body).execute(Event.from_dict(event))


def template_config(tmp_path: Path, base: str, body2: str = BODY2):
    text = f"""
    audit:
      sinks:
        webhook:
          enabled: true
          signing_secret: {SECRET}
          max_backoff_duration: 500ms
          templates:
            - url: {base}/a
              headers:
                Authorization: Bearer t0ken
                x-team: core
              body: '{BODY1}'
            - url: {base}/b
              body: '{body2}'
    """
    p = tmp_path / "flipt.yml"
    p.write_text(textwrap.dedent(text))
    return load_config(p, env={})


@MODES
def test_template_targets_get_rendered_signed_bodies_and_headers(tmp_path, mode):
    with Receiver(secret=SECRET) as rx:
        [results] = send(mode, template_config(tmp_path, rx.url), [EVENT])
        reqs = sorted(rx.requests, key=lambda r: r.path)
    assert [r.delivered for r in results] == [True, True]
    a, b = reqs
    assert a.body == rendered(BODY1, EVENT).encode()
    assert b.body == rendered(BODY2, EVENT).encode()
    assert a.header("Authorization") == "Bearer t0ken" and a.header("X-Team") == "core"
    assert a.header_all("Content-Type") == ["application/json"]
    assert a.signature_ok and b.signature_ok
    assert a.delivery_id != b.delivery_id


@MODES
def test_invalid_json_body_sends_nothing_and_is_reported(tmp_path, mode):
    body = '{"payload": {{ .Payload }}}'  # Go prints a map as map[...]: not JSON
    with Receiver() as rx:
        config = template_config(tmp_path, rx.url, body2=body)
        [results] = send(mode, config, [EVENT])
        paths = [r.path for r in rx.wait_for(1)]
    assert paths == ["/a"]
    bad = results[1]
    assert not bad.delivered and bad.attempts == 0 and bad.status is None
    assert bad.reason == "invalid JSON: " + rendered(body, EVENT)


@MODES
def test_exec_error_is_reported_with_gos_message(tmp_path, mode):
    """The report carries the engine's ExecError verbatim (its text is checked against Go by
    the exec_flipt conformance cases)."""
    body = '{"k": "{{ .Payload.key }}"}'
    denied = {**EVENT, "payload": None, "status": "denied"}
    with pytest.raises(gotmpl.ExecError) as engine_error:
        gotmpl.Template("").funcs(FUNCS).parse(body).execute(Event.from_dict(denied))
    with Receiver() as rx:
        config = template_config(tmp_path, rx.url, body2=body)
        [results] = send(mode, config, [denied])
        rx.wait_for(1)
    assert results[1].reason == str(engine_error.value)
    assert "nil pointer evaluating interface {}.key" in results[1].reason


def test_async_sends_each_request_exactly_once_within_the_bound(tmp_path):
    lock = threading.Lock()
    state = {"now": 0, "max": 0}
    gate = threading.Event()

    def respond(received, index):
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        gate.wait(0.05)
        with lock:
            state["now"] -= 1
        return Reply(200)

    events = [{**EVENT, "payload": {"i": i}} for i in range(30)]
    with Receiver(secret=SECRET, respond=respond) as rx:
        results = send("async", url_config(tmp_path, rx.url), events, max_concurrency=4)
        reqs = rx.requests
    assert len(reqs) == 30
    assert all(r.delivered and r.attempts == 1 for rs in results for r in rs)
    assert len({r.delivery_id for r in reqs}) == 30
    assert sorted(r.body for r in reqs) == sorted(
        to_json(Event.from_dict(e)).encode() for e in events
    )
    assert all(r.signature_ok for r in reqs)
    assert 1 <= state["max"] <= 4


@MODES
def test_on_result_hears_each_result_as_it_is_decided(tmp_path, mode):
    """Before the next delivery starts: the receiver has seen exactly the requests so far."""
    heard: list[tuple[int, bool, int]] = []
    events = [dict(EVENT, type=t) for t in ("flag", "segment", "flag", "flag")]
    with Receiver(respond=lambda r, i: Reply(200 if i != 2 else 404)) as rx:
        config = url_config(tmp_path, rx.url)

        def on_result(n, result):
            heard.append((n, result.delivered, len(rx.requests)))

        if mode == "sync":
            with Sender(config) as s:
                results = s.send_many(events, on_result=on_result)
        else:

            async def run():
                async with AsyncSender(config, max_concurrency=1) as s:
                    return await s.send_many(events, on_result=on_result)

            results = asyncio.run(run())
    assert heard == [(0, True, 1), (1, True, 2), (2, False, 3), (3, True, 4)]
    assert [[r.delivered] for (r,) in results] == [[True], [True], [False], [True]]


def test_the_receiver_does_not_record_a_request_cut_off_mid_body():
    """A sender killed between the headers and the body: no server would process that."""
    with Receiver() as rx:
        with socket.create_connection(("127.0.0.1", rx.port)) as s:
            s.sendall(b'POST /cut HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"half":')
        with socket.create_connection(("127.0.0.1", rx.port)) as s:
            s.sendall(b"POST /whole HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
            assert s.recv(100).startswith(b"HTTP/1.1 200")
        recorded = rx.wait_for(2, timeout=0.5)  # time for the cut one to be recorded, if ever
    assert [r.path for r in recorded] == ["/whole"]
