"""`AiohttpTransport`: httpx's async transport API over aiohttp's connection pool.

httpx's own async pool (httpcore on anyio) costs several times its sync twin per request
(encode/httpx#3215): through it, `AsyncSender` with 10 deliveries in flight moved fewer events
per second than `Sender` one at a time. aiohttp moves the same bytes for a fraction of that, so
`AsyncSender` keeps httpx's API (requests, responses, errors, `transport=`) and lets aiohttp do
the I/O. aiohttp's errors are mapped onto the httpx errors httpcore raises in the same
situation, because the retry policy reads them (webhook.core): whether an attempt is retried,
and whether its request may have arrived, depends on the class, and a TLS verdict on the
`ssl.SSLError` kept as the cause.

Differences from httpcore, both invisible to a request that succeeds: aiohttp has no timeout
per write, so writing a request may take up to httpx's write timeout on top of the connect and
read timeouts before `WriteTimeout` (the whole exchange up to the response's head is bounded by
their sum); and a configured `Expect: 100-continue` makes aiohttp wait for the `100 Continue`
before sending the body (RFC 9110's way), where httpcore sends it at once.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator

import aiohttp
import httpx

__all__ = ["AiohttpTransport"]

#: httpx.AsyncClient's own default pool limits.
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)
#: Bytes handed to the response stream per read (httpcore reads 64 KiB).
_CHUNK = 65536


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An `httpx.AsyncBaseTransport` that sends over one `aiohttp.ClientSession`.

    `verify` means what it means to httpx (the SSL context is httpx's own);
    `limits.max_connections` bounds the pool and `limits.keepalive_expiry` closes idle
    connections. The session is made on the first request, inside the running event loop,
    and closed by `aclose()`. HTTP/1.1 only, as the sender speaks (no proxies).
    """

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | str | bool = True,
        limits: httpx.Limits = DEFAULT_LIMITS,
        trust_env: bool = True,
    ) -> None:
        self._ssl = httpx.create_ssl_context(verify=verify, trust_env=trust_env)
        self._limits = limits
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            ssl=self._ssl,
            limit=self._limits.max_connections or 0,
            keepalive_timeout=self._limits.keepalive_expiry,
        )
        # no cookie jar: httpx.AsyncClient keeps the cookies, as it does over httpcore
        self._session = aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=False
        )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` and return the response with its body still to be streamed."""
        session = self._session or self._open()
        t = request.extensions.get("timeout", {})
        connect, read, write, pool = (t.get(k) for k in ("connect", "read", "write", "pool"))
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_sum(pool, connect),  # waiting for a pooled connection, then connecting
            sock_connect=connect,
            sock_read=read,
        )
        body = await request.aread()
        try:
            # aiohttp times connecting and reading, not writing: a request whose body is not
            # taken ends when all three have run out, which only a stalled write can reach.
            async with asyncio.timeout(_sum(pool, connect, write, read)):
                response = await session.request(
                    request.method,
                    str(request.url),
                    data=body or None,
                    # aiohttp writes str headers as UTF-8; other bytes cannot be sent through it
                    headers=[
                        (k.decode("ascii"), v.decode("utf-8")) for k, v in request.headers.raw
                    ],
                    skip_auto_headers=_AUTO_HEADERS,
                    allow_redirects=False,
                    timeout=timeout,
                    server_hostname=request.extensions.get("sni_hostname"),
                )
        except aiohttp.ClientError as exc:
            raise _httpx_error(exc) from _cause(exc)
        except TimeoutError as exc:
            raise httpx.WriteTimeout(
                "timed out before the answer began (connect, write and read timeouts spent)"
            ) from exc
        return httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=_Body(response),
            request=request,
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": (response.reason or "").encode("latin-1", "replace"),
            },
        )

    async def aclose(self) -> None:
        """Close the aiohttp session and its pooled connections."""
        if self._session is not None:
            await self._session.close()
            self._session = None


#: aiohttp adds these unless told not to; the request carries exactly httpx's headers.
_AUTO_HEADERS = frozenset({"Accept", "Accept-Encoding", "User-Agent", "Content-Type"})


class _Body(httpx.AsyncByteStream):
    """The response body as httpx streams it; closing gives the connection back to the pool
    when the body was read to its end (else aiohttp closes it, as httpcore does)."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_chunked(_CHUNK):
                yield chunk
        except aiohttp.ClientError as exc:
            raise _httpx_error(exc, reading=True) from _cause(exc)

    async def aclose(self) -> None:
        self._response.release()


def _sum(*parts: float | None) -> float | None:
    """The total of httpx's timeouts; None (no limit) when any of them is None."""
    return None if any(p is None for p in parts) else sum(parts)  # type: ignore[arg-type]


def _cause(exc: aiohttp.ClientError) -> BaseException:
    """The OS or TLS error under an aiohttp connection error (webhook.tls reads its reason)."""
    if isinstance(exc, aiohttp.ClientConnectorError):
        return exc.os_error
    return exc


def _httpx_error(exc: aiohttp.ClientError, reading: bool = False) -> httpx.TransportError:
    """The httpx error httpcore raises where aiohttp raised `exc`.

    Connection failures are `ConnectError`/`ConnectTimeout`: the request cannot have arrived.
    Everything after the connection was made (a lost answer, a timeout waiting for it, a
    malformed response) is a read or protocol error: the request may have arrived.
    """
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(str(exc) or "timed out connecting")
    if isinstance(exc, aiohttp.ClientConnectorError):
        return httpx.ConnectError(str(exc.os_error) or str(exc))
    if isinstance(exc, aiohttp.ServerTimeoutError):
        return httpx.ReadTimeout(str(exc) or "timed out reading the response")
    if isinstance(exc, (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError)):
        return httpx.UnsupportedProtocol(str(exc))
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body"
            if reading
            else "Server disconnected without sending a response."
        )
    if isinstance(exc, (aiohttp.ClientPayloadError, aiohttp.ClientResponseError)):
        return httpx.RemoteProtocolError(str(exc))
    # a reset: where a webhook meets one, its small body is written and the answer awaited
    return httpx.ReadError(str(exc) or type(exc).__name__)
