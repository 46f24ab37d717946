"""Builtins against real Go: every case runs through conformance/builtinsoracle and our code.

Expected values come from Go at test time (the oracle is built from conformance/builtinsoracle);
nothing here is typed by hand except the inputs.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from conformance_support import FUZZ
from hypothesis import given
from hypothesis import strategies as st

from conformance.builtinsoracle.client import (
    S_TYPE,
    SI_TYPE,
    SP_TYPE,
    BuiltinsOracle,
    go_available,
    normalize,
    tag,
)
from gotmpl import Template
from gotmpl.errors import GoError
from gotmpl.exec.builtins import BUILTINS, LAZY, settles
from gotmpl.gotypes import (
    ANY,
    COMPLEX64,
    FLOAT32,
    INT,
    INT8,
    INT64,
    NO_VALUE,
    STRING,
    UINT,
    UINT8,
    UINT64,
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
from gotmpl.value import Iface

pytestmark = [
    pytest.mark.go,
    pytest.mark.skipif(not go_available(), reason="needs the go toolchain"),
]

MYINT = named("main.MyInt", INT)
MYSTR = named("main.MyStr", STRING)
FUNC = GoType("func", "func() int")
CHAN = GoType("chan", "chan int", elem=INT)


def u8(x: int) -> GoValue:
    return GoValue(UINT8, x)


def S(a: int = 0, b: str = "") -> Struct:
    return Struct(S_TYPE, A=a, B=b)


# Values of every kind class, for the comparison matrix.
SAMPLES: dict[str, Any] = {
    "int1": 1,
    "intm1": -1,
    "int0": 0,
    "uint1": GoValue(UINT, 1),
    "uint8_200": u8(200),
    "int8_m3": GoValue(INT8, -3),
    "int64_5": GoValue(INT64, 5),
    "uint64max": GoValue(UINT64, 2**64 - 1),
    "myint1": GoValue(MYINT, 1),
    "f1": 1.0,
    "f15": 1.5,
    "f01": 0.1,
    "f32_01": GoValue(FLOAT32, 0.1),
    "nan": float("nan"),
    "c12": 1 + 2j,
    "c64_12": GoValue(COMPLEX64, 1 + 2j),
    "true": True,
    "false": False,
    "sa": "a",
    "sb": "b",
    "sempty": "",
    "se": "é",
    "sz": "z",
    "mystr_a": GoValue(MYSTR, "a"),
    "list1": [1],
    "map1": {"k": 1},
    "bytes": b"hi",
    "nil": None,
    "novalue": NO_VALUE,
    "struct": S(1, "x"),
    "struct2": S(1, "x"),
    "structp": Struct(SP_TYPE, A=1, p=2),
    "ptr": Pointer(S(1, "x")),
    "nilptr": Pointer(None, ptr_to(S_TYPE)),
    "nilslice": GoValue(slice_of(INT), None),
    "nilmap": GoValue(map_of(STRING, INT), None),
    "arr": GoValue(array_of(2, INT), [1, 2]),
    "arr2": GoValue(array_of(2, INT), [1, 2]),
    "func": GoValue(FUNC, lambda: 1),
    "chan": GoValue(CHAN, [1]),
}

_ADDR = re.compile(r"0x[0-9a-f]{4,}")


def _pairs() -> list[tuple[str, str]]:
    out = []
    for a, b in itertools.product(SAMPLES, repeat=2):
        # Go builds a fresh value per argument, so two non-nil pointers never alias there.
        if {a, b} & {"ptr", "chan", "func"} and a == b:
            continue
        out.append((a, b))
    return out


def ours(fn: str, args: list[Any]) -> dict[str, Any]:
    """Our answer in the oracle's shape (a pipeline result: a nil interface becomes invalid)."""
    try:
        if fn in LAZY:  # the executor's rule: the first argument that settles, or the last
            res = next((a for a in args if settles(fn, a)), args[-1])
        else:
            res = BUILTINS[fn].fn(*args)
    except GoError as e:
        return {"error": str(e)}
    if type(res) is Iface:
        res = res.value
    return {"result": tag(NO_VALUE if res is None else res)}


def check(builtins_oracle: BuiltinsOracle, fn: str, args: list[Any]) -> None:
    go = builtins_oracle.ask("call", args, fn=fn)
    assert "panic" not in go, go
    if "error" in go:
        go["error"] = _ADDR.sub("0xc000000000", go["error"])
    assert normalize(ours(fn, args)) == normalize(go)


def _needs_fmt(fn: str) -> None:
    if fn in ("print", "printf", "println", "html", "js", "urlquery"):
        pytest.importorskip("gotmpl.fmt.print")


