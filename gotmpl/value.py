"""Go's view of Python values: kinds, types and payloads, truth, indirection, methods, nil.

Every rule about what a Python value means as a Go value lives here (with gotypes, the data
model, and fmtsort, Go's map order): the executor, fmt, json and the comparisons all read
values through it. Conventions (see gotypes): `NO_VALUE` is Go's invalid reflect.Value, `None`
a nil interface, wrappers carry Go types, and elements of a typed container are plain Python
values that `as_type` re-types on the way out.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from types import BuiltinMethodType, MethodType
from typing import Any

from gotmpl import safe
from gotmpl.errors import GoError
from gotmpl.gotypes import (
    ANY,
    BOOL,
    BYTES,
    COMPLEX128,
    COMPLEX_KINDS,
    FLOAT64,
    FLOAT_KINDS,
    INT,
    INT_KINDS,
    MAP_ANY_ANY,
    MAP_STRING_ANY,
    NO_VALUE,
    SLICE_ANY,
    STRING,
    UINT8,
    UINT_KINDS,
    GoType,
    GoValue,
    Pointer,
    Struct,
    pointer_type,
    type_of,
    zero_value,
)
from gotmpl.pyvalues import go_meaning, no_fields

__all__ = [
    "Iface",
    "NilReceiver",
    "arg_value",
    "as_type",
    "dyn",
    "exported",
    "fields",
    "has_methods",
    "in_place",
    "indirect",
    "is_nil",
    "is_nil_payload",
    "is_struct_like",
    "is_true",
    "kind",
    "method",
    "printable_value",
    "slot",
    "truth",
    "type_name",
    "unwrap",
]

_PLAIN_KIND = {bool: "bool", int: "int", float: "float64", complex: "complex128", str: "string"}
_PLAIN_TYPES = {BOOL, STRING, INT, FLOAT64, COMPLEX128}
_NUMERIC = INT_KINDS | UINT_KINDS | FLOAT_KINDS | COMPLEX_KINDS
_LENGTHED = frozenset({"string", "slice", "array", "map"})


def kind(v: Any) -> str:
    """The Go reflect kind of a value; "invalid" for NO_VALUE and a nil interface (None)."""
    k = _PLAIN_KIND.get(type(v))
    if k is not None:
        return k
    if v is None or v is NO_VALUE:
        return "invalid"
    if isinstance(v, (GoValue, Struct, Pointer)):
        return v.type.kind
    if isinstance(v, (list, tuple, bytes, bytearray)):
        return "slice"
    if isinstance(v, dict):
        return "map"
    return type_of(v).kind


def type_name(v: Any) -> str:
    """What `%T` / reflect's Type.String() says for a value (`<nil>` for nil and NO_VALUE)."""
    if v is None or v is NO_VALUE:
        return "<nil>"
    return type_of(v).name


def unwrap(v: Any) -> Any:
    """The plain Python payload of a value (a GoValue's `.value`, anything else itself)."""
    return v.value if type(v) is GoValue else v


def indirect(v: Any) -> tuple[Any, bool]:
    """Go's indirect: follow pointers to the end; returns (value, stopped_at_nil).

    A nil interface (None) and a nil Pointer stop the walk and are returned with True.
    """
    while True:
        if v is None:
            return v, True
        if type(v) is Pointer:
            if v.target is None:
                return v, True
            v = v.target
            continue
        return v, False


def as_type(t: GoType, raw: Any) -> Any:
    """A container element `raw` re-typed as Go type `t` (the static element type).

    Interface elements stay as they are. Wrappers are kept. Plain values of a basic type that
    Python already spells (int, str, float...) stay plain; others are wrapped so that `%T`,
    comparisons and further lookups see the element's real Go type.
    """
    if t.kind == "interface" or isinstance(raw, (GoValue, Struct, Pointer)):
        return raw
    if raw is None:
        return zero_value(t)
    if t in _PLAIN_TYPES and not t.named:
        return raw
    if t.kind == "slice" and t.elem == ANY and not t.named and isinstance(raw, (list, tuple)):
        return raw
    if t.kind == "map" and not t.named and isinstance(raw, dict) and type_of(raw) == t:
        return raw
    if t.kind == "slice" and t.elem == UINT8 and not t.named and isinstance(raw, bytes):
        return raw
    return GoValue(t, raw)


# ---------------------------------------------------------------------------------------------
# Truth


