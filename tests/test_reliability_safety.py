"""Safety: secrets never leak, config values are checked at load, redirects are not followed,
TLS is verified unless the config explicitly says otherwise."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from webhook import AsyncSender, ConfigError, Sender, core, load_config
from webhook.cli import main
from webhook.receiver import Receiver, Reply

SIGNING = "S3cr3t-signing-XYZ"
AUTH = "Bearer tok-AUTH-123456"
API_KEY = "key-API-98765"
PASSWORD = "pw-URL-4242"
PATH_TOKEN = "tokPATH777"
QUERY_TOKEN = "qTOKEN555"
SECRETS = [SIGNING, AUTH, "tok-AUTH-123456", API_KEY, PASSWORD, PATH_TOKEN, QUERY_TOKEN]

EVENT = {
    "version": "0.2",
    "type": "flag",
    "action": "created",
    "payload": {"key": "k"},
    "timestamp": "2024-05-01T10:00:00Z",
}


def write(tmp_path: Path, hook: dict, name: str = "flipt.yml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump({"audit": {"sinks": {"webhook": {"enabled": True, **hook}}}}))
    return p


def secret_url(base: str) -> str:
    host = base.split("://", 1)[1]
    return f"http://flipt:{PASSWORD}@{host}/services/{PATH_TOKEN}?token={QUERY_TOKEN}"


def secret_hook(url: str, body: str = '{"k": {{ toJson .Payload }}}', **sender) -> dict:
    return {
        "signing_secret": SIGNING,
        "max_backoff_duration": "200ms",
        "templates": [
            {"url": url, "body": body, "headers": {"Authorization": AUTH, "X-Api-Key": API_KEY}}
        ],
        "sender": {"backoff_base": "1ms", "outbox": "", **sender},
    }


@pytest.fixture
def everything_logged():
    """Every log record of every logger, at DEBUG, formatted as text."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old)


def test_secrets_never_appear_in_anything_produced(tmp_path, everything_logged, capsys):
    produced: list[str] = []
    replies = iter([Reply(500), Reply(reset=True), Reply(200), Reply(404), Reply(302)])

    def respond(received, index):
        return next(replies, Reply(503))

    with Receiver(respond=respond) as rx:
        outbox = tmp_path / "outbox.db"
        cfg = write(tmp_path, secret_hook(secret_url(rx.url), outbox=str(outbox)))
        config = load_config(cfg, env={})
        with Sender(config, attempt_timeout=1) as s:
            results = s.send_many([EVENT, EVENT, EVENT])
            produced += [repr(s), repr(config), repr(config.targets), repr(s.outbox)]

        async def run():
            async with AsyncSender(config) as a:
                return await a.send_many([EVENT])

        results += asyncio.run(run())
        # the receiver got the credentials (that is where they belong) ...
        assert rx.requests[0].header("X-Api-Key") == API_KEY
    # ... and a receiver that is down: transport errors mention the host, not the credentials
    results += Sender(load_config(cfg, env={})).send_many([EVENT])
    for [r] in results:
        produced += [repr(r), json.dumps(r.to_dict()), str(r.reason)]
        produced += [repr(core.prepare(config.targets[0], _event(), SIGNING))]
    assert any(not r.delivered for [r] in results) and any(r.delivered for [r] in results)

    # a template that fails, and an invalid JSON body
    bad = write(tmp_path, secret_hook("http://127.0.0.1:9/x", body="{{ .Nope }}"), "bad.yml")
    produced.append(repr(Sender(load_config(bad, env={})).send(EVENT)))
    # the CLI: check renders, send and replay report
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps(EVENT) + "\n")
    for argv in (
        ["check", "--config", str(cfg), "--event", str(events)],
        ["send", "--config", str(cfg), "--event", str(events)],
        ["send", "--config", str(cfg), "--event", str(events), "--json"],
        ["replay", "--config", str(cfg), "--list"],
        ["replay", "--config", str(cfg)],
    ):
        main(argv, out=(out := io.StringIO()))
        produced.append(out.getvalue())
    with sqlite3.connect(outbox) as db:
        produced.append(repr(db.execute("SELECT * FROM deliveries").fetchall()))
    captured = capsys.readouterr()
    produced += [captured.out, captured.err, everything_logged.getvalue()]

    text = "\n".join(produced)
    assert "HTTP Request: POST" in text  # httpx did log the request ...
    for secret in SECRETS:
        assert secret not in text, secret  # ... with the URL's credentials masked


