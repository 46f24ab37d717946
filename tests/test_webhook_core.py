"""The pure core: signing, verification, headers, response classification, waits."""

from __future__ import annotations

import hashlib
import hmac
import ssl
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from webhook import core
from webhook.config import Target
from webhook.core import Verdict

FLIPT_BODY = (
    b'{"version":"","type":"flag","action":"create","metadata":{},'
    b'"payload":null,"timestamp":"","status":""}'
)
FLIPT_SIG = "6bc16d7434cbd746abfd25e3350a3f43fba04883b7f0b83f09bbc373116f84b0"


def test_sign_matches_flipts_own_test_vector():
    assert core.sign(FLIPT_BODY, "s3crET") == FLIPT_SIG


@pytest.mark.parametrize("secret", ["", "k", "s3crET", "x" * 64, "y" * 65, "é" * 40, "z" * 500])
@pytest.mark.parametrize("body", [b"", b"{}", FLIPT_BODY, bytes(range(256)) * 40])
def test_sign_is_hmac_sha256(secret, body):
    expected = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    assert core.sign(body, secret) == expected
    assert core.sign(body, secret) == expected  # the cached keyed state is copied, not consumed


def headers_of(target: Target, secret: str = "") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for n, v in core.build_headers(target, b"{}", secret, "id-1"):
        out.setdefault(n, []).append(v)
    return out


def test_headers_url_mode():
    h = headers_of(Target(0, "http://x"), "s3crET")
    assert h == {
        "Content-Type": ["application/json"],
        core.SIGNATURE_HEADER: [core.sign(b"{}", "s3crET")],
        core.DELIVERY_ID_HEADER: ["id-1"],
    }


def test_content_type_is_added_only_when_missing_and_never_duplicated():
    plain = Target(0, "http://x", headers=(("Content-Type", "text/plain"),))
    assert headers_of(plain)["Content-Type"] == ["text/plain"]
    other = Target(0, "http://x", headers=(("X-A", "1"),))
    assert headers_of(other)["Content-Type"] == ["application/json"]
    assert core.SIGNATURE_HEADER not in headers_of(other)


def test_delivery_ids_are_random_uuid4_text():
    ids = [core.new_delivery_id() for _ in range(1000)]
    assert len(set(ids)) == len(ids)
    for text in ids:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, text)


def test_our_headers_replace_configured_lookalikes():
    t = Target(
        0,
        "http://x",
        headers=((core.SIGNATURE_HEADER, "forged"), (core.DELIVERY_ID_HEADER, "mine")),
    )
    h = headers_of(t, "k")
    assert h[core.SIGNATURE_HEADER] == [core.sign(b"{}", "k")]
    assert h[core.DELIVERY_ID_HEADER] == ["id-1"]


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (200, Verdict.DELIVERED),
        (201, Verdict.DELIVERED),
        (204, Verdict.DELIVERED),
        (299, Verdict.DELIVERED),
        (301, Verdict.FAIL),
        (302, Verdict.FAIL),
        (308, Verdict.FAIL),
        (400, Verdict.FAIL),
        (401, Verdict.FAIL),
        (404, Verdict.FAIL),
        (410, Verdict.FAIL),
        (408, Verdict.RETRY),
        (425, Verdict.RETRY),
        (429, Verdict.RETRY),
        (500, Verdict.RETRY),
        (501, Verdict.RETRY),
        (503, Verdict.RETRY),
        (599, Verdict.RETRY),
        (100, Verdict.FAIL),
    ],
)
def test_classify_status(status, verdict):
    got, reason = core.classify_status(status)
    assert got == verdict
    assert (reason is None) == (verdict == Verdict.DELIVERED)
    if 300 <= status < 400:
        assert "redirect not followed" in reason


def test_classify_errors():
    import httpx

    assert core.classify_error(httpx.ConnectError("refused"))[0] == Verdict.RETRY
    assert core.classify_error(httpx.ReadTimeout("slow"))[0] == Verdict.RETRY
    assert core.classify_error(httpx.RemoteProtocolError("reset"))[0] == Verdict.RETRY
    assert core.classify_error(httpx.UnsupportedProtocol("gopher"))[0] == Verdict.FAIL
    # as httpx raises it: from httpcore's error, raised from the ssl module's
    cause = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] self-signed")
    try:
        raise httpx.ConnectError(str(cause)) from cause
    except httpx.ConnectError as tls:
        assert core.classify_error(tls)[0] == Verdict.FAIL
        assert not core.may_have_arrived(tls)
    # the real handshake failures, retried or not, are in test_webhook_tls.py


def test_parse_retry_after():
    now = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert core.parse_retry_after("7", now) == 7.0
    assert core.parse_retry_after(" 0 ", now) == 0.0
    later = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert core.parse_retry_after(later, now) == 30.0
    earlier = format_datetime(now - timedelta(seconds=30), usegmt=True)
    assert core.parse_retry_after(earlier, now) == 0.0
    assert core.parse_retry_after(None, now) is None
    assert core.parse_retry_after("soon", now) is None
    assert core.parse_retry_after("-5", now) is None


def top(lo: float, hi: float) -> float:
    return hi


def test_full_jitter_ceiling_doubles():
    assert [core.next_wait(n, 100.0, rand=top).wait for n in (1, 2, 3, 4)] == [0.5, 1, 2, 4]
    assert core.next_wait(1, 100.0, rand=lambda lo, hi: lo).wait == 0.0


def test_wait_never_exceeds_the_remaining_budget():
    assert core.next_wait(10, 0.3, rand=top).wait == 0.3
    d = core.next_wait(1, 0.0)
    assert d.wait is None and "budget" in d.reason


def test_retry_after_is_honoured_within_the_budget_only():
    assert core.next_wait(1, 5.0, 2.0).wait == 2.0
    d = core.next_wait(1, 5.0, 30.0)
    assert d.wait is None and "Retry-After 30s" in d.reason
