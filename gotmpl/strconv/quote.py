"""Go's strconv quoting (Quote, QuoteToASCII, QuoteRune, CanBackquote) over our strings.

Strings follow gotmpl.gostring: a byte that is not valid UTF-8 is a lone surrogate
U+DC80..U+DCFF, and quotes as `\\xNN`.
"""

from __future__ import annotations

from gotmpl.gostring import canonical
from gotmpl.unicode import MAX_RUNE, is_print

__all__ = ["can_backquote", "quote", "quote_rune"]

_SIMPLE = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}


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
    if s.isascii():
        if s.isprintable() and '"' not in s and "\\" not in s:
            return '"' + s + '"'
    else:
        s = canonical(s)
    out = ['"']
    for ch in s:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append(f"\\x{o - 0xDC00:02x}")
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
