"""gotmpl.gofmt against real Go: the oracle's expected files, and random values via the Go helper.

1. Every case of conformance/cases/fmt_printf.jsonl and fmt_print.jsonl is one `printf`/`print`/
   `println`/`typeOf` call; it is replayed as a direct sprintf/sprint/sprintln/type_string call
   and compared with the oracle's expected output (conformance/expected/).
2. Hypothesis differential tests (need `go` on PATH): random nested values through %v %+v %#v
   %T, Sprint and Sprintln, and random formats (flags, width, precision, `*`, `[n]`) against
   random arguments, compared with conformance/fmtoracle (a Go program built at test time).
"""

from __future__ import annotations

import re
import struct
from typing import Any

import pytest
from conformance_support import FUZZ, load_file, needs_go
from gofixtures import Unmirrored, decode_data
from hypothesis import given
from hypothesis import strategies as st

from conformance.fmtoracle.client import FmtOracle
from conformance.fmtoracle.replay import replay
from conformance.fmtoracle.strategies import formats, values
from gotmpl.fmt import print as gofmt
from gotmpl.gotypes import (
    FLOAT32,
    INT,
    NO_VALUE,
    GoValue,
    Pointer,
    Struct,
    ptr_to,
    struct_type,
)

# Go prints real heap addresses for nested pointers; we print the placeholder.
_ADDR = re.compile(r"0xc000[0-9a-f]{6}")


FIXTURE_CASES = load_file("fmt_printf") + load_file("fmt_print")


@pytest.mark.parametrize("case,want", FIXTURE_CASES, ids=[c["id"] for c, _ in FIXTURE_CASES])
def test_fixture(case: dict[str, Any], want: dict[str, Any]) -> None:
    try:
        data = decode_data(case)
    except Unmirrored as exc:
        pytest.skip(str(exc))
    assert want["ok"], want
    assert replay(case["template"], data) == want["output"]


# Fprint of one operand is %v of it: also what an action prints, through format_value.
ONE_OPERAND = [(c, w) for c, w in FIXTURE_CASES if c["template"] == "{{print .}}" and w["ok"]]


@pytest.mark.parametrize("case,want", ONE_OPERAND, ids=[c["id"] for c, _ in ONE_OPERAND])
def test_fixture_format_value(case: dict[str, Any], want: dict[str, Any]) -> None:
    try:
        data = decode_data(case)
    except Unmirrored as exc:
        pytest.skip(str(exc))
    assert gofmt.format_value(data) == want["output"]


def test_fixture_files_are_big_enough() -> None:
    assert len(FIXTURE_CASES) >= 600


# --- project rules that Go cannot show (Go prints real addresses) -----------------------------


def test_nested_pointer_prints_placeholder() -> None:
    p = Pointer(7, ptr_to(INT))
    assert gofmt.sprint([p]) == "[" + gofmt.ADDRESS_PLACEHOLDER + "]"
    assert gofmt.sprintf("%p", p) == gofmt.ADDRESS_PLACEHOLDER
    assert gofmt.sprintf("%v", p) == gofmt.ADDRESS_PLACEHOLDER


def test_no_value_prints_as_nil() -> None:
    assert gofmt.sprint(NO_VALUE) == "<nil>"
    assert gofmt.format_value(NO_VALUE) == "<nil>"
    assert gofmt.type_string(NO_VALUE) == "<nil>"
    assert gofmt.sprintf("%s", NO_VALUE) == "%!s(<nil>)"


def test_top_level_pointer_to_struct_is_dereferenced() -> None:
    t = struct_type("main.U", [("V", INT)])
    assert gofmt.sprint(Pointer(Struct(t, V=1))) == "&{1}"
    assert gofmt.sprint([Pointer(Struct(t, V=1))]) == "[" + gofmt.ADDRESS_PLACEHOLDER + "]"


def test_python_objects_are_structs_with_methods() -> None:
    class Point:
        def __init__(self) -> None:
            self.X = 1
            self.Y = "a"
            self._hidden = 2

    class Named:
        def String(self) -> str:  # noqa: N802 - Go's method name
            return "named!"

    assert gofmt.sprintf("%v %+v", Point(), Point()) == "{1 a} {X:1 Y:a}"
    assert gofmt.sprint(Named()) == "named!"
    assert gofmt.sprint(ValueError("bad")) == "bad"


# --- differential tests against real Go -------------------------------------------------------


def go_says(fmt_oracle: FmtOracle, op: str, fmt: str, args: tuple[Any, ...]) -> str:
    out, err = fmt_oracle.ask(op, fmt, args)
    assert not err, err
    return _ADDR.sub(gofmt.ADDRESS_PLACEHOLDER, out)


@needs_go
@FUZZ
@given(v=values(), verb=st.sampled_from(["%v", "%+v", "%#v", "%T", "%s", "%d", "%x", "%q", "%w"]))
def test_values_against_go(fmt_oracle: FmtOracle, v: Any, verb: str) -> None:
    assert gofmt.sprintf(verb, v) == go_says(fmt_oracle, "sprintf", verb, (v,))


@needs_go
@FUZZ
@given(args=st.lists(values(), max_size=4), ln=st.booleans())
def test_sprint_against_go(fmt_oracle: FmtOracle, args: list[Any], ln: bool) -> None:
    op = "sprintln" if ln else "sprint"
    ours = (gofmt.sprintln if ln else gofmt.sprint)(*args)
    assert ours == go_says(fmt_oracle, op, "", tuple(args))


_small = st.one_of(st.integers(-30, 30), values(pointers=False))


@needs_go
@FUZZ
@given(fmt=formats(), args=st.lists(_small, max_size=4))
def test_printf_against_go(fmt_oracle: FmtOracle, fmt: str, args: list[Any]) -> None:
    assert gofmt.sprintf(fmt, *args) == go_says(fmt_oracle, "sprintf", fmt, tuple(args))


_float_bits = st.one_of(
    st.floats(),
    st.integers(0, 2**64 - 1).map(lambda b: struct.unpack("<d", struct.pack("<Q", b))[0]),
)
_float32_bits = st.integers(0, 2**32 - 1).map(
    lambda b: GoValue(FLOAT32, struct.unpack("<f", struct.pack("<I", b))[0])
)


@needs_go
@FUZZ
@given(
    x=st.one_of(_float_bits, _float32_bits),
    verb=st.sampled_from(list("veEfFgGxXb")),
    flags=st.sampled_from(["", "#", "+", " ", "0", "-", "#0"]),
    prec=st.sampled_from(["", ".0", ".1", ".3", ".6", ".12", ".17", ".25"]),
    width=st.sampled_from(["", "8", "30"]),
)
def test_floats_against_go(
    fmt_oracle: FmtOracle, x: Any, verb: str, flags: str, prec: str, width: str
) -> None:
    fmt = "%" + flags + width + prec + verb
    assert gofmt.sprintf(fmt, x) == go_says(fmt_oracle, "sprintf", fmt, (x,))
