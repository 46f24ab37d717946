"""Value semantics (truth, range, field and key lookup) against real Go.

Each case runs through conformance/builtinsoracle (`{{if}}`, `{{range}}`, `.Field`) and through
gotmpl.values; Go's answer is the expected one.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from conformance.builtinsoracle.client import (
    S_TYPE,
    SP_TYPE,
    BuiltinsOracle,
    go_available,
    normalize,
    tag,
)
from gotmpl.errors import GoError
from gotmpl.exec.lookup import lookup_field
from gotmpl.exec.ranging import range_items, sorted_map_items
from gotmpl.fmt.print import sprint
from gotmpl.gotypes import (
    BOOL,
    COMPLEX64,
    FLOAT32,
    FLOAT64,
    INT,
    INT8,
    NO_VALUE,
    STRING,
    UINT,
    UINT8,
    GoType,
    GoValue,
    Pointer,
    Struct,
    array_of,
    map_of,
    named,
    ptr_to,
    slice_of,
)
from gotmpl.value import is_true, kind

pytestmark = [
    pytest.mark.go,
    pytest.mark.skipif(not go_available(), reason="needs the go toolchain"),
]

MYINT = named("main.MyInt", INT)
MYSTR = named("main.MyStr", STRING)
CHAN = GoType("chan", "chan int", elem=INT)
FUNC = GoType("func", "func() int")


TRUTH_CASES: list[Any] = [
    None,
    NO_VALUE,
    0,
    1,
    -1,
    0.0,
    -0.0,
    float("nan"),
    0.5,
    0j,
    1.5j,
    "",
    "0",
    "false",
    [],
    [0],
    {},
    {"a": None},
    b"",
    b"x",
    True,
    False,
    GoValue(UINT8, 0),
    GoValue(UINT8, 1),
    GoValue(FLOAT32, 0.0),
    GoValue(FLOAT32, 1e-50),
    GoValue(COMPLEX64, 0j),
    GoValue(MYINT, 0),
    GoValue(MYSTR, ""),
    GoValue(MYSTR, "x"),
    GoValue(slice_of(INT), None),
    GoValue(slice_of(INT), []),
    GoValue(map_of(STRING, INT), None),
    GoValue(map_of(STRING, INT), {"a": 0}),
    GoValue(array_of(0, INT), []),
    GoValue(array_of(1, INT), [0]),
    Struct(S_TYPE),
    Pointer(Struct(S_TYPE)),
    Pointer(None, ptr_to(S_TYPE)),
    Pointer(GoValue(INT, 0)),
    GoValue(CHAN, []),
    GoValue(CHAN, None),
    GoValue(FUNC, lambda: 1),
    GoValue(FUNC, None),
]


@pytest.mark.parametrize("value", TRUTH_CASES, ids=repr)
def test_truth(builtins_oracle: BuiltinsOracle, value: Any) -> None:
    go = builtins_oracle.ask("truth", [value])
    assert go == {"result": is_true(value)}


def _our_range(value: Any, nvars: int) -> dict[str, Any]:
    try:
        items = list(range_items(value, nvars))
    except GoError as e:
        return {"error": str(e)}
    if nvars == 2:
        return {"result": [[tag(k), tag(v)] for k, v in items]}
    return {"result": [tag(v) for _, v in items]}


RANGE_CASES: list[Any] = [
    [1, "a", None],
    [],
    (1, 2),
    {"b": 2, "a": 1, "c": 3},
    {"é": 1, "z": 2, "Z": 3, "": 4},
    {},
    {"b": 1, 2: 2, "a": 3, 1.5: 5, True: 6, -1: 7},
    {False: 1, True: 0},
    {None: 1, "a": 2},
    # Keys of several sized int types are left out: Go orders types by descriptor address,
    # which differs from one Go binary to the next (see gotmpl.fmtsort.TYPE_RANK).
    {3: "int", 2.5: "f", 2 + 1j: "c"},
    GoValue(map_of(INT, STRING), {3: "c", -1: "a", 10: "b"}),
    GoValue(map_of(FLOAT64, STRING), {2.5: "x", -1.0: "y", float("inf"): "z"}),
    GoValue(map_of(BOOL, INT), {True: 1, False: 0}),
    GoValue(map_of(UINT8, STRING), {200: "x", 3: "y"}),
    GoValue(map_of(STRING, UINT8), {"a": 200}),
    GoValue(map_of(STRING, INT), None),
    GoValue(map_of(array_of(2, INT), INT), {(2, 1): 1, (1, 9): 2}),
    GoValue(map_of(S_TYPE, INT), {Struct(S_TYPE, A=2): 1, Struct(S_TYPE, A=1, B="b"): 2}),
    GoValue(slice_of(INT8), [1, -2]),
    GoValue(slice_of(INT), None),
    GoValue(array_of(3, INT), [1, 2, 3]),
    b"hi",
    3,
    0,
    -2,
    GoValue(INT8, 3),
    GoValue(UINT, 2),
    GoValue(MYINT, 2),
    "héllo",
    1.5,
    True,
    1 + 2j,
    Struct(S_TYPE, A=3),
    Pointer(Struct(S_TYPE, A=3)),
    Pointer(GoValue(slice_of(INT), [4, 5])),
    Pointer(None, ptr_to(slice_of(INT))),
    GoValue(CHAN, [1, 2]),
    GoValue(CHAN, []),
    None,
    NO_VALUE,
]


@pytest.mark.parametrize("nvars", [1, 2])
@pytest.mark.parametrize("value", RANGE_CASES, ids=repr)
def test_range(builtins_oracle: BuiltinsOracle, value: Any, nvars: int) -> None:
    go = builtins_oracle.ask("range", [value], nvars=nvars)
    assert "panic" not in go, go
    assert _our_range(value, nvars) == go


S1 = Struct(S_TYPE, A=1, B="x")
SP1 = Struct(SP_TYPE, A=1, p=2)
FIELD_RECEIVERS: list[Any] = [
    {"x": 1, "y": None},
    {},
    {1: "a", "x": "b"},
    GoValue(map_of(STRING, INT), {"x": 5}),
    GoValue(map_of(STRING, INT), None),
    GoValue(map_of(STRING, slice_of(INT)), {"x": [1]}),
    GoValue(map_of(INT, STRING), {1: "a"}),
    GoValue(map_of(MYSTR, INT), {"x": 1}),
    S1,
    SP1,
    Pointer(S1),
    Pointer(None, ptr_to(S_TYPE)),
    Pointer(None, ptr_to(INT)),
    Pointer(Pointer(S1)),
    None,
    NO_VALUE,
    1,
    "s",
    [1],
    GoValue(UINT8, 1),
]
FIELD_NAMES = ["x", "y", "A", "B", "p", "Z"]


def _our_field(recv: Any, name: str, static: str, missingkey: str) -> dict[str, Any]:
    # The oracle passes a nil receiver as the field `.a0` in both modes (a pipeline would make
    # it invalid, which the NO_VALUE receiver covers).
    try:
        v, _ = lookup_field(
            recv,
            name,
            missingkey=missingkey or "default",
            static="interface {}" if static == "iface" else None,
        )
    except GoError as e:
        return {"error": str(e)}
    return {"result": tag(v)}


@pytest.mark.parametrize("missingkey", ["", "zero", "error"])
@pytest.mark.parametrize("static", ["iface", "concrete"])
@pytest.mark.parametrize("name", FIELD_NAMES)
@pytest.mark.parametrize("recv", FIELD_RECEIVERS, ids=repr)
def test_field(
    builtins_oracle: BuiltinsOracle, recv: Any, name: str, static: str, missingkey: str
) -> None:
    if static == "iface" and recv is NO_VALUE:
        pytest.skip("a missing receiver has no static type")
    if recv is NO_VALUE and missingkey:
        pytest.skip("the oracle makes NO_VALUE with `.missing`, which this option changes")
    go = builtins_oracle.ask("field", [recv], name=name, static=static, missingkey=missingkey)
    assert "panic" not in go, go
    mine = _our_field(recv, name, static, missingkey)
    if "result" in mine and "result" in go:
        # A field of map[string]any holding nil is a nil interface; Go's capture sees it as such.
        assert normalize(mine) == normalize(go)
    else:
        assert mine == go


def test_static_type_of_map_elements() -> None:
    # The second element of lookup_field names what Go reports in the next link's errors.
    assert lookup_field({"a": 1}, "a") == (1, "interface {}")
    assert lookup_field(GoValue(map_of(STRING, INT), {"a": 1}), "a") == (1, "int")
    assert lookup_field(S1, "B") == ("x", "string")


def test_kinds() -> None:
    assert [kind(v) for v in (None, NO_VALUE, 1, 1.5, "s", [1], {}, S1, Pointer(S1))] == [
        "invalid", "invalid", "int", "float64", "string", "slice", "map", "struct", "ptr",
    ]  # fmt: skip
    assert kind(GoValue(UINT8, 1)) == "uint8"
    assert kind(b"x") == "slice"


def test_range_errors_are_eager() -> None:
    with pytest.raises(GoError, match=re.escape("can't use 3 to iterate over more than one")):
        range_items(3, 2)


def test_pointer_keys_keep_insertion_order_after_nil() -> None:
    """Go orders non-nil pointer keys by address; ours keep insertion order (reproducible), for
    printing and range alike, after nil."""
    a, b = Pointer(1, ptr_to(INT)), Pointer(2, ptr_to(INT))
    m = GoValue(map_of(ptr_to(INT), STRING), {b: "b", None: "nil", a: "a"})
    assert [v for _, v in sorted_map_items(m)] == ["nil", "b", "a"]
    assert sprint(m).startswith("map[<nil>:nil ")