@pytest.mark.parametrize("fn", ["eq", "ne", "lt", "le", "gt", "ge"])
@pytest.mark.parametrize(("a", "b"), _pairs())
def test_comparison_matrix(builtins_oracle: BuiltinsOracle, fn: str, a: str, b: str) -> None:
    args = [SAMPLES[a], SAMPLES[b]]
    go = builtins_oracle.ask("call", args, fn=fn)
    mine = ours(fn, args)
    if "error" in go and "non-comparable" in go["error"]:
        pytest.importorskip("gotmpl.fmt.print")  # the message embeds %s/%v forms of the values
    if "error" in go:
        go["error"] = _ADDR.sub("0xc000000000", go["error"])
    assert normalize(mine) == normalize(go)


EQ_MULTI = [
    [1, 2, 3, 1],
    [1, 2, 3],
    [1, 2, "x"],
    [1, 1, "x"],
    [GoValue(UINT, 3), -1, 3],
    [NO_VALUE, 1, NO_VALUE],
    [None, NO_VALUE],
    ["a", "b", 1],
    [[1], None],
    [{"a": 1}, NO_VALUE],
    [S(1), S(2), S(1)],
    [1],
    [NO_VALUE],
]


@pytest.mark.parametrize("args", EQ_MULTI, ids=repr)
def test_eq_several(builtins_oracle: BuiltinsOracle, args: list[Any]) -> None:
    check(builtins_oracle, "eq", args)


# Go's == on interfaces (eq's last step): arrays and structs of interfaces holding anything.
# Equal parts are compared in order; reaching a map, slice or func held in an interface is Go's
# run-time panic, and NaN never equals itself, however the two operands were made.
_leaves = st.one_of(
    st.integers(-2, 2),
    st.sampled_from(["a", "b", 1.5, float("nan"), None, True]),
    st.builds(lambda n: {"k": n}, st.integers(0, 1)),
    st.builds(lambda n: [n], st.integers(0, 1)),
    st.just(GoValue(map_of(STRING, INT), None)),
    st.just(GoValue(FUNC, None)),
)
iface_values = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: GoValue(array_of(len(xs), ANY), xs)),
        st.builds(lambda a, b: Struct(SI_TYPE, A=a, B=b), inner, inner),
    ),
    max_leaves=6,
)


@FUZZ
@given(a=iface_values, b=iface_values, same=st.booleans(), fn=st.sampled_from(["eq", "ne"]))
def test_eq_on_interfaces(
    builtins_oracle: BuiltinsOracle, a: Any, b: Any, same: bool, fn: str
) -> None:
    check(builtins_oracle, fn, [a, a] if same else [a, b])


ISLICE = GoValue(slice_of(INT), [10, 20, 30])
INDEX_CASES: list[list[Any]] = [
    [[1, 2], 1],
    [[1, 2], 2],
    [[1, 2], 5],
    [[1, 2], -1],
    [[1, 2], 1.0],
    [[1, 2], "1"],
    [[1, 2], True],
    [[1, 2], None],
    [[1, 2], NO_VALUE],
    [[1, 2], u8(1)],
    [[1, 2], GoValue(UINT64, 2**64 - 1)],
    [[1, 2], GoValue(INT64, 0)],
    [[1, None], 1],
    [[1, None], 1, 0],
    [[[1, 2], [3]], 0, 1],
    [[[1, 2], [3]], 1, 1],
    [[1, 2]],
    [{"x": "X"}, "x"],
    [{"x": "X"}, "zz"],
    [{"x": "X"}, 1],
    [{"x": "X"}, None],
    [{"x": "X"}, GoValue(MYSTR, "x")],
    [{"x": {"y": [7]}}, "x", "y", 0],
    [{"x": None}, "x", "y"],
    ["abc", 1],
    ["abc", 3],
    ["héllo", 2],
    ["abc", 0, 0],
    [GoValue(MYSTR, "abc"), 1],
    [b"hi", 1],
    [b"hi", 2],
    [ISLICE, 2],
    [ISLICE, 3],
    [GoValue(slice_of(INT), None), 0],
    [GoValue(array_of(3, INT), [1, 2, 3]), 2],
    [GoValue(array_of(3, INT), [1, 2, 3]), 3],
    [GoValue(map_of(INT, STRING), {3: "c", -1: "a"}), 3],
    [GoValue(map_of(INT, STRING), {3: "c", -1: "a"}), 4],
    [GoValue(map_of(INT, STRING), {3: "c", -1: "a"}), u8(3)],
    [GoValue(map_of(INT, STRING), {3: "c", -1: "a"}), "3"],
    [GoValue(map_of(INT, STRING), {3: "c"}), None],
    [GoValue(map_of(INT8, STRING), {44: "x"}), 300],
    [GoValue(map_of(UINT8, INT), {200: 1}), 200],
    [GoValue(map_of(STRING, INT), None), "a"],
    [GoValue(map_of(STRING, slice_of(INT)), {"a": [1]}), "b"],
    [GoValue(map_of(STRING, slice_of(INT)), {"a": [1]}), "a", 0],
    [GoValue(map_of(STRING, ptr_to(S_TYPE)), {}), "a"],
    [{1: "one", "a": "A"}, 1],
    [{1: "one", "a": "A"}, True],
    [{True: "t", "a": "A"}, 1],
    [{1: "one", "a": "A", 2.5: "f"}, 2.5],
    [{1: "one", "a": "A"}, u8(1)],
    [{1: "one", "a": "A"}, None],
    [Pointer(GoValue(slice_of(INT), [1, 2])), 1],
    [Pointer(None, ptr_to(slice_of(INT))), 1],
    [Pointer(None, ptr_to(slice_of(INT)))],
    [None, 1],
    [NO_VALUE, 1],
    [None],
    [3, 1],
    [1.5, 0],
    [S(1), 0],
    [True, 0],
    [Iface([1, 2]), 1],
    [[1, 2], Iface(1)],
]


