"""Go's fmt printing (Sprint, Sprintln, Sprintf, %v, %T) for our data model, byte for byte.

The per-value rules live in `gofmt_printer`; this module parses format strings (flags, width,
precision, `*`, `[n]` argument indexes) and reports Go's error forms (MISSING, EXTRA, NOVERB,
BADWIDTH, BADPREC, BADINDEX). Where Go would print a heap address we print
ADDRESS_PLACEHOLDER, so output stays stable.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from gotmpl.fmt.printer import ADDRESS_PLACEHOLDER, Printer
from gotmpl.gostring import canonical, valid_utf8
from gotmpl.gotypes import INT_KINDS, UINT_KINDS
from gotmpl.plain import PlainText
from gotmpl.strconv.ftoa import format_float
from gotmpl.strconv.quote import quote
from gotmpl.value import dyn

__all__ = [
    "ADDRESS_PLACEHOLDER",
    "errorf",
    "format_value",
    "plain_container",
    "plain_formatter",
    "python_format",
    "sprint",
    "sprintf",
    "sprintln",
    "type_string",
]

_MAX_NUM = 1_000_000
_INT_KINDS = INT_KINDS | UINT_KINDS
_FLAGS = {"#": "sharp", "0": "zero", "+": "plus", "-": "minus", " ": "space"}


def format_value(v: Any) -> str:
    """`v` as fmt.Fprint prints one operand (%v)."""
    cls = type(v)
    if cls is str:
        plain: str = v
        return plain
    if cls is int:
        return str(v)
    if cls is bool:
        return "true" if v else "false"
    if cls is float:
        return _plain_float(v)
    text = plain_container(v)
    if text is not None:
        return text
    p = Printer()
    p.print_arg(v, "v")
    return p.text()


def plain_container(v: Any) -> str | None:
    """%v of a map, list or tuple holding only JSON-shaped data (strings, bools, nil, ints,
    floats, string-keyed maps, lists), or None for anything else: found without calling
    anything a value could define (beyond a map key's hash and equality, which the map
    itself uses), so a caller may ask first and print another way after."""
    cls = type(v)
    if cls is dict:
        text = _PLAIN.maps.text(v, 0)
    elif cls is list or cls is tuple:
        text = _PLAIN.array(v, 0)
    else:
        return None
    # Surrogates are invalid UTF-8 bytes: keys holding them no longer sort by code point.
    if text is not None and (text.isascii() or valid_utf8(text)):
        return text
    return None


def _map_pieces(keys: list[str]) -> list[str]:
    return [("map[" if i == 0 else " ") + k + ":" for i, k in enumerate(keys)] + [
        "]" if keys else "map[]"
    ]


def _plain_float(x: float) -> str:
    """%v of a float64: shortest digits, %e form below 1e-4 and from 1e6 on (Go's %g with
    the shortest precision). In between Python's repr has the same digits, fixed, plus ".0"."""
    if 1e-4 <= x < 1e6 or -1e6 < x <= -1e-4 or x == 0:
        r = repr(x)
        return r[:-2] if r.endswith(".0") else r
    return format_float(x, "g", -1)


#: %v of JSON-shaped data (the common case on the render path) without the general printer;
#: map keys in code point order (Go's byte order for valid UTF-8: plain_container declines
#: other text).
_PLAIN = PlainText(
    string=None,
    words=("true", "false", "<nil>"),
    number=_plain_float,
    array=("[", " ", "]"),
    pieces=_map_pieces,
    order=None,
)


def type_string(v: Any) -> str:
    """%T of `v`: its Go type, or `<nil>` for a nil interface (None or NO_VALUE)."""
    t, _ = dyn(v)
    return "<nil>" if t is None else t.name


def sprint(*args: Any) -> str:
    """fmt.Sprint: operands as %v, with a space between two operands when neither is a string."""
    p = Printer()
    prev_string = False
    for i, arg in enumerate(args):
        t, _ = dyn(arg)
        is_string = t is not None and t.kind == "string"
        if i and not is_string and not prev_string:
            p.buf.append(" ")
        p.print_arg(arg, "v")
        prev_string = is_string
    return p.text()


def sprintln(*args: Any) -> str:
    """fmt.Sprintln: operands printed with %v, separated by spaces, then a newline."""
    p = Printer()
    for i, arg in enumerate(args):
        if i:
            p.buf.append(" ")
        p.print_arg(arg, "v")
    p.buf.append("\n")
    return p.text()


def _parse_num(fmt: str, i: int, end: int) -> tuple[int, bool, int]:
    """fmt's parsenum: a decimal number at fmt[i:], giving up (and eating the rest) past 1e6."""
    num = 0
    isnum = False
    while i < end and "0" <= fmt[i] <= "9":
        if num > _MAX_NUM or num < -_MAX_NUM:
            return 0, False, end
        num = num * 10 + ord(fmt[i]) - 48
        isnum = True
        i += 1
    return num, isnum, i


