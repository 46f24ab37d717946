"""Keep configured credentials out of everything the sender produces.

A `Redactor` knows the secrets of one config (the signing secret, credential header values,
the user info, path and query of every target URL: Slack-style URLs carry their token in the
path) and replaces them in any text: failure reasons, log records, reports, dead letters.
httpx logs each request's full URL at INFO, so `watch_httpx_logs` adds a filter that passes
httpx's and httpcore's records through every live sender's redactor; `redact_httpx_logs(False)`
takes it off (a service with its own redaction), `redact_httpx_logs(True)` puts it back.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

__all__ = ["HTTPX_LOGGERS", "MASK", "Redactor", "redact_httpx_logs", "watch_httpx_logs"]

MASK = "[REDACTED]"
#: Header values that describe the request rather than authorise it.
_PUBLIC_HEADERS = frozenset({"content-type", "accept", "user-agent", "content-encoding"})
#: Shorter values cannot be masked without mangling ordinary text ("a", "1"); keep secrets long.
MIN_SECRET = 4


class Redactor:
    """Replaces each known secret (longest first) with `MASK`."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        found = {s for s in secrets if s and len(s) >= MIN_SECRET}
        self._secrets = sorted(found, key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self._secrets)

    def __repr__(self) -> str:
        return f"Redactor({len(self._secrets)} secret(s))"

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    @classmethod
    def from_config(cls, config: object) -> Redactor:
        """The secrets of a WebhookConfig: signing secrets (its own and the relay's), credential
        headers, URL parts."""
        relay = getattr(config, "relay", None)
        secrets: list[str] = [
            getattr(config, "signing_secret", ""),
            getattr(relay, "signing_secret", ""),
        ]
        for target in getattr(config, "targets", ()):
            secrets += [v for n, v in target.headers if n.lower() not in _PUBLIC_HEADERS]
            secrets += _url_secrets(target.url)
        return cls(secrets)


def _url_secrets(url: str) -> list[str]:
    try:
        parts = urlsplit(url)
        user, password = parts.username, parts.password
    except ValueError:
        return [url]
    out = [url]
    for value in (user, password):
        if value:
            out += [value, unquote(value)]
    if parts.path not in ("", "/"):
        out.append(parts.path)
    if parts.query:
        out.append(parts.query)
    return out


class _LogFilter(logging.Filter):
    """Rewrites a record's message through every registered redactor."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._redactors: weakref.WeakSet[Redactor] = weakref.WeakSet()

    def add(self, redactor: Redactor) -> None:
        with self._lock:
            self._redactors.add(redactor)

    def filter(self, record: logging.LogRecord) -> bool:
        with self._lock:
            redactors = list(self._redactors)
        if not redactors:
            return True
        message = original = record.getMessage()
        for redact in redactors:
            message = redact(message)
        if message != original:
            record.msg, record.args = message, ()
        return True


_FILTER = _LogFilter()
#: The loggers the filter sits on: a logger's filters see only records made on that logger,
#: not on its children, so each of httpx's and httpcore's is named (proxies log URLs too).
HTTPX_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)
_enabled = True


def watch_httpx_logs(redactor: Redactor) -> None:
    """Redact `redactor`'s secrets from httpx/httpcore log records while it is alive."""
    if not redactor:
        return
    _FILTER.add(redactor)
    if _enabled:
        for name in HTTPX_LOGGERS:
            logging.getLogger(name).addFilter(_FILTER)  # once: addFilter skips a repeat


def redact_httpx_logs(enabled: bool = True) -> None:
    """Switch the redaction of httpx's and httpcore's log records on (the default) or off,
    for every sender, live or future."""
    global _enabled
    _enabled = enabled
    for name in HTTPX_LOGGERS:
        logger = logging.getLogger(name)
        if enabled:
            logger.addFilter(_FILTER)
        else:
            logger.removeFilter(_FILTER)