def is_true(v: Any) -> bool:
    """Go's isTrue: the truth of a value for if/with/and/or/not.

    Raises GoError when Go's isTrue reports !ok (a value of no known kind); the engine words
    the `if/with can't use` message around it.
    """
    t = type(v)
    if t is bool:
        return v is True
    if t is int or t is float or t is complex:
        nonzero: bool = v != 0
        return nonzero
    if t is str or t is list or t is dict or t is tuple or t is bytes:
        return len(v) > 0
    if v is None or v is NO_VALUE:
        return False
    if t is GoValue:
        k = v.type.kind
        x = v.value
        if k in _NUMERIC:
            nonzero = x != 0
            return nonzero
        if k in _LENGTHED:
            return x is not None and len(x) > 0
        if k == "bool":
            return bool(x)
        if k in ("chan", "func", "interface", "ptr", "unsafeptr"):
            return x is not None
        if k == "struct":
            return True
        raise GoError("can't use value of kind %s", k)
    if t is Pointer:
        return v.target is not None
    meaning = go_meaning(v)
    if meaning is not v:
        return is_true(meaning)
    # Struct, exceptions (pointers), callables, iterables and plain objects are non-nil.
    return True


def truth(v: Any) -> bool:
    """Go's truth(): is_true with the !ok case read as false (and/or/not use this)."""
    try:
        return is_true(v)
    except GoError:
        return False


# ---------------------------------------------------------------------------------------------
# Methods, fields and map keys


def _py_method(obj: Any, name: str) -> Callable[..., Any] | None:
    if name[:1] == "_":
        return None
    if isinstance(obj, BaseException):
        if name == "Error":
            return lambda: str(obj)
        if hasattr(BaseException, name):
            return None
    attr = getattr(type(obj), name, None)
    if attr is None or isinstance(attr, (property, staticmethod)):
        return None
    bound = getattr(obj, name, None)
    if isinstance(bound, MethodType) or (
        isinstance(bound, BuiltinMethodType) and getattr(bound, "__self__", None) is obj
    ):
        return bound
    return None


def is_struct_like(v: Any) -> bool:
    """Whether a value is a plain Python object the data model reads as a Go struct."""
    return not isinstance(
        v, (str, bytes, bytearray, list, tuple, dict, int, float, complex, GoValue, Struct, Pointer)
    ) and not (v is None or v is NO_VALUE)


class NilReceiver(GoError):
    """A value method called through a nil pointer: Go's run-time panic (fmt prints such a
    value as <nil>; a template call reports the panic)."""


def method(v: Any, name: str, in_place: bool = False) -> tuple[Callable[..., Any], Any] | None:
    """Go's method `name` of `v`: the method bound to its receiver (call it with the call's
    arguments), and the function whose signature it has (the receiver first, unless it is
    the bound method itself); None when `v` has no such method.

    Wrappers take methods from their GoType: a pointer has its own and its target's (an
    element reached through a pointer is in place), a value `in_place` (addressable: a template
    reads a field through a pointer, say; fmt never sees one) also its pointer type's, and a
    value method called through a nil pointer raises NilReceiver as Go panics.
    A plain Python object offers the public methods its class defines (not properties or
    static methods); an exception offers Error. Dicts, lists and scalars have no methods.
    """
    t = type(v)
    if t is GoValue or t is Pointer or isinstance(v, Struct):
        m = v.type.methods.get(name)
        if m is not None:
            return (lambda *args: m(v, *args)), m
        if t is Pointer:
            target = v.target
            if target is not None:
                return method(target, name, in_place=True)
            elem = v.type.elem
            m = elem.methods.get(name) if elem is not None else None
            return None if m is None else (_nil_receiver(elem, name), m)
        if in_place:
            ptr = pointer_type(v.type)
            pm = None if ptr is None else ptr.methods.get(name)
            if pm is not None:
                at = Pointer(v, ptr)
                return (lambda *args: pm(at, *args)), pm
        return None
    meaning = go_meaning(v)
    if meaning is not v:
        return method(meaning, name, in_place)
    if isinstance(v, BaseException) or (is_struct_like(v) and not callable(v)):
        if safe.active():
            # In safe mode an exception is a Go error value (Error alone) and a dataclass is
            # its fields; any other object is not to be looked into.
            if isinstance(v, BaseException):
                if name != "Error":
                    return None
            elif dataclasses.is_dataclass(v):
                return None
            else:
                safe.guard(v, name)
        bound = _py_method(v, name)
        return None if bound is None else (bound, bound)
    return None


def in_place(v: Any) -> bool:
    """Whether a value is addressable (a struct field or slice element reached in place): only
    the wrappers of gotypes can be; an attribute of that name on any other object is data."""
    return (type(v) is GoValue or isinstance(v, Struct)) and v.addressable


def _nil_receiver(elem: GoType, name: str) -> Callable[..., Any]:
    short = elem.name.rsplit(".", 1)[-1]

    def call(*args: Any) -> Any:
        raise NilReceiver("value method %s.%s called using nil *%s pointer", elem.name, name, short)

    return call


# ---------------------------------------------------------------------------------------------
# Printing


