"""Standard Webhooks, opt-in with `sender.signing: standard`: our requests are checked with
the `standardwebhooks` package from PyPI (the spec's own library), and `verify_request`
accepts both schemes, with a timestamp tolerance against replays."""

from __future__ import annotations

import base64
import io
import time
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from webhook import (
    AsyncSender,
    ConfigError,
    Event,
    Sender,
    SenderOptions,
    SignatureError,
    Target,
    WebhookConfig,
    config_from_dict,
    verify_request,
)
from webhook.cli import main
from webhook.core import DELIVERY_ID_HEADER, SIGNATURE_HEADER
from webhook.receiver import Received, Receiver, Reply

SECRET = "whsec_" + base64.b64encode(bytes(range(32))).decode()
EVENT = Event.from_dict(
    {"version": "0.1", "type": "flag", "action": "created", "payload": {"k": 1}}
)


def standard_config(url: str, secret: str = SECRET) -> WebhookConfig:
    options = SenderOptions(signing="standard", backoff_base=0.0)
    return WebhookConfig((Target(0, f"{url}/hook"),), secret, max_backoff=2.0, options=options)


def headers(r: Received) -> dict[str, str]:
    return dict(r.headers)


def test_requests_verify_with_the_standardwebhooks_package():
    replies = iter([Reply(503), Reply(200)])  # a retry is signed again, with its own timestamp
    with Receiver(respond=lambda received, index: next(replies)) as rx:
        with Sender(standard_config(rx.url)) as sender:
            [result] = sender.send(EVENT)
        got = list(rx.requests)
    assert result.delivered and result.attempts == 2
    lib = Webhook(SECRET)
    for r in got:
        lib.verify(r.body, headers(r), json_parse=False)  # raises on any mismatch
        assert r.header("webhook-id") == r.header(DELIVERY_ID_HEADER) == result.delivery_id
        assert abs(int(r.header("webhook-timestamp")) - time.time()) < 60
        assert r.header(SIGNATURE_HEADER) is None  # Flipt's header is not sent as well
        verify_request(r.headers, r.body, SECRET)  # ours agrees
        with pytest.raises(WebhookVerificationError):
            lib.verify(r.body + b" ", headers(r), json_parse=False)
        with pytest.raises(SignatureError, match="webhook-signature does not match the body"):
            verify_request(r.headers, r.body + b" ", SECRET)


async def test_async_sender_signs_the_same_way():
    with Receiver() as rx:
        async with AsyncSender(standard_config(rx.url)) as sender:
            results = await sender.send_many([EVENT] * 5)
        got = list(rx.requests)
    assert all(r.delivered for [r] in results) and len(got) == 5
    for r in got:
        Webhook(SECRET).verify(r.body, headers(r), json_parse=False)


def test_verify_request_accepts_the_librarys_signatures_within_the_tolerance():
    lib = Webhook(SECRET)
    body = b'{"type":"flag"}'
    ts = 1_700_000_000
    sig = lib.sign("msg_1", datetime.fromtimestamp(ts, UTC), body.decode())
    hdrs = {"webhook-id": "msg_1", "webhook-timestamp": str(ts), "webhook-signature": sig}
    verify_request(hdrs, body, SECRET, now=ts + 300)
    verify_request(hdrs, body, SECRET, now=ts - 300)
    # a list of signatures (a rotated secret): any v1 entry may match
    rotated = {**hdrs, "webhook-signature": f"v1,AAAA v2,xyz {sig}"}
    verify_request(rotated, body, SECRET, now=ts, scheme="standard")
    with pytest.raises(
        SignatureError, match=r"webhook-timestamp is 301s old, beyond the 300s tolerance"
    ):
        verify_request(hdrs, body, SECRET, now=ts + 301)
    with pytest.raises(SignatureError, match="is 11s in the future, beyond the 10s tolerance"):
        verify_request(hdrs, body, SECRET, now=ts - 11, tolerance=10)
    other = "whsec_" + base64.b64encode(b"x" * 32).decode()
    with pytest.raises(SignatureError, match="does not match"):
        verify_request(hdrs, body, other, now=ts)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"webhook-id": ""}, "missing webhook-id header"),
        ({"webhook-timestamp": "17e8"}, "malformed webhook-timestamp"),
        ({"webhook-signature": "v2,abc"}, "malformed webhook-signature: no v1,<base64> entry"),
    ],
)
def test_malformed_standard_headers(change, message):
    hdrs = {"webhook-id": "m", "webhook-timestamp": "1700000000", "webhook-signature": "v1,x"}
    with pytest.raises(SignatureError, match=message):
        verify_request({**hdrs, **change}, b"{}", SECRET, now=1_700_000_000)


