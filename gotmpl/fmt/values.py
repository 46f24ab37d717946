"""How fmt and json see our data model: a value's Go type, its payload, fields and methods.

Every Python value reaching fmt or json is read here as a pair (GoType, payload), where the
payload is the plain Python scalar, the list/dict (None for a nil map or slice), the Struct or
plain object, or the Pointer. Elements of typed containers may be plain values of the element
type, so the static type of the slot decides what a plain value means.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from gotmpl.gotypes import (
    BOOL,
    BYTES,
    COMPLEX128,
    FLOAT64,
    INT,
    MAP_ANY_ANY,
    MAP_STRING_ANY,
    NO_VALUE,
    SLICE_ANY,
    STRING,
    GoType,
    GoValue,
    Pointer,
    Struct,
    type_of,
)

__all__ = [
    "dyn",
    "fields",
    "find_method",
    "has_methods",
    "is_nil",
    "slot",
]

_PLAIN = {
    bool: BOOL,
    int: INT,
    float: FLOAT64,
    str: STRING,
    complex: COMPLEX128,
    bytes: BYTES,
    bytearray: BYTES,
    list: SLICE_ANY,
    tuple: SLICE_ANY,
}


def dyn(v: Any) -> tuple[GoType | None, Any]:
    """The dynamic (type, payload) of a value held in an interface; (None, None) for nil."""
    t = _PLAIN.get(type(v))
    if t is not None:
        return t, v
    if v is None or v is NO_VALUE:
        return None, None
    if isinstance(v, GoValue):
        return v.type, v.value
    if isinstance(v, (Struct, Pointer)):
        return v.type, v
    if isinstance(v, dict):
        return (MAP_STRING_ANY if all(type(k) is str for k in v) else MAP_ANY_ANY), v
    return type_of(v), v


def slot(v: Any, static: GoType | None) -> tuple[GoType | None, Any]:
    """(type, payload) of `v` stored in a slot of type `static` (None: an interface slot)."""
    if static is None or static.kind == "interface":
        return dyn(v)
    if isinstance(v, GoValue):
        return v.type, v.value
    if isinstance(v, (Struct, Pointer)):
        return v.type, v
    if v is NO_VALUE:
        v = None
    return static, v


def is_nil(t: GoType, raw: Any) -> bool:
    """Whether a nillable payload is nil (a nil map, slice, pointer, func)."""
    if raw is None:
        return True
    return isinstance(raw, Pointer) and raw.target is None


def fields(t: GoType, raw: Any) -> list[tuple[str, GoType | None, Any]]:
    """A struct's fields in declaration order: (name, static type or None, value)."""
    if isinstance(raw, Struct):
        return [(f.name, f.type, raw.get(f.name)) for f in raw.type.fields]
    if dataclasses.is_dataclass(raw):
        names = [f.name for f in dataclasses.fields(raw)]
    else:
        names = list(getattr(raw, "__dict__", {}))
    out = []
    for name in names:
        if name.startswith("_"):
            continue
        value = getattr(raw, name)
        if callable(value) and not isinstance(value, type):
            continue
        out.append((name, None, value))
    return out


class _NilDeref(Exception):
    """A value method called through a nil pointer (Go panics; fmt prints <nil>)."""


def find_method(t: GoType, raw: Any, orig: Any, name: str) -> Callable[[], Any] | None:
    """A zero-argument call of method `name` (String, Error, GoString) of the value, or None."""
    meths = t.methods
    if meths and name in meths:
        fn = meths[name]
        recv = orig if isinstance(orig, (GoValue, Struct, Pointer)) else _receiver(t, raw)
        return lambda: fn(recv)
    if t.kind == "ptr" and isinstance(raw, Pointer):
        elem = t.elem
        target = raw.target
        tmeths = target.type.methods if isinstance(target, (GoValue, Struct)) else None
        if not tmeths and elem is not None:
            tmeths = elem.methods
        if tmeths and name in tmeths:
            fn = tmeths[name]
            if target is None:

                def nil_call() -> Any:
                    raise _NilDeref("invalid memory address or nil pointer dereference")

                return nil_call
            recv = (
                target
                if isinstance(target, (GoValue, Struct, Pointer))
                else _receiver(elem, target)
            )
            return lambda: fn(recv)
        if target is not None and not isinstance(target, (GoValue, Struct, Pointer)):
            return _attr_method(target, name)
        return None
    if isinstance(raw, BaseException):
        return (lambda: str(raw)) if name == "Error" else None
    if t.kind == "struct" and not isinstance(raw, Struct):
        return _attr_method(raw, name)
    return None


def _attr_method(obj: Any, name: str) -> Callable[[], Any] | None:
    fn = getattr(obj, name, None)
    return fn if callable(fn) else None


def _receiver(t: GoType, raw: Any) -> Any:
    if isinstance(raw, (Struct, Pointer)):
        return raw
    return GoValue(t, raw)


def has_methods(t: GoType, raw: Any) -> bool:
    """Cheap test: could this value be an error/Stringer at all?"""
    if t.methods:
        return True
    if t.kind == "ptr":
        return True
    return t.kind == "struct" and not isinstance(raw, Struct)
