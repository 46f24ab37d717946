"""Go signatures for Python callables, and Go's rules for passing values to typed parameters.

Go converts template arguments by each parameter's type. A Python callable states those types
through annotations: `int`, `float`, `str`, `bool`, `complex` (or a gotypes.GoType) make a typed
parameter; anything else, or no annotation, is `interface {}`. `*args` is Go's variadic `...`.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass
from typing import Any

from .errors import GoError
from .gotypes import (
    ANY,
    BOOL,
    COMPLEX128,
    FLOAT64,
    INT,
    INT_KINDS,
    NILLABLE_KINDS,
    NO_VALUE,
    STRING,
    UINT_KINDS,
    GoType,
    GoValue,
    type_of,
    zero_value,
)

__all__ = ["Signature", "assignable", "prepare_call_arg", "signature_of"]

_ANNOTATIONS: dict[Any, GoType] = {
    int: INT,
    float: FLOAT64,
    str: STRING,
    bool: BOOL,
    complex: COMPLEX128,
    "int": INT,
    "float": FLOAT64,
    "str": STRING,
    "bool": BOOL,
    "complex": COMPLEX128,
}


@dataclass(frozen=True)
class Signature:
    """A Go func type: fixed parameter types, and the element type of a variadic tail."""

    params: tuple[GoType, ...]
    variadic: GoType | None = None

    @property
    def num_in(self) -> int:
        return len(self.params) + (1 if self.variadic is not None else 0)

    def param(self, i: int) -> GoType:
        """The type of argument `i` (the variadic element type past the fixed ones)."""
        if i < len(self.params):
            return self.params[i]
        return self.variadic if self.variadic is not None else ANY


_UNKNOWN = Signature((), ANY)


def _go_type(annotation: Any) -> GoType:
    if isinstance(annotation, GoType):
        return annotation
    return _ANNOTATIONS.get(annotation, ANY)


@functools.lru_cache(maxsize=1024)
def _signature_cached(fn: Any) -> Signature:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return _UNKNOWN
    params: list[GoType] = []
    variadic = None
    for p in sig.parameters.values():
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            params.append(_go_type(p.annotation))
        elif p.kind == p.VAR_POSITIONAL:
            variadic = _go_type(p.annotation)
    return Signature(tuple(params), variadic)


def signature_of(fn: Any) -> Signature:
    """The Go signature a Python callable presents to templates."""
    try:
        return _signature_cached(fn)
    except TypeError:  # unhashable callable
        return _signature_cached.__wrapped__(fn)


def assignable(value: Any, t: GoType) -> bool:
    """Whether a (non-nil) value of our model is assignable to Go type `t`."""
    if t.kind == "interface":
        return True
    return type_of(value) == t


def to_python(value: Any, t: GoType) -> Any:
    """The Python object a callable receives for a value passed as type `t`.

    Typed basic values arrive as plain Python numbers and strings; interface parameters get the
    value as the engine holds it (wrappers included).
    """
    if t.kind == "interface":
        return value
    if type(value) is GoValue and t.kind not in NILLABLE_KINDS and t.kind not in ("array",):
        return value.value
    return value


def prepare_call_arg(value: Any, t: GoType) -> Any:
    """Go's prepareArg for the `call` builtin: nil, assignability, or int-kind conversion."""
    if value is NO_VALUE or value is None:
        if t.kind not in NILLABLE_KINDS:
            raise GoError(f"value is nil; should be of type {t.name}")
        return zero_value(t)
    if assignable(value, t):
        return value
    vt = type_of(value)
    int_like = INT_KINDS | UINT_KINDS
    if vt.kind in int_like and t.kind in int_like:
        raw = value.value if type(value) is GoValue else value
        return raw if t == INT else GoValue(t, raw)
    raise GoError(f"value has type {vt.name}; should be {t.name}")
