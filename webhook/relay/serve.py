"""The relay process: checks, the outbox lock, the listening socket, uvicorn, and shutdown.

SIGTERM (or SIGINT) closes the listening socket at once (Flipt's next request is refused and
retried by Flipt), lets requests in progress finish, then drains deliveries for what is left
of `sender.close_timeout` since the signal, and exits 0. What is not delivered by then stays
pending in the outbox; the next start resumes it under the same delivery ids.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import time
from collections.abc import Iterator
from typing import TextIO

import uvicorn

from webhook.config import ConfigError, WebhookConfig
from webhook.options import RELAY_KEY, SENDER_KEY
from webhook.outbox import OutboxLock
from webhook.relay.app import build_app
from webhook.relay.metrics import RelayMetrics
from webhook.relay.pipeline import Relay
from webhook.sender import AsyncSender

__all__ = ["run"]

log = logging.getLogger("webhook.relay")


def check(config: WebhookConfig) -> str:
    """The outbox path, after checking what the relay needs beyond the sender's config."""
    if not config.relay.signing_secret:
        raise ConfigError(
            f"{RELAY_KEY}.signing_secret",
            "the relay verifies every request with it: set Flipt's signing_secret here",
            config.path,
        )
    if not config.options.outbox:
        raise ConfigError(
            f"{SENDER_KEY}.outbox",
            "the relay stores every event there before answering Flipt: set a file path",
            config.path,
        )
    return config.options.outbox


def run(config: WebhookConfig, out: TextIO) -> int:
    """Serve until SIGTERM or SIGINT, then drain; returns the exit status (0).

    Raises ConfigError for a missing secret or outbox or an address that cannot be bound,
    OutboxError (OutboxInUse) when another relay holds the outbox.
    """
    outbox = check(config)
    with OutboxLock(outbox):
        family = socket.AF_INET6 if ":" in config.relay.host else socket.AF_INET
        # proto named: asyncio sets TCP_NODELAY only on sockets that say they are TCP, and
        # without it each answer waits out the client's delayed ACK (40 ms a request)
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((config.relay.host, config.relay.port))
            sock.listen(2048)  # connections wait in the kernel's queue until uvicorn serves
        except OSError as exc:
            sock.close()
            listen = config.relay.listen
            message = f"cannot listen on {listen}: {exc.strerror or exc}"
            raise ConfigError(f"{RELAY_KEY}.listen", message, config.path) from None
        with sock:
            return asyncio.run(_serve(config, sock, out))


class _Server(uvicorn.Server):
    """uvicorn's server, told about the stop signal as it arrives (to stop accepting events
    at once and to time the drain from it), and exiting normally after the drain rather than
    re-raising the signal as uvicorn does."""

    def __init__(self, config: uvicorn.Config, relay: Relay) -> None:
        super().__init__(config)
        self.relay = relay
        self.stop_requested_at: float | None = None

    def handle_exit(self, sig: int, frame: object) -> None:
        if self.stop_requested_at is None:
            self.stop_requested_at = time.monotonic()
        self.relay.accepting = False
        self.should_exit = True

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        handled = (signal.SIGINT, signal.SIGTERM)
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in handled}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


async def _serve(config: WebhookConfig, sock: socket.socket, out: TextIO) -> int:
    sender = AsyncSender(config)
    assert sender.outbox is not None
    relay = Relay(sender, RelayMetrics(sender.outbox))
    resumed = relay.resume()
    relay.start()
    close_timeout = config.options.close_timeout
    server = _Server(
        uvicorn.Config(
            build_app(relay, config.relay),
            log_config=None,
            access_log=False,
            lifespan="off",
            server_header=False,
            timeout_graceful_shutdown=max(1, round(close_timeout)),
        ),
        relay,
    )
    host, port = sock.getsockname()[:2]
    where = f"[{host}]" if ":" in host else host
    print(
        f"relay: listening on http://{where}:{port}{config.relay.path} "
        f"(outbox {sender.outbox.path}, {resumed} pending delivery(ies) resumed)",
        file=out,
        flush=True,
    )
    await server.serve(sockets=[sock])
    since = time.monotonic() - (server.stop_requested_at or time.monotonic())
    report, unstarted = await relay.drain(max(0.0, close_timeout - since))
    left = len(report.pending) + unstarted
    print(
        f"relay: stopped; {left} delivery(ies) left pending in the outbox"
        + (" (resumed at the next start)" if left else ""),
        file=out,
        flush=True,
    )
    return 0
