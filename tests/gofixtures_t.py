"""Python mirror of exec_test.go's T / tVal as conformance/oracle/tval.go re-expresses it.

Approximations (cases touching them may differ from Go, and are reported, not hidden):
`unsafe.Pointer` fields are `*int` pointers, `Tmpl` is nil, the non-empty interface `I` is
`interface {}`-typed, and `Str` (a *bytes.Buffer in Go) is a pointer to a struct with `String`.
"""

from __future__ import annotations

from typing import Any

from gotmpl.gotypes import (
    ANY,
    BOOL,
    COMPLEX128,
    FLOAT64,
    INT,
    INT8,
    INT32,
    INT64,
    STRING,
    UINT,
    UINT8,
    UINT16,
    UINT32,
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
    struct_type,
)

__all__ = ["T_FIXTURES", "UNMIRRORED_T"]


def _func(sig: str) -> GoType:
    return GoType("func", sig)


class GoErr(Exception):
    """A Go error returned by a mirrored method (its text is Go's)."""


def _v_string(v: Any) -> str:
    return "nilV" if v is None or getattr(v, "is_nil", False) else f"<{_field(v, 'j')}>"


def _w_error(w: Any) -> str:
    return "nilW" if w is None or getattr(w, "is_nil", False) else f"[{_field(w, 'k')}]"


def _field(v: Any, name: str) -> Any:
    target = v.target if isinstance(v, Pointer) else v
    return target.get(name)


U_TYPE = struct_type("main.U", [("V", STRING)])
U_PTR = GoType(
    "ptr", "*main.U", elem=U_TYPE, methods={"TrueFalse": lambda u, b: "true" if b else ""}
)
V_TYPE = struct_type("main.V", [("j", INT)])
V_PTR = GoType("ptr", "*main.V", elem=V_TYPE, methods={"String": _v_string})
W_TYPE = struct_type("main.W", [("k", INT)])
W_PTR = GoType("ptr", "*main.W", elem=W_TYPE, methods={"Error": _w_error})
S_TYPE = named("main.S", slice_of(STRING), methods={"Method0": lambda s: "M0"})
I_TYPE = GoType("interface", "main.I")
BUFFER = struct_type("bytes.Buffer", [("buf", slice_of(UINT8))])
BUFFER_PTR = GoType(
    "ptr", "*bytes.Buffer", elem=BUFFER, methods={"String": lambda b: b.target.get("buf").decode()}
)

T_FIELDS: list[tuple[str, GoType]] = [
    ("True", BOOL), ("I", INT), ("U16", UINT16), ("X", STRING), ("S", STRING),
    ("FloatZero", FLOAT64), ("ComplexZero", COMPLEX128), ("U", ptr_to(U_TYPE)),
    ("V0", V_TYPE), ("V1", V_PTR), ("V2", V_PTR), ("W0", W_TYPE), ("W1", W_PTR), ("W2", W_PTR),
    ("SI", slice_of(INT)), ("SICap", slice_of(INT)), ("SIEmpty", slice_of(INT)),
    ("SB", slice_of(BOOL)), ("AI", array_of(3, INT)), ("PAI", ptr_to(array_of(3, INT))),
    ("MSI", map_of(STRING, INT)), ("MSIone", map_of(STRING, INT)),
    ("MSIEmpty", map_of(STRING, INT)), ("MXI", map_of(ANY, INT)), ("MII", map_of(INT, INT)),
    ("MI32S", map_of(INT32, STRING)), ("MI64S", map_of(INT64, STRING)),
    ("MUI32S", map_of(UINT32, STRING)), ("MUI64S", map_of(UINT64, STRING)),
    ("MI8S", map_of(INT8, STRING)), ("MUI8S", map_of(UINT8, STRING)),
    ("SMSI", slice_of(map_of(STRING, INT))), ("Empty0", ANY), ("Empty1", ANY), ("Empty2", ANY),
    ("Empty3", ANY), ("Empty4", ANY), ("NonEmptyInterface", I_TYPE),
    ("NonEmptyInterfacePtS", ptr_to(I_TYPE)), ("NonEmptyInterfaceNil", I_TYPE),
    ("NonEmptyInterfaceTypedNil", I_TYPE), ("Str", GoType("interface", "fmt.Stringer")),
    ("Err", GoType("interface", "error")), ("PI", ptr_to(INT)), ("PS", ptr_to(STRING)),
    ("PSI", ptr_to(slice_of(INT))), ("NIL", ptr_to(INT)), ("UPI", GoType("ptr", "unsafe.Pointer")),
    ("EmptyUPI", GoType("ptr", "unsafe.Pointer")),
    ("BinaryFunc", _func("func(string, string) string")),
    ("VariadicFunc", _func("func(...string) string")),
    ("VariadicFuncInt", _func("func(int, ...string) string")),
    ("NilOKFunc", _func("func(*int) bool")), ("ErrFunc", _func("func() (string, error)")),
    ("PanicFunc", _func("func() string")), ("TooFewReturnCountFunc", _func("func()")),
    ("TooManyReturnCountFunc", _func("func() (string, error, int)")),
    ("InvalidReturnTypeFunc", _func("func() (string, bool)")),
    ("Tmpl", GoType("ptr", "*template.Template")), ("unexported", INT),
]  # fmt: skip


