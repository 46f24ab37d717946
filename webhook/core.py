"""The deciding half of the sender, free of I/O: build a request, sign it, judge the answer.

`Sender` and `AsyncSender` only move bytes; everything they decide (the body, the headers, whether
a response counts as delivered, whether and how long to wait before the next attempt) is here,
so both twins behave identically and the policy is testable without a network. What only
judging a transport error needs (httpx, ssl) is imported when one is judged, so rendering and
checking (`python -m webhook check`) do not load them.
"""

from __future__ import annotations

import functools
import hashlib
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from gotmpl.errors import GoError, TemplateError
from gotmpl.json import to_json
from gotmpl.jsonvalid import JSONSyntaxError, json_error
from webhook import budget as _budget
from webhook.config import Target, WebhookConfig
from webhook.event import Event
from webhook.headers import GO_DROPS
from webhook.options import TemplateBudget

__all__ = [
    "CONTENT_TYPE",
    "DELIVERY_ID_HEADER",
    "SIGNATURE_HEADER",
    "Decision",
    "Prepared",
    "Refused",
    "RenderError",
    "Verdict",
    "build_headers",
    "classify_error",
    "classify_status",
    "may_have_arrived",
    "new_delivery_id",
    "next_wait",
    "parse_retry_after",
    "plan",
    "prepare",
    "prepare_body",
    "render_body",
    "sign",
]

#: Flipt's signature header (`x-flipt-webhook-signature`, canonicalised as Go sends it).
SIGNATURE_HEADER = "X-Flipt-Webhook-Signature"
#: Ours: one id per event and target, identical on every retry, for receivers to de-duplicate.
DELIVERY_ID_HEADER = "X-Webhook-Delivery-Id"
CONTENT_TYPE = "application/json"

#: First backoff ceiling; each retry doubles it (full jitter draws the wait from [0, ceiling]).
BACKOFF_BASE = 0.5
_RETRY_STATUSES = frozenset({408, 425, 429})


