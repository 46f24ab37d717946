"""Go's template lexer: turns template text into items by Go's lexing rules.

Text and action modes, runtime delimiters, trim markers, comments and Go's literal syntax do not
fit lark's stock lexers, so this scanner produces Go's items; `feeder.py` turns them into the
grammar's tokens. Positions are character offsets into the text (converted to Go's byte offsets
only when an error needs a column); `line` counts newlines as Go does.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from typing import NamedTuple

from gotmpl.gostring import byte_len
from gotmpl.strconv.quote import quote
from gotmpl.unicode import is_alnum, is_print

__all__ = ["ITEM_TYPES", "Item", "Lexer", "KEYWORDS"]

SPACE_CHARS = " \t\r\n"

#: Go's item types in Go's order (an item's itemType is its index here); those after KEYWORD
#: are keywords. COMMENT and KEYWORD itself are never emitted.
ITEM_TYPES = (
    *("ERROR", "BOOL", "CHAR", "CHAR_CONSTANT", "COMMENT", "COMPLEX", "ASSIGN", "DECLARE"),
    *("EOF", "FIELD", "IDENTIFIER", "LEFT_DELIM", "LEFT_PAREN", "NUMBER", "PIPE", "RAW_STRING"),
    *("RIGHT_DELIM", "RIGHT_PAREN", "SPACE", "STRING", "TEXT", "VARIABLE", "KEYWORD", "BLOCK"),
    *("BREAK", "CONTINUE", "DOT", "DEFINE", "ELSE", "END", "IF", "NIL", "RANGE", "TEMPLATE"),
    "WITH",
)
#: Keyword item types, by their spelling. "." is Go's dot keyword.
KEYWORDS = {
    ".": "DOT",
    "block": "BLOCK",
    "break": "BREAK",
    "continue": "CONTINUE",
    "define": "DEFINE",
    "else": "ELSE",
    "end": "END",
    "if": "IF",
    "nil": "NIL",
    "range": "RANGE",
    "template": "TEMPLATE",
    "with": "WITH",
}
KEYWORD_TYPES = frozenset(ITEM_TYPES[ITEM_TYPES.index("KEYWORD") + 1 :])

_ASCII_ALNUM = re.compile(r"[A-Za-z0-9_]*")
_SPACES = re.compile(r"[ \t\r\n]*")


def _space_end(text: str, pos: int) -> int:
    """Where the run of Go spaces starting at `pos` ends."""
    m = _SPACES.match(text, pos)
    return m.end() if m else pos


class Item(NamedTuple):
    """One lexed item: Go's item type name, its source text, char offset and line."""

    type: str
    value: str
    pos: int
    line: int

    def describe(self) -> str:
        """The item as Go's `item.String()` prints it in parse errors."""
        if self.type == "EOF":
            return "EOF"
        if self.type == "ERROR":
            return self.value
        if self.type in KEYWORD_TYPES:
            return f"<{self.value}>"
        if byte_len(self.value) > 10:
            return quote(self.value[:10]) + "..."  # Go's %.10q: ten runes
        return quote(self.value)


def go_char_u(c: str) -> str:
    """Go's `%#U` of the rune the lexer read at `c`: `U+0022 '"'`, just `U+00A0` when not
    printable; a byte that is not valid UTF-8 is read as U+FFFD."""
    if "\ud800" <= c <= "\udfff":
        c = "\ufffd"
    code = f"U+{ord(c):04X}"
    return f"{code} '{c}'" if is_print(ord(c)) else code


