"""TLS failures against real servers on 127.0.0.1: those no retry can heal (https:// to a
plain-HTTP port, no common cipher, a client certificate required, an untrusted certificate)
fail at the first attempt and say why; a handshake cut short is retried (webhook/tls.py)."""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from pathlib import Path

import pytest
import yaml

from webhook import AsyncSender, Sender, load_config
from webhook.receiver import Receiver

EVENT = {"version": "0.2", "type": "flag", "action": "created", "payload": {"key": "k"}}


def config(tmp_path: Path, url: str, *, verify: bool = True):
    hook = {
        "enabled": True,
        "url": url,
        "max_backoff_duration": "3s",
        "sender": {"backoff_base": "10ms", "attempt_timeout": "2s", "tls_verify": verify},
    }
    cfg = tmp_path / "flipt.yml"
    cfg.write_text(yaml.safe_dump({"audit": {"sinks": {"webhook": hook}}}))
    return load_config(cfg, env={})


def send(mode: str, cfg):
    if mode == "sync":
        with Sender(cfg) as s:
            return s.send(EVENT)[0]

    async def run():
        async with AsyncSender(cfg) as a:
            return (await a.send(EVENT))[0]

    return asyncio.run(run())


# Over TLS 1.3 the server checks for a client certificate after the handshake; both senders
# still read its alert (httpx's own async pool saw only a broken connection, and retried).
CASES = [
    (mode, case)
    for case in ["plain-http", "no-common-cipher", "client-cert", "client-cert-tls13", "untrusted"]
    for mode in ["sync", "async"]
]


@pytest.mark.parametrize(("mode", "case"), CASES)
def test_tls_failures_that_cannot_heal_are_not_retried(
    tmp_path, tls_context, tls_files, mode, case
):
    verify = case == "untrusted"
    ctx: ssl.SSLContext | None = tls_context
    if case == "plain-http":
        ctx = None
    elif case == "no-common-cipher":
        tls_context.maximum_version = ssl.TLSVersion.TLSv1_2
        tls_context.set_ciphers("aNULL")  # anonymous only: no client offers it
    elif case.startswith("client-cert"):
        tls_context.verify_mode = ssl.CERT_REQUIRED
        tls_context.load_verify_locations(tls_files[0])
        if case == "client-cert":
            tls_context.maximum_version = ssl.TLSVersion.TLSv1_2
    reasons = {
        "plain-http": "WRONG_VERSION_NUMBER",
        "no-common-cipher": "SSLV3_ALERT_HANDSHAKE_FAILURE",
        "client-cert": "SSLV3_ALERT_HANDSHAKE_FAILURE",
        "client-cert-tls13": "TLSV13_ALERT_CERTIFICATE_REQUIRED",
        "untrusted": "CERTIFICATE_VERIFY_FAILED",
    }
    with Receiver(ssl_context=ctx) as rx:
        url = rx.url.replace("http://", "https://")
        r = send(mode, config(tmp_path, url, verify=verify))
        assert rx.requests == []
    assert not r.delivered and r.attempts == 1, r.reason
    assert r.reason.startswith("TLS: ") and f"not retried: {reasons[case]} cannot heal" in r.reason
    assert r.unconfirmed == 0  # nothing can have been read through a failed TLS session
    assert r.elapsed < 2


class FlakyTLSServer:
    """Closes the first `drops` connections before the TLS handshake ends, then answers 200
    over TLS: a handshake cut short that heals."""

    def __init__(self, ctx: ssl.SSLContext, drops: int) -> None:
        self.ctx = ctx
        self.drops = drops
        self.connections = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.sock.getsockname()[1]}/hook"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            if self.connections <= self.drops:
                conn.close()
                continue
            try:
                with self.ctx.wrap_socket(conn, server_side=True) as tls:
                    self._answer(tls)
            except OSError:
                pass

    @staticmethod
    def _answer(tls: ssl.SSLSocket) -> None:
        """Read the whole request (closing with unread bytes would reset the connection
        under the answer), then answer 200."""
        data = b""
        while b"\r\n\r\n" not in data:
            data += tls.recv(65536)
        head, body = data.split(b"\r\n\r\n", 1)
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        while len(body) < length:
            body += tls.recv(65536)
        tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def __enter__(self) -> FlakyTLSServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_handshake_cut_short_is_retried(tmp_path, tls_context, mode):
    with FlakyTLSServer(tls_context, drops=2) as server:
        r = send(mode, config(tmp_path, server.url, verify=False))
    assert r.delivered and r.attempts == 3 and server.connections == 3
    assert [a.status for a in r.history] == [None, None, 200]  # two transport errors first
