"""Error injection: one failing step after partial output, compared with Go's error and partial.

Missing keys under every missingkey option, nil pointers (Flipt's nil payload, typed Go nils),
arguments of the wrong type or count, calls of things that are not functions, undefined
templates, failing and panicking functions, bad range operands, uncomparable values, and
`slice` bounds against a JSON-decoded list's capacity. Each failure may come after output,
inside a range or a template call, so Go's `partial` output is compared too.
"""

from __future__ import annotations

import random
from typing import Any

from conformance.adversarial.common import exec_case
from conformance.adversarial.flipt import event

__all__ = ["fault_case"]

MISSINGKEY = [
    None, "missingkey=default", "missingkey=invalid", "missingkey=zero", "missingkey=error",
]  # fmt: skip
MISSING = [
    "{{.missing}}", "{{.m.missing}}", "{{.missing.x}}", '{{index . "missing"}}',
    "{{with .missing}}x{{else}}y{{end}}", '{{printf "%v|%T" .missing .m.zz}}', "{{$.missing}}",
    "{{range .missing}}r{{else}}none{{end}}", "{{.n.missing}}", "{{eq .missing .m.zz}}",
    "{{.m.missing.deeper}}", "{{len .missing}}", "{{print .missing}}", "{{.l.missing}}",
    '{{index .m "zz"}}', "{{.missing | print}}", "{{not .missing}}", "{{and .missing 1}}",
]  # fmt: skip
WRONG_ARGS = [
    "{{len 3}}", "{{index 1 2}}", '{{index .l "a"}}', "{{index .m 1}}", '{{slice "abc" 2 1}}',
    "{{slice .l 1 5}}", "{{slice .l 0 4}}", "{{slice .l 2 3 4}}", "{{slice .l 0 3 4}}",
    "{{slice .e 0 1}}", "{{slice .l 3}}", "{{slice .l 4}}", "{{index .l -1}}", "{{index .l 3}}",
    "{{index .l 1.5}}", "{{printf}}", '{{add "a" 1}}', "{{add 1.5 1}}", "{{add .f 1}}",
    "{{add 1}}", "{{not}}", "{{eq}}", "{{eq 1}}", '{{lt 1 "a"}}', "{{lt .l .l}}",
    "{{eq .l .l}}", "{{eq .m .m}}", "{{ne .l 1}}", "{{eq .n .n}}", "{{eq . .}}",
    '{{eq .m.a 1 "x"}}', "{{lt .t .t}}", "{{call .s}}", "{{call nil}}", "{{html}}",
    "{{len .n}}", "{{index .n 0}}", "{{slice .n}}", "{{urlquery .m}}", "{{js .l}}",
    "{{seq 3.5}}", "{{typeOf}}", "{{index .s 1}}", "{{index .s 9}}", '{{slice "héllo" 1 2}}',
]  # fmt: skip
NON_FUNCS = [
    "{{.s 1}}", "{{1 2}}", '{{"x" 1}}', "{{$x := 1}}{{$x 2}}", "{{. 1}}", "{{nil}}",
    "{{(1) 2}}", "{{.l.x}}", "{{.s | .s}}", "{{1 | .m.a}}", "{{print | 1}}", "{{.m.a.b}}",
    "{{true 1}}", "{{.t.x}}", "{{$.s.x}}", "{{(.s) 1}}", "{{.m 1}}", "{{1 | $}}",
]  # fmt: skip
TEMPLATES = [
    '{{template "nope"}}', '{{template "nope" .}}',
    '{{define "a"}}{{template "b"}}{{end}}{{template "a"}}',
    '{{define "a"}}A{{.s.x}}{{end}}pre{{template "a" .}}post',
    '{{block "b" .}}[{{.m.a.b}}]{{end}}',
]  # fmt: skip
FUNCS = ["{{fail}}", "{{die}}", '{{print "a" (fail)}}', "{{die | print}}", "{{add (fail) 1}}"]
RANGES = [
    "{{range 1.5}}{{end}}", "{{range $i, $e := 3}}{{end}}", "{{range .s}}{{end}}",
    "{{range .t}}{{end}}", "{{range $i, $e := seq 2}}{{end}}", "{{range .m.a}}{{end}}",
    "{{range -1}}x{{end}}", "{{range .f}}{{.}}{{end}}", "{{range $k, $v := .m}}{{$v.x}}{{end}}",
]  # fmt: skip
GO_NILS = [
    ("go:nilP", "{{.Name}}"), ("go:nilP", "{{.PtrM}}"), ("go:P", "{{.Nilp.V}}"),
    ("go:P", "{{.Inner.V}}|{{.Nilp}}"), ("go:P", "{{.Any.x}}"), ("go:P", "{{.Two}}"),
    ("go:P", '{{.Hello 1}}'), ("go:P", "{{.Hello}}"), ("go:P", '{{.Hello "a" "b"}}'),
    ("go:P", "{{.priv}}"), ("go:P", "{{call .F 2}}|{{call .F}}"), ("go:nilT", "{{.X}}"),
    ("go:P", "{{eq . .}}"), ("go:P", "{{eq .Inner .Inner}}"), ("go:PP", "{{eq . .}}"),
]  # fmt: skip
FLIPT_NILS = [
    "{{.Payload.key}}", "{{.Payload.key.x}}", "{{.Metadata.Actor.Email.X}}",
    "{{index .Payload 0}}", "{{len .Payload}}", "{{range .Payload}}{{.}}{{end}}",
    "{{.Payload.key | toJson}}", "{{.Metadata.Nope}}", "{{.Status.X}}", "{{toJson .Payload.a.b}}",
    "{{eq . .}}", "{{ne $ .}}", "{{eq .Payload .Payload}}", "{{eq .Metadata .Metadata}}",
]  # fmt: skip
PREFIXES = [
    "head ", "{{.s}} ", "{{range .l}}{{.}},{{end}} ", "{{with .m}}{{.a}}{{end}}|", "é\n",
    '{{printf "%05d" 42}}', "{{$v := 9}}{{$v}}", "",
]  # fmt: skip