class Lexer:
    """Scans one template text with one delimiter pair into Go's items, on demand."""

    def __init__(
        self,
        text: str,
        left: str = "{{",
        right: str = "}}",
        break_ok: bool = True,
        continue_ok: bool = True,
    ) -> None:
        self.text = text
        self.left = left or "{{"
        self.right = right or "}}"
        self.break_ok = break_ok
        self.continue_ok = continue_ok
        self.line = 1  # line of the scanner's current position

    # --- helpers -------------------------------------------------------------------------

    def _at_right_delim(self, pos: int) -> tuple[bool, bool]:
        """(at a right delimiter, with a trim marker before it)."""
        text = self.text
        c = text[pos : pos + 1]
        if (
            c != ""
            and c in SPACE_CHARS
            and text[pos + 1 : pos + 2] == "-"
            and text.startswith(self.right, pos + 2)
        ):
            return True, True
        if text.startswith(self.right, pos):
            return True, False
        return False, False

    def _at_terminator(self, pos: int) -> bool:
        text = self.text
        if pos >= len(text):
            return True
        c = text[pos]
        if c in " \t\r\n.,|:)(":
            return True
        return text.startswith(self.right, pos)

    def _scan_alnum(self, pos: int) -> int:
        text = self.text
        n = len(text)
        while True:
            m = _ASCII_ALNUM.match(text, pos)
            pos = m.end() if m else pos
            if pos < n and text[pos] >= "\x80" and is_alnum(text[pos]):
                pos += 1
                continue
            return pos

    # --- the scan ------------------------------------------------------------------------

    def items(self) -> Iterator[Item]:
        """Yield items up to and including EOF, or up to the first ERROR item."""
        text = self.text
        left = self.left
        n = len(text)
        pos = 0
        while True:
            # Text mode.
            x = text.find(left, pos)
            if x < 0:
                if pos < n:
                    chunk = text[pos:]
                    yield Item("TEXT", chunk, pos, self.line)
                    self.line += chunk.count("\n")
                yield Item("EOF", "", n, self.line)
                return
            after = x + len(left)
            marker_space = text[after + 1 : after + 2]
            trim_left = (
                text[after : after + 1] == "-"
                and marker_space != ""
                and (marker_space in SPACE_CHARS)
            )
            end_text = x
            if trim_left:
                end_text = len(text[pos:x].rstrip(SPACE_CHARS)) + pos
            if end_text > pos:
                chunk = text[pos:end_text]
                yield Item("TEXT", chunk, pos, self.line)
            self.line += text.count("\n", pos, x)
            delim_line = self.line
            # The marker's own space may be a newline: it counts before what follows.
            self.line += trim_left and marker_space == "\n"
            pos = after + (2 if trim_left else 0)
            if text.startswith("/*", pos):
                pos = yield from self._comment(pos)
                if pos < 0:
                    return
                continue
            # Action mode.
            yield Item("LEFT_DELIM", left, x, delim_line)
            pos = yield from self._action(pos)
            if pos < 0:
                return

    def _comment(self, pos: int) -> Generator[Item, None, int]:
        text = self.text
        body = pos  # the comment itself, after any trim marker: where Go's errors point
        end = text.find("*/", pos + 2)
        if end < 0:
            yield Item("ERROR", "unclosed comment", body, self.line)
            return -1
        pos = end + 2
        delim, trim = self._at_right_delim(pos)
        if not delim:
            yield Item("ERROR", "comment ends before closing delimiter", body, self.line)
            return -1
        self.line += text.count("\n", body, pos)
        if trim:
            self.line += text[pos] == "\n"  # the marker's own space may be a newline
            pos += 2
        pos += len(self.right)
        if trim:
            stop = _space_end(text, pos)
            self.line += text.count("\n", pos, stop)
            pos = stop
        return pos

    def _error(self, msg: str, pos: int) -> Item:
        return Item("ERROR", msg, pos, self.line)

    def _action(self, pos: int) -> Generator[Item, None, int]:  # noqa: C901 - one state machine
        text = self.text
        n = len(text)
        right = self.right
        depth = 0
        while True:
            delim, trim = self._at_right_delim(pos)
            if delim:
                if depth:
                    yield self._error("unclosed left paren", pos)
                    return -1
                start = pos
                if trim:
                    self.line += text[pos] == "\n"  # the marker's own space may be a newline
                    pos += 2
                pos += len(right)
                yield Item("RIGHT_DELIM", right, start, self.line)
                if trim:
                    stop = _space_end(text, pos)
                    self.line += text.count("\n", pos, stop)
                    pos = stop
                return pos
            if pos >= n:
                yield self._error("unclosed action", pos)
                return -1
            c = text[pos]
            start, line = pos, self.line
            if c in SPACE_CHARS:
                stop = _space_end(text, pos)
                # A trim-marked right delimiter starts with a space: leave it.
                if text[stop : stop + 1] == "-" and text.startswith(right, stop + 1):
                    stop -= 1
                    if stop == pos:
                        continue
                self.line += text.count("\n", pos, stop)
                pos = stop
                yield Item("SPACE", text[start:pos], start, line)
                continue
            pos += 1
            if c == "=":
                yield Item("ASSIGN", "=", start, line)
            elif c == ":":
                if text[pos : pos + 1] != "=":
                    yield self._error("expected :=", start)
                    return -1
                pos += 1
                yield Item("DECLARE", ":=", start, line)
            elif c == "|":
                yield Item("PIPE", "|", start, line)
            elif c == '"':
                pos = self._quote(pos, '"')
                if pos < 0:
                    yield self._error("unterminated quoted string", start)
                    return -1
                yield Item("STRING", text[start:pos], start, line)
            elif c == "`":
                end = text.find("`", pos)
                if end < 0:
                    yield self._error("unterminated raw quoted string", start)
                    return -1
                pos = end + 1
                yield Item("RAW_STRING", text[start:pos], start, line)
                self.line += text.count("\n", start, pos)
            elif c == "'":
                pos = self._quote(pos, "'")
                if pos < 0:
                    yield self._error("unterminated character constant", start)
                    return -1
                yield Item("CHAR_CONSTANT", text[start:pos], start, line)
            elif c == "$":
                if self._at_terminator(pos):
                    yield Item("VARIABLE", "$", start, line)
                    continue
                pos = self._scan_alnum(pos)
                if not self._at_terminator(pos):
                    yield self._error(f"bad character {go_char_u(text[pos])}", start)
                    return -1
                yield Item("VARIABLE", text[start:pos], start, line)
            elif c == "." and pos < n and not ("0" <= text[pos] <= "9"):
                if self._at_terminator(pos):
                    yield Item("DOT", ".", start, line)
                    continue
                pos = self._scan_alnum(pos)
                if not self._at_terminator(pos):
                    yield self._error(f"bad character {go_char_u(text[pos])}", start)
                    return -1
                yield Item("FIELD", text[start:pos], start, line)
            elif c in "+-.0123456789":
                pos, item = self._number(start)
                yield item
                if item.type == "ERROR":
                    return -1
            elif is_alnum(c):
                pos = self._scan_alnum(start)
                word = text[start:pos]
                if not self._at_terminator(pos):
                    yield self._error(f"bad character {go_char_u(text[pos])}", start)
                    return -1
                kind = KEYWORDS.get(word)
                if kind is not None and kind != "DOT":
                    if (kind == "BREAK" and not self.break_ok) or (
                        kind == "CONTINUE" and not self.continue_ok
                    ):
                        kind = "IDENTIFIER"
                    yield Item(kind, word, start, line)
                elif word in ("true", "false"):
                    yield Item("BOOL", word, start, line)
                else:
                    yield Item("IDENTIFIER", word, start, line)
            elif c == "(":
                depth += 1
                yield Item("LEFT_PAREN", "(", start, line)
            elif c == ")":
                depth -= 1
                if depth < 0:
                    yield self._error("unexpected right paren", start)
                    return -1
                yield Item("RIGHT_PAREN", ")", start, line)
            elif c <= "\x7f" and c.isprintable():
                yield Item("CHAR", c, start, line)
            else:
                yield self._error(f"unrecognized character in action: {go_char_u(c)}", start)
                return -1

    def _quote(self, pos: int, quote: str) -> int:
        """End offset of a quoted literal whose opening quote is before `pos`; -1 if open."""
        text = self.text
        n = len(text)
        while pos < n:
            c = text[pos]
            pos += 1
            if c == "\\":
                if pos >= n or text[pos] == "\n":
                    return -1
                pos += 1
            elif c == "\n":
                return -1
            elif c == quote:
                return pos
        return -1

    def _scan_number(self, pos: int) -> tuple[int, bool]:
        """Go's loose number scan from `pos`: (end, ok)."""
        text = self.text
        n = len(text)

        def accept(p: int, valid: str) -> int:
            return p + 1 if p < n and text[p] in valid else p

        def accept_run(p: int, valid: str) -> int:
            while p < n and text[p] in valid:
                p += 1
            return p

        pos = accept(pos, "+-")
        digits = "0123456789_"
        if text[pos : pos + 1] == "0":
            pos += 1
            c = text[pos : pos + 1]
            if c and c in "xX":
                pos += 1
                digits = "0123456789abcdefABCDEF_"
            elif c and c in "oO":
                pos += 1
                digits = "01234567_"
            elif c and c in "bB":
                pos += 1
                digits = "01_"
        pos = accept_run(pos, digits)
        if text[pos : pos + 1] == ".":
            pos = accept_run(pos + 1, digits)
        if len(digits) == 11 and text[pos : pos + 1] in ("e", "E"):
            pos = accept_run(accept(pos + 1, "+-"), "0123456789_")
        if len(digits) == 23 and text[pos : pos + 1] in ("p", "P"):
            pos = accept_run(accept(pos + 1, "+-"), "0123456789_")
        pos = accept(pos, "i")
        if pos < n and is_alnum(text[pos]):
            return pos + 1, False
        return pos, True

    def _number(self, start: int) -> tuple[int, Item]:
        """Scan a number or complex literal starting at `start`: (end, item)."""
        text = self.text
        line = self.line
        pos, ok = self._scan_number(start)
        if ok and text[pos : pos + 1] in ("+", "-"):
            pos, ok = self._scan_number(pos)
            if ok and text[pos - 1] == "i":
                return pos, Item("COMPLEX", text[start:pos], start, line)
            ok = False
        if not ok:
            return pos, self._error(f"bad number syntax: {quote(text[start:pos])}", start)
        return pos, Item("NUMBER", text[start:pos], start, line)
