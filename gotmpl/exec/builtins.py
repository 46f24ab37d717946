"""Go text/template's builtin functions over evaluated argument values.

Each function takes the values the engine evaluated (NO_VALUE = invalid, None = nil interface,
wrappers for typed values) and returns the result or raises GoError with Go's error text; the
engine adds `error calling NAME: `. `and`/`or` are evaluated by the engine, which short-circuits.
Arity is checked by the engine from each BUILTINS entry's signature, with Go's own wording.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from gotmpl import safe
from gotmpl.capacity import json_array_capacity
from gotmpl.errors import GoError
from gotmpl.exec.compare import eq, ge, gt, le, lt, ne
from gotmpl.exec.lookup import map_index
from gotmpl.exec.signature import (
    REFLECT,
    Signature,
    prepare_call_arg,
    signature_from_type,
    signature_of,
    to_python,
)
from gotmpl.fmt.print import sprint, sprintln
from gotmpl.fmt.print import sprintf as _sprintf
from gotmpl.gostring import byte_len, canonical, from_bytes, to_bytes
from gotmpl.gotypes import (
    ANY,
    BYTES,
    INT_KINDS,
    NO_VALUE,
    SLICE_ANY,
    STRING,
    UINT8,
    UINT_KINDS,
    GoValue,
    addressed,
    slice_of,
)
from gotmpl.pyvalues import go_meaning
from gotmpl.unicode import is_print
from gotmpl.value import (
    Iface,
    arg_value,
    as_type,
    indirect,
    is_nil,
    kind,
    printable_value,
    truth,
    type_name,
    unwrap,
)

__all__ = [
    "BUILTINS",
    "Builtin",
    "Iface",
    "LAZY",
    "and_",
    "settles",
    "call",
    "eq",
    "ge",
    "gt",
    "html",
    "index",
    "js",
    "le",
    "length",
    "lt",
    "ne",
    "not_",
    "or_",
    "print_",
    "printf",
    "println_",
    "slice_",
    "urlquery",
]


# ---------------------------------------------------------------------------------------------
# Boolean logic


def settles(name: str, value: Any) -> bool:
    """Whether an argument of `and` (a falsy one) or `or` (a truthy one) settles the answer:
    the executor evaluates their arguments only up to the first that does, and returns it
    (or the last one)."""
    return truth(value) == (name == "or")


def and_(arg0: Any, *args: Any) -> Any:
    """Go's `and`: never called; the executor evaluates it (see `settles`), as in Go."""
    raise AssertionError("and is evaluated by the executor")


def or_(arg0: Any, *args: Any) -> Any:
    """Go's `or`: never called; the executor evaluates it (see `settles`), as in Go."""
    raise AssertionError("or is evaluated by the executor")


def not_(arg: Any) -> bool:
    """Go's `not`: the negated truth of its argument."""
    return not truth(arg_value(arg))


# ---------------------------------------------------------------------------------------------
# len, index, slice


def length(item: Any) -> int:
    """Go's `len`: string (in bytes), slice, array, map and chan lengths, through pointers."""
    if type(item) is Iface:
        item = item.value
    if item is NO_VALUE:
        raise GoError("reflect: call of reflect.Value.Type on zero Value")
    v, is_nil = indirect(item)
    if is_nil:
        raise GoError("len of nil pointer")
    t = type(v)
    if t is str:
        return byte_len(v)
    if t is list or t is dict or t is tuple or t is bytes or t is bytearray:
        return len(v)
    if t is GoValue:
        k = v.type.kind
        x = v.value
        if k == "string":
            return byte_len(x)
        if k in ("slice", "array", "map", "chan"):
            if x is None:
                return 0
            # A channel's len is what it holds now; a Python iterable without len holds 0.
            return len(x) if hasattr(x, "__len__") else 0
    meaning = go_meaning(v)
    if meaning is not v:
        return length(meaning)
    raise GoError(f"len of type {type_name(v)}")


def _index_arg(idx: Any, cap: int) -> int:
    """Go's indexArg: an integer index within 0..cap."""
    t = type(idx)
    if t is int:
        x = idx
    elif t is GoValue and idx.type.kind in INT_KINDS:
        x = idx.value
    elif t is GoValue and idx.type.kind in UINT_KINDS:
        x = idx.value
        if x >= 1 << 63:  # Go reads it as int64
            x -= 1 << 64
    elif idx is NO_VALUE:
        raise GoError("cannot index slice/array with nil")
    elif t is Iface:
        raise GoError("cannot index slice/array with type interface {}")
    else:
        raise GoError(f"cannot index slice/array with type {type_name(idx)}")
    if x < 0 or x > cap:
        raise GoError(f"index out of range: {x}")
    index: int = x
    return index


def _index_seq(seq: Any, idx: Any, what: str) -> int:
    n = len(seq)
    i = _index_arg(idx, n)
    if i == n:
        raise GoError(f"reflect: {what} index out of range")
    return i


