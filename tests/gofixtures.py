"""Python mirrors of the oracle's Go fixtures and FuncMaps (conformance/oracle/*.go).

Each `go:NAME` data mode and each `funcs` set of the conformance cases has a builder here that
returns the value gotmpl should see, made with gotmpl.gotypes wrappers so that printing, `%T`,
comparison and errors can match Go's. Builders return fresh values (some fixtures are consumed,
like channels). `UNMIRRORED` lists fixtures the data model cannot express yet.
"""

from __future__ import annotations

import collections
import json
from collections.abc import Callable
from typing import Any

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

__all__ = ["FIXTURES", "UNMIRRORED", "decode_data", "funcs_for"]


class Unmirrored(Exception):
    """A fixture or func set the Python data model cannot express (the case is skipped)."""


def func_type(sig: str) -> GoType:
    """A Go func type printed as `sig` (e.g. `func(int) int`)."""
    return GoType("func", sig)


def chan_type(elem: str) -> GoType:
    return GoType("chan", f"chan {elem}")


def _seq(n: int) -> Callable[[Callable[[int], bool]], None]:
    def seq(yield_: Callable[[int], bool]) -> None:
        for i in range(n):
            if not yield_(i):
                return

    return seq


def _seq2(pairs: list[tuple[Any, Any]]) -> Callable[[Callable[[Any, Any], bool]], None]:
    def seq2(yield_: Callable[[Any, Any], bool]) -> None:
        for k, v in pairs:
            if not yield_(k, v):
                return

    return seq2


SEQ_INT = func_type("iter.Seq[int]")
SEQ2_STRING_INT = func_type("iter.Seq2[string,int]")
SEQ2_INT_INT = func_type("iter.Seq2[int,int]")

# --- the spec's fixtures (go-template-spec.md section 0) ---------------------------------

U_TYPE = struct_type(
    "main.U", [("V", STRING)], methods={"TrueFalse": lambda u, b: "true" if b else ""}
)


def _p_methods() -> dict[str, Callable[..., Any]]:
    def hello(p: Struct, s: str) -> str:
        return "hi " + s + " from " + p.get("Name")

    def two(p: Struct) -> tuple[str, Exception]:
        raise _GoErr("boom")

    return {"Hello": hello, "Two": two}


class _GoErr(Exception):
    """A Go error value returned by a mirrored method/func (its text is Go's)."""


P_TYPE = struct_type(
    "main.P",
    [
        ("Name", STRING),
        ("Age", INT),
        ("Inner", ptr_to(U_TYPE)),
        ("Tags", slice_of(STRING)),
        ("M", map_of(STRING, INT)),
        ("priv", INT),
        ("F", func_type("func(int) int")),
        ("Nilp", ptr_to(U_TYPE)),
        ("Any", ANY),
    ],
    methods=_p_methods(),
)
# (*P).PtrM is a pointer method: reachable only through a *P.
P_PTR_TYPE = GoType("ptr", "*main.P", elem=P_TYPE, methods={"PtrM": lambda p: "ptr-method"})
STR_TYPE = struct_type("main.Str", [("N", INT)], methods={"String": lambda s: f"Str<{s.get('N')}>"})
E_TYPE = struct_type("main.E", [])
E_PTR_TYPE = GoType("ptr", "*main.E", elem=E_TYPE, methods={"Error": lambda e: "custom err"})


def _double(i: int) -> int:
    return i * 2


def _p() -> Struct:
    return Struct(
        P_TYPE,
        Name="Ann",
        Age=30,
        Inner=Pointer(Struct(U_TYPE, V="in")),
        Tags=GoValue(slice_of(STRING), ["a", "b"]),
        M=GoValue(map_of(STRING, INT), {"k": 1}),
        F=GoValue(func_type("func(int) int"), _double),
    )


def _chan(elems: list[Any], elem: str = "int") -> GoValue:
    # A buffered channel holding elems: a deque knows its length, as len(ch) does.
    return GoValue(chan_type(elem), collections.deque(elems))


ANON_TYPE = struct_type("", [("A", INT), ("B", STRING), ("c", BOOL)])

