"""Go's field and map-key lookup for templates: evalField past its method check, and MapIndex.

`.name` on a map, a struct or a plain Python object (with missingkey's choices and Go's
errors), and `index`'s map lookup with Go's key conversion.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from gotmpl import safe
from gotmpl.errors import GoError, type_arg
from gotmpl.gotypes import (
    INT_KINDS,
    NO_VALUE,
    STRING,
    UINT_KINDS,
    GoType,
    GoValue,
    Pointer,
    Struct,
    type_of,
    zero_value,
)
from gotmpl.pyvalues import go_meaning
from gotmpl.value import as_type, indirect, is_struct_like, unwrap

__all__ = ["lookup_field", "map_index"]


def _static(v: Any) -> str:
    return "interface {}" if v is None or v is NO_VALUE else type_of(v).name


def lookup_field(
    receiver: Any,
    name: str,
    *,
    has_args: bool = False,
    missingkey: str = "default",
    static: str | None = None,
) -> tuple[Any, str]:
    """`.name` on `receiver` for a non-method name (Go's evalField after its method check).

    Returns (value, static type name of the value), the second being what Go names in the
    next link's errors (`interface {}` for elements of `map[string]any`). `static` is the
    receiver's own static type name (None: its dynamic type, as after a pipeline or variable).
    A missing map key yields NO_VALUE (or the zero value / an error per `missingkey`:
    "default"/"invalid", "zero", "error"); a present nil yields None. Call `find_method` first.
    """
    if receiver is NO_VALUE:
        if missingkey == "error":
            raise GoError("nil data; no entry for key %q", name)
        return NO_VALUE, "interface {}"
    if receiver is None:
        raise GoError("nil pointer evaluating %s.%s", type_arg(static or "interface {}"), name)
    rcv, is_nil = indirect(receiver)
    t = type(rcv)
    if t is dict:
        if has_args:
            raise GoError("%s is not a method but has arguments", name)
        x = rcv.get(name, NO_VALUE)
        if x is NO_VALUE:
            return _missing(name, None, missingkey), "interface {}"
        return x, "interface {}"
    if t is GoValue and rcv.type.kind == "map":
        kt = rcv.type.key
        if kt == STRING or kt.kind == "interface":
            if has_args:
                raise GoError("%s is not a method but has arguments", name)
            d = rcv.value
            et = rcv.type.elem
            if d is None or name not in d:
                return _missing(name, et, missingkey), et.name
            return as_type(et, d[name]), et.name
    elif isinstance(rcv, Struct):
        f = rcv.type.field(name)
        if f is not None:
            if not f.exported:
                typ = _static_name(receiver, static)
                raise GoError("%s is an unexported field of struct type %s", name, type_arg(typ))
            if has_args:
                raise GoError("%s has arguments but cannot be invoked as function", name)
            return as_type(f.type, rcv.get(name)), f.type.name
    elif t is Pointer and is_nil:
        et = rcv.type.elem
        if et is None or et.kind != "struct" or et.field(name) is not None:
            raise GoError(
                "nil pointer evaluating %s.%s", type_arg(_static_name(receiver, static)), name
            )
    elif is_struct_like(rcv) and not callable(rcv):
        meaning = go_meaning(rcv)
        if meaning is not rcv:
            return lookup_field(
                meaning, name, has_args=has_args, missingkey=missingkey, static=static
            )
        return _py_field(rcv, name, has_args, _static_name(receiver, static))
    raise GoError(
        "can't evaluate field %s in type %s", name, type_arg(_static_name(receiver, static))
    )


def _static_name(receiver: Any, static: str | None) -> str:
    """The receiver's type as Go's messages name it (computed only for errors: the type of a
    big dict is O(len) to work out)."""
    return static if static is not None else _static(receiver)


def _py_field(obj: Any, name: str, has_args: bool, typ: str) -> tuple[Any, str]:
    if safe.active() and not (
        dataclasses.is_dataclass(obj) and any(f.name == name for f in dataclasses.fields(obj))
    ):
        safe.guard(obj, name)  # in safe mode a dataclass shows its declared fields only
    try:
        x = getattr(obj, name)
    except AttributeError:
        raise GoError("can't evaluate field %s in type %s", name, type_arg(typ)) from None
    if name[:1] == "_":
        raise GoError("%s is an unexported field of struct type %s", name, type_arg(typ))
    if has_args:
        raise GoError("%s has arguments but cannot be invoked as function", name)
    return x, "interface {}"


def _missing(name: str, elem: GoType | None, missingkey: str) -> Any:
    if missingkey == "zero":
        return None if elem is None else zero_value(elem)
    if missingkey == "error":
        raise GoError("map has no entry for key %q", name)
    return NO_VALUE


_INT_LIKE = INT_KINDS | UINT_KINDS


def _convert_key(key: Any, kt: GoType) -> Any:
    """Go's prepareArg for a map key: assignability, else int-kind conversion, else an error."""
    if key is NO_VALUE or key is None:
        if kt.kind in ("chan", "func", "interface", "map", "ptr", "slice"):
            return zero_value(kt)
        raise GoError(f"value is nil; should be of type {kt.name}")
    if kt.kind == "interface":
        return key
    vt = type_of(key)
    if vt == kt:
        return key
    if vt.kind in _INT_LIKE and kt.kind in _INT_LIKE:
        return as_type(kt, GoValue(kt, unwrap(key)).value)
    raise GoError(f"value has type {vt.name}; should be {kt.name}")


def _same_go_type(a: Any, b: Any) -> bool:
    return type(a) is type(b) and (type(a) is not GoValue or a.type == b.type)


def map_index(m: Any, key: Any) -> Any:
    """`index m key` on a map value: the element, or the zero value of the element type.

    Converts the key as Go's prepareArg does (raising `value has type int; should be string`).
    For map[string]any the zero value is None (a nil interface, printed `<no value>`).
    """
    if type(m) is dict:
        kt = type_of(m).key
        assert kt is not None  # a map type has a key type
        key = _convert_key(key, kt)
        if kt.kind != "interface":
            return m.get(key)
        if key in m:
            for k in m:
                if k == key and _same_go_type(k, key):
                    return m[k]
        return None
    kt, et = m.type.key, m.type.elem
    key = _convert_key(key, kt)
    d = m.value
    if d:
        raw = unwrap(key) if kt.kind != "interface" else key
        if raw in d:
            return as_type(et, d[raw])
        if key is not raw and key in d:
            return as_type(et, d[key])
    return zero_value(et)
