"""Go's comparison builtins (eq, ne, lt, le, gt, ge) with text/template's class rules.

Arguments are compared by basic kind class (bool, int, uint, float, complex, string); an int and
a uint compare mathematically, any other class mismatch is Go's `incompatible types` error, and
non-basic values follow Go's == on interfaces (nil, comparability, then dynamic equality).
"""

from __future__ import annotations

from typing import Any

from gotmpl.errors import GoError
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
from gotmpl.pyvalues import go_meaning
from gotmpl.value import arg_value as _arg
from gotmpl.value import as_type, fields, kind, type_name, unwrap
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
    """reflect's Type.Comparable: no slice, map or func anywhere in the type's own layout."""
    todo = [t]
    while todo:
        t = todo.pop()
        k = t.kind
        if k in ("slice", "map", "func"):
            return False
        if k == "array" and t.elem is not None:
            todo.append(t.elem)
        elif k == "struct":
            todo.extend(f.type for f in t.fields)
    return True


#: How deep a comparison goes before it keeps the structs and arrays it is inside: a Python
#: value can contain itself, a Go value cannot (its == would never end).
_WATCH_DEPTH = 1000


def _go_equal(a: Any, b: Any) -> bool:
    """Go's `a == b` on two non-nil interface values: false when the dynamic types differ, else
    their values compared part by part in source order, stopping at the first difference.
    Reaching an interface that holds an uncomparable type (a map, slice or func inside an
    array or struct) is Go's run-time panic. An explicit stack keeps deep values off Python's
    own recursion."""
    todo: list[tuple[Any, Any, GoType | None, int]] = [(a, b, None, 0)]
    path: list[int] = []  # ids of the structs and arrays being compared, past _WATCH_DEPTH
    inside: set[int] = set()
    while todo:
        x, y, t, depth = todo.pop()
        if t is None or t.kind == "interface":  # an interface slot: dynamic types first
            nil_x, nil_y = x is None or x is NO_VALUE, y is None or y is NO_VALUE
            if nil_x or nil_y:
                if nil_x != nil_y:
                    return False
                continue
            x, y = go_meaning(x), go_meaning(y)
            t = type_of(x)
            if t != type_of(y):
                return False
            if not _comparable(t):
                raise GoError("runtime error: comparing uncomparable type %s", t.name)
        cx, px = _basic(x)
        if cx is not None:
            py = _basic(y)[1]
            if px != py and not (cx == "string" and _str_equal(px, py)):
                return False
            continue
        k = t.kind
        if depth > _WATCH_DEPTH and k in ("struct", "array"):
            del_from = depth - _WATCH_DEPTH - 1
            while len(path) > del_from:
                inside.discard(path.pop())
            mark = id(unwrap(x))
            if mark in inside:
                raise GoError("comparing a value that contains itself (no Go value does)")
            inside.add(mark)
            path.append(mark)
        parts: list[tuple[Any, Any, GoType | None]]
        if k == "struct":
            if isinstance(x, Struct):
                parts = [(x.get(f.name), y.get(f.name), f.type) for f in t.fields]
            else:  # a plain object: its public attributes are interface-typed fields
                fx, fy = fields(t, x), fields(t, y)
                if [f[0] for f in fx] != [f[0] for f in fy]:
                    return False
                parts = [(ex[2], ey[2], None) for ex, ey in zip(fx, fy, strict=True)]
        elif k == "array":
            et = t.elem
            parts = [(ex, ey, et) for ex, ey in zip(unwrap(x), unwrap(y), strict=True)]
        elif k == "ptr":
            if (x.target if type(x) is Pointer else x) is not (
                y.target if type(y) is Pointer else y
            ):
                return False
            continue
        else:  # chan (and what else compares by identity)
            if unwrap(x) is not unwrap(y):
                return False
            continue
        todo.extend(
            (as_type(pt, px), as_type(pt, py), pt, depth + 1)
            if pt is not None
            else (px, py, None, depth + 1)
            for px, py, pt in reversed(parts)
        )
    return True


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
                    "non-comparable types %s: %v, %s: %v",
                    arg1,
                    type_name(arg1),
                    type_name(arg),
                    arg,
                )
            n1, n2 = _is_nil(arg1), _is_nil(arg)
            if n1 or n2:
                res = n1 == n2
            else:
                if not _comparable(type_of(arg)):
                    raise GoError("non-comparable type %s: %v", arg, type_name(arg))
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
