"""Which TLS failures a retry can heal, read from the `ssl.SSLError` under an httpx error.

A retry sends the same ClientHello to the same server seconds later. When the two sides simply
do not agree (the port speaks plain HTTP, no common protocol version or cipher, the server
wants a client certificate, our check of its certificate fails) the answer cannot change within
a retry budget, so the delivery fails at once and says why. When the connection broke (an EOF
or reset mid-handshake, a timeout) or the server reported its own internal error, it may well
work next time, so it is retried like any connection failure.
"""

from __future__ import annotations

import ssl

__all__ = ["LASTING", "lasting_tls_failure"]

#: OpenSSL reasons (`ssl.SSLError.reason`) that a retry within seconds cannot change.
LASTING = frozenset(
    {
        # not TLS at the other end: https:// to a plain-HTTP port, or another protocol
        "WRONG_VERSION_NUMBER",
        "PACKET_LENGTH_TOO_LONG",
        "HTTP_REQUEST",
        # no protocol version, cipher or signature algorithm both sides accept
        "UNSUPPORTED_PROTOCOL",
        "TLSV1_ALERT_PROTOCOL_VERSION",
        "NO_PROTOCOLS_AVAILABLE",
        "VERSION_TOO_LOW",
        "VERSION_TOO_HIGH",
        "SSLV3_ALERT_HANDSHAKE_FAILURE",
        "NO_SHARED_CIPHER",
        "NO_CIPHERS_AVAILABLE",
        "NO_SUITABLE_SIGNATURE_ALGORITHM",
        "TLSV1_ALERT_INSUFFICIENT_SECURITY",
        "TLSV1_ALERT_NO_APPLICATION_PROTOCOL",
        "TLSV1_ALERT_UNRECOGNIZED_NAME",
        # the server refuses us: it wants a (valid) client certificate, or denies access
        "TLSV13_ALERT_CERTIFICATE_REQUIRED",
        "SSLV3_ALERT_BAD_CERTIFICATE",
        "SSLV3_ALERT_UNSUPPORTED_CERTIFICATE",
        "SSLV3_ALERT_CERTIFICATE_REVOKED",
        "SSLV3_ALERT_CERTIFICATE_EXPIRED",
        "SSLV3_ALERT_CERTIFICATE_UNKNOWN",
        "TLSV1_ALERT_UNKNOWN_CA",
        "TLSV1_ALERT_ACCESS_DENIED",
        # we refuse the server's certificate (ssl.SSLCertVerificationError)
        "CERTIFICATE_VERIFY_FAILED",
    }
)


def _ssl_error(exc: BaseException) -> ssl.SSLError | None:
    """The ssl.SSLError an httpx error was raised from, if any (httpx -> httpcore -> ssl)."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, ssl.SSLError):
            return cur
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return None


def lasting_tls_failure(exc: BaseException) -> str | None:
    """OpenSSL's reason when `exc` is a TLS failure no retry can heal, else None."""
    err = _ssl_error(exc)
    if err is None:
        return None
    if isinstance(err, ssl.SSLCertVerificationError):
        return "CERTIFICATE_VERIFY_FAILED"
    reason = getattr(err, "reason", None)
    return reason if reason in LASTING else None