@pytest.mark.parametrize("args", INDEX_CASES, ids=repr)
def test_index(builtins_oracle: BuiltinsOracle, args: list[Any]) -> None:
    check(builtins_oracle, "index", args)


SLICE_CASES: list[list[Any]] = [
    ["abcdef", 1, 3],
    ["abc"],
    ["abc", 1],
    ["abc", 3],
    ["abc", 4],
    ["abc", 2, 1],
    ["abc", 0, 4],
    ["abc", 1, 2, 3],
    ["héllo", 1, 2],
    ["héllo", 1, 3],
    [GoValue(MYSTR, "abc"), 1],
    [[1, 2, 3], 1, 2],
    [[1, 2, 3], 1, 2, 3],
    [[1, 2, 3], 1, 2, 2],
    [[1, 2, 3], 1, 2, 1],
    [[1, 2, 3], 0, 1, 4],
    [[1, 2, 3], 1, 2, 3, 4],
    [[1, 2, 3], -1],
    [[1, 2, 3], 1.0],
    [[1, 2, 3], None],
    [[1, 2, 3], NO_VALUE],
    [[1, 2, 3], Iface(1)],
    [[1, 2, 3], Iface(None)],
    [[1, 2, 3], u8(1), GoValue(INT64, 2)],
    [ISLICE, 1],
    [ISLICE, 3],
    [GoValue(slice_of(INT), None)],
    [GoValue(slice_of(INT), None), 0, 0],
    [GoValue(slice_of(INT), None), 1],
    [b"hello", 1, 3],
    [GoValue(array_of(3, INT), [1, 2, 3]), 1],
    [Pointer(GoValue(array_of(3, INT), [1, 2, 3])), 1],
    [Pointer(GoValue(slice_of(INT), [1, 2, 3])), 1, 2],
    [Pointer(None, ptr_to(slice_of(INT))), 1],
    [None, 1],
    [NO_VALUE],
    [3, 1],
    [{"a": 1}, 0],
    [S(1)],
    [Iface("abc"), 1],
]


@pytest.mark.parametrize("args", SLICE_CASES, ids=repr)
def test_slice(builtins_oracle: BuiltinsOracle, args: list[Any]) -> None:
    check(builtins_oracle, "slice", args)


LEN_CASES: list[Any] = [
    "héllo",
    "",
    [1, 2],
    [],
    {"x": 1},
    {},
    b"abc",
    ISLICE,
    GoValue(slice_of(INT), None),
    GoValue(map_of(STRING, INT), None),
    GoValue(map_of(INT, STRING), {1: "a", 2: "b"}),
    GoValue(array_of(3, INT), [1, 2, 3]),
    GoValue(CHAN, [1, 2]),
    GoValue(MYSTR, "abcd"),
    Pointer(GoValue(slice_of(INT), [1, 2])),
    Pointer(None, ptr_to(slice_of(INT))),
    Pointer(S(1)),
    None,
    NO_VALUE,
    3,
    1.5,
    True,
    u8(3),
    S(1),
    GoValue(FUNC, lambda: 1),
    Iface([1]),
]


@pytest.mark.parametrize("arg", LEN_CASES, ids=repr)
def test_len(builtins_oracle: BuiltinsOracle, arg: Any) -> None:
    check(builtins_oracle, "len", [arg])


@pytest.mark.parametrize("name", list(SAMPLES))
def test_not(builtins_oracle: BuiltinsOracle, name: str) -> None:
    check(builtins_oracle, "not", [SAMPLES[name]])


