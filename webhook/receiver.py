"""A small webhook receiver on 127.0.0.1: verifies signatures and records what arrived.

`python -m webhook listen` and `demo` use it, and so do the tests, as the real server every
wire behaviour is checked against. A `respond` hook scripts the answers (status, headers,
delay, a connection reset halfway through the response), so one class can play a healthy
endpoint, a flapping one, a slow one or a broken one. `max_in_flight` records the most
requests it was handling at once (the senders' concurrency bound is checked against it).
"""

from __future__ import annotations

import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from webhook import standard
from webhook.core import DELIVERY_ID_HEADER, SIGNATURE_HEADER
from webhook.verify import SignatureError, verify_request

__all__ = ["Received", "Receiver", "Reply"]


@dataclass(frozen=True)
class Received:
    """One request as it arrived: the raw headers (repeats kept) and the exact body bytes."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    signature_ok: bool | None  # None: no secret to check against, or no signature sent

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        for n, v in self.headers:
            if n.lower() == name.lower():
                return v
        return None

    def header_all(self, name: str) -> list[str]:
        """Every value of header `name` (case-insensitive), in order."""
        return [v for n, v in self.headers if n.lower() == name.lower()]

    @property
    def signature(self) -> str | None:
        """The X-Flipt-Webhook-Signature header, or None."""
        return self.header(SIGNATURE_HEADER)

    @property
    def delivery_id(self) -> str | None:
        """The X-Webhook-Delivery-Id header, or None."""
        return self.header(DELIVERY_ID_HEADER)


@dataclass(frozen=True)
class Reply:
    """How to answer one request."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    body: bytes = b""
    #: Send the status line and part of the headers, then reset the connection (TCP RST):
    #: the request was received and processed, but the sender never learns the answer.
    reset: bool = False


Respond = Callable[[Received, int], Reply]


def _always_ok(received: Received, index: int) -> Reply:
    return Reply(200)


class Receiver:
    """A threaded HTTP server on 127.0.0.1 (an ephemeral port unless `port` is given).

    `respond(received, index)` picks the reply for the index-th request (0-based);
    `on_request(received)` is called for each one after it is recorded.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        secret: str | None = None,
        respond: Respond = _always_ok,
        on_request: Callable[[Received], Any] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.secret = secret
        self.respond = respond
        self.on_request = on_request
        self.requests: list[Received] = []
        self._lock = threading.Condition()
        self.in_flight = 0
        self.max_in_flight = 0
        self._server = _Server(("127.0.0.1", port), self._handler_class())
        self._server.daemon_threads = True
        # HTTPS, e.g. with a self-signed certificate in tests
        self._server.tls = ssl_context
        self.scheme = "http" if ssl_context is None else "https"
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port the receiver listens on (127.0.0.1)."""
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """The receiver's base URL."""
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self) -> Receiver:
        """Serve requests on a background thread; returns the receiver."""
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Receiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Received]:
        """Block until `count` requests arrived (or `timeout`); returns those recorded."""
        with self._lock:
            self._lock.wait_for(lambda: len(self.requests) >= count, timeout)
            return list(self.requests)

    def _record(self, received: Received) -> int:
        with self._lock:
            self.requests.append(received)
            self._lock.notify_all()
            return len(self.requests) - 1

    def _enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                # In flight from arrival until the answer is about to go out: a sequential
                # client may send its next request the moment the answer arrives.
                receiver._enter()
                try:
                    reply = self._handle()
                finally:
                    receiver._leave()
                if reply is None:  # cut off before the whole body arrived: never received
                    self.close_connection = True
                    return
                if reply.reset:
                    self._reset()
                    return
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except OSError:
                    pass  # the sender gave up (timeout) and closed the connection

            def _reset(self) -> None:
                try:
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Len")
                    linger = struct.pack("ii", 1, 0)  # close with RST, not FIN
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                    self.connection.close()
                except OSError:
                    pass
                self.close_connection = True

            def _handle(self) -> Reply | None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if len(body) < length:
                    return None
                headers = tuple(self.headers.items())
                ok = None
                signed = (
                    SIGNATURE_HEADER in self.headers or standard.SIGNATURE_HEADER in self.headers
                )
                if receiver.secret and signed:
                    ok = _signature_ok(headers, body, receiver.secret)
                received = Received("POST", self.path, headers, body, ok)
                index = receiver._record(received)
                reply = receiver.respond(received, index)
                if receiver.on_request is not None:
                    receiver.on_request(received)
                if reply.delay:
                    time.sleep(reply.delay)
                return reply

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the CLI prints its own summary

        return Handler


def _signature_ok(headers: tuple[tuple[str, str], ...], body: bytes, secret: str) -> bool:
    """Whether the request's signature (Flipt's or Standard Webhooks') verifies."""
    try:
        verify_request(headers, body, secret)
    except SignatureError:
        return False
    return True


class _Server(ThreadingHTTPServer):
    # Senders open up to max_concurrency connections at once; the default backlog of 5 would
    # make the kernel drop SYNs and the client wait a second to retry.
    request_queue_size = 256
    tls: ssl.SSLContext | None = None

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Serve one connection; over TLS, handshake in the connection's own thread. A
        handshake this side refuses (a client certificate missing, say) ends with the alert
        and then a close that reads what the client sent meanwhile: with TLS 1.3 the client
        has already sent its request, and closing with it unread would reset the connection
        and could lose the alert that says why."""
        if self.tls is None:
            super().finish_request(request, client_address)
            return
        conn = self.tls.wrap_socket(request, server_side=True, do_handshake_on_connect=False)
        try:
            conn.do_handshake()
        except (ssl.SSLError, OSError):
            _close_reading(conn)
            return
        try:
            super().finish_request(conn, client_address)
        finally:
            conn.close()


def _close_reading(conn: socket.socket) -> None:
    """Close after reading what the peer still sends (for at most a second), so the close
    is a FIN the peer reads after everything it was sent, not a reset."""
    try:
        conn.shutdown(socket.SHUT_WR)
        conn.settimeout(1)
        while conn.recv(65536):
            pass
    except (ssl.SSLError, OSError):
        pass
    finally:
        conn.close()
