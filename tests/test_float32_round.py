"""gotypes.float32_round is Go's conversion float32(x), checked against real Go.

The fmtoracle helper reads each float64 and stores it with reflect's SetFloat, which is Go's
float32(x) (complex64(z) for a pair), so Go does the rounding on its side. Ours is checked where
it is used: a GoValue(FLOAT32) printed by fmt, strconv.FormatFloat(x, _, _, 32) on the float64
itself, and json.Marshal.
"""

from __future__ import annotations

import math
import struct

from conformance_support import FUZZ, needs_go
from hypothesis import given
from hypothesis import strategies as st

from conformance.fmtoracle.client import FmtOracle
from gotmpl.fmt import print as gofmt
from gotmpl.gotypes import COMPLEX64, FLOAT32, GoValue
from gotmpl.json import JSONError, to_json
from gotmpl.strconv.ftoa import format_float

FLT_MAX = struct.unpack("<f", struct.pack("<I", 0x7F7FFFFF))[0]
# Halfway between FLT_MAX and 2**128, where round-to-nearest-even tips over to +Inf.
OVERFLOW_TIE = FLT_MAX + 2.0**103
TINY = 2.0**-149  # the smallest float32 subnormal

EDGES = [
    0.0,
    -0.0,
    0.1,
    1 / 3,
    16777217.0,  # 2**24 + 1: a tie, to even (down)
    16777219.0,  # 2**24 + 3: a tie, to even (up)
    FLT_MAX,
    math.nextafter(OVERFLOW_TIE, 0),
    OVERFLOW_TIE,
    math.nextafter(OVERFLOW_TIE, math.inf),
    -OVERFLOW_TIE,
    1e39,
    -1e300,
    TINY,
    TINY / 2,  # a tie between 0 and TINY: to even, 0
    math.nextafter(TINY / 2, 1),
    TINY * 1.5,  # a tie between TINY and 2*TINY: to even, 2*TINY
    -TINY * 2.5,
    1e-46,
    2.0**-126 * (1 - 2.0**-25),  # just under the smallest normal
    math.inf,
    -math.inf,
    math.nan,
]

FORMAT = "%b|%v|%.20e"


def go_float32(oracle: FmtOracle, x: float, y: float) -> tuple[str, str]:
    """Go's fmt of float32(x) and complex64(complex(x, y)), and json.Marshal of float32(x)."""
    f32 = {"t": "float32", "v": repr(x)}
    c64 = {"t": "complex64", "v": [repr(x), repr(y)]}
    printed, err = oracle.ask_encoded("sprintf", FORMAT + "|%v", [f32, f32, f32, c64])
    assert not err, err
    marshalled, json_err = oracle.ask_encoded("json", "", [f32])
    return printed, marshalled or json_err


def ours(x: float, y: float) -> tuple[str, str]:
    v = GoValue(FLOAT32, x)
    printed = gofmt.sprintf(FORMAT + "|%v", v, v, v, GoValue(COMPLEX64, complex(x, y)))
    try:
        marshalled = to_json(v)
    except JSONError as e:
        marshalled = str(e)
    return printed, marshalled


def strconv_float32(x: float) -> str:
    """fmt's %b|%v|%.20e of float32(x), built by FormatFloat from the float64 itself."""
    return "|".join(
        [format_float(x, "b", -1, 32), format_float(x, "g", -1, 32), format_float(x, "e", 20, 32)]
    )


@needs_go
def test_edges_round_as_go_converts(fmt_oracle: FmtOracle) -> None:
    for x in EDGES:
        want = go_float32(fmt_oracle, x, -x)
        assert ours(x, -x) == want, x
        assert want[0].startswith(strconv_float32(x) + "|"), x


float64s = st.one_of(
    st.floats(),
    st.integers(0, 2**64 - 1).map(lambda b: struct.unpack("<d", struct.pack("<Q", b))[0]),
    st.floats(FLT_MAX * 0.99, FLT_MAX * 1.01),
    st.floats(-TINY * 4, TINY * 4),
)


@needs_go
@FUZZ
@given(x=float64s, y=float64s)
def test_random_float64s_round_as_go_converts(fmt_oracle: FmtOracle, x: float, y: float) -> None:
    want = go_float32(fmt_oracle, x, y)
    assert ours(x, y) == want
    assert want[0].startswith(strconv_float32(x) + "|")