FIXTURES: dict[str, Callable[[], Any]] = {
    "P": _p,
    "PP": lambda: Pointer(Struct(P_TYPE, Name="Bob"), P_PTR_TYPE),
    "nilP": lambda: Pointer(None, P_PTR_TYPE),
    "str": lambda: Struct(STR_TYPE, N=5),
    "err": lambda: Pointer(Struct(E_TYPE), E_PTR_TYPE),
    "mixed": lambda: {
        "i": 1,
        "u": GoValue(UINT, 1),
        "f": 1.0,
        "i8": GoValue(INT8, -3),
        "s": "x",
    },
    "intkeys": lambda: GoValue(map_of(INT, STRING), {3: "c", -1: "a", 10: "b"}),
    "ifacekeys": lambda: GoValue(map_of(ANY, INT), {"b": 1, 2: 2, "a": 3, 1: 4, 1.5: 5}),
    "floatkeys": lambda: GoValue(map_of(FLOAT64, STRING), {2.5: "x", -1.0: "y"}),
    "boolkeys": lambda: GoValue(map_of(BOOL, INT), {True: 1, False: 0}),
    "nestedkeys": lambda: {"a/b~c": [0, GoValue(map_of(BOOL, INT), {True: 2})]},
    "ch": lambda: _chan([1, 2]),
    "seq": lambda: GoValue(SEQ_INT, _seq(3)),
    "seq2": lambda: GoValue(SEQ2_STRING_INT, _seq2([("a", 0), ("b", 1)])),
    "bytes": lambda: b"hi",
    "runes": lambda: GoValue(slice_of(INT32), [ord("h"), ord("é")]),
    "cplx": lambda: complex(1.5, -2),
    "f32": lambda: GoValue(FLOAT32, 0.1),
    "u8": lambda: GoValue(UINT8, 200),
    "ptrint": lambda: Pointer(7, ptr_to(INT)),
    "arr": lambda: GoValue(array_of(3, INT), [1, 2, 3]),
    "anon": lambda: Struct(ANON_TYPE, A=1, B="x", c=True),
    "nilmap": lambda: GoValue(map_of(STRING, INT), None),
    "nilslice": lambda: GoValue(slice_of(INT), None),
    "fn": lambda: GoValue(func_type("func() string"), lambda: "called"),
    "emptystruct": lambda: Struct(struct_type("", [])),
    # Typed scalars of exec_test.go.
    "uint14": lambda: GoValue(UINT, 14),
    "cplx16": lambda: complex(16.2, -17),
    "ints": lambda: GoValue(slice_of(INT), [-1, -2, -3]),
    "msiTwo": lambda: GoValue(map_of(STRING, INT), {"two": 22}),
    "anonAB": lambda: Struct(struct_type("", [("a", INT), ("b", STRING)]), a=7, b="seven"),
    "int5": lambda: 5,
    "int8_5": lambda: GoValue(INT8, 5),
    "int16_5": lambda: GoValue(INT16, 5),
    "int32_5": lambda: GoValue(INT32, 5),
    "int64_5": lambda: GoValue(INT64, 5),
    "uint5": lambda: GoValue(UINT, 5),
    "uint8_5": lambda: GoValue(UINT8, 5),
    "uint16_5": lambda: GoValue(UINT16, 5),
    "uint32_5": lambda: GoValue(UINT32, 5),
    "uint64_5": lambda: GoValue(UINT64, 5),
    "uintptr5": lambda: GoValue(UINTPTR, 5),
    "uintptr0": lambda: GoValue(UINTPTR, 0),
    "mssCause": lambda: GoValue(map_of(STRING, STRING), {"cause": "neglect"}),
    "runeDot": lambda: GoValue(INT32, ord(".")),
    "runeE": lambda: GoValue(INT32, ord("e")),
    "runeP": lambda: GoValue(INT32, ord("P")),
    "fVal1_0": lambda: GoValue(SEQ_INT, _seq(0)),
    "fVal1_2": lambda: GoValue(SEQ_INT, _seq(2)),
    "fVal2_0": lambda: GoValue(SEQ2_INT_INT, _seq2([])),
    "fVal2_2": lambda: GoValue(SEQ2_INT_INT, _seq2([(0, 1), (1, 2)])),
    "delimValue": lambda: Struct(struct_type("", [("Str", STRING)]), Str="Hello, world"),
    "msiX99": lambda: GoValue(map_of(STRING, INT), {"x": 99}),
    "uint8_1": lambda: GoValue(UINT8, 1),
    "uint8_0": lambda: GoValue(UINT8, 0),
    "complex64_1": lambda: GoValue(COMPLEX64, 1),
    "complex64_0": lambda: GoValue(COMPLEX64, 0),
    "arr2": lambda: GoValue(array_of(2, INT), [1, 2]),
    "arr0": lambda: GoValue(array_of(0, INT), []),
    "bytesABC": lambda: b"abc",
    "bytesEmpty": lambda: b"",
    "msiAB": lambda: GoValue(map_of(STRING, INT), {"a": 1, "b": 2}),
    "msiEmpty": lambda: GoValue(map_of(STRING, INT), {}),
    "chanOpen": lambda: _chan([]),
    "nilChan": lambda: GoValue(chan_type("int"), None),
    "newInt": lambda: Pointer(0, ptr_to(INT)),
    "nilIntPtr": lambda: Pointer(None, ptr_to(INT)),
    "nilMapPtr": lambda: Pointer(None, ptr_to(map_of(STRING, STRING))),
    "emptyMapPtr": lambda: Pointer(GoValue(map_of(STRING, STRING), {})),
    "fnResult": lambda: GoValue(func_type("func() string"), lambda: "result"),
    "ifaceValues": lambda: {
        "PlusOne": GoValue(func_type("func(int) int"), lambda n: n + 1),
        "Slice": GoValue(slice_of(INT), [0, 1, 2, 3]),
        "One": 1,
        "Two": 2,
        "Nil": None,
        "Zero": 0,
    },
}

