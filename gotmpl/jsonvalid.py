"""Strict JSON validation with Go's `json.Valid` verdicts and `encoding/json` error text.

Flipt refuses a rendered template body unless `json.Valid` accepts it (webhook asks here), and
`gotmpl render --data` reports data Go's json.Unmarshal would refuse. Python's `json` module
is more lenient (NaN, Infinity, a 1000-deep recursion limit instead of Go's 10000 nesting depth,
non-bytes input), so this is a small iterative scanner over the bytes, with Go's rules: RFC 8259
values only, whitespace limited to space/tab/CR/LF, string bytes >= 0x80 accepted unchecked.
"""

from __future__ import annotations

import json
import math
from typing import NamedTuple

from gotmpl.strconv.quote import quote

__all__ = ["MAX_NESTING_DEPTH", "JSONSyntaxError", "go_float", "json_error", "json_valid"]

#: Go's limit on nested objects and arrays (jsontext's maxNestingDepth), reading and writing.
MAX_NESTING_DEPTH = 10000
_WS = frozenset(b" \t\r\n")
_HEX = frozenset(b"0123456789abcdefABCDEF")
_DIGITS = frozenset(b"0123456789")
_ESCAPES = frozenset(b'"\\/bfnrtu')
_EOF = "unexpected end of JSON input"  # a scanner ran out of input mid-token
_LITERALS = {ord("t"): b"true", ord("f"): b"false", ord("n"): b"null"}


class JSONSyntaxError(NamedTuple):
    """Where and why the bytes are not JSON: `msg` is Go's, `offset` is Go's `SyntaxError.Offset`
    (bytes read when the error was found); `line`/`col` (1-based) locate the offending byte.
    (A NamedTuple: a frozen dataclass costs `gotmpl render --data` half a millisecond to
    create at start.)"""

    msg: str
    offset: int
    line: int
    col: int

    def __str__(self) -> str:
        return self.msg


def _quote_char(c: int) -> str:
    """Go's `quoteChar`: the byte as a rune in single quotes, escaped as strconv.Quote does."""
    if c == 0x27:
        return "'\\''"
    if c == 0x22:
        return "'\"'"
    return "'" + quote(chr(c))[1:-1] + "'"


def _locate(data: bytes, index: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, index) + 1
    start = data.rfind(b"\n", 0, index) + 1
    return line, index - start + 1


def _literal(data: bytes, i: int) -> tuple[int, str | None]:
    """Scan true/false/null at data[i]; returns (next index, error context or None)."""
    word = _LITERALS[data[i]]
    for k in range(1, len(word)):
        j = i + k
        if j >= len(data):
            return j, _EOF
        if data[j] != word[k]:
            return j, f"in literal {word.decode()} (expecting {_quote_char(word[k])})"
    return i + len(word), None


def _number(data: bytes, i: int) -> tuple[int, str | None]:
    """Scan a number at data[i]; returns (index after it, error context or None)."""
    n = len(data)
    if data[i] == 0x2D:  # '-'
        i += 1
        if i >= n:
            return i, _EOF
        if data[i] not in _DIGITS:
            return i, "in numeric literal"
    if data[i] == 0x30:  # a leading 0 stands alone
        i += 1
    else:
        while i < n and data[i] in _DIGITS:
            i += 1
    if i < n and data[i] == 0x2E:  # '.'
        i += 1
        if i >= n:
            return i, _EOF
        if data[i] not in _DIGITS:
            return i, "after decimal point in numeric literal"
        while i < n and data[i] in _DIGITS:
            i += 1
    if i < n and data[i] in b"eE":
        i += 1
        if i < n and data[i] in b"+-":
            i += 1
        if i >= n:
            return i, _EOF
        if data[i] not in _DIGITS:
            return i, "in exponent of numeric literal"
        while i < n and data[i] in _DIGITS:
            i += 1
    return i, None


def _string(data: bytes, i: int) -> tuple[int, str | None]:
    """Scan a string whose opening quote is at data[i]; returns (index after it, error)."""
    n = len(data)
    i += 1
    while i < n:
        c = data[i]
        if c == 0x22:
            return i + 1, None
        if c < 0x20:
            return i, "in string literal"
        if c == 0x5C:
            i += 1
            if i >= n:
                return i, _EOF
            if data[i] not in _ESCAPES:
                return i, "in string escape code"
            if data[i] == 0x75:  # \uXXXX
                for _ in range(4):
                    i += 1
                    if i >= n:
                        return i, _EOF
                    if data[i] not in _HEX:
                        return i, "in \\u hexadecimal character escape"
        i += 1
    return i, _EOF