def _int_from_arg(args: tuple[Any, ...], n: int) -> tuple[int, bool, int]:
    """The int argument for a `*` width or precision: (value, ok, next arg index)."""
    if n >= len(args):
        return 0, False, n
    t, raw = dyn(args[n])
    num, ok = 0, False
    if t is not None and t.kind in _INT_KINDS:
        num, ok = raw, True
        if t.kind.startswith("uint") and num >= 1 << 63:
            num, ok = 0, False
    if num > _MAX_NUM or num < -_MAX_NUM:
        num, ok = 0, False
    return num, ok, n + 1


class _State:
    """Argument bookkeeping of one Sprintf call."""

    __slots__ = ("arg_num", "reordered", "good_arg_num")

    def __init__(self) -> None:
        self.arg_num = 0
        self.reordered = False
        self.good_arg_num = True

    def arg_number(self, fmt: str, i: int, nargs: int) -> tuple[int, bool]:
        """Consume an `[n]` index at fmt[i:]; return (new i, whether an index was found)."""
        if i >= len(fmt) or fmt[i] != "[":
            return i, False
        self.reordered = True
        index, wid, ok = _parse_arg_number(fmt, i)
        if ok and 0 <= index < nargs:
            self.arg_num = index
            return i + wid, True
        self.good_arg_num = False
        return i + wid, ok


def _parse_arg_number(fmt: str, start: int) -> tuple[int, int, bool]:
    if len(fmt) - start < 3:
        return 0, 1, False
    for j in range(start + 1, len(fmt)):
        if fmt[j] == "]":
            width, ok, newi = _parse_num(fmt, start + 1, j)
            if not ok or newi != j:
                return 0, j - start + 1, False
            return width - 1, j - start + 1, True
    return 0, 1, False


_SIMPLE_VERB = re.compile(r"%([-+ 0]*)(\d{0,6})(\.\d{0,6})?([%sdvqfFeExX])")
#: Verbs Python's `%` formats as Go does for the argument kinds listed (plain ints, strings,
#: finite floats), with flags -+ space 0, width and precision.
_PY_VERBS = {"d": int, "x": int, "X": int, "s": str, "f": float, "F": float, "e": float, "E": float}
_Spec = tuple[str, str]  # (verb, Python format for it, or "" for a bare verb)
_SIMPLE_FORMATS: dict[str, tuple[tuple[str, ...], tuple[_Spec, ...]] | None] = {}


def _simple_format(fmt: str) -> tuple[tuple[str, ...], tuple[_Spec, ...]] | None:
    """(literal pieces, verb specs) of a format Python's `%` can do (see _PY_VERBS), or of
    bare %v %q; None for anything else (argument indexes, `*`, other verbs). Cached."""
    cached = _SIMPLE_FORMATS.get(fmt, False)
    if cached is not False:
        return cached  # type: ignore[return-value]
    pieces: list[str] = []
    specs: list[_Spec] = []
    pos, text = 0, []
    result: tuple[tuple[str, ...], tuple[_Spec, ...]] | None = None
    plain = True
    for m in _SIMPLE_VERB.finditer(fmt):
        flags, width, prec, verb = m.groups()
        gap = fmt[pos : m.start()]
        plain = plain and "%" not in gap
        text.append(gap)
        pos = m.end()
        bare = not (flags or width or prec)
        if verb == "%":
            plain = plain and bare
            text.append("%")
            continue
        if not bare and (verb in "vq" or (verb == "s" and "0" in flags)):
            plain = False  # Go pads strings with zeros; Python with spaces
        if prec and verb in "dxX":
            plain = False  # Go ignores the 0 flag once an integer has a precision
        pieces.append("".join(text))
        text = []
        specs.append((verb, "" if bare and verb in "vq" else m.group(0)))
    tail = fmt[pos:]
    text.append(tail)
    pieces.append("".join(text))
    if plain and "%" not in tail:
        result = (tuple(pieces), tuple(specs))
    if len(_SIMPLE_FORMATS) < 4096:
        _SIMPLE_FORMATS[fmt] = result
    return result


def _simple_arg(spec: _Spec, arg: Any) -> str | None:
    """One verb applied to a plain value, when Go's result is Python's; else None."""
    verb, py = spec
    cls = type(arg)
    if py:
        kind = _PY_VERBS[verb]
        if cls is not kind or (kind is float and not math.isfinite(arg)):
            return None
        return py % (arg if cls is not str else canonical(arg))  # Go pads by runes
    if cls is str:
        return arg if verb == "v" else quote(arg)
    if verb == "q":
        return None
    if cls is int:
        return str(arg)
    if cls is float:
        return format_float(arg, "g", -1)
    if cls is bool:
        return "true" if arg else "false"
    return None


def python_format(fmt: str) -> tuple[str, tuple[type, ...]] | None:
    """`fmt` as a Python `%` format giving Go's bytes, and the exact type each argument must
    have for that (floats finite besides), when every verb is one Python formats as Go does;
    None otherwise. For callers that format the same text many times."""
    simple = _simple_format(fmt)
    if simple is None or not all(py for _, py in simple[1]):
        return None
    pieces, specs = simple
    text = [pieces[0].replace("%", "%%")]
    for (_, py), piece in zip(specs, pieces[1:], strict=True):
        text += [py, piece.replace("%", "%%")]
    return "".join(text), tuple(_PY_VERBS[verb] for verb, _ in specs)


