"""Hypothesis strategies for values of our data model that the fmtoracle helper can rebuild.

`values()` draws plain JSON-like values, typed scalars (every int/uint/float/complex kind and
the helper's named types), typed slices/arrays/maps (nil ones too), anonymous and named structs
and pointers. Map keys have one Go type per map: fmt orders mixed interface keys by type
descriptor address, which no Python code can know.
"""

from __future__ import annotations

import math
import string
from typing import Any

from hypothesis import strategies as st

from gotmpl.gotypes import (
    ANY,
    BOOL,
    COMPLEX64,
    COMPLEX128,
    FLOAT32,
    FLOAT64,
    INT,
    INT8,
    INT16,
    INT32,
    INT64,
    STRING,
    UINT,
    UINT8,
    UINT16,
    UINT32,
    UINT64,
    UINTPTR,
    GoType,
    GoValue,
    Pointer,
    Struct,
    array_of,
    map_of,
    ptr_to,
    slice_of,
    struct_type,
)

from .client import NAMED

__all__ = ["FORMAT_VERBS", "formats", "json_values", "values"]

_BITS = {INT8: 8, INT16: 16, INT32: 32, INT64: 64, INT: 64}
_UBITS = {UINT8: 8, UINT16: 16, UINT32: 32, UINT64: 64, UINT: 64, UINTPTR: 64}

floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e21, 1e20, 1e-7, 1e-6, 1e6, 123456.0, 0.1, 2.5, 1e100, 5e-324]),
    st.integers(-(10**7), 10**7).map(lambda i: i / 8),
)
# Text with ASCII specials, non-ASCII, and invalid UTF-8 bytes (surrogate escapes).
texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(string.printable + "é日😀\u2028\ufffd\ufeff\x00\x7f`'\"\\<>&")),
        st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF),
        st.characters(codec="utf-8"),
    ),
    max_size=12,
)


def raw_of(t: GoType) -> st.SearchStrategy[Any]:
    """A payload of Go type `t` as it sits in a typed container (plain scalars)."""
    if t in _BITS:
        b = _BITS[t]
        return st.integers(-(2 ** (b - 1)), 2 ** (b - 1) - 1)
    if t in _UBITS:
        return st.integers(0, 2 ** _UBITS[t] - 1)
    if t == FLOAT64:
        return floats
    if t == FLOAT32:
        return floats.map(lambda x: GoValue(FLOAT32, x).value)
    if t in (COMPLEX128, COMPLEX64):
        return st.builds(complex, floats, floats)
    if t == STRING:
        return texts
    if t == BOOL:
        return st.booleans()
    raise ValueError(t)


SCALAR_TYPES = [INT8, INT16, INT32, INT64, UINT, UINT8, UINT16, UINT32, UINT64, UINTPTR]
SCALAR_TYPES += [FLOAT32, COMPLEX64, COMPLEX128, FLOAT64, STRING, BOOL, INT]
KEY_TYPES = [INT, INT8, UINT16, STRING, FLOAT64, BOOL]

typed_scalars = st.sampled_from(SCALAR_TYPES).flatmap(
    lambda t: raw_of(t).map(lambda v: GoValue(t, v))
)
named_scalars = st.one_of(
    st.integers(-(2**63), 2**63 - 1).map(lambda v: GoValue(NAMED["main.MyInt"], v)),
    st.integers(0, 255).map(lambda v: GoValue(NAMED["main.MyUint8"], v)),
    texts.map(lambda v: GoValue(NAMED["main.MyStr"], v)),
    floats.map(lambda v: GoValue(NAMED["main.MyFloat"], v)),
    st.booleans().map(lambda v: GoValue(NAMED["main.MyBool"], v)),
    floats.filter(math.isfinite).map(lambda v: GoValue(NAMED["main.Celsius"], v)),
    st.integers(0, 9).map(lambda v: GoValue(NAMED["main.Pan"], v)),
    st.integers(-5, 5).map(lambda v: Struct(NAMED["main.Str"], N=v)),
)
plain_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    floats,
    texts,
    st.binary(max_size=6),
    st.builds(complex, floats, floats),
)


