"""Literal tokens to values: Go's newNumber flags and string unquoting, with Go's errors."""

from __future__ import annotations

import math
from typing import Any

from gotmpl.parse import node as n
from gotmpl.strconv.parse import (
    SyntaxErr,
    parse_float,
    parse_float_err,
    parse_int,
    unquote,
    unquote_char,
)
from gotmpl.strconv.quote import quote

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
            raise job.error_value("invalid syntax") from None
        if text[i:] != "'":
            raise job.error_value(f"malformed character constant: {text}")
        r = ord(ch)
        node.is_int = node.is_uint = node.is_float = True
        node.int64 = node.uint64 = r
        node.float64 = float(r)
        return node
    if tok.type == "COMPLEX":
        try:
            _set_complex(node, sscan_complex(text))
        except ValueError as e:
            raise job.error_value(str(e)) from None
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
                raise job.error_value(f"integer overflow: {quote(text)}")
            node.is_float, node.float64 = True, f
            if f.is_integer():
                if _INT64_MIN <= f < 2.0**63:
                    node.is_int, node.int64 = True, int(f)
                if 0 <= f < 2.0**64:
                    node.is_uint, node.uint64 = True, int(f)
    if not (node.is_int or node.is_uint or node.is_float):
        raise job.error_value(f"illegal number syntax: {quote(text)}")
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
    """The value of a quoted or raw string token, or Go's `invalid syntax` parse error."""
    try:
        return unquote(str(tok))
    except SyntaxErr:
        raise job.error_value("invalid syntax") from None


_ERR_COMPLEX = "syntax error scanning complex number"


def _float_token(s: str, i: int) -> int:
    """fmt's floatToken: where the float token starting at `i` ends. Like fmt, a partial
    NaN/Inf keeps the characters it accepted."""
    n = len(s)

    def accept(chars: str) -> bool:
        nonlocal i
        if i < n and s[i] in chars:
            i += 1
            return True
        return False

    if accept("nN") and accept("aA") and accept("nN"):
        return i
    accept("+-")
    if accept("iI") and accept("nN") and accept("fF"):
        return i
    digits, exp = "0123456789_", "eEpP"
    if accept("0") and accept("xX"):
        digits, exp = "0123456789aAbBcCdDeEfF_", "pP"
    while accept(digits):
        pass
    if accept("."):
        while accept(digits):
            pass
    if accept(exp):
        accept("+-")
        while accept("0123456789_"):
            pass
    return i


def _convert_float(token: str) -> float:
    """fmt's convertFloat: strconv.ParseFloat, plus fmt's decimal-mantissa `p` exponents."""
    p = token.find("p")
    if p >= 0 and "x" not in token and "X" not in token:
        mant, err = parse_float_err(token[:p])
        if err:
            raise ValueError(f'strconv.ParseFloat: parsing "{token}": {err}')
        exp = parse_int(token[p + 1 :]) if token[p + 1 :].lstrip("+-").isdigit() else None
        if exp is None:
            raise ValueError(f'strconv.Atoi: parsing "{token}": invalid syntax')
        return math.ldexp(mant, exp)
    value, err = parse_float_err(token)
    if err:
        raise ValueError(f'strconv.ParseFloat: parsing "{token}": {err}')
    return value


def sscan_complex(text: str) -> complex:
    """fmt.Sscan of a complex literal (`1+2i`), with fmt's errors (ValueError)."""
    i = 1 if text[:1] == "(" else 0
    real_end = _float_token(text, i)
    real = text[i:real_end]
    if real_end >= len(text) or text[real_end] not in "+-":
        raise ValueError(_ERR_COMPLEX)
    imag_end = _float_token(text, real_end + 1)
    imag = text[real_end:imag_end]
    if imag_end >= len(text) or text[imag_end] != "i":
        raise ValueError(_ERR_COMPLEX)
    if i and text[imag_end + 1 : imag_end + 2] != ")":
        raise ValueError(_ERR_COMPLEX)
    return complex(_convert_float(real), _convert_float(imag))
