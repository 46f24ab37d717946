"""to_json's C-encoder fast path writes exactly what the general encoder does, or steps aside."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from gotmpl.gojson import JSONError, _fast, _plain, to_json

# Characters where Python's encoder and Go's differ, or where the fast path patches its output.
_TRICKY = list('<>&"\\/.0,]}e\x00\x1f\x7f\u2028\u2029é日😀\ufffd\ufeff\ue000\uffff')
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(_TRICKY),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
        st.characters(),
    ),
    max_size=6,
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
    out: list[str] = []
    _plain(v, out)
    return "".join(out)


def _general_or_error(v: Any) -> str:
    try:
        return _general(v)
    except JSONError as exc:
        return "error: " + str(exc)


@given(st.dictionaries(TEXT, DATA, max_size=5) | st.lists(DATA, max_size=5))
def test_fast_path_matches_the_general_encoder(v: Any) -> None:
    fast = _fast(v)
    if fast is not None:
        assert fast == _general(v)
    try:
        got = to_json(v)
    except JSONError as exc:
        got = "error: " + str(exc)
    assert got == _general_or_error(v)


def test_fast_path_takes_flipt_payloads() -> None:
    payload = {"key": "f", "rank": 1.0, "rollout": 50.5, "tags": ["a<b\u2028"], "x": None, "n": {}}
    fast = _fast(payload)
    assert fast is not None
    assert fast == _general(payload)


def test_fast_path_steps_aside() -> None:
    assert _fast({1: "a"}) is None  # a key Go's map[string]any cannot have
    assert _fast([1e21]) is None  # repr writes 1e+21 in exponent form at other thresholds
    assert _fast([1e-5]) is None
    assert _fast([float("nan")]) is None
    assert _fast(["1.0]", 2.0]) is None  # a string holding what the float patch looks for
    assert _fast({"\udcff": 1, "\ue000": 2}) is None  # byte order is not code point order
