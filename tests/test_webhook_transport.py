"""webhook.transport.AiohttpTransport against real servers on 127.0.0.1: a request arrives
byte for byte as httpx's own transport sends it, a response reads back the same, and every
failure raises the httpx error httpcore raises for it (the retry policy and the duplicate
accounting read those classes: webhook.core.classify_error, may_have_arrived)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import httpx
import pytest

from webhook import core
from webhook.receiver import Receiver, Reply
from webhook.tls import lasting_tls_failure
from webhook.transport import AiohttpTransport

TRANSPORTS = {"httpcore": httpx.AsyncHTTPTransport, "aiohttp": AiohttpTransport}


def post(
    transport: httpx.AsyncBaseTransport,
    url: str,
    body: bytes = b"{}",
    headers: list[tuple[str, str]] | None = None,
    timeout: float = 2.0,
) -> httpx.Response | Exception:
    """One POST through `transport`, its body read; the exception instead if one is raised."""

    async def run() -> httpx.Response | Exception:
        async with httpx.AsyncClient(transport=transport) as client:
            try:
                response = await client.post(url, content=body, headers=headers, timeout=timeout)
            except Exception as exc:
                return exc
            return response

    return asyncio.run(run())


@contextmanager
def raw_server(handle: Callable[[socket.socket], None]) -> Iterator[str]:
    """A TCP server on 127.0.0.1 calling `handle(connection)` in a thread per connection."""
    sock = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            threading.Thread(target=_handle_and_close, args=(handle, conn), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/hook"
    finally:
        sock.close()


def _handle_and_close(handle: Callable[[socket.socket], None], conn: socket.socket) -> None:
    with conn, suppress(OSError):
        handle(conn)


def read_request(conn: socket.socket) -> bytes:
    """One whole request (b"" at EOF): a socket closed with unread bytes sends a reset, which
    would turn a clean close into a different failure."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return b""
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = next(
        (
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        ),
        0,
    )
    while len(body) < length:
        body += conn.recv(65536)
    return data


def test_a_request_arrives_as_httpx_sends_it():
    headers = [("Content-Type", "application/json"), ("X-Dup", "1"), ("X-Dup", "2")]
    headers.append(("X-Utf8", "é".encode()))  # type: ignore[arg-type]  # raw UTF-8 bytes
    answer = Reply(201, headers={"X-A": "1", "Set-Cookie": "a=b"}, body=b"hello")
    with Receiver(respond=lambda r, i: answer) as rx:
        got = {}
        for name, make in TRANSPORTS.items():
            r = post(make(), f"{rx.url}/p?q=1", b'{"x": 1}', headers)
            assert isinstance(r, httpx.Response), r
            got[name] = (r.status_code, r.reason_phrase, r.http_version, r.headers.raw, r.content)
        sent = [(q.method, q.path, q.headers, q.body) for q in rx.requests]
    del got["httpcore"][3][1]  # Date
    del got["aiohttp"][3][1]
    assert got["aiohttp"] == got["httpcore"]
    assert got["aiohttp"][:2] == (201, "Created")
    assert len(sent) == 2 and sent[0] == sent[1]
    assert ("X-Dup", "2") in sent[0][2]


@pytest.mark.parametrize("status", [202, 299, 404, 503, 600, 999])
def test_statuses_read_back_as_httpcore_reads_them(status):
    def handle(conn: socket.socket) -> None:
        read_request(conn)
        conn.sendall(f"HTTP/1.1 {status} Whatever\r\nContent-Length: 2\r\n\r\nhi".encode())
        time.sleep(0.2)

    with raw_server(handle) as url:
        answers = [post(make(), url) for make in TRANSPORTS.values()]
    assert [(r.status_code, r.content) for r in answers] == [(status, b"hi")] * 2


def _closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/hook"


def _close_without_answer(conn: socket.socket) -> None:
    read_request(conn)


def _truncated_body(conn: socket.socket) -> None:
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")


