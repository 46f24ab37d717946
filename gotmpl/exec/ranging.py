"""What `{{range}}` visits, in Go's order: slices, maps (internal/fmtsort's key order), ints,
channels and iterator functions, with Go's errors for what cannot be ranged over."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gotmpl import safe
from gotmpl.errors import GoError
from gotmpl.fmtsort import sorted_items
from gotmpl.gotypes import (
    INT_KINDS,
    NO_VALUE,
    UINT8,
    UINT_KINDS,
    GoType,
    GoValue,
    Pointer,
    Struct,
    addressed,
)
from gotmpl.value import as_type, indirect

__all__ = ["boxes_elements", "range_items", "sorted_map_items"]

# ---------------------------------------------------------------------------------------------
# Map ordering (internal/fmtsort)


def sorted_map_items(m: Any) -> list[tuple[Any, Any]]:
    """The (key, elem) pairs of a map value in Go's fmtsort order, typed as Go sees them."""
    if type(m) is GoValue:
        if not m.value:
            return []
        kt, et = m.type.key, m.type.elem
        assert kt is not None and et is not None  # a map type has both
        return [(as_type(kt, k), as_type(et, x)) for k, x in sorted_items(m.value, kt)]
    return sorted_items(m, None)  # map[string]any or map[any]any: keys as interfaces


# ---------------------------------------------------------------------------------------------
# range


def _iterate(source: Any) -> Iterator[Any]:
    """Elements of a Python iterable, or of a Go-style push iterator `f(yield_fn)`."""
    if hasattr(type(source), "__iter__") or hasattr(type(source), "__next__"):
        return iter(source)
    collected: list[Any] = []

    def _yield(*vals: Any) -> bool:
        collected.append(vals[0] if len(vals) == 1 else vals)
        return True

    source(_yield)
    return iter(collected)


def _counted(elems: Iterator[Any], et: GoType | None) -> Iterator[tuple[Any, Any]]:
    for i, x in enumerate(elems):
        yield i, (as_type(et, x) if et is not None else x)


def _int_range(n: Any, nvars: int) -> Iterator[tuple[Any, Any]]:
    if nvars > 1:
        raise GoError("can't use %v to iterate over more than one variable", n)
    if type(n) is int:
        return ((NO_VALUE, i) for i in range(n))
    t = n.type
    return ((NO_VALUE, GoValue(t, i)) for i in range(n.value))


def range_items(v: Any, nvars: int) -> Iterator[tuple[Any, Any]]:
    """The (key, elem) pairs `{{range}}` visits for pipeline value `v` with `nvars` variables.

    Checks happen at call time (errors raise GoError before any element); the returned iterator
    is lazy for channels and iterators. Key is NO_VALUE where Go passes no index (int ranges,
    iter.Seq). The engine runs `else` when the iterator yields nothing. Python iterables that
    are not sequences range like Go channels: (counter, elem).
    """
    t = type(v)
    if t is list or t is tuple:
        return enumerate(v)
    if t is dict:
        return iter(sorted_map_items(v))
    if t is int:
        return _int_range(v, nvars)
    if v is NO_VALUE or v is None:
        return iter(())
    v, _ = indirect(v)
    t = type(v)
    if t is list or t is tuple:
        return enumerate(v)
    if t is dict:
        return iter(sorted_map_items(v))
    if t is bytes or t is bytearray:
        return ((i, GoValue(UINT8, b)) for i, b in enumerate(v))
    if t is GoValue:
        k = v.type.kind
        x = v.value
        if k in ("slice", "array"):
            if not x:
                return iter(())
            et = v.type.elem
            if k == "slice" or v.addressable:  # elements in place are addressable, as in Go
                return ((i, addressed(as_type(et, e))) for i, e in enumerate(x))
            return ((i, as_type(et, e)) for i, e in enumerate(x))
        if k == "map":
            return iter(sorted_map_items(v))
        if k in INT_KINDS or k in UINT_KINDS:
            return _int_range(v, nvars)
        if k == "chan":
            return iter(()) if x is None else _counted(_iterate(x), v.type.elem)
        if k == "func" and x is not None:
            name = v.type.name
            if name.startswith("iter.Seq2["):
                if nvars > 1:
                    return iter(_iterate(x))
                return ((NO_VALUE, kv[0]) for kv in _iterate(x))
            if name.startswith("iter.Seq["):
                if nvars > 1:
                    raise GoError("can't use %v iterate over more than one variable", v)
                return ((NO_VALUE, e) for e in _iterate(x))
    elif (
        t is not str
        and t is not Struct
        and t is not Pointer
        and not isinstance(v, (BaseException, bool, float, complex))
        and (hasattr(t, "__iter__") or hasattr(t, "__next__"))
    ):
        safe.guard(v, "elements")
        return _counted(_iterate(v), None)
    raise GoError("range can't iterate over %v", v)


def boxes_elements(value: Any) -> bool:
    """Whether a range over `value` yields interface-typed elements (Go reports them so)."""
    t = type(value)
    if t is list or t is tuple or t is dict:
        return True
    if t is GoValue and value.type.elem is not None:
        elem: GoType = value.type.elem
        return elem.kind == "interface"
    return False
