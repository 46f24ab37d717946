"""Safe mode: the one rule about which Python objects a render may look into.

A template set made with `Template(name, safe=True)` is meant for templates written by someone
else. Its renders reach data only through the values the data model defines without looking
into Python objects: None, bool, int, float, complex, str, bytes, list, tuple, dict, the
wrappers of gotmpl.gotypes (GoValue, Struct, Pointer, with the methods their Go types declare)
and the declared fields of dataclass instances; and they call only the builtins and the
functions registered with `.funcs()`. Any other object (a `pathlib.Path`, an open file, a
bound method, an exception) may still be held in a variable, tested for truth, compared by
identity and handed to a registered function, but reading its attributes, calling its
methods (a String or Error method included), iterating it or calling it fails.

The engine looks into Python objects in a few places only, and each asks `guard` first:
methods and fields (value.method, value.fields, exec/lookup.py, the compiled bodies' field
reads in exec/inline.py), ranging over an iterable (exec/ranging.py) and the `call` builtin
(`check_call`). fmt, json, the comparisons and map ordering read objects through value.py, so
printing, `toJson` and `eq` follow the same rule. A safe set's compiled bodies run under its
`Policy` (exec/compile.py), which everything they call, registered functions included, sees
through `ACTIVE`; plain data never reaches a guard, so a safe render of plain data does
exactly what an ordinary one does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from gotmpl.errors import GoError
from gotmpl.gotypes import type_of

__all__ = ["ACTIVE", "Policy", "Unsafe", "active", "check_call", "guard"]


class Policy:
    """What a safe render may call besides the builtins: the set's registered functions."""

    __slots__ = ("funcs",)

    def __init__(self, funcs: Iterable[Callable[..., Any]]) -> None:
        self.funcs = tuple(funcs)


#: The policy of the safe render running in this context, or None outside safe renders.
ACTIVE: ContextVar[Policy | None] = ContextVar("gotmpl_safe_policy", default=None)


class Unsafe(GoError):
    """A safe render tried to look into a Python object that is not plain data."""


def active() -> bool:
    """Whether a safe render is running in this context."""
    return ACTIVE.get() is not None


def guard(obj: Any, what: str) -> None:
    """Raise Unsafe when a safe render is running: the engine is about to look into `obj`, a
    Python object outside the plain values, for `what` (a field or method name, "fields",
    "elements")."""
    if ACTIVE.get() is not None:
        raise Unsafe(
            "safe mode: can't reach %s of %s, which is not plain data", what, type_of(obj).name
        )


def check_call(fn: Any, name: str) -> None:
    """Raise Unsafe when a safe render is running and `fn` (the callee of `call`, named `name`
    in the template) is not one of the set's registered functions."""
    policy = ACTIVE.get()
    if policy is not None and not any(fn is f for f in policy.funcs):
        raise Unsafe(
            "safe mode: can't call %s, which is not a function registered with funcs()", name
        )
