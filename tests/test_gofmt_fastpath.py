"""format_value's fast path for JSON-shaped data prints exactly what the general printer does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gotmpl.gofmt import format_value
from gotmpl.gofmt_printer import Printer

KEYS = st.text(max_size=4) | st.sampled_from(["a", "B", "é", "\udcff", "10", "9"])
DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4),
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
