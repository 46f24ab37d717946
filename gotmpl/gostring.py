"""Go strings are bytes: the one rule for how a Python `str` holds them.

A Go string is any byte sequence. We hold it as a `str` whose UTF-8 encoding with the
`surrogateescape` handler gives Go's bytes, in one canonical form: every valid UTF-8 sequence is
its character, and only a byte that is not part of one is a lone surrogate U+DC80..U+DCFF. In
that form two strings are equal exactly when Go's are, and a character is one of Go's runes
(each invalid byte is one rune in Go too), so widths, precisions and `range` agree.

Joining canonical strings can break the form (`"\\xc3"` + `"\\xa9"` is Go's "é"), so whatever
makes or joins strings (literal unquoting, print/printf/println, slice, the final output) passes
its result through `canonical`. Other surrogates (U+D800..U+DC7F, U+DD00..U+DFFF) cannot come
from Go bytes; a Python caller's data may hold them, and they count as U+FFFD, as Go's decoders
make them. ASCII text is canonical and costs one `isascii()` check.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["CanonicalWriter", "byte_len", "canonical", "from_bytes", "to_bytes", "valid_utf8"]

_REPLACEMENT = "\ufffd".encode()
_SURROGATE = re.compile("[\ud800-\udfff]")


def to_bytes(s: str) -> bytes:
    """Go's bytes of `s` (canonical or not)."""
    try:
        return s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        pass
    out = bytearray()
    for ch in s:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append(o - 0xDC00)
        elif 0xD800 <= o <= 0xDFFF:
            out += _REPLACEMENT
        else:
            out += ch.encode("utf-8")
    return bytes(out)


def from_bytes(b: bytes) -> str:
    """The canonical string of Go bytes `b`."""
    return b.decode("utf-8", "surrogateescape")


def valid_utf8(s: str) -> bool:
    """utf8.ValidString for a canonical `s`: whether it holds no invalid byte."""
    return s.isascii() or _SURROGATE.search(s) is None


def canonical(s: str) -> str:
    """`s` in the canonical form: the same Go bytes, valid UTF-8 sequences as characters."""
    if s.isascii() or _SURROGATE.search(s) is None:
        return s
    return to_bytes(s).decode("utf-8", "surrogateescape")


def byte_len(s: str) -> int:
    """Go's len(s): the number of bytes."""
    if s.isascii():
        return len(s)
    return len(to_bytes(s))


class CanonicalWriter:
    """Text written in pieces, passed on in the canonical form: a piece ending in bytes that
    start a UTF-8 sequence (held as surrogate escapes) is held back until the next piece can
    complete it, as Go's bytes would join in its writer. `close` passes on what is held."""

    __slots__ = ("write_text", "held")

    def __init__(self, write_text: Callable[[str], Any]) -> None:
        self.write_text = write_text
        self.held = ""

    def write(self, text: str) -> None:
        """Write `text`, holding back a trailing part of a UTF-8 sequence until its next bytes
        come."""
        if self.held:
            text, self.held = self.held + text, ""
        if text.isascii() or _SURROGATE.search(text) is None:
            self.write_text(text)
            return
        cut = len(text) - _incomplete_tail(text)
        self.held = text[cut:]
        if cut:
            self.write_text(canonical(text[:cut]))

    def close(self) -> None:
        """Write whatever is held back (an incomplete sequence, as its raw bytes)."""
        if self.held:
            held, self.held = self.held, ""
            self.write_text(canonical(held))


def _incomplete_tail(s: str) -> int:
    """How many of the last characters of `s` are the escaped bytes of a UTF-8 sequence that
    more bytes could still complete (0 to 3)."""
    for tail, ch in enumerate(reversed(s[-3:]), 1):
        o = ord(ch) - 0xDC00
        if not 0x80 <= o <= 0xFF:
            return 0
        if o >= 0xC0:  # a lead byte: does it want more than it has?
            want = 2 if o < 0xE0 else 3 if o < 0xF0 else 4
            return tail if 0xC2 <= o <= 0xF4 and tail < want else 0
    return 0
