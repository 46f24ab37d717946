"""webhook.verify: Flipt's X-Flipt-Webhook-Signature checked on requests as they arrive.

The signed requests come from the Go oracle, which marshals each event and signs it with
crypto/hmac exactly as Flipt v1.61.1's URL-mode sink does; Flipt's own client_test vector too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import webhook
from webhook import SIGNATURE_HEADER, SignatureError, verify, verify_request

EVENTS = Path(webhook.__file__).parent / "examples" / "events.jsonl"
SECRETS = ["s3crET", "k", "é" * 40, "x" * 65]

# Flipt v1.61.1 webhook/client_test.go
FLIPT_BODY = (
    b'{"version":"","type":"flag","action":"create","metadata":{},'
    b'"payload":null,"timestamp":"","status":""}'
)
FLIPT_SIG = "6bc16d7434cbd746abfd25e3350a3f43fba04883b7f0b83f09bbc373116f84b0"


@pytest.fixture(scope="module")
def signed(go_oracle) -> list[tuple[bytes, str, str]]:
    """(body, secret, signature) as Flipt makes them, for every example event and secret."""
    events = [json.loads(line) for line in EVENTS.read_text(encoding="utf-8").splitlines()]
    cases = [
        {"id": f"{i}/{s}", "kind": "flipt_body", "data": e, "secret": s}
        for i, e in enumerate(events)
        for s in SECRETS
    ]
    out = []
    for case, res in zip(cases, go_oracle.run_many(cases), strict=True):
        assert res["ok"], res
        out.append((res["output"].encode("utf-8"), case["secret"], res["signature"]))
    return out


def test_flipts_own_vector():
    verify_request({SIGNATURE_HEADER: FLIPT_SIG}, FLIPT_BODY, "s3crET")


def test_accepts_what_go_signs(signed):
    for body, secret, signature in signed:
        verify_request({SIGNATURE_HEADER: signature}, body, secret)
        # names in any case, pairs as they arrived, surrounding space as HTTP allows
        verify_request([("x-flipt-webhook-signature", f" {signature}\t")], body, secret)
        assert verify(body, secret, signature) and verify(body, secret, signature.encode())


def test_mismatch(signed):
    for body, secret, signature in signed:
        for other_body, other_secret in [
            (body + b" ", secret),
            (body[:-1], secret),
            (body.replace(b'"', b"'", 1), secret),
            (body, secret + "x"),
            (body, secret[:-1] or "other"),
        ]:
            with pytest.raises(SignatureError, match="does not match the body"):
                verify_request({SIGNATURE_HEADER: signature}, other_body, other_secret)
            assert not verify(other_body, other_secret, signature)
        flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
        with pytest.raises(SignatureError, match="does not match"):
            verify_request({SIGNATURE_HEADER: flipped}, body, secret)


def test_hex_case_is_not_part_of_the_signature(signed):
    # Go's hex.DecodeString reads either case; Flipt writes lowercase.
    body, secret, signature = signed[0]
    verify_request({SIGNATURE_HEADER: signature.upper()}, body, secret)


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "missing X-Flipt-Webhook-Signature header"),
        ({"X-Other": FLIPT_SIG}, "missing"),
        ({SIGNATURE_HEADER: ""}, "malformed X-Flipt-Webhook-Signature: expected 64 hex digits"),
        ({SIGNATURE_HEADER: FLIPT_SIG[:-1]}, "malformed"),
        ({SIGNATURE_HEADER: FLIPT_SIG + "0"}, "malformed"),
        ({SIGNATURE_HEADER: "sha256=" + FLIPT_SIG}, "malformed"),
        ({SIGNATURE_HEADER: FLIPT_SIG[:-1] + "g"}, "malformed"),
        ({SIGNATURE_HEADER: FLIPT_SIG[:-1] + "\u00e9"}, "malformed"),
        ([(SIGNATURE_HEADER, FLIPT_SIG)] * 2, "2 X-Flipt-Webhook-Signature headers"),
    ],
)
def test_missing_or_malformed(headers, message):
    with pytest.raises(SignatureError, match=message) as info:
        verify_request(headers, FLIPT_BODY, "s3crET")
    assert FLIPT_SIG[:8] not in str(info.value)  # the header's value is never echoed
    value = dict(headers).get(SIGNATURE_HEADER) if isinstance(headers, dict) else None
    assert not verify(FLIPT_BODY, "s3crET", value)


def test_an_empty_secret_is_the_receivers_fault():
    with pytest.raises(ValueError, match="no signing secret"):
        verify_request({SIGNATURE_HEADER: FLIPT_SIG}, FLIPT_BODY, "")
    assert not verify(FLIPT_BODY, "", webhook.sign(FLIPT_BODY, ""))
    assert not verify(FLIPT_BODY, "s3crET", None)
