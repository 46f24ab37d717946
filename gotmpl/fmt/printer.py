"""The fmt printer: Go's printArg / printValue over our data model, with fmt's padding rules.

One `Printer` formats one Sprint/Sprintf call; `gofmt` drives it. The flag fields and the
error forms (`%!d(string=x)`, PANIC, BADWIDTH...) follow fmt/print.go and fmt/format.go.
Go's printValue recurses once per level of the data. Here a map, slice, array, struct or
bad-verb operand is a generator that prints its parts; the first _NEST levels run in place
(recursing as Go does), deeper ones go on the printer's own stack, where a generator yields
when one of its parts pushed a container above it, to be printed first. So data nested ten
thousand levels prints without Python's recursion, and shallow data as fast as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gotmpl.errors import GoError
from gotmpl.fmtsort import sorted_items
from gotmpl.gostring import canonical, from_bytes, to_bytes
from gotmpl.gotypes import BYTES, GoType, GoValue, Pointer, Struct
from gotmpl.strconv.ftoa import format_float
from gotmpl.strconv.quote import can_backquote, quote, quote_rune
from gotmpl.unicode import MAX_RUNE, is_print
from gotmpl.value import dyn, exported, fields, has_methods, is_struct_like, method, slot
from gotmpl.value import is_nil_payload as is_nil

__all__ = ["ADDRESS_PLACEHOLDER", "Printer"]

ADDRESS_PLACEHOLDER = "0xc000000000"
_ADDRESS = int(ADDRESS_PLACEHOLDER, 16)
_MASK64 = (1 << 64) - 1
_INTS = frozenset({"int", "int8", "int16", "int32", "int64"})
_UINTS = frozenset({"uint", "uint8", "uint16", "uint32", "uint64", "uintptr"})
_BASES = {"d": 10, "b": 2, "o": 8, "O": 8, "x": 16, "X": 16}
#: How many containers print in place, inside one another, before they go on the stack.
_NEST = 32
#: How deep data nests before the printer keeps the containers it is inside, to stop on one
#: that contains itself (cheap for ordinary data, which never gets there).
_WATCH_DEPTH = 1000

#: A container being printed: resumed until it has printed every part; it yields (None) right
#: after one of its parts pushed a container of its own.
_Frame = Iterator[None]


class _Panic(Exception):
    """Raised when a String/Error method panics while another panic is being printed."""


#: The current verb's flags, saved and restored around a panicking method's message.
_FLAG_NAMES = (
    "wid",
    "prec",
    "wid_present",
    "prec_present",
    "minus",
    "plus",
    "sharp",
    "space",
    "zero",
    "plus_v",
    "sharp_v",
)


class Printer:
    """State of one fmt call: the output buffer and the current verb's flags."""

    __slots__ = (
        "buf",
        *_FLAG_NAMES,
        "erroring",
        "panicking",
        "read_only",
        "wrap_errs",
        "todo",
        "nest",
        "inside",
    )

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.erroring = False
        self.panicking = False
        # >0 inside an unexported struct field: Go cannot call methods there (no Interface()).
        self.read_only = 0
        self.wrap_errs = False  # fmt.Errorf: %w of an error prints it as %v
        self.todo: list[_Frame] = []  # the containers being printed, innermost last
        self.nest = 0  # containers printing in place
        self.inside: set[int] | None = None  # containers being printed, past _WATCH_DEPTH
        self.clear_flags()

    def clear_flags(self) -> None:
        """Go's fmt.clearflags: no width, precision or flags."""
        self.wid = self.prec = 0
        self.wid_present = self.prec_present = False
        self.minus = self.plus = self.sharp = self.space = self.zero = False
        self.plus_v = self.sharp_v = False

    def text(self) -> str:
        """The output: pieces joined, in gostring's canonical form (a byte split between two
        operands joins up as Go's bytes do)."""
        return canonical("".join(self.buf))

    # ---- padding (fmt.pad / writePadding) -------------------------------------------------

    def write_padding(self, n: int) -> None:
        """Go's fmt.writePadding: `n` cells of padding (zeros when zero-padding applies)."""
        if n > 0:
            self.buf.append(("0" if self.zero and not self.minus else " ") * n)

    def pad(self, s: str) -> None:
        """Go's fmt.pad: `s` padded to the width, on the side the `-` flag says."""
        if not self.wid_present or self.wid == 0:
            self.buf.append(s)
            return
        n = self.wid - len(s)
        if self.minus:
            self.buf.append(s)
            self.write_padding(n)
        else:
            self.write_padding(n)
            self.buf.append(s)

    def pad_no_zero(self, s: str) -> None:
        """`pad` with spaces even under the `0` flag (Go pads %q and %c so)."""
        old = self.zero
        self.zero = False
        self.pad(s)
        self.zero = old

    # ---- scalar formatters (fmt/format.go) ------------------------------------------------

    def fmt_s(self, s: str) -> None:
        """Go's fmt.fmtS: a string, cut to the precision in runes, padded."""
        s = canonical(s)  # precision and width count Go's runes
        if self.prec_present:
            s = s[: self.prec]
        self.pad(s)

    def fmt_q(self, s: str) -> None:
        """Go's fmt.fmtQ: a double-quoted Go string (back-quoted with `#` where it can be)."""
        s = canonical(s)
        if self.prec_present:
            s = s[: self.prec]
        if self.sharp and can_backquote(s):
            self.pad("`" + s + "`")
        else:
            self.pad(quote(s, self.plus))

    def fmt_sbx(self, b: bytes, upper: bool) -> None:
        """Go's fmt.fmtSbx: bytes as hex (%x, %X), with Go's space and `#` rules."""
        length = len(b)
        if self.prec_present and self.prec < length:
            length = self.prec
        width = 2 * length
        if width > 0:
            if self.space:
                if self.sharp:
                    width *= 2
                width += length - 1
            elif self.sharp:
                width += 2
        else:
            if self.wid_present:
                self.write_padding(self.wid)
            return
        if self.wid_present and self.wid > width and not self.minus:
            self.write_padding(self.wid - width)
        prefix = "0X" if upper else "0x"
        hexed = b[:length].hex()
        if upper:
            hexed = hexed.upper()
        if self.space:
            pairs = [hexed[i : i + 2] for i in range(0, len(hexed), 2)]
            sep = " " + prefix if self.sharp else " "
            text = (prefix if self.sharp else "") + sep.join(pairs)
        else:
            text = (prefix if self.sharp else "") + hexed
        self.buf.append(text)
        if self.wid_present and self.wid > width and self.minus:
            self.write_padding(self.wid - width)

    def fmt_integer(self, value: int, base: int, verb: str, upper: bool = False) -> None:
        """Go's fmt.fmtInteger: an integer in `base` with sign, precision, `#` prefix and
        padding."""
        negative = value < 0
        u = -value if negative else value
        prec = 0
        if self.prec_present:
            prec = self.prec
            if prec == 0 and u == 0:
                old = self.zero
                self.zero = False
                self.write_padding(self.wid)
                self.zero = old
                return
        elif self.zero and not self.minus and self.wid_present:
            prec = self.wid
            if negative or self.plus or self.space:
                prec -= 1
        if base == 10:
            digits = str(u)
        elif base == 16:
            digits = format(u, "X" if upper else "x")
        elif base == 8:
            digits = format(u, "o")
        else:
            digits = format(u, "b")
        if len(digits) < prec:
            digits = "0" * (prec - len(digits)) + digits
        if self.sharp:
            if base == 2:
                digits = "0b" + digits
            elif base == 8:
                if digits[0] != "0":
                    digits = "0" + digits
            elif base == 16:
                digits = ("0X" if upper else "0x") + digits
        if verb == "O":
            digits = "0o" + digits
        if negative:
            digits = "-" + digits
        elif self.plus:
            digits = "+" + digits
        elif self.space:
            digits = " " + digits
        self.pad_no_zero(digits)

    def fmt_0x64(self, value: int, leading0x: bool) -> None:
        """Go's fmt.fmt0x64: hex with or without the 0x prefix (%#v of unsigned values)."""
        sharp = self.sharp
        self.sharp = leading0x
        self.fmt_integer(value, 16, "v")
        self.sharp = sharp

    def fmt_unicode(self, u: int) -> None:
        """Go's fmt.fmtUnicode: %U, `U+0041` (with `#`: `U+0041 'A'`)."""
        prec = self.prec if self.prec_present and self.prec > 4 else 4
        text = "U+" + format(u, "X").rjust(prec, "0")
        if self.sharp and u <= MAX_RUNE and is_print(u):
            text += " '" + chr(u) + "'"
        self.pad_no_zero(text)

    def fmt_c(self, u: int) -> None:
        """Go's fmt.fmtC: the character of a code point (U+FFFD for invalid ones)."""
        if u > MAX_RUNE or 0xD800 <= u <= 0xDFFF:
            u = 0xFFFD
        self.pad(chr(u))

    def fmt_qc(self, u: int) -> None:
        """Go's fmt.fmtQc: a single-quoted Go character literal."""
        self.pad(quote_rune(u if u <= MAX_RUNE else 0xFFFD, self.plus))

    def fmt_float(self, v: float, size: int, verb: str, prec: int) -> None:
        """Go's fmt.fmtFloat: a float of `size` bits in verb `verb` with Go's flag rules."""
        if self.prec_present:
            prec = self.prec
        num = format_float(v, verb, prec, size)
        if num[0] not in "+-":
            num = "+" + num
        if self.space and num[0] == "+" and not self.plus:
            num = " " + num[1:]
        if num[1] in "IN":
            if num[1] == "N" and not self.space and not self.plus:
                num = num[1:]
            self.pad_no_zero(num)
            return
        if self.sharp and verb != "b":
            num = _sharp_float(num, verb, prec)
        if self.plus or num[0] != "+":
            if self.zero and not self.minus and self.wid_present and self.wid > len(num):
                self.buf.append(num[0])
                self.write_padding(self.wid - len(num))
                self.buf.append(num[1:])
                return
            self.pad(num)
            return
        self.pad(num[1:])

    # ---- verb dispatch per kind (fmt/print.go) --------------------------------------------

    def bad_verb(self, t: GoType | None, raw: Any, verb: str, orig: Any = None) -> None:
        """Go's badVerb: `%!verb(type=value)` for a verb the operand does not take."""
        self._container(self._bad_verb_parts(t, raw, verb, orig))

    def _bad_verb_parts(self, t: GoType | None, raw: Any, verb: str, orig: Any) -> _Frame:
        self.erroring = True
        self.buf.append("%!" + verb + "(")
        if t is None:
            self.buf.append("<nil>")
        else:
            self.buf.append(t.name + "=")
            n = len(self.todo)
            self.print_value(t, raw, "v", 0, orig)
            if len(self.todo) != n:
                yield
        self.buf.append(")")
        self.erroring = False

    def fmt_bool(self, t: GoType, v: bool, verb: str, orig: Any) -> None:
        """Go's pp.fmtBool: %t and %v of a bool."""
        if verb in "tv":
            self.pad("true" if v else "false")
        else:
            self.bad_verb(t, v, verb, orig)

    def fmt_int(self, t: GoType, v: int, signed: bool, verb: str, orig: Any) -> None:
        """Go's pp.fmtInteger: the verbs of a signed or unsigned integer."""
        if verb == "v":
            if self.sharp_v and not signed:
                self.fmt_0x64(v, True)
            else:
                self.fmt_integer(v, 10, verb)
        elif verb in _BASES:
            self.fmt_integer(v, _BASES[verb], verb, verb == "X")
        elif verb == "c":
            self.fmt_c(v & _MASK64)
        elif verb == "q":
            self.fmt_qc(v & _MASK64)
        elif verb == "U":
            self.fmt_unicode(v & _MASK64)
        else:
            self.bad_verb(t, v, verb, orig)

    def fmt_float_verb(self, t: GoType, v: float, size: int, verb: str, orig: Any) -> None:
        """Go's pp.fmtFloat: the verbs of a float32 or float64."""
        if verb == "v":
            self.fmt_float(v, size, "g", -1)
        elif verb in "bgGxX":
            self.fmt_float(v, size, verb, -1)
        elif verb in "feE":
            self.fmt_float(v, size, verb, 6)
        elif verb == "F":
            self.fmt_float(v, size, "f", 6)
        else:
            self.bad_verb(t, v, verb, orig)

    def fmt_complex(self, t: GoType, v: complex, size: int, verb: str, orig: Any) -> None:
        """Go's pp.fmtComplex: `(re+imi)` in the float verbs."""
        if verb in "vbgGxXfFeE":
            old_plus = self.plus
            self.buf.append("(")
            self.fmt_float_verb(t, v.real, size // 2, verb, orig)
            self.plus = True
            self.fmt_float_verb(t, v.imag, size // 2, verb, orig)
            self.buf.append("i)")
            self.plus = old_plus
        else:
            self.bad_verb(t, v, verb, orig)

    def fmt_string(self, t: GoType | None, v: str, verb: str, orig: Any) -> None:
        """Go's pp.fmtString: the verbs of a string."""
        if verb == "v":
            if self.sharp_v:
                self.fmt_q(v)
            else:
                self.fmt_s(v)
        elif verb == "s":
            self.fmt_s(v)
        elif verb == "x" or verb == "X":
            self.fmt_sbx(to_bytes(v), verb == "X")
        elif verb == "q":
            self.fmt_q(v)
        else:
            self.bad_verb(t, v, verb, orig)

    def fmt_bytes(self, b: bytes | bytearray | None, verb: str, type_name: str, t: GoType) -> None:
        """Go's pp.fmtBytes: a []byte in %v/%d (a list), %s/%q/%x/%X (text)."""
        if verb in "vd":
            if self.sharp_v:
                self.buf.append(type_name)
                if b is None:
                    self.buf.append("(nil)")
                    return
                self.buf.append("{")
                for i, c in enumerate(b):
                    if i:
                        self.buf.append(", ")
                    self.fmt_0x64(c, True)
                self.buf.append("}")
            else:
                self.buf.append("[")
                for i, c in enumerate(b or b""):
                    if i:
                        self.buf.append(" ")
                    self.fmt_integer(c, 10, verb)
                self.buf.append("]")
        elif verb == "s":
            s = from_bytes(bytes(b or b""))
            self.fmt_s(s)
        elif verb in "xX":
            self.fmt_sbx(bytes(b or b""), verb == "X")
        elif verb == "q":
            self.fmt_q(from_bytes(bytes(b or b"")))
        else:
            self.print_list(t, b, verb, 0)

    def fmt_pointer(self, t: GoType, raw: Any, verb: str, orig: Any) -> None:
        """Go's pp.fmtPointer: %p and %v of a pointer-like value (addresses as the fixed
        placeholder)."""
        if t.kind not in ("chan", "func", "map", "ptr", "slice"):
            self.bad_verb(t, raw, verb, orig)
            return
        u = 0 if is_nil(t, raw) else _ADDRESS
        if verb == "v":
            if self.sharp_v:
                self.buf.append("(" + t.name + ")(")
                if u == 0:
                    self.buf.append("nil")
                else:
                    self.fmt_0x64(u, True)
                self.buf.append(")")
            elif u == 0:
                self.pad("<nil>")
            else:
                self.fmt_0x64(u, not self.sharp)
        elif verb == "p":
            self.fmt_0x64(u, not self.sharp)
        elif verb in "bodxX":
            self.fmt_integer(u, _BASES[verb], verb, verb == "X")
        else:
            self.bad_verb(t, raw, verb, orig)

    # ---- methods and panics ---------------------------------------------------------------

    def handle_methods(self, t: GoType, raw: Any, orig: Any, verb: str) -> bool:
        """Go's handleMethods: print through Error, String or GoString when the operand has one;
        False when it has none."""
        if self.erroring:
            return False
        if self.sharp_v:
            call = _method_call(t, raw, orig, "GoString")
            if call is None:
                return False
            name = "GoString"
        elif verb in "vsxXq":
            name = "Error"
            call = _method_call(t, raw, orig, "Error")
            if call is None:
                name = "String"
                call = _method_call(t, raw, orig, "String")
                if call is None:
                    return False
        else:
            return False
        try:
            result = call()
        except Exception as exc:  # a panicking method prints as %!v(PANIC=...)
            self.catch_panic(t, raw, verb, name, exc)
            return True
        if name == "GoString":
            self.fmt_s(str(result))
        else:
            self.fmt_string(t, str(result), verb, orig)
        return True

    def catch_panic(self, t: GoType, raw: Any, verb: str, method: str, exc: Exception) -> None:
        """Go's catchPanic: a method that raised prints as `%!v(PANIC=String method: ...)` (a
        nil receiver as <nil>)."""
        if t.kind == "ptr" and is_nil(t, raw):
            self.buf.append("<nil>")
            return
        if self.panicking:
            raise _Panic(str(exc)) from exc
        saved = self._save_flags()
        self.clear_flags()
        self.buf.append("%!" + verb + "(PANIC=" + method + " method: ")
        self.panicking = True
        self.print_arg(exc, "v")
        self.panicking = False
        self.buf.append(")")
        self._restore_flags(saved)
        # Go restores only its flag booleans: clearflags zeroed the width and precision, so
        # what follows in the same operand (a map's next key, say) prints unpadded.
        self.wid = self.prec = 0

    def _save_flags(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in _FLAG_NAMES)

    def _restore_flags(self, saved: tuple[Any, ...]) -> None:
        for n, v in zip(_FLAG_NAMES, saved, strict=True):
            setattr(self, n, v)

    # ---- printArg / printValue ------------------------------------------------------------

    def print_arg(self, arg: Any, verb: str) -> None:
        """printArg: one operand, with everything inside it."""
        base = len(self.todo)
        t, raw = dyn(arg)
        if t is None:
            if verb in "Tv":
                self.pad("<nil>")
            else:
                self.bad_verb(None, None, verb)
        elif verb == "T":
            self.fmt_s(t.name)
        elif verb == "p":
            self.fmt_pointer(t, raw, "p", arg)
        elif t is BYTES or (t.name == "[]uint8" and not t.named):
            self.fmt_bytes(raw, verb, "[]byte", t)
        elif verb == "w":
            self.print_wrapped(t, raw, arg, 0)
        elif not (has_methods(t, raw) and self.handle_methods(t, raw, arg, verb)):
            self.print_value(t, raw, verb, 0, arg)
        if len(self.todo) > base:  # called deep inside another operand (a panic's message)
            self._drain(base)

    def _container(self, frame: _Frame) -> None:
        """Print a container: in place while few are nesting (draining what it pushes above
        itself), else on the stack, for the container printing in place below to drain."""
        if self.nest >= _NEST:
            self.todo.append(frame)
            return
        self.nest += 1
        todo = self.todo
        for _ in frame:
            self._drain(len(todo) - 1)
        self.nest -= 1

    def _drain(self, base: int) -> None:
        """Print the containers pushed above `base`, innermost first."""
        todo = self.todo
        try:
            while len(todo) > base:
                for _ in todo[-1]:
                    break  # it pushed a container of its own, now on top: that one first
                else:
                    todo.pop()
        except BaseException:
            del todo[base:]
            raise

    def print_slot(self, v: Any, static: GoType | None, verb: str, depth: int) -> None:
        """Print an element, field, key or map value stored with static type `static`."""
        t, raw = slot(v, static)
        if t is None:
            if self.sharp_v:
                self.buf.append((static.name if static is not None else "interface {}") + "(nil)")
            else:
                self.buf.append("<nil>")
            return
        if not self.read_only:
            if verb == "w":  # as in print_arg: elements reach here from []byte only
                self.print_wrapped(t, raw, v, depth)
                return
            if has_methods(t, raw) and self.handle_methods(t, raw, v, verb):
                return
        self.print_value(t, raw, verb, depth, v)

    def print_wrapped(self, t: GoType, raw: Any, orig: Any, depth: int) -> None:
        """`%w` of an operand: only Errorf wraps an error, printing it as %v; anything else is
        rejected whole by fmt's method check (a basic value gets the same text from its kind's
        formatter)."""
        if not (self.wrap_errs and _method_call(t, raw, orig, "Error") is not None):
            self.bad_verb(t, raw, "w", orig)
        elif not self.handle_methods(t, raw, orig, "v"):  # %#w: no GoString, so fields
            self.print_value(t, raw, "w", depth, orig)

    def print_value(self, t: GoType, raw: Any, verb: str, depth: int, orig: Any = None) -> None:
        """Go's printValue: an operand by its kind, containers through the explicit stack."""
        k = t.kind
        if k == "string":
            self.fmt_string(t, raw, verb, orig)
        elif k in _INTS:
            self.fmt_int(t, raw, True, verb, orig)
        elif k in _UINTS:
            self.fmt_int(t, raw, False, verb, orig)
        elif k == "float64" or k == "float32":
            self.fmt_float_verb(t, raw, 64 if k == "float64" else 32, verb, orig)
        elif k == "bool":
            self.fmt_bool(t, raw, verb, orig)
        elif k == "complex128" or k == "complex64":
            self.fmt_complex(t, raw, 128 if k == "complex128" else 64, verb, orig)
        elif k == "map":
            self._container(self._map_parts(t, raw, verb, depth))
        elif k == "slice" or k == "array":
            self.print_list(t, raw, verb, depth)
        elif k == "struct":
            self._container(self._struct_parts(t, raw, verb, depth))
        elif k == "interface":
            self.print_slot(raw, None, verb, depth + 1)
        elif k == "ptr":
            if depth == 0 and isinstance(raw, Pointer) and raw.target is not None:
                et, eraw = slot(raw.target, t.elem)
                if et is not None and et.kind in ("array", "slice", "struct", "map"):
                    self.buf.append("&")
                    self.print_value(et, eraw, verb, depth + 1, raw.target)
                    return
            self.fmt_pointer(t, raw, verb, orig)
        else:
            self.fmt_pointer(t, raw, verb, orig)

    def _enter(self, raw: Any) -> bool:
        """Note that a deep container is being printed; Go's printer never returns from one
        that contains itself (its stack overflows), so that is an error here."""
        if raw is None:
            return False
        if self.inside is None:
            self.inside = set()
        elif id(raw) in self.inside:
            raise GoError("fmt: the value contains itself (Go's printer would never return)")
        self.inside.add(id(raw))
        return True

    def _leave(self, raw: Any) -> None:
        self.inside.discard(id(raw))  # type: ignore[union-attr]

    def _map_parts(self, t: GoType, raw: dict[Any, Any] | None, verb: str, depth: int) -> _Frame:
        buf, todo, print_slot = self.buf, self.todo, self.print_slot
        if self.sharp_v:
            buf.append(t.name)
            if raw is None:
                buf.append("(nil)")
                return
            buf.append("{")
        else:
            buf.append("map[")
        watched = depth > _WATCH_DEPTH and self._enter(raw)
        sep = ", " if self.sharp_v else " "
        kt, et = t.key, t.elem
        depth += 1
        n = len(todo)  # back to this whenever it resumes
        for i, (key, value) in enumerate(sorted_items(raw or {}, kt)):
            if i:
                buf.append(sep)
            print_slot(key, kt, verb, depth)
            if len(todo) != n:
                yield
            buf.append(":")
            print_slot(value, et, verb, depth)
            if len(todo) != n:
                yield
        buf.append("}" if self.sharp_v else "]")
        if watched:
            self._leave(raw)

    def _struct_parts(self, t: GoType, raw: Any, verb: str, depth: int) -> _Frame:
        buf, todo = self.buf, self.todo
        if self.sharp_v:
            buf.append(t.name)
        buf.append("{")
        watched = depth > _WATCH_DEPTH and self._enter(raw)
        named = self.plus_v or self.sharp_v
        sep = ", " if self.sharp_v else " "
        depth += 1
        n = len(todo)  # back to this whenever it resumes
        for i, (name, ftype, value) in enumerate(fields(t, raw)):
            if i:
                buf.append(sep)
            if named:
                buf.append(name + ":")
            public = exported(raw, name)
            if not public:
                self.read_only += 1
            self.print_slot(value, ftype, verb, depth)
            if len(todo) != n:
                yield
            if not public:
                self.read_only -= 1
        buf.append("}")
        if watched:
            self._leave(raw)

    def print_list(self, t: GoType, raw: Any, verb: str, depth: int) -> None:
        """A slice or array: `[a b]`, or as text for the byte verbs of a []byte."""
        elem = t.elem
        if verb in "sqxX" and elem is not None and elem.kind == "uint8":
            data = raw if isinstance(raw, (bytes, bytearray)) else bytes(_u8(x) for x in raw or ())
            self.fmt_bytes(data, verb, t.name, t)
            return
        self._container(self._list_parts(t, raw, verb, depth))

    def _list_parts(self, t: GoType, raw: Any, verb: str, depth: int) -> _Frame:
        buf, todo, print_slot = self.buf, self.todo, self.print_slot
        elem = t.elem
        if self.sharp_v:
            buf.append(t.name)
            if raw is None and t.kind == "slice":
                buf.append("(nil)")
                return
            buf.append("{")
            sep = ", "
        else:
            buf.append("[")
            sep = " "
        watched = depth > _WATCH_DEPTH and self._enter(raw)
        depth += 1
        n = len(todo)  # back to this whenever it resumes
        for i, item in enumerate(raw if raw is not None else ()):
            if i:
                buf.append(sep)
            print_slot(item, elem, verb, depth)
            if len(todo) != n:
                yield
        buf.append("}" if self.sharp_v else "]")
        if watched:
            self._leave(raw)


def _u8(x: Any) -> int:
    return x.value if hasattr(x, "value") else int(x)


def _sharp_float(num: str, verb: str, prec: int) -> str:
    """The `#` flag on floats: keep a decimal point and, for %g/%x, pad to precision digits."""
    digits = 0
    if verb in "vgGx":
        digits = 6 if prec == -1 else prec
    tail = ""
    body = num
    for i in range(1, len(num)):
        c = num[i]
        if c in "pP" or (c in "eE" and verb not in "xX"):
            tail = num[i:]
            body = num[:i]
            break
    has_point = False
    saw_nonzero = False
    for c in body[1:]:
        if c == ".":
            has_point = True
        else:
            if c != "0":
                saw_nonzero = True
            if saw_nonzero:
                digits -= 1
    if not has_point:
        if len(body) == 2 and body[1] == "0":
            digits -= 1
        body += "."
    if digits > 0:
        body += "0" * digits
    return body + tail


def _method_call(t: GoType, raw: Any, orig: Any, name: str) -> Any:
    """A call with no arguments of method `name` (String, Error, GoString) of the operand, as
    fmt sees it: a value held in an interface, never addressable; None without one."""
    if isinstance(orig, (GoValue, Struct, Pointer)) or isinstance(raw, BaseException):
        recv = orig
    elif isinstance(raw, (Struct, Pointer)) or is_struct_like(raw):
        recv = raw
    else:  # a plain payload of a typed slot (a slice element, a map value)
        recv = GoValue(t, raw)
    found = method(recv, name)
    return None if found is None else found[0]
