"""Configured headers that Go's net/http client handles itself (webhook/headers.py): the
receiver gets from our sender what it gets from Go sending Flipt's request
(conformance/httpclient), each is named in a load warning, and none breaks a send. Also what
Go's client sends and accepts on its own, as the README's differences from Flipt state it."""

from __future__ import annotations

import asyncio
import urllib.parse

import pytest
import yaml

import gotmpl
from webhook import FUNCS, AsyncSender, ConfigError, Sender, Target, WebhookConfig, load_config
from webhook.receiver import Receiver, Reply

BODY = '{"a": "hello", "n": [1, 2, 3]}'
SECRET = "header-test-secret"
EVENT = {"version": "0.2", "type": "flag", "action": "created", "payload": {}}
#: The framing and routing headers every case compares, besides the one it configures.
FRAMING = ("Host", "Content-Length", "Transfer-Encoding", "Trailer")
CASES = [
    ("Host", "evil.example"),
    ("Content-Length", "5"),
    ("Content-Length", "500"),
    ("Transfer-Encoding", "chunked"),
    ("Transfer-Encoding", "gzip"),
    ("Trailer", "X-A"),
    ("Connection", "close"),
    ("Connection", "keep-alive"),
    ("Keep-Alive", "timeout=5"),
    ("Proxy-Connection", "keep-alive"),
    ("Upgrade", "websocket"),
    ("Expect", "100-continue"),
]


def send(config: WebhookConfig, mode: str):
    if mode == "sync":
        with Sender(config, attempt_timeout=5) as s:
            return s.send(EVENT)

    async def run():
        async with AsyncSender(config, attempt_timeout=5) as a:
            return await a.send(EVENT)

    return asyncio.run(run())


def seen(received, name: str) -> dict[str, list[str]]:
    return {h: received.header_all(h) for h in (name, *FRAMING)}


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(("name", "value"), CASES)
def test_the_receiver_gets_what_go_sends(tmp_path, go_http_client, mode, name, value):
    with Receiver(secret=SECRET) as rx:
        url = f"{rx.url}/hook"
        go = go_http_client.post(url, BODY, {name: value})
        hook = {
            "enabled": True,
            "signing_secret": SECRET,
            "max_backoff_duration": "1s",
            "templates": [{"url": url, "body": BODY, "headers": {name.lower(): value}}],
        }
        cfg = tmp_path / "flipt.yml"
        cfg.write_text(yaml.safe_dump({"audit": {"sinks": {"webhook": hook}}}))
        config = load_config(cfg, env={})
        [result] = send(config, mode)
        from_go, from_us = rx.wait_for(2)
    assert go == {"status": 200}
    assert result.delivered and result.attempts == 1, result.reason
    assert from_us.body == from_go.body == BODY.encode()
    assert from_us.signature_ok
    assert seen(from_us, name) == seen(from_go, name)
    key = f"audit.sinks.webhook.templates[0].headers.{name.lower()}"
    assert [w for w in config.warnings if w.startswith(key + ":")], config.warnings


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_config_built_in_code_cannot_break_framing_either(mode):
    """Headers that skipped load's checks: Go's dropped ones are still not sent."""
    template = gotmpl.Template("").funcs(FUNCS).parse(BODY)
    headers = (("Content-Length", "5"), ("Transfer-Encoding", "gzip"), ("Host", "evil.example"))
    with Receiver(secret=SECRET) as rx:
        target = Target(0, f"{rx.url}/hook", headers, BODY, template)
        config = WebhookConfig((target,), SECRET, event_pairs=frozenset({"flag:created"}))
        [result] = send(config, mode)
        [received] = rx.requests
    assert result.delivered and received.body == BODY.encode() and received.signature_ok
    assert received.header("Host") == rx.url.split("://")[1]
    assert received.header_all("Content-Length") == [str(len(BODY))]


