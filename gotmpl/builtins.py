"""Go text/template's builtin functions over evaluated argument values.

Each function takes the values the engine evaluated (NO_VALUE = invalid, None = nil interface,
wrappers for typed values) and returns the result or raises GoError with Go's error text; the
engine adds `error calling NAME: `. `and`/`or` take thunks so the engine can short-circuit.
Arity is checked by the engine from SIGNATURES, with Go's own message wording.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from gotmpl.errors import GoError
from gotmpl.gotypes import (
    INT_KINDS,
    NO_VALUE,
    UINT8,
    UINT_KINDS,
    GoType,
    GoValue,
    Pointer,
    Struct,
    addressed,
    slice_of,
    type_of,
)
from gotmpl.values import (
    as_type,
    format_v,
    indirect,
    kind,
    map_index,
    printable_value,
    truth,
    type_name,
    unwrap,
)

__all__ = [
    "BUILTINS",
    "SIGNATURES",
    "Iface",
    "Signature",
    "and_",
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


class Iface:
    """An argument whose static Go type is `interface {}` (a field of map[string]any, say).

    Only `slice` tells such an index apart (Go does not unwrap slice indexes, so it reports
    `cannot index slice/array with type interface {}`); every builtin accepts and unwraps it.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _arg(v: Any) -> Any:
    """An argument with interface boxing removed and a nil interface made invalid."""
    if type(v) is Iface:
        v = v.value
    return NO_VALUE if v is None else v


_INT_KINDS = INT_KINDS
_UINT_KINDS = UINT_KINDS
_CLASS = {k: "int" for k in _INT_KINDS}
_CLASS.update({k: "uint" for k in _UINT_KINDS})
_CLASS.update(
    float32="float",
    float64="float",
    complex64="complex",
    complex128="complex",
    bool="bool",
    string="string",
)
_PLAIN_CLASS = {bool: "bool", int: "int", float: "float", complex: "complex", str: "string"}


# ---------------------------------------------------------------------------------------------
# Boolean logic


def and_(thunks: Iterable[Callable[[], Any]]) -> Any:
    """Go's `and`: evaluates thunks in order, returning the first falsy value or the last one.

    The engine passes one thunk per argument (a piped final value as a last thunk returning it).
    """
    v: Any = NO_VALUE
    for th in thunks:
        v = th()
        if not truth(v):
            return v
    return v


def or_(thunks: Iterable[Callable[[], Any]]) -> Any:
    """Go's `or`: the first truthy value, or the last one."""
    v: Any = NO_VALUE
    for th in thunks:
        v = th()
        if truth(v):
            return v
    return v


def not_(arg: Any) -> bool:
    """Go's `not`: the negated truth of its argument."""
    return not truth(_arg(arg))


# ---------------------------------------------------------------------------------------------
# len, index, slice


