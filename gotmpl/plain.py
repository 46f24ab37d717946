"""Text of plain data (JSON-shaped values), the one walk fmt's %v and json.Marshal share.

Plain data is str, bool, None, int, float, string-keyed dicts, lists and tuples, of exactly
those classes, nesting at most PLAIN_DEPTH deep. Each form (PlainText) has its own words for
them; anything else is None, for the caller's general path.

JSON objects of one kind (an event's payload, a flag's variants) share their keys in insertion
order: their "shape". Both forms take a map's keys in one sorted order and write each value
after its key; a writer generated for the shape (Shapes) reads the values by key and returns
the whole text as one joined string, the keys as its constants, instead of sorting and joining
on every call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["MAX_WRITER_KEYS", "PLAIN_DEPTH", "PlainText", "Shapes", "Writer"]

#: How deep plain data may nest (the walk recurses per level).
PLAIN_DEPTH = 100
#: The most keys a map may have for a writer of its own: a bigger map (a lookup table, not
#: a record) is written by the loop, so no writer's code grows with the data.
MAX_WRITER_KEYS = 64

#: A shape's writer: the text of a map of that shape at a nesting depth, or None when a value
#: is not one the item function writes.
Writer = Callable[[dict[str, Any], int], "str | None"]


class Shapes:
    """The writers of one text form. A shape seen a second time gets a writer generated for
    it (at most `limit` are kept); a shape seen once, beyond those kept, or of more than
    MAX_WRITER_KEYS keys, is written by the same pieces in a loop. A map with a key that is
    not a str gets None.

    `order` is the keys' sort key (None: code point order); `pieces(keys)` gives the text
    before each value and the closing text (`len(keys) + 1` pieces); `string` is applied to
    a value that is a str (None: as it is) and `item(value, depth)` to any other value, None
    meaning not writable.
    """

    __slots__ = ("item", "limit", "order", "pieces", "seen", "string", "writers")

    def __init__(
        self,
        order: Callable[[str], Any] | None,
        pieces: Callable[[list[str]], list[str]],
        string: Callable[[str], str] | None,
        item: Callable[[Any, int], str | None],
        limit: int = 512,
    ) -> None:
        self.order, self.pieces, self.string, self.item = order, pieces, string, item
        self.limit = limit
        self.writers: dict[tuple[str, ...], Writer] = {}
        #: The shapes seen once (forgotten when there are many: maps keyed by ids, say).
        self.seen: set[tuple[str, ...]] = set()

    def text(self, m: dict[Any, Any], depth: int) -> str | None:
        """The text of `m`, or None (see the class)."""
        shape = tuple(m)
        write = self.writers.get(shape)
        if write is not None:
            return write(m, depth)
        for k in shape:
            if type(k) is not str:
                return None
        keys = sorted(shape, key=self.order)
        if len(keys) > MAX_WRITER_KEYS:
            return self._loose(m, keys, depth)
        if shape not in self.seen or len(self.writers) >= self.limit:
            if len(self.seen) >= 4 * self.limit:
                self.seen.clear()
            self.seen.add(shape)
            return self._loose(m, keys, depth)
        self.seen.discard(shape)
        write = self.writers[shape] = self._writer(keys)
        return write(m, depth)

    def _loose(self, m: dict[str, Any], keys: list[str], depth: int) -> str | None:
        pieces = self.pieces(keys)
        out: list[str] = []
        for piece, k in zip(pieces, keys, strict=False):
            x = m[k]
            text: str | None
            if type(x) is str:
                text = x if self.string is None else self.string(x)
            else:
                text = self.item(x, depth)
                if text is None:
                    return None
            out += (piece, text)
        out.append(pieces[-1])
        return "".join(out)

    def _writer(self, keys: list[str]) -> Writer:
        pieces = self.pieces(keys)
        lines = ["def write(m, depth):", "    try:"]
        joined = []
        for i, key in enumerate(keys):
            lines.append(f"        x{i} = m[{key!r}]")
            if self.string is None:
                lines.append(f"        if type(x{i}) is not str:")
            else:
                lines += [f"        if type(x{i}) is str:", f"            x{i} = _string(x{i})"]
                lines.append("        else:")
            lines += [
                f"            x{i} = _item(x{i}, depth)",
                f"            if x{i} is None:",
                "                return None",
            ]
            joined.append(f"{pieces[i]!r} f'{{x{i}}}'")
        joined.append(repr(pieces[-1]))
        # A key whose equality is its own may find a kept shape and miss its value.
        lines.append(f"        return {' '.join(joined)}")
        lines += ["    except KeyError:", "        return None"]
        names: dict[str, Any] = {"_item": self.item, "_string": self.string}
        exec(compile("\n".join(lines), "<gotmpl map writer>", "exec"), names)  # noqa: S102
        write: Writer = names["write"]
        return write


class PlainText:
    """One text form of plain data: `string` applied to a str (None: as it is), `true`,
    `false` and `nil` for those values, `number` for a float (None when it has no plain
    text), arrays as `open` + items joined by `sep` + `close`, and maps by `pieces` in
    `order` (see Shapes)."""

    __slots__ = ("close", "false", "maps", "nil", "number", "open", "sep", "string", "true")

    def __init__(
        self,
        *,
        string: Callable[[str], str] | None,
        words: tuple[str, str, str],
        number: Callable[[float], str | None],
        array: tuple[str, str, str],
        pieces: Callable[[list[str]], list[str]],
        order: Callable[[str], Any] | None,
    ) -> None:
        self.string, self.number = string, number
        self.true, self.false, self.nil = words
        self.open, self.sep, self.close = array
        self.maps = Shapes(order, pieces, string, self.value)

    def value(self, x: Any, depth: int) -> str | None:
        """The text of `x` at nesting `depth`, or None when it is not plain."""
        t = type(x)
        if t is str:
            return x if self.string is None else self.string(x)
        if t is bool:
            return self.true if x else self.false
        if x is None:
            return self.nil
        if t is int:
            return str(x)
        if t is float:
            return self.number(x)
        if depth >= PLAIN_DEPTH:
            return None
        if t is dict:
            return self.maps.text(x, depth + 1)
        if t is list or t is tuple:
            return self.array(x, depth + 1)
        return None

    def array(self, items: list[Any] | tuple[Any, ...], depth: int) -> str | None:
        """The text of a list or tuple whose items are at nesting `depth`, or None."""
        parts = []
        string = self.string
        for x in items:
            if type(x) is str:
                parts.append(x if string is None else string(x))
            else:
                text = self.value(x, depth)
                if text is None:
                    return None
                parts.append(text)
        return self.open + self.sep.join(parts) + self.close