def _reject_constant(name: str) -> None:
    raise ValueError(name)


#: Python's strict C decoder with NaN/Infinity refused; built once (json.loads with keyword
#: arguments builds a new decoder per call).
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def go_float(literal: str) -> float:
    """A JSON number as Go's json.Unmarshal reads it into a float64 (as into `any`): refused
    beyond float64's range, where Python's float() gives infinity. For json.loads's
    parse_float (and parse_int, where every number is a float64)."""
    value = float(literal)
    if math.isinf(value):
        raise ValueError(f"cannot unmarshal number {literal} into Go value of type float64")
    return value


def json_error(data: bytes | str) -> JSONSyntaxError | None:
    """None when Go's `json.Valid(data)` is true, else the error `json.Unmarshal` would report."""
    if isinstance(data, (str, bytes)) and data.isascii():
        # Fast path: for ASCII text, the strict decoder accepts exactly what json.Valid
        # accepts; anything it refuses gets Go's message below. Bytes are decoded as ASCII,
        # not sniffed as json.loads does (NUL bytes would make them UTF-16 or UTF-32 text).
        try:
            _DECODER.decode(data if isinstance(data, str) else data.decode("ascii"))
            return None
        except (ValueError, RecursionError):
            pass
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    n = len(data)
    stack: list[int] = []  # 0x7B '{' or 0x5B '['
    i = 0
    # expecting: "value", "key" (object key or '}'), "key!" (key only), "colon",
    # "after" (',' or closer), "value!" (a value, no closer), "end"
    state = "value"

    def fail(at: int, context: str) -> JSONSyntaxError:
        if at >= n or context is _EOF:
            return JSONSyntaxError("unexpected end of JSON input", n, *_locate(data, n))
        sep = " " if context else ""
        msg = f"invalid character {_quote_char(data[at])}{sep}{context}"
        return JSONSyntaxError(msg, at + 1, *_locate(data, at))

    while True:
        while i < n and data[i] in _WS:
            i += 1
        if i >= n:
            if state == "end":
                return None
            return fail(n, "")
        c = data[i]
        if state == "end":
            return fail(i, "after top-level value")
        if state in ("value", "value!", "first"):
            if c == 0x5D and state == "first":  # empty array
                stack.pop()
                i += 1
                state = "after" if stack else "end"
                continue
            if c in (0x7B, 0x5B):
                stack.append(c)
                if len(stack) > MAX_NESTING_DEPTH:
                    return fail(i, "exceeded max depth")
                i += 1
                state = "key" if c == 0x7B else "first"
                continue
            if c == 0x22:
                i, err = _string(data, i)
            elif c == 0x2D or c in _DIGITS:
                i, err = _number(data, i)
            elif c in _LITERALS:
                i, err = _literal(data, i)
            else:
                return fail(i, "looking for beginning of value")
            if err is not None:
                return fail(i, err)
            state = "after" if stack else "end"
            continue
        if state in ("key", "key!"):
            if c == 0x7D and state == "key":
                stack.pop()
                i += 1
                state = "after" if stack else "end"
                continue
            if c != 0x22:
                return fail(i, "looking for beginning of object key string")
            i, err = _string(data, i)
            if err is not None:
                return fail(i, err)
            state = "colon"
            continue
        if state == "colon":
            if c != 0x3A:
                return fail(i, "after object key")
            i += 1
            state = "value!"
            continue
        # state == "after": a value inside a container is complete
        top = stack[-1]
        if top == 0x7B:
            if c == 0x2C:
                i += 1
                state = "key!"
            elif c == 0x7D:
                stack.pop()
                i += 1
                state = "after" if stack else "end"
            else:
                return fail(i, "after object key:value pair")
        else:
            if c == 0x2C:
                i += 1
                state = "value!"
            elif c == 0x5D:
                stack.pop()
                i += 1
                state = "after" if stack else "end"
            else:
                return fail(i, "after array element")


def json_valid(data: bytes | str) -> bool:
    """Go's `json.Valid`: true for exactly one RFC 8259 value with optional whitespace."""
    return json_error(data) is None
