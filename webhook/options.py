"""This sender's own settings: `audit.sinks.webhook.sender` (Flipt ignores the key).

Flipt v1 decodes its config without rejecting unknown keys, so one Flipt file can carry both
Flipt's webhook sink and the knobs only this sender has: TLS verification, timeouts, the
concurrency bound, the durable outbox and the template budgets. Every value is range-checked
here so a typo or an absurd number fails at load, naming the key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = [
    "FLIPT_SIGNING",
    "RELAY_KEY",
    "SENDER_KEY",
    "STANDARD_SIGNING",
    "RelayOptions",
    "SenderOptions",
    "TemplateBudget",
    "read_relay_options",
    "read_sender_options",
]

SENDER_KEY = "audit.sinks.webhook.sender"
_SENDER_KEYS = {
    "tls_verify",
    "attempt_timeout",
    "max_concurrency",
    "close_timeout",
    "backoff_base",
    "outbox",
    "template_budget",
    "signing",
}
RELAY_KEY = "audit.sinks.webhook.relay"
_RELAY_KEYS = {"listen", "path", "signing_secret", "max_body"}
#: Paths the relay serves itself, so events cannot be posted there.
RELAY_OWN_PATHS = ("/healthz", "/metrics")
_BUDGET_KEYS = {"output_bytes", "range_iterations", "call_depth", "wall_time"}
_SECOND = 1_000_000_000
#: `sender.signing`: Flipt's X-Flipt-Webhook-Signature (the default), or Standard Webhooks.
FLIPT_SIGNING = "flipt"
STANDARD_SIGNING = "standard"
_DAY = 86_400 * _SECOND


@dataclass(frozen=True)
class TemplateBudget:
    """Limits on one template execution; 0 means unlimited. Enforced by gotmpl (see budget.py):
    `call_depth` is gotmpl's `template_depth`, `wall_time` (seconds) its `seconds`.

    Defaults suit audit webhooks: Flipt's templates render a few hundred bytes in microseconds,
    so these only stop a template that loops, recurses or balloons.
    """

    output_bytes: int = 1 << 20
    range_iterations: int = 100_000
    call_depth: int = 1_000
    wall_time: float = 1.0

    @property
    def unlimited(self) -> bool:
        """Whether no template budget is set at all."""
        return not (self.output_bytes or self.range_iterations or self.call_depth or self.wall_time)


@dataclass(frozen=True)
class SenderOptions:
    """Settings Flipt does not have. Defaults apply when the `sender` section is absent."""

    tls_verify: bool = True
    attempt_timeout: float = 5.0
    max_concurrency: int = 10
    close_timeout: float = 10.0
    backoff_base: float = 0.5
    outbox: str | None = None
    template_budget: TemplateBudget = field(default_factory=TemplateBudget)
    signing: str = FLIPT_SIGNING


@dataclass(frozen=True, repr=False)
class RelayOptions:
    """`python -m webhook relay`'s inbound side: where Flipt posts, and how it is checked.

    `signing_secret` is the one Flipt signs with (its `audit.sinks.webhook.signing_secret`),
    not the one this file's own sink signs outbound requests with. `max_body` is in bytes.
    """

    listen: str = "127.0.0.1:8081"
    path: str = "/"
    signing_secret: str = ""
    max_body: int = 1 << 20

    @property
    def host(self) -> str:
        """The host part of `listen`, without an IPv6 address's brackets."""
        return self.listen.rpartition(":")[0].strip("[]")

    @property
    def port(self) -> int:
        """The port part of `listen` (0: any free port, which the relay prints)."""
        return int(self.listen.rpartition(":")[2])

    def __repr__(self) -> str:
        secret = "set" if self.signing_secret else "unset"
        return (
            f"RelayOptions(listen={self.listen!r}, path={self.path!r}, "
            f"signing_secret=<{secret}>, max_body={self.max_body})"
        )


class _Reader(Protocol):
    """What config.py's reader offers (typed here to avoid importing config.py)."""

    def get(self, key: str) -> Any: ...
    def subst(self, value: Any, key: str | None = None) -> Any: ...
    def error(self, key: str, message: str) -> Exception: ...
    def string(self, key: str, value: Any) -> str: ...
    def boolean(self, key: str, value: Any) -> bool: ...
    def duration(self, key: str, value: Any) -> int: ...
    def integer(self, key: str, value: Any) -> int: ...