FLIPT_PREFIXES = ["", "{{.Type}}:{{.Action}} ", "{{with .Metadata.Actor}}{{.IP}}{{end}}|"]


def _data(r: random.Random) -> dict[str, Any]:
    return {
        "s": "str",
        "l": r.choice([[1, 2, 3], [1, 2], [1, 2, 3, 4, 5], ["a"]]),
        "m": r.choice([{"a": 1}, {"a": {"b": 2}}, {}]),
        "n": None,
        "t": True,
        "f": 1.5,
        "e": [],
    }


def _wrap(r: random.Random, failing: str, over: str = ".l", prefixes: list[str] = PREFIXES) -> str:
    """The failing action after some output, sometimes inside a range, a with or an if."""
    where = r.choice(["plain", "plain", "range", "with", "if"])
    if "{{define" in failing:
        where = "plain"  # define is only legal at the top level
    if where == "range":
        head = "{{range $i, $x := " + over + "}}{{$i}}{{if $i}}"
        failing = head + failing + "{{end}}{{end}}"
    elif where == "with":
        failing = "{{with $}}" + failing + "{{end}}"
    elif where == "if":
        failing = "{{if $}}in:" + failing + "{{else}}no{{end}}"
    return r.choice(prefixes) + failing + r.choice(["", " tail", "{{print 1}}"])


def fault_case(r: random.Random) -> dict[str, Any]:
    """One template that fails (or nearly fails) at a known step."""
    group = r.choice(["missing", "args", "nonfunc", "template", "funcs", "range", "nil", "flipt"])
    mode = r.choice(["json", "json_int"])
    if group == "missing":
        opt = r.choice(MISSINGKEY)
        text = _wrap(r, r.choice(MISSING))
        data: Any = _data(r) if r.random() < 0.85 else None
        return exec_case(
            f"missing/{opt or 'unset'}", text, options=[opt] if opt else None,
            funcs="test", data_mode=mode, data=data,
        )  # fmt: skip
    if group == "nil":
        fixture, text = r.choice(GO_NILS)
        text = _wrap(r, text, over="$.Tags", prefixes=["", "head ", "é\n"])
        return exec_case(f"nil/{fixture}", text, data_mode=fixture)
    if group == "flipt":
        ev = event(r, action="read") if r.random() < 0.7 else event(r)
        return exec_case(
            "flipt-nil", _wrap(r, r.choice(FLIPT_NILS), ".Payload", FLIPT_PREFIXES),
            name="", funcs="flipt", data_mode="flipt_event", data=ev,
        )  # fmt: skip
    pool = {
        "args": WRONG_ARGS,
        "nonfunc": NON_FUNCS,
        "template": TEMPLATES,
        "funcs": FUNCS,
        "range": RANGES,
    }[group]
    snippet = r.choice(pool)
    label = snippet.strip("{}").split()[0].strip("{}.$") or "x"
    return exec_case(
        f"{group}/{label}", _wrap(r, snippet), funcs="test", data_mode=mode, data=_data(r)
    )
