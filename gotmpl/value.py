"""Go value semantics for the engine: kinds, truth, indirection, range, field and key lookup.

Every rule about what a Python value means as a Go value lives here (and in `builtins`, which
builds on it), so the engine never asks `isinstance` itself. Conventions (see gotypes):
`NO_VALUE` is Go's invalid reflect.Value, `None` a nil interface, wrappers carry Go types, and
elements of a typed container are plain Python values that `as_type` re-types on the way out.
"""

from __future__ import annotations

from collections.abc import Callable
from types import BuiltinMethodType, MethodType
from typing import Any

from gotmpl.errors import GoError, type_arg
from gotmpl.gotypes import (
    ANY,
    BOOL,
    COMPLEX128,
    COMPLEX_KINDS,
    FLOAT64,
    FLOAT_KINDS,
    INT,
    INT_KINDS,
    NO_VALUE,
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

__all__ = [
    "as_type",
    "find_method",
    "format_v",
    "indirect",
    "indirect_interface",
    "is_true",
    "kind",
    "lookup_field",
    "map_index",
    "printable_value",
    "truth",
    "type_name",
    "unwrap",
]

_PLAIN_KIND = {bool: "bool", int: "int", float: "float64", complex: "complex128", str: "string"}
_PLAIN_TYPES = {BOOL, STRING, INT, FLOAT64, COMPLEX128}
_NUMERIC = INT_KINDS | UINT_KINDS | FLOAT_KINDS | COMPLEX_KINDS
_LENGTHED = frozenset({"string", "slice", "array", "map"})


def format_v(value: Any) -> str:
    """Go's `%v` of a value, for error messages (gofmt is imported lazily: built in parallel)."""
    from gotmpl.fmt.print import format_value

    return format_value(value)


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


def indirect_interface(v: Any) -> Any:
    """Go's indirectInterface: a nil interface becomes the invalid value."""
    return NO_VALUE if v is None else v


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
        return v
    if t is int or t is float or t is complex:
        return v != 0
    if t is str or t is list or t is dict or t is tuple or t is bytes:
        return len(v) > 0
    if v is None or v is NO_VALUE:
        return False
    if t is GoValue:
        k = v.type.kind
        x = v.value
        if k in _NUMERIC:
            return x != 0
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


def _is_struct_like(v: Any) -> bool:
    return not isinstance(
        v, (str, bytes, bytearray, list, tuple, dict, int, float, complex, GoValue, Struct, Pointer)
    ) and not (v is None or v is NO_VALUE)


def find_method(v: Any, name: str) -> Callable[..., Any] | None:
    """The method `name` of value `v` bound to its receiver, or None.

    Wrapper types take methods from GoType.methods (a pointer sees its own and its target's, as
    Go's method set of *T includes T's). Plain Python objects offer their public bound methods;
    a Python exception offers `Error`. Builtin containers (dict, list, str) have no methods.
    """
    t = type(v)
    if t is GoValue or isinstance(v, Struct):
        m = v.type.methods.get(name)
        return None if m is None else (lambda *args: m(v, *args))
    if t is Pointer:
        m = v.type.methods.get(name)
        if m is not None:
            return lambda *args: m(v, *args)
        target = v.target
        if target is None:
            return None
        return find_method(target, name)
    if _is_struct_like(v) and not callable(v):
        return _py_method(v, name)
    if isinstance(v, BaseException):
        return _py_method(v, name)
    return None


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
    elif _is_struct_like(rcv) and not callable(rcv):
        return _py_field(rcv, name, has_args, _static_name(receiver, static))
    raise GoError(
        "can't evaluate field %s in type %s", name, type_arg(_static_name(receiver, static))
    )


def _static_name(receiver: Any, static: str | None) -> str:
    """The receiver's type as Go's messages name it (computed only for errors: the type of a
    big dict is O(len) to work out)."""
    return static if static is not None else _static(receiver)


def _py_field(obj: Any, name: str, has_args: bool, typ: str) -> tuple[Any, str]:
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
    addressable = not copied and getattr(v, "addressable", False)
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
    if type(v) in (GoValue, Struct, Pointer):
        ms = v.type.methods
        return "String" in ms or "Error" in ms
    if isinstance(v, BaseException):
        return True
    if _is_struct_like(v):
        return callable(getattr(v, "String", None)) or callable(getattr(v, "Error", None))
    return False


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
    """An argument with interface boxing removed and a nil interface made invalid."""
    if type(v) is Iface:
        v = v.value
    return NO_VALUE if v is None else v


def is_nil(v: Any) -> bool:
    """Whether a value is a Go nil (interface, pointer, map, slice, func, chan)."""
    if v is NO_VALUE or v is None:
        return True
    if type(v) is Pointer:
        return v.target is None
    if type(v) is GoValue:
        return v.type.kind in ("map", "slice", "func", "chan", "ptr", "interface") and (
            v.value is None
        )
    return False