PAIR_TYPE = struct_type("main.IfacePair", [("A", ANY), ("B", ANY)])
FIXTURES["uncomparable"] = lambda: {
    "am": GoValue(array_of(2, ANY), [{"k": 1}, 1]),
    "am2": GoValue(array_of(2, ANY), [{"k": 1}, 1]),
    "ai": GoValue(array_of(2, ANY), [1, {"k": 1}]),
    "ai2": GoValue(array_of(2, ANY), [2, {"k": 1}]),
    "as": GoValue(array_of(1, ANY), [[1]]),
    "pm": Struct(PAIR_TYPE, A={"k": 1}, B=1),
    "pd": Struct(PAIR_TYPE, A=1, B=[]),
    "pd2": Struct(PAIR_TYPE, A=2, B=[]),
    "pf": Struct(PAIR_TYPE, A=GoValue(func_type("func() int"), lambda: 1)),
    "pn": Struct(PAIR_TYPE, A=Struct(PAIR_TYPE, B=GoValue(map_of(STRING, INT), {}))),
    "pt": Struct(PAIR_TYPE, A=1, B="x"),
    "pt2": Struct(PAIR_TYPE, A=1, B="x"),
    "nan": GoValue(array_of(1, ANY), [float("nan")]),
    "ptr": Pointer(Struct(PAIR_TYPE, A={})),
}

DEEP_TYPE = struct_type("main.Deep", [("Next", ANY)])
KEY_T = struct_type("main.KeyT", [("A", INT), ("B", STRING)])
KEY_I = struct_type("main.KeyI", [("V", ANY)])


def _sort_keys() -> dict[str, Any]:
    nan = float("nan")
    inf = float("inf")
    arr = array_of(2, INT)
    return {
        "floats": GoValue(
            map_of(FLOAT64, STRING),
            {nan: "nan", inf: "+inf", -inf: "-inf", -1.0: "-1", 0.0: "0", 2.5: "2.5"},
        ),
        "cplx": GoValue(
            map_of(COMPLEX128, STRING),
            {1 + 2j: "a", 1 + 1j: "b", 5j: "c", complex(nan, 0): "n", -1 + 0j: "d"},
        ),
        "structs": GoValue(
            map_of(KEY_T, INT),
            {
                Struct(KEY_T, A=1, B="b"): 1,
                Struct(KEY_T, A=1, B="a"): 2,
                Struct(KEY_T, A=0, B="z"): 3,
                Struct(KEY_T, A=-1, B=""): 4,
            },
        ),
        "arrays": GoValue(
            map_of(arr, STRING),
            {GoValue(arr, [2, 1]): "x", GoValue(arr, [1, 9]): "y", GoValue(arr, [1, 2]): "z"},
        ),
        "ptrs": GoValue(map_of(ptr_to(INT), STRING), {None: "nil", Pointer(0, ptr_to(INT)): "p"}),
        "iface": GoValue(map_of(ANY, INT), {None: 0, "b": 1, "a": 2}),
        "keyi": GoValue(
            map_of(KEY_I, INT),
            {Struct(KEY_I, V=None): 0, Struct(KEY_I, V="x"): 1, Struct(KEY_I, V="a"): 2},
        ),
        "strs": GoValue(
            map_of(STRING, INT),
            {"é": 1, "z": 2, chr(0xDCFF): 3, "a": 4, chr(0xDCC3): 5, "": 6},  # raw bytes ff, c3
        ),
        "uints": GoValue(map_of(UINT8, STRING), {200: "a", 3: "b", 0: "c"}),
        "bools": GoValue(map_of(BOOL, INT), {True: 1, False: 0}),
    }