class RenderError(Exception):
    """The event could not become a request body; `reason` is what the report says.

    `syntax` is set when the body rendered but is not JSON (Go's `json.Valid` is false).
    """

    def __init__(self, reason: str, syntax: JSONSyntaxError | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.syntax = syntax


def sign(body: bytes, secret: str) -> str:
    """Flipt's signature: lowercase hex HMAC-SHA256 of the exact body bytes."""
    inner, outer = _hmac_sha256_keyed(secret)
    inner = inner.copy()
    inner.update(body)
    outer = outer.copy()
    outer.update(inner.digest())
    return outer.hexdigest()


_BLOCK = 64  # SHA-256's block size, RFC 2104's B
_IPAD = bytes(b ^ 0x36 for b in range(256))
_OPAD = bytes(b ^ 0x5C for b in range(256))


@functools.lru_cache(maxsize=16)
def _hmac_sha256_keyed(secret: str) -> tuple[hashlib._Hash, hashlib._Hash]:
    """HMAC-SHA256's inner and outer hashes with the key already fed in (RFC 2104), as
    `hmac.HMAC` keeps them. Signing copies these instead of keying a new HMAC per body, which
    costs several µs per event in the sender (OpenSSL sets up a MAC context every time)."""
    key = secret.encode("utf-8")
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    return hashlib.sha256(key.translate(_IPAD)), hashlib.sha256(key.translate(_OPAD))


def render_body(target: Target, event: Event, budget: TemplateBudget | None = None) -> bytes:
    """The exact bytes Flipt would POST for `event` to `target`, or RenderError.

    URL mode: Go's `json.Marshal(event)`. Template mode: the template's output within
    `budget`, which must be valid JSON (Flipt's message: `invalid JSON: <body>`).
    """
    if not target.is_template:
        try:
            return to_json(event).encode("utf-8")
        except GoError as exc:
            raise RenderError(str(exc)) from None
        except RecursionError:
            raise RenderError("event payload is nested too deeply to encode") from None
    try:
        text = _budget.execute(target.template, event, budget)
    except TemplateError as exc:
        raise RenderError(str(exc)) from None
    except RecursionError:
        raise RenderError("template execution nested too deeply") from None
    data = text.encode("utf-8", "surrogatepass")
    syntax = json_error(data)
    if syntax is not None:
        raise RenderError(f"invalid JSON: {text}", syntax)
    return data


def build_headers(
    target: Target, body: bytes, secret: str, delivery_id: str
) -> tuple[tuple[str, str], ...]:
    """Request headers: the target's own, Content-Type, the signature and the delivery id.

    A configured Content-Type is kept as given (Flipt would add a second one when it does not
    start with `application/json`); without one, `application/json` is sent. With a secret,
    every body is signed, template bodies included (Flipt signs only URL-mode bodies).
    """
    if secret:
        signed = ((SIGNATURE_HEADER, sign(body, secret)), (DELIVERY_ID_HEADER, delivery_id))
        return _fixed_headers(target.headers, True) + signed
    return _fixed_headers(target.headers, False) + ((DELIVERY_ID_HEADER, delivery_id),)


@functools.lru_cache(maxsize=256)  # the same few targets, for every event
def _fixed_headers(
    configured: tuple[tuple[str, str], ...], signed: bool
) -> tuple[tuple[str, str], ...]:
    """The headers every request to a target carries: the configured ones without ours (the
    delivery id, and the signature when `signed`) and without those Go's client writes itself
    (Host, Content-Length, ...: webhook.headers), plus Content-Type when none is set."""
    # Go's client never writes these from the Header map (a config built in code may hold them)
    ours = {name.lower() for name in GO_DROPS} | {DELIVERY_ID_HEADER.lower()}
    if signed:
        ours.add(SIGNATURE_HEADER.lower())
    headers = [(n, v) for n, v in configured if n.lower() not in ours]
    if not any(n.lower() == "content-type" for n, _ in headers):
        headers.append(("Content-Type", CONTENT_TYPE))
    return tuple(headers)


def new_delivery_id() -> str:
    """A fresh delivery id: a random (version 4) UUID in its canonical text form.

    The same text as `str(uuid.uuid4())`, built from the random bytes without the UUID object
    (in half the time; one is made for every event and target).
    """
    b = bytearray(os.urandom(16))
    b[6] = (b[6] & 0x0F) | 0x40  # version 4
    b[8] = (b[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass(frozen=True, repr=False)
class Prepared:
    """A request ready to send, identical on every attempt."""

    target: Target
    body: bytes
    headers: tuple[tuple[str, str], ...]
    delivery_id: str

    def __repr__(self) -> str:
        names = ", ".join(n for n, _ in self.headers)
        return f"Prepared({self.target!r}, {len(self.body)} bytes, headers=[{names}])"


def prepare(
    target: Target,
    event: Event,
    secret: str,
    delivery_id: str | None = None,
    budget: TemplateBudget | None = None,
) -> Prepared:
    """Render, validate and sign once; retries resend these exact bytes. Raises RenderError."""
    body = render_body(target, event, budget)
    return prepare_body(target, body, secret, delivery_id)


def prepare_body(
    target: Target, body: bytes, secret: str, delivery_id: str | None = None
) -> Prepared:
    """A request for an already rendered body (a stored one, on replay): headers and signature
    come from the current config, the delivery id is kept (a new one if None)."""
    delivery_id = delivery_id or new_delivery_id()
    return Prepared(target, body, build_headers(target, body, secret, delivery_id), delivery_id)


@dataclass(frozen=True)
class Refused:
    """Why an event is not sent to a target: filtered out by `audit.events` (`skipped`), or
    its body cannot be made (`syntax` as in RenderError)."""

    target: Target
    reason: str
    skipped: bool = False
    syntax: JSONSyntaxError | None = None


def plan(config: WebhookConfig, event: Event) -> list[Prepared | Refused]:
    """What to do with `event` at each target, in target order: a request to send (rendered
    within the config's template budget, validated and signed), or why not.

    `Sender`, `AsyncSender` and `python -m webhook check` all decide here, so check's verdict
    on an event is the one send reaches.
    """
    if not config.accepts(event):
        reason = f"filtered out by audit.events (event is {event.pair})"
        return [Refused(t, reason, skipped=True) for t in config.targets]
    budget = config.options.template_budget
    out: list[Prepared | Refused] = []
    for target in config.targets:
        try:
            out.append(prepare(target, event, config.flipt_secret, None, budget))
        except RenderError as exc:
            out.append(Refused(target, exc.reason, syntax=exc.syntax))
        except Exception as exc:  # a renderer bug must not lose the event silently
            out.append(Refused(target, f"internal error rendering: {type(exc).__name__}: {exc}"))
    return out


class Verdict:
    """How one attempt ended: the response or error decides among these three."""

    DELIVERED = "delivered"
    RETRY = "retry"
    FAIL = "fail"


def classify_status(status: int) -> tuple[str, str | None]:
    """(verdict, reason) for an HTTP status: 2xx delivers; 408/425/429/5xx retry; 3xx and the
    rest fail at once (redirects are not followed, so a signed body never goes elsewhere)."""
    if 200 <= status < 300:
        return Verdict.DELIVERED, None
    if status in _RETRY_STATUSES or 500 <= status < 600:
        return Verdict.RETRY, f"HTTP {status}"
    if 300 <= status < 400:
        return Verdict.FAIL, f"HTTP {status}: redirect not followed"
    return Verdict.FAIL, f"HTTP {status}"


def classify_error(exc: BaseException) -> tuple[str, str]:
    """(verdict, reason) for a transport error: retried unless retrying cannot help.

    TLS failures no retry can heal fail at once (webhook.tls). So does anything that is
    neither an httpx error nor an OSError (an h11 framing error, a bug): the same request
    would raise it again. (httpx's async client lets some ssl errors through unwrapped.)
    """
    import httpx

    from webhook.tls import lasting_tls_failure

    name = type(exc).__name__
    text = str(exc) or name
    tls = lasting_tls_failure(exc)
    if tls is not None:  # the two sides do not agree; seconds later they still will not
        return Verdict.FAIL, f"TLS: {text} (not retried: {tls} cannot heal)"
    if not isinstance(exc, (httpx.HTTPError, httpx.InvalidURL, OSError)):
        return Verdict.FAIL, f"{name}: {text}"
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL, httpx.LocalProtocolError)):
        return Verdict.FAIL, f"{name}: {text}"
    if isinstance(exc, httpx.TimeoutException):
        return Verdict.RETRY, f"timeout ({name})"
    if isinstance(exc, httpx.ConnectError):
        return Verdict.RETRY, f"connection failed: {text}"
    return Verdict.RETRY, f"{name}: {text}"


def may_have_arrived(exc: BaseException) -> bool:
    """Whether the receiver may have processed a request that ended in `exc`.

    True once the request could have been written and the answer was lost (read timeouts,
    resets, a connection closed mid-response): a retry may then deliver a duplicate, which the
    report counts. False when no connection was made, or TLS refused it (no request can have
    been read through a TLS session the two sides could not agree on).
    """
    import httpx

    from webhook.tls import lasting_tls_failure

    # raised before a connection was made: the request cannot have arrived
    never_sent = (
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.PoolTimeout,
        httpx.InvalidURL,
        httpx.UnsupportedProtocol,
    )
    return not isinstance(exc, never_sent) and lasting_tls_failure(exc) is None


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a `Retry-After` header (delta-seconds or HTTP date), else None."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


@dataclass(frozen=True)
class Decision:
    """Whether to try again: `wait` seconds first, or give up (`wait` None) for `reason`."""

    wait: float | None
    reason: str | None = None


def next_wait(
    attempts: int,
    remaining: float,
    retry_after: float | None = None,
    *,
    base: float = BACKOFF_BASE,
    rand: Callable[[float, float], float] = random.uniform,
) -> Decision:
    """The wait before attempt `attempts + 1`, with `remaining` seconds of budget left.

    Full jitter: uniform in [0, base * 2**(attempts-1)], never beyond the budget. A server's
    Retry-After is honoured as given; one that asks for more than the budget ends the delivery.
    """
    if remaining <= 0:
        return Decision(None, "retry budget (max_backoff_duration) used up")
    if retry_after is not None:
        if retry_after > remaining:
            return Decision(
                None,
                f"Retry-After {retry_after:g}s is beyond the remaining budget {remaining:.3g}s",
            )
        return Decision(retry_after)
    ceiling = base * 2 ** min(attempts - 1, 30)
    return Decision(min(rand(0.0, ceiling), remaining))
