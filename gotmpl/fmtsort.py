"""Go's internal/fmtsort: the order in which fmt prints a map and `{{range}}` visits it.

Keys compare by kind: numbers by value (NaN first), strings by their bytes, bools false first,
complex numbers by real then imaginary part, structs and arrays part by part, nil pointers,
channels and interfaces first. Go orders non-nil pointers and channels by address, which no
other program can reproduce; here they keep the map's insertion order (the sort is stable), so
output stays the same from run to run. Interface keys of different dynamic types follow Go's
order of type descriptors, which is fixed per Go binary: TYPE_RANK mimics the common one.
"""

from __future__ import annotations

import math
from operator import itemgetter
from typing import Any

from gotmpl.gostring import to_bytes
from gotmpl.gotypes import GoType, Pointer, Struct
from gotmpl.value import dyn, fields, slot

__all__ = ["TYPE_RANK", "sorted_items"]

#: Basic types in the order Go binaries usually lay out their type descriptors; named types
#: sort before them, other types after, by name.
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
_NAN = (0, 0.0)
_first = itemgetter(0)


def sorted_items(m: dict[Any, Any], key_type: GoType | None) -> list[tuple[Any, Any]]:
    """The (key, value) pairs of map payload `m` (keys of static type `key_type`; None: an
    interface) in fmtsort's order."""
    # All-ASCII string keys: Python's order is Go's byte order (checked in C, not per key).
    if {*map(type, m)} == {str} and "".join(m).isascii():
        return sorted(m.items(), key=_first)
    return sorted(m.items(), key=lambda kv: _key(kv[0], key_type))


def _key(v: Any, static: GoType | None) -> tuple[Any, ...]:
    """A sort key ordering values stored with static type `static` as fmtsort.compare does."""
    if static is None or static.kind == "interface":
        t, raw = dyn(v)
        if t is None:
            return (0,)
        rank = -1 if t.named else TYPE_RANK.get(t.name, len(TYPE_RANK))
        return (1, rank, t.name, _value_key(t, raw))
    t, raw = slot(v, static)
    return (0,) if t is None else _value_key(t, raw)


def _value_key(t: GoType, raw: Any) -> tuple[Any, ...]:
    k = t.kind
    if k == "string":
        return (to_bytes(raw),)
    if k in ("float32", "float64"):
        return _float(raw)
    if k in ("complex64", "complex128"):
        return (_float(raw.real), _float(raw.imag))
    if k == "struct":
        if isinstance(raw, Struct):
            return tuple(_key(raw.get(f.name), f.type) for f in t.fields)
        return tuple(_key(value, ftype) for _, ftype, value in fields(t, raw))
    if k == "array":
        return tuple(_key(x, t.elem) for x in raw)
    if k in ("ptr", "chan", "func"):
        nil = raw is None or (isinstance(raw, Pointer) and raw.target is None)
        return (0,) if nil else (1,)
    return (raw,)  # ints, uints, bools


def _float(x: float) -> tuple[int, float]:
    return _NAN if math.isnan(x) else (1, x)
