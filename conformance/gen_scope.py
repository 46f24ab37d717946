"""Cases for variable scope and for nesting: where Go's variable stack puts each variable, and
templates nested as deep as Go runs them.

exec_scope: declarations in range else lists, in if/with bodies and else lists, in
parenthesized arguments and in and/or arguments (evaluated or not); reassignment at depth;
variables read where no declaration put them (Go's run-time `undefined variable`, at the
variable's node); `$` redeclared. exec_nesting: if/with/range/else-if/else-with chains,
parentheses and {{template}} recursion at depths far past Python's recursion limit, each
with an error at the bottom too, so the error's place is checked at depth.
"""

from __future__ import annotations

from typing import Any

from conformance.gen_common import Ids, case

_E = {"e": [], "l": [1, 2], "m": {"k": "v"}, "t": True, "f": False}

SCOPE: list[tuple[str, Any]] = [
    # A range's else list declares; later declarations keep their own slots.
    ('{{range .e}}{{else}}{{$y := "Y"}}{{end}}{{$a := 2}}{{$a}}', _E),
    ('{{range .l}}{{else}}{{$y := "Y"}}{{end}}{{$a := 2}}{{$a}}', _E),
    ("{{range $i, $x := .e}}{{else}}{{$y := 1}}{{$z := 2}}{{$z}}{{end}}{{$a := 3}}{{$a}}", _E),
    (
        '{{$c := "good"}}{{range .e}}{{$c = "x"}}{{else}}{{$note := "none"}}{{end}}'
        '{{$color := "warn"}}{{$c}} {{$color}}',
        _E,
    ),
    ("{{range .l}}{{$in := .}}{{else}}{{$e := 0}}{{end}}{{$after := 9}}{{$after}}", _E),
    ('{{with .f}}{{else}}{{$w := "W"}}{{$w}}{{end}}{{$a := 1}}{{$a}}', _E),
    ('{{if .t}}{{$i := "I"}}{{end}}{{$a := 1}}{{$a}}', _E),
    ('{{if .f}}{{else}}{{$i := "I"}}{{$i}}{{end}}{{$a := 1}}{{$a}}', _E),
    ("{{if .t}}{{else if $z := .m}}{{$z}}{{end}}{{$a := 1}}{{$a}}", _E),
    ("{{if .f}}{{else if $z := .m}}{{$z.k}}{{$q := 2}}{{end}}{{$a := 1}}{{$a}}", _E),
    # Declarations inside parenthesized arguments are pushed and stay.
    ("{{print ($y := 1)}}{{$a := 2}}{{$a}}{{$y}}", _E),
    ("{{print ($y := 1) ($z := 2)}}{{$a := 3}}{{$a}}{{$y}}{{$z}}", _E),
    ("{{if (print ($y := 1))}}{{$y}}{{end}}{{$a := 2}}{{$a}}", _E),
    ("{{range $i := (len ($n := .l))}}{{$n}}{{$i}}{{end}}{{$a := 2}}{{$a}}", _E),
    ('{{template "T" ($y := 5)}}{{$y}}{{$a := 2}}{{$a}}{{define "T"}}[{{.}}]{{end}}', _E),
    ("{{$x := (print ($x := 1) 2)}}{{$x}}", _E),
    ("{{print (print ($y := 1))}}{{$y}}{{$a := 2}}{{$a}}", _E),
    ('{{with $w := (print ($v := "V"))}}{{$v}}{{$w}}{{end}}{{$a := 1}}{{$a}}', _E),
    # and/or declare only in the arguments they evaluate.
    ("{{$x := 5}}{{and false ($x := 1)}}{{$x}}", _E),
    ("{{$x := 5}}{{and true ($x := 1)}}{{$x}}", _E),
    ("{{$x := 5}}{{or true ($x := 1)}}{{$x}}", _E),
    ("{{$x := 5}}{{or false ($x := 1)}}{{$x}}", _E),
    ("{{$x := 5}}{{and ($y := 0) ($x := 1)}}{{$y}}{{$x}}{{$z := 7}}{{$z}}", _E),
    ("{{and false ($x := 1)}}{{$x}}", _E),
    ("{{or .t ($x := 1)}}{{$x}}", _E),
    ("{{$a := 1}}{{if and .f ($b := 2)}}{{end}}{{$c := 3}}{{$a}}{{$c}}", _E),
    ("{{$a := 1}}{{and .t ($b := 2)}}{{$c := 3}}{{$a}}{{$b}}{{$c}}", _E),
    ("{{$v := 0}}{{range .l}}{{or (eq . 1) ($v = .)}}{{end}}{{$v}}", _E),
    # Reassignment at depth, and variables shadowed and seen again.
    (
        "{{$x := 0}}{{range .l}}{{if .}}{{with .}}{{$x = .}}{{end}}{{end}}{{end}}{{$x}}",
        _E,
    ),
    ("{{$x := 1}}{{if .t}}{{$x := 2}}{{$x}}{{end}}{{$x}}", _E),
    ("{{$x := 1}}{{range .l}}{{$x := .}}{{$x}}{{end}}{{$x}}", _E),
    ("{{$x := 1}}{{range $x := .l}}{{$x}}{{end}}{{$x}}", _E),
    ("{{$i := 0}}{{$x := 0}}{{range $i, $x = .l}}{{end}}{{$i}}{{$x}}", _E),
    ("{{$ := 5}}{{$}}{{with .m}}{{$}}{{end}}", _E),
    ("{{with $ := .m}}{{$.k}}{{end}}{{$.l}}", _E),
    # Variables no declaration put on the stack there: Go's run-time error, at the variable.
    ("{{if false}}{{$x := 1}}{{else}}{{$x}}{{end}}", _E),
    ("{{if .f}}{{$x := 1}}{{else}}{{$x.a}}{{end}}", _E),
    ("{{with .f}}{{$x := 1}}{{else}}{{print $x}}{{end}}", _E),
    ("{{range .l}}{{$x := 1}}{{else}}{{$x}}{{end}}ok", _E),
    ("{{range .e}}{{$x := 1}}{{else}}{{$x}}{{end}}", _E),
    ("{{$x := $x}}", _E),
    ("{{$x := print $x}}", _E),
    ("{{if .f}}{{$x := 1}}{{else}}{{$x = 2}}{{end}}", _E),
    ("{{if .f}}{{$x := 1}}{{else}}{{len $x}}{{end}}", _E),
    ("{{if .f}}{{$x := 1}}{{else}}{{$x | print}}{{end}}", _E),
    ("{{if .f}}{{$x := .l}}{{else}}{{range $x}}{{end}}{{end}}", _E),
    ("{{if .f}}{{$x := 1}}{{else}}{{if $x}}{{end}}{{end}}", _E),
    ("a{{range .l}}b{{$x := .}}{{end}}{{if .f}}{{$x := 1}}{{else}}c{{$x}}{{end}}", _E),
    # A break or continue inside a nested statement that declared: the iteration (or the
    # range) still pops everything declared inside it, as Go's deferred pop does.
    ("{{range $e := .l}}{{if eq $e 1}}{{$y := 1}}{{continue}}{{end}}{{$e}}{{end}}", _E),
    ("{{range .l}}{{if .}}{{$y := 1}}{{break}}{{end}}{{end}}{{$z := 2}}{{$z}}", _E),
    (
        "{{range .e}}{{else}}{{range .l}}{{if 1}}{{$y := 1}}{{break}}{{end}}{{end}}{{end}}"
        "{{$z := 2}}{{$z}}",
        _E,
    ),
    (
        "{{range $x := .l}}{{with $x}}{{$y := 5}}{{if eq $x 1}}{{continue}}{{end}}{{$y}}"
        "{{end}}{{$x}}{{end}}{{$z := 7}}{{$z}}",
        _E,
    ),
    (
        "{{range $i, $e := .l}}{{if eq $e 1}}{{$y := `raw`}}{{continue}}{{else}}"
        "{{$y := ($e)}}{{$y}}{{break}}{{end}}{{end}}{{$e := 3}}{{$e}}",
        _E,
    ),
    (
        "{{range $x := .l}}{{range $.e}}{{else}}{{with $x}}{{$w := 1}}{{continue}}{{end}}{{end}}"
        "{{$x}}{{end}}{{$z := 2}}{{$z}}",
        _E,
    ),
]