def _method2(t: Any, a: UINT16, b: str) -> str:
    return f"Method2: {a} {b}"


def _method3(t: Any, v: Any) -> str:
    from gotmpl.fmt import print as gofmt

    return "Method3: " + gofmt.sprint(v)


def _copy(t: Pointer) -> Pointer:
    return Pointer(Struct(T_TYPE, **dict(t.target.values)), T_PTR)


def _madd(t: Any, a: int, b: Any) -> GoValue:
    return GoValue(slice_of(INT), [x + a for x in b.value])


def _my_error(t: Any, fail: bool) -> bool:
    if fail:
        raise GoErr("my error")
    return False


def _get_u(t: Pointer) -> Any:
    if t.target is None:
        raise GoErr("runtime error: invalid memory address or nil pointer dereference")
    return t.target.get("U")


T_TYPE = struct_type("main.T", T_FIELDS)  # type: ignore[arg-type]
T_PTR = GoType(
    "ptr",
    "*main.T",
    elem=T_TYPE,
    methods={
        "Method0": lambda t: "M0",
        "Method1": lambda t, a: a,
        "Method2": _method2,
        "Method3": _method3,
        "Copy": _copy,
        "MAdd": _madd,
        "MyError": _my_error,
        "GetU": _get_u,
    },
)


def _variadic(*s: str) -> str:
    return "<" + "+".join(s) + ">"


def _variadic_int(a: int, *s: str) -> str:
    return f"{a}=<" + "+".join(s) + ">"


def _panic() -> str:
    raise GoErr("test panic")


def tval() -> Pointer:
    """exec_test.go's tVal (a *T)."""
    si = GoValue(S_TYPE, ["a", "b"])
    return Pointer(
        Struct(
            T_TYPE,
            **{"True": True},
            I=17,
            U16=GoValue(UINT16, 16),
            X="x",
            S="xyz",
            U=Pointer(Struct(U_TYPE, V="v"), U_PTR),
            V0=Struct(V_TYPE, j=6666),
            V1=Pointer(Struct(V_TYPE, j=7777), V_PTR),
            V2=Pointer(None, V_PTR),
            W0=Struct(W_TYPE, k=888),
            W1=Pointer(Struct(W_TYPE, k=999), W_PTR),
            W2=Pointer(None, W_PTR),
            SI=GoValue(slice_of(INT), [3, 4, 5]),
            SICap=GoValue(slice_of(INT), [0, 0, 0, 0, 0], spare=[0, 0, 0, 0, 0]),
            SB=GoValue(slice_of(BOOL), [True, False]),
            AI=GoValue(array_of(3, INT), [3, 4, 5]),
            PAI=Pointer(GoValue(array_of(3, INT), [3, 4, 5])),
            MSI=GoValue(map_of(STRING, INT), {"one": 1, "two": 2, "three": 3}),
            MSIone=GoValue(map_of(STRING, INT), {"one": 1}),
            MXI=GoValue(map_of(ANY, INT), {"one": 1}),
            MII=GoValue(map_of(INT, INT), {1: 1}),
            MI32S=GoValue(map_of(INT32, STRING), {1: "one", 2: "two"}),
            MI64S=GoValue(map_of(INT64, STRING), {2: "i642", 3: "i643"}),
            MUI32S=GoValue(map_of(UINT32, STRING), {2: "u322", 3: "u323"}),
            MUI64S=GoValue(map_of(UINT64, STRING), {2: "ui642", 3: "ui643"}),
            MI8S=GoValue(map_of(INT8, STRING), {2: "i82", 3: "i83"}),
            MUI8S=GoValue(map_of(UINT8, STRING), {2: "u82", 3: "u83"}),
            SMSI=GoValue(
                slice_of(map_of(STRING, INT)),
                [
                    GoValue(map_of(STRING, INT), {"one": 1, "two": 2}),
                    GoValue(map_of(STRING, INT), {"eleven": 11, "twelve": 12}),
                ],
            ),
            Empty1=3,
            Empty2="empty2",
            Empty3=GoValue(slice_of(INT), [7, 8]),
            Empty4=Pointer(Struct(U_TYPE, V="UinEmpty"), U_PTR),
            NonEmptyInterface=Pointer(Struct(T_TYPE, X="x"), T_PTR),
            NonEmptyInterfacePtS=Pointer(si),
            NonEmptyInterfaceTypedNil=Pointer(None, T_PTR),
            Str=Pointer(Struct(BUFFER, buf=b"foozle"), BUFFER_PTR),
            Err=GoErr("erroozle"),
            PI=Pointer(23, ptr_to(INT)),
            PS=Pointer("a string", ptr_to(STRING)),
            PSI=Pointer(GoValue(slice_of(INT), [21, 22, 23])),
            NIL=Pointer(None, ptr_to(INT)),
            UPI=Pointer(23, GoType("ptr", "unsafe.Pointer")),
            EmptyUPI=Pointer(None, GoType("ptr", "unsafe.Pointer")),
            BinaryFunc=GoValue(_func("func(string, string) string"), lambda a, b: f"[{a}={b}]"),
            VariadicFunc=GoValue(_func("func(...string) string"), _variadic),
            VariadicFuncInt=GoValue(_func("func(int, ...string) string"), _variadic_int),
            NilOKFunc=GoValue(
                _func("func(*int) bool"), lambda p: p is None or getattr(p, "is_nil", False)
            ),
            ErrFunc=GoValue(_func("func() (string, error)"), lambda: "bla"),
            PanicFunc=GoValue(_func("func() string"), _panic),
            TooFewReturnCountFunc=GoValue(_func("func()"), lambda: None),
            TooManyReturnCountFunc=GoValue(_func("func() (string, error, int)"), lambda: None),
            InvalidReturnTypeFunc=GoValue(_func("func() (string, bool)"), lambda: None),
        ),
        T_PTR,
    )