def test_scheme_choice_and_receiver_mistakes():
    flipt_signed = {SIGNATURE_HEADER: "0" * 64}
    # a receiver that asks for Standard Webhooks does not fall back to Flipt's header
    with pytest.raises(SignatureError, match="missing webhook-id header"):
        verify_request(flipt_signed, b"{}", SECRET, scheme="standard")
    with pytest.raises(SignatureError, match="X-Flipt-Webhook-Signature does not match"):
        verify_request(flipt_signed, b"{}", SECRET)
    with pytest.raises(ValueError, match="unknown signature scheme"):
        verify_request(flipt_signed, b"{}", SECRET, scheme="svix")


def test_flipts_header_stays_the_default():
    with Receiver(secret="plain") as rx:
        with Sender(WebhookConfig((Target(0, rx.url),), "plain")) as sender:
            sender.send(EVENT)
        [r] = rx.requests
    assert r.signature_ok and r.header("webhook-signature") is None
    verify_request(r.headers, r.body, "plain")


HOOK = {"enabled": True, "url": "http://127.0.0.1:9/h"}


@pytest.mark.parametrize(
    ("webhook_keys", "env", "key", "message"),
    [
        (
            {"signing_secret": "plain"},
            {},
            "signing_secret",
            "a Standard Webhooks secret starts with whsec_",
        ),
        (
            {"signing_secret": "whsec_!!"},
            {},
            "signing_secret",
            "what follows whsec_ must be base64",
        ),
        (
            {"signing_secret": "${NOPE}"},
            {},
            "signing_secret",
            "needs a whsec_ signing secret; ${NOPE} is not set",
        ),
        ({}, {}, "signing_secret", "needs a whsec_ signing secret"),
    ],
)
def test_config_errors_name_the_key(webhook_keys, env, key, message):
    doc = {
        "audit": {"sinks": {"webhook": {**HOOK, **webhook_keys, "sender": {"signing": "standard"}}}}
    }
    with pytest.raises(ConfigError) as info:
        config_from_dict(doc, env)
    assert info.value.key == f"audit.sinks.webhook.{key}"
    assert info.value.message == message or message in info.value.message
    assert "!!" not in str(info.value)


def test_config_signing_values():
    doc = {"audit": {"sinks": {"webhook": {**HOOK, "sender": {"signing": "svix"}}}}}
    with pytest.raises(ConfigError) as info:
        config_from_dict(doc, {})
    assert info.value.key == "audit.sinks.webhook.sender.signing"
    assert info.value.message == 'must be "flipt" (the default) or "standard", not "svix"'
    short = "whsec_" + base64.b64encode(b"k" * 16).decode()
    doc = {
        "audit": {
            "sinks": {
                "webhook": {**HOOK, "signing_secret": short, "sender": {"signing": "standard"}}
            }
        }
    }
    c = config_from_dict(doc, {})
    assert c.options.signing == "standard" and c.flipt_secret == ""
    assert c.warnings == (
        "audit.sinks.webhook.signing_secret: "
        "the spec advises 24 to 64 random bytes; this key has 16",
    )


def test_check_says_which_scheme_signs(tmp_path):
    path = tmp_path / "flipt.yml"
    path.write_text(
        "audit:\n  sinks:\n    webhook:\n      enabled: true\n      url: http://127.0.0.1:9/\n"
        f"      signing_secret: {SECRET}\n      sender: {{signing: standard}}\n"
    )
    out = io.StringIO()
    assert main(["check", "--config", str(path)], out=out) == 0
    assert (
        "signing: standard (webhook-id, webhook-timestamp, webhook-signature)\n" in out.getvalue()
    )