def _event():
    from webhook import Event

    return Event.from_dict(EVENT)


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": f"{AUTH}\r\nX-Evil: 1"},
        {"X-Api-Key": f"{API_KEY}\n"},
        {"X-Bad\r\nName": "v"},
        {"Authorization": "${INJECT}"},
    ],
)
def test_crlf_in_headers_is_rejected_at_load_without_echoing_values(tmp_path, headers):
    hook = {"templates": [{"url": "http://127.0.0.1:9/", "body": "{}", "headers": headers}]}
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, hook), env={"INJECT": f"{AUTH}\r\nX-Evil: 1"})
    assert info.value.key.startswith("audit.sinks.webhook.templates[0].headers.")
    assert "CR or LF" in str(info.value)
    assert AUTH not in str(info.value) and API_KEY not in str(info.value)


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.1/x", "file:///etc/passwd", "javascript:alert(1)", "http:///nohost", "//h/x"],
)
def test_only_http_and_https_urls_load(tmp_path, url):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, {"url": url}), env={})
    assert info.value.key == "audit.sinks.webhook.url"
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, {"templates": [{"url": url, "body": "{}"}]}), env={})
    assert info.value.key == "audit.sinks.webhook.templates[0].url"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_redirects_are_failures_and_never_followed(tmp_path, status, mode):
    with Receiver() as elsewhere:
        location = {"Location": f"{elsewhere.url}/stolen"}
        with Receiver(respond=lambda r, i: Reply(status, headers=location)) as rx:
            hook = {"url": rx.url, "signing_secret": SIGNING, "max_backoff_duration": "1s"}
            config = load_config(write(tmp_path, hook), env={})
            if mode == "sync":
                with Sender(config) as s:
                    [r] = s.send(EVENT)
            else:

                async def run():
                    async with AsyncSender(config) as a:
                        return await a.send(EVENT)

                [r] = asyncio.run(run())
            assert len(rx.requests) == 1
        assert elsewhere.requests == []  # the signed body went nowhere else
    assert not r.delivered and r.attempts == 1 and r.status == status
    assert "redirect not followed" in r.reason


def test_tls_is_verified_by_default(tmp_path, tls_context):
    with Receiver(ssl_context=tls_context) as rx:
        config = load_config(write(tmp_path, {"url": rx.url}), env={})
        assert config.tls_verify and not config.warnings
        with Sender(config) as s:
            [r] = s.send(EVENT)
        assert rx.requests == []
    assert not r.delivered and r.attempts == 1 and r.reason.startswith("TLS")


def test_tls_verification_is_off_only_when_the_config_says_so(tmp_path, tls_context):
    with Receiver(ssl_context=tls_context) as rx:
        hook = {"url": rx.url, "sender": {"tls_verify": False}}
        config = load_config(write(tmp_path, hook), env={})
        assert not config.tls_verify
        assert any("NOT verified" in w for w in config.warnings)
        with Sender(config) as s:
            [r] = s.send(EVENT)
        assert r.delivered and len(rx.requests) == 1


@pytest.mark.parametrize("value", ["no", "off", "maybe", "2", [], {}])
def test_tls_verify_needs_a_real_boolean(tmp_path, value):
    with pytest.raises(ConfigError) as info:
        hook = {"url": "https://127.0.0.1/", "sender": {"tls_verify": value}}
        load_config(write(tmp_path, hook), env={})
    assert info.value.key == "audit.sinks.webhook.sender.tls_verify"


