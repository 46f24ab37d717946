"""Helpers the adversarial generators share: case building, Go literal quoting, deep JSON."""

from __future__ import annotations

import contextlib
import random
import sys
from collections.abc import Iterator
from typing import Any

from conformance.gen_common import case

__all__ = ["exec_case", "go_quote", "nest", "pick", "raised_recursion_limit"]

# Python's json module recurses once per nesting level; data nested 10,000 levels needs more
# than the default limit to be written or read. Only the harness raises it, never around gotmpl.
JSON_RECURSION_LIMIT = 50_000


def exec_case(shape: str, template: str | bytes, **kw: Any) -> dict[str, Any]:
    """An exec case whose id is its shape (the runner prefixes kind, seed and index).

    Bytes that are not UTF-8 go into `template_b64`, as the case format asks.
    """
    return case(shape, "exec", template, **kw)


def go_quote(b: bytes) -> str:
    """A Go interpreted string literal whose value is exactly the bytes `b` (ASCII source)."""
    out = ['"']
    for byte in b:
        ch = chr(byte)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif 0x20 <= byte < 0x7F:
            out.append(ch)
        else:
            out.append(f"\\x{byte:02x}")
    out.append('"')
    return "".join(out)


def nest(leaf: Any, depth: int, r: random.Random | None = None) -> Any:
    """`leaf` inside `depth` levels of one-element lists or one-key maps (iteratively built)."""
    value = leaf
    for i in range(depth):
        if r is None or r.random() < 0.5:
            value = [value] if r is None or i % 3 else [value, i]
        else:
            value = {"k": value} if i % 4 else {"k": value, "z": i}
    return value


def pick(r: random.Random, weighted: dict[str, float]) -> str:
    """One key of `weighted`, chosen with the given weights."""
    keys = list(weighted)
    return r.choices(keys, weights=[weighted[k] for k in keys])[0]


@contextlib.contextmanager
def raised_recursion_limit(limit: int = JSON_RECURSION_LIMIT) -> Iterator[None]:
    """Raise Python's recursion limit for a block (the harness's JSON work on deep data)."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)