ANDOR_CASES: list[list[Any]] = [
    [1, 0, 2],
    [1, 2],
    [0, "", 3],
    [0, ""],
    [1],
    [NO_VALUE],
    [1, NO_VALUE],
    [None, 1],
    [[], {"a": 1}],
    [S(1), 0],
    [Pointer(None, ptr_to(S_TYPE)), 1],
    [GoValue(FLOAT32, 0.0), "x"],
    [u8(0), u8(3)],
]


@pytest.mark.parametrize("fn", ["and", "or"])
@pytest.mark.parametrize("args", ANDOR_CASES, ids=repr)
def test_and_or(builtins_oracle: BuiltinsOracle, fn: str, args: list[Any]) -> None:
    check(builtins_oracle, fn, args)


def test_and_or_evaluate_arguments_only_until_one_settles() -> None:
    calls: list[int] = []

    def rec(v: int) -> int:
        calls.append(v)
        return v

    t = Template("t").funcs({"rec": rec})
    assert t.parse("{{and (rec 1) (rec 0) (rec 2)}}").execute() == "0"
    assert calls == [1, 0]
    calls.clear()
    assert t.parse("{{or (rec 0) (rec 3) (rec 4)}}").execute() == "3"
    assert calls == [0, 3]


ESCAPE_CASES: list[list[Any]] = [
    ["<a href='x'>&\"</a>\x00"],
    [1, "<", 2],
    ["a'b\"c\\d<e>f&g=h\ni\u2028j é"],
    ["\U000e0001\x1f\x7f"],
    ["\xa0\u200b\ufeff"],
    ["a b&c=d/é?-_.~!*'()"],
    [1, 2, "x y"],
    [NO_VALUE],
    [None],
    [NO_VALUE, NO_VALUE],
    ["a", 1, "b", 2, 3],
    [Pointer(S(1, "<b>"))],
    [Pointer(None, ptr_to(S_TYPE))],
    [[1, "<"]],
    [{"k": "&"}],
    [True, 1.5, 2 + 1j],
    [u8(200), GoValue(MYSTR, "<s>")],
    ["plain"],
    [],
]


@pytest.mark.parametrize("fn", ["html", "js", "urlquery"])
@pytest.mark.parametrize("args", ESCAPE_CASES, ids=repr)
def test_escapers(builtins_oracle: BuiltinsOracle, fn: str, args: list[Any]) -> None:
    _needs_fmt(fn)
    check(builtins_oracle, fn, args)


PRINT_CASES: list[list[Any]] = [
    [1, 2, "a", "b", 3, None, 4],
    ["a", 1, "b"],
    [NO_VALUE, None],
    [],
    [1.5, True, "x", [1, "a"], {"k": None}],
    [u8(3), GoValue(MYSTR, "s"), S(1, "x")],
]


@pytest.mark.parametrize("fn", ["print", "println"])
@pytest.mark.parametrize("args", PRINT_CASES, ids=repr)
def test_print(builtins_oracle: BuiltinsOracle, fn: str, args: list[Any]) -> None:
    _needs_fmt(fn)
    check(builtins_oracle, fn, args)


PRINTF_CASES: list[list[Any]] = [
    ["%d-%s", 1, "a"],
    ["%v %s %T", NO_VALUE, None, None],
    ["%d", "x"],
    ["%5.2f|%x|%q", 3.14159, 255, "é"],
    ["no verbs", 1],
    ["%!", 1],
]


@pytest.mark.parametrize("args", PRINTF_CASES, ids=repr)
def test_printf(builtins_oracle: BuiltinsOracle, args: list[Any]) -> None:
    _needs_fmt("printf")
    check(builtins_oracle, "printf", args)


CALL_CASES: list[list[Any]] = [
    [None],
    [NO_VALUE],
    ["str"],
    [GoValue(FUNC, lambda: 1)],
    [GoValue(FUNC, None)],
]


@pytest.mark.parametrize("args", CALL_CASES, ids=repr)
def test_call_checks(builtins_oracle: BuiltinsOracle, args: list[Any]) -> None:
    # Go names the callee by its node; the oracle passes `.a0` or `(.a0)` or `.missing`.
    go = builtins_oracle.ask("call", args, fn="call")
    try:
        res = BUILTINS["call"].fn("X", *args)
        mine: dict[str, Any] = {"result": tag(res)}
    except GoError as e:
        mine = {"error": str(e)}
    if "error" in go:
        go["error"] = re.sub(r"non-function \S+ ", "non-function X ", go["error"])
    assert mine == go


def test_signatures_cover_go_builtins() -> None:
    assert set(BUILTINS) == {
        "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print",
        "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
    }  # fmt: skip
