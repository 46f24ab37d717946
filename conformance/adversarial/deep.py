"""Deep nesting that Go handles: control structures, parentheses, data and template recursion.

Go's only limits are its parser's 10,000 nested parentheses (`max expression depth exceeded`)
and 100,000 nested template calls; everything else nests as deep as memory allows. Depths are
drawn around the values that matter (50, 200, 1000, 5000, 10000 and Go's boundaries), and the
shapes are kept cheap for Go so each case answers in milliseconds.
"""

from __future__ import annotations

import random
from typing import Any

from conformance.adversarial.common import exec_case, nest

__all__ = ["deep_case"]

DEPTHS = [50, 200, 1000, 5000, 10000]
# JSON data is decoded by Go's encoding/json, whose limit is 10,000 levels (the case line adds
# one): deeper data would be rejected before any template runs.
MAX_DATA_DEPTH = 9990


def _depth(r: random.Random, extra: tuple[int, ...] = ()) -> int:
    return r.choice([*DEPTHS, *extra])


def _controls(r: random.Random) -> dict[str, Any]:
    """Nested if/with/range, each level opened and closed."""
    n = _depth(r)
    style = r.choice(["if", "with", "if-with", "range", "if-else", "with-var"])
    data: Any = 1
    if style == "if":
        opens, leaf = ["{{if 1}}"] * n, "x"
    elif style == "with":
        opens, leaf, data = ["{{with .}}"] * n, "{{.}}", r.choice([1, "s", [1]])
    elif style == "if-with":
        opens, leaf = [r.choice(["{{if .}}", "{{with .}}", "{{if not 0}}"]) for _ in range(n)], "."
    elif style == "range":
        n = min(n, MAX_DATA_DEPTH)
        opens, leaf, data = ["{{range .}}"] * n, "{{.}}", nest(7, n)
    elif style == "if-else":
        opens = ["{{if 0}}{{else}}" if i % 2 else "{{if 1}}a" for i in range(n)]
        leaf = "x"
    else:
        opens = [f"{{{{with $v{i % 50} := .}}}}" for i in range(n)]
        leaf = "{{$v0}}{{$v0 = 2}}{{$v0}}"
    text = "".join(opens) + leaf + "{{end}}" * n
    return exec_case(f"controls/{style}/{n}", text, data_mode="json_int", data=data)


