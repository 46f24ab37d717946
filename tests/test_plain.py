"""Writers per key order (gotmpl.plain.Shapes): a shape's generated writer, its loop for shapes seen
once or beyond those kept, and the general printer and encoder all write the same text."""

from __future__ import annotations

from typing import Any

import pytest

from gotmpl.fmt.print import _PLAIN as _FMT
from gotmpl.fmt.printer import Printer
from gotmpl.json import _PLAIN as _JSON
from gotmpl.json import _Encoder, plain_json
from gotmpl.plain import MAX_WRITER_KEYS, Shapes


def _printed(v: object) -> str:
    p = Printer()
    p.print_arg(v, "v")
    return p.text()


#: Each form's shapes, its fast writer of a whole value, and the general one.
FORMS = [
    (_FMT.maps, lambda v: _FMT.maps.text(v, 0), _printed),
    (_JSON.maps, plain_json, lambda v: _Encoder().run(v)),
]
MAPS: list[dict[str, Any]] = [
    {"b": 1, "a": [2.5, None], "%d": "%s", "{x}": "'\"", "é": {"z": True, "y": "<&>"}},
    {"b": "x", "a": [], "%d": 0, "{x}": 1e21, "é": {"z": False, "y": ""}},
    {},
    {"only": {}},
]


def _fresh(monkeypatch: pytest.MonkeyPatch, shapes: Shapes, limit: int) -> None:
    monkeypatch.setattr(shapes, "limit", limit)
    monkeypatch.setattr(shapes, "writers", {})
    monkeypatch.setattr(shapes, "seen", set())


@pytest.mark.parametrize(("shapes", "fast", "general"), FORMS)
def test_a_shape_seen_twice_gets_a_writer_that_writes_the_same(monkeypatch, shapes, fast, general):
    _fresh(monkeypatch, shapes, 512)
    first = [fast(m) for m in MAPS]  # the loop, then writers for shapes met again
    assert set(shapes.writers) == {tuple(MAPS[0]), ("z", "y"), ()}
    again = [fast(m) for m in MAPS + MAPS]  # every shape by its writer
    assert set(shapes.writers) == {tuple(MAPS[0]), ("z", "y"), (), ("only",)}
    assert first + first == again == [general(m) for m in MAPS + MAPS]


@pytest.mark.parametrize(("shapes", "fast", "general"), FORMS)
def test_shapes_beyond_those_kept_are_written_by_the_loop(monkeypatch, shapes, fast, general):
    _fresh(monkeypatch, shapes, 0)
    for m in MAPS + MAPS:
        assert fast(m) == general(m)
    assert shapes.writers == {}


def test_shapes_seen_once_are_forgotten_when_many(monkeypatch):
    _fresh(monkeypatch, _FMT.maps, 2)
    for i in range(9):  # maps keyed by ids: each shape seen once
        assert _FMT.maps.text({f"id{i}": i}, 0) == f"map[id{i}:{i}]"
    assert len(_FMT.maps.seen) <= 8 and _FMT.maps.writers == {}


@pytest.mark.parametrize(("shapes", "fast", "general"), FORMS)
def test_a_key_that_is_not_a_str_is_declined(monkeypatch, shapes, fast, general):
    _fresh(monkeypatch, shapes, 512)
    for _ in range(2):
        assert fast({"a": 1, 2: "b"}) is None
    assert shapes.writers == {}


def test_a_map_of_many_keys_is_written_by_the_loop(monkeypatch):
    _fresh(monkeypatch, _FMT.maps, 512)
    big = {f"k{i:03}": i for i in range(MAX_WRITER_KEYS + 1)}
    for _ in range(3):
        assert _FMT.maps.text(big, 0) == _printed(big)
    assert _FMT.maps.writers == {} and _FMT.maps.seen == set()
