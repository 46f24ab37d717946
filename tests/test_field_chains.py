"""Field chains read at one site (gotmpl.exec.fields.chain_site) give the walker's answers.

A site learns the classes and types of the data it first reads and reads faster under checks
of exactly those; the danger is data of another shape arriving later. So one template renders
a run of differently shaped values (structs direct, addressable and behind pointers, nil
pointers, interface fields holding structs, maps or strings, named types, methods on the
value and on the pointer), and every render must equal the walker's.
"""

from __future__ import annotations

import os
from typing import Any

from conformance_support import walker_only
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gotmpl import Template, TemplateError
from gotmpl.exec.fields import MISS, chain_site
from gotmpl.gotypes import (
    ANY,
    INT,
    STRING,
    GoType,
    GoValue,
    Pointer,
    Struct,
    addressed,
    map_of,
    named,
    struct_type,
)


def _value_method(s: Struct) -> str:
    return "vm:" + str(s.get("S"))


def _pointer_method(p: Pointer) -> str:
    return "pm:" + str(p.target.get("S"))


_MY_STRING = named("main.MyString", STRING)
_LEAF = struct_type(
    "main.Leaf",
    [("S", STRING), ("N", INT), ("Named", _MY_STRING), ("Any", ANY)],
    methods={"VM": _value_method},
)


def _pointer_string(p: Pointer) -> str:
    return "str:" + str(p.target.get("S"))


# String on the pointer: Go prints an addressable Leaf through it, a Leaf held as a value not.
_LEAF_PTR = GoType(
    "ptr", "*main.Leaf", elem=_LEAF, methods={"PM": _pointer_method, "String": _pointer_string}
)
_MID = struct_type(
    "main.Mid",
    [("L", _LEAF), ("P", _LEAF_PTR), ("Any", ANY), ("M", map_of(STRING, ANY))],
)
_TOP = struct_type("main.Top", [("Mid", _MID), ("PMid", GoType("ptr", "*main.Mid", elem=_MID))])

_TEXT = st.text("ab\xe9", max_size=2)


def _leaves() -> st.SearchStrategy[Any]:
    fields = st.fixed_dictionaries(
        {},
        optional={
            "S": _TEXT,
            "N": st.integers(-2, 2),
            "Named": _TEXT.map(lambda s: GoValue(_MY_STRING, s)),
            "Any": st.none() | _TEXT | st.dictionaries(st.sampled_from("Sk"), _TEXT, max_size=2),
        },
    )
    return fields.map(lambda values: Struct(_LEAF, **values))


def _mids() -> st.SearchStrategy[Any]:
    leaf = _leaves()
    fields = st.fixed_dictionaries(
        {},
        optional={
            "L": leaf,
            "P": st.one_of(leaf.map(Pointer), st.just(Pointer(None, _LEAF_PTR)), st.none()),
            "Any": st.none()
            | _TEXT
            | leaf
            | leaf.map(Pointer)
            | st.dictionaries(st.sampled_from(["S", "L"]), _TEXT, max_size=2),
            "M": st.none() | st.dictionaries(st.sampled_from(["k", "S"]), _TEXT | leaf, max_size=2),
        },
    )
    return fields.map(lambda values: Struct(_MID, **values))


@st.composite
def _tops(draw: st.DrawFn) -> Any:
    mid = _mids()
    values = draw(
        st.fixed_dictionaries(
            {}, optional={"Mid": mid, "PMid": st.one_of(mid.map(Pointer), st.none())}
        )
    )
    top = Struct(_TOP, **values)
    shape = draw(st.sampled_from(["value", "pointer", "addressable", "map", "any"]))
    if shape == "pointer":
        return Pointer(top)
    if shape == "addressable":
        return addressed(top)
    if shape == "map":  # a map standing where the struct stood
        return {"Mid": {"L": {"S": "m"}, "P": draw(_TEXT)}, "PMid": draw(mid)}
    if shape == "any":
        return {"x": draw(mid)}
    return top


_PATHS = [
    ".Mid.L.S",
    ".Mid.L.N",
    ".Mid.L.Named",
    ".Mid.L.VM",
    ".Mid.L.PM",
    ".Mid.L.Any.S",
    ".Mid.P.S",
    ".Mid.P.PM",
    ".Mid.P.VM",
    ".Mid.P.Any",
    ".Mid.Any.S",
    ".Mid.Any.L",
    ".Mid.M.k",
    ".Mid.M.S.S",
    ".Mid.L",
    ".PMid.L.S",
    ".PMid.P.S",
    ".PMid.P.N",
    ".PMid.Any.S",
    ".PMid.M.k",
    ".x.L.S",
    ".x.P.S",
]


def _outcome(t: Template, data: object) -> tuple[str, str]:
    try:
        return "ok", t.execute(data)
    except TemplateError as e:
        return "error", str(e)


def _text(paths: list[str], flat: bool) -> str:
    if flat:  # texts and operands only: the flat body's shape
        return "|".join("{{" + p + "}}" for p in paths)
    return "".join(
        f'{{{{{p}}}}}|{{{{printf "%v" {p}}}}}|{{{{with $v := {p}}}}}{{{{$v}}}}{{{{end}}}};'
        for p in paths
    )


# More with GOTMPL_FUZZ_EXAMPLES, as the differential suite.
_EXAMPLES = max(300, int(os.environ.get("GOTMPL_FUZZ_EXAMPLES", "0")))


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paths=st.lists(st.sampled_from(_PATHS), min_size=1, max_size=4),
    datas=st.lists(_tops(), min_size=1, max_size=6),
    flat=st.booleans(),
    safe=st.booleans(),
)
@example(
    paths=[".Mid.P.S", ".PMid.L.S"],
    datas=[
        Struct(_TOP, Mid=Struct(_MID, P=Pointer(Struct(_LEAF, S="a")))),
        Struct(_TOP, Mid=Struct(_MID, P=Pointer(None, _LEAF_PTR))),
        Pointer(Struct(_TOP, PMid=Pointer(Struct(_MID, L=Struct(_LEAF, S="b"))))),
    ],
    flat=True,
    safe=False,
)
def test_a_run_of_shapes_through_one_template_reads_as_the_walker(
    paths: list[str], datas: list[Any], flat: bool, safe: bool
) -> None:
    text = _text(paths, flat)
    t = Template("t", safe=safe).parse(text)
    compiled = [_outcome(t, d) for d in datas + datas]
    with walker_only():
        w = Template("t", safe=safe).parse(text)
        walked = [_outcome(w, d) for d in datas + datas]
    assert compiled == walked


def test_a_site_learns_a_struct_chain_and_still_answers_other_shapes() -> None:
    """After one read a site holds a compiled reader; data of another shape (a nil pointer,
    a map, a string) still gets field_step's answer, MISS included."""
    site = chain_site(("Mid", "P", "S"), objects=True)
    learner = site[0]
    data = Struct(_TOP, Mid=Struct(_MID, P=Pointer(Struct(_LEAF, S="a"))))
    assert site[0](data) == "a"
    assert site[0] is not learner and site[0].__name__ == "read"
    assert site[0](Struct(_TOP, Mid=Struct(_MID, P=Pointer(Struct(_LEAF, S="b"))))) == "b"
    assert site[0](Struct(_TOP, Mid=Struct(_MID, P=Pointer(None, _LEAF_PTR)))) is MISS
    assert site[0]({"Mid": {"P": {"S": "m"}}}) == "m"
    assert site[0]("text") is MISS
