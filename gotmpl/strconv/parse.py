"""Go's strconv rules that templates depend on: unquoting and number syntax.

Unquoted strings follow gotmpl.gostring, so `"\\xff"` in a template is the one-byte string Go
has and `"\\xc3\\xa9"` is "é".
"""

from __future__ import annotations

from gotmpl.gostring import canonical, valid_utf8

__all__ = [
    "SyntaxErr",
    "parse_float",
    "parse_float_err",
    "parse_int",
    "unquote",
    "unquote_char",
]


class SyntaxErr(ValueError):
    """strconv.ErrSyntax: its text is Go's, `invalid syntax`."""

    def __init__(self) -> None:
        super().__init__("invalid syntax")


_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_HEX = "0123456789abcdefABCDEF"


def _byte_char(b: int) -> str:
    return chr(b) if b < 0x80 else chr(0xDC00 + b)


def unquote_char(s: str, i: int, quote: str) -> tuple[str, int]:
    """Decode one (possibly escaped) character of `s` at `i`: (decoded, next index).

    The decoded text is one character, or one byte as a surrogate escape for `\\x80`..`\\xff`
    and octal escapes above 0x7f inside strings. A byte of the source that is not valid UTF-8
    decodes as U+FFFD, as Go's UnquoteChar reads it.
    """
    c = s[i]
    if c == quote and quote in "'\"":
        raise SyntaxErr()
    if c != "\\":
        if "\ud800" <= c <= "\udfff":
            return "\ufffd", i + 1
        return c, i + 1
    if i + 1 >= len(s):
        raise SyntaxErr()
    c = s[i + 1]
    i += 2
    if c in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[c], i
    if c in "xuU":
        size = {"x": 2, "u": 4, "U": 8}[c]
        digits = s[i : i + size]
        if len(digits) < size or any(d not in _HEX for d in digits):
            raise SyntaxErr()
        value = int(digits, 16)
        if c == "x":
            return (chr(value) if quote == "'" else _byte_char(value)), i + size
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            raise SyntaxErr()
        return chr(value), i + size
    if "0" <= c <= "7":
        digits = s[i - 1 : i + 2]
        if len(digits) < 3 or any(d not in "01234567" for d in digits):
            raise SyntaxErr()
        value = int(digits, 8)
        if value > 255:
            raise SyntaxErr()
        return (chr(value) if quote == "'" else _byte_char(value)), i + 2
    if c == "\\":
        return "\\", i
    if c in "'\"":
        if c != quote:
            raise SyntaxErr()
        return c, i
    raise SyntaxErr()


def unquote(s: str) -> str:
    """Go's strconv.Unquote for a `"..."` or `` `...` `` literal (raw strings drop `\\r` and
    keep their bytes; in quoted strings a byte that is not valid UTF-8 becomes U+FFFD)."""
    if len(s) < 2 or s[0] != s[-1]:
        raise SyntaxErr()
    q = s[0]
    body = s[1:-1]
    if q == "`":
        if "`" in body:
            raise SyntaxErr()
        return canonical(body.replace("\r", "")) if "\r" in body else body
    if q != '"' or "\n" in body:
        raise SyntaxErr()
    if "\\" not in body and '"' not in body and valid_utf8(body):
        return body
    out = []
    i = 0
    while i < len(body):
        ch, i = unquote_char(body, i, '"')
        out.append(ch)
    return canonical("".join(out))


def _underscore_ok(s: str) -> bool:
    saw = "^"
    i = 0
    if s[:1] in ("+", "-"):
        s = s[1:]
    hexa = False
    if len(s) >= 2 and s[0] == "0" and s[1] in "bBoOxX":
        i = 2
        saw = "0"
        hexa = s[1] in "xX"
    while i < len(s):
        c = s[i]
        if "0" <= c <= "9" or (hexa and c in "abcdefABCDEF"):
            saw = "0"
        elif c == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
        i += 1
    return saw != "_"


def parse_int(text: str) -> int | None:
    """The value of an integer literal in Go's base-0 syntax, unbounded; None if malformed.

    Range checks (int64, uint64) are the caller's: they decide which Go flags the value earns.
    """
    s = text
    sign = 1
    if s[:1] in ("+", "-"):
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    if not s:
        return None
    base = 10
    digits = s
    if s[0] == "0" and len(s) > 1:
        p = s[1]
        if p in "xX":
            base, digits = 16, s[2:]
        elif p in "bB":
            base, digits = 2, s[2:]
        elif p in "oO":
            base, digits = 8, s[2:]
        else:
            base, digits = 8, s[1:]
    if "_" in text:
        if not _underscore_ok(text):
            return None
        digits = digits.replace("_", "")
    if not digits:
        return None
    valid = "0123456789abcdefABCDEF"[: base if base <= 10 else 10 + 2 * (base - 10)]
    if any(c not in valid for c in digits):
        return None
    return sign * int(digits, base)


def parse_float(text: str) -> float | None:
    """Go's strconv.ParseFloat(text, 64) in Go literal syntax; None on syntax or range error."""
    value, err = parse_float_err(text)
    return None if err else value


def parse_float_err(text: str) -> tuple[float, str]:
    """strconv.ParseFloat(text, 64): (value, ""), or (0, Go's error: `invalid syntax` or
    `value out of range`)."""
    s = text
    if "_" in s:
        if not _underscore_ok(s):
            return 0.0, "invalid syntax"
        s = s.replace("_", "")
    body = s[1:] if s[:1] in ("+", "-") else s
    if not body:
        return 0.0, "invalid syntax"
    if body[:2] in ("0x", "0X"):
        if "p" not in body and "P" not in body:
            return 0.0, "invalid syntax"
        try:
            value = float.fromhex(s)
        except OverflowError:
            return 0.0, "value out of range"
        except ValueError:
            return 0.0, "invalid syntax"
    else:
        if any(c not in "0123456789.eE+-" for c in body):
            return 0.0, "invalid syntax"
        try:
            value = float(s)
        except ValueError:
            return 0.0, "invalid syntax"
    if value in (float("inf"), float("-inf")):
        return 0.0, "value out of range"
    return value, ""