def printable_value(v: Any, copied: bool = False) -> tuple[Any, bool]:
    """Go's printableValue: the value fmt should print for an action or html/js/urlquery.

    Pointers are followed (a nil one is kept, fmt prints `<nil>`); the invalid value and a nil
    interface become the string "<no value>"; an addressable value (one reached through a
    pointer, a struct field in place) whose *T alone is a Stringer or error is printed through
    its address. A value `copied` into a function's `any` parameter (html, js, urlquery) is
    no longer in place. Returns (value, False) for funcs and channels, which cannot be printed.
    """
    addressable = not copied and in_place(v)
    if type(v) is Pointer:
        target, is_nil = indirect(v)
        if is_nil:
            return target, True
        v, addressable = target, True
    if v is NO_VALUE or v is None:
        return "<no value>", True
    if _has_string_or_error(v):
        return v, True
    if addressable and isinstance(v, (GoValue, Struct)):
        ptr = pointer_type(v.type)
        if ptr is not None and ("String" in ptr.methods or "Error" in ptr.methods):
            return Pointer(v, ptr), True
    k = kind(v)
    if k == "chan" or k == "func":
        return None, False
    return v, True


def _has_string_or_error(v: Any) -> bool:
    return method(v, "String") is not None or method(v, "Error") is not None


# ---------------------------------------------------------------------------------------------
# Arguments as builtins see them


class Iface:
    """An argument whose static Go type is `interface {}` (a field of map[string]any, say).

    Only `slice` tells such an index apart (Go does not unwrap slice indexes, so it reports
    `cannot index slice/array with type interface {}`); every builtin accepts and unwraps it.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def arg_value(v: Any) -> Any:
    """An argument with interface boxing removed, a nil interface made invalid, and a Python
    value that stands for a Go value (pyvalues) made that value."""
    if type(v) is Iface:
        v = v.value
    if v is None:
        return NO_VALUE
    return v if type(v) in _GO_DATA else go_meaning(v)


#: Classes whose values are Go data as they are (no call to go_meaning needed).
_GO_DATA = frozenset(
    {str, int, float, bool, complex, bytes, list, tuple, dict, GoValue, Struct, Pointer}
)


def is_nil(v: Any) -> bool:
    """Whether a value is a Go nil (interface, pointer, map, slice, func, chan)."""
    t, raw = dyn(v)
    return t is None or is_nil_payload(t, raw)


# ---------------------------------------------------------------------------------------------
# The value view fmt, json, fmtsort and comparisons read values through: every Python value as
# a pair (its Go type, its payload): the plain scalar, the list/dict (None for a nil map or
# slice), the Struct or plain object, or the Pointer. Elements of typed containers may be plain
# values of the element type, so the static type of the slot decides what a plain value means.

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
    meaning = go_meaning(v)
    if meaning is not v:
        return dyn(meaning)
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


def is_nil_payload(t: GoType, raw: Any) -> bool:
    """Whether a nillable payload is nil (a nil map, slice, pointer, func)."""
    if raw is None:
        return True
    return isinstance(raw, Pointer) and raw.target is None


def fields(t: GoType, raw: Any) -> list[tuple[str, GoType | None, Any]]:
    """A struct's fields in declaration order: (name, static type or None, value)."""
    if not isinstance(raw, Struct):
        raw = go_meaning(raw)
    if isinstance(raw, Struct):
        return [(f.name, f.type, raw.get(f.name)) for f in raw.type.fields]
    if dataclasses.is_dataclass(raw):
        names = [f.name for f in dataclasses.fields(raw)]
    else:
        safe.guard(raw, "fields")
        attrs = getattr(raw, "__dict__", None)
        names = [*_slot_names(type(raw), raw), *(attrs or ())]
        if attrs is None and not any(name[:1] != "_" for name in names):
            raise no_fields(raw)
    out: list[tuple[str, GoType | None, Any]] = []
    for name in names:
        if name.startswith("_"):
            continue
        value = getattr(raw, name)
        if callable(value) and not isinstance(value, type):
            continue
        out.append((name, None, value))
    return out


def _slot_names(cls: type, obj: Any) -> list[str]:
    """The `__slots__` attributes set on `obj`, in declaration order (base classes first)."""
    return [name for name in _declared_slots(cls) if hasattr(obj, name)]


@functools.lru_cache(maxsize=256)
def _declared_slots(cls: type) -> tuple[str, ...]:
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        slots = klass.__dict__.get("__slots__", ())
        for name in (slots,) if isinstance(slots, str) else slots:
            if name not in ("__dict__", "__weakref__") and name not in names:
                names.append(name)
    return tuple(names)


def exported(raw: Any, name: str) -> bool:
    """Whether field `name` of struct `raw` is exported, so that fmt calls its methods and
    toJson writes it: every declared field of a dataclass (a record whose fields are its
    public face, named as declared); else Go's rule, an upper case first letter."""
    return name[:1].isupper() or (not isinstance(raw, Struct) and dataclasses.is_dataclass(raw))


def has_methods(t: GoType, raw: Any) -> bool:
    """Cheap test: could this value be an error/Stringer at all?"""
    if t.methods:
        return True
    if t.kind == "ptr":
        return True
    return t.kind == "struct" and not isinstance(raw, Struct)
