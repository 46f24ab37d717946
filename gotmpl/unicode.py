"""Go's Unicode rules (Go 1.27: Unicode 17): letters, digits, printable runes, identifiers.

Python's str methods answer from the interpreter's own, older Unicode database; Go's answer is
theirs except where `unicode_tables` (generated from Go by conformance/tools/unitables) lists a
run of code points with Go's answer. text/template's identifiers (the lexer's isAlphaNumeric,
Funcs' goodName) are built here on those answers, once, and so is strings.EqualFold, which
json.Unmarshal matches struct fields by.
"""

from __future__ import annotations

from bisect import bisect_right

from gotmpl import unicode_tables

__all__ = [
    "MAX_RUNE",
    "equal_fold",
    "is_alnum",
    "is_digit",
    "is_identifier",
    "is_letter",
    "is_print",
]

MAX_RUNE = 0x10FFFF


class _Differences:
    """One generated table: Go's answer on the runs where it is not Python's."""

    __slots__ = ("starts", "runs")

    def __init__(self, runs: tuple[tuple[int, int, bool], ...]) -> None:
        self.starts = [first for first, _, _ in runs]
        self.runs = runs

    def get(self, r: int) -> bool | None:
        """Go's answer for rune `r` when it differs from Python's, else None."""
        i = bisect_right(self.starts, r) - 1
        if i >= 0:
            _, last, answer = self.runs[i]
            if r <= last:
                return answer
        return None


_LETTER = _Differences(unicode_tables.LETTER)
_DIGIT = _Differences(unicode_tables.DIGIT)
_PRINT = _Differences(unicode_tables.PRINT)


def is_letter(r: int) -> bool:
    """unicode.IsLetter: categories Lu, Ll, Lt, Lm, Lo."""
    if r < 0x80:
        return chr(r).isalpha()
    if r > MAX_RUNE:
        return False
    answer = _LETTER.get(r)
    return chr(r).isalpha() if answer is None else answer


def is_digit(r: int) -> bool:
    """unicode.IsDigit: category Nd."""
    if r < 0x80:
        return 0x30 <= r <= 0x39
    if r > MAX_RUNE:
        return False
    answer = _DIGIT.get(r)
    return chr(r).isdecimal() if answer is None else answer


def is_print(r: int) -> bool:
    """strconv.IsPrint (= unicode.IsPrint): letters, marks, numbers, punctuation, symbols and
    the ASCII space."""
    if r < 0x80:
        return 0x20 <= r < 0x7F
    if r > MAX_RUNE or 0xD800 <= r <= 0xDFFF:
        return False
    answer = _PRINT.get(r)
    return chr(r).isprintable() if answer is None else answer


def is_alnum(c: str) -> bool:
    """text/template's isAlphaNumeric of one character: `_`, a letter or a digit. A surrogate
    escape is an invalid byte, which Go reads as U+FFFD: neither."""
    if c < "\x80":
        return c == "_" or c.isalnum()
    r = ord(c)
    return is_letter(r) or is_digit(r)


def is_identifier(name: str) -> bool:
    """text/template's goodName (the rule for Funcs names): a letter or `_`, then letters,
    digits and `_`."""
    if not name:
        return False
    first = name[0]
    if not (first == "_" or is_letter(ord(first))):
        return False
    return all(is_alnum(c) for c in name[1:])


_FOLD: dict[int, int] = {}


def equal_fold(a: str, b: str) -> bool:
    """strings.EqualFold: equal under Go's simple case folding, rune by rune (`K` and the
    Kelvin sign fold together; `ß` and `ss` do not, nor `ﬆ` and `st`, which Python's
    casefold joins)."""
    if a == b:
        return True
    if len(a) != len(b):
        return False
    if not _FOLD:
        _FOLD.update(unicode_tables.FOLD)
    fold = _FOLD.get
    for x, y in zip(a, b, strict=True):
        if x != y and fold(ord(x), ord(x)) != fold(ord(y), ord(y)):
            return False
    return True