def _section(r: _Reader, key: str, allowed: set[str]) -> Mapping[str, Any]:
    value = r.subst(r.get(key), key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise r.error(key, "expected a map")
    unknown = sorted(str(k).lower() for k in value if str(k).lower() not in allowed)
    if unknown:
        raise r.error(f"{key}.{unknown[0]}", f"unknown key; expected one of {sorted(allowed)}")
    return value


def _seconds(r: _Reader, key: str, default: float, *, lo: int, hi: int) -> float:
    raw = r.get(key)
    if raw is None:
        return default
    ns = r.duration(key, raw)
    if not lo <= ns <= hi:
        raise r.error(key, f"must be between {lo / _SECOND:g}s and {hi / _SECOND:g}s")
    return ns / _SECOND


def _count(r: _Reader, key: str, default: int, *, lo: int, hi: int) -> int:
    raw = r.get(key)
    if raw is None:
        return default
    n = r.integer(key, raw)
    if not lo <= n <= hi:
        raise r.error(key, f"must be between {lo} and {hi}")
    return n


def _budget(r: _Reader, key: str) -> TemplateBudget:
    section = _section(r, key, _BUDGET_KEYS)
    if not section and r.get(key) is None:
        return TemplateBudget()
    d = TemplateBudget()
    return TemplateBudget(
        output_bytes=_count(r, f"{key}.output_bytes", d.output_bytes, lo=0, hi=1 << 40),
        range_iterations=_count(r, f"{key}.range_iterations", d.range_iterations, lo=0, hi=1 << 40),
        call_depth=_count(r, f"{key}.call_depth", d.call_depth, lo=0, hi=100_000),
        wall_time=_seconds(r, f"{key}.wall_time", d.wall_time, lo=0, hi=_DAY),
    )


def read_sender_options(r: _Reader, warnings: list[str]) -> SenderOptions:
    """The `sender` section, checked; an explicit `tls_verify: false` adds a warning."""
    _section(r, SENDER_KEY, _SENDER_KEYS)
    k = SENDER_KEY
    d = SenderOptions()
    tls_raw = r.get(f"{k}.tls_verify")
    tls_verify = True if tls_raw is None else r.boolean(f"{k}.tls_verify", tls_raw)
    if not tls_verify:
        warnings.append(f"{k}.tls_verify: TLS certificates are NOT verified")
    outbox_raw = r.get(f"{k}.outbox")
    outbox = r.string(f"{k}.outbox", outbox_raw) if outbox_raw is not None else ""
    if "\x00" in outbox:
        raise r.error(f"{k}.outbox", "a path must not contain NUL")
    signing_raw = r.get(f"{k}.signing")
    signing = FLIPT_SIGNING if signing_raw is None else r.string(f"{k}.signing", signing_raw)
    if signing not in (FLIPT_SIGNING, STANDARD_SIGNING):
        raise r.error(
            f"{k}.signing",
            f'must be "{FLIPT_SIGNING}" (the default) or "{STANDARD_SIGNING}", not "{signing}"',
        )
    return SenderOptions(
        tls_verify=tls_verify,
        attempt_timeout=_seconds(
            r, f"{k}.attempt_timeout", d.attempt_timeout, lo=1_000_000, hi=3600 * _SECOND
        ),
        max_concurrency=_count(r, f"{k}.max_concurrency", d.max_concurrency, lo=1, hi=10_000),
        close_timeout=_seconds(r, f"{k}.close_timeout", d.close_timeout, lo=0, hi=3600 * _SECOND),
        backoff_base=_seconds(r, f"{k}.backoff_base", d.backoff_base, lo=0, hi=3600 * _SECOND),
        outbox=os.path.expanduser(outbox) if outbox else None,
        template_budget=_budget(r, f"{k}.template_budget"),
        signing=signing,
    )


def _listen(r: _Reader, key: str, default: str) -> str:
    raw = r.get(key)
    if raw is None:
        return default
    text = r.string(key, raw)
    host, colon, port = text.rpartition(":")
    if not colon or not host.strip("[]") or not port.isdigit() or int(port) > 65535:
        raise r.error(key, f"expected HOST:PORT (such as {default}), got {text!r}")
    return text


def read_relay_options(r: _Reader) -> RelayOptions:
    """The `relay` section, checked. The secret may be empty here (the sender's commands do
    not need it); `python -m webhook relay` refuses to start without one."""
    _section(r, RELAY_KEY, _RELAY_KEYS)
    k = RELAY_KEY
    d = RelayOptions()
    path_raw = r.get(f"{k}.path")
    path = d.path if path_raw is None else r.string(f"{k}.path", path_raw)
    if not path.startswith("/") or any(c in path for c in "?# \t\r\n"):
        raise r.error(f"{k}.path", f"expected a URL path starting with /, got {path!r}")
    if path in RELAY_OWN_PATHS:
        raise r.error(f"{k}.path", f"{path} is the relay's own; choose another path")
    secret_raw = r.get(f"{k}.signing_secret")
    return RelayOptions(
        listen=_listen(r, f"{k}.listen", d.listen),
        path=path,
        signing_secret="" if secret_raw is None else r.string(f"{k}.signing_secret", secret_raw),
        max_body=_count(r, f"{k}.max_body", d.max_body, lo=1, hi=1 << 30),
    )
