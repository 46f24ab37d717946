"""Shortest float32 digits: the one-candidate-a-length path against the full search.

Both are held to Go by the fmt and json conformance cases (float32 values, `%v`, `%g`,
FormatFloat at bitSize 32); this checks the fast path on float32 bit patterns of every size.
"""

from __future__ import annotations

import struct

from hypothesis import example, given, settings
from hypothesis import strategies as st

from gotmpl.strconv import ftoa


def _float32(bits: int) -> float:
    return float(struct.unpack("<f", struct.pack("<I", bits))[0])


@settings(max_examples=3000, deadline=None)
@given(st.integers(1, 0x7F7FFFFF))  # every positive finite float32, subnormals included
@example(1)  # the smallest subnormal
@example(0x00800000)  # the smallest normal: a symmetric interval at a power of two
@example(0x7F7FFFFF)  # the largest float32
@example(0x3DCCCCCD)  # float32(0.1)
def test_shortest_float32_digits_equal_the_full_search(bits: int) -> None:
    x = _float32(bits)
    exact, lo, hi, inclusive, _ = ftoa._rounding_interval(x)
    assert ftoa._shortest32(x) == ftoa._closest_inside(exact, lo, hi, inclusive, x)
