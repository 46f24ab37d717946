"""The relay's HTTP routes (Starlette): Flipt's inbound POST, `/healthz` and `/metrics`.

Inbound answers in the order the checks can be made: 503 while shutting down, 413 past
`relay.max_body` (before reading further), 401 for a bad signature (nothing stored), 400 for
a body that is not an event (with the reason), 503 when the outbox cannot take it, else 200
once the deliveries are committed. Flipt retries 503 (and any 5xx but 501) and drops the rest,
as it would for a receiver that refused the event.
"""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from webhook.event import Event, EventError
from webhook.limits import size_text
from webhook.options import FLIPT_SIGNING, RELAY_KEY, RelayOptions
from webhook.outbox import OutboxError
from webhook.relay.metrics import CONTENT_TYPE_LATEST, REJECTIONS
from webhook.relay.pipeline import Relay
from webhook.verify import SignatureError, verify_request

__all__ = ["build_app"]

log = logging.getLogger("webhook.relay")


def build_app(relay: Relay, options: RelayOptions) -> Starlette:
    """The ASGI application for `relay`, receiving Flipt's events at `options.path`."""

    def reject(request: Request, reason: str, message: str) -> JSONResponse:
        relay.metrics.rejected.labels(reason=reason).inc()
        client = request.client.host if request.client else "-"
        log.warning("relay: refused a request from %s: %s", client, message)
        return JSONResponse({"error": message}, status_code=REJECTIONS[reason])

    async def read_body(request: Request) -> bytes | None:
        """The body, or None once it is longer than max_body (the rest is not read)."""
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > options.max_body:
            return None
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > options.max_body:
                return None
        return bytes(body)

    async def inbound(request: Request) -> Response:
        if not relay.accepting:
            return reject(request, "unavailable", "the relay is shutting down; retry")
        body = await read_body(request)
        if body is None:
            limit = size_text(options.max_body)
            return reject(request, "too_large", f"body over {RELAY_KEY}.max_body ({limit})")
        try:
            # Flipt's scheme only: Flipt sends nothing else, and a Standard Webhooks header
            # must not switch the check to a scheme (and secret) the relay does not hold
            verify_request(request.headers, body, options.signing_secret, scheme=FLIPT_SIGNING)
            event = Event.from_json(body)
        except (SignatureError, EventError) as exc:
            reason = "signature" if isinstance(exc, SignatureError) else "not_an_event"
            return reject(request, reason, str(exc))
        try:
            ids = await relay.accept(event)
        except (OutboxError, RuntimeError) as exc:  # RuntimeError: the sender closed under us
            return reject(request, "unavailable", f"not stored: {exc}")
        return JSONResponse({"delivery_ids": ids})

    async def healthz(request: Request) -> Response:
        problems = await relay.problems()
        if problems:
            return JSONResponse({"status": "unhealthy", "problems": problems}, status_code=503)
        counts = relay.outbox.counts()
        return JSONResponse({"status": "ok", **counts})

    async def metrics(request: Request) -> Response:
        return Response(relay.metrics.render(), media_type=CONTENT_TYPE_LATEST)

    return Starlette(
        routes=[
            Route(options.path, inbound, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", metrics, methods=["GET"]),
        ]
    )