def index(item: Any, *indexes: Any) -> Any:
    """Go's `index x i j…`: x[i][j]…; strings index bytes, maps give a zero value when missing."""
    item = arg_value(item)
    if item is NO_VALUE:
        raise GoError("index of untyped nil")
    for idx in indexes:
        idx = arg_value(idx)
        item, is_nil = indirect(item)
        if is_nil:
            raise GoError("index of nil pointer")
        t = type(item)
        if t is list or t is tuple:
            item = item[_index_seq(item, idx, "slice")]
        elif t is dict:
            item = map_index(item, idx)
        elif t is str:
            b = to_bytes(item)
            item = GoValue(UINT8, b[_index_seq(b, idx, "string")])
        elif t is bytes or t is bytearray:
            item = GoValue(UINT8, item[_index_seq(item, idx, "slice")])
        elif t is GoValue and item.type.kind in ("slice", "array", "string", "map"):
            k = item.type.kind
            x = item.value
            if k == "map":
                item = map_index(item, idx)
            elif k == "string":
                b = to_bytes(x)
                item = GoValue(UINT8, b[_index_seq(b, idx, "string")])
            else:
                x = x if x is not None else ()
                elem = as_type(item.type.elem, x[_index_seq(x, idx, k)])
                # Slice elements live in place (addressable); array elements only when the
                # array does.
                item = addressed(elem) if k == "slice" or item.addressable else elem
        else:
            raise GoError(f"can't index item of type {type_name(item)}")
    return item


def slice_(item: Any, *indexes: Any) -> Any:
    """Go's `slice x i j k`: x[i:j:k] with 0-3 indexes, bounds checked against cap.

    Strings are cut by bytes. An index the engine marked Iface is rejected as Go rejects it.
    """
    item = arg_value(item)
    if item is NO_VALUE:
        raise GoError("slice of untyped nil")
    outer = item
    item, is_nil = indirect(item)
    if is_nil:
        raise GoError("slice of nil pointer")
    if len(indexes) > 3:
        raise GoError(f"too many slice indexes: {len(indexes)}")
    t = type(item)
    k = kind(item)
    if k == "string":
        if len(indexes) == 3:
            raise GoError("cannot 3-index slice a string")
        seq: Any = to_bytes(unwrap(item))
    elif k == "slice":
        seq = unwrap(item)
        seq = seq if seq is not None else ()
    elif k == "array" and t is GoValue:
        if outer is item and not item.addressable:  # a field behind a pointer, say
            raise GoError("reflect.Value.Slice: slice of unaddressable array")
        seq = item.value
    else:
        raise GoError(f"can't slice item of type {type_name(item)}")
    n = len(seq)
    # The backing array past the length, up to the capacity: a typed slice's spare elements,
    # or the nil elements json.Unmarshal's append growth left behind a plain list.
    if t is GoValue and k == "slice" and item.spare:
        spare: list[Any] = list(item.spare)
    elif t is list:
        spare = [None] * (json_array_capacity(n) - n)
    else:
        spare = []
    cap = n + len(spare)
    if spare:
        seq = list(seq) + spare
    idx = [0, n, cap]
    for i, x in enumerate(indexes):
        # Go does not unwrap slice indexes: a nil interface (None) is an `interface {}`.
        idx[i] = _index_arg(Iface(x) if x is None else x, cap if k != "string" else n)
    if idx[0] > idx[1]:
        raise GoError(f"invalid slice index: {idx[0]} > {idx[1]}")
    if len(indexes) == 3 and idx[1] > idx[2]:
        raise GoError(f"invalid slice index: {idx[1]} > {idx[2]}")
    part = seq[idx[0] : idx[1]]
    if k == "string":
        s = from_bytes(part)
        return s if t is str else GoValue(item.type, s)
    if t is GoValue and item.value is None:  # slicing a nil slice gives a nil slice
        return item
    # The result shares the backing array: it keeps the capacity left after its end (a
    # tuple's and a bytes value's capacity is their length).
    rest = list(seq[idx[1] : idx[2]])
    if t is GoValue:
        st = item.type if k == "slice" else slice_of(item.type.elem)
        if isinstance(part, (bytes, bytearray)):
            return GoValue(st, bytes(part), spare=rest or None)
        return GoValue(st, list(part), spare=rest or None)
    if t is bytes or t is bytearray:
        return GoValue(BYTES, bytes(part), spare=rest) if rest else part
    return GoValue(SLICE_ANY, list(part), spare=rest) if rest else tuple(part)


# ---------------------------------------------------------------------------------------------
# Printing and escaping


def _fmt_args(args: tuple[Any, ...]) -> list[Any]:
    return [
        None if (a is NO_VALUE or (type(a) is Iface and a.value is NO_VALUE)) else _unbox(a)
        for a in args
    ]


def _unbox(a: Any) -> Any:
    return a.value if type(a) is Iface else a


def print_(*args: Any) -> str:
    """Go's `print` (fmt.Sprint); the invalid value prints as nil."""
    return sprint(*_fmt_args(args))


def println_(*args: Any) -> str:
    """Go's `println` (fmt.Sprintln)."""
    return sprintln(*_fmt_args(args))


