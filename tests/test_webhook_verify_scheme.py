"""webhook.verify_request's scheme choice: every branch, on real signatures.

Flipt-signed requests come from our Sender to a receiver on 127.0.0.1 (webhook/verify's own
tests check that signature against the Go oracle); Standard Webhooks headers come from our
Sender with `signing: standard` and from the `standardwebhooks` package. Whatever the request
holds, a bad one is a SignatureError; only the receiver's own configuration is a ValueError.
"""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from standardwebhooks import Webhook

from webhook import (
    Event,
    Sender,
    SenderOptions,
    SignatureError,
    Target,
    WebhookConfig,
    verify_request,
)
from webhook.core import SIGNATURE_HEADER
from webhook.receiver import Receiver

WHSEC = "whsec_" + base64.b64encode(bytes(range(32))).decode()
OTHER_WHSEC = "whsec_" + base64.b64encode(b"o" * 32).decode()
PLAIN = "plain-flipt-secret"
# A Flipt secret may be any string, this one included: it only looks like a whsec_ secret.
LOOKALIKE = "whsec_!!not-base64"
NOT_WHSEC = {PLAIN: "starts with whsec_", LOOKALIKE: "what follows whsec_ must be base64"}
EVENT = Event.from_dict({"version": "0.1", "type": "flag", "action": "created", "payload": {}})
STANDARD_NAMES = ("webhook-id", "webhook-timestamp", "webhook-signature")

Request = tuple[dict[str, str], bytes]


def sent(config: WebhookConfig, rx: Receiver) -> Request:
    """The headers (names lowercased) and body of the one request our Sender makes."""
    with Sender(config) as sender:
        [result] = sender.send(EVENT)
    assert result.delivered
    r = rx.requests[-1]
    return {n.lower(): v for n, v in r.headers}, r.body


@pytest.fixture(scope="module")
def flipt_signed() -> dict[str, Request]:
    """A request our sender signed Flipt's way, for each secret."""
    with Receiver() as rx:
        return {
            s: sent(WebhookConfig((Target(0, rx.url),), s), rx) for s in (WHSEC, PLAIN, LOOKALIKE)
        }


@pytest.fixture(scope="module")
def standard_signed() -> Request:
    """A request our sender signed the Standard Webhooks way with WHSEC."""
    options = SenderOptions(signing="standard")
    with Receiver() as rx:
        return sent(WebhookConfig((Target(0, rx.url),), WHSEC, options=options), rx)


def library_headers(secret: str, body: bytes, at: float | None = None) -> dict[str, str]:
    """The three Standard Webhooks headers as the spec's own library signs `body`."""
    ts = int(time.time() if at is None else at)
    sig = Webhook(secret).sign("msg_1", datetime.fromtimestamp(ts, UTC), body.decode())
    return {"webhook-id": "msg_1", "webhook-timestamp": str(ts), "webhook-signature": sig}


def only_flipt(req: Request) -> dict[str, str]:
    headers = req[0]
    assert SIGNATURE_HEADER.lower() in headers
    return {n: v for n, v in headers.items() if n not in STANDARD_NAMES}


def test_a_whsec_secret_and_webhook_signature_pick_standard(standard_signed):
    headers, body = standard_signed
    assert SIGNATURE_HEADER.lower() not in headers
    verify_request(headers, body, WHSEC)
    verify_request(library_headers(WHSEC, body), body, WHSEC)
    with pytest.raises(SignatureError, match="webhook-signature does not match the body"):
        verify_request(headers, body + b" ", WHSEC)
    with pytest.raises(SignatureError, match="webhook-signature does not match the body"):
        verify_request(headers, body, OTHER_WHSEC)


@pytest.mark.parametrize("secret", [WHSEC, PLAIN, LOOKALIKE])
def test_only_flipts_header_is_checked_the_flipt_way(flipt_signed, secret):
    headers, body = flipt_signed[secret]
    verify_request(only_flipt(flipt_signed[secret]), body, secret)
    with pytest.raises(SignatureError, match="X-Flipt-Webhook-Signature does not match the body"):
        verify_request(headers, body + b" ", secret)


def test_both_headers_with_a_whsec_secret_standard_decides_without_fallback(flipt_signed):
    flipt_headers, body = flipt_signed[WHSEC]
    verify_request({**flipt_headers, **library_headers(WHSEC, body)}, body, WHSEC)
    # Flipt's header is valid, but a failing webhook-signature is not retried as Flipt's:
    # wrong key, then a captured request replayed after the tolerance
    with pytest.raises(SignatureError, match="webhook-signature does not match the body"):
        verify_request({**flipt_headers, **library_headers(OTHER_WHSEC, body)}, body, WHSEC)
    now = time.time()
    stale = library_headers(WHSEC, body, at=now - 3600)
    with pytest.raises(SignatureError, match="webhook-timestamp is 3600s old"):
        verify_request({**flipt_headers, **stale}, body, WHSEC, now=int(now))