def test_what_gos_client_sends_and_accepts_as_the_readme_says(go_http_client):
    """README, Differences from Flipt: Go's own User-Agent and Accept-Encoding, and any
    three-digit status is an answer (go-retryablehttp then retries every one >= 500 but 501)."""
    statuses = iter([600, 999, 501])
    with Receiver(respond=lambda r, i: Reply(next(statuses))) as rx:
        answers = [go_http_client.post(rx.url, BODY, {}) for _ in range(3)]
        received = rx.requests[0]
    assert answers == [{"status": 600}, {"status": 999}, {"status": 501}]
    assert received.header_all("User-Agent") == ["Go-http-client/1.1"]
    assert received.header_all("Accept-Encoding") == ["gzip"]
    assert received.header("Accept") is None and received.header("Connection") is None


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_statuses_past_599_fail_at_once_and_501_is_retried(mode):
    template = gotmpl.Template("").funcs(FUNCS).parse(BODY)
    answers = {"/600": [600], "/999": [999], "/501": [501, 200]}
    with Receiver(respond=lambda r, i: Reply(answers[r.path].pop(0))) as rx:
        targets = tuple(
            Target(i, f"{rx.url}{path}", (), BODY, template) for i, path in enumerate(answers)
        )
        config = WebhookConfig(targets, max_backoff=2.0, event_pairs=frozenset({"flag:created"}))
        r600, r999, r501 = send(config, mode)
    assert (r600.delivered, r600.attempts, r600.reason) == (False, 1, "HTTP 600")
    assert (r999.delivered, r999.attempts, r999.reason) == (False, 1, "HTTP 999")
    assert r501.delivered and [a.status for a in r501.history] == [501, 200]


def _config(tmp_path, url: str, headers: dict[str, str]) -> WebhookConfig:
    """A template target with `headers`, loaded from a file as a user writes it."""
    hook = {
        "enabled": True,
        "signing_secret": SECRET,
        "max_backoff_duration": "1s",
        "templates": [{"url": url, "body": BODY, "headers": headers}],
    }
    cfg = tmp_path / "flipt.yml"
    cfg.write_text(yaml.safe_dump({"audit": {"sinks": {"webhook": hook}}}, allow_unicode=True))
    return load_config(cfg, env={})


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("value", ["Jürgen", "€ 🚀 \u2028", "tab\tinside"])
def test_header_values_beyond_ascii_arrive_as_go_sends_them(tmp_path, go_http_client, mode, value):
    """Go's client writes a header value's UTF-8 bytes; a name or a word of a person is not
    always ASCII, and the send must not break on it (it used to fail every attempt)."""
    with Receiver(secret=SECRET) as rx:
        url = f"{rx.url}/hook"
        go = go_http_client.post(url, BODY, {"X-Name": value})
        [result] = send(_config(tmp_path, url, {"X-Name": value}), mode)
        from_go, from_us = rx.wait_for(2)
    assert go == {"status": 200}
    assert result.delivered and result.attempts == 1, result.reason
    assert from_us.header_all("X-Name") == from_go.header_all("X-Name")
    assert from_us.signature_ok


@pytest.mark.parametrize("value", ["a\x01b", "\x1b[31mred", "nul\x00", "del\x7f"])
def test_header_values_go_refuses_are_refused_at_load(tmp_path, go_http_client, value):
    """Go's client refuses a control character in a header value (tab aside) on every
    attempt (`net/http: invalid header field value`); we refuse it at load, naming the key
    without echoing the value."""
    with Receiver() as rx:
        go = go_http_client.post(rx.url, BODY, {"X-A": value})
        assert rx.requests == []
    assert "net/http: invalid header field value" in go["error"]
    with pytest.raises(ConfigError) as info:
        _config(tmp_path, "http://127.0.0.1:9/", {"X-A": value})
    message = str(info.value)
    assert "audit.sinks.webhook.templates[0].headers.X-A: " in message
    assert "control character" in message and value not in message


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_non_ascii_query_is_percent_encoded_where_go_sends_its_bytes(
    tmp_path, go_http_client, mode
):
    """The README's differences from Flipt: Go's client writes a query's UTF-8 bytes into the
    request line as they are, httpx percent-encodes them; the path is percent-encoded by both,
    and the query decodes to the same."""
    with Receiver(secret=SECRET) as rx:
        url = f"{rx.url}/pfäd?q=ü&k=äö"
        go = go_http_client.post(url, BODY, {})
        [result] = send(_config(tmp_path, url, {}), mode)
        from_go, from_us = rx.wait_for(2)
    assert go == {"status": 200} and result.delivered, result.reason
    # http.server reads the request line as Latin-1: Go's raw bytes come back as they were sent.
    go_path, _, go_query = from_go.path.encode("latin-1").decode("utf-8").partition("?")
    our_path, _, our_query = from_us.path.partition("?")
    assert our_path == go_path and go_query != our_query
    assert urllib.parse.unquote(our_query) == go_query