def _bad_status_line(conn: socket.socket) -> None:
    read_request(conn)
    conn.sendall(b"HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n")
    time.sleep(0.2)


def _never_reads(conn: socket.socket) -> None:
    time.sleep(3)


@contextmanager
def _receiver(reply: Reply, https_to_plain: bool = False) -> Iterator[str]:
    with Receiver(respond=lambda r, i: reply) as rx:
        url = rx.url.replace("http://", "https://") if https_to_plain else rx.url
        yield f"{url}/hook"


@contextmanager
def _nothing_listening() -> Iterator[str]:
    yield _closed_port()


FAILURES = {
    # what happens: (server, body, the httpx error httpcore raises, may it have arrived?)
    "connection refused": (_nothing_listening, b"{}", httpx.ConnectError, False),
    "https:// to a plain-HTTP port": (
        lambda: _receiver(Reply(), https_to_plain=True),
        b"{}",
        httpx.ConnectError,
        False,
    ),
    "closed without an answer": (
        lambda: raw_server(_close_without_answer),
        b"{}",
        httpx.RemoteProtocolError,
        True,
    ),
    "reset mid-response": (lambda: _receiver(Reply(reset=True)), b"{}", httpx.ReadError, True),
    "answer slower than the read timeout": (
        lambda: _receiver(Reply(delay=1.0)),
        b"{}",
        httpx.ReadTimeout,
        True,
    ),
    "body cut short": (lambda: raw_server(_truncated_body), b"{}", httpx.RemoteProtocolError, True),
    "malformed status line": (
        lambda: raw_server(_bad_status_line),
        b"{}",
        httpx.RemoteProtocolError,
        True,
    ),
    # 32 MiB fill the socket buffers of both ends, so the write stalls
    "request body never read": (
        lambda: raw_server(_never_reads),
        b"x" * (32 << 20),
        httpx.WriteTimeout,
        True,
    ),
}


@pytest.mark.parametrize("case", FAILURES)
def test_each_failure_is_the_httpx_error_httpcore_raises(case):
    server, body, expected, may_arrive = FAILURES[case]
    errors = {}
    with server() as url:
        for name, make in TRANSPORTS.items():
            errors[name] = post(make(), url, body, timeout=0.2)
    for name, exc in errors.items():
        assert type(exc) is expected, (name, exc)
        assert core.may_have_arrived(exc) is may_arrive
        assert core.classify_error(exc)[0] == core.classify_error(errors["httpcore"])[0]
        assert lasting_tls_failure(exc) == lasting_tls_failure(errors["httpcore"])
    if case.startswith("https"):
        assert lasting_tls_failure(errors["aiohttp"]) == "WRONG_VERSION_NUMBER"


def test_a_stalled_write_ends_within_the_sum_of_the_timeouts():
    with raw_server(_never_reads) as url:
        t0 = time.monotonic()
        exc = post(AiohttpTransport(), url, b"x" * (32 << 20), timeout=0.2)
        elapsed = time.monotonic() - t0
    assert isinstance(exc, httpx.WriteTimeout)
    assert 0.2 <= elapsed < 0.8 + 1.0  # pool + connect + write + read, plus slack


def test_connections_are_reused_only_after_a_whole_answer():
    """A response read to its end leaves its connection in the pool; one closed unread is
    dropped (its unread bytes would be taken for the next answer)."""
    connections = []
    big = b"a" * (4 << 20)  # more than the client buffers before it is read

    def handle(conn: socket.socket) -> None:
        connections.append(conn)
        while True:
            if not read_request(conn):
                return
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(big), big))

    async def run(url: str) -> None:
        async with httpx.AsyncClient(transport=AiohttpTransport()) as client:
            for _ in range(3):
                assert (await client.post(url, content=b"{}")).content == big
            assert len(connections) == 1
            async with client.stream("POST", url, content=b"{}") as r:
                assert r.status_code == 200  # closed without reading the body
            await client.post(url, content=b"{}")
            assert len(connections) == 2

    with raw_server(handle) as url:
        asyncio.run(run(url))
