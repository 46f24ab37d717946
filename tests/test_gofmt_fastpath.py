"""format_value's fast path for JSON-shaped data prints exactly what the general printer does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gotmpl.fmt.print import format_value
from gotmpl.fmt.printer import Printer

KEYS = st.text(max_size=4) | st.sampled_from(["a", "B", "é", "\udcff", "\ue000", "10", "9"])
# Around the thresholds where Go's %v switches to %e form (1e-4, 1e6) and repr does (1e16).
EDGES = [0.0, -0.0, 1e-4, -1e-4, 9.999e-5, 1e6, -1e6, 999999.9999999999, 1e16, 1e21, 5e-324]
FLOATS = st.floats() | st.sampled_from(EDGES) | st.integers(-(10**7), 10**7).map(lambda i: i / 8)
DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | FLOATS | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(KEYS, inner, max_size=4)
    ),
    max_leaves=15,
)


def _printer(v: object) -> str:
    p = Printer()
    p.print_arg(v, "v")
    return p.text()


@given(DATA)
def test_fast_path_matches_the_printer(v: object) -> None:
    assert format_value(v) == _printer(v)


def test_invalid_utf8_keys_sort_by_bytes() -> None:
    # Byte 0xff (a surrogate escape) sorts after U+E000's 0xee; by code point it sorts before.
    v = {"\udcff": 1, "\ue000": 2, "a": [{"\udcff": 3, "\ue000": 4}]}
    assert format_value(v) == _printer(v)
