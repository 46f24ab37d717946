"""gotmpl.gojson against real Go: the oracle's json_marshal cases, and random values via the helper.

1. Every case of conformance/cases/json_marshal.jsonl is one `toJson` call; it is replayed as a
   direct to_json call and compared with the oracle's output or error message.
2. Hypothesis differential tests (need `go` on PATH): random JSON-like values and random typed
   values (structs with tags, typed maps and slices, float32...) through json.Marshal in the
   conformance/fmtoracle helper.
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import FUZZ, load_file, needs_go
from gofixtures import Unmirrored, decode_data
from hypothesis import given
from hypothesis import strategies as st

from conformance.fmtoracle.client import FmtOracle
from conformance.fmtoracle.replay import replay
from conformance.fmtoracle.strategies import json_values, texts, values
from gotmpl.gotypes import (
    ANY,
    BOOL,
    FLOAT64,
    INT,
    NO_VALUE,
    STRING,
    GoType,
    Pointer,
    Struct,
    ptr_to,
    slice_of,
    struct_type,
)
from gotmpl.json import JSONError, to_json

_PREFIX = "error calling toJson: "


CASES = load_file("json_marshal")


def ours(v: Any) -> tuple[str, str]:
    try:
        return to_json(v), ""
    except JSONError as exc:
        return "", str(exc)


@pytest.mark.parametrize("case,want", CASES, ids=[c["id"] for c, _ in CASES])
def test_fixture(case: dict[str, Any], want: dict[str, Any]) -> None:
    try:
        data = decode_data(case)
    except Unmirrored as exc:
        pytest.skip(str(exc))
    if want["ok"]:
        assert replay(case["template"], data) == want["output"]
    else:
        assert _PREFIX in want["error"], want
        with pytest.raises(JSONError) as info:
            replay(case["template"], data)
        assert str(info.value) == want["error"].split(_PREFIX, 1)[1]


def test_no_value_and_none_are_null() -> None:
    assert to_json(NO_VALUE) == "null"
    assert to_json([None, NO_VALUE]) == "[null,null]"


def test_python_objects_marshal_exported_attributes() -> None:
    class Actor:
        def __init__(self) -> None:
            self.Email = "a@b"
            self.ip = "hidden"  # unexported in Go terms

    assert to_json(Actor()) == '{"Email":"a@b"}'


# --- differential tests against real Go -------------------------------------------------------


def go_json(fmt_oracle: FmtOracle, v: Any) -> tuple[str, str]:
    return fmt_oracle.ask("json", "", (v,))


@needs_go
@FUZZ
@given(v=json_values())
def test_json_values_against_go(fmt_oracle: FmtOracle, v: Any) -> None:
    assert ours(v) == go_json(fmt_oracle, v)


@needs_go
@FUZZ
@given(v=values(pointers=False))
def test_typed_values_against_go(fmt_oracle: FmtOracle, v: Any) -> None:
    assert ours(v) == go_json(fmt_oracle, v)


_TAGS = st.sampled_from(
    [None, "", "x", "-", "-,", "x,omitempty", ",omitempty", ",string", "x,string", "y,omitempty"]
)
_FIELD_TYPES: list[GoType] = [INT, STRING, BOOL, FLOAT64, ANY, slice_of(INT), ptr_to(INT)]


@st.composite
def tagged_structs(draw: st.DrawFn) -> Struct:
    names = draw(st.lists(st.sampled_from(["A", "B", "X", "Y", "É"]), max_size=4, unique=True))
    specs = [(n, draw(st.sampled_from(_FIELD_TYPES)), draw(_TAGS)) for n in names]
    stype = struct_type("", [(n, t) if tag is None else (n, t, tag) for n, t, tag in specs])
    vals = {}
    for n, t, _ in specs:
        if draw(st.booleans()):
            continue  # zero value
        if t == INT:
            vals[n] = draw(st.integers(-3, 3))
        elif t == STRING:
            vals[n] = draw(texts)
        elif t == BOOL:
            vals[n] = draw(st.booleans())
        elif t == FLOAT64:
            vals[n] = draw(st.sampled_from([0.0, -0.0, 1.5, 1e21, float("nan")]))
        elif t == ANY:
            vals[n] = draw(json_values())
        elif t.kind == "slice":
            vals[n] = draw(st.lists(st.integers(0, 3), max_size=2))
        else:
            vals[n] = Pointer(draw(st.integers(0, 3)), t)
    return Struct(stype, **vals)


@needs_go
@FUZZ
@given(v=tagged_structs())
def test_tagged_structs_against_go(fmt_oracle: FmtOracle, v: Struct) -> None:
    assert ours(v) == go_json(fmt_oracle, v)