FIXTURES["sortkeys"] = _sort_keys


def _cyclic() -> dict[str, Any]:
    m: dict[str, Any] = {}
    m["a"] = m
    alt: dict[str, Any] = {}
    alt["a/b"] = [alt]
    s: list[Any] = [None]
    s[0] = s
    p = Pointer(Struct(DEEP_TYPE))
    p.target.values["Next"] = p
    two: list[Any] = [1, None]
    two[1] = {"k": two}
    return {"m": m, "alt": alt, "s": s, "p": p, "two": two}


FIXTURES["cyclic"] = _cyclic


def deep_data(shapes: list[str], depth: int, leaf: Any) -> Any:
    """The "deep" data mode: `leaf` wrapped `depth` times, level i (from the inside out) by
    shapes[i % len(shapes)], built without recursion (as oracle/deep.go builds it)."""
    wrap = {
        "slice": lambda v: [v],
        "map": lambda v: {"a": v},
        "struct": lambda v: Struct(DEEP_TYPE, Next=v),
        "ptr": lambda v: Pointer(Struct(DEEP_TYPE, Next=v)),
    }
    v = leaf
    for i in range(depth):
        v = wrap[shapes[i % len(shapes)]](v)
    return v


# Fixtures built on exec_test.go's T (tVal and friends) live in gofixtures_t.py.
from gofixtures_t import T_FIXTURES, UNMIRRORED_T  # noqa: E402

FIXTURES.update(T_FIXTURES)
#: fixtures not expressible in the data model (cases using them are skipped, with this reason).
UNMIRRORED: dict[str, str] = {
    "chanOpen": "an open, never-closed channel cannot be mirrored faithfully",
    "ifacekeys": "a Python dict cannot hold both 1 and True as keys",
    **UNMIRRORED_T,
}

# --- FuncMaps -----------------------------------------------------------------------------


def _type_of(v: Any) -> str:
    from gotmpl.fmt import print as gofmt

    return gofmt.sprintf("%T", v)


def _to_json(v: Any) -> str:
    from gotmpl.json import to_json

    return to_json(v)


def _add2(a: int, b: int) -> int:
    return a + b


def _fail() -> str:
    raise _GoErr("failed!")


def _die() -> str:
    raise _GoErr("died")


def _seq_func(n: int) -> GoValue:
    return GoValue(SEQ_INT, _seq(n))


def _add_n(*args: int) -> int:
    return sum(args)


def _count(n: int) -> GoValue:
    if n == 0:
        return GoValue(chan_type("string"), None)
    return _chan([chr(ord("a") + i) for i in range(n)], "string")


def _ddd_arg(a: int, *b: str) -> str:
    from gotmpl.fmt import print as gofmt

    return gofmt.sprintln(a, GoValue(slice_of(STRING), list(b)))


def _die_bool() -> bool:
    raise _GoErr("die")


def _makemap(*args: str) -> GoValue:
    if len(args) % 2:
        raise _GoErr("bad makemap")
    return GoValue(map_of(STRING, STRING), dict(zip(args[::2], args[1::2], strict=True)))


def _one_arg(a: str) -> str:
    return "oneArg=" + a


def _two_args(a: str, b: str) -> str:
    return "twoArgs=" + a + b


def _value_string(v: str) -> str:
    return "value is ignored"


def _echo(arg: Any) -> Any:
    return arg


def _stringer(s: Any) -> str:
    from gotmpl.fmt import print as gofmt

    return gofmt.sprint(s)


def _contains(s: str, substr: str) -> bool:
    return substr in s


def _sprintf(fmt: str, *args: Any) -> str:
    from gotmpl.fmt import print as gofmt

    return gofmt.sprintf(fmt, *args)