def _str_bytes(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


def _bytes_str(b: bytes) -> str:
    # Strings hold Go bytes; a cut through a UTF-8 sequence keeps its raw bytes as surrogates.
    return b.decode("utf-8", "surrogateescape")


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
        return len(v) if v.isascii() else len(_str_bytes(v))
    if t is list or t is dict or t is tuple or t is bytes or t is bytearray:
        return len(v)
    if t is GoValue:
        k = v.type.kind
        x = v.value
        if k == "string":
            return len(_str_bytes(x))
        if k in ("slice", "array", "map", "chan"):
            if x is None:
                return 0
            # A channel's len is what it holds now; a Python iterable without len holds 0.
            return len(x) if hasattr(x, "__len__") else 0
    raise GoError(f"len of type {type_name(v)}")


def _index_arg(idx: Any, cap: int) -> int:
    """Go's indexArg: an integer index within 0..cap."""
    t = type(idx)
    if t is int:
        x = idx
    elif t is GoValue and idx.type.kind in _INT_KINDS:
        x = idx.value
    elif t is GoValue and idx.type.kind in _UINT_KINDS:
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
    return x


def _index_seq(seq: Any, idx: Any, what: str) -> int:
    n = len(seq)
    i = _index_arg(idx, n)
    if i == n:
        raise GoError(f"reflect: {what} index out of range")
    return i


def index(item: Any, *indexes: Any) -> Any:
    """Go's `index x i j…`: x[i][j]…; strings index bytes, maps give a zero value when missing."""
    item = _arg(item)
    if item is NO_VALUE:
        raise GoError("index of untyped nil")
    for idx in indexes:
        idx = _arg(idx)
        item, is_nil = indirect(item)
        if is_nil:
            raise GoError("index of nil pointer")
        t = type(item)
        if t is list or t is tuple:
            item = item[_index_seq(item, idx, "slice")]
        elif t is dict:
            item = map_index(item, idx)
        elif t is str:
            b = _str_bytes(item)
            item = GoValue(UINT8, b[_index_seq(b, idx, "string")])
        elif t is bytes or t is bytearray:
            item = GoValue(UINT8, item[_index_seq(item, idx, "slice")])
        elif t is GoValue and item.type.kind in ("slice", "array", "string", "map"):
            k = item.type.kind
            x = item.value
            if k == "map":
                item = map_index(item, idx)
            elif k == "string":
                b = _str_bytes(x)
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
    item = _arg(item)
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
        seq: Any = _str_bytes(unwrap(item))
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
    spare = item.spare if t is GoValue and k == "slice" and item.spare else None
    cap = n + len(spare) if spare else n
    if spare:
        seq = list(seq) + list(spare)
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
        s = _bytes_str(part)
        return s if t is str else GoValue(item.type, s)
    if t is GoValue:
        if item.value is None:  # slicing a nil slice gives a nil slice
            return item
        st = item.type if k == "slice" else slice_of(item.type.elem)  # type: ignore[arg-type]
        if isinstance(part, (bytes, bytearray)):
            return GoValue(st, part)
        rest = list(seq[idx[1] : idx[2]])
        return GoValue(st, list(part), spare=rest or None)
    if t is tuple:
        return list(part)
    return part


# ---------------------------------------------------------------------------------------------
# Comparison


def _basic(v: Any) -> tuple[str | None, Any]:
    """(Go basic kind class, payload) of a value; class None for non-basic and invalid."""
    c = _PLAIN_CLASS.get(type(v))
    if c is not None:
        return c, v
    if type(v) is GoValue:
        c = _CLASS.get(v.type.kind)
        if c is not None:
            return c, v.value
    return None, v


def _is_nil(v: Any) -> bool:
    if v is NO_VALUE or v is None:
        return True
    if type(v) is Pointer:
        return v.target is None
    if type(v) is GoValue:
        return v.type.kind in ("map", "slice", "func", "chan", "ptr", "interface") and (
            v.value is None
        )
    return False


def _comparable(t: GoType) -> bool:
    k = t.kind
    if k in ("slice", "map", "func"):
        return False
    if k == "array":
        return t.elem is None or _comparable(t.elem)
    if k == "struct":
        return all(_comparable(f.type) for f in t.fields)
    return True


def _go_equal(a: Any, b: Any) -> bool:
    """Go's == on two interface values of comparable (non-basic, non-nil) types."""
    if a is b:
        return True
    ta, tb = type_of(a), type_of(b)
    if ta != tb:
        return False
    k = ta.kind
    if type(a) is Pointer:
        return a.target is b.target
    if isinstance(a, Struct):
        for f in ta.fields:
            x, y = as_type(f.type, a.get(f.name)), as_type(f.type, b.get(f.name))
            if not _equal_any(x, y, f.type):
                return False
        return True
    if type(a) is GoValue:
        if k == "array":
            et = ta.elem
            return all(
                _equal_any(as_type(et, x), as_type(et, y), et)  # type: ignore[arg-type]
                for x, y in zip(a.value, b.value, strict=True)
            )
        if k == "chan":
            return a.value is b.value
        return bool(a.value == b.value)
    return bool(a == b)


def _equal_any(x: Any, y: Any, t: GoType) -> bool:
    """== of two values of static type t (interface fields compare dynamic types first)."""
    if t.kind == "interface":
        if x is None or y is None:
            return x is None and y is None
        if type_of(x) != type_of(y):
            return False
        if not _comparable(type_of(x)):
            raise GoError(f"runtime error: comparing uncomparable type {type_of(x).name}")
    cx, px = _basic(x)
    if cx is not None:
        return bool(px == _basic(y)[1])
    return _go_equal(x, y)


def _sprintf(fmt: str, *args: Any) -> str:
    from gotmpl.gofmt import sprintf

    return sprintf(fmt, *args)


def eq(arg1: Any, *args: Any) -> bool:
    """Go's `eq a b c…`: a == b || a == c …, with Go's class rules and errors."""
    arg1 = _arg(arg1)
    if not args:
        raise GoError("missing argument for comparison")
    k1, x1 = _basic(arg1)
    for arg in args:
        arg = _arg(arg)
        k2, x2 = _basic(arg)
        if k1 != k2:
            if k1 == "int" and k2 == "uint":
                res = x1 >= 0 and x1 == x2
            elif k1 == "uint" and k2 == "int":
                res = x2 >= 0 and x1 == x2
            elif arg1 is not NO_VALUE and arg is not NO_VALUE:
                raise GoError(
                    f"incompatible types for comparison: {type_name(arg1)} and {type_name(arg)}"
                )
            else:
                res = False
        elif k1 is not None:
            res = x1 == x2
        else:
            ka, kb = kind(arg1), kind(arg)
            if ka != kb and ka != "invalid" and kb != "invalid":
                raise GoError(
                    _sprintf("non-comparable types %s: ", arg1)
                    + f"{type_name(arg1)}, {type_name(arg)}: {format_v(arg)}"
                )
            n1, n2 = _is_nil(arg1), _is_nil(arg)
            if n1 or n2:
                res = n1 == n2
            else:
                if not _comparable(type_of(arg)):
                    raise GoError(_sprintf("non-comparable type %s: ", arg) + type_name(arg))
                res = _go_equal(arg1, arg)
        if res:
            return True
    return False


def ne(arg1: Any, arg2: Any) -> bool:
    """Go's `ne`: the inverse of eq with two arguments."""
    return not eq(arg1, arg2)


def _str_less(a: str, b: str) -> bool:
    if a.isascii() and b.isascii():
        return a < b
    return _str_bytes(a) < _str_bytes(b)


def lt(arg1: Any, arg2: Any) -> bool:
    """Go's `lt`: basic, ordered kinds only; int and uint compare mathematically."""
    arg1 = _arg(arg1)
    k1, x1 = _basic(arg1)
    if k1 is None:
        raise GoError("invalid type for comparison")
    arg2 = _arg(arg2)
    k2, x2 = _basic(arg2)
    if k2 is None:
        raise GoError("invalid type for comparison")
    if k1 != k2:
        if (k1 == "int" and k2 == "uint") or (k1 == "uint" and k2 == "int"):
            return bool(x1 < x2)
        raise GoError(f"incompatible types for comparison: {type_name(arg1)} and {type_name(arg2)}")
    if k1 == "bool" or k1 == "complex":
        raise GoError("invalid type for comparison")
    if k1 == "string":
        return _str_less(x1, x2)
    return bool(x1 < x2)


def le(arg1: Any, arg2: Any) -> bool:
    """Go's `le`: lt or eq."""
    return lt(arg1, arg2) or eq(arg1, arg2)


def gt(arg1: Any, arg2: Any) -> bool:
    """Go's `gt`: not le."""
    return not le(arg1, arg2)


def ge(arg1: Any, arg2: Any) -> bool:
    """Go's `ge`: not lt."""
    return not lt(arg1, arg2)


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
    from gotmpl.gofmt import sprint

    return sprint(*_fmt_args(args))


def println_(*args: Any) -> str:
    """Go's `println` (fmt.Sprintln)."""
    from gotmpl.gofmt import sprintln

    return sprintln(*_fmt_args(args))


def printf(fmt: str, *args: Any) -> str:
    """Go's `printf` (fmt.Sprintf); the engine has converted `fmt` to a Go string."""
    return _sprintf(_unbox(fmt), *_fmt_args(args))


def _eval_args(args: tuple[Any, ...]) -> str:
    """Go's evalArgs: fmt.Sprint of the printable forms (pointers followed, invalid shown)."""
    if len(args) == 1 and type(args[0]) is str:
        return args[0]
    from gotmpl.gofmt import sprint

    out = []
    for a in args:
        a = _unbox(a)
        p, ok = printable_value(a)
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
_PRINT_CATEGORIES = frozenset(
    ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No"]
    + ["Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So"]
)


def _js_char(c: str) -> str:
    e = _JS.get(c)
    if e is not None:
        return e
    o = ord(c)
    if o < 0x80 or 0xDC80 <= o <= 0xDCFF:  # ASCII, or a raw byte of invalid UTF-8: copied
        return c
    if unicodedata.category(c) in _PRINT_CATEGORIES:
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
    return quote_plus(_eval_args(args), safe="", encoding="utf-8", errors="surrogateescape")


# ---------------------------------------------------------------------------------------------
# call


def call(name: str, fn: Any, *args: Any) -> Any:
    """The checks of Go's `call` before invoking: `call of nil`, `non-function NAME of type T`.

    `name` is the String() of the first argument node. Converting args to the callee's
    parameter types is the engine's job (as for any user function); this calls fn(*args).
    """
    fn = _arg(fn)
    if fn is NO_VALUE:
        raise GoError("call of nil")
    if kind(fn) != "func":
        raise GoError(f"non-function {name} of type {type_name(fn)}")
    if _is_nil(fn):
        raise GoError("reflect.Value.Call: call of nil function")
    f = unwrap(fn)
    return f(*(_unbox(a) for a in args))


# ---------------------------------------------------------------------------------------------
# Registry


@dataclass(frozen=True)
class Signature:
    """A builtin's Go parameter list, for the engine's arity checks and argument handling.

    `fixed` parameters come first, then any number more when `variadic`. `lazy`: arguments are
    passed as thunks (and/or). `param_types`: Go types of fixed params that are not `any`
    (printf's format is a string), as names. `needs_name`: call takes the callee node's text.
    """

    fixed: int
    variadic: bool = False
    lazy: bool = False
    param_types: tuple[str | None, ...] = ()
    needs_name: bool = False


BUILTINS: dict[str, Callable[..., Any]] = {
    "and": and_,
    "call": call,
    "eq": eq,
    "ge": ge,
    "gt": gt,
    "html": html,
    "index": index,
    "js": js,
    "le": le,
    "len": length,
    "lt": lt,
    "ne": ne,
    "not": not_,
    "or": or_,
    "print": print_,
    "printf": printf,
    "println": println_,
    "slice": slice_,
    "urlquery": urlquery,
}

SIGNATURES: dict[str, Signature] = {
    "and": Signature(1, variadic=True, lazy=True),
    "or": Signature(1, variadic=True, lazy=True),
    "call": Signature(1, variadic=True, needs_name=True),
    "eq": Signature(1, variadic=True),
    "ge": Signature(2),
    "gt": Signature(2),
    "le": Signature(2),
    "lt": Signature(2),
    "ne": Signature(2),
    "html": Signature(0, variadic=True),
    "js": Signature(0, variadic=True),
    "urlquery": Signature(0, variadic=True),
    "print": Signature(0, variadic=True),
    "println": Signature(0, variadic=True),
    "printf": Signature(1, variadic=True, param_types=("string",)),
    "index": Signature(1, variadic=True),
    "slice": Signature(1, variadic=True),
    "len": Signature(1),
    "not": Signature(1),
}
