"""Go's strconv quoting (Quote, QuoteToASCII, QuoteRune, CanBackquote) over our strings.

Go strings are bytes; ours are `str`, where an invalid UTF-8 byte is the lone surrogate
U+DC80..U+DCFF that the `surrogateescape` error handler produces. Those print as `\\xNN`.
"""

from __future__ import annotations

__all__ = [
    "MAX_RUNE",
    "can_backquote",
    "from_bytes",
    "is_print",
    "quote",
    "quote_rune",
    "to_bytes",
]

MAX_RUNE = 0x10FFFF
_SIMPLE = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}


def to_bytes(s: str) -> bytes:
    """The Go bytes of a string (surrogate-escaped bytes come back as themselves)."""
    try:
        return s.encode("utf-8")
    except UnicodeEncodeError:
        pass
    out = bytearray()
    for ch in s:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append(o - 0xDC00)
        elif 0xD800 <= o <= 0xDFFF:
            out += b"\xef\xbf\xbd"
        else:
            out += ch.encode("utf-8")
    return bytes(out)


def from_bytes(b: bytes) -> str:
    """The string holding Go bytes `b` (invalid UTF-8 kept as surrogate escapes)."""
    return b.decode("utf-8", "surrogateescape")


def is_print(r: int) -> bool:
    """unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space."""
    if r < 0x20:
        return False
    if r < 0x7F:
        return True
    if r > MAX_RUNE or 0xD800 <= r <= 0xDFFF:
        return False
    return chr(r).isprintable()


def _escape_rune(r: int, quote_char: str, ascii_only: bool, out: list[str]) -> None:
    ch = chr(r) if 0 <= r <= MAX_RUNE else "\ufffd"
    if ch == quote_char or ch == "\\":
        out.append("\\" + ch)
        return
    if ascii_only:
        if r < 0x80 and is_print(r):
            out.append(ch)
            return
    elif is_print(r):
        out.append(ch)
        return
    if r in _SIMPLE:
        out.append(_SIMPLE[r])
    elif r < 0x20 or r == 0x7F:
        out.append(f"\\x{r:02x}")
    else:
        if r > MAX_RUNE or 0xD800 <= r <= 0xDFFF or r < 0:
            r = 0xFFFD
        if r < 0x10000:
            out.append(f"\\u{r:04x}")
        else:
            out.append(f"\\U{r:08x}")


def quote(s: str, ascii_only: bool = False) -> str:
    """strconv.Quote (or QuoteToASCII): a double-quoted Go string literal."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append(f"\\x{o - 0xDC00:02x}")
        elif 0xD800 <= o <= 0xDFFF:
            out.append("\\xef")
        else:
            _escape_rune(o, '"', ascii_only, out)
    out.append('"')
    return "".join(out)


def quote_rune(r: int, ascii_only: bool = False) -> str:
    """strconv.QuoteRune: a single-quoted Go rune literal (invalid code points become U+FFFD)."""
    if r > MAX_RUNE or r < 0 or 0xD800 <= r <= 0xDFFF:
        r = 0xFFFD
    out = ["'"]
    _escape_rune(r, "'", ascii_only, out)
    out.append("'")
    return "".join(out)


def can_backquote(s: str) -> bool:
    """strconv.CanBackquote: whether `s` fits in a raw string literal unchanged."""
    for ch in s:
        o = ord(ch)
        if 0xD800 <= o <= 0xDFFF or o == 0xFEFF:
            return False
        if (o < 0x20 and o != 9) or ch == "`" or o == 0x7F:
            return False
    return True
