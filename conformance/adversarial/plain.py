"""Plain JSON data printed and marshalled: %v, printf verbs and toJson of maps and lists.

gotmpl writes JSON-shaped data through one walk with a writer generated per map key order
(gotmpl/plain.py), made when an order is seen a second time. These cases hold lists of maps
sharing key orders, keys from a small pool (so orders recur across cases in one worker),
awkward keys (`%`, braces, quotes, HTML, non-ASCII, byte order unlike code point order) and
values at Go's float thresholds, in bodies that are flat (texts, operands, toJson) and in
bodies that are not (range, printf, if), each rendered twice.
"""

from __future__ import annotations

import random
from typing import Any

from conformance.adversarial.common import exec_case

__all__ = ["plain_case"]

KEYS = [
    "a", "b", "key", "name", "enabled", "%d", "%s", "{x}", "}{", "'", '"', "\\", "<b>", "&",
    "é", "日本", "\ue000", "\uffff", "😀", "A", "Z", "", " ", "a b", "10", "9", "\u2028", "k.v",
]  # fmt: skip
STRINGS = [
    "", "x", "flipt flag", "<script>&'\"</script>", "\\n", "line\nnext\ttab", "é日😀", "\u2028",
    "%v %d %%", "{{.}}", "\x00\x1f\x7f", "\ufeff", "null", "1.0", "]", "}",
]  # fmt: skip
NUMBERS = [
    0, -0.0, 1, -1, 0.5, 2.5, 1e-4, 9.999e-5, 1e-5, 1e-6, 1e-7, 1e6, 999999.9, 1e16, 1e20,
    1e21, 1e21 * 1.5, 2**53, 2**53 + 2, 5e-324, 1.7976931348623157e308, 0.1, 100, 3.0, -2.5e-3,
    123456789.125, 12345678901234567890,
]  # fmt: skip
FLAT_ACTIONS = ["{{.}}", "{{toJson .}}", "{{.m}}", "{{toJson .m}}", "{{.l}}", "{{toJson .l}}"]
ACTIONS = FLAT_ACTIONS + [
    '{{printf "%v|%+v" .m .l}}', '{{printf "%s" .m}}', '{{printf "%d" .l}}', '{{printf "%q" .m}}',
    '{{printf "%x" .l}}', '{{printf "%#v" .m}}', '{{printf "%T" .l}}', "{{print .m .l}}",
    "{{range .l}}{{.}};{{toJson .}};{{end}}", "{{range $k, $v := .m}}{{$k}}={{$v}},{{end}}",
    "{{if .m}}{{len .m}}{{end}}", "{{index .l 0}}", "{{with .m}}{{.}}{{end}}",
]  # fmt: skip


def _keys(r: random.Random) -> list[str]:
    return r.sample(KEYS, r.randint(0, 5))


def _scalar(r: random.Random) -> Any:
    return r.choice([r.choice(STRINGS), r.choice(NUMBERS), True, False, None])


def _value(r: random.Random, shapes: list[list[str]], depth: int) -> Any:
    x = r.random()
    if depth >= 4 or x < 0.5:
        return _scalar(r)
    if x < 0.75:
        return [_value(r, shapes, depth + 1) for _ in range(r.randint(0, 3))]
    return _map(r, shapes, depth + 1)


def _map(r: random.Random, shapes: list[list[str]], depth: int) -> dict[str, Any]:
    """A map whose keys are often an order met before in the same data."""
    if shapes and r.random() < 0.6:
        keys = r.choice(shapes)
    else:
        keys = _keys(r)
        shapes.append(keys)
    return {k: _value(r, shapes, depth) for k in keys}


def plain_case(r: random.Random) -> dict[str, Any]:
    """One body of plain-data prints over a map `m` and a list `l` of maps and values."""
    shapes: list[list[str]] = []
    data = {"m": _map(r, shapes, 0), "l": [_value(r, shapes, 1) for _ in range(r.randint(1, 4))]}
    flat = r.random() < 0.5
    pool = FLAT_ACTIONS if flat else ACTIONS
    body = "".join(r.choice(["", " ", "\n", "|"]) + r.choice(pool) for _ in range(r.randint(1, 4)))
    return exec_case("flat" if flat else "mixed", body, data=data, data_mode="json", funcs="flipt")
