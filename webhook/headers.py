"""Configured request headers as Go's net/http client treats them (Flipt v1.61.1 sends with it).

Flipt adds each configured header to the request with `Header.Add`; Go's client then writes some
of those itself, whatever the Header map says. Read from Go 1.27's net/http:

- `Host`, `Content-Length`, `Transfer-Encoding` and `Trailer` are never written from the Header
  map (request.go, `reqWriteExcludeHeader`): the Host line comes from the URL, the framing from
  the body (a byte buffer, so `Content-Length: <its length>`). We drop them at load, with a
  warning; `core.build_headers` drops them from configs built in code too.
- `Connection`, `Keep-Alive`, `Proxy-Connection` and `Upgrade` are hop-by-hop. Go's HTTP/1.1
  client (the one http:// URLs get) writes them as given and honours `Connection: close`; its
  HTTP/2 client (https:// endpoints that offer h2) drops them, and refuses the request when
  `Connection` is not `close`/`keep-alive` or `Upgrade` is set (httpcommon.go,
  `checkConnHeaders`). We speak HTTP/1.1 only, so we send them as Go's HTTP/1.1 client does,
  with a warning.
- `Expect: 100-continue` makes Go wait up to a second for `100 Continue` before the body; we
  send it and the body at once (RFC 9110 allows both). Warned about too.

Header names must be HTTP tokens and values free of control characters but tab, as Go's
`httpguts.ValidHeaderFieldName`/`ValidHeaderFieldValue` require (checked by the loader; Go's
client refuses such a request on every attempt). Other bytes, UTF-8 included, Go sends as they
are, and so do we.
"""

from __future__ import annotations

import re

__all__ = ["GO_DROPS", "GO_MANAGES", "canonical_header", "go_note", "valid_name", "valid_value"]

_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # Go's isCTL, less tab (LWS)

#: Headers Go's client never writes from a Request's Header map, and what it writes instead.
GO_DROPS = {
    "Host": "the Host line comes from the URL",
    "Content-Length": "the body's own length is sent",
    "Transfer-Encoding": "the body is sent with its Content-Length",
    "Trailer": "trailers come from Request.Trailer",
}

#: Headers Go's client writes as given but acts on itself (how it uses the connection).
GO_MANAGES = {
    "Connection": "Go's HTTP/1.1 client sends it (and closes the connection after `close`); "
    "its HTTP/2 client refuses values other than close and keep-alive",
    "Keep-Alive": "hop-by-hop: Go's HTTP/1.1 client sends it, its HTTP/2 client drops it",
    "Proxy-Connection": "hop-by-hop: Go's HTTP/1.1 client sends it, its HTTP/2 client drops it",
    "Upgrade": "hop-by-hop: Go's HTTP/1.1 client sends it, its HTTP/2 client refuses the request",
    "Expect": "Go waits up to 1s for 100 Continue before the body; we send the body at once",
}


def canonical_header(name: str) -> str:
    """Go's `textproto.CanonicalMIMEHeaderKey` for a valid token: `x-flipt-id` -> `X-Flipt-Id`."""
    return "-".join(part[:1].upper() + part[1:].lower() for part in name.split("-"))


def valid_name(name: str) -> bool:
    """Whether `name` is an HTTP token (RFC 9110), as Go's `httpguts.ValidHeaderFieldName`."""
    return _TOKEN.match(name) is not None


def valid_value(value: str) -> bool:
    """Whether Go's client sends `value` (`httpguts.ValidHeaderFieldValue`): no control
    character but tab."""
    return _CONTROL.search(value) is None


def go_note(canonical: str) -> tuple[bool, str] | None:
    """(sent, why) for a header Go's client handles itself, else None."""
    if canonical in GO_DROPS:
        return False, f"Go's net/http ignores this header ({GO_DROPS[canonical]}); not sent"
    if canonical in GO_MANAGES:
        return True, f"{GO_MANAGES[canonical]}; sent as given"
    return None
