"""Literal tokens to values: Go's newNumber flags and string unquoting, with Go's errors."""

from __future__ import annotations

from typing import Any

from . import nodes as n
from .strconv import SyntaxErr, parse_float, parse_int, unquote, unquote_char

__all__ = ["number_node", "string_value"]

_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
_UINT64_MAX = (1 << 64) - 1


def number_node(job: Any, tok: Any) -> n.NumberNode:
    """Go's newNumber: the literal's value and which kinds it may take; ParseError if none."""
    text = str(tok)
    node = n.NumberNode(job.src, tok.start_pos, text)
    if tok.type == "CHARCONST":
        try:
            ch, i = unquote_char(text, 1, "'")
        except SyntaxErr:
            raise job.error("invalid syntax") from None
        if text[i:] != "'":
            raise job.error(f"malformed character constant: {text}")
        r = ord(ch)
        node.is_int = node.is_uint = node.is_float = node.is_char = True
        node.int64 = node.uint64 = r
        node.float64 = float(r)
        return node
    if tok.type == "COMPLEX":
        split = max(text.rfind("+"), text.rfind("-"))
        real_text, imag_text = text[:split], text[split:-1]
        re_v = parse_float(real_text)
        if re_v is None:
            raise job.error(f'strconv.ParseFloat: parsing "{real_text}": invalid syntax')
        im_v = parse_float(imag_text)
        if im_v is None:
            raise job.error(f'strconv.ParseFloat: parsing "{imag_text}": invalid syntax')
        _set_complex(node, complex(re_v, im_v))
        return node
    if text.endswith("i"):
        f = parse_float(text[:-1])
        if f is not None:
            _set_complex(node, complex(0, f))
            return node
    value = parse_int(text)
    if value is not None:
        if _INT64_MIN <= value <= _INT64_MAX:
            node.is_int, node.int64 = True, value
        if 0 <= value <= _UINT64_MAX and (text[:1] not in "+-" or value == 0):
            node.is_uint, node.uint64 = True, value
    if node.is_int or node.is_uint:
        node.is_float = True
        node.float64 = float(node.int64 if node.is_int else node.uint64)
    else:
        f = parse_float(text)
        if f is not None:
            if not any(c in text for c in ".eEpP"):
                raise job.error(f'integer overflow: "{text}"')
            node.is_float, node.float64 = True, f
            if f.is_integer():
                if _INT64_MIN <= f < 2.0**63:
                    node.is_int, node.int64 = True, int(f)
                if 0 <= f < 2.0**64:
                    node.is_uint, node.uint64 = True, int(f)
    if not (node.is_int or node.is_uint or node.is_float):
        raise job.error(f'illegal number syntax: "{text}"')
    return node


def _set_complex(node: n.NumberNode, c: complex) -> None:
    node.is_complex = True
    node.complex128 = c
    if c.imag == 0:
        f = c.real
        node.is_float, node.float64 = True, f
        if f.is_integer() and _INT64_MIN <= f < 2.0**63:
            node.is_int, node.int64 = True, int(f)
        if f.is_integer() and 0 <= f < 2.0**64:
            node.is_uint, node.uint64 = True, int(f)


def string_value(job: Any, tok: Any) -> str:
    try:
        return unquote(str(tok))
    except SyntaxErr:
        raise job.error("invalid syntax") from None