def _typed_containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    elem_t = st.sampled_from(SCALAR_TYPES)
    key_t = st.sampled_from(KEY_TYPES)

    def typed_slice(t: GoType) -> st.SearchStrategy[Any]:
        return st.one_of(
            st.lists(raw_of(t), max_size=4).map(lambda xs: GoValue(slice_of(t), xs)),
            st.just(GoValue(slice_of(t), None)),
            st.lists(raw_of(t), min_size=2, max_size=2).map(lambda xs: GoValue(array_of(2, t), xs)),
        )

    def typed_map(k: GoType, v: GoType) -> st.SearchStrategy[Any]:
        keys = raw_of(k).filter(lambda x: not (isinstance(x, float) and math.isnan(x)))
        return st.one_of(
            st.dictionaries(keys, raw_of(v), max_size=4).map(lambda d: GoValue(map_of(k, v), d)),
            st.just(GoValue(map_of(k, v), None)),
        )

    field_names = st.lists(
        st.sampled_from(["A", "B", "Name", "X", "Zed", "É"]), min_size=0, max_size=3, unique=True
    )

    def anon_struct(names: list[str]) -> st.SearchStrategy[Any]:
        types = st.lists(st.sampled_from([INT, STRING, ANY, FLOAT64, UINT8]), min_size=len(names),
                         max_size=len(names))  # fmt: skip

        def build(ts: list[GoType]) -> st.SearchStrategy[Any]:
            stype = struct_type("", list(zip(names, ts, strict=True)))
            vals = [children if t == ANY else raw_of(t) for t in ts]
            return st.tuples(*vals).map(
                lambda vs: Struct(stype, **dict(zip(names, vs, strict=True)))
            )

        return types.flatmap(build)

    return st.one_of(
        elem_t.flatmap(typed_slice),
        st.tuples(key_t, elem_t).flatmap(lambda kv: typed_map(*kv)),
        field_names.flatmap(anon_struct),
        st.tuples(st.integers(-3, 3), texts, children).map(
            lambda t: Struct(NAMED["main.T"], A=t[0], B=t[1], C=t[2])
        ),
        st.lists(st.integers(-9, 9), max_size=3).map(lambda xs: GoValue(NAMED["main.MyList"], xs)),
        st.just(GoValue(NAMED["main.MyList"], None)),
        st.just(Pointer(None, ptr_to(NAMED["main.T"]))),
        st.just(Pointer(None, ptr_to(INT))),
    )


def values(pointers: bool = True) -> st.SearchStrategy[Any]:
    """Random values of the data model, nested a few levels."""
    leaves = st.one_of(plain_scalars, typed_scalars, named_scalars)

    def extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(texts, children, max_size=4),
            st.dictionaries(st.integers(-50, 50), children, max_size=3),
            _typed_containers(children),
        )

    tree = st.recursive(leaves, extend, max_leaves=10)
    if not pointers:
        return tree
    top_ptr = st.one_of(
        st.tuples(st.integers(-3, 3), texts, tree).map(
            lambda t: Pointer(Struct(NAMED["main.T"], A=t[0], B=t[1], C=t[2]))
        ),
        st.just(Pointer(Struct(NAMED["main.E"]))),
    )
    return st.one_of(tree, top_ptr)


def json_values() -> st.SearchStrategy[Any]:
    """JSON-like values: what a webhook template usually marshals."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        floats.filter(math.isfinite),
        texts,
    )
    return st.recursive(
        leaves,
        lambda c: st.one_of(st.lists(c, max_size=4), st.dictionaries(texts, c, max_size=4)),
        max_leaves=12,
    )


FORMAT_VERBS = list("vdsqxXoObeEfFgGtcUTw") + ["z", "%"]
_flags = st.lists(st.sampled_from(list("+-# 0")), max_size=3).map("".join)
_num = st.one_of(st.just(""), st.integers(0, 25).map(str), st.just("*"))


@st.composite
def formats(draw: st.DrawFn) -> str:
    """A printf format of 1-3 directives with flags, width, precision and `[n]` indexes."""
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        lit = draw(st.sampled_from(["", " ", "|", "x="]))
        idx = draw(st.sampled_from(["", "", "", "[1]", "[2]", "[3]"]))
        prec = draw(st.one_of(st.just(""), _num.map(lambda n: "." + n)))
        verb = draw(st.sampled_from(FORMAT_VERBS))
        parts.append(lit + "%" + draw(_flags) + idx + draw(_num) + prec + verb)
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["%", "%!", "%[", "%.", "%-"])))
    return "".join(parts)
