"""to_json's fast path for plain data writes what the general encoder does, or steps aside."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gotmpl import json as gojson
from gotmpl.gotypes import ANY, Struct, slice_of, struct_type
from gotmpl.json import JSONError, _Encoder, plain_json, to_json

# Characters where Python's encoder and Go's differ, or where the fast path patches its output.
_TRICKY = list('<>&"\\/.0,]}e\x00\x1f\x7f\u2028\u2029é日😀\ufffd\ufeff\ue000\uffff')
_VALID = st.sampled_from(_TRICKY) | st.characters(codec="utf-8")
# Surrogates (invalid UTF-8) send a value to the general path, so only some strings hold them.
TEXT = st.text(alphabet=_VALID, max_size=6) | st.text(
    alphabet=_VALID | st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=3
)
# Around the thresholds of repr's exponent form (1e-4, 1e16) and of Go's (1e-6, 1e21).
_EDGES = [0.0, -0.0, 1e-4, -1e-4, 9.999e-5, 1e16, 9999999999999998.0, -1e16, 1e21, 1e20, 1e-6,
          1e-7, 2.0**53, 2.0**53 + 2, 5e-324, 1.7976931348623157e308, 0.1, 100.0, -3.0]  # fmt: skip
FLOATS = st.floats() | st.sampled_from(_EDGES) | st.integers(-(10**7), 10**7).map(lambda i: i / 8)
SCALARS = st.none() | st.booleans() | st.integers() | FLOATS | TEXT
DATA = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(TEXT, inner, max_size=4)
    ),
    max_leaves=20,
)


def _general(v: Any) -> str:
    return _Encoder().run(v)


def _general_or_error(v: Any) -> str:
    try:
        return _general(v)
    except JSONError as exc:
        return "error: " + str(exc)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(TEXT, DATA, max_size=5) | st.lists(DATA, max_size=5))
def test_fast_path_matches_the_general_encoder(v: Any) -> None:
    fast = plain_json(v)
    if fast is not None:
        assert fast == _general(v)
    try:
        got = to_json(v)
    except JSONError as exc:
        got = "error: " + str(exc)
    assert got == _general_or_error(v)


@pytest.mark.parametrize(
    "v",
    [
        {"key": "f", "rank": 1.0, "rollout": 50.5, "tags": ["a<b"], "x": None, "n": {}},
        {"<": ">", "&": ["<>&", "&amp;"]},  # HTML-safe escapes
        {"\u2028": "a\u2029b", "l": ["\u2028\u2029"]},  # JavaScript line terminators
        [1.0, 0.0, -0.0, 100.0, -3.0, 9999999999999998.0, 1e-4, 2.5, {"a": 7.0}, [8.0]],
        {"é": 1, "z": 2, "日": 3, "😀": 4, "\ue000": 5, "\uffff": 6, "A": 7},  # byte order
        {"q": '"\\/\b\f\n\r\t\x00\x1f\x7f', "v": "1.0", "w": "x.0"},
        [[], {}, [[]], [{}], {"x": []}, None, True, False, 12345678901234567890],
    ],
)
def test_fast_path_takes_and_patches(v: Any) -> None:
    fast = plain_json(v)
    assert fast is not None
    assert fast == _general(v)


@pytest.mark.parametrize(
    "v",
    [
        [1e16, -1e16, 1e20, 1e21, 9.99e-5, -9.99e-5, 1e-5, 1e-7],  # Go's exponent thresholds
        ["1.0]", 2.0, "}", "{"],  # strings that look like the text around them
        {"\udcff": 1, "\ue000": 2},  # an invalid name: U+FFFD, ordered by its bytes
        {"%s": "%d", "{x}": "'\"", "a\\b": [{}]},  # names that are not plain words
    ],
)
def test_fast_path_takes_what_the_c_encoder_could_not(v: Any) -> None:
    assert plain_json(v) == _general(v)


class _Text(str):
    """A str subclass: a Go string type of its own, not plain."""


def test_fast_path_steps_aside() -> None:
    assert plain_json({1: "a"}) is None  # a key Go's map[string]any cannot have
    for x in (float("nan"), float("inf"), -float("inf")):
        assert plain_json([x]) is None  # Go's error, the general path's
    assert plain_json(["\udcff"]) is None  # invalid UTF-8: U+FFFD, the general path's
    assert plain_json({"a": _Text("x")}) is None
    assert plain_json([(1, 2), {"k": {1.5: 2}}]) is None
    deep: list[Any] = []
    for _ in range(200):
        deep = [deep]
    assert plain_json(deep) is None


_HOLDER = struct_type("main.Holder", [("Payload", ANY), ("Items", slice_of(ANY))])


@given(DATA, st.lists(DATA, max_size=3))
def test_any_fields_match_the_general_encoder(payload: Any, items: list[Any]) -> None:
    """Struct fields and typed-slice elements of type `any` try the fast path on their value."""
    v = Struct(_HOLDER, Payload=payload, Items=items)
    fast = _general_or_error(v)  # the encoder meets the fields' `any` slots
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(gojson, "plain_json", lambda v: None)
        general = _general_or_error(v)
    assert fast == general