CMP_TYPE = struct_type(
    "main.cmpStruct",
    [
        ("Uthree", UINT), ("Ufour", UINT), ("NegOne", INT), ("Three", INT),
        ("Ptr", ptr_to(INT)), ("NilPtr", ptr_to(INT)), ("NonNilMap", map_of(INT, INT)),
        ("Map", map_of(INT, INT)), ("V1", V_TYPE), ("V2", V_TYPE),
        ("Iface1", GoType("interface", "fmt.Stringer")),
        ("NilIface", GoType("interface", "fmt.Stringer")),
    ],
)  # fmt: skip
TREE_TYPE = struct_type("main.Tree", [("Val", INT), ("Left", ANY), ("Right", ANY)])


def _tree(v: int, left: Any = None, right: Any = None) -> Pointer:
    nil = Pointer(None, GoType("ptr", "*main.Tree", elem=TREE_TYPE))
    return Pointer(Struct(TREE_TYPE, Val=v, Left=left or nil, Right=right or nil))


T_FIXTURES: dict[str, Any] = {
    "tVal": tval,
    "T0": lambda: Struct(T_TYPE),
    "Tptr0": lambda: Pointer(Struct(T_TYPE), T_PTR),
    "nilT": lambda: Pointer(None, T_PTR),
    "tSliceOfNil": lambda: GoValue(slice_of(T_PTR), [Pointer(None, T_PTR)]),
    "iValPtr": lambda: Pointer(tval(), ptr_to(I_TYPE)),
    "mapSBuffer": lambda: {"S": Pointer(Struct(BUFFER, buf=b"foozle"), BUFFER_PTR)},
    "cmp": lambda: Pointer(
        Struct(
            CMP_TYPE,
            Uthree=GoValue(UINT, 3),
            Ufour=GoValue(UINT, 4),
            NegOne=-1,
            Three=3,
            Ptr=Pointer(0, ptr_to(INT)),
            NonNilMap=GoValue(map_of(INT, INT), {}),
            Iface1=Pointer(Struct(BUFFER, buf=b""), BUFFER_PTR),
        )
    ),
    "tree": lambda: _tree(
        1,
        _tree(2, _tree(3, _tree(4)), _tree(5, _tree(6))),
        _tree(7, _tree(8, _tree(9)), _tree(10, _tree(11))),
    ),
    "sliceV": lambda: GoValue(slice_of(V_TYPE), [Struct(V_TYPE, j=1)]),
}
UNMIRRORED_T: dict[str, str] = {
    "embedNil": "embedded struct fields are not in the data model",
}