def _do_panic() -> str:
    raise _GoErr("custom panic string")


def _err() -> str:
    raise _GoErr("heyo !")


FUNC_SETS: dict[str, dict[str, Callable[..., Any]]] = {
    "none": {},
    "test": {
        "typeOf": _type_of,
        "toJson": _to_json,
        "add": _add2,
        "fail": _fail,
        "die": _die,
        "seq": _seq_func,
    },
    "gotest": {
        "add": _add_n,
        "count": _count,
        "dddArg": _ddd_arg,
        "die": _die_bool,
        "echo": _echo,
        "makemap": _makemap,
        "mapOfThree": lambda: GoValue(map_of(STRING, INT), {"three": 3}),
        "oneArg": _one_arg,
        "returnInt": lambda: 7,
        "stringer": _stringer,
        "twoArgs": _two_args,
        "typeOf": _type_of,
        "valueString": _value_string,
        "vfunc": lambda v, pv: "vfunc",
        "zeroArgs": lambda: "zeroArgs",
    },
    "parsetest": {"printf": _sprintf, "contains": _contains},
    "flipt": {"toJson": _to_json},
    "gopanic": {"doPanic": _do_panic},
    "goerr": {"err": _err},
}


def funcs_for(name: str | None, aliases: dict[str, str] | None = None) -> dict[str, Any]:
    """The FuncMap a case names, plus its aliases (new name -> existing func of the set)."""
    fm = dict(FUNC_SETS[name or "none"])
    for alias, target in (aliases or {}).items():
        fm[alias] = fm[target]
    return fm


def decode_data(case: dict[str, Any]) -> Any:
    """The Python value a case's `data_mode` gives the template (see conformance/README.md)."""
    mode = case.get("data_mode") or "json"
    raw = case["data_text"] if "data_text" in case else json.dumps(case.get("data"))
    if mode == "json":
        return json.loads(raw, parse_int=float)
    if mode == "json_int":
        return json.loads(raw)
    if mode == "deep":
        spec = case["data"]
        return deep_data(spec["shapes"], spec["depth"], json.loads(json.dumps(spec.get("leaf"))))
    if mode == "flipt_event":
        from webhook import Event

        if "data_text" in case:
            return Event.from_json(case["data_text"])
        return Event.from_dict(case["data"])
    if mode == "pyvalues":
        return py_values(json.loads(raw))
    if mode.startswith("go:"):
        name = mode[3:]
        if name in UNMIRRORED:
            raise Unmirrored(f"fixture {name}: {UNMIRRORED[name]}")
        return FIXTURES[name]()
    raise ValueError(f"unknown data_mode {mode!r}")


def py_values(v: Any) -> Any:
    """The Python values of a `pyvalues` case (conformance/oracle/pyvalues.go builds Go's)."""
    import dataclasses
    import datetime
    import decimal
    import enum
    import uuid
    import zoneinfo

    if isinstance(v, list):
        return [py_values(x) for x in v]
    if not isinstance(v, dict):
        return v
    if "$time" in v:
        when = datetime.datetime.fromisoformat(v["$time"])
        zone = v["zone"]
        if zone == "Local":
            return when
        if zone == "UTC":
            tz: datetime.tzinfo = datetime.UTC
        elif zone == "fixed":
            offset = datetime.timedelta(seconds=v["offset"])
            name = v.get("name", "")
            tz = datetime.timezone(offset, name) if name else datetime.timezone(offset)
        else:
            tz = zoneinfo.ZoneInfo(zone)
        return when.replace(tzinfo=tz)
    if "$date" in v:
        return datetime.date.fromisoformat(v["$date"])
    if "$duration" in v:
        return datetime.timedelta(microseconds=v["$duration"] // 1000)
    if "$decimal" in v:
        return decimal.Decimal(v["$decimal"])
    if "$uuid" in v:
        return uuid.UUID(v["$uuid"])
    if "$enum" in v:
        member = enum.Enum("Choice", {"MEMBER": py_values(v["$enum"])})  # type: ignore[misc]
        return member.MEMBER
    if "$dataclass" in v:
        names = [name for name, _ in v["$dataclass"]]
        cls = dataclasses.make_dataclass("Record", names)
        return cls(*(py_values(x) for _, x in v["$dataclass"]))
    return {k: py_values(x) for k, x in v.items()}
