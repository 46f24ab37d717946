"""Standard Webhooks signing (https://www.standardwebhooks.com/), this sender's opt-in scheme.

With `sender.signing: standard` every request carries `webhook-id` (the delivery id, the same
on every retry), `webhook-timestamp` (seconds since 1970, when the attempt is sent) and
`webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the bytes a
`whsec_<base64>` secret holds. The sender signs with it and `webhook.verify_request` checks it;
this module is the one place its rules live.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

__all__ = [
    "ID_HEADER",
    "NAMES",
    "SECRET_PREFIX",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "key_size_note",
    "signature",
    "signed_headers",
    "signing_key",
]

ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"
#: The three headers, lowercased: a configured header of one of these names is not sent.
NAMES = frozenset({ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER})
SECRET_PREFIX = "whsec_"
#: The spec's advice for a secret's size: 24 to 64 random bytes.
MIN_KEY_BYTES = 24
MAX_KEY_BYTES = 64


def signing_key(secret: str) -> bytes:
    """The HMAC key a `whsec_` secret stands for (the base64 after the prefix; its padding
    may be left off). ValueError, saying what is wrong without echoing the secret."""
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError(f"a Standard Webhooks secret starts with {SECRET_PREFIX}")
    text = secret[len(SECRET_PREFIX) :]
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"what follows {SECRET_PREFIX} must be base64") from None
    if not key:
        raise ValueError(f"nothing follows {SECRET_PREFIX}")
    return key


def key_size_note(key: bytes) -> str | None:
    """Why a key's size goes against the spec's advice, or None."""
    if MIN_KEY_BYTES <= len(key) <= MAX_KEY_BYTES:
        return None
    return (
        f"the spec advises {MIN_KEY_BYTES} to {MAX_KEY_BYTES} random bytes; this key has {len(key)}"
    )


def signature(key: bytes, msg_id: str, timestamp: str, body: bytes) -> str:
    """`v1,<base64 HMAC-SHA256 of "msg_id.timestamp.body">`: one entry of `webhook-signature`."""
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode(), hashlib.sha256)
    mac.update(body)
    return "v1," + base64.b64encode(mac.digest()).decode("ascii")


def signed_headers(
    key: bytes, msg_id: str, body: bytes, timestamp: int
) -> tuple[tuple[str, str], ...]:
    """The three headers for one attempt sent at `timestamp` (seconds since 1970)."""
    ts = str(timestamp)
    return (
        (ID_HEADER, msg_id),
        (TIMESTAMP_HEADER, ts),
        (SIGNATURE_HEADER, signature(key, msg_id, ts, body)),
    )