def printf(fmt: str, *args: Any) -> str:
    """Go's `printf` (fmt.Sprintf); the engine has converted `fmt` to a Go string."""
    return _sprintf(_unbox(fmt), *_fmt_args(args))


def _eval_args(args: tuple[Any, ...]) -> str:
    """Go's evalArgs: fmt.Sprint of the printable forms (pointers followed, invalid shown), in
    gostring's canonical form."""
    if len(args) == 1 and type(args[0]) is str:
        return canonical(args[0])
    out = []
    for a in args:
        a = _unbox(a)
        p, ok = printable_value(a, copied=True)
        out.append(p if ok else a)
    return sprint(*out)


_HTML = {"\0": "\ufffd", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_TABLE = str.maketrans(_HTML)


def html(*args: Any) -> str:
    """Go's `html` (HTMLEscaper)."""
    return _eval_args(args).translate(_HTML_TABLE)


_JS = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026"}
_JS["="] = "\\u003D"
_JS.update({chr(c): f"\\u{c:04X}" for c in range(0x20)})


def _js_char(c: str) -> str:
    e = _JS.get(c)
    if e is not None:
        return e
    o = ord(c)
    if o < 0x80 or 0xDC80 <= o <= 0xDCFF:  # ASCII, or a raw byte of invalid UTF-8: copied
        return c
    if is_print(o):  # Go's unicode.IsPrint, with Go 1.27's Unicode tables
        return c
    return f"\\u{o:04X}"


def js(*args: Any) -> str:
    """Go's `js` (JSEscaper): quotes, <>&=, controls and non-printable runes escaped."""
    s = _eval_args(args)
    if s.isascii() and s.isalnum():
        return s
    return "".join(map(_js_char, s))


def urlquery(*args: Any) -> str:
    """Go's `urlquery` (url.QueryEscape of the printed arguments)."""
    from urllib.parse import quote_plus

    return quote_plus(to_bytes(_eval_args(args)), safe="")


# ---------------------------------------------------------------------------------------------
# call


def call(name: str, fn: Any, *args: Any) -> Any:
    """Go's `call fn args...`: call a function value with Go's typed-call argument rules.

    `name` is the String() of the callee's node (Go's messages quote it). The callee's Go
    signature is its func type's (for a typed GoValue) or its annotations'; each argument is
    converted as Go's prepareArg converts it.
    """
    fn = arg_value(fn)
    if fn is NO_VALUE:
        raise GoError("call of nil")
    if kind(fn) != "func":
        raise GoError(f"non-function {name} of type {type_name(fn)}")
    if is_nil(fn):
        raise GoError("reflect.Value.Call: call of nil function")
    f = unwrap(fn)
    safe.check_call(f, name)
    sig = (signature_from_type(fn.type) if type(fn) is GoValue else None) or signature_of(f)
    sig.check_results(name)
    fixed = len(sig.params)
    if sig.variadic is not None:
        if len(args) < fixed:
            raise GoError(f"wrong number of args for {name}: got {len(args)} want at least {fixed}")
    elif len(args) != fixed:
        raise GoError(f"wrong number of args for {name}: got {len(args)} want {fixed}")
    argv = []
    for i, a in enumerate(args):
        t = sig.param(i)
        try:
            argv.append(to_python(prepare_call_arg(_unbox(a), t), t))
        except GoError as e:
            raise GoError(f"arg {i}: {e.message}") from None
    return f(*argv)


# ---------------------------------------------------------------------------------------------
# Registry


class Builtin(NamedTuple):
    """A builtin function and its Go signature (for arity checks and argument conversion)."""

    fn: Callable[..., Any]
    signature: Signature


_R = REFLECT  # most builtins take reflect.Value: missing and nil arrive distinct
#: Go's builtin functions by name: the one list the parser and the executor both use.
BUILTINS: dict[str, Builtin] = {
    "and": Builtin(and_, Signature((_R,), _R)),
    "call": Builtin(call, Signature((_R,), _R)),
    "eq": Builtin(eq, Signature((_R,), _R)),
    "ge": Builtin(ge, Signature((_R, _R))),
    "gt": Builtin(gt, Signature((_R, _R))),
    "html": Builtin(html, Signature((), ANY)),
    "index": Builtin(index, Signature((_R,), _R)),
    "js": Builtin(js, Signature((), ANY)),
    "le": Builtin(le, Signature((_R, _R))),
    "len": Builtin(length, Signature((_R,))),
    "lt": Builtin(lt, Signature((_R, _R))),
    "ne": Builtin(ne, Signature((_R, _R))),
    "not": Builtin(not_, Signature((_R,))),
    "or": Builtin(or_, Signature((_R,), _R)),
    "print": Builtin(print_, Signature((), ANY)),
    "printf": Builtin(printf, Signature((STRING,), ANY)),
    "println": Builtin(println_, Signature((), ANY)),
    "slice": Builtin(slice_, Signature((_R,), _R)),
    "urlquery": Builtin(urlquery, Signature((), ANY)),
}
#: Builtins whose arguments the executor evaluates only until one settles the answer.
LAZY = frozenset({"and", "or"})
