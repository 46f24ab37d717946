"""How fmt and json see our data model: a value's Go type, its payload, fields, methods, key order.

Every Python value reaching fmt or json is read here as a pair (GoType, payload), where the
payload is the plain Python scalar, the list/dict (None for a nil map or slice), the Struct or
plain object, or the Pointer. Elements of typed containers may be plain values of the element
type, so the static type of the slot decides what a plain value means.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

from gotmpl.gostring import to_bytes
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
    "sort_map_items",
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


# Go orders interface map keys by the address of their type descriptor; this rank mimics the
# order seen in Go binaries for the common basic types (named types first, then by this list).
TYPE_RANK = {
    n: i
    for i, n in enumerate(
        [
            "string",
            "uint",
            "int32",
            "int64",
            "int",
            "uint8",
            "int8",
            "int16",
            "uint16",
            "uint32",
            "uint64",
            "uintptr",
            "complex64",
            "complex128",
            "float32",
            "float64",
            "bool",
        ]
    )
}


def _key_of(t: GoType | None, raw: Any) -> tuple:
    """A sort key reproducing internal/fmtsort's compare for keys of one map."""
    if t is None:
        return (0,)
    k = t.kind
    if k == "string":
        return (1, to_bytes(raw))
    if k in ("int", "int8", "int16", "int32", "int64") or k.startswith("uint"):
        return (1, raw)
    if k in ("float32", "float64"):
        return (1, (0, 0.0) if math.isnan(raw) else (1, raw))
    if k in ("complex64", "complex128"):
        re, im = raw.real, raw.imag
        return (1, (0, 0.0) if math.isnan(re) else (1, re), (0, 0.0) if math.isnan(im) else (1, im))
    if k == "bool":
        return (1, bool(raw))
    if k == "struct":
        return (1, tuple(_key_of(*slot(v, ft)) for _, ft, v in fields(t, raw)))
    if k == "array":
        return (1, tuple(_key_of(*slot(v, t.elem)) for v in raw))
    if k == "ptr":
        return (1, 0 if is_nil(t, raw) else 1)
    return (1, str(raw))


def sort_map_items(t: GoType, raw: dict) -> list[tuple[Any, Any]]:
    """The (key, value) items of a map payload in Go's fmt order."""
    key_t = t.key
    if key_t is not None and key_t.kind != "interface":
        if key_t.kind == "string":
            keys = list(raw)
            if all(type(k) is str and k.isascii() for k in keys):
                return [(k, raw[k]) for k in sorted(keys)]
        return sorted(raw.items(), key=lambda kv: _key_of(*slot(kv[0], key_t)))

    def iface_key(kv: tuple[Any, Any]) -> tuple:
        kt, kraw = dyn(kv[0])
        if kt is None:
            return (0,)
        rank = -1 if kt.named else TYPE_RANK.get(kt.name, len(TYPE_RANK))
        return (1, rank, kt.name, _key_of(kt, kraw))

    return sorted(raw.items(), key=iface_key)
