"""Go signatures for Python callables, and Go's rules for passing values to typed parameters.

Go converts template arguments by each parameter's type. A Python callable states those types
through annotations: `int`, `float`, `str`, `bool`, `complex` (or a gotypes.GoType) make a typed
parameter; anything else, or no annotation, is `interface {}`. `*args` is Go's variadic `...`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from gotmpl import gotypes
from gotmpl.errors import GoError
from gotmpl.gotypes import (
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

__all__ = [
    "REFLECT",
    "Signature",
    "assignable",
    "prepare_call_arg",
    "signature_from_type",
    "signature_of",
    "to_python",
]

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
    """A Go func type: fixed parameter types, the variadic tail's element type, the results.

    `results` is None when unknown (a Python callable: one result, errors raised).
    """

    params: tuple[GoType, ...]
    variadic: GoType | None = None
    results: tuple[str, ...] | None = None

    def check_results(self, name: str) -> None:
        """Go's goodFunc: one result, or two where the second is `error`."""
        res = self.results
        if res is None or len(res) == 1 or (len(res) == 2 and res[1] == "error"):
            return
        if len(res) == 2:
            raise GoError(
                f"invalid function signature for {name}: second return value should be error; "
                f"is {res[1]}"
            )
        raise GoError(f"function {name} has {len(res)} return values; should be 1 or 2")

    @property
    def num_in(self) -> int:
        """Go's Type.NumIn: the fixed parameters, plus one for a variadic one."""
        return len(self.params) + (1 if self.variadic is not None else 0)

    def param(self, i: int) -> GoType:
        """The type of argument `i` (the variadic element type past the fixed ones)."""
        if i < len(self.params):
            return self.params[i]
        return self.variadic if self.variadic is not None else ANY


_UNKNOWN = Signature((), ANY)
#: The parameter type of Go's builtins that take reflect.Value: a missing value and a nil one
#: arrive distinct (NO_VALUE and None), where an `interface {}` parameter gets nil for both.
REFLECT = GoType("reflect", "reflect.Value")


def _go_type(annotation: Any) -> GoType:
    if isinstance(annotation, GoType):
        return annotation
    return _ANNOTATIONS.get(annotation, ANY)


@functools.lru_cache(maxsize=1024)
def _signature_cached(fn: Any) -> Signature:
    import inspect  # only templates that call functions of their own need it

    try:
        try:
            sig = inspect.signature(fn, eval_str=True)
        except NameError:
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


_BASIC = {t.name: t for t in (INT, FLOAT64, STRING, BOOL, COMPLEX128)}


def _split_top(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return parts


def signature_from_type(t: GoType) -> Signature | None:
    """The signature a Go func type's name spells (`func(string, ...int) (int, error)`)."""
    name = t.name
    if t.kind != "func" or not name.startswith("func("):
        return None
    depth, close = 0, len(name)
    for i, c in enumerate(name):
        depth += (c == "(") - (c == ")")
        if c == ")" and depth == 0:
            close = i
            break
    params_text, results_text = name[5:close], name[close + 1 :].strip()
    params = _split_top(params_text)
    variadic = None
    if params and params[-1].startswith("..."):
        variadic = _named_type(params.pop()[3:])
    if results_text.startswith("("):
        results = tuple(_split_top(results_text[1:-1]))
    else:
        results = (results_text,) if results_text else ()
    return Signature(tuple(_named_type(p) for p in params), variadic, results)


def _named_type(name: str) -> GoType:
    basic = getattr(gotypes, name.upper(), None)
    if isinstance(basic, GoType) and basic.name == name:
        return basic
    return _BASIC.get(name, ANY)


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