def sprintf(fmt: str, *args: Any) -> str:
    """fmt.Sprintf, including Go's in-band error forms for bad verbs, widths and arguments."""
    simple = _simple_format(fmt)
    if simple is not None and len(simple[1]) == len(args):
        text = _plain_sprintf(simple[0], simple[1], args)
        if text is not None:
            return text
    return _sprintf(fmt, args)


def plain_formatter(fmt: str, count: int) -> Callable[..., str | None] | None:
    """For a format whose verbs are simple (bare %v and %q, or what Python's `%` does as Go)
    and take `count` arguments: a function of those arguments giving Sprintf's text when
    each is a plain value its verb prints without the general printer, else None, having
    called nothing the arguments define. None for any other format. For callers that format
    the same text many times (a compiled printf whose format is a constant)."""
    simple = _simple_format(fmt)
    if simple is None or len(simple[1]) != count:
        return None
    pieces, specs = simple

    def format_plain(*args: Any) -> str | None:
        return _plain_sprintf(pieces, specs, args)

    return format_plain


def _plain_sprintf(
    pieces: tuple[str, ...], specs: tuple[_Spec, ...], args: tuple[Any, ...]
) -> str | None:
    out = [pieces[0]]
    for spec, arg, piece in zip(specs, args, pieces[1:], strict=True):
        text = _simple_arg(spec, arg)
        if text is None:
            return None
        out.append(text)
        out.append(piece)
    return canonical("".join(out))


def errorf(fmt: str, *args: Any) -> str:
    """The text of fmt.Errorf(fmt, args...): Sprintf's, except that `%w` of an error prints it
    as `%v` does."""
    return _sprintf(fmt, args, wrap_errs=True)


def _sprintf(fmt: str, args: tuple[Any, ...], wrap_errs: bool = False) -> str:
    p = Printer()
    p.wrap_errs = wrap_errs
    st = _State()
    buf = p.buf
    end = len(fmt)
    nargs = len(args)
    after_index = False
    i = 0
    while i < end:
        st.good_arg_num = True
        j = fmt.find("%", i)
        if j < 0:
            buf.append(fmt[i:])
            break
        if j > i:
            buf.append(fmt[i:j])
        i = j + 1
        p.clear_flags()
        while i < end and fmt[i] in _FLAGS:
            setattr(p, _FLAGS[fmt[i]], True)
            i += 1
        i, after_index = st.arg_number(fmt, i, nargs)
        # width
        if i < end and fmt[i] == "*":
            i += 1
            p.wid, p.wid_present, st.arg_num = _int_from_arg(args, st.arg_num)
            if not p.wid_present:
                buf.append("%!(BADWIDTH)")
            if p.wid < 0:
                p.wid = -p.wid
                p.minus = True
                p.zero = False
            after_index = False
        else:
            p.wid, p.wid_present, i = _parse_num(fmt, i, end)
            if after_index and p.wid_present:
                st.good_arg_num = False
        # precision
        if i + 1 < end and fmt[i] == ".":
            i += 1
            if after_index:
                st.good_arg_num = False
            i, after_index = st.arg_number(fmt, i, nargs)
            if i < end and fmt[i] == "*":
                i += 1
                p.prec, p.prec_present, st.arg_num = _int_from_arg(args, st.arg_num)
                if p.prec < 0:
                    p.prec = 0
                    p.prec_present = False
                if not p.prec_present:
                    buf.append("%!(BADPREC)")
                after_index = False
            else:
                p.prec, p.prec_present, i = _parse_num(fmt, i, end)
                if not p.prec_present:
                    p.prec = 0
                    p.prec_present = True
        if not after_index:
            i, after_index = st.arg_number(fmt, i, nargs)
        if i >= end:
            buf.append("%!(NOVERB)")
            break
        verb = fmt[i]
        if "\ud800" <= verb <= "\udfff":
            verb = "\ufffd"  # Go reads a byte that is not valid UTF-8 as U+FFFD
        i += 1
        if verb == "%":
            buf.append("%")
        elif not st.good_arg_num:
            buf.append("%!" + verb + "(BADINDEX)")
        elif st.arg_num >= nargs:
            buf.append("%!" + verb + "(MISSING)")
        else:
            if verb == "v" or verb == "w":  # %w takes %v's flags, then fails (Sprintf)
                p.sharp_v, p.sharp = p.sharp, False
                p.plus_v, p.plus = p.plus, False
            p.print_arg(args[st.arg_num], verb)
            st.arg_num += 1
    if not st.reordered and st.arg_num < nargs:
        p.clear_flags()
        buf.append("%!(EXTRA ")
        for k, arg in enumerate(args[st.arg_num :]):
            if k:
                buf.append(", ")
            t, _ = dyn(arg)
            if t is None:
                buf.append("<nil>")
            else:
                buf.append(t.name + "=")
                p.print_arg(arg, "v")
        buf.append(")")
    return p.text()