@pytest.mark.parametrize(
    ("sender", "key"),
    [
        ({"max_concurrency": 0}, "max_concurrency"),
        ({"max_concurrency": 10**30}, "max_concurrency"),
        ({"attempt_timeout": "0s"}, "attempt_timeout"),
        ({"attempt_timeout": "1000h"}, "attempt_timeout"),
        ({"close_timeout": "-1s"}, "close_timeout"),
        ({"backoff_base": ".inf"}, "backoff_base"),
        ({"outbox": {"path": "x"}}, "outbox"),
        ({"template_budget": {"output_bytes": -1}}, "template_budget.output_bytes"),
        ({"template_budget": {"wall_time": "1y"}}, "template_budget.wall_time"),
        ({"template_budget": {"nope": 1}}, "template_budget.nope"),
        ({"retries": 3}, "retries"),
    ],
)
def test_sender_options_are_range_checked_naming_the_key(tmp_path, sender, key):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, {"url": "http://127.0.0.1/", "sender": sender}), env={})
    assert info.value.key == f"audit.sinks.webhook.sender.{key}"


def test_sender_options_load(tmp_path):
    hook = {
        "url": "http://127.0.0.1/",
        "sender": {
            "attempt_timeout": "250ms",
            "max_concurrency": "32",
            "close_timeout": "3s",
            "backoff_base": "100ms",
            "outbox": str(tmp_path / "o.db"),
            "template_budget": {"output_bytes": 4096, "wall_time": "50ms", "call_depth": 0},
        },
    }
    opts = load_config(write(tmp_path, hook), env={}).options
    assert (opts.attempt_timeout, opts.max_concurrency, opts.close_timeout) == (0.25, 32, 3.0)
    assert opts.backoff_base == 0.1 and opts.outbox == str(tmp_path / "o.db") and opts.tls_verify
    b = opts.template_budget
    assert (b.output_bytes, b.wall_time, b.call_depth, b.range_iterations) == (
        4096,
        0.05,
        0,
        100_000,
    )
    env = {"FLIPT_AUDIT_SINKS_WEBHOOK_SENDER_TLS_VERIFY": "false"}
    assert not load_config(write(tmp_path, hook), env=env).tls_verify


@pytest.mark.parametrize("char", ["\r", "\n", "\t", "\x00", "\x7f"])
def test_control_characters_in_urls_are_rejected_at_load(tmp_path, char):
    """Go's url.Parse refuses them; httpx cannot send them either (it raised InvalidURL at
    send time, which ended `send` with exit 3)."""
    bad = f"http://127.0.0.1:9/a{char}b"
    for hook, key in [
        ({"url": bad}, "audit.sinks.webhook.url"),
        ({"templates": [{"url": bad, "body": "{}"}]}, "audit.sinks.webhook.templates[0].url"),
        ({"url": "${HOOK_URL}"}, "audit.sinks.webhook.url"),
    ]:
        with pytest.raises(ConfigError) as info:
            load_config(write(tmp_path, hook), env={"HOOK_URL": bad})
        assert info.value.key == key
        assert "invalid control character in URL" in str(info.value)
        assert "\n" not in str(info.value) and "\r" not in str(info.value)
    cfg = write(tmp_path, {"url": bad})
    proc = subprocess.run(
        [sys.executable, "-m", "webhook", "check", "--config", str(cfg)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "audit.sinks.webhook.url" in proc.stderr


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_one_targets_unsendable_url_is_reported_not_raised(mode):
    """A config built in code skips load's checks: the bad target fails in its report, the
    others are still delivered, and send returns normally."""
    import gotmpl
    from webhook import FUNCS, Target, WebhookConfig

    body = gotmpl.Template("").funcs(FUNCS).parse('{"k": {{ toJson .Payload.key }}}')
    with Receiver() as rx:
        targets = (
            Target(0, "http://127.0.0.1:9/a\nb", body="{}", template=body),
            Target(1, "http://127.0.0.1:9/" + "a" * 70_000, body="{}", template=body),
            Target(2, rx.url + "/ok", body="{}", template=body),
        )
        config = WebhookConfig(targets, event_pairs=frozenset({"flag:created"}))
        if mode == "sync":
            with Sender(config) as s:
                results = s.send(EVENT)
        else:

            async def run():
                async with AsyncSender(config) as a:
                    return await a.send(EVENT)

            results = asyncio.run(run())
        assert len(rx.requests) == 1
    bad_char, too_long, ok = results
    assert ok.delivered
    assert not bad_char.delivered and "InvalidURL" in bad_char.reason
    assert not too_long.delivered and "InvalidURL" in too_long.reason
    assert bad_char.attempts == too_long.attempts == 1  # not retried
