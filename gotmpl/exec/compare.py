"""Go's comparison builtins (eq, ne, lt, le, gt, ge) with text/template's class rules.

Arguments are compared by basic kind class (bool, int, uint, float, complex, string); an int and
a uint compare mathematically, any other class mismatch is Go's `incompatible types` error, and
non-basic values follow Go's == on interfaces (nil, comparability, then dynamic equality).
"""

from __future__ import annotations

from typing import Any

from gotmpl.errors import GoError
from gotmpl.fmt.print import sprintf as _sprintf
from gotmpl.gostring import to_bytes
from gotmpl.gotypes import (
    INT_KINDS,
    NO_VALUE,
    UINT_KINDS,
    GoType,
    GoValue,
    Pointer,
    Struct,
    type_of,
)
from gotmpl.value import arg_value as _arg
from gotmpl.value import as_type, format_v, kind, type_name
from gotmpl.value import is_nil as _is_nil

__all__ = ["eq", "ge", "gt", "le", "lt", "ne"]

_CLASS = {k: "int" for k in INT_KINDS}
_CLASS.update({k: "uint" for k in UINT_KINDS})
_CLASS.update(
    float32="float",
    float64="float",
    complex64="complex",
    complex128="complex",
    bool="bool",
    string="string",
)
_PLAIN_CLASS = {bool: "bool", int: "int", float: "float", complex: "complex", str: "string"}


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
            res = x1 == x2 or (k1 == "string" and _str_equal(x1, x2))
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


def _str_equal(a: str, b: str) -> bool:
    """Go's == on strings that differ as str: equal bytes in another spelling (a caller's data
    need not be in gostring's canonical form)."""
    return not (a.isascii() and b.isascii()) and to_bytes(a) == to_bytes(b)


def _str_less(a: str, b: str) -> bool:
    if a.isascii() and b.isascii():
        return a < b
    return to_bytes(a) < to_bytes(b)


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
