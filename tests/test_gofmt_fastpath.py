"""format_value's fast path for JSON-shaped data prints exactly what the general printer does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gotmpl.fmt.print import format_value, plain_container
from gotmpl.fmt.printer import Printer
from gotmpl.gostring import valid_utf8
from gotmpl.gotypes import STRING, GoValue, named

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


def test_maps_of_one_shape_print_their_own_values_in_key_order() -> None:
    """The print form kept per key order serves every map of those keys, whatever their
    values; the same keys inserted in another order are another shape, printed the same."""
    maps = [{"b": i, "a": [i], "%d": "%s"} for i in range(3)]
    maps += [{"a": 9, "%d": None, "b": 8}, {"only": {"b": 1.5, "a": "x"}}, {}]
    for v in maps + maps:
        assert plain_container(v) == _printer(v)


def test_invalid_utf8_keys_sort_by_bytes() -> None:
    # Byte 0xff (a surrogate escape) sorts after U+E000's 0xee; by code point it sorts before.
    v = {"\udcff": 1, "\ue000": 2, "a": [{"\udcff": 3, "\ue000": 4}]}
    assert format_value(v) == _printer(v)


class _CountedKey(str):
    """A str key whose ordering is its own code: sorting calls it."""

    calls = 0

    def __lt__(self, other: object) -> bool:
        _CountedKey.calls += 1
        return str.__lt__(self, str(other))


def _stringer(calls: list[str]) -> GoValue:
    t = named("main.S", STRING, methods={"String": lambda v: calls.append("String") or "s"})
    return GoValue(t, "x")


@given(DATA)
def test_plain_container_is_the_printers_text_or_none(v: object) -> None:
    text = plain_container(v)
    if type(v) in (dict, list, tuple):
        # None only for text that is not valid UTF-8 (keys then sort by their bytes).
        assert text == _printer(v) if text is not None else not valid_utf8(_printer(v))
    else:
        assert text is None


def test_plain_container_calls_nothing_a_value_defines() -> None:
    """The flat body asks plain_container first and renders through fmt after a None: what
    it declined must not have run any code of the data's (a Stringer, a key's ordering)."""
    calls: list[str] = []
    _CountedKey.calls = 0
    for v in ({"a": _stringer(calls)}, [1, _stringer(calls)]):
        assert plain_container(v) is None
    # A str subclass's key is a Go string of its text: declined (its ordering never asked),
    # or, once a map of equal plain keys has been printed, that map's form, the same text.
    for v in (
        {_CountedKey("y"): 1, _CountedKey("x"): 2},
        {"k": {_CountedKey("y"): 1, "x": 2}},
        {"y": 0, "x": 0},
        {_CountedKey("y"): 1, _CountedKey("x"): 2},
    ):
        assert plain_container(v) in (None, _printer(v))
    assert calls == [] and _CountedKey.calls == 0
    text = format_value({"a": _stringer(calls)})
    assert calls == ["String"] and text == _printer({"a": _stringer([])})