@pytest.mark.parametrize(("secret", "why"), NOT_WHSEC.items())
def test_a_secret_that_is_not_whsec_rules_standard_out(flipt_signed, standard_signed, secret, why):
    # only a webhook-signature, valid under some whsec_ secret: the sender controls it
    for headers, body in [standard_signed, (library_headers(WHSEC, b"{}"), b"{}")]:
        with pytest.raises(SignatureError) as info:
            verify_request(headers, body, secret)
        message = str(info.value)
        assert message.startswith(
            "missing X-Flipt-Webhook-Signature header; the webhook-signature header that came "
            "is not checked, the secret not being a Standard Webhooks one ("
        )
        assert why in message and "\n" not in message and secret not in message
    # both headers: Flipt's decides, whatever webhook-signature holds
    flipt_headers, body = flipt_signed[secret]
    garbage = {"webhook-id": "", "webhook-timestamp": "x", "webhook-signature": "v1,x"}
    verify_request({**flipt_headers, **garbage}, body, secret)
    with pytest.raises(SignatureError, match="X-Flipt-Webhook-Signature does not match"):
        verify_request({**flipt_headers, **library_headers(WHSEC, body)}, body + b" ", secret)


@pytest.mark.parametrize(("secret", "why"), NOT_WHSEC.items())
def test_scheme_standard_with_a_secret_that_is_not_whsec_is_the_receivers_error(
    standard_signed, secret, why
):
    for headers in [standard_signed[0], {}]:  # raised before any header is read
        with pytest.raises(ValueError, match=f"^scheme 'standard': .*{why}") as info:
            verify_request(headers, standard_signed[1], secret, scheme="standard")
        assert not isinstance(info.value, SignatureError) and secret not in str(info.value)


def test_scheme_flipt_reads_only_flipts_header(flipt_signed, standard_signed):
    with pytest.raises(SignatureError, match="missing X-Flipt-Webhook-Signature header$"):
        verify_request(standard_signed[0], standard_signed[1], WHSEC, scheme="flipt")
    flipt_headers, body = flipt_signed[WHSEC]
    stale = library_headers(OTHER_WHSEC, body, at=0)
    verify_request({**flipt_headers, **stale}, body, WHSEC, scheme="flipt")


def test_the_receivers_other_mistakes_are_value_errors(standard_signed):
    headers, body = standard_signed
    with pytest.raises(ValueError, match="no signing secret to verify against"):
        verify_request(headers, body, "")
    with pytest.raises(ValueError, match="unknown signature scheme 'svix'"):
        verify_request(headers, body, WHSEC, scheme="svix")


@pytest.mark.parametrize("digits", [21, 400, 5000])  # float overflow; int()'s digit limit
def test_an_endless_timestamp_is_malformed(digits):
    headers = {"webhook-id": "m", "webhook-timestamp": "9" * digits, "webhook-signature": "v1,x"}
    with pytest.raises(SignatureError, match="malformed webhook-timestamp"):
        verify_request(headers, b"{}", WHSEC)


def test_a_twenty_digit_timestamp_is_read_as_time():
    headers = {"webhook-id": "m", "webhook-timestamp": "9" * 20, "webhook-signature": "v1,x"}
    with pytest.raises(SignatureError, match="in the future, beyond the 300s tolerance"):
        verify_request(headers, b"{}", WHSEC)


header_names = st.sampled_from(
    [SIGNATURE_HEADER, SIGNATURE_HEADER.lower(), *STANDARD_NAMES, "Webhook-Signature", "x-o"]
)
header_values = st.one_of(
    st.text(max_size=80),
    st.integers(min_value=0).map(str),
    st.text("0123456789", min_size=15, max_size=6000),
    st.lists(st.text(max_size=30), max_size=3).map(lambda xs: " ".join("v1," + x for x in xs)),
)


@settings(max_examples=400, deadline=None)
@given(
    headers=st.lists(st.tuples(header_names, header_values), max_size=6),
    body=st.binary(max_size=64),
    secret_scheme=st.sampled_from(
        [(s, None) for s in (WHSEC, PLAIN, LOOKALIKE)]
        + [(s, "flipt") for s in (WHSEC, PLAIN)]
        + [(WHSEC, "standard")]
    ),
)
def test_whatever_the_request_holds_a_bad_one_is_a_signature_error(headers, body, secret_scheme):
    secret, scheme = secret_scheme
    try:
        verify_request(headers, body, secret, scheme=scheme, now=1_700_000_000)
    except SignatureError as e:
        assert "\n" not in str(e)