def _chain(r: random.Random) -> dict[str, Any]:
    """An else-if or else-with chain of n branches; the data picks one near the end."""
    n = _depth(r, (165, 300))
    pick = r.choice([n - 1, n, n // 2, 0])
    if r.random() < 0.5:
        arms = "".join(f"{{{{else if eq . {i}}}}}{i}" for i in range(1, n))
        text = "{{if eq . 0}}0" + arms + "{{else}}none{{end}}"
        data: Any = pick
        style = "else-if"
    else:
        arms = "".join(f"{{{{else with .k{i}}}}}{{{{.}}}}" for i in range(1, n))
        text = "{{with .k0}}{{.}}" + arms + "{{else}}none{{end}}"
        data = {f"k{pick}": f"hit{pick}"}
        style = "else-with"
    return exec_case(f"chain/{style}/{n}", text, data_mode="json_int", data=data)


def _parens(r: random.Random) -> dict[str, Any]:
    """Nested parentheses and nested calls, up to and past Go's 10,000 parse limit."""
    n = _depth(r, (140, 330, 9999, 10000, 10001))
    style = r.choice(["paren", "print", "not", "len-print", "pipe", "mixed"])
    if style == "paren":
        text = "{{print " + "(" * n + "1" + ")" * n + "}}"
    elif style == "print":
        text = "{{" + "print (" * n + '"x"' + ")" * n + "}}"
    elif style == "not":
        text = "{{" + "not (" * n + "true" + ")" * n + "}}"
    elif style == "len-print":
        text = "{{len (" + "print (" * n + "1" + ")" * n + ")}}"
    elif style == "pipe":
        text = "{{1" + " | print" * n + "}}"
    else:
        inner = "."
        for _ in range(n):
            inner = r.choice(["(print {})", "(or {} 0)", "(and 1 {})", "({})"]).format(inner)
        text = "{{print " + inner + "}}"
    return exec_case(f"parens/{style}/{n}", text, data_mode="json_int", data=r.choice([1, "d"]))


def _data(r: random.Random) -> dict[str, Any]:
    """Data nested n levels through printing, printf, toJson, eq, len and index."""
    n = min(_depth(r, (100, 400, 505)), MAX_DATA_DEPTH)
    shape = r.choice(["list", "mixed", "map"])
    rr = r if shape == "mixed" else None
    leaf = r.choice([1, "s", None, 2.5, True])
    data = nest(leaf, n, rr) if shape != "map" else _nest_map(leaf, n)
    action = r.choice(
        [
            "{{.}}",
            '{{printf "%v" .}}',
            '{{printf "%#v" .}}',
            '{{printf "%+v|%T" . .}}',
            "{{toJson .}}",
            "{{eq . .}}",
            "{{print . 1}}",
            "{{len .}}|{{index . 0}}",
            "{{with .}}{{toJson (index . 0)}}{{end}}",
            "{{html .}}",
        ]
    )
    if "index" in action and shape == "map":
        action = '{{len .}}|{{index . "k"}}'
    action_name = action.split()[0].strip("{") or "dot"
    return exec_case(
        f"data/{shape}/{action_name}/{n}", action, funcs="test", data_mode="json", data=data
    )


def _nest_map(leaf: Any, depth: int) -> Any:
    value = leaf
    for _ in range(depth):
        value = {"k": value}
    return value


def _recursion(r: random.Random) -> dict[str, Any]:
    """{{template}} recursion a few thousand deep, direct or mutual."""
    n = r.choice([50, 200, 1000, 3000, 5000])
    style = r.choice(["count", "mutual", "slice", "nested"])
    if style == "count":
        text = (
            '{{define "r"}}{{if gt . 0}}({{template "r" (add . -1)}}){{else}}0{{end}}{{end}}'
            '{{template "r" .}}'
        )
        data: Any = n
    elif style == "mutual":
        text = (
            '{{define "a"}}{{if gt . 0}}a{{template "b" (add . -1)}}{{end}}{{end}}'
            '{{define "b"}}{{if gt . 0}}b{{template "a" (add . -1)}}{{end}}{{end}}'
            '{{template "a" .}}'
        )
        data = n
    elif style == "nested":
        text = (
            '{{define "r"}}{{with .}}{{range $i := 1}}{{if gt $ 0}}{{print $i}}'
            '{{template "r" (add $ -1)}}{{end}}{{end}}{{else}}end{{end}}{{end}}{{template "r" .}}'
        )
        data = n
    else:
        n = min(n, 1000)  # slicing a list per level is quadratic for Go as well
        text = (
            '{{define "r"}}{{with .}}{{len .}},{{template "r" (slice . 1)}}{{end}}{{end}}'
            '{{template "r" .}}'
        )
        data = list(range(n))
    return exec_case(f"recursion/{style}/{n}", text, funcs="test", data_mode="json_int", data=data)


def _vars(r: random.Random) -> dict[str, Any]:
    """Variables declared and assigned at every level of a deep nest, read at the bottom."""
    n = _depth(r)
    opens = []
    for i in range(n):
        opens.append(
            r.choice(
                [
                    f"{{{{$x := {i}}}}}{{{{if 1}}}}",
                    f"{{{{with $x := {i}}}}}",
                    "{{range $i, $e := $}}",
                    f"{{{{$x = {i}}}}}{{{{if 1}}}}",
                ]
            )
        )
    text = "{{$x := -1}}" + "".join(opens) + "{{$x}}" + "{{end}}" * n + "{{$x}}"
    return exec_case(f"vars/{n}", text, data_mode="json_int", data=[1])


SHAPES = [_controls, _chain, _parens, _data, _recursion, _vars]


def deep_case(r: random.Random) -> dict[str, Any]:
    """One deeply nested template or datum (Go answers every one without a limit)."""
    return r.choice(SHAPES)(r)