def scope_cases() -> list[dict[str, Any]]:
    ids = Ids()
    out = []
    for text, data in SCOPE:
        out.append(case(ids("scope"), "exec", text, data_mode="json_int", data=data))
    return out


def _nested(depth: int, open_: str, body: str, close: str = "{{end}}") -> str:
    return open_ * depth + body + close * depth


def nesting_cases() -> list[dict[str, Any]]:
    """Each form at depths past Python's default recursion limit (1000), with and without an
    error at the bottom. (Data this deep is the fmt and json suites' business: Python's own
    json module cannot write or read it.)"""
    ids = Ids()
    out = []
    for depth in (300, 1500):
        forms = {
            "if": (_nested(depth, "{{if 1}}", "x{{.}}"), 7),
            "with": (_nested(depth, "{{with .}}", "{{.}}"), 7),
            "range": (_nested(depth, "{{range $.one}}", "{{.}}"), {"one": [1]}),
            "if-else": (_nested(depth, "{{if 0}}{{else}}", "{{.}}"), 7),
            "if-decl": (_nested(depth, "{{if 1}}{{$x := 1}}", "{{$x}}{{$}}"), 7),
            "else-if": ("{{if 0}}" + "{{else if 0}}" * depth + "{{else}}z{{.}}{{end}}", 7),
            "else-with": ("{{with 0}}" + "{{else with 0}}" * depth + "{{else}}w{{end}}", 7),
            "parens": ("{{" + "(" * depth + ".)" + ")" * (depth - 1) + "}}", 7),
            "print": ("{{" + "print (" * depth + "." + ")" * depth + "}}", 7),
            "len": ("{{" + "len (print (" * (depth // 2) + "." + "))" * (depth // 2) + "}}", 7),
        }
        for name, (text, data) in forms.items():
            out.append(case(ids(f"{name}-{depth}"), "exec", text, data_mode="json_int", data=data))
            failing = text.replace("{{.}}", "{{.x}}", 1) if "{{.}}" in text else None
            if name in ("parens", "print", "len"):
                failing = text.replace("(.", "(.x", 1).replace("( .", "(.x", 1)
            if failing is not None and failing != text:
                out.append(
                    case(
                        ids(f"{name}-{depth}-error"),
                        "exec",
                        failing,
                        data_mode="json_int",
                        data=data,
                        options=["missingkey=error"] if name != "range" else None,
                    )
                )
    recursion = '{{define "R"}}{{if .}}{{len .}}{{template "R" (slice . 1)}}{{end}}{{end}}'
    for depth in (200, 1200):
        out.append(
            case(
                ids(f"template-recursion-{depth}"),
                "exec",
                recursion + '{{template "R" .}}',
                data_mode="json_int",
                data=list(range(depth)),
            )
        )
    runaway = '{{define "R"}}.{{template "R" .}}{{end}}{{template "R" .}}'
    out.append(case(ids("template-runaway"), "exec", runaway, data_mode="json_int", data=1))
    return out
