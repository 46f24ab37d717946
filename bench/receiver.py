"""A minimal keep-alive HTTP/1.1 receiver on 127.0.0.1 for the sender benchmark, when Go is absent.

`python -m bench.receiver [DELAY]` prints its port, answers every request with an empty 200
(DELAY seconds after it arrived, default 0), and exits when its stdin closes. It runs in its
own process so it does not share the sender's GIL; it is asyncio with a hand-rolled parser
because webhook.receiver (http.server, one thread per connection, recording every request)
would be the bottleneck we are trying not to measure.
"""

from __future__ import annotations

import asyncio
import sys

_REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"


class _Protocol(asyncio.Protocol):
    """Answers each complete request (headers + Content-Length body) as it arrives."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.buf = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            length = 0
            for line in bytes(self.buf[:end]).split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            total = end + 4 + length
            if len(self.buf) < total:
                return
            del self.buf[:total]
            assert self.transport is not None
            if self.delay:  # answers on one connection keep their order: equal delays
                asyncio.get_running_loop().call_later(self.delay, self._reply)
            else:
                self.transport.write(_REPLY)

    def _reply(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(_REPLY)


async def _main(delay: float) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Protocol(delay), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    await reader.read()  # EOF on stdin: the benchmark is done
    server.close()


if __name__ == "__main__":
    asyncio.run(_main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.0))
