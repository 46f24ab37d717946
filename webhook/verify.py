"""Checking a webhook request's signature as a receiver gets it: headers and the exact body.

Flipt's URL-mode sink signs every body with `X-Flipt-Webhook-Signature`: the lowercase hex
HMAC-SHA256 of the body bytes, keyed with `signing_secret` (webhook.core.sign computes it, for
signing and checking alike). `verify_request` says why a request fails, for a receiver that
answers 401 and logs the reason (the relay); `verify` is the yes/no form.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Mapping

from webhook.core import SIGNATURE_HEADER, sign

__all__ = ["SignatureError", "verify", "verify_request"]

Headers = Mapping[str, str] | Iterable[tuple[str, str]]

_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_SIGNATURE_LENGTH = 64  # hex digits of a SHA-256 digest


class SignatureError(Exception):
    """A request's signature is missing, malformed or does not match its body.

    `str()` is one line that never repeats the header's value (a receiver logs it).
    """


def verify_request(headers: Headers, body: bytes, secret: str) -> None:
    """Return if `headers` carry Flipt's signature of exactly `body` under `secret`.

    `headers` is a mapping (looked up without regard to case, as HTTP names are) or the
    (name, value) pairs as they arrived. Raises SignatureError when the header is missing,
    repeated, not 64 hex digits, or signs other bytes or another secret; the comparison
    takes the same time wherever the digits differ. ValueError for an empty secret: that
    is the receiver's configuration, not the request, at fault.
    """
    if not secret:
        raise ValueError("no signing secret to verify against")
    values = _header_values(headers, SIGNATURE_HEADER)
    if not values:
        raise SignatureError(f"missing {SIGNATURE_HEADER} header")
    if len(values) > 1:
        raise SignatureError(f"{len(values)} {SIGNATURE_HEADER} headers; Flipt sends one")
    given = values[0].strip()
    if len(given) != _SIGNATURE_LENGTH or not _HEX_DIGITS.issuperset(given):
        raise SignatureError(
            f"malformed {SIGNATURE_HEADER}: expected {_SIGNATURE_LENGTH} hex digits"
        )
    expected = sign(body, secret).encode("ascii")
    if not hmac.compare_digest(expected, given.lower().encode("ascii")):
        raise SignatureError(f"{SIGNATURE_HEADER} does not match the body")


def verify(body: bytes, secret: str, signature: str | bytes | None) -> bool:
    """Whether `signature` (the header's value) signs `body` with `secret`; constant time.

    False for an empty secret: there is nothing a signature could prove.
    """
    if signature is None or not secret:
        return False
    if isinstance(signature, bytes):
        signature = signature.decode("ascii", "replace")
    try:
        verify_request({SIGNATURE_HEADER: signature}, body, secret)
    except SignatureError:
        return False
    return True


def _header_values(headers: Headers, name: str) -> list[str]:
    """Every value of header `name` (any case); repeats kept, as they arrived."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    wanted = name.lower()
    return [value for key, value in pairs if key.lower() == wanted]
