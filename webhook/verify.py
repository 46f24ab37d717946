"""Checking a webhook request's signature as a receiver gets it: headers and the exact body.

Flipt's URL-mode sink signs every body with `X-Flipt-Webhook-Signature`: the lowercase hex
HMAC-SHA256 of the body bytes, keyed with `signing_secret` (webhook.core.sign computes it, for
signing and checking alike). With `sender.signing: standard` this sender signs the Standard
Webhooks way instead (webhook.standard), whose timestamp lets a receiver refuse replays.
`verify_request` checks either and says why a request fails, for a receiver that answers 401
and logs the reason (the relay); `verify` is the yes/no form of Flipt's.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterable, Mapping

from webhook import standard
from webhook.core import SIGNATURE_HEADER, sign
from webhook.options import FLIPT_SIGNING as FLIPT
from webhook.options import STANDARD_SIGNING as STANDARD

__all__ = ["DEFAULT_TOLERANCE", "SignatureError", "verify", "verify_request"]

#: How far a Standard Webhooks timestamp may be from the receiver's clock, in seconds (the
#: spec's libraries use five minutes): an older request is refused as a possible replay.
DEFAULT_TOLERANCE = 300.0

Headers = Mapping[str, str] | Iterable[tuple[str, str]]

_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_SIGNATURE_LENGTH = 64  # hex digits of a SHA-256 digest
# A longer webhook-timestamp is no time a clock reaches (20 digits is 3e12 years), and
# its int would not fit a float for the age arithmetic.
_MAX_TIMESTAMP_DIGITS = 20


class SignatureError(Exception):
    """A request's signature is missing, malformed or does not match its body.

    `str()` is one line that never repeats the header's value (a receiver logs it).
    """


def verify_request(
    headers: Headers,
    body: bytes,
    secret: str,
    *,
    scheme: str | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Return if `headers` carry a valid signature of exactly `body` under `secret`.

    `headers` is a mapping (looked up without regard to case, as HTTP names are) or the
    (name, value) pairs as they arrived. `scheme` is "flipt" (X-Flipt-Webhook-Signature),
    "standard" (Standard Webhooks, `secret` a `whsec_` secret) or None, which picks by the
    request and the secret:

    - Standard Webhooks when a `webhook-signature` header came and `secret` is a valid
      `whsec_` secret, even if X-Flipt-Webhook-Signature came too: the scheme that checks a
      timestamp decides, and a request failing it is refused, never retried as Flipt's.
    - Flipt's otherwise. A secret that is not a valid `whsec_` secret rules Standard Webhooks
      out (any string can be a Flipt secret), so its `webhook-signature` is not read; a request
      carrying only that header is refused with a SignatureError saying why.

    A receiver that wants replay protection names "standard": Flipt's scheme has no timestamp.

    Raises SignatureError for anything the request got wrong: a header missing, repeated or
    malformed, a signature of other bytes or another secret, or (Standard Webhooks) a
    timestamp more than `tolerance` seconds from `now` (default: the clock); comparisons take
    the same time wherever the digits differ. Raises ValueError, before any header is read,
    for the receiver's own configuration: an empty secret, an unknown scheme, or
    scheme="standard" with a secret that is not a valid `whsec_` secret.
    """
    if not secret:
        raise ValueError("no signing secret to verify against")
    if scheme == FLIPT:
        _verify_flipt(headers, body, secret)
        return
    if scheme == STANDARD:
        try:
            key = standard.signing_key(secret)
        except ValueError as e:
            raise ValueError(f"scheme {STANDARD!r}: {e}") from None
    elif scheme is None:
        auto_key = _detected_standard_key(headers, secret)
        if auto_key is None:
            _verify_flipt(headers, body, secret)
            return
        key = auto_key
    else:
        raise ValueError(f"unknown signature scheme {scheme!r}; expected flipt or standard")
    _verify_standard(headers, body, key, tolerance, time.time() if now is None else now)


def _detected_standard_key(headers: Headers, secret: str) -> bytes | None:
    """The HMAC key when scheme=None picks Standard Webhooks, or None for Flipt's scheme.

    SignatureError when only a `webhook-signature` came but the secret rules that scheme out.
    """
    if not _header_values(headers, standard.SIGNATURE_HEADER):
        return None
    try:
        return standard.signing_key(secret)
    except ValueError as e:
        if _header_values(headers, SIGNATURE_HEADER):
            return None
        raise SignatureError(
            f"missing {SIGNATURE_HEADER} header; the {standard.SIGNATURE_HEADER} header that "
            f"came is not checked, the secret not being a Standard Webhooks one ({e})"
        ) from None


def _verify_flipt(headers: Headers, body: bytes, secret: str) -> None:
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


def _verify_standard(
    headers: Headers, body: bytes, key: bytes, tolerance: float, now: float
) -> None:
    msg_id = _one(headers, standard.ID_HEADER)
    timestamp = _one(headers, standard.TIMESTAMP_HEADER)
    signatures = _one(headers, standard.SIGNATURE_HEADER)
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > _MAX_TIMESTAMP_DIGITS:
        raise SignatureError(
            f"malformed {standard.TIMESTAMP_HEADER}: expected whole seconds since 1970"
        )
    age = now - int(timestamp)
    if age > tolerance:
        raise SignatureError(
            f"{standard.TIMESTAMP_HEADER} is {age:.0f}s old, beyond the {tolerance:g}s "
            "tolerance (a replay?)"
        )
    if -age > tolerance:
        raise SignatureError(
            f"{standard.TIMESTAMP_HEADER} is {-age:.0f}s in the future, beyond the "
            f"{tolerance:g}s tolerance"
        )
    expected = standard.signature(key, msg_id, timestamp, body).encode("ascii")
    given = [s.encode("ascii", "replace") for s in signatures.split() if s.startswith("v1,")]
    if not given:
        raise SignatureError(f"malformed {standard.SIGNATURE_HEADER}: no v1,<base64> entry")
    # every entry is compared, so the time taken does not say which one matched
    if not sum(hmac.compare_digest(expected, g) for g in given):
        raise SignatureError(f"{standard.SIGNATURE_HEADER} does not match the body")


def _one(headers: Headers, name: str) -> str:
    """The single value of header `name`; SignatureError when missing, empty or repeated."""
    values = _header_values(headers, name)
    if not values or not values[0].strip():
        raise SignatureError(f"missing {name} header")
    if len(values) > 1:
        raise SignatureError(f"{len(values)} {name} headers; a request has one")
    return values[0].strip()


def verify(body: bytes, secret: str, signature: str | bytes | None) -> bool:
    """Whether `signature` (the header's value) signs `body` with `secret`; constant time.

    False for an empty secret: there is nothing a signature could prove.
    """
    if signature is None or not secret:
        return False
    if isinstance(signature, bytes):
        signature = signature.decode("ascii", "replace")
    try:
        verify_request({SIGNATURE_HEADER: signature}, body, secret, scheme=FLIPT)
    except SignatureError:
        return False
    return True


def _header_values(headers: Headers, name: str) -> list[str]:
    """Every value of header `name` (any case); repeats kept, as they arrived."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    wanted = name.lower()
    return [value for key, value in pairs if key.lower() == wanted]
